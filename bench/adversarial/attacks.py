"""Attack techniques, each applied once ("one swap") or twice ("two swaps").

Per-character techniques replace a character (or insert at a gap between two
characters); with two swaps they act at two different places:

- ``glyph-rare`` / ``glyph-gb2312``: a rendered-glyph neighbour (similarity ≥ 0.85,
  one of the three nearest of its kind) outside / inside GB 2312;
- ``homophone``: a GB 2312 character whose first reading in pypinyin's dictionary is
  the character's reading in the name, tone included; ``homophone-tone``: the same
  syllable with another tone;
- ``variant``: an OpenCC traditional / Hong Kong / Taiwan / shinjitai form;
- ``confusable``: a Unicode confusable (UTS #39 data, either direction);
- ``pinyin-mixed``: the character written as its toneless pinyin syllable or initial;
- ``separator``: a visible separator inserted at a gap; ``invisible``: a zero-width,
  format or blank-looking character inserted at a gap;
- ``combo`` (two swaps only): two different per-character techniques.

Whole-name techniques (two swaps = the whole-name form plus one more trick):

- ``traditional``: the whole name through OpenCC s2t (+ a homophone, glyph,
  separator or invisible swap first);
- ``pinyin-full``, ``pinyin-tone-marks``, ``pinyin-tone-numbers``: the name's
  contextual pinyin (+ syllables split by a separator or written in CamelCase);
- ``pinyin-initials`` (names of four or more Han characters): the initials
  (+ upper case split by dots or spaces);
- ``bidi-rlo``: RIGHT-TO-LEFT OVERRIDE + the name reversed (+ optional PDF), which
  displays as the name (+ a per-character swap before reversing).
"""
from __future__ import annotations

import random
import unicodedata

from .oracles import in_gb2312, is_han
from .targets import han_count

SEPARATORS = (" ", "·", "-", "_", ".", "|", "/", "~", "*", "、", "\u3000", "丨", "★", "♥", "❤", "｜", "•")
INVISIBLES = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f",
              "\u034f", "\ufe0f", "\u180e", "\u3164", "\u2800", "\u2061", "\u2062", "\u2063")
RLO, PDF = "\u202e", "\u202c"
GLYPH_MIN = 0.85

SWAP_TECHNIQUES = ("glyph-rare", "glyph-gb2312", "homophone", "homophone-tone", "variant", "confusable",
                   "pinyin-mixed")
GAP_TECHNIQUES = ("separator", "invisible")
WHOLE_TECHNIQUES = ("traditional", "pinyin-full", "pinyin-tone-marks", "pinyin-tone-numbers",
                    "pinyin-initials", "bidi-rlo")
TECHNIQUES = SWAP_TECHNIQUES + GAP_TECHNIQUES + ("combo",) + WHOLE_TECHNIQUES


class NotApplicable(Exception):
    pass


