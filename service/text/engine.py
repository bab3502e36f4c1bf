"""The name engine: a lexicon compiled into matchers, and field text into findings.

``Engine(data, similarity)`` is built once per lexicon version (aside, then
swapped in by :class:`service.text.manager.LexiconManager`) and is immutable,
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
  cross product (河南 + 卫健 → 河南省卫生健康委员会); composed names get the lookalike,
  homophone and insertion treatment of listed names: an organ word with one swapped or
  inserted character right after a region (徐汇区 + 市场监菅局), and a division name with
  one swapped character right before a strong organ word, are reported as the composed
  canonical name, disguised;
- a division name standing alone as the whole name, or an ordinary-word one before a
  media word or a clear local-service cue (a county name + 在线), is the region; one right before a
  food or product word (product_words.tsv: 金华 + 火腿) is the product's origin;
- a "swap" at the edge of a listed name that makes a place name or an ordinary word with
  the character outside (西湖|新闻 against 潮新闻) explains itself: no disguise there;
- military unit words (部队, 司令部, 集团军, 军区 …) count after a military name, a
  region, 中国, a unit number (第38, 95xxx) or 某, or after another unit word; everyday
  ones (旅, 团, 大队) only after a number; former headquarters (总参谋部) by themselves;
- a disguised listed entity outranks a plain pattern-built reading of the same text.
"""
from __future__ import annotations

import dataclasses
import re
import enum
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import accumulate
from time import monotonic

import ahocorasick
from pypinyin.constants import PHRASES_DICT

from service.domain.models import (Category, Claim, Evidence, Field, Finding,
                                   Substitution, Technique)
from service.domain.lexicon import Division, Entity, LexiconData, OrganPattern
from service.lexicon.similarity import LETTER_INITIALS, CharSimilarity
from service.text.claims import ClaimDetector
from service.domain.errors import DeadlineExceeded
from service.text.matcher import (FIELD_MAX_EXACT, TRUNCATED_NOTE, Hit, Surface, SurfaceMatcher, dedupe_repeats,
                                  fuzzy_budget, readings_of)
from service.text.normalize import LOOKALIKE, MIXED, REORDERED, Normalized, Normalizer
from service.text.scoring import INSERTION_COST, Alignment

_LEVEL_RANK = {"province": 3, "prefecture": 2, "county": 1}
_MIN_PINYIN_LETTERS = 6
_LATIN_LETTER = re.compile("[a-z]")
#: a composed name disguised in both its place and its organ word is sought up to this length
_TWO_DISGUISES_MAX = 24
#: Letters read as the characters they spell (_letters_as_tokens): texts up to this long (names),
#: at most this many runs of letters each
_LETTER_TEXT_MAX = 40
_LETTER_RUNS_MAX = 3
#: full division names of this many characters are also sought with two characters swapped
_TWO_SUB_DIV_MIN, _TWO_SUB_DIV_MAX = 4, 8
#: places one disguise stands for equally well that are all reported (瓶山县: 平山县, 屏山县)
_EQUAL_PLACES_MAX = 3
#: an organ word alone as the whole name: tails that only underline it, and what does not count
_OFFICIAL_TAILS = ("官方", "官微", "官博", "官号", "发布")
_NOT_BARE = frozenset({"weak", "unit_cue", "local_cue", "history"})
_ORGAN_ENDINGS = ("局", "办", "委", "院", "所", "厅", "站", "中心", "执法")
_BARE_CATEGORIES = frozenset({Category.PARTY_GOVERNMENT, Category.PUBLIC_INSTITUTION, Category.MILITARY})
#: An organ word spelled in pinyin counts in a composed name from this many letters (jingfang,
#: fayuan, dangwei; not ju or wei alone)
_MIN_ORGAN_LETTERS = 5
#: How far before a military unit word (部队, 指挥部) its owner may stand.
_UNIT_LOOKBACK = 6
#: Chinese numerals in unit numbers (第三十八集团军).
_CN_NUMERALS = frozenset("〇零一二三四五六七八九十百千两")


class SurfaceKind(str, enum.Enum):
    """What form of a target a surface is (the matcher sees the plain string value)."""

    NAME = "name"
    ALIAS = "alias"
    ABBREVIATION = "abbreviation"
    REGION_FULL = "region_full"
    REGION_SHORT = "region_short"
    REGION_ALIAS = "region_alias"
    CLOSED = "closed"
    CUE = "cue"
    #: a name with its two words in the other order (日报人民 for 人民日报): a disguise
    SWAPPED = "swapped"


_REGION_KINDS = frozenset({SurfaceKind.REGION_FULL, SurfaceKind.REGION_SHORT, SurfaceKind.REGION_ALIAS})
_KIND_WORDS = {SurfaceKind.REGION_SHORT: "short name", SurfaceKind.REGION_ALIAS: "other name",
               SurfaceKind.REGION_FULL: "division", SurfaceKind.ABBREVIATION: "abbreviation",
               SurfaceKind.ALIAS: "alias", SurfaceKind.CLOSED: "closed account",
               SurfaceKind.SWAPPED: "name with its words swapped"}


@dataclass(frozen=True)
class _Target:
    category: Category
    name: str
    entity: Entity | None = None
    division: Division | None = None
    closed: bool = False


@dataclass(frozen=True)
class OrganHit:
    """An organ, media, local-information or unit word in the text; ``alignment`` when it
    is written disguised (市场监菅局 for 市场监管局)."""

    start: int
    end: int
    patterns: tuple[OrganPattern, ...]
    key: str
    alignment: Alignment | None = None


@dataclass(frozen=True)
class Candidate:
    """One reading of a stretch of text as a protected target, before resolution."""

    hit: Hit
    target: _Target
    start: int
    end: int
    entity_id: str
    entity_name: str
    category: Category
    #: composed from a pattern (region + organ word, military unit word), not listed
    built: bool = False

    @property
    def span(self) -> int:
        return self.end - self.start

    @property
    def disguised(self) -> bool:
        return bool(self.hit.alignment and self.hit.alignment.substitutions)


def _merge(a: Alignment | None, b: Alignment | None) -> Alignment | None:
    if a is None:
        return b
    if b is None:
        return a
    return Alignment(round(a.cost + b.cost, 3), a.length + b.length, a.substitutions + b.substitutions,
                     a.insertions + b.insertions)


def _by_first_char(cues: set[str]) -> dict[str, tuple[str, ...]]:
    """Cue words grouped by their first character, longest first."""
    out: dict[str, list[str]] = defaultdict(list)
    for c in sorted(cues, key=len, reverse=True):
        out[c[0]].append(c)
    return {k: tuple(v) for k, v in out.items()}


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """Sorted positions as [start, end) runs of consecutive ones."""
    out: list[tuple[int, int]] = []
    for p in positions:
        if out and out[-1][1] == p:
            out[-1] = (out[-1][0], p + 1)
        else:
            out.append((p, p + 1))
    return out


def _word_swap(name: str, words) -> str:
    """``name`` (four to eight Han characters) with its two words in the other order, when it
    is exactly two words of two characters or more (人民|日报 → 日报人民) and the swapped string
    is no word itself; "" otherwise."""
    if not 4 <= len(name) <= 8 or not _is_cjk_text(name):
        return ""
    for p in range(2, len(name) - 1):
        head, tail = name[:p], name[p:]
        if (head in words or head in PHRASES_DICT) and (tail in words or tail in PHRASES_DICT):
            swapped = tail + head
            if swapped != name and swapped not in words and swapped not in PHRASES_DICT:
                return swapped
            return ""
    return ""


def _is_cjk_text(s: str) -> bool:
    # URO, Extension A, Extensions B–H (OpenCC simplifies some rare characters into them)
    # (and letter tokens, which stand for one Han character: see Engine._letters_as_tokens)
    return bool(s) and all("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"
                           or "\U00020000" <= c <= "\U000323af" or "\U000f0100" <= c <= "\U000f08ff"
                           for c in s)


class _PositionIndex:
    """Readings by the positions they cover: which of them overlap [start, end)."""

    def __init__(self, items):
        self._at: dict[int, list] = defaultdict(list)
        for c in items:
            self.add(c)

    def add(self, c) -> None:
        for i in range(c.start, c.end):
            self._at[i].append(c)

    def over(self, start: int, end: int) -> list:
        seen: dict[int, object] = {}
        for i in range(start, end):
            for c in self._at.get(i, ()):
                seen.setdefault(id(c), c)
        return list(seen.values())


