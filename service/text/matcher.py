"""Multi-pattern search with lookalike-tolerant candidates.

Three passes over a normalised field:

1. **exact** — one Aho-Corasick automaton (pyahocorasick, C speed) over every
   protected surface form;
2. **fuzzy** — candidates from character bigrams and skip-grams shared with a
   protected name (a dict lookup per position), verified by a weighted edit
   distance whose substitution costs come from the similarity table
   (:mod:`service.text.scoring`); this finds 人民曰报 (曰 for 日), 中国青年豹 (豹 for 报), 中国科学研究院 (研究 inserted);
3. **pinyin** — Latin runs compared with the full pinyin and initials of names.

It knows nothing about categories or decisions; :mod:`service.text.engine`
turns hits into findings.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import ahocorasick
import numpy as np

from service.text.scoring import INSERTION_COST, MAX_INSERTIONS, Alignment, align


@dataclass(frozen=True)
class Surface:
    """One searchable form of one protected target."""

    text: str        # normalised
    target: str      # entity id, division key, closed-name id or pattern key
    kind: str        # name | alias | abbreviation | region_full | region_short | closed | cue
    fuzzy: bool = False
    display: str = ""  # the form as the lexicon writes it (before normalisation)
    readings: tuple[str, ...] = ()  # pinyin of each character as read in this name (for homophones)
    #: positions to compare first (rarest characters first), so a window that is not
    #: this name fails on its first comparison
    order: tuple[int, ...] = ()


@dataclass(frozen=True)
class Hit:
    surface: Surface
    start: int       # normalised offsets, [start, end)
    end: int
    alignment: Alignment | None = None  # None: exact
    pinyin: bool = False

    @property
    def cost(self) -> float:
        return self.alignment.cost if self.alignment else 0.0


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def fuzzy_budget(length: int) -> float:
    """Largest total cost a disguised name of ``length`` characters may have."""
    if length <= 2:
        return 0.0
    if length == 3:
        return 0.5
    if length == 4:
        return 0.65
    if length <= 6:
        return 0.85
    return 1.05


_SPAN = 1 << 13   # > longest field (2,000) + bias
_BIAS = 1 << 11   # keeps start = j − position ≥ −_BIAS representable




#: Texts up to this many characters (names) use the masked-search fuzzy pass.
_SHORT_TEXT = 40
#: Stands for "any character" in masked names; a private-use code point no text contains
#: after normalisation (private-use characters are removed as invisible).
_MASK = "\U000F0000"


def min_votes(length: int) -> int:
    """Anchors (bigrams + skip-grams) a disguised name of ``length`` must keep.

    A name has 2·length − 3 anchors; one substituted character breaks at most four.
    Up to six characters one substitution is allowed, two beyond; one anchor of slack.
    """
    subs = 1 if length <= 6 else 2
    return max(1 if length == 3 else 2, 2 * length - 3 - 4 * subs - 1)


class SurfaceMatcher:
    """Compiled once per lexicon version; immutable and thread-safe afterwards."""

    def __init__(self, surfaces: list[Surface], similarity, pinyin_index: dict[str, list[Surface]] | None = None,
                 initials_index: dict[str, list[Surface]] | None = None):
        self.similarity = similarity
        by_text: dict[str, list[Surface]] = defaultdict(list)
        for s in surfaces:
            if s.text:
                by_text[s.text].append(s)
        self._auto = ahocorasick.Automaton()
        for text, group in by_text.items():
            self._auto.add_word(text, tuple(group))
        if by_text:
            self._auto.make_automaton()
        self._empty = not by_text
        # anchors: bigram / skip-gram → codes; a code is sid·_SPAN − position + _BIAS, so the
        # code plus a text position j is one int naming (surface, start = j − position)
        anchors: dict[str, list[int]] = defaultdict(list)
        self._fuzzy: list[Surface] = []
        for text, group in by_text.items():
            fuzzy = [s for s in group if s.fuzzy]
            if not fuzzy or len(text) < 3 or not all(_is_cjk(c) for c in text):
                continue
            for s in fuzzy:
                sid = len(self._fuzzy)
                self._fuzzy.append(s)
                for i in range(len(text) - 1):
                    anchors[text[i:i + 2]].append(sid * _SPAN - i + _BIAS)
                for i in range(len(text) - 2):
                    anchors[text[i] + "\u0000" + text[i + 2]].append(sid * _SPAN - i + _BIAS)
        self._anchors = {k: np.asarray(v, dtype=np.int64) for k, v in anchors.items()}
        self._need = np.asarray([min_votes(len(s.text)) for s in self._fuzzy] or [0], dtype=np.int64)
        # masked forms: every fuzzy name with one character replaced by _MASK, so that one
        # substitution anywhere is found by exact search over the text masked at that place
        masked: dict[str, list[tuple[Surface, int]]] = defaultdict(list)
        for sf in self._fuzzy:
            for k in range(len(sf.text)):
                masked[sf.text[:k] + _MASK + sf.text[k + 1:]].append((sf, k))
        self._masked = ahocorasick.Automaton()
        for key, group in masked.items():
            self._masked.add_word(key, tuple(group))
        # which masked or shortened copies can match at all (a set lookup instead of a scan):
        # around a masked place the name has x?y in its middle, ?yz at its head or wx? at its
        # tail; around a cut the name has the two characters the cut brings together
        self._mid = {sf.text[k - 1] + sf.text[k + 1] for sf in self._fuzzy for k in range(1, len(sf.text) - 1)}
        self._head = {sf.text[1:3] for sf in self._fuzzy}
        self._tail = {sf.text[-3:-1] for sf in self._fuzzy}
        self._joins = {sf.text[k:k + 2] for sf in self._fuzzy if len(sf.text) >= 4 for k in range(len(sf.text) - 1)}
        if masked:
            self._masked.make_automaton()
        self._length = np.asarray([len(s.text) for s in self._fuzzy] or [0], dtype=np.int64)
        self._pinyin = pinyin_index or {}
        self._initials = initials_index or {}

    # -- pass 1 ----------------------------------------------------------------------
    def exact(self, text: str) -> list[Hit]:
        if self._empty or not text:
            return []
        hits = []
        for end, group in self._auto.iter(text):
            start = end - len(group[0].text) + 1
            for s in group:
                hits.append(Hit(s, start, end + 1))
        return hits

    # -- pass 2 ----------------------------------------------------------------------
    def _vote(self, text: str):
        """(keys, counts, shifted) of the (surface, start) pairs that may hold a disguised
        name: counted with numpy over every anchor occurrence, filtered by each name's
        vote threshold; ``shifted`` is the best count 1–3 starts later (insertions)."""
        n = len(text)
        get = self._anchors.get
        parts, offsets, sizes = [], [], []
        for j in range(n - 1):
            a = get(text[j:j + 2])
            if a is not None:
                parts.append(a)
                offsets.append(j)
                sizes.append(len(a))
            if j + 2 < n:
                a = get(text[j] + "\u0000" + text[j + 2])
                if a is not None:
                    parts.append(a)
                    offsets.append(j)
                    sizes.append(len(a))
        if not parts:
            return None
        codes = np.concatenate(parts) + np.repeat(np.asarray(offsets, dtype=np.int64), sizes)
        codes.sort()
        edges = np.flatnonzero(np.diff(codes)) + 1
        starts = np.concatenate(([0], edges))
        keys = codes[starts]
        counts = np.diff(np.append(starts, len(codes)))
        shifted = np.zeros_like(counts)
        for k in range(1, MAX_INSERTIONS + 1):
            idx = np.searchsorted(keys, keys + k)
            idx[idx >= len(keys)] = len(keys) - 1
            np.maximum(shifted, np.where(keys[idx] == keys + k, counts[idx], 0), out=shifted)
        sids = keys // _SPAN
        need = self._need[sids]
        keep = (counts >= need) | ((self._length[sids] >= 4) & (counts + shifted >= need))
        return keys[keep].tolist(), counts[keep].tolist(), shifted[keep].tolist()

    def fuzzy(self, text: str, exact_hits: list[Hit], unfolded: str | None = None) -> list[Hit]:
        """Disguised names: for short texts (names) by exact search over masked and
        shortened copies of the text (one substitution, or one run of up to three inserted
        characters, C speed); for long texts (bios) by anchor votes and alignment, which also
        finds two substitutions in long names and insertions combined with a substitution."""
        if len(text) <= _SHORT_TEXT:
            return self._fuzzy_short(text, exact_hits, unfolded)
        return self._fuzzy_long(text, exact_hits, unfolded)

    def _fuzzy_short(self, text: str, exact_hits: list[Hit], unfolded: str | None) -> list[Hit]:
        n = len(text)
        if n < 3 or self._empty:
            return []
        sim = self.similarity
        exact_at = {(h.surface.target, h.start, h.end) for h in exact_hits}
        covered = [(h.start, h.end, h.surface.target) for h in exact_hits]
        hits: list[Hit] = []
        # one substitution at j
        mid, head, tail = self._mid, self._head, self._tail
        for j in range(n):
            if not _is_cjk(text[j]):
                continue
            if not (text[j - 1:j] + text[j + 1:j + 2] in mid or text[j + 1:j + 3] in head
                    or (j >= 2 and text[j - 2:j] in tail)):
                continue
            masked = text[:j] + _MASK + text[j + 1:]
            for end, group in self._masked.iter(masked):
                start = end - len(group[0][0].text) + 1
                for sf, k in group:
                    reading = sf.readings[k] if sf.readings else None
                    expected = sf.text[k]
                    cost, tech = sim.cost(text[j], expected, reading)
                    if tech is None and unfolded is not None and unfolded[j] != text[j]:
                        cost, tech = sim.cost(unfolded[j], expected, reading)
                    if tech is None or cost > fuzzy_budget(len(sf.text)):
                        continue
                    e = start + len(sf.text)
                    if any(cs <= start and e <= ce and (ct == sf.target or ce - cs >= e - start)
                           for cs, ce, ct in covered):
                        continue  # written exactly there already (as this name or a longer one)
                    hits.append(Hit(sf, start, e, Alignment(round(cost, 3), len(sf.text),
                                                            ((j, text[j], expected, tech),), ())))
        # one run of 1–3 inserted characters at j
        joins = self._joins
        for j in range(1, n - 1):
            for k in range(1, MAX_INSERTIONS + 1):
                if j + k >= n:
                    break
                if text[j - 1] + text[j + k] not in joins:
                    continue
                shortened = text[:j] + text[j + k:]
                for end, group in self._auto.iter(shortened):
                    start = end - len(group[0].text) + 1
                    if not start < j <= end:
                        continue  # the deletion must fall inside the name
                    for sf in group:
                        if not sf.fuzzy or len(sf.text) < 4:
                            continue
                        e = end + 1 + k
                        if (sf.target, start, e) in exact_at:
                            continue
                        hits.append(Hit(sf, start, e, Alignment(
                            round(INSERTION_COST * k, 3), len(sf.text) + k, (), tuple(range(j, j + k)))))
        return hits

    def _fuzzy_long(self, text: str, exact_hits: list[Hit], unfolded: str | None = None) -> list[Hit]:
        n = len(text)
        if n < 3 or not self._anchors or n >= _SPAN - _BIAS:
            return []
        voted = self._vote(text)
        if not voted:
            return []
        exact_spans = {(h.surface.text, h.start) for h in exact_hits}
        covered = [(h.start, h.end, h.surface.target) for h in exact_hits]
        hits: list[Hit] = []
        need_of, surfaces, sim = self._need, self._fuzzy, self.similarity
        for key, count, _shifted in zip(*voted):
            sid, start = divmod(key, _SPAN)
            start -= _BIAS
            s = surfaces[sid]
            plen = len(s.text)
            if (s.text, start) in exact_spans:
                continue
            # another protected name written exactly over this whole window explains it
            if any(hs <= start and start + plen <= he for hs, he, _ in covered):
                continue
            budget = fuzzy_budget(plen)
            best, best_start = None, start
            # the rarest character of the name decides most windows at once: written there
            # (or a lookalike / homophone of it), or not a same-length disguise
            p = s.order[0] if s.order else 0
            same_length = count >= need_of[sid] and start + plen <= n and (
                text[start + p] == s.text[p]
                or sim.cost(text[start + p], s.text[p], s.readings[p] if s.readings else None)[1] is not None
                or (unfolded is not None
                    and sim.cost(unfolded[start + p], s.text[p], s.readings[p] if s.readings else None)[1]
                    is not None))
            if same_length:
                best = align(s.text, text, start, sim, budget, unfolded, s.readings, insertions=False,
                             order=s.order)
            # an insertion keeps the name's last character, a few places further on
            if best is None and plen >= 4 and s.text[-1] in text[start + plen - 1:start + plen + MAX_INSERTIONS] \
                    and self._chars_present(s.text, text, start):
                for st in (start, start - 1, start - 2):  # anchors after an insertion shift the start
                    if st < 0:
                        continue
                    a = align(s.text, text, st, sim, budget, unfolded, s.readings)
                    if a is not None and (best is None or a.cost < best.cost):
                        best, best_start = a, st
            if best is None or best.cost == 0:
                continue
            end = best_start + best.length
            # the entity written exactly over this window (法治日报 near its former name 法制日报)
            # is not a disguise of it
            if any(cs <= best_start and end <= ce and ct == s.target for cs, ce, ct in covered):
                continue
            hits.append(Hit(s, best_start, end, best))
        return hits

    @staticmethod
    def _chars_present(pattern: str, text: str, start: int) -> bool:
        """Cheap filter before the insertion alignment: all but one or two of the name's
        characters occur, in order, in the window (a greedy subsequence count)."""
        window = text[max(0, start):start + len(pattern) + MAX_INSERTIONS]
        i = 0
        for c in window:
            if i < len(pattern) and c == pattern[i]:
                i += 1
            elif i + 1 < len(pattern) and c == pattern[i + 1]:  # skip one substituted character
                i += 2
        return i >= len(pattern) - (1 if len(pattern) <= 6 else 2)

    # -- pass 3 ----------------------------------------------------------------------
    def pinyin(self, text: str) -> list[Hit]:
        """Latin runs that spell a protected name in pinyin (full, or initials for the whole run)."""
        if not self._pinyin:
            return []
        hits = []
        i, n = 0, len(text)
        while i < n:
            if not ("a" <= text[i] <= "z"):
                i += 1
                continue
            j = i
            while j < n and "a" <= text[j] <= "z":
                j += 1
            run = text[i:j]
            found = False
            for s in self._pinyin.get(run, ()):
                hits.append(Hit(s, i, j, None, pinyin=True))
                found = True
            if not found and len(run) >= 9:
                for k in range(len(run) - 7, 7, -1):  # longest prefix / suffix of at least 8 letters
                    for part, a, b in ((run[:k], i, i + k), (run[-k:], j - k, j)):
                        for s in self._pinyin.get(part, ()):
                            hits.append(Hit(s, a, b, None, pinyin=True))
                            found = True
                    if found:
                        break
            if not found:
                for s in self._initials.get(run, ()):
                    hits.append(Hit(s, i, j, None, pinyin=True))
            i = j
        return hits

