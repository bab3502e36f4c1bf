"""The name engine: a lexicon compiled into matchers, and field text into findings.

``Engine(data, similarity)`` is built once per lexicon version (aside, then
swapped in by :class:`service.lexicon.manager.LexiconManager`) and is immutable,
so any number of threads may call :meth:`Engine.screen_text` concurrently.

Rules that turn raw hits into findings (each driven by lexicon data):

- a named entity (name, alias, abbreviation) counts wherever it appears, unless it
  lies inside an allowlisted phrase (新华书店) or is flagged ``common_word``;
- a division counts by its full name; by its short name when that is not an
  ordinary word, not shared by several divisions and at least prefecture level;
  otherwise only with context: an organ, media or local-information word next to
  it (河南卫健, 平安北京, 南阳日报, 四川本地). An address word after it (宝山路)
  cancels a bare place name;
- region + organ/media patterns make composite entities without enumerating the
  cross product (河南 + 卫健 → 河南省卫生健康委员会);
- military unit words (部队, 指挥部) count after a military name, a region, 中国
  or a number.
"""
from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass

import ahocorasick
from pypinyin import Style, lazy_pinyin

from service.domain.models import (DISGUISE_TECHNIQUES, Category, Claim, Decision, Field, Finding,
                                   Substitution, Technique)
from service.lexicon.model import Division, Entity, LexiconData, OrganPattern
from service.lexicon.similarity import CharSimilarity
from service.text.claims import ClaimDetector
from service.text.matcher import Hit, Surface, SurfaceMatcher
from service.text.normalize import MIXED, Normalized, Normalizer

_LEVEL_RANK = {"province": 3, "prefecture": 2, "county": 1}
_MIN_PINYIN_LETTERS = 6
#: How far before a military unit word (部队, 指挥部) its owner may stand.
_UNIT_LOOKBACK = 6


@dataclass(frozen=True)
class _Target:
    category: Category
    name: str
    entity: Entity | None = None
    division: Division | None = None
    closed: bool = False


def _by_first_char(cues: set[str]) -> dict[str, tuple[str, ...]]:
    """Cue words grouped by their first character, longest first."""
    out: dict[str, list[str]] = defaultdict(list)
    for c in sorted(cues, key=len, reverse=True):
        out[c[0]].append(c)
    return {k: tuple(v) for k, v in out.items()}


