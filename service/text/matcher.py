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

import functools
from array import array
from bisect import bisect_left, insort
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain
from operator import add
from time import monotonic

import ahocorasick
import numpy as np
from pypinyin import Style, lazy_pinyin

from service.domain.errors import DeadlineExceeded
from service.domain.models import Technique
from service.lexicon.similarity import near_key
from service.text.scoring import INSERTION_COST, MAX_INSERTIONS, Alignment, align


@functools.lru_cache(maxsize=262_144)
def readings_of(text: str) -> tuple[str, ...]:
    """Toneless pinyin of each character in its context (ü as v). pypinyin is the slowest part of
    an engine build; bundled names repeat on every hot reload, so their readings are kept."""
    return tuple(p.replace("ü", "v") for p in lazy_pinyin(text, style=Style.NORMAL))


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


def _shift(a: Alignment, delta: int) -> Alignment:
    """``a`` moved ``delta`` places along the text."""
    if not delta:
        return a
    return Alignment(a.cost, a.length, tuple((j + delta, f, e, t) for j, f, e, t in a.substitutions),
                     tuple(i + delta for i in a.insertions))


def _is_cjk(ch: str) -> bool:
    """A Han character, or a letter token standing for one (see Engine._letters_as_tokens)."""
    return ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\U00020000" <= ch <= "\U000323af"
            or "\U000f0100" <= ch <= "\U000f08ff")


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


#: Work cap per field (issue 8: bounded CPU for any valid bio). A long text (more than
#: _SHORT_TEXT characters) is screened up to the place where it has shown FIELD_MAX_EXACT
#: distinct exact hits, and its fuzzy pass stops where the text has cast FIELD_MAX_VOTES
#: anchor votes (~60 ns each); past either place the field is reported as truncated.
#: Ordinary 200-character bios cast 40 votes at the median and under 10,000 at most.
FIELD_MAX_EXACT = 10
FIELD_MAX_VOTES = 12_000
#: Added to the first finding's explanation of a truncated field.
TRUNCATED_NOTE = " (field screened in part: work cap per field reached, rest not searched)"

_SPAN = 1 << 13   # > longest field (2,000) + bias
_BIAS = 1 << 11   # keeps start = j − position ≥ −_BIAS representable
#: Votes up to this many anchor codes are counted in plain Python (numpy's per-call cost
#: dominates small arrays: a 200-character bio casts a few hundred); larger ones in numpy.
_NUMPY_VOTES = 300
#: Voted windows up to this many are screened by :meth:`SurfaceMatcher._may_hold_fast` one by one.
_NUMPY_WINDOWS = 100
#: -1 padding either side of a text's code points in :meth:`SurfaceMatcher._rare_filter`
#: (more than the longest name plus the insertion reach).
_PAD = 128




#: Two neighbouring characters of a name written in the other order (transposed): the
#: technique the finding names (None until the domain model has one) and its cost each.
REORDER = getattr(Technique, "REORDER", None)
REORDER_COST = 0.25
#: Separates hanzi from pinyin in a mixed-script key; how many hanzi next to a pinyin run count.
_MIXED_SEP = "|"
_MIXED_REACH = 24
_MIXED_SIDE = 12  # hanzi either side; both sides together at most _MIXED_SIDE + 2
_MIXED_VARIANTS = 4
_MIXED_LOOKUPS = 400
#: look-ups per text for names with one or two characters written as letters (中国驻越南大s馆)
_MIXED_ONE_LETTER_LOOKUPS = 600
#: Two substitutions in a short text only in names of at least this many characters.
_TWO_SUB_MIN = 4
#: A two-substitution key shared by more names than this is not indexed (too generic).
_TWO_SUB_GROUP = 24
_OPEN = "\u0001"
#: Masked prefixes longer than this many characters past the mask are not counted (rare).
_TWO_SUB_REACH = 6
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


#: Characters either side of a hit that the rules may look at (organ and address words,
#: allowlisted phrases, unit words): a hit whose surroundings repeat an earlier hit's
#: exactly is decided the same way and need not be decided again.
_CONTEXT = 12


def dedupe_repeats(text: str, hits: list[Hit]) -> list[Hit]:
    """``hits`` without those that repeat an earlier hit of the same surface in the same
    surroundings (±:data:`_CONTEXT` characters): a bio of one name written 300 times
    yields each distinct reading once, so the rules after the matcher stay linear in the
    number of *distinct* readings rather than in the length of the text."""
    if len(hits) < 16:
        return hits
    seen: set = set()
    out = []
    n = len(text)
    for h in hits:
        lo, hi = h.start - _CONTEXT, h.end + _CONTEXT
        key = (id(h.surface), h.pinyin, h.end - h.start, h.cost, lo < 0, hi > n,
               text[max(0, lo):hi])
        if key in seen:
            continue
        seen.add(key)
        out.append(h)
    return out


