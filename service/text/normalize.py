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
        folded = "".join(chars)
        unfolded = folded
        simplified = self._t2s.convert(folded) if folded else folded
        if simplified != folded:
            if len(simplified) != len(folded):  # phrase conversion changed length: go per char
                simplified = "".join(self._t2s.convert(c) if len(self._t2s.convert(c)) == 1 else c
                                     for c in folded)
            for k, (a, b) in enumerate(zip(folded, simplified)):
                if a != b:
                    flags[k] |= VARIANT
            folded = simplified
        if self.variants:
            out_chars = list(folded)
            for k, c in enumerate(out_chars):
                std = self.variants.get(c)
                if std is not None:
                    out_chars[k] = std
                    flags[k] |= VARIANT
            folded = "".join(out_chars)
        return Normalized(text, folded, tuple(starts), tuple(ends), tuple(flags), tuple(removed), unfolded)
