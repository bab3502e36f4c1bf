"""Text normalisation with a map back to the original code points.

``Normalizer.normalize(text)`` folds a field into the form the matcher searches:

1. invisible and format characters (Cf, Cc other than whitespace, Mn, Me, Co, Cn, and
   the Hangul fillers, letters that draw nothing) are removed and remembered (INVISIBLE);
2. separators (whitespace, punctuation, symbols, emoji) are removed and remembered
   (SEPARATOR), so 新 华 社 and 新·华·社 read 新华社;
3. NFKC folds fullwidth and compatibility forms (VARIANT_FORM); Kangxi radicals,
   compatibility ideographs and CJK radicals (supplement) that look like an ideograph
   fold to it as lookalikes (LOOKALIKE: a disguise, HOMOGLYPH);
4. Unicode confusables fold lookalike Cyrillic/Greek letters to Latin (MIXED_SCRIPT);
5. accented Latin folds to ASCII with unidecode (pinyin tone marks), then lowercase;
6. traditional → simplified with OpenCC, and the variant-character table (VARIANT_FORM).

Each output character keeps the [start, end) code-point span it came from, so a
finding can point at exactly what the user typed.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Mapping

from unidecode import unidecode

# per-character flags
VARIANT = 1
MIXED = 2
REORDERED = 4   # shown elsewhere than typed: a bidi override or embedding moved it
#: a character no one types for the ideograph it stands for: a Kangxi radical, a CJK
#: compatibility ideograph or a CJK radical (supplement) folded to the ideograph it looks
#: like. Unlike a traditional or fullwidth form (VARIANT) it is a disguise.
LOOKALIKE = 8


def is_lookalike_block(ch: str) -> bool:
    """Kangxi radicals, the CJK Radicals Supplement and the CJK compatibility ideographs."""
    cp = ord(ch)
    return (0x2E80 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


#: Explicit bidi formatting characters (embeddings, overrides, isolates and their ends).
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
BIDI_CONTROLS = frozenset((LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI))
_MAX_DEPTH = 125

DROP_INVISIBLE = "invisible"
#: Letters (category Lo) that draw nothing: the Hangul fillers, default-ignorable in Unicode
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
DROP_SEPARATOR = "separator"
#: Ideographs that are single strokes and serve as separators in names (新闻丨快讯, 北京丶发布):
#: no word is written with them
STROKE_SEPARATORS = frozenset("\u4e28\u4e36")


@dataclass(frozen=True)
class Normalized:
    original: str
    text: str
    starts: tuple[int, ...]   # original start of each text char
    ends: tuple[int, ...]     # original end (exclusive) of each text char
    flags: tuple[int, ...]    # VARIANT | MIXED | LOOKALIKE | REORDERED bits per text char
    removed: tuple[tuple[int, str], ...]  # (original position, DROP_*) of removed chars
    #: ``text`` before traditional→simplified and variant folding (same length): a
    #: lookalike may be a traditional character whose simplified form looks nothing alike
    unfolded: str = ""

    #: True when bidi controls reordered the text: ``text`` is in displayed order and
    #: ``starts`` is then not monotonic
    reordered: bool = False

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original [start, end) of normalised text[i:j] (j > i)."""
        if self.reordered:
            return min(self.starts[i:j]), max(self.ends[i:j])
        return self.starts[i], self.ends[j - 1]

    def removed_inside(self, i: int, j: int) -> list[tuple[int, str]]:
        """Removed characters strictly inside the original span of text[i:j]."""
        if j - i < 2:
            return []
        lo, hi = self.span(i, j)
        hi -= 1
        return [(p, k) for p, k in self.removed if lo < p < hi]


def is_han(ch: str) -> bool:
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x323AF
            or 0xF900 <= cp <= 0xFAFF)