class SurfaceMatcher:
    """Compiled once per lexicon version; immutable and thread-safe afterwards."""

    def __init__(self, surfaces: list[Surface], similarity, pinyin_index: dict[str, list[Surface]] | None = None,
                 initials_index: dict[str, list[Surface]] | None = None,
                 mixed_initials_index: dict[str, list[Surface]] | None = None):
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
        self._longest = max(map(len, by_text), default=0)
        # the same search in Python for long texts (pyahocorasick scans a node's children in
        # turn, and the root has thousands: ~0.5 µs per character): the lengths of the names
        # that begin with each pair of characters, longest first, and the one-character names
        self._groups = {text: tuple(group) for text, group in by_text.items()}
        lengths: dict[str, set[int]] = defaultdict(set)
        for text in by_text:
            if len(text) >= 2:
                lengths[text[:2]].add(len(text))
        self._starts = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
        self._single = {text for text in by_text if len(text) == 1}
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
        # the same, bigrams and skip-grams apart (keyed by the two characters, so the
        # text's pairs are looked up with map() at C speed)
        self._bigrams = {k: v for k, v in self._anchors.items() if "\u0000" not in k}
        self._skipgrams = {k[0] + k[2]: v for k, v in self._anchors.items() if "\u0000" in k}
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
        self._build_two_substitutions()
        self._length = np.asarray([len(s.text) for s in self._fuzzy] or [0], dtype=np.int64)
        self._build_rare_filter()
        self._pinyin = pinyin_index or {}
        self._initials = initials_index or {}
        #: initials of shorter spelled names (three characters), looked up only with hanzi around
        self._mixed_initials = mixed_initials_index or {}
        self._build_mixed()

    def _build_two_substitutions(self) -> None:
        neighbours: dict[str, list[str]] = defaultdict(list)
        for (a, b) in getattr(self.similarity, "shape", {}):
            neighbours[a].append(b)
        self._neighbours = dict(neighbours)
        self._build_two_keys()

    def _build_two_keys(self) -> None:
        """Index for two substituted characters in a short text (names).

        A name A·x·B·y·C (x, y substituted) is found by exact search over the text masked
        at one of the two places, for one part the other substitution leaves intact: the
        prefix A·?·B (masked at x; it is a prefix of a masked name already in the trie) or
        B·?·C (masked at y), whichever keeps more of the name and is shared by fewer
        names; the rest of the name and the other place are then checked directly. Four-
        character names with both middle characters swapped keep only their first and last
        characters, looked up as a pair.
        """
        count: dict[str, int] = defaultdict(int)
        ends4: dict[str, list[Surface]] = defaultdict(list)
        names = [sf for sf in self._fuzzy if len(sf.text) >= _TWO_SUB_MIN]
        for sf in names:  # how many names share each masked prefix t[:k1]·?·t[k1+1:k2]
            t = sf.text
            for k1 in range(len(t) - 1):
                base = t[:k1] + _MASK
                for k2 in range(k1 + 1, min(len(t), max(k1 + 1, 4) + _TWO_SUB_REACH)):
                    count[base + t[k1 + 1:k2]] += 1
        # entries: (surface, key offset in the name, masked place, other place or −1, key length);
        # other place −1: the second substitution is anywhere after the key (checked directly)
        groups: dict[str, list[tuple[Surface, int, int, int, int]]] = defaultdict(list)
        for sf in names:
            t = sf.text
            L = len(t)
            if L == 4:
                ends4[t[0] + t[3]].append(sf)
            need = 2 if L <= 6 else 3
            for k1 in range(L - 1):
                base = t[:k1] + _MASK
                k2start = L
                for k2 in range(max(k1 + 1, need + 1), L):
                    key = base + t[k1 + 1:k2]
                    if count[key] <= _TWO_SUB_GROUP:
                        groups[key].append((sf, 0, k1, -1, len(key)))
                        k2start = k2
                        break
                # a second substitution right after x (before the prefix is specific enough):
                # search for B·?·C, masked at y
                for k2 in range(k1 + 1, k2start):
                    if L - k1 - 2 >= need:
                        key = t[k1 + 1:k2] + _MASK + t[k2 + 1:]
                        groups[key].append((sf, k1 + 1, k2, k1, len(key)))
        self._masked2 = ahocorasick.Automaton()
        # the characters around the masked place of every key (_OPEN where the key begins or
        # ends there): a set lookup says whether masking the text at j can match at all
        around: set[str] = set()
        for key, group in groups.items():
            if len(group) > _TWO_SUB_GROUP:
                # a common fragment (?日报): keep the B·?·C entries, whose other place is the
                # character just before the key, indexed by what that place expects (its
                # character and its reading), so a text character looks up its own few
                group = [g for g in group if g[3] >= 0]
                if not group:
                    continue
                by_char: dict[str, list] = defaultdict(list)
                by_sound: dict[str, list] = defaultdict(list)
                for g in group:
                    sf, ok = g[0], g[3]
                    by_char[sf.text[ok]].append(g)
                    reading = sf.readings[ok] if sf.readings else self.similarity.primary_reading(sf.text[ok])
                    if reading:
                        by_sound[near_key(reading)].append(g)
                self._masked2.add_word(key, (None, dict(by_char), dict(by_sound), len(key)))
            else:
                self._masked2.add_word(key, tuple(group))
            m = key.index(_MASK)
            if m == 0:  # ?yz…: the two characters after the mask
                around.add(_OPEN + key[1:3])
            elif m == len(key) - 1:  # …wx?: the two before it
                around.add(key[-3:-1] + _OPEN)
            else:  # …x?y…
                around.add(key[m - 1] + key[m + 1])
        self._two_around = around
        self._has_masked2 = len(self._masked2) > 0
        if self._has_masked2:
            self._masked2.make_automaton()
        self._ends4 = dict(ends4)

    # -- pass 1 ----------------------------------------------------------------------
    def exact(self, text: str, max_exact: int | None = None) -> list[Hit]:
        """Every protected name written exactly. With ``max_exact`` (long texts under the work
        cap) the scan may stop once the hits at the first ``max_exact + 1`` distinct starts,
        and every hit starting before the last of them, are found: :meth:`exact_cut` then
        cuts the text at the same place as over the full list."""
        if self._empty or not text:
            return []
        if len(text) > _SHORT_TEXT:
            return self._exact_long(text, max_exact)
        return self._exact_auto(text)

    def _exact_auto(self, text: str, max_exact: int | None = None) -> list[Hit]:
        hits = []
        if max_exact is None:
            for end, group in self._auto.iter(text):
                start = end - len(group[0].text) + 1
                for s in group:
                    hits.append(Hit(s, start, end + 1))
            return hits
        # the automaton reports by end: once the (max_exact + 1)-th smallest start lies a whole
        # name's length behind, every hit that starts before it has been reported
        starts: list[int] = []
        seen: set[int] = set()
        longest = self._longest
        for end, group in self._auto.iter(text):
            if len(starts) > max_exact and end - longest >= starts[max_exact]:
                break
            start = end - len(group[0].text) + 1
            if start not in seen:
                seen.add(start)
                insort(starts, start)
                del starts[max_exact + 1:]
            for s in group:
                hits.append(Hit(s, start, end + 1))
        return hits

    def _exact_long(self, text: str, max_exact: int | None = None) -> list[Hit]:
        """:meth:`exact` without the automaton, in the automaton's order (by end, longest
        first): the pairs of characters that begin a name are looked up with map() in C."""
        n = len(text)
        groups = self._groups
        starts = list(map(self._starts.get, map(add, text, text[1:])))
        if sum(map(len, filter(None, starts))) > n:  # dense in names: the automaton is cheaper
            return self._exact_auto(text, max_exact)
        found = []
        for j, lens in enumerate(starts):
            if lens is None:
                continue
            for L in lens:
                if j + L <= n:
                    group = groups.get(text[j:j + L])
                    if group is not None:
                        found.append((j + L, -L, j, group))
        if self._single:
            found.extend((j + 1, -1, j, groups[c]) for j, c in enumerate(text) if c in self._single)
        found.sort(key=lambda f: (f[0], f[1]))
        return [Hit(s, j, end) for end, _, j, group in found for s in group]

    # -- pass 2 ----------------------------------------------------------------------
    def _vote(self, text: str, unfolded: str | None = None, parts: list | None = None):
        """(keys, counts, shifted) of the (surface, start) pairs that may hold a disguised
        name (see :meth:`_vote_numpy`); few votes are counted in plain Python, where
        numpy's per-call cost would dominate."""
        n = len(text)
        if parts is None:
            parts = self._vote_parts(text)
        if not parts:
            return None
        if sum(len(a) for _, a in parts) > _NUMPY_VOTES:
            return self._vote_numpy(text, unfolded, parts)
        cnt = Counter(chain.from_iterable(map(j.__add__, a.tolist()) for j, a in parts))
        need, length = self._need_l, self._length_l
        get = cnt.get
        kept = []
        top = max(cnt.values())  # no count 1–3 starts later can exceed it
        for key, c in cnt.items():
            sid = key // _SPAN
            nd = need[sid]
            if c >= nd:
                kept.append(key)
            elif c + top >= nd and length[sid] >= 4 and (
                    c + get(key + 1, 0) >= nd or c + get(key + 2, 0) >= nd or c + get(key + 3, 0) >= nd):
                kept.append(key)
        kept.sort()
        keys, counts, shifted = [], [], []
        for key in kept:
            c = cnt[key]
            if self._may_hold_fast(text, unfolded, n, key // _SPAN, key % _SPAN - _BIAS, c):
                keys.append(key)
                counts.append(c)
                shifted.append(max(get(key + 1, 0), get(key + 2, 0), get(key + 3, 0)))
        return keys, counts, shifted

    def _is_pair(self, code: int) -> bool:
        pairs = self._pairs_list
        i = bisect_left(pairs, code)
        return i < len(pairs) and pairs[i] == code

    def _may_hold_fast(self, text: str, unfolded: str | None, n: int, sid: int, start: int, count: int) -> bool:
        """:meth:`_rare_filter` for one window, in plain Python (the same test)."""
        length = self._length_l[sid]
        c0 = self._c0_l[sid]
        if count >= self._need_l[sid] and start >= 0 and start + length <= n:
            pos = start + self._p0_l[sid]
            found = ord(text[pos])
            if found == c0 or self._is_pair(found << 21 | c0):
                return True
            if unfolded is not None and self._is_pair(ord(unfolded[pos]) << 21 | c0):
                return True
            if found > 0x7F and found not in self._sounded_set:
                return True
        if length < 4:
            return False
        e = start + length - 1
        clast = chr(self._clast_l[sid])
        if clast not in text[max(0, e):max(0, e + MAX_INSERTIONS + 1)]:
            return False
        p0, p1 = start + self._p0_l[sid], start + self._p1_l[sid]
        return chr(c0) in text[max(0, p0 - 2):max(0, p0 + MAX_INSERTIONS + 1)] \
            or chr(self._c1_l[sid]) in text[max(0, p1 - 2):max(0, p1 + MAX_INSERTIONS + 1)]

    def _vote_parts(self, text: str) -> list:
        """(position, anchor codes) for every bigram and skip-gram of ``text`` that is part
        of a fuzzy name (looked up with map() at C speed)."""
        parts = [(j, a) for j, a in enumerate(map(self._bigrams.get, map(add, text, text[1:]))) if a is not None]
        parts += [(j, a) for j, a in enumerate(map(self._skipgrams.get, map(add, text, text[2:]))) if a is not None]
        return parts

    def _vote_numpy(self, text: str, unfolded: str | None = None, parts: list | None = None):
        """(keys, counts, shifted) of the (surface, start) pairs that may hold a disguised
        name: counted with numpy over every anchor occurrence, filtered by each name's
        vote threshold; ``shifted`` is the best count 1–3 starts later (insertions)."""
        n = len(text)
        if parts is None:
            parts = self._vote_parts(text)
        if not parts:
            return None
        offsets = [j for j, _ in parts]
        sizes = [len(a) for _, a in parts]
        parts = [a for _, a in parts]
        codes = np.concatenate(parts) + np.repeat(np.asarray(offsets, dtype=np.int64), sizes)
        codes.sort()
        edges = np.flatnonzero(np.diff(codes)) + 1
        starts = np.concatenate(([0], edges))
        keys = codes[starts]
        counts = np.diff(np.append(starts, len(codes)))
        # the best count 1–3 starts later: keys are distinct and sorted, so key + k, if
        # present, is one of the next k entries (a few array comparisons, no search)
        shifted = np.zeros_like(counts)
        for d in range(1, MAX_INSERTIONS + 1):
            if d >= len(keys):
                break
            gap = keys[d:] - keys[:-d]
            hit = (gap >= 1) & (gap <= MAX_INSERTIONS)
            np.maximum(shifted[:-d], np.where(hit, counts[d:], 0), out=shifted[:-d])
        sids = keys // _SPAN
        need = self._need[sids]
        keep = (counts >= need) | ((self._length[sids] >= 4) & (counts + shifted >= need))
        keys, counts, shifted = keys[keep], counts[keep], shifted[keep]
        if len(keys) > _NUMPY_WINDOWS:
            ok = self._rare_filter(text, unfolded, keys // _SPAN, keys % _SPAN - _BIAS, counts)
            keys, counts, shifted = keys[ok], counts[ok], shifted[ok]
        elif len(keys):
            ok = np.fromiter((self._may_hold_fast(text, unfolded, n, k // _SPAN, k % _SPAN - _BIAS, c)
                                 for k, c in zip(keys.tolist(), counts.tolist())), dtype=bool, count=len(keys))
            keys, counts, shifted = keys[ok], counts[ok], shifted[ok]
        return keys.tolist(), counts.tolist(), shifted.tolist()

    def fuzzy(self, text: str, exact_hits: list[Hit], unfolded: str | None = None,
              deadline: float | None = None) -> list[Hit]:
        """Disguised names: for short texts (names) by exact search over masked and
        shortened copies of the text (one substitution, or one run of up to three inserted
        characters, C speed); for long texts (bios) by anchor votes and alignment, which also
        finds two substitutions in long names and insertions combined with a substitution.

        ``deadline`` (a :func:`time.monotonic` value) stops the work with
        :class:`~service.domain.errors.DeadlineExceeded` once it has passed."""
        if deadline is not None and monotonic() > deadline:
            raise DeadlineExceeded("screening deadline passed")
        if len(text) <= _SHORT_TEXT:
            return self._fuzzy_short(text, exact_hits, unfolded)
        return self._fuzzy_long(text, exact_hits, unfolded, deadline)[0]

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
        # two substitutions, unless one substitution already reads the whole text as a name (any
        # other reading of it would be a worse one of the same characters: _resolve drops it)
        if n >= _TWO_SUB_MIN and not any(h.start == 0 and h.end == n for h in hits):
            hits.extend(self._two_substitutions(text, unfolded, covered))
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

    def _two_substitutions(self, text: str, unfolded: str | None, covered) -> list[Hit]:
        """Names (≥ 4 characters) with two characters swapped for lookalikes or homophones,
        or two neighbours transposed, in a short text (see :meth:`_build_two_substitutions`)."""
        n = len(text)
        hits: list[Hit] = []
        found: set[tuple[int, int]] = set()
        # a character inside a protected name written exactly (three characters or more) is
        # that name's, not a swapped-in lookalike of another: no substitution is sought there
        taken = bytearray(n)
        for cs, ce, _ in covered:
            if ce - cs >= 3:
                taken[cs:ce] = b"\x01" * (ce - cs)

        def judge(sf: Surface, start: int, places: tuple[int, int]) -> None:
            t = sf.text
            L = len(t)
            if (id(sf), start) in found:
                return
            subs = []
            total = 0.0
            i1, i2 = places
            reorder = (i2 == i1 + 1 and text[start + i1] == t[i2] and text[start + i2] == t[i1]
                       and REORDER is not None)
            for k in places:
                j = start + k
                ch = text[j]
                if reorder:
                    cost, tech = REORDER_COST, REORDER
                else:
                    if ch == t[k] or not _is_cjk(ch):
                        return
                    reading = sf.readings[k] if sf.readings else None
                    cost, tech = self.similarity.cost(ch, t[k], reading)
                    if tech is None and unfolded is not None and unfolded[j] != ch:
                        cost, tech = self.similarity.cost(unfolded[j], t[k], reading)
                    if tech is None:
                        return
                total += cost
                subs.append((j, ch, t[k], tech))
            if total > fuzzy_budget(L):
                return
            e = start + L
            if any(cs <= start and e <= ce and (ct == sf.target or ce - cs >= e - start)
                   for cs, ce, ct in covered):
                return
            found.add((id(sf), start))
            hits.append(Hit(sf, start, e, Alignment(round(total, 3), L, tuple(subs), ())))

        # two neighbours transposed: exact search over the text with them swapped back
        if REORDER is not None:
            joins = self._joins
            for j in range(n - 1):
                a, b = text[j], text[j + 1]
                if a == b or b + a not in joins or (taken[j] and taken[j + 1]):
                    continue
                swapped = text[:j] + b + a + text[j + 2:]
                for end, group in self._auto.iter(swapped):
                    start = end - len(group[0].text) + 1
                    if start <= j and j + 1 <= end:
                        for sf in group:
                            if sf.fuzzy and len(sf.text) >= _TWO_SUB_MIN:
                                judge(sf, start, (j - start, j + 1 - start))
        # four-character names with both middle characters swapped: first and last kept
        ends4 = self._ends4
        for j in range(n - 3):
            group = ends4.get(text[j] + text[j + 3])
            if group and not (taken[j + 1] or taken[j + 2]):
                for sf in group:
                    judge(sf, j, (1, 2))
        if not self._has_masked2:
            return hits
        around = self._two_around
        for j in range(n):
            if taken[j] or not _is_cjk(text[j]):
                continue
            if not (text[j - 1:j] + text[j + 1:j + 2] in around or _OPEN + text[j + 1:j + 3] in around
                    or (j >= 2 and text[j - 2:j] + _OPEN in around)):
                continue
            masked = text[:j] + _MASK + text[j + 1:]
            for end, group in self._masked2.iter(masked):
                if group[0] is None:  # a common fragment: look up what the place before it can be
                    o = end - group[3]
                    if o < 0:
                        continue
                    group = self._expected_for(text, unfolded, o, j, group[1], group[2])
                for sf, off, mk, ok, klen in group:
                    start = end - klen + 1 - off
                    t = sf.text
                    L = len(t)
                    if start < 0 or start + L > n:
                        continue
                    if ok < 0:
                        # the rest after the key: exactly one more place differs
                        if text[start + klen:start + L] == t[klen:]:
                            continue  # none: one substitution, found by the one-mask search
                        m = -1
                        for k in range(klen, L):
                            if text[start + k] != t[k]:
                                if m >= 0:
                                    m = -2
                                    break
                                m = k
                        if m < 0:
                            continue
                        judge(sf, start, (mk, m))
                    elif text[start:start + ok] == t[:ok]:  # the part before the key is exact
                        judge(sf, start, (ok, mk))
        return hits

    def _expected_for(self, text, unfolded, o, j, by_char, by_sound) -> list:
        """Entries of a common fragment whose expected character at ``o`` the text's
        character there can stand for: itself or a shape neighbour (as typed or folded),
        a (near) homophone, or the masked character (a transposition)."""
        out: list = []
        ch = text[o]
        near = self._neighbours.get(ch, ())
        if unfolded is not None and unfolded[o] != ch:
            near = (*near, *self._neighbours.get(unfolded[o], ()))
        if len(near) < len(by_char):
            chars = {text[j], *near}
        else:  # fewer expected characters than neighbours: test each pair instead
            shape = self.similarity.shape
            alt = unfolded[o] if unfolded is not None else ch
            chars = {c for c in by_char if c == text[j] or (ch, c) in shape or (alt, c) in shape}
        chars.discard(ch)  # written as expected there: not a substitution
        for c in chars:
            out.extend(by_char.get(c, ()))
        if _is_cjk(ch):
            for r in self.similarity.readings_of(ch)[:1]:
                out.extend(g for g in by_sound.get(near_key(r), ()) if g[0].text[g[3]] != ch)
        return out

    def exact_cut(self, text: str, exact_hits: list[Hit], max_exact: int = FIELD_MAX_EXACT) -> int:
        """Where a long text stops being screened under the work cap: after the exact hits
        at its first ``max_exact`` distinct starts (and anything overlapping them); the
        text's length when it holds no more (names are never cut)."""
        if len(text) <= _SHORT_TEXT or len(exact_hits) <= max_exact:
            return len(text)
        starts = sorted({h.start for h in exact_hits})
        if len(starts) <= max_exact:
            return len(text)
        stop = starts[max_exact]
        return max(stop, max(h.end for h in exact_hits if h.start < stop))

    def fuzzy_bounded(self, text: str, exact_hits: list[Hit], unfolded: str | None = None,
                      deadline: float | None = None, max_votes: int | None = FIELD_MAX_VOTES
                      ) -> tuple[list[Hit], int]:
        """:meth:`fuzzy` under the work cap: (hits, how many leading characters of ``text``
        the pass covered). A long text whose anchors cast more than ``max_votes`` votes
        is searched only up to the place where they run out (the rest is not screened for
        disguises; the caller reports the field as truncated)."""
        if deadline is not None and monotonic() > deadline:
            raise DeadlineExceeded("screening deadline passed")
        if len(text) <= _SHORT_TEXT:
            return self._fuzzy_short(text, exact_hits, unfolded), len(text)
        return self._fuzzy_long(text, exact_hits, unfolded, deadline, max_votes)

    def _fuzzy_long(self, text: str, exact_hits: list[Hit], unfolded: str | None = None,
                    deadline: float | None = None, max_votes: int | None = None):
        """(hits in a long text, how many of its leading characters were searched)."""
        n = len(text)
        if n < 3 or not self._anchors or n >= _SPAN - _BIAS:
            return [], n
        parts = self._vote_parts(text)
        covered = n
        if max_votes is not None and sum(len(a) for _, a in parts) > max_votes:
            total = 0
            for j, a in sorted(parts, key=lambda p: p[0]):
                total += len(a)
                if total > max_votes:
                    covered = j
                    break
            text = text[:covered]
            unfolded = unfolded[:covered] if unfolded is not None else None
            exact_hits = [h for h in exact_hits if h.end <= covered]
            n = covered
            parts = self._vote_parts(text)
        hits = self._fuzzy_long_voted(text, exact_hits, unfolded, deadline, self._vote(text, unfolded, parts))
        return hits, covered

    def _fuzzy_long_voted(self, text: str, exact_hits: list[Hit], unfolded: str | None,
                          deadline: float | None, voted) -> list[Hit]:
        n = len(text)
        if not voted:
            return []
        exact_spans = {(h.surface.text, h.start) for h in exact_hits}
        # reach[i]: the furthest end of an exact hit that starts at or before i, so "some
        # exact hit covers [start, end)" is one lookup (a scan of every hit per candidate
        # was quadratic in a bio of repeated names)
        reach = [0] * (n + 1)
        by_target: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for h in exact_hits:
            if h.end > reach[h.start]:
                reach[h.start] = h.end
            by_target[h.surface.target].append((h.start, h.end))
        for i in range(1, n + 1):
            if reach[i - 1] > reach[i]:
                reach[i] = reach[i - 1]
        hits: list[Hit] = []
        need_of, surfaces = self._need, self._fuzzy
        memo: dict = {}
        for step, (key, count, _shifted) in enumerate(zip(*voted)):
            if deadline is not None and not step & 63 and monotonic() > deadline:
                raise DeadlineExceeded("screening deadline passed")
            sid, start = divmod(key, _SPAN)
            start -= _BIAS
            s = surfaces[sid]
            plen = len(s.text)
            if (s.text, start) in exact_spans:
                continue
            # another protected name written exactly over this whole window explains it
            if 0 <= start <= n and reach[start] >= start + plen:
                continue
            if not self._may_hold(s, sid, start, count, text, unfolded):
                continue
            # the same name over the same characters was judged already (a bio of repeats)
            lo = max(0, start - 2)
            memo_key = (sid, count >= need_of[sid], start - lo, text[lo:start + plen + MAX_INSERTIONS],
                        unfolded[lo:start + plen + MAX_INSERTIONS] if unfolded is not None else None)
            if memo_key in memo:
                judged = memo[memo_key]
                if judged is None:
                    continue
                best, rel = _shift(judged[0], lo - judged[2]), judged[1]
                best_start = lo + rel
            else:
                best, best_start = self._judge_window(s, sid, start, count, text, unfolded)
                memo[memo_key] = None if best is None else (best, best_start - lo, lo)
            if best is None or best.cost == 0:
                continue
            end = best_start + best.length
            # the entity written exactly over this window (法治日报 near its former name 法制日报)
            # is not a disguise of it
            if any(cs <= best_start and end <= ce for cs, ce in by_target.get(s.target, ())):
                continue
            hits.append(Hit(s, best_start, end, best))
        return hits

    def _build_rare_filter(self) -> None:
        """Arrays for :meth:`_rare_filter`: each fuzzy name's two rarest characters and their
        places, its last character, and every (found, expected) pair the similarity table
        could accept for a rarest character (shape neighbours, and characters whose usual
        reading is near the expected one), as sorted int64 codes."""
        fz = self._fuzzy
        first = [s.order[0] if s.order else 0 for s in fz]
        second = [s.order[1] if len(s.order) > 1 else (s.order[0] if s.order else 0) for s in fz]
        self._p0 = np.asarray(first or [0], dtype=np.int64)
        self._p1 = np.asarray(second or [0], dtype=np.int64)
        self._c0 = np.asarray([ord(s.text[k]) for s, k in zip(fz, first)] or [0], dtype=np.int64)
        self._c1 = np.asarray([ord(s.text[k]) for s, k in zip(fz, second)] or [0], dtype=np.int64)
        self._clast = np.asarray([ord(s.text[-1]) for s in fz] or [0], dtype=np.int64)
        sim = self.similarity
        readings = getattr(sim, "readings", {})
        by_sound: dict[str, list[int]] = defaultdict(list)
        for ch, rs in readings.items():
            if rs and len(ch) == 1:
                by_sound[near_key(rs[0])].append(ord(ch))
        self._sounded = np.asarray(sorted(ord(c) for c in readings if len(c) == 1) or [0], dtype=np.int64)
        pairs: set[int] = set()
        for (a, b) in getattr(sim, "shape", {}):
            pairs.add(ord(a) << 21 | ord(b))
        wanted: set[tuple[str, str]] = set()
        for s, k in zip(fz, first):
            r = s.readings[k] if s.readings else None
            for want in ([r] if r else []) + [x for x in readings.get(s.text[k], ())[:1]]:
                wanted.add((s.text[k], near_key(want)))
        for ch, key in wanted:
            code = ord(ch)
            pairs.update(f << 21 | code for f in by_sound.get(key, ()))
        self._pairs = np.asarray(sorted(pairs) or [0], dtype=np.int64)
        # the same as Python lists and sets, for the scalar filter of a few windows
        self._pairs_list = array("q", sorted(pairs))  # (a set of 370,000 ints would be ~25 MB)
        self._sounded_set = frozenset(ord(c) for c in readings if len(c) == 1)
        self._p0_l, self._p1_l = first, second
        self._c0_l, self._c1_l = self._c0.tolist(), self._c1.tolist()
        self._clast_l = self._clast.tolist()
        self._need_l, self._length_l = self._need.tolist(), self._length.tolist()

    def _rare_filter(self, text: str, unfolded: str | None, sids, starts, counts):
        """Vectorised :meth:`_may_hold` (a superset of it; :meth:`_may_hold_fast` is the
        same test one window at a time): which voted windows may hold a disguise at all,
        before any per-window Python work. The text's code points sit between -1 padding
        and are read with ``take(mode="clip")`` (np.clip's Python wrapper cost ~10 µs a call)."""
        n = len(text)
        w = MAX_INSERTIONS + 3  # the rarest characters are sought from 2 before to 3 after

        def padded(s: str):
            codes = np.full(n + 2 * _PAD, -1, dtype=np.int64)
            codes[_PAD:_PAD + n] = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32)
            return codes

        codes = padded(text)
        length = self._length[sids]
        c0 = self._c0[sids]
        base = starts + _PAD
        # same length: the rarest character written, or a pair the table may accept
        same = (counts >= self._need[sids]) & (starts >= 0) & (starts + length <= n)
        pos0 = base + self._p0[sids]
        found = codes.take(pos0, mode="clip")
        pair = found << 21 | c0
        pairs, sounded = self._pairs, self._sounded
        ok = (found == c0) | (pairs.take(pairs.searchsorted(pair), mode="clip") == pair)
        if unfolded is not None and unfolded != text:
            upair = padded(unfolded).take(pos0, mode="clip") << 21 | c0
            ok |= pairs.take(pairs.searchsorted(upair), mode="clip") == upair
        # read by pypinyin later: keep
        ok |= (found > 0x7F) & (sounded.take(sounded.searchsorted(found), mode="clip") != found)
        same &= ok
        # an insertion: the last character a few places on, a rarest one within reach
        wins = np.lib.stride_tricks.sliding_window_view(codes, w)
        last = (wins.take(base + length - 1, axis=0, mode="clip")[:, :MAX_INSERTIONS + 1]
                == self._clast[sids][:, None]).any(axis=1)
        rare = (wins.take(pos0 - 2, axis=0, mode="clip") == c0[:, None]).any(axis=1)
        rare |= (wins.take(base + self._p1[sids] - 2, axis=0, mode="clip") == self._c1[sids][:, None]).any(axis=1)
        return same | ((length >= 4) & last & rare)

    def _may_hold(self, s: Surface, sid: int, start: int, count: int, text: str, unfolded: str | None) -> bool:
        """Cheap tests that rule out most voted windows before any alignment: the name's
        rarest character is there as written or as a lookalike / homophone (same length),
        or its last character and one of its two rarest are in reach (an insertion)."""
        plen = len(s.text)
        n = len(text)
        if count >= self._need[sid] and start + plen <= n:
            p = s.order[0] if s.order else 0
            found, want = text[start + p], s.text[p]
            if found == want:
                return True
            reading = s.readings[p] if s.readings else None
            if self.similarity.cost(found, want, reading)[1] is not None:
                return True
            if unfolded is not None and unfolded[start + p] != found \
                    and self.similarity.cost(unfolded[start + p], want, reading)[1] is not None:
                return True
        if plen < 4 or s.text[-1] not in text[start + plen - 1:start + plen + MAX_INSERTIONS]:
            return False
        window = text[max(0, start - 2):start + plen + MAX_INSERTIONS]
        return any(s.text[k] in window for k in s.order[:2])

    def _judge_window(self, s: Surface, sid: int, start: int, count: int, text: str,
                      unfolded: str | None) -> tuple[Alignment | None, int]:
        """The cheapest disguise of ``s`` starting at (or, after an insertion, just before)
        ``start``: (alignment or None, its start)."""
        n = len(text)
        plen = len(s.text)
        sim = self.similarity
        need_of = self._need
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
        # and, written as such, one of its two rarest characters (a name that shares only a
        # common tail with the text, 职业技术学院, is not aligned at every place it could be)
        if best is None and plen >= 4 and s.text[-1] in text[start + plen - 1:start + plen + MAX_INSERTIONS] \
                and any(s.text[k] in text[max(0, start - 2):start + plen + MAX_INSERTIONS] for k in s.order[:2]) \
                and self._chars_present(s.text, text, start):
            for st in (start, start - 1, start - 2):  # anchors after an insertion shift the start
                if st < 0:
                    continue
                a = align(s.text, text, st, sim, budget, unfolded, s.readings)
                if a is not None and (best is None or a.cost < best.cost):
                    best, best_start = a, st
        return best, best_start

    @staticmethod
    def _chars_present(pattern: str, text: str, start: int) -> bool:
        """Cheap filter before the insertion alignment: all but one or two of the name's
        characters occur, in order, in the window (a greedy subsequence count)."""
        window = text[max(0, start):start + len(pattern) + MAX_INSERTIONS]
        slack = 1 if len(pattern) <= 6 else 2
        if len(set(pattern).difference(window)) > slack:
            return False  # (set arithmetic in C rules out most windows at once)
        i = 0
        for c in window:
            if i < len(pattern) and c == pattern[i]:
                i += 1
            elif i + 1 < len(pattern) and c == pattern[i + 1]:  # skip one substituted character
                i += 2
        return i >= len(pattern) - (1 if len(pattern) <= 6 else 2)

    def _build_mixed(self) -> None:
        """Keys for names written part in hanzi, part in pinyin (人民ribao, renmin日报, 环球sb):
        for every split of a spelled name, the hanzi head with the tail's pinyin (full or
        initials) and the head's pinyin with the hanzi tail."""
        self._mixed: dict[str, list[Surface]] = defaultdict(list)
        spelled = {id(sf): sf for group in self._pinyin.values() for sf in group}
        for sf in spelled.values():
            t = sf.text
            if len(t) < 3 or not all(_is_cjk(c) for c in t):
                continue
            syl = list(sf.readings) if len(sf.readings) == len(t) else \
                list(readings_of(t))
            if len(syl) != len(t) or not all(r.isascii() and r.isalpha() for r in syl):
                continue
            for p in range(1, len(t)):
                for forms, tail_side in ((syl[p:], True), (syl[:p], False)):
                    full = "".join(forms)
                    spellings = {full} if len(full) >= 2 else set()
                    if len(forms) >= 2:  # initials only for two syllables or more (rb, not r)
                        spellings.add("".join(x[0] for x in forms))
                    for latin in spellings:
                        key = (t[:p] + _MIXED_SEP + latin) if tail_side else (latin + _MIXED_SEP + t[p:])
                        self._mixed[key].append(sf)
        self._mixed = dict(self._mixed)

    def _latin_runs(self, text: str):
        """(letters, positions) per run of ASCII letters; a tone number (xin1hua2) inside or
        after a run is skipped."""
        i, n = 0, len(text)
        while i < n:
            if not ("a" <= text[i] <= "z"):
                i += 1
                continue
            letters, pos = [], []
            j = i
            while j < n:
                c = text[j]
                if "a" <= c <= "z":
                    letters.append(c)
                    pos.append(j)
                elif "1" <= c <= "5" and j > i and "a" <= text[j - 1] <= "z":
                    pass  # a tone number
                else:
                    break
                j += 1
            yield "".join(letters), pos, i, j
            i = j

    # -- pass 3 ----------------------------------------------------------------------
    def pinyin(self, text: str) -> list[Hit]:
        """Latin runs that spell a protected name in pinyin (full, or initials for the whole
        run; tone numbers allowed), and names written part in hanzi, part in pinyin."""
        if not self._pinyin:
            return []
        hits = []
        mixed = self._mixed
        n = len(text)
        one_letter_budget = [_MIXED_ONE_LETTER_LOOKUPS]  # per text: z中z中… stays linear and small
        for run, pos, i, j in self._latin_runs(text):
            found = False
            for s in self._pinyin.get(run, ()):
                hits.append(Hit(s, i, j, None, pinyin=True))
                found = True
            if not found and len(run) >= 9:
                for k in range(len(run) - 7, 7, -1):  # longest prefix / suffix of at least 8 letters
                    for part, a, b in ((run[:k], i, pos[k - 1] + 1), (run[-k:], pos[-k], j)):
                        for s in self._pinyin.get(part, ()):
                            hits.append(Hit(s, a, b, None, pinyin=True))
                            found = True
                    if found:
                        break
            if not found:
                for s in self._initials.get(run, ()):
                    hits.append(Hit(s, i, j, None, pinyin=True))
            # one character of a long name written as its initial or syllable (中国驻越南大s馆)
            if len(run) <= 6 and self._initials and (
                    (i > 0 and _is_cjk(text[i - 1])) or (j < n and _is_cjk(text[j]))):
                if one_letter_budget[0] > 0:
                    hits.extend(self._mixed_one_letter(text, run, i, j, one_letter_budget))
            if len(run) < 2 or not mixed:
                continue
            # hanzi before the run (新华|she) or after it (xinhua|社)
            for q in range(1, _MIXED_REACH + 1):
                a = i - q
                if a < 0 or not _is_cjk(text[a]):
                    break
                for s in mixed.get(text[a:i] + _MIXED_SEP + run, ()):
                    hits.append(Hit(s, a, j, None, pinyin=True))
            for q in range(1, _MIXED_REACH + 1):
                b = j + q
                if b > n or not _is_cjk(text[b - 1]):
                    break
                for s in mixed.get(run + _MIXED_SEP + text[j:b], ()):
                    hits.append(Hit(s, i, b, None, pinyin=True))
            # hanzi on both sides (新|hua|社): spell the hanzi around the run with their usual
            # readings, look the whole up as full pinyin, and keep names whose characters are
            # the hanzi written there
            if i > 0 and j < n and _is_cjk(text[i - 1]) and _is_cjk(text[j]):
                hits.extend(self._mixed_both_sides(text, run, i, j))
        return hits

    def _mixed_one_letter(self, text: str, run: str, i: int, j: int, budget: list[int]) -> list[Hit]:
        """Names of four characters or more (the initials index) with one or two characters
        written as their syllable (xin) or initial (x, zh) and the others as hanzi (中国驻越南大s馆,
        z国人民j放军): the pieces around this run are read as initials, the whole looked up among
        names' initials, and a name is kept when its hanzi are the ones written there and each
        run of letters spells the reading of the character it stands for. Only windows whose
        first run of letters is this one are tried, so each window is looked up once."""
        n = len(text)
        readings = self.similarity.readings_of
        budget[0] -= 4  # reading the pieces around the run costs about as much as four look-ups

        def token_at(k: int, forward: bool):
            """(start, end, hanzi or letters) of the piece that ends before k / starts at k."""
            if forward:
                if k >= n:
                    return None
                if _is_cjk(text[k]):
                    return (k, k + 1, text[k])
                e = k
                while e < n and "a" <= text[e] <= "z":
                    e += 1
                return (k, e, text[k:e]) if 0 < e - k <= 6 else None
            if k <= 0:
                return None
            if _is_cjk(text[k - 1]):
                return (k - 1, k, text[k - 1])
            b0 = k
            while b0 > 0 and "a" <= text[b0 - 1] <= "z":
                b0 -= 1
            return (b0, k, text[b0:k]) if 0 < k - b0 <= 6 else None

        def initial(piece: str) -> str | None:
            if not _is_cjk(piece[0]):
                return piece[0]
            r = readings(piece)
            return r[0][0] if r else None

        # pieces to the left: hanzi only (a run of letters to the left would have been tried first)
        lefts: list[tuple[int, str, list[str]]] = [(i, "", [])]
        k = i
        while len(lefts) <= _MIXED_SIDE:
            tok = token_at(k, False)
            if tok is None or not _is_cjk(tok[2][0]):
                break
            c = initial(tok[2])
            if c is None:
                break
            k = tok[0]
            lefts.append((k, c + lefts[-1][1], [tok[2]] + lefts[-1][2]))
        rights: list[tuple[int, str, list[str]]] = [(j, "", [])]
        k, letters_runs = j, 0
        while len(rights) <= _MIXED_SIDE:
            tok = token_at(k, True)
            if tok is None:
                break
            if not _is_cjk(tok[2][0]):
                letters_runs += 1
                if letters_runs > 1:   # at most two runs of letters in one name
                    break
            c = initial(tok[2])
            if c is None:
                break
            k = tok[1]
            rights.append((k, rights[-1][1] + c, rights[-1][2] + [tok[2]]))
        out = []
        # hanzi among the pieces right of the run (those left of it are all hanzi)
        right_hanzi = [sum(_is_cjk(x[0]) for x in rp) for _, _, rp in rights]
        for start, left, lp in lefts:
            for (end, right, rp), rh in zip(rights, right_hanzi):
                pieces = lp + [run] + rp
                if len(pieces) < 3:
                    continue
                if budget[0] <= 0:
                    return out
                budget[0] -= 1
                key = left + run[0] + right
                found = self._initials.get(key, ())
                if len(lp) + rh >= 2:
                    found = (*found, *self._mixed_initials.get(key, ()))
                for s in found:
                    t = s.text
                    if len(t) != len(pieces):
                        continue
                    ok = True
                    for q, piece in enumerate(pieces):
                        if _is_cjk(piece[0]):
                            if piece != t[q]:
                                ok = False
                                break
                            continue
                        want = s.readings[q] if len(s.readings) == len(t) else (readings(t[q])[:1] or ("",))[0]
                        if not (piece == want or (len(piece) <= 2 and want.startswith(piece)
                                                  and (len(piece) == 1 or piece in ("zh", "ch", "sh")))):
                            ok = False
                            break
                    if ok:
                        out.append(Hit(s, start, end, None, pinyin=True))
        return out

    def _mixed_both_sides(self, text: str, run: str, i: int, j: int) -> list[Hit]:
        """Names written hanzi · pinyin · hanzi: the hanzi either side spelled with their
        readings (a character read two ways, 长 chang/zhang, both), the whole looked up
        as full pinyin; kept where the name's characters are the hanzi written there.
        At most :data:`_MIXED_VARIANTS` spellings per side and :data:`_MIXED_LOOKUPS`
        look-ups per run keep a bio of such runs linear."""
        n = len(text)
        readings = self.similarity.readings_of
        out = []
        budget = _MIXED_LOOKUPS
        lefts = [""]
        for q1 in range(1, _MIXED_SIDE + 1):
            a = i - q1
            if a < 0 or not _is_cjk(text[a]):
                break
            rs = readings(text[a])[:2] or ("",)
            lefts = [r + x for x in lefts for r in rs][:_MIXED_VARIANTS]
            rights = [""]
            for q2 in range(1, _MIXED_SIDE + 3 - q1):
                b = j + q2
                if b > n or not _is_cjk(text[b - 1]):
                    break
                rs = readings(text[b - 1])[:2] or ("",)
                rights = [x + r for x in rights for r in rs][:_MIXED_VARIANTS]
                for left in lefts:
                    for right in rights:
                        budget -= 1
                        for s in self._pinyin.get(left + run + right, ()):
                            t = s.text
                            if len(t) > q1 + q2 and t[:q1] == text[a:i] and t[-q2:] == text[j:b]:
                                out.append(Hit(s, a, b, None, pinyin=True))
                if budget <= 0:
                    return out
        return out