class Attacker:
    def __init__(self, glyph, homophones, variants, confusables):
        self.glyph, self.homo, self.var, self.conf = glyph, homophones, variants, confusables

    # ------------------------------------------------------------ per character
    def swap_options(self, technique: str, text: str, i: int) -> list[str]:
        c = text[i]
        if technique == "confusable":
            return self.conf.of(c)
        if not is_han(c):
            return []
        if technique in ("glyph-rare", "glyph-gb2312"):
            want_gb = technique == "glyph-gb2312"
            out = [n for n, s in self.glyph.neighbours(c)
                   if s >= GLYPH_MIN and in_gb2312(n) == want_gb and not self.var.folds_to(n, c)
                   and unicodedata.normalize("NFKC", n) != c]
            return out[:3]
        if technique == "homophone":
            return [h for h in self.homo.same_tone(text, i) if not self.var.folds_to(h, c)][:12]
        if technique == "homophone-tone":
            return [h for h in self.homo.other_tone(text, i) if not self.var.folds_to(h, c)][:12]
        if technique == "variant":
            return list(self.var.forms(c))
        if technique == "pinyin-mixed":
            syl = self.homo.readings_in(text)[i].rstrip("12345")
            return [syl, syl[0]] if syl.isascii() and syl.isalpha() else []
        raise ValueError(technique)

    def per_char(self, techniques: list[str], text: str, rng: random.Random) -> tuple[str, list]:
        """Apply one edit per technique in ``techniques`` at distinct places."""
        used_pos: set[int] = set()
        used_gap: set[int] = set()
        edits = []
        for t in techniques:
            if t in GAP_TECHNIQUES:
                gaps = [g for g in range(1, len(text)) if g not in used_gap]
                if not gaps:
                    raise NotApplicable(t)
                g = rng.choice(gaps)
                used_gap.add(g)
                ins = rng.choice(SEPARATORS if t == "separator" else INVISIBLES)
                edits.append((g, "", ins, t))
            else:
                opts = [(i, o) for i in range(len(text)) if i not in used_pos
                        for o in [self.swap_options(t, text, i)] if o]
                if not opts:
                    raise NotApplicable(t)
                i, o = rng.choice(opts)
                used_pos.add(i)
                edits.append((i, text[i], rng.choice(o), t))
        return apply_edits(text, edits), edits

    # ------------------------------------------------------------ whole name
    def pinyin(self, text: str, style: str) -> list[str]:
        from pypinyin import Style, lazy_pinyin

        st = {"plain": Style.NORMAL, "marks": Style.TONE, "numbers": Style.TONE3,
              "initials": Style.FIRST_LETTER}[style]
        return lazy_pinyin(text, style=st, errors=lambda s: [s])

    def whole(self, technique: str, text: str, k: int, rng: random.Random) -> tuple[str, list]:
        edits = []
        if technique in ("traditional", "bidi-rlo") and k == 2:
            extra = rng.choice(("homophone", "glyph-gb2312", "separator", "invisible")
                               if technique == "traditional" else
                               ("homophone", "glyph-gb2312", "glyph-rare", "variant", "separator", "invisible"))
            text, edits = self.per_char([extra], text, rng)
        if technique == "traditional":
            out = self.var.whole(text)
            if out == text:
                raise NotApplicable(technique)
            return out, edits + [(0, "", "s2t", technique)]
        if technique == "bidi-rlo":
            return RLO + text[::-1] + (PDF if rng.random() < 0.5 else ""), edits + [(0, "", "RLO", technique)]
        style = {"pinyin-full": "plain", "pinyin-tone-marks": "marks", "pinyin-tone-numbers": "numbers",
                 "pinyin-initials": "initials"}[technique]
        if technique == "pinyin-initials" and han_count(text) < 4:
            raise NotApplicable(technique)
        syl = self.pinyin(text, style)
        if k == 1:
            return "".join(syl), [(0, "", style, technique)]
        if technique == "pinyin-initials":
            sep = rng.choice((".", " ", ""))
            return sep.join(s.upper() for s in syl), [(0, "", style + "+upper", technique)]
        if rng.random() < 0.3 and style != "marks":
            return "".join(s[:1].upper() + s[1:] for s in syl), [(0, "", style + "+camel", technique)]
        sep = rng.choice((" ", "-", ".", "_", "·"))
        return sep.join(syl), [(0, "", style + "+sep", technique)]

    # ------------------------------------------------------------ entry point
    def attack(self, technique: str, k: int, text: str, rng: random.Random) -> tuple[str, list]:
        if technique in WHOLE_TECHNIQUES:
            return self.whole(technique, text, k, rng)
        if k == 2 and han_count(text) < 4:
            raise NotApplicable("two swaps need four Han characters")
        if technique == "combo":
            if k != 2:
                raise NotApplicable("combo is two swaps")
            pool = [t for t in SWAP_TECHNIQUES + GAP_TECHNIQUES if t != "confusable"]
            techniques = rng.sample(pool, 2)
        else:
            techniques = [technique] * k
        return self.per_char(techniques, text, rng)


def apply_edits(text: str, edits: list) -> str:
    """edits: (position, old, new, technique); old == "" inserts before ``position``."""
    chars = list(text)
    for pos, old, new, _ in sorted(edits, key=lambda e: (-e[0], not e[1])):  # swaps before inserts
        if old:
            chars[pos] = new
        else:
            chars.insert(pos, new)
    return "".join(chars)
