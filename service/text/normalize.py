"""Text normalisation with a map back to the original code points.

``Normalizer.normalize(text)`` folds a field into the form the matcher searches:

1. invisible and format characters (Cf, Cc other than whitespace, Mn, Me, Co, Cn)
   are removed and remembered (INVISIBLE);
2. separators (whitespace, punctuation, symbols, emoji) are removed and remembered
   (SEPARATOR), so 新 华 社 and 新·华·社 read 新华社;
3. NFKC folds fullwidth, compatibility and Kangxi-radical forms (VARIANT_FORM);
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

DROP_INVISIBLE = "invisible"
DROP_SEPARATOR = "separator"


@dataclass(frozen=True)
class Normalized:
    original: str
    text: str
    starts: tuple[int, ...]   # original start of each text char
    ends: tuple[int, ...]     # original end (exclusive) of each text char
    flags: tuple[int, ...]    # VARIANT | MIXED bits per text char
    removed: tuple[tuple[int, str], ...]  # (original position, DROP_*) of removed chars
    #: ``text`` before traditional→simplified and variant folding (same length): a
    #: lookalike may be a traditional character whose simplified form looks nothing alike
    unfolded: str = ""

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original [start, end) of normalised text[i:j] (j > i)."""
        return self.starts[i], self.ends[j - 1]

    def removed_inside(self, i: int, j: int) -> list[tuple[int, str]]:
        """Removed characters strictly inside the original span of text[i:j]."""
        if j - i < 2:
            return []
        lo, hi = self.starts[i], self.ends[j - 1]
        return [(p, k) for p, k in self.removed if lo < p < hi]


def is_han(ch: str) -> bool:
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3134F
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
        if ch.isspace() or cat[0] in "PSZ":
            res = (DROP_SEPARATOR, "", 0)
        elif cat in ("Cf", "Cc", "Mn", "Me", "Co", "Cn", "Cs"):
            res = (DROP_INVISIBLE, "", 0)
        else:
            out, flag = [], 0
            folded = nfkc
            if folded != ch:
                flag |= VARIANT
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
        expands into several (the common case), a per-character walk otherwise."""
        fast = self._fast_fold(text)
        if fast is None:
            folded, starts, ends, flags, removed = self._slow_fold(text)
        else:
            folded, starts, ends, flags, removed = fast
        unfolded = folded
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