class Normalizer:
    """Stateless after construction; safe to share between threads."""

    def __init__(self, variants: Mapping[str, str] | None = None,
                 confusables: Mapping[str, str] | None = None, converter=None):
        self.variants = dict(variants or {})
        self.confusables = dict(confusables or {})
        if converter is None:
            import opencc

            converter = opencc.OpenCC("t2s")
        self._t2s = converter
        self._cache: dict[str, tuple] = {}
        # fast-path state, filled lazily as characters are first seen
        self._dropped: dict[str, str] = {}   # char → DROP_* kind
        self._expanding: set[str] = set()    # chars that fold into several (①→1 is one; ㈱ → 株 is one)
        self._flagged: dict[str, int] = {}   # char → VARIANT / MIXED
        self._table = _FoldTable(self)
        self._variant_table = {ord(k): v for k, v in self.variants.items()}

    def _classify(self, ch: str) -> tuple:
        """(kind, output chars, flag) for one input character; cached."""
        hit = self._cache.get(ch)
        if hit is not None:
            return hit
        cat = unicodedata.category(ch)
        nfkc = unicodedata.normalize("NFKC", ch)
        if nfkc != ch and any(unicodedata.category(c)[0] in "LN" for c in nfkc):
            cat = "Lo"  # a compatibility form of a letter (Kangxi radical ⼈, circled ①)
        radical = self.confusables.get(ch, "") if is_lookalike_block(ch) and nfkc == ch else ""
        if radical and len(radical) == 1 and is_han(radical):
            # a CJK radical (supplement) drawn like an ideograph (⺠ for 民): a disguise, not a
            # separator; folded to the ideograph (then traditional → simplified, variants)
            res = ("keep", self.variants.get(radical, radical), LOOKALIKE)
        elif ch.isspace() or cat[0] in "PSZ" or ch in STROKE_SEPARATORS:
            res = (DROP_SEPARATOR, "", 0)
        elif cat in ("Cf", "Cc", "Mn", "Me", "Co", "Cn", "Cs") or ch in BLANK_LETTERS:
            res = (DROP_INVISIBLE, "", 0)
        else:
            out, flag = [], 0
            folded = nfkc
            if folded != ch:
                flag |= VARIANT
                if is_lookalike_block(ch) and any(is_han(c) for c in folded):
                    flag |= LOOKALIKE  # ⽇ (Kangxi radical sun), 視 (U+FA61) for 日, 視
            for c in folded:
                cc = unicodedata.category(c)
                if cc[0] in "PSZ" or cc in ("Cf", "Cc", "Mn", "Me"):
                    continue  # NFKC produced punctuation (e.g. ⑴ → (1)): not part of the name
                if c in self.confusables and not is_han(c):
                    c = self.confusables[c]
                    flag |= MIXED
                elif c in self.variants:
                    c = self.variants[c]
                    flag |= VARIANT
                elif ord(c) > 0x7F and c.isalpha() and not is_han(c) and unicodedata.category(c) in ("Ll", "Lu"):
                    ascii_form = unidecode(c)
                    if ascii_form.isalpha() and ascii_form.isascii():
                        c = ascii_form  # tone-marked pinyin, accented Latin
                out.append(c.lower())
            res = ("keep", "".join(out), flag)
        if len(self._cache) < 200_000:
            self._cache[ch] = res
        return res

    def normalize(self, text: str) -> Normalized:
        """Folds ``text``; a few C-level passes (str.translate, OpenCC) when no character
        expands into several (the common case), a per-character walk otherwise. Text with
        bidi embeddings, overrides or isolates is first put in the order it is displayed in
        (a run reversed under RLO reads as the reader sees it)."""
        if not BIDI_CONTROLS.isdisjoint(text):
            order = visual_order(text)
            if order != list(range(len(text))):
                return self._normalize_reordered(text, order)
        fast = self._fast_fold(text)
        if fast is None:
            folded, starts, ends, flags, removed = self._slow_fold(text)
        else:
            folded, starts, ends, flags, removed = fast
        unfolded = self._as_written(text, folded, starts, ends)
        simplified = self._t2s.convert(folded) if folded else folded
        if simplified != folded:
            if len(simplified) != len(folded):  # phrase conversion changed length: go per char
                simplified = "".join(self._t2s.convert(c) if len(self._t2s.convert(c)) == 1 else c
                                     for c in folded)
            flags = list(flags)
            for k, (a, b) in enumerate(zip(folded, simplified)):
                if a != b:
                    flags[k] |= VARIANT
            folded = simplified
        if self.variants:
            varied = folded.translate(self._variant_table)
            if varied != folded:
                flags = list(flags)
                for k, (a, b) in enumerate(zip(folded, varied)):
                    if a != b:
                        flags[k] |= VARIANT
                folded = varied
        return Normalized(text, folded, tuple(starts), tuple(ends), tuple(flags), tuple(removed), unfolded)

    @staticmethod
    def _as_written(text: str, folded: str, starts, ends) -> str:
        """``folded`` with each Han character that came from one written Han character put
        back as written (蛍, a variant folded to 萤, may itself be the lookalike of 学)."""
        if folded == text:
            return folded  # nothing folded (most text): no walk
        out = None
        for k, c in enumerate(folded):
            s = starts[k]
            if ends[k] - s == 1 and text[s] != c and is_han(c) and is_han(text[s]):
                if out is None:
                    out = list(folded)
                out[k] = text[s]
        return folded if out is None else "".join(out)

    def _normalize_reordered(self, text: str, order: list[int]) -> Normalized:
        """Normalises the displayed order ``order`` (original indices, bidi controls left
        out) and maps every offset back to ``text``."""
        shown = "".join(text[i] for i in order)
        inner = self.normalize(shown)
        starts = tuple(order[k] for k in inner.starts)
        rank = {i: r for r, i in enumerate(sorted(order))}  # logical place among the shown
        flags = tuple(f | (REORDERED if rank[order[k]] != k else 0) for f, k in zip(inner.flags, inner.starts))
        shown_at = set(order)
        removed = sorted([(order[p], kind) for p, kind in inner.removed]
                         + [(i, DROP_INVISIBLE) for i in range(len(text)) if i not in shown_at])
        return Normalized(text, inner.text, starts, tuple(s + 1 for s in starts), flags, tuple(removed),
                          inner.unfolded, reordered=True)

    def _fast_fold(self, text: str):
        """(folded, starts, ends, flags, removed), or None when some character expands."""
        table = self._table
        folded = text.translate(table)  # classifies unseen characters through __missing__
        if self._expanding and not self._expanding.isdisjoint(text):
            return None
        dropped = self._dropped
        if len(folded) == len(text):  # nothing removed, nothing expanded
            starts = range(len(text))
            removed: list[tuple[int, str]] = []
        else:
            starts = [i for i, c in enumerate(text) if c not in dropped]
            removed = [(i, dropped[c]) for i, c in enumerate(text) if c in dropped]
        flagged = self._flagged
        if flagged and not flagged.keys().isdisjoint(text):
            flags = [flagged.get(text[i], 0) for i in starts]
        else:
            flags = [0] * len(folded)
        return folded, starts, [i + 1 for i in starts], flags, removed

    def _slow_fold(self, text: str):
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        flags: list[int] = []
        removed: list[tuple[int, str]] = []
        classify = self._classify
        for pos, ch in enumerate(text):
            kind, out, flag = classify(ch)
            if kind != "keep":
                removed.append((pos, kind))
                continue
            for c in out:
                chars.append(c)
                starts.append(pos)
                ends.append(pos + 1)
                flags.append(flag)
        return "".join(chars), starts, ends, flags, removed