class Engine:
    def __init__(self, data: LexiconData, similarity: CharSimilarity, normalizer: Normalizer | None = None):
        self.data = data
        self.version = data.version
        self.similarity = similarity
        self.normalizer = normalizer or Normalizer(similarity.variants, similarity.confusables)
        norm = lambda s: self.normalizer.normalize(s).text  # noqa: E731
        self._targets: dict[str, _Target] = {}
        #: (entity id, form) of a common_word entity's forms that need no context (see below)
        self._ungated: set[tuple[str, str]] = set()
        #: (entity id, form) of gated forms looked up disguised with rare-character lookalikes only
        self._strict: set[tuple[str, str]] = set()
        surfaces: list[Surface] = []
        pending_order: list[int] = []
        region_letters: dict[str, list[Surface]] = defaultdict(list)
        mixed_initials: dict[str, list[Surface]] = defaultdict(list)
        pinyin: dict[str, list[Surface]] = defaultdict(list)
        initials: dict[str, list[Surface]] = defaultdict(list)

        #: initials of four-character division names, kept where they name one place only
        initials4: dict[str, list[Surface]] = defaultdict(list)

        def add(text: str, target: str, kind: SurfaceKind, fuzzy: bool, spell: bool = False,
                initial: bool | None = False):
            key = norm(text)
            # a name that folds to a bare two-character word (南方+ → 南方) names nothing
            if not key or (len(key) <= 2 and len(key) < len(text) and _is_cjk_text(key)):
                return
            cjk = _is_cjk_text(key)
            fuzzy = fuzzy and len(key) >= 3 and cjk
            # each character's reading in this name (长 in 长沙 is chang): homophones and pinyin
            syllables = list(readings_of(key)) \
                if cjk and (fuzzy or spell) else []
            readings = tuple(syllables) if fuzzy and len(syllables) == len(key) else ()
            s = Surface(key, target, kind, fuzzy, text, readings)
            if fuzzy:
                pending_order.append(len(surfaces))
            surfaces.append(s)
            if kind in (SurfaceKind.REGION_FULL, SurfaceKind.REGION_SHORT) and cjk and len(key) >= 2:
                # every division name, spelled, for composed names in pinyin (shuchengxian|jingfang):
                # counted only next to an organ word, never alone
                syl = syllables or list(readings_of(key))
                if len(syl) == len(key) and all(x.isascii() and x.isalpha() for x in syl):
                    spelled = "".join(syl)
                    region_letters[spelled].append(s)
                    if "v" in spelled:  # ü as v or u (绿 lv, lu)
                        region_letters[spelled.replace("v", "u")].append(s)
            if spell and syllables:
                letters = "".join(syllables)
                if len(letters) >= _MIN_PINYIN_LETTERS:
                    pinyin[letters].append(s)
                    if "v" in letters:  # ü typed as v (lv) or, from tone marks, as u (lǜ → lu)
                        pinyin[letters.replace("v", "u")].append(s)
                if initial and len(key) >= 4:
                    initials["".join(p[0] for p in syllables)].append(s)
                elif kind is SurfaceKind.REGION_FULL and len(key) == 4 and initial is None:
                    initials4["".join(p[0] for p in syllables)].append(s)
                elif len(key) >= 3 and kind is not SurfaceKind.CLOSED:
                    # only for names written part in hanzi, part in letters (榆次q, q是网)
                    mixed_initials["".join(p[0] for p in syllables)].append(s)

        for ent in data.entities.values():
            self._targets[ent.id] = _Target(ent.category, ent.name, entity=ent)
            common = "common_word" in ent.flags
            # when the flag comes from a short form that is an ordinary word (空军 of the air
            # force), the entity's long forms that are no words (中国空军) count by themselves
            loose = common and any(f in data.words for f in (ent.name, *ent.aliases, *ent.abbreviations))

            def gated(form: str) -> bool:
                if not common:
                    return False
                if loose and form not in data.words and len(norm(form)) >= 4:
                    self._ungated.add((ent.id, norm(form)))
                    return False
                return True

            def fuzzy_form(form: str) -> bool:
                """Ungated forms are looked up disguised; a gated one (an everyday phrase such as a
                programme title) only when four characters or more, and then only rare-character
                lookalikes count (``self._strict``: 新闑纵横 is a disguise, 新闻纵横 a phrase)."""
                if not gated(form):
                    return True
                if len(norm(form)) >= 4:
                    self._strict.add((ent.id, norm(form)))
                    return True
                return False

            add(ent.name, ent.id, SurfaceKind.NAME, fuzzy_form(ent.name), spell=True, initial=True)
            if not common:
                for form in (ent.name, *ent.aliases):
                    swapped = _word_swap(norm(form), data.words)
                    if swapped:
                        add(swapped, ent.id, SurfaceKind.SWAPPED, False)
            for a in ent.aliases:  # initials of a long alias (gjmmglj: 国家密码管理局) name it too
                add(a, ent.id, SurfaceKind.ALIAS, fuzzy_form(a), spell=True, initial=len(a) >= 5 and not gated(a))
            for a in ent.abbreviations:
                add(a, ent.id, SurfaceKind.ABBREVIATION, not gated(a) and len(a) >= 3, spell=len(a) >= 3)
        for key, div in data.divisions.items():
            self._targets[key] = _Target(Category.REGION, div.name, division=div)
            upper = div.level != "county"
            # lookalikes of a full name only when the name is long: in 包头市 a swap would fall
            # on the short name or the generic 市 (包头巾 is a headscarf)
            # every current division's full name may be spelled out (baoanqu): the suffix (县, 区, 市 …)
            # makes it long enough not to be read inside ordinary Latin text
            # initials of a current full name of five characters or more (klmys: 克拉玛依市); shorter
            # ones are letters that many nicknames share
            add(div.name, key, SurfaceKind.REGION_FULL,
                div.status == "current" and len(div.name) >= (4 if upper else 5),
                spell=upper or (div.status == "current" and len(div.name) >= 3),
                initial=(div.status == "current" and len(div.name) >= 5) or (None if div.status == "current" else False))
            if div.short_name != div.name and len(div.short_name) >= 2:
                add(div.short_name, key, SurfaceKind.REGION_SHORT, False, spell=upper and "common_word" not in div.flags)
            for a in div.aliases:  # 内蒙, 北平, 川, 沪: other names, only counted next to an organ word
                add(a, key, SurfaceKind.REGION_ALIAS, False)
        for closed in data.closed:
            self._targets[closed.id] = _Target(Category.CLOSED_ACCOUNT, closed.name, closed=True)
            add(closed.name, closed.id, SurfaceKind.CLOSED, True, spell=True)
        # compare the rarest characters of a name first: a window that is not this name
        # then fails on its first comparison
        char_df = Counter(c for s in surfaces for c in set(s.text))
        for i in pending_order:
            s = surfaces[i]
            order = tuple(sorted(range(len(s.text)), key=lambda k: (char_df[s.text[k]], k)))
            surfaces[i] = dataclasses.replace(s, order=order)
        # a four-character division name's initials (mhks: 梅河口市) count where no other name of
        # any length shares them: four letters are what many nicknames are, so only one reading
        for letters, group in initials4.items():
            if len(group) == 1 and letters not in initials:
                initials[letters] = group
        self.matcher = SurfaceMatcher(surfaces, similarity, dict(pinyin), dict(initials), dict(mixed_initials))

        self._organs = ahocorasick.Automaton()
        organ_keys: dict[str, list[OrganPattern]] = defaultdict(list)
        for p in data.patterns:
            k = norm(p.pattern)
            if k:
                organ_keys[k].append(p)
        for k, group in organ_keys.items():
            self._organs.add_word(k, (k, tuple(group)))
        self._has_organs = bool(organ_keys)
        self._organ_words = frozenset(k for k in organ_keys if len(k) >= 2)
        if self._has_organs:
            self._organs.make_automaton()
        self._init_fuzzy_composition(organ_keys)
        self._init_pinyin_composition(organ_keys, region_letters)

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
        self._all_words = data.words
        self._long_words = ahocorasick.Automaton()
        # (and product names longer than their place: in 普洱茶 or 金华火腿 the place is the origin)
        for w in (*data.words, *data.product_words):
            if len(w) > 2:
                self._long_words.add_word(w, len(w))
        self._has_long_words = len(self._long_words) > 0
        if self._has_long_words:
            self._long_words.make_automaton()
        self._military_ids = {e.id for e in data.entities.values() if e.category is Category.MILITARY}
        self._products = _by_first_char({norm(w) for w in data.product_words} - {""})

    def _init_pinyin_composition(self, organ_keys: dict[str, list[OrganPattern]],
                                 region_letters: dict[str, list[Surface]]) -> None:
        """Spellings for composed names written in pinyin, whole or in part (shuchengxianjingfang,
        西青jiancha, xiqing检察): every organ, media and local word of two characters or more
        spelled with its readings (at least :data:`_MIN_ORGAN_LETTERS` letters), and every division
        name spelled (collected while the surfaces were built)."""
        self._region_letters = dict(region_letters)
        self._region_letter_lengths = sorted({len(k) for k in region_letters})
        organ_letters: dict[str, list[tuple[str, tuple[OrganPattern, ...]]]] = defaultdict(list)
        for k, group in organ_keys.items():
            usable = tuple(p for p in group if "unit_cue" not in p.flags)
            if len(k) < 2 or not _is_cjk_text(k) or not usable:
                continue
            syl = list(readings_of(k))
            if len(syl) != len(k) or not all(x.isascii() and x.isalpha() for x in syl):
                continue
            letters = "".join(syl)
            if len(letters) >= _MIN_ORGAN_LETTERS:
                organ_letters[letters].append((k, usable))
                if "v" in letters:  # ü as v or u (旅 lv, lu)
                    organ_letters[letters.replace("v", "u")].append((k, usable))
        self._organ_letters = dict(organ_letters)
        self._organ_letter_lengths = sorted({len(k) for k in organ_letters}, reverse=True)

    def _pinyin_composed(self, t: str, organs: list[OrganHit]) -> tuple[list[Hit], list[OrganHit]]:
        """Region and organ words of composed names spelled in pinyin: a run of letters that is
        a division name then an organ word (shuchengxian|jingfang), an organ word after hanzi
        (西青|jiancha), or a division name before an organ word in hanzi (xiqing|检察). The
        pieces are handed to the same composition as hanzi ones; a spelled division alone
        makes no hit here."""
        hits: list[Hit] = []
        found: list[OrganHit] = []
        if not self._organ_letters:
            return hits, found
        organ_starts = {o.start for o in organs}
        for run, pos, i, j in self.matcher._latin_runs(t):
            n = len(run)
            if n < _MIN_ORGAN_LETTERS:
                continue
            # an organ word at the start of the run, after hanzi (西青jiancha)
            if i > 0 and _is_cjk_text(t[i - 1]):
                for m in self._organ_letter_lengths:
                    if m <= n and run[:m] in self._organ_letters:
                        for k, group in self._organ_letters[run[:m]]:
                            found.append(OrganHit(i, pos[m - 1] + 1, group, k))
                        break
            # a division name at the start of the run, then an organ word
            for p in self._region_letter_lengths:
                if p + _MIN_ORGAN_LETTERS > n:
                    break
                regions = self._region_letters.get(run[:p])
                if not regions:
                    continue
                for m in self._organ_letter_lengths:
                    if p + m <= n and run[p:p + m] in self._organ_letters:
                        end = pos[p + m - 1] + 1
                        for k, group in self._organ_letters[run[p:p + m]]:
                            found.append(OrganHit(pos[p - 1] + 1, end, group, k))
                        hits.extend(Hit(s, i, pos[p - 1] + 1, None, pinyin=True) for s in regions)
                        break
            # a division name at the end of the run, before an organ word in hanzi (xiqing检察)
            if j in organ_starts:
                for p in self._region_letter_lengths:
                    if p > n:
                        break
                    for s in self._region_letters.get(run[n - p:], ()):
                        hits.append(Hit(s, pos[n - p], j, None, pinyin=True))
        return hits, found

    def _init_fuzzy_composition(self, organ_keys: dict[str, list[OrganPattern]]) -> None:
        """Tables for composed names written disguised: every organ word (two characters
        or more) and every current division name masked at each position, so one
        lookalike, homophone or inserted character is found by a dict lookup next to a
        region hit (朝阳区市场监菅局) or an organ word (a disguised 朝阳区 before 市场监督管理局)."""
        mask = "\U000F0000"
        self._mask = mask
        self._organ_groups: dict[str, tuple[OrganPattern, ...]] = {}
        self._organ_masked: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
        self._organ_by_len: dict[int, set[str]] = defaultdict(set)
        for k, group in organ_keys.items():
            # unit words of three characters or more (指挥部, 特战旅) are looked up disguised too;
            # the military-unit rules decide whether one names a unit
            usable = tuple(p for p in group if "local_cue" not in p.flags
                           and not ("unit_cue" in p.flags and len(k) < 3))
            if len(k) < 2 or not _is_cjk_text(k) or not usable:
                continue
            if len(k) == 2:  # a two-character word is disguised only when it is a strong one
                usable = tuple(p for p in usable if "weak" not in p.flags)
                if not usable:
                    continue
            self._organ_groups[k] = usable
            self._organ_by_len[len(k)].add(k)
            readings = list(readings_of(k))
            if len(readings) != len(k):
                readings = [""] * len(k)
            for i in range(len(k)):
                self._organ_masked[k[:i] + mask + k[i + 1:]].append((k, i, readings[i]))
        self._organ_lengths = sorted(self._organ_by_len)
        self._organ_heads = {n: frozenset(k[:2] for k in ks) for n, ks in self._organ_by_len.items()}
        self._organ_lasts = {n: frozenset(k[-1] for k in ks) for n, ks in self._organ_by_len.items()}
        self._organ_second_lasts = {n: frozenset(k[-2] for k in ks) for n, ks in self._organ_by_len.items()}
        self._organ_edges = {n: (frozenset(k[0] for k in ks), frozenset(k[1] for k in ks))
                             for n, ks in self._organ_by_len.items()}
        self._div_masked: dict[str, list[tuple[str, SurfaceKind, str, int, str]]] = defaultdict(list)
        self._div_masked2: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
        self._div_pos_chars: dict[int, list[set[str]]] = {}  # length → characters at each place
        lengths = set()
        edges: dict[int, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
        tails: dict[int, set[str]] = defaultdict(set)
        for key, div in self.data.divisions.items():
            if div.status != "current":
                continue
            forms = [(div.name, SurfaceKind.REGION_FULL)]
            if div.short_name != div.name and len(div.short_name) >= 2:
                forms.append((div.short_name, SurfaceKind.REGION_SHORT))
            for name, kind in forms:
                k = self.normalizer.normalize(name).text
                if len(k) < 2 or not _is_cjk_text(k):
                    continue
                lengths.add(len(k))
                edges[len(k)][0].add(k[-1])
                edges[len(k)][1].add(k[-2])
                tails[len(k)].add(k[-2:])
                readings = list(readings_of(k))
                if len(readings) != len(k):
                    readings = [""] * len(k)
                for i in range(len(k)):
                    self._div_masked[k[:i] + mask + k[i + 1:]].append((key, kind, k, i, readings[i]))
                if kind == SurfaceKind.REGION_FULL and _TWO_SUB_DIV_MIN <= len(k) <= _TWO_SUB_DIV_MAX:
                    for i, c in enumerate(k):
                        self._div_pos_chars.setdefault(len(k), [set() for _ in k])[i].add(c)
                    for i1 in range(len(k) - 1):
                        for i2 in range(i1 + 1, len(k)):
                            self._div_masked2[k[:i1] + mask + k[i1 + 1:i2] + mask + k[i2 + 1:]].append(
                                (key, k, readings[i1], readings[i2]))
        self._div_lengths = sorted(lengths)
        self._div_masked2 = dict(self._div_masked2)
        self._div_tails = {n: frozenset(v) for n, v in tails.items()}
        self._div_edges = {n: (frozenset(a), frozenset(b)) for n, (a, b) in edges.items()}

    # ------------------------------------------------------------------ public API
    def owners_of(self, entity_id: str) -> frozenset[str]:
        return self.data.owners.get(entity_id, frozenset())

    def screen_text(self, field: Field, text: str, deadline: float | None = None) -> list[Finding]:
        """Findings for one field's text (offsets are code points into ``text``).
        ``deadline`` (time.monotonic) raises DeadlineExceeded once passed."""
        if not text:
            return []
        return self._findings_with_letters(field, self.normalizer.normalize(text), deadline)

    #: the detector contract (service.domain.models.Detector): names, bios, text read in avatars
    fields = frozenset({Field.NAME, Field.BIO, Field.AVATAR})

    def detect(self, field: Field, content: str, deadline: float | None = None) -> Evidence:
        """The detector contract: findings (evidence only) and professional claims of one field."""
        found, claims = self.screen_field(field, content, deadline)
        return Evidence(findings=tuple(found), claims=tuple(claims))

    def screen_field(self, field: Field, text: str,
                     deadline: float | None = None) -> tuple[list[Finding], list[Claim]]:
        """Findings and professional claims of one field, from one normalisation."""
        if not text:
            return [], []
        norm = self.normalizer.normalize(text)
        return self._findings_with_letters(field, norm, deadline), self._claims(field, norm)

    def _findings_with_letters(self, field: Field, norm: Normalized, deadline: float | None) -> list[Finding]:
        """Findings of the text, then of the text with its short runs of letters between hanzi
        read as the characters they may spell (市chang监督管理局, 长沙文lu局): names found only that
        way, with a letter run standing for one of their characters, are added."""
        found = self._findings(field, norm, deadline)
        alt = self._letters_as_tokens(norm)
        if alt is not None:
            have = {f.entity_id for f in found}
            for f in self._findings(field, alt, deadline):
                if f.entity_id not in have and any(s.technique is Technique.PINYIN for s in f.substitutions):
                    have.add(f.entity_id)
                    found.append(f)
        return found

    def _spell_pieces(self, letters: str) -> list[tuple[int, int]] | None:
        """``letters`` as one or two spellings of a character each (a syllable or an
        initial), as [start, end) slices; syllables preferred to initials."""
        tok = self.similarity.letter_token
        if tok(letters):
            return [(0, len(letters))]
        best = None
        for k in range(1, len(letters)):
            a, b = letters[:k], letters[k:]
            if tok(a) and tok(b):
                score = (a not in LETTER_INITIALS) + (b not in LETTER_INITIALS)
                if best is None or score > best[0]:
                    best = (score, [(0, k), (k, len(letters))])
        return best[1] if best else None

    def _letters_as_tokens(self, norm: Normalized) -> Normalized | None:
        """``norm`` with each run of one to six letters next to a Han character (at most
        :data:`_LETTER_RUNS_MAX` runs, in texts of at most :data:`_LETTER_TEXT_MAX`
        characters) put as one or two letter tokens, one per character it spells; None
        where there is no such run. The tokens keep the letters' spans in the original."""
        t = norm.text
        n = len(t)
        if n > _LETTER_TEXT_MAX or norm.reordered or not _LATIN_LETTER.search(t):
            return None
        chosen = []
        for letters, pos, i, j in self.matcher._latin_runs(t):
            if len(letters) > 6 or not ((i > 0 and _is_cjk_text(t[i - 1])) or (j < n and _is_cjk_text(t[j]))):
                continue
            pieces = self._spell_pieces(letters)
            if pieces is None:
                continue
            chosen.append((i, j, [(self.similarity.letter_token(letters[a:b]), pos[a], pos[b - 1])
                                  for a, b in pieces]))
            if len(chosen) >= _LETTER_RUNS_MAX:
                break
        if not chosen:
            return None
        text, starts, ends, flags = [], [], [], []
        unf = [] if norm.unfolded else None
        cursor = 0
        for i, j, toks in chosen:
            text.append(t[cursor:i])
            starts.extend(norm.starts[cursor:i])
            ends.extend(norm.ends[cursor:i])
            flags.extend(norm.flags[cursor:i])
            if unf is not None:
                unf.append(norm.unfolded[cursor:i])
            for token, first, last in toks:
                text.append(token)
                starts.append(norm.starts[first])
                ends.append(norm.ends[last])
                flags.append(0)
                if unf is not None:
                    unf.append(token)
            cursor = j
        text.append(t[cursor:])
        starts.extend(norm.starts[cursor:])
        ends.extend(norm.ends[cursor:])
        flags.extend(norm.flags[cursor:])
        if unf is not None:
            unf.append(norm.unfolded[cursor:])
        return dataclasses.replace(norm, text="".join(text), starts=tuple(starts), ends=tuple(ends),
                                   flags=tuple(flags), unfolded="".join(unf) if unf is not None else "")

    def _claims(self, field: Field, norm: Normalized) -> list[Claim]:
        text = norm.original
        out = []
        for h in self.claims.detect(norm.text):
            s, e = norm.span(h.start, h.end)
            out.append(Claim(field, h.domain, text[s:e], s, e))
        return out

    # ------------------------------------------------------------------ internals
    def _findings(self, field: Field, norm: Normalized, deadline: float | None = None) -> list[Finding]:
        t = norm.text
        if not t:
            return []
        exact = self.matcher.exact(t, FIELD_MAX_EXACT)
        # work cap per field (issue 8): a long text dense in protected names is screened up to
        # its first FIELD_MAX_EXACT exact readings, and for disguises while its anchor votes last
        cut = self.matcher.exact_cut(t, exact)
        truncated = cut < len(t)
        if truncated:
            t = t[:cut]
            exact = [h for h in exact if h.end <= cut]
            norm = dataclasses.replace(norm, text=t, unfolded=norm.unfolded[:cut])
        fuzzy, covered = self.matcher.fuzzy_bounded(t, exact, norm.unfolded, deadline)
        truncated = truncated or covered < len(t)
        hits = exact + fuzzy + self.matcher.pinyin(t)
        hits = [h for h in hits if self._latin_bounded(t, h)]
        # reach[i]: the furthest end of an exact place name starting at or before i
        reach = [0] * (len(t) + 1)
        for x in exact:
            if x.surface.kind != SurfaceKind.REGION_ALIAS and self._targets[x.surface.target].division is not None:
                reach[x.start] = max(reach[x.start], x.end)
        reach = list(accumulate(reach, max))  # (a running maximum, in C)
        hits = [h for h in hits if not self._substitution_explained(t, h, reach)]
        if any(h.alignment is not None and h.alignment.insertions for h in hits):
            hits = self._drop_explained_insertions(t, hits)
        hits = dedupe_repeats(t, hits)  # one name written 300 times: each distinct reading once
        if deadline is not None and monotonic() > deadline:
            raise DeadlineExceeded("screening deadline passed")
        organs = self._organ_hits(t)
        if _LATIN_LETTER.search(t):
            spelled_regions, spelled_organs = self._pinyin_composed(t, organs)
            hits += spelled_regions
            organs += spelled_organs
        unfolded = norm.unfolded or None
        hits += self._fuzzy_regions(t, unfolded, organs, hits)
        disguised_organs = self._fuzzy_organs(t, unfolded, organs, hits)
        if len(t) <= _TWO_DISGUISES_MAX and not any(o.end >= len(t) - 2 for o in organs):
            disguised_organs += self._fuzzy_organ_at_end(t, unfolded, organs)
        organs += disguised_organs
        if disguised_organs and len(t) <= _TWO_DISGUISES_MAX:
            # a short name disguised in both parts (the place and the organ word): the place next to
            # a disguised organ word (the composition then allows both within the name's budget)
            hits += self._fuzzy_regions(t, unfolded, disguised_organs, hits)
        organ_from, organ_to = defaultdict(list), defaultdict(list)  # adjacency in O(1), not O(organs)
        for o in organs:
            organ_from[o.start].append(o)
            organ_to[o.end].append(o)
        allowed = self._allowed_spans(t)
        candidates: list[Candidate] = []
        for h in hits:
            target = self._targets[h.surface.target]
            if target.division is not None:
                # (only organ words that begin where it ends or end where it begins can count)
                candidates.extend(self._region_candidates(t, h, target, organ_from.get(h.end, [])
                                                          + organ_to.get(h.start, [])))
                continue
            if h.alignment is not None and (h.surface.target, h.surface.text) in self._strict \
                    and not self._rare_lookalikes_only(h.alignment):
                continue
            if (target.entity is not None and "common_word" in target.entity.flags and not h.alignment
                    and (h.surface.target, h.surface.text) not in self._ungated):
                if not self._organ_next_to(organs, h.start, h.end) and not self._written_disguised(norm, h):
                    continue
            if not h.alignment and not h.pinyin and self._straddles(t, h.end):
                continue
            if (not h.alignment and not h.pinyin and len(h.surface.text) == 2
                    and self._short_form_inside_words(t, h.start, h.end)):
                continue  # 东北|大米 is not 北大, 外交|大臣 not 交大
            # an alias that is a full name in its own right (新华社 for 新华通讯社) is reported as written
            name = (h.surface.display if h.surface.kind == SurfaceKind.ALIAS and _is_cjk_text(h.surface.display)
                    else target.name)
            candidates.append(Candidate(h, target, h.start, h.end, h.surface.target, name, target.category))
        candidates.extend(self._unit_candidates(t, hits, organs))
        if not candidates:
            candidates.extend(self._bare_organ_candidates(t, organs))
        kept = self._resolve([c for c in candidates if not self._inside_allowed(allowed, c.start, c.end)])
        findings = [self._finding(field, norm, c) for c in kept]
        if truncated and findings:  # evidence for the policy: the field was read in part
            f = findings[0]
            findings[0] = dataclasses.replace(f, truncated=True, explanation=f.explanation + TRUNCATED_NOTE)
        return findings

    def _rare_lookalikes_only(self, a: Alignment) -> bool:
        """Every change is a character outside the common set written for a common one (a
        disguise no one types by chance), with no insertion."""
        return not a.insertions and bool(a.substitutions) and all(
            self.similarity.is_rare(found) and not self.similarity.is_rare(expected)
            for _, found, expected, _ in a.substitutions)

    def _latin_bounded(self, t: str, h: Hit) -> bool:
        if h.pinyin or not h.surface.text.isascii():
            return True
        before = t[h.start - 1] if h.start > 0 else ""
        after = t[h.end] if h.end < len(t) else ""
        return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())

    def _substitution_explained(self, t: str, h: Hit, reach: list[int]) -> bool:
        """A lookalike at the edge of a disguised name that makes a place name or an
        ordinary word with the character outside (西湖|新闻 is not a swapped 潮新闻: 湖
        belongs to the district 西湖) explains the 'substitution': no disguise there.
        ``reach[i]``: the furthest end of an exact place name starting at or before i."""
        a = h.alignment
        if a is None or len(a.substitutions) != 1 or a.insertions:
            return False
        if self._targets.get(h.surface.target) is None or self._targets[h.surface.target].division is not None:
            return False
        j = a.substitutions[0][0]
        # a word with the outside neighbour explains the swap only when that neighbour is not
        # already taken by a word on its other side (关注|入民代表报: 注 belongs to 关注)
        if j == h.start:
            if j > 0 and t[j - 1:j + 1] in self._words and not (j > 1 and t[j - 2:j] in self._words):
                return True
            return j > 0 and reach[j - 1] > j  # a place name starts before j and covers it
        if j == h.end - 1:
            if j + 2 <= len(t) and t[j:j + 2] in self._words and t[j + 1:j + 3] not in self._words:
                return True
            return reach[j] > j + 1  # a place name covers j and goes on past the name
        return False

    def _drop_explained_insertions(self, t: str, hits: list[Hit]) -> list[Hit]:
        """Insertion readings whose 'inserted' characters belong to something else are not
        disguises: a listed name (three characters or more) or a full division name written
        exactly across an inserted character and a kept neighbour (武汉大学|商学院 is no
        武汉商学院 with 大学 inserted), or an inserted run of two or more characters that makes
        words (or phrases) with the kept characters on both sides (中国|电信|集团 is no 中信集团).
        (An inserted word alone is not enough: 研究 inserted into a listed academy's name makes
        an invented body that borrows it, not another real one.)"""
        covers = [x for x in hits if x.alignment is None and not x.pinyin and len(x.surface.text) >= 3
                  and (self._targets[x.surface.target].division is None
                       or x.surface.kind == SurfaceKind.REGION_FULL)]
        words = self._words
        out = []
        for h in hits:
            a = h.alignment
            if a is None or not a.insertions:
                out.append(h)
                continue
            ins = set(a.insertions)
            kept = [k for k in range(h.start, h.end) if k not in ins]
            explained = False
            for x in covers:
                if x.end <= h.start or h.end <= x.start:
                    continue
                if any(x.start <= i < x.end and ((i - 1 not in ins and h.start <= i - 1 and x.start <= i - 1)
                                                 or (i + 1 not in ins and i + 1 < h.end and i + 1 < x.end))
                       for i in a.insertions):
                    explained = True
                    break
            if not explained:
                for rs, re_ in _runs(sorted(ins)):
                    if re_ - rs < 2 or rs - 1 < h.start or re_ >= h.end:
                        continue
                    left, right = t[rs - 1:rs + 1], t[re_ - 1:re_ + 1]
                    # (pypinyin's phrase list also holds proper nouns the word list leaves out: 中国)
                    if (left in words or left in PHRASES_DICT) and (right in words or right in PHRASES_DICT):
                        explained = True
                        break
            if not explained and kept:
                out.append(h)
        return out

    def _organ_hits(self, t: str) -> list[OrganHit]:
        if not self._has_organs:
            return []
        return [OrganHit(end - len(k) + 1, end + 1, group, k) for end, (k, group) in self._organs.iter(t)]

    def _cost(self, found: str, expected: str, reading: str, unfolded_ch: str | None):
        cost, tech = self.similarity.cost(found, expected, reading or None)
        if tech is None and unfolded_ch is not None and unfolded_ch != found:
            cost, tech = self.similarity.cost(unfolded_ch, expected, reading or None)
        return cost, tech

    def _fuzzy_organs(self, t: str, unfolded: str | None, organs: list[OrganHit], hits: list[Hit]) -> list[OrganHit]:
        """Organ words written with one lookalike, homophone or inserted character right
        after (or, for prefix words, before) a region hit: 徐汇区 + 市场监菅局, 杭州市 + 税务菊.
        Only next to a region, and not where the window is itself an ordinary word."""
        regions = [h for h in hits if self._targets[h.surface.target].division is not None and not h.pinyin
                   and h.surface.kind != SurfaceKind.REGION_ALIAS]
        if not regions or not self._organ_groups:
            return []
        out: list[OrganHit] = []
        seen: set[tuple[int, int, str]] = set()
        mask, masked, n = self._mask, self._organ_masked, len(t)
        # reach[i]: the furthest end of a region hit starting at or before i; back[i]: the
        # earliest start of one ending at or after i (linear, not hits²)
        reach = [0] * (n + 1)
        back = [n] * (n + 2)
        for x in regions:
            reach[x.start] = max(reach[x.start], x.end)
            back[x.end] = min(back[x.end], x.start)
        reach = list(accumulate(reach, max))  # running maximum / suffix minimum, in C
        back = list(accumulate(reversed(back), min))[::-1]
        for h in regions:
            for L in self._organ_lengths:
                for prefix in (False, True):
                    s0, e0 = (h.start - L, h.start) if prefix else (h.end, h.end + L)
                    if s0 < 0 or e0 > n:
                        continue
                    w = t[s0:e0]
                    first, second = self._organ_edges[L]
                    if not (w[0] in first or w[1] in second):
                        continue  # one substitution keeps one of the word's first two characters
                    if w in self._organ_groups or w in self._words or not _is_cjk_text(w):
                        continue
                    # a longer reading of the same place takes the window's first character
                    # (龙岗|区卫生 is not 区委); a place name inside the window (公安 in 公安周) or
                    # one that overlaps the edge (鹤岗|市中|级) does not stop it
                    if (back[h.end] < h.start) if prefix else (reach[h.start] > h.end):
                        continue
                    budget = fuzzy_budget(h.end - h.start + L) - h.cost
                    head_kept = w[:2] in self._organ_heads[L]  # a swap after them keeps the first two
                    for i in range(L):
                        if i >= 2 and not head_kept:
                            break
                        for key, idx, reading in masked.get(w[:i] + mask + w[i + 1:], ()):
                            if any(o.alignment is None and o.start == s0 and o.end >= e0 for o in organs):
                                continue  # written exactly there (a longer organ word)
                            cost, tech = self._cost(w[i], key[idx], reading,
                                                    unfolded[s0 + i] if unfolded else None)
                            if tech is None or cost > budget or (L == 2 and tech is not Technique.HOMOGLYPH):
                                continue  # a two-character word sounds like too many others
                            group = tuple(p for p in self._organ_groups[key]
                                          if (p.position == "prefix") == prefix)
                            if group and (s0, e0, key) not in seen:
                                seen.add((s0, e0, key))
                                out.append(OrganHit(s0, e0, group, key, Alignment(
                                    round(cost, 3), L, ((s0 + i, w[i], key[idx], tech),), ())))
                    # one inserted character inside a word of three or more (市场监/管局)
                    if prefix or L < 3 or e0 + 1 > n:
                        continue
                    w1 = t[s0:e0 + 1]
                    if w1[0] not in first or w1[-1] not in self._organ_lasts[L]:
                        continue  # an insertion inside the word keeps its first and last characters
                    if not _is_cjk_text(w1) or INSERTION_COST > budget:
                        continue
                    for c in range(1, L):
                        key = w1[:c] + w1[c + 1:]
                        if key in self._organ_by_len[L] and (s0, e0 + 1, key) not in seen:
                            group = tuple(p for p in self._organ_groups[key] if p.position != "prefix")
                            if group:
                                seen.add((s0, e0 + 1, key))
                                out.append(OrganHit(s0, e0 + 1, group, key,
                                                    Alignment(INSERTION_COST, L + 1, (), (s0 + c,))))
        return out

    def _fuzzy_organ_at_end(self, t: str, unfolded: str | None, organs: list[OrganHit]) -> list[OrganHit]:
        """In a short name, an organ word of three characters or more written with one lookalike
        or homophone at its end (or before an official tail: 官方, 发布 …) after something else,
        where no place name was written exactly before it (海殿区税务菊: both parts disguised).
        Such a word counts only next to a (disguised) place name found next to it."""
        n = len(t)
        ends = [n] + [n - len(tail) for tail in _OFFICIAL_TAILS if t.endswith(tail)]
        out: list[OrganHit] = []
        mask, masked = self._mask, self._organ_masked
        for e0 in ends:
            for L in self._organ_lengths:
                s0 = e0 - L
                if L < 3 or s0 < 2:
                    continue
                w = t[s0:e0]
                first, second = self._organ_edges[L]
                if not ((w[0] in first or w[1] in second) and (w[-1] in self._organ_lasts[L]
                                                               or w[-2] in self._organ_second_lasts[L])):
                    continue  # one substitution keeps one of the first two and one of the last two
                if w in self._organ_groups or w in self._words or not _is_cjk_text(w):
                    continue
                if any(o.alignment is None and o.start <= s0 and e0 <= o.end for o in organs):
                    continue
                budget = fuzzy_budget(L)
                for i in range(L):
                    for key, idx, reading in masked.get(w[:i] + mask + w[i + 1:], ()):
                        cost, tech = self._cost(w[i], key[idx], reading, unfolded[s0 + i] if unfolded else None)
                        if tech is None or cost > budget:
                            continue
                        group = tuple(p for p in self._organ_groups[key] if p.position != "prefix")
                        if group:
                            out.append(OrganHit(s0, e0, group, key, Alignment(
                                round(cost, 3), L, ((s0 + i, w[i], key[idx], tech),), ())))
        return out

    def _fuzzy_regions(self, t: str, unfolded: str | None, organs: list[OrganHit], hits: list[Hit]) -> list[Hit]:
        """Division names written with one lookalike or homophone right before a strong
        organ word written exactly (a disguised 徐汇区 + 市场监督管理局). Counted only in
        composition (see :meth:`_region_candidates`), or a full division name of three
        or more characters disguised as the whole text (杭洲市 alone)."""
        n = len(t)
        whole = 3 <= n <= 15 and _is_cjk_text(t)
        if not organs and not whole:
            return []
        # the longest place name written exactly against each position: a disguised name must
        # be longer (休宁县 disguised around the exact 宁县 is 休宁县, not 宁县)
        written_end: dict[int, int] = {}
        written_start: dict[int, int] = {}
        for h in hits:
            if self._targets[h.surface.target].division is not None and not h.alignment and not h.pinyin:
                written_end[h.end] = max(written_end.get(h.end, 0), h.end - h.start)
                written_start[h.start] = max(written_start.get(h.start, 0), h.end - h.start)
        out: list[Hit] = []
        seen: set[tuple[str, int, int]] = set()
        mask = self._mask
        places: dict[tuple[bool, int], int] = {}  # (prefix, where the name would touch) → longest word
        if whole and written_end.get(n, 0) < n:
            places[(False, n)] = -1  # the whole text, no organ word
        for o in organs:
            if len(o.key) < 2:
                continue
            for p in o.patterns:
                if {"weak", "unit_cue", "local_cue"} & p.flags:
                    continue
                prefix = p.position == "prefix"
                at = o.end if prefix else o.start
                places[(prefix, at)] = max(places.get((prefix, at), 0), len(o.key))
        for (prefix, at), organ_len in places.items():
            written = (written_start if prefix else written_end).get(at, 0)
            for L in self._div_lengths:
                if L <= written or (organ_len < 0 and L != n):
                    continue
                s0, e0 = (at, at + L) if prefix else (at - L, at)
                if s0 < 0 or e0 > n:
                    continue
                w = t[s0:e0]
                if not _is_cjk_text(w) or w in self._words:
                    continue
                budget = fuzzy_budget(L + max(0, organ_len))
                if _TWO_SUB_DIV_MIN <= L <= _TWO_SUB_DIV_MAX:
                    out.extend(self._two_sub_region(w, s0, organ_len, budget, unfolded, seen))
                last, second = self._div_edges[L]
                if not (w[-1] in last or w[-2] in second):
                    continue  # one substitution keeps one of the name's last two characters
                # a swap before the last two characters keeps them: look there only if some
                # name of this length ends so
                tail_kept = w[-2:] in self._div_tails[L]
                for i in range(L):
                    if i < L - 2 and not tail_kept:
                        continue
                    for key, kind, name, idx, reading in self._div_masked.get(w[:i] + mask + w[i + 1:], ()):
                        if (key, s0, e0) in seen:
                            continue
                        if organ_len < 0 and (kind != SurfaceKind.REGION_FULL or w in self._all_words
                                              or (i > 0 and w[i - 1:i + 1] in self._words)
                                              or (i + 1 < L and w[i:i + 2] in self._words)):
                            continue  # alone, the swap must not make a word (包头巾 is a headscarf)
                        cost, tech = self._cost(w[i], name[idx], reading, unfolded[s0 + i] if unfolded else None)
                        if tech is None or cost > budget:
                            continue
                        seen.add((key, s0, e0))
                        div = self.data.divisions[key]
                        out.append(Hit(Surface(name, key, kind, True, div.name if kind == SurfaceKind.REGION_FULL
                                               else div.short_name), s0, e0,
                                       Alignment(round(cost, 3), L, ((s0 + i, w[i], name[idx], tech),), ())))
        return out

    def _two_sub_region(self, w: str, s0: int, organ_len: int, budget: float, unfolded: str | None,
                        seen: set) -> list[Hit]:
        """A full division name of four to eight characters with two characters swapped (香格里拉市
        as 㕿䅂里拉市), as the whole text or next to an organ word: the window masked at every
        pair of places, looked up among the names so masked. Alone, neither swap may make a
        word with its neighbours."""
        out: list[Hit] = []
        L = len(w)
        mask = self._mask
        alone = organ_len < 0
        if alone and w in self._all_words:
            return out
        table = self._div_masked2
        # the places whose character no name of this length has there must be the swapped ones
        at = self._div_pos_chars.get(L)
        if at is None:
            return out
        odd = [i for i in range(L) if w[i] not in at[i]]
        if len(odd) > 2:
            return out
        pairs = ([(odd[0], odd[1])] if len(odd) == 2 else
                 [(min(i, odd[0]), max(i, odd[0])) for i in range(L) if i != odd[0]] if odd else
                 [(i1, i2) for i1 in range(L - 1) for i2 in range(i1 + 1, L)])
        for i1, i2 in pairs:
            group = table.get(w[:i1] + mask + w[i1 + 1:i2] + mask + w[i2 + 1:])
            if not group:
                continue
            for key, name, r1, r2 in group:
                if (key, s0, s0 + L) in seen:
                    continue
                if alone and any((i > 0 and w[i - 1:i + 1] in self._words)
                                 or (i + 1 < L and w[i:i + 2] in self._words) for i in (i1, i2)):
                    continue
                c1, t1 = self._cost(w[i1], name[i1], r1, unfolded[s0 + i1] if unfolded else None)
                if t1 is None or c1 > budget:
                    continue
                c2, t2 = self._cost(w[i2], name[i2], r2, unfolded[s0 + i2] if unfolded else None)
                if t2 is None or c1 + c2 > budget:
                    continue
                seen.add((key, s0, s0 + L))
                div = self.data.divisions[key]
                out.append(Hit(Surface(name, key, SurfaceKind.REGION_FULL, True, div.name), s0, s0 + L,
                               Alignment(round(c1 + c2, 3), L, ((s0 + i1, w[i1], name[i1], t1),
                                                                (s0 + i2, w[i2], name[i2], t2)), ())))
        return out

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

    @staticmethod
    def _written_disguised(norm: Normalized, h: Hit) -> bool:
        """A name that is also an ordinary phrase (a programme title) counts without context
        when it is written to dodge a filter: an invisible character or a bidi reordering
        inside it, a lookalike from another script or a radical in it, or a separator inside
        a title of four characters or more that is the whole name (感|动中国 alone; in a
        sentence a space between words is ordinary)."""
        if h.pinyin:
            return False
        if any(norm.flags[k] & (LOOKALIKE | MIXED | REORDERED) for k in range(h.start, h.end)):
            return True
        removed = norm.removed_inside(h.start, h.end)
        if any(kind == "invisible" for _, kind in removed):
            return True
        return bool(removed) and h.end - h.start >= 4 and h.start == 0 and h.end == len(norm.text)

    def _short_form_inside_words(self, t: str, start: int, end: int) -> bool:
        """A two-character short form (北大, 交大) read across ordinary words: its edge
        character makes a word with the neighbour outside that is not itself taken by a word
        on its other side (东北|大米 and 外交|大臣 hold no 北大, 交大; 北大|学生 does, as 学
        belongs to 学生), or it lies inside a longer ordinary word (环球旅行) that is not the
        short form followed by an organ or unit word (空军基地)."""
        words, n = self._words, len(t)
        if end < n and t[end - 1:end + 1] in words and t[end:end + 2] not in words:
            return True
        if start > 0 and t[start - 1:start + 1] in words and not (start > 1 and t[start - 2:start] in words):
            return True
        if self._has_long_words:
            for e, k in self._long_words.iter(t, max(0, start - 3), min(n, end + 3)):
                s = e - k + 1
                if s <= start and end <= e + 1 and k > end - start:
                    if s == start and t[end:e + 1] in self._organ_words:
                        continue  # 空军|基地: the short form and an organ or unit word
                    return True
        return False

    def _straddles(self, t: str, end: int) -> bool:
        """The name's last character begins an ordinary word (长城网|络, 医师报|名)."""
        return end < len(t) and any(t.startswith(c, end - 1) for c in self._straddle.get(t[end - 1], ()))

    def _product_after(self, t: str, end: int) -> bool:
        """A food or product word right after a place name (金华|火腿, 兰州|拉面): the
        place is the product's origin, as in a shop's name."""
        return end < len(t) and any(t.startswith(w, end) for w in self._products.get(t[end], ()))

    @staticmethod
    def _organ_next_to(organs: list[OrganHit], start: int, end: int) -> bool:
        return any(o.start == end or o.end == start for o in organs)

    def _region_candidates(self, t: str, h: Hit, target: _Target, organs: list[OrganHit]) -> list[Candidate]:
        div = target.division
        assert div is not None
        out: list[Candidate] = []
        short = h.surface.kind in (SurfaceKind.REGION_SHORT, SurfaceKind.REGION_ALIAS)
        rank = _LEVEL_RANK[div.level]
        # a one-character province abbreviation (川, 沪) counts only before a strong organ word;
        # an ordinary word (平安, 长寿) needs a strong organ word, a media word or a clear
        # local-service cue (a place + 在线) next to it: 平安生活 and 健康长寿 are not accounts
        one_char = short and len(h.surface.text) == 1
        common = short and "common_word" in div.flags
        for o in organs:
            if o.alignment is not None and h.alignment is not None and not (
                    min(h.start, o.start) == 0 and max(h.end, o.end) == len(t)
                    and h.alignment.cost + o.alignment.cost <= fuzzy_budget(len(t))):
                continue  # one disguise per composed name, unless it is the whole name within budget
            for p in o.patterns:
                if "weak" in p.flags and (one_char or (common and not (
                        p.category is Category.NEWS_MEDIA or "word_ok" in p.flags))):
                    continue
                if p.position == "suffix" and o.start != h.end:
                    continue
                if p.position == "prefix" and o.end != h.start:
                    continue
                if rank < _LEVEL_RANK.get(p.min_level, 1):
                    continue
                # a pattern written after short names (河南卫健) is also official after the full
                # name (河南省卫健委); one that needs the full name (宝山区…) does not take a short one
                if p.region_form == "full" and short:
                    continue
                if "unit_cue" in p.flags:
                    continue  # handled with military names
                if common and "weak" in p.flags and self._inside_word(t, min(h.start, o.start), max(h.end, o.end)):
                    continue  # 长寿生活馆-like phrases: the pair is itself inside a word
                start, end = min(h.start, o.start), max(h.end, o.end)
                hit = h
                if o.alignment is not None:
                    hit = Hit(Surface(t[start:end], h.surface.target, h.surface.kind, True, h.surface.display),
                              start, end, _merge(h.alignment, o.alignment))
                elif h.alignment is not None:
                    hit = Hit(Surface(t[start:end], h.surface.target, h.surface.kind, True, h.surface.display),
                              start, end, h.alignment)
                if "local_cue" in p.flags or p.category is Category.REGION:
                    out.append(Candidate(hit, target, start, end, div.entity_id, div.name, Category.REGION, True))
                elif p.category is Category.NEWS_MEDIA:
                    name = div.short_name + p.canonical
                    out.append(Candidate(hit, target, start, end, f"{div.entity_id}+{p.canonical}", name,
                                         p.category, True))
                else:
                    name = (p.canonical.replace("{region}", div.name) if "{region}" in p.canonical
                            else div.name + p.canonical)
                    out.append(Candidate(hit, target, start, end, f"{div.entity_id}+{p.canonical}", name,
                                         p.category, True))
        if out:
            return out
        if (h.alignment is not None and h.start == 0 and h.end == len(t) and not short
                and h.surface.kind == SurfaceKind.REGION_FULL and div.status == "current"):
            return [Candidate(h, target, h.start, h.end, div.entity_id, div.name, Category.REGION)]
        if h.alignment is not None and (div.level == "county" or short or len(div.name) < 4):
            return []  # a disguised county or short name counts only in a composed name
        if h.end < len(t) and any(t.startswith(c, h.end) for c in self._address.get(t[h.end], ())):
            return []
        if self._product_after(t, h.end) and not h.alignment:
            return []
        alone = (h.start == 0 and h.end == len(t) and not h.pinyin and not h.alignment and div.status == "current"
                 and h.surface.kind in (SurfaceKind.REGION_SHORT, SurfaceKind.REGION_FULL) and len(t) >= 2
                 and ("common_word" not in div.flags or h.surface.kind == SurfaceKind.REGION_FULL)
                 and not (h.surface.kind == SurfaceKind.REGION_FULL and len(div.name) <= 2))  # 城区, 郊区
        # the whole name is the place (仙桃, 朝阳): the region; a short name that is an everyday
        # word (平安, 光明, 朝阳) alone is a nickname as often as a place and needs context
        if alone:
            return [Candidate(h, target, h.start, h.end, div.entity_id, div.name, Category.REGION)]
        if h.surface.kind == SurfaceKind.REGION_SHORT and self._inside_word(t, h.start, h.end):
            return []
        needs_context = (h.surface.kind == SurfaceKind.REGION_SHORT and (
            div.level == "county" or "common_word" in div.flags or "ambiguous" in div.flags)) or (
            h.surface.kind == SurfaceKind.REGION_FULL and len(div.name) <= 2) or (
            h.surface.kind == SurfaceKind.REGION_ALIAS) or (
            # spelled, a short name that is a word (pingan) is the word; a full name with its
            # suffix (pingdingxian) is the place
            h.pinyin and "common_word" in div.flags and h.surface.kind != SurfaceKind.REGION_FULL)
        if needs_context:
            return []
        return [Candidate(h, target, h.start, h.end, div.entity_id, div.name, Category.REGION)]

    def _bare_organ_candidates(self, t: str, organs: list[OrganHit]) -> list[Candidate]:
        """A strong organ word of three characters or more that is the whole name, alone or
        with an official tail (网信办, 公安局官方): an account presenting itself as that organ
        without saying whose. Reviewed, never rejected: the region is missing, not disguised."""
        body = t
        for tail in _OFFICIAL_TAILS:
            if body.endswith(tail) and len(body) > len(tail):
                body = body[:-len(tail)]
                break
        if len(body) < 3:
            return []
        if not body.endswith(_ORGAN_ENDINGS):
            return []  # a stem (自然资源, 司法) alone is a word; an organ's name ends like one
        for o in organs:
            if o.start != 0 or o.end != len(body) or o.alignment is not None:
                continue
            for p in o.patterns:
                if p.flags & _NOT_BARE or p.category not in _BARE_CATEGORIES:
                    continue
                name = p.canonical.replace("{region}", "")
                hit = Hit(Surface(body, "pattern.organ", SurfaceKind.CUE), 0, len(body))
                return [Candidate(hit, _Target(p.category, name), 0, len(body), f"pattern.organ+{name}", name,
                                  p.category, True)]
        return []

    def _unit_candidates(self, t: str, hits: list[Hit], organs: list[OrganHit]) -> list[Candidate]:
        """Military unit words (部队, 司令部, 集团军 …) after a military name, a region, 中国,
        an army (X军), a unit number (95xxx, 第38), 某, or another unit word (济南军区司令部);
        unit words that are also everyday words (旅, 团, 大队) only after a number or 某;
        ``standalone`` ones (总参谋部) name a body by themselves."""
        # a disguised unit word counts only after a place or a military name (not after a number)
        aligned = {(o.start, o.end): o.alignment for o in organs if o.alignment is not None}
        units = sorted(((o.start, o.end, p) for o in organs
                        if o.alignment is None or len(o.key) >= 3 for p in o.patterns
                        if "unit_cue" in p.flags), key=lambda u: (u[0], -u[1]))
        out: list[Candidate] = []
        if not units:
            return out
        built: list[tuple[int, int]] = []
        for s, e, p in units:
            if any(bs <= s and e <= be for bs, be in built):
                continue  # inside a longer unit word already read (特种部队 over 部队)
            disguise = aligned.get((s, e))
            numbered = "numbered" in p.flags
            anchor = None
            if disguise is not None:
                for h in hits:  # a place or a military name written plainly right before
                    if h.end == s and not h.alignment and (h.surface.target in self._military_ids or (
                            self._targets[h.surface.target].division is not None
                            and h.surface.kind != SurfaceKind.REGION_ALIAS)):
                        anchor = h.start if anchor is None else min(anchor, h.start)
                if anchor is None:
                    continue
                built.append((anchor, e))
                hit = Hit(Surface(t[anchor:e], "pattern.military-unit", SurfaceKind.CUE), anchor, e, disguise)
                out.append(Candidate(hit, _Target(Category.MILITARY, p.canonical), anchor, e,
                                     "pattern.military-unit", t[anchor:s] + p.pattern, Category.MILITARY, True))
                continue
            before = t[:s]
            digits = len(before.rstrip("0123456789"))
            if digits < s:  # 95xxx部队, 38集团军: a unit number
                anchor = digits
                if digits > 0 and t[digits - 1] == "第":
                    anchor = digits - 1
            else:
                k = s
                while k > 0 and t[k - 1] in _CN_NUMERALS:
                    k -= 1
                if k < s and ((k > 0 and t[k - 1] == "第") or s - k >= 2):  # 第三十八集团军
                    anchor = k - 1 if k > 0 and t[k - 1] == "第" else k
            if anchor is None and s > 0 and t[s - 1] == "某":  # 陆军某旅
                anchor = s - 1
            if anchor is not None:  # the army or place that owns the numbered unit
                for h in hits:
                    if anchor - 2 <= h.end <= anchor and (h.surface.target in self._military_ids or (
                            self._targets[h.surface.target].division is not None and not h.alignment)):
                        anchor = min(anchor, h.start)
            for bs, be in built:  # 济南军区 + 司令部, 某旅 + 政治部
                if be == s:
                    anchor = bs if anchor is None else min(anchor, bs)
            if anchor is None and "standalone" in p.flags:
                anchor = s
            if anchor is None and not numbered:
                for h in hits:  # a military name or a place up to two characters before
                    if s - 2 <= h.end <= s and (h.surface.target in self._military_ids or (
                            self._targets[h.surface.target].division is not None and not h.alignment
                            and h.surface.kind != SurfaceKind.REGION_ALIAS)):
                        anchor = h.start if anchor is None else min(anchor, h.start)
                window_start = max(0, s - _UNIT_LOOKBACK)
                window = t[window_start:s]
                if anchor is None and "中国" in window:  # 中国红军指挥部, 中国某某部队
                    anchor = window_start + window.index("中国")
                if anchor is None and window[-1:] == "军":  # X军指挥部: an invented army
                    anchor = s - 2 if s >= 2 else s - 1
            if anchor is None:
                continue
            if len(p.pattern) == 1 and e < len(t) and _is_cjk_text(t[e]) and t[e] not in "部长" and not any(
                    u[0] == e for u in units):
                continue  # 第一团|购: a one-character unit word ends the name or comes before another
            built.append((anchor, e))
            hit = Hit(Surface(t[anchor:e], "pattern.military-unit", SurfaceKind.CUE), anchor, e)
            out.append(Candidate(hit, _Target(Category.MILITARY, p.canonical), anchor, e, "pattern.military-unit",
                                 t[anchor:e], Category.MILITARY, True))
        return out

    @staticmethod
    def _resolve(cands: list[Candidate]) -> list[Candidate]:
        """One finding per place in the text.

        1. Among overlapping readings of the *same* entity keep one: a disguise over a
           plain reading (the stricter explanation), then the longest, then the cheapest.
        2. A plain pattern-built reading (an invented unit, a region + organ word) that
           overlaps a disguised *listed* entity is dropped: 仲国人民解放军北京卫戍区 is the
           disguised 中国人民解放军北京卫戍区, not an invented unit.
        3. Across entities, a reading that overlaps a better one by at least half its
           length is dropped, unless it is a disguise of a longer name containing it;
           "better" weighs length against cost (3 per unit), and prefers a named
           entity to a region-built one. So 中国人民解放军海军 beats 海军 and
           浙江日报 beats 浙江.
        """
        # (the overlap tests look only at readings that share a position: a per-position
        # index keeps this linear in a bio with hundreds of names)
        best_per_entity: list[Candidate] = []
        per_entity: dict[str, list[Candidate]] = defaultdict(list)
        for c in sorted(cands, key=lambda c: (not c.disguised, -c.span, c.hit.cost, c.start)):
            if any(c.start < k.end and k.start < c.end for k in per_entity[c.entity_id]):
                continue
            best_per_entity.append(c)
            per_entity[c.entity_id].append(c)

        listed_disguises = [c for c in best_per_entity if c.disguised and not c.built and c.target.division is None]
        if listed_disguises:
            disguise_at = _PositionIndex(listed_disguises)
            best_per_entity = [c for c in best_per_entity if not (c.built and not c.disguised and any(
                min(c.end, k.end) - max(c.start, k.start) >= k.span / 2 for k in disguise_at.over(c.start, c.end)))]

        def quality(c: Candidate):
            inserted = len(c.hit.alignment.insertions) if c.hit.alignment else 0
            # an inserted character is weaker evidence than a lookalike in place: 中国亥工业报
            # is 中国核工业报 with 亥 for 核 before it is 中国工业报 with 亥 inserted
            div = c.target.division
            # a current division before a former one of the same name (安宁市, not 安宁县)
            return (-(c.span - 3 * c.hit.cost - inserted), div is not None,
                    div is not None and div.status != "current", c.start)

        kept: list[Candidate] = []
        kept_at = _PositionIndex([])
        ties: Counter = Counter()  # readings kept per span
        for c in sorted(best_per_entity, key=quality):
            for k in kept_at.over(c.start, c.end):
                if min(c.end, k.end) - max(c.start, k.start) < c.span / 2:
                    continue
                # a disguised longer name around an exact shorter one (证券时报两: 证券时报 and a
                # swapped 证券时报网) is reported too: the reviewer sees both readings
                if c.disguised and c.start <= k.start and k.end <= c.end and c.span > k.span:
                    continue
                # two places the same disguise stands for equally well (瓶山县: 平山县 or 屏山县, one
                # homophone each): the reviewer sees both, not whichever came first
                if (c.disguised and k.disguised and (c.start, c.end) == (k.start, k.end)
                        and c.target.division is not None and k.target.division is not None
                        and c.category is k.category is Category.REGION and abs(c.hit.cost - k.hit.cost) < 1e-9
                        and ties[(c.start, c.end)] < _EQUAL_PLACES_MAX):
                    continue
                # one spelling of two composed names (shuiwuju: 水务局 and 税务局 after one place):
                # letters carry no tone or shape to choose by, so both are reported
                if (c.hit.pinyin and k.hit.pinyin and (c.start, c.end) == (k.start, k.end) and c.built and k.built
                        and c.target is k.target and ties[(c.start, c.end)] < _EQUAL_PLACES_MAX):
                    continue
                break
            else:
                kept.append(c)
                kept_at.add(c)
                ties[(c.start, c.end)] += 1
        kept.sort(key=lambda c: c.start)
        return kept

    def _finding(self, field: Field, norm: Normalized, c: Candidate) -> Finding:
        h, target, s, e = c.hit, c.target, c.start, c.end
        entity_id, entity_name, category = c.entity_id, c.entity_name, c.category
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
            if f & REORDERED:  # shown in another order than typed (a bidi override)
                if Technique.REORDER not in techniques:
                    techniques.append(Technique.REORDER)
                    notes.append("reordered for display by bidi controls")
                f &= ~REORDERED
            if not f:
                continue
            orig = norm.original[norm.starts[k]:norm.ends[k]]
            tech = (Technique.HOMOGLYPH if f & LOOKALIKE else Technique.MIXED_SCRIPT if f & MIXED
                    else Technique.VARIANT_FORM)
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
        if h.surface.kind == SurfaceKind.ABBREVIATION and Technique.ABBREVIATION not in techniques:
            techniques.append(Technique.ABBREVIATION)
        if h.surface.kind == SurfaceKind.SWAPPED and Technique.REORDER not in techniques:
            techniques.append(Technique.REORDER)
            notes.append("its two words in the other order")
        if not techniques:
            techniques.append(Technique.EXACT)
        if target.closed:
            score = 1.0 - (h.cost / max(1, len(h.surface.text)))
        elif h.alignment:
            score = max(0.05, 1.0 - h.cost / max(1, len(h.surface.text)))
        elif h.pinyin:
            score = 0.8
        else:
            score = 1.0
        former = target.division is not None and target.division.status != "current"
        if former:
            score = min(score, 0.5)  # a former name (襄樊, 郫县): history
            notes.append("former division name")
        kind = _KIND_WORDS.get(h.surface.kind, "name")
        expl = f"{category.name.lower()} {entity_name!r} via {kind} {h.surface.text!r}"
        if target.name != entity_name and target.entity is not None:
            expl += f" (official name {target.name!r})"
        if notes:
            expl += ": " + "; ".join(notes)
        subs.sort(key=lambda x: x.position)
        return Finding(field=field, category=category, entity_id=entity_id, entity_name=entity_name,
                       matched_text=norm.original[o_start:o_end], start=o_start, end=o_end,
                       techniques=tuple(techniques), substitutions=tuple(subs), score=round(score, 3),
                       explanation=expl, former_name=former,
                       entity_severity=("high" if target.closed else
                                        target.entity.severity if target.entity is not None else "normal"))