def _is_cjk_text(s: str) -> bool:
    return bool(s) and all("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in s)


class Engine:
    def __init__(self, data: LexiconData, similarity: CharSimilarity, normalizer: Normalizer | None = None):
        self.data = data
        self.version = data.version
        self.similarity = similarity
        self.normalizer = normalizer or Normalizer(similarity.variants, similarity.confusables)
        norm = lambda s: self.normalizer.normalize(s).text  # noqa: E731
        self._targets: dict[str, _Target] = {}
        surfaces: list[Surface] = []
        pending_order: list[int] = []
        pinyin: dict[str, list[Surface]] = defaultdict(list)
        initials: dict[str, list[Surface]] = defaultdict(list)

        def add(text: str, target: str, kind: str, fuzzy: bool, spell: bool = False, initial: bool = False):
            key = norm(text)
            # a name that folds to a bare two-character word (南方+ → 南方) names nothing
            if not key or (len(key) <= 2 and len(key) < len(text) and _is_cjk_text(key)):
                return
            cjk = _is_cjk_text(key)
            fuzzy = fuzzy and len(key) >= 3 and cjk
            # each character's reading in this name (长 in 长沙 is chang): homophones and pinyin
            syllables = [p.replace("ü", "v") for p in lazy_pinyin(key, style=Style.NORMAL)] \
                if cjk and (fuzzy or spell) else []
            readings = tuple(syllables) if fuzzy and len(syllables) == len(key) else ()
            s = Surface(key, target, kind, fuzzy, text, readings)
            if fuzzy:
                pending_order.append(len(surfaces))
            surfaces.append(s)
            if spell and syllables:
                letters = "".join(syllables)
                if len(letters) >= _MIN_PINYIN_LETTERS:
                    pinyin[letters].append(s)
                if initial and len(key) >= 4:
                    initials["".join(p[0] for p in syllables)].append(s)

        for ent in data.entities.values():
            self._targets[ent.id] = _Target(ent.category, ent.name, entity=ent)
            common = "common_word" in ent.flags
            add(ent.name, ent.id, "name", not common, spell=True, initial=True)
            for a in ent.aliases:
                add(a, ent.id, "alias", not common, spell=True)
            for a in ent.abbreviations:
                add(a, ent.id, "abbreviation", not common and len(a) >= 3, spell=len(a) >= 3)
        for key, div in data.divisions.items():
            self._targets[key] = _Target(Category.REGION, div.name, division=div)
            upper = div.level != "county"
            # lookalikes of a full name only when the name is long: in 包头市 a swap would fall
            # on the short name or the generic 市 (包头巾 is a headscarf)
            add(div.name, key, "region_full", upper and div.status == "current" and len(div.name) >= 4,
                spell=upper)
            if div.short_name != div.name and len(div.short_name) >= 2:
                add(div.short_name, key, "region_short", False, spell=upper and "common_word" not in div.flags)
            for a in div.aliases:  # 内蒙, 北平, 川, 沪: other names, only counted next to an organ word
                add(a, key, "region_alias", False)
        for closed in data.closed:
            self._targets[closed.id] = _Target(Category.CLOSED_ACCOUNT, closed.name, closed=True)
            add(closed.name, closed.id, "closed", True, spell=True)
        # compare the rarest characters of a name first: a window that is not this name
        # then fails on its first comparison
        char_df = Counter(c for s in surfaces for c in set(s.text))
        for i in pending_order:
            s = surfaces[i]
            order = tuple(sorted(range(len(s.text)), key=lambda k: (char_df[s.text[k]], k)))
            surfaces[i] = dataclasses.replace(s, order=order)
        self.matcher = SurfaceMatcher(surfaces, similarity, dict(pinyin), dict(initials))

        self._organs = ahocorasick.Automaton()
        organ_keys: dict[str, list[OrganPattern]] = defaultdict(list)
        for p in data.patterns:
            k = norm(p.pattern)
            if k:
                organ_keys[k].append(p)
        for k, group in organ_keys.items():
            self._organs.add_word(k, (k, tuple(group)))
        self._has_organs = bool(organ_keys)
        if self._has_organs:
            self._organs.make_automaton()

        self._allow = ahocorasick.Automaton()
        allow_keys = {norm(p) for p, _ in data.allowlist} - {""}
        for k in allow_keys:
            self._allow.add_word(k, len(k))
        self._has_allow = bool(allow_keys)
        if self._has_allow:
            self._allow.make_automaton()
        self._address = _by_first_char({norm(c) for c in data.address_cues} - {""})
        self._straddle = _by_first_char({norm(c) for c in data.straddle_cues} - {""})
        self.claims = ClaimDetector(data.claims, data.claim_contexts, self.normalizer.normalize)
        self._words = frozenset(w for w in data.words if len(w) == 2)
        self._long_words = ahocorasick.Automaton()
        for w in data.words:
            if len(w) > 2:
                self._long_words.add_word(w, len(w))
        self._has_long_words = len(self._long_words) > 0
        if self._has_long_words:
            self._long_words.make_automaton()
        self._military_ids = {e.id for e in data.entities.values() if e.category is Category.MILITARY}

    # ------------------------------------------------------------------ public API
    def owners_of(self, entity_id: str) -> frozenset[str]:
        return self.data.owners.get(entity_id, frozenset())

    def screen_text(self, field: Field, text: str) -> list[Finding]:
        """Findings for one field's text (offsets are code points into ``text``)."""
        if not text:
            return []
        norm = self.normalizer.normalize(text)
        return self._findings(field, norm)

    def screen_field(self, field: Field, text: str) -> tuple[list[Finding], list[Claim]]:
        """Findings and professional claims of one field, from one normalisation."""
        if not text:
            return [], []
        norm = self.normalizer.normalize(text)
        return self._findings(field, norm), self._claims(field, norm)

    def _claims(self, field: Field, norm: Normalized) -> list[Claim]:
        text = norm.original
        out = []
        for h in self.claims.detect(norm.text):
            s, e = norm.span(h.start, h.end)
            out.append(Claim(field, h.domain, text[s:e], s, e))
        return out

    # ------------------------------------------------------------------ internals
    def _findings(self, field: Field, norm: Normalized) -> list[Finding]:
        t = norm.text
        if not t:
            return []
        exact = self.matcher.exact(t)
        hits = exact + self.matcher.fuzzy(t, exact, norm.unfolded) + self.matcher.pinyin(t)
        hits = [h for h in hits if self._latin_bounded(t, h)]
        organs = self._organ_hits(t)
        allowed = self._allowed_spans(t)
        candidates: list[tuple[Hit, _Target, int, int, str, str, Category]] = []
        # (hit, target, start, end, entity_id, entity_name, category)
        for h in hits:
            target = self._targets[h.surface.target]
            if target.division is not None:
                candidates.extend(self._region_candidates(t, h, target, organs))
                continue
            if target.entity is not None and "common_word" in target.entity.flags and not h.alignment:
                if not self._organ_next_to(organs, h.start, h.end):
                    continue
            if not h.alignment and not h.pinyin and self._straddles(t, h.end):
                continue
            # an alias that is a full name in its own right (新华社 for 新华通讯社) is reported as written
            name = h.surface.display if h.surface.kind == "alias" and _is_cjk_text(h.surface.display) else target.name
            candidates.append((h, target, h.start, h.end, h.surface.target, name, target.category))
        candidates.extend(self._unit_candidates(t, hits, organs))
        kept = self._resolve([c for c in candidates if not self._inside_allowed(allowed, c[2], c[3])])
        return [self._finding(field, norm, *c) for c in kept]

    def _latin_bounded(self, t: str, h: Hit) -> bool:
        if h.pinyin or not h.surface.text.isascii():
            return True
        before = t[h.start - 1] if h.start > 0 else ""
        after = t[h.end] if h.end < len(t) else ""
        return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())

    def _organ_hits(self, t: str) -> list[tuple[int, int, tuple[OrganPattern, ...]]]:
        if not self._has_organs:
            return []
        return [(end - len(k) + 1, end + 1, group) for end, (k, group) in self._organs.iter(t)]

    def _allowed_spans(self, t: str) -> list[tuple[int, int]]:
        if not self._has_allow:
            return []
        return [(end - n + 1, end + 1) for end, n in self._allow.iter(t)]

    @staticmethod
    def _inside_allowed(spans, start, end) -> bool:
        return any(s <= start and end <= e for s, e in spans)

    def _inside_word(self, t: str, start: int, end: int) -> bool:
        """A bare place name whose edge character makes an ordinary word with its neighbour
        (德阳|光 → 阳光, 平|安顺 → 平安, 泰安|全 → 安全), or that lies inside a longer
        ordinary word (长治久安, 大理石), was not written as the place."""
        words = self._words
        if (end < len(t) and t[end - 1:end + 1] in words) or (start > 0 and t[start - 1:start + 1] in words):
            return True
        if self._has_long_words:
            lo, hi = max(0, start - 3), min(len(t), end + 3)
            for e, n in self._long_words.iter(t, lo, hi):
                s = e - n + 1
                if s <= start and end <= e + 1 and n > end - start:
                    return True
        return False

    def _straddles(self, t: str, end: int) -> bool:
        """The name's last character begins an ordinary word (长城网|络, 医师报|名)."""
        return end < len(t) and any(t.startswith(c, end - 1) for c in self._straddle.get(t[end - 1], ()))

    @staticmethod
    def _organ_next_to(organs, start, end) -> bool:
        return any(os == end or oe == start for os, oe, _ in organs)

    def _region_candidates(self, t, h: Hit, target: _Target, organs):
        div = target.division
        assert div is not None
        out = []
        short = h.surface.kind in ("region_short", "region_alias")
        rank = _LEVEL_RANK[div.level]
        # an ordinary word (平安, 长寿) needs a strong organ word next to it: 平安生活 and
        # 健康长寿 are not government accounts
        # a one-character province abbreviation (川, 沪) counts only before a strong organ word
        strict = short and ("common_word" in div.flags or len(h.surface.text) == 1)
        for os_, oe, group in organs:
            for p in group:
                if strict and "weak" in p.flags:
                    continue
                if p.position == "suffix" and os_ != h.end:
                    continue
                if p.position == "prefix" and oe != h.start:
                    continue
                if rank < _LEVEL_RANK.get(p.min_level, 1):
                    continue
                # a pattern written after short names (河南卫健) is also official after the full
                # name (河南省卫健委); one that needs the full name (宝山区…) does not take a short one
                if p.region_form == "full" and short:
                    continue
                if "unit_cue" in p.flags:
                    continue  # handled with military names
                start, end = min(h.start, os_), max(h.end, oe)
                if "local_cue" in p.flags or p.category is Category.REGION:
                    out.append((h, target, start, end, div.entity_id, div.name, Category.REGION))
                elif p.category is Category.NEWS_MEDIA:
                    name = div.short_name + p.canonical
                    out.append((h, target, start, end, f"{div.entity_id}+{p.canonical}", name, p.category))
                else:
                    name = (p.canonical.replace("{region}", div.name) if "{region}" in p.canonical
                            else div.name + p.canonical)
                    out.append((h, target, start, end, f"{div.entity_id}+{p.canonical}", name, p.category))
        if out:
            return out
        if h.end < len(t) and any(t.startswith(c, h.end) for c in self._address.get(t[h.end], ())):
            return []
        if h.surface.kind == "region_short" and self._inside_word(t, h.start, h.end):
            return []
        needs_context = (h.surface.kind == "region_short" and (
            div.level == "county" or "common_word" in div.flags or "ambiguous" in div.flags)) or (
            h.surface.kind == "region_full" and len(div.name) <= 2) or (
            h.surface.kind == "region_alias") or (h.pinyin and "common_word" in div.flags)
        if needs_context:
            return []
        return [(h, target, h.start, h.end, div.entity_id, div.name, Category.REGION)]

    def _unit_candidates(self, t, hits, organs):
        """Military unit words after a military name, a region, 中国 or a number."""
        out = []
        units = [(s, e, p) for s, e, group in organs for p in group if "unit_cue" in p.flags]
        if not units:
            return out
        for s, e, p in units:
            anchor = None
            for h in hits:  # a military name or a place up to two characters before
                if s - 2 <= h.end <= s and (h.surface.target in self._military_ids
                                            or self._targets[h.surface.target].division is not None):
                    anchor = h.start if anchor is None else min(anchor, h.start)
            window_start = max(0, s - _UNIT_LOOKBACK)
            window = t[window_start:s]
            if anchor is None and "中国" in window:  # 中国红军指挥部, 中国某某部队
                anchor = window_start + window.index("中国")
            if anchor is None and window[-1:] == "军":  # X军指挥部: an invented army
                anchor = s - 2 if s >= 2 else s - 1
            if anchor is None and window[-1:].isdigit():  # 95xxx部队: a unit number
                anchor = len(t[:s].rstrip("0123456789"))
            if anchor is None:
                continue
            hit = Hit(Surface(t[anchor:e], "pattern.military-unit", "cue"), anchor, e)
            out.append((hit, _Target(Category.MILITARY, p.canonical), anchor, e, "pattern.military-unit",
                        t[anchor:e], Category.MILITARY))
        return out

    @staticmethod
    def _resolve(cands):
        """One finding per place in the text.

        1. Among overlapping readings of the *same* entity keep one: a disguise over a
           plain reading (the stricter explanation), then the longest, then the cheapest.
        2. Across entities, a reading that overlaps a better one by at least half its
           length is dropped, unless it is a disguise of a longer name containing it;
           "better" weighs length against cost (3 per unit), and prefers a named
           entity to a region-built one. So 中国人民解放军海军 beats 海军 and
           浙江日报 beats 浙江.
        """
        def disguised(c) -> bool:
            return bool(c[0].alignment and c[0].alignment.substitutions)

        best_per_entity: list = []
        for c in sorted(cands, key=lambda c: (not disguised(c), -(c[3] - c[2]), c[0].cost, c[2])):
            if any(k[4] == c[4] and c[2] < k[3] and k[2] < c[3] for k in best_per_entity):
                continue
            best_per_entity.append(c)

        def quality(c):
            inserted = len(c[0].alignment.insertions) if c[0].alignment else 0
            # an inserted character is weaker evidence than a lookalike in place: 中国亥工业报
            # is 中国核工业报 with 亥 for 核 before it is 中国工业报 with 亥 inserted
            return (-((c[3] - c[2]) - 3 * c[0].cost - inserted), c[1].division is not None, c[2])

        kept: list = []
        for c in sorted(best_per_entity, key=quality):
            span = c[3] - c[2]
            for k in kept:
                if min(c[3], k[3]) - max(c[2], k[2]) < span / 2:
                    continue
                # a disguised longer name around an exact shorter one (证券时报两: 证券时报 and a
                # swapped 证券时报网) is reported too: the reviewer sees both readings
                if disguised(c) and c[2] <= k[2] and k[3] <= c[3] and span > k[3] - k[2]:
                    continue
                break
            else:
                kept.append(c)
        kept.sort(key=lambda c: c[2])
        return kept

    def _finding(self, field, norm: Normalized, h: Hit, target: _Target, s: int, e: int,
                 entity_id: str, entity_name: str, category: Category) -> Finding:
        o_start, o_end = norm.span(s, e)
        techniques: list[Technique] = []
        subs: list[Substitution] = []
        notes: list[str] = []
        if h.alignment:
            for pos, found, expected, tech in h.alignment.substitutions:
                if tech not in techniques:
                    techniques.append(tech)
                orig = norm.starts[pos]
                subs.append(Substitution(norm.original[orig:norm.ends[pos]], expected, tech, orig))
                notes.append(f"{norm.original[orig:norm.ends[pos]]} for {expected} ({tech.name.lower()})")
            if h.alignment.insertions:
                techniques.append(Technique.INSERTION)
                ins = "".join(norm.text[i] for i in h.alignment.insertions)
                notes.append(f"inserted {ins}")
        if h.pinyin:
            techniques.append(Technique.PINYIN)
            notes.append("written in pinyin")
        for k in range(s, e):
            f = norm.flags[k]
            if not f:
                continue
            orig = norm.original[norm.starts[k]:norm.ends[k]]
            tech = Technique.MIXED_SCRIPT if f & MIXED else Technique.VARIANT_FORM
            if tech not in techniques:
                techniques.append(tech)
            if not any(x.position == norm.starts[k] for x in subs):
                subs.append(Substitution(orig, norm.text[k], tech, norm.starts[k]))
        removed = norm.removed_inside(s, e)
        for pos, kind in removed:
            tech = Technique.INVISIBLE if kind == "invisible" else Technique.SEPARATOR
            if tech not in techniques:
                techniques.append(tech)
        if removed:
            notes.append("split by " + ", ".join(f"U+{ord(norm.original[p]):04X}" for p, _ in removed[:4]))
        if h.surface.kind == "abbreviation" and Technique.ABBREVIATION not in techniques:
            techniques.append(Technique.ABBREVIATION)
        if not techniques:
            techniques.append(Technique.EXACT)
        disguised = bool(DISGUISE_TECHNIQUES.intersection(techniques))
        severity = Decision.REJECT if (disguised or target.closed) else Decision.REVIEW
        if target.closed:
            score = 1.0 - (h.cost / max(1, len(h.surface.text)))
        elif h.alignment:
            score = max(0.05, 1.0 - h.cost / max(1, len(h.surface.text)))
        elif h.pinyin:
            score = 0.8
        else:
            score = 1.0
        if target.division is not None and target.division.status != "current":
            score = min(score, 0.5)  # a former name (襄樊, 郫县): history, lower severity
            notes.append("former division name")
        kind = {"region_short": "short name", "region_alias": "other name", "region_full": "division", "abbreviation": "abbreviation",
                "alias": "alias", "closed": "closed account"}.get(h.surface.kind, "name")
        expl = f"{category.name.lower()} {entity_name!r} via {kind} {h.surface.text!r}"
        if target.name != entity_name and target.entity is not None:
            expl += f" (official name {target.name!r})"
        if notes:
            expl += ": " + "; ".join(notes)
        subs.sort(key=lambda x: x.position)
        return Finding(field=field, category=category, entity_id=entity_id, entity_name=entity_name,
                       matched_text=norm.original[o_start:o_end], start=o_start, end=o_end,
                       techniques=tuple(techniques), substitutions=tuple(subs), score=round(score, 3),
                       explanation=expl, severity=severity)