class _FoldTable(dict):
    """A ``str.translate`` table that classifies each new character once (thread-safe:
    a race only computes the same entry twice)."""

    def __init__(self, normalizer: "Normalizer"):
        super().__init__()
        self._n = normalizer

    def __missing__(self, cp: int):
        ch = chr(cp)
        kind, out, flag = self._n._classify(ch)
        if kind != "keep":
            self._n._dropped[ch] = kind
            value = None
        else:
            if len(out) != 1:
                self._n._expanding.add(ch)
            if flag:
                self._n._flagged[ch] = flag
            value = out
        if len(self) < 200_000:
            self[cp] = value
        return value


def _strong(ch: str) -> str:
    """'L', 'R' or '' (not strong) for one character's bidi class."""
    c = unicodedata.bidirectional(ch)
    return "L" if c == "L" else "R" if c in ("R", "AL") else ""


def _first_strong(text: str, i: int, stop_at_pdi: bool) -> str:
    """Direction of the first strong character from ``i`` (rule P2), skipping isolates."""
    depth = 0
    for ch in text[i:]:
        if ch in (LRI, RLI, FSI):
            depth += 1
        elif ch == PDI:
            if depth == 0 and stop_at_pdi:
                return ""
            depth = max(0, depth - 1)
        elif depth == 0:
            d = _strong(ch)
            if d:
                return d
    return ""


def visual_order(text: str) -> list[int]:
    """Indices of ``text`` in the order a Unicode bidi renderer shows them on one line,
    explicit formatting characters left out: the explicit rules of UAX #9 (embeddings,
    overrides, isolates; X1–X8), the implicit levels (I1, I2; neutrals take the
    embedding direction) and the reversal of runs (L2). Characters under RLO are shown
    reversed; Han and Latin inside RLE or RLI keep their order."""
    base = 1 if _first_strong(text, 0, False) == "R" else 0
    stack: list[tuple[int, str, bool]] = [(base, "", False)]  # (level, override L/R/"", isolate)
    overflow = 0
    levels: list[int] = []
    kept: list[int] = []
    for i, ch in enumerate(text):
        level, override, _ = stack[-1]
        if ch in (RLE, LRE, RLO, LRO, RLI, LRI, FSI):
            isolate = ch in (RLI, LRI, FSI)
            rtl = ch in (RLE, RLO, RLI) or (ch == FSI and _first_strong(text, i + 1, True) == "R")
            if isolate:  # the initiator itself sits at the outer level (not shown)
                pass
            new = (level + 1) | 1 if rtl else (level + 2) & ~1
            if new <= _MAX_DEPTH and not overflow:
                stack.append((new, "R" if ch == RLO else "L" if ch == LRO else "", isolate))
            else:
                overflow += 1
            continue
        if ch == PDI:
            overflow = 0
            while len(stack) > 1 and not stack[-1][2]:
                stack.pop()
            if len(stack) > 1:
                stack.pop()
            continue
        if ch == PDF:
            if overflow:
                overflow -= 1
            elif len(stack) > 1 and not stack[-1][2]:
                stack.pop()
            continue
        cls = unicodedata.bidirectional(ch)
        if cls == "BN":
            continue  # removed by X9 (zero-width and other format characters)
        if override:
            kind = override
        elif cls == "L":
            kind = "L"
        elif cls in ("R", "AL"):
            kind = "R"
        elif cls in ("EN", "AN"):
            kind = "N"  # a number
        else:
            kind = "L" if level % 2 == 0 else "R"  # neutrals take the embedding direction
        if level % 2 == 0:
            lv = level + (1 if kind == "R" else 2 if kind == "N" else 0)
        else:
            lv = level + (1 if kind in ("L", "N") else 0)
        levels.append(lv)
        kept.append(i)
    if not levels:
        return []
    top = max(levels)
    lowest_odd = min((lv for lv in levels if lv % 2), default=top + 1)
    order = list(kept)
    for lv in range(top, lowest_odd - 1, -1):  # L2: reverse every run at this level or higher
        k = 0
        n = len(order)
        while k < n:
            if levels[k] >= lv:
                e = k
                while e < n and levels[e] >= lv:
                    e += 1
                order[k:e] = order[k:e][::-1]
                levels[k:e] = levels[k:e][::-1]
                k = e
            else:
                k += 1
    return order
