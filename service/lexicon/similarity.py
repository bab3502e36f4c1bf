"""Character similarity as data: substitution costs for the weighted edit distance.

Reads the tables built by ``lexicons/build/build_charsim.py``:

- ``charsim/shape.tsv``  — shape-similar pairs (形近字) with a similarity in (0, 1];
- ``charsim/sound.tsv``  — toneless pinyin readings per character (同音字 share one);
- ``charsim/confusables.tsv`` and ``charsim/variants.tsv`` feed the normaliser.

``cost(a, b)`` is 0 for equal characters, small for lookalikes and homophones, 1
otherwise; it also says which technique the pair evidences.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from service.domain.models import Technique
from service.lexicon.tsv import iter_tsv, read_tsv

#: Cost of a same-reading substitution (同音字) and a near reading (zh/z, n/l, an/ang …).
HOMOPHONE_COST = 0.25
NEAR_HOMOPHONE_COST = 0.5
#: Shape similarity below this is not treated as a lookalike.
MIN_SHAPE_SIMILARITY = 0.5
#: A rare character (outside GB2312, marked in shape.tsv's ``rare`` column) written where the
#: name has a common one is strong evidence of a disguise: ordinary text seldom holds one, and
#: evaders pick them because filters lack them. Its lookalike cost is multiplied by this. A
#: common-for-common swap keeps the full cost (it usually spells another word).
RARE_FOR_COMMON_FACTOR = 0.6

_NEAR_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"), ("r", "l"))
_NEAR_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"), ("iang", "ian"), ("uang", "uan"))


#: Letters standing for one character inside a hanzi name (市chang监督管理局, 教y局): the engine
#: puts one *letter token* in the run's place, a code point in Plane 15's private use area that
#: stands for that spelling, and the token costs like a homophone where the name's character is
#: read so (its whole syllable) and a little more where the letters are its initial.
LETTER_SYLLABLE_COST = 0.25
LETTER_INITIAL_COST = 0.4
#: Initials a character may be written as (z for zh-, as people write zg for 中国).
LETTER_INITIALS = ("b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
                   "zh", "ch", "sh", "r", "z", "c", "s", "y", "w")
TOKEN_BASE = 0xF0100   # Plane 15 private use, after the matchers' mask (U+F0000): the normaliser drops Co
TOKEN_LAST = 0xF08FF


def is_letter_token(ch: str) -> bool:
    return TOKEN_BASE <= ord(ch) <= TOKEN_LAST


def near_key(reading: str) -> str:
    """Folds readings that many speakers (and impersonators) treat as the same."""
    for long, short in _NEAR_INITIALS:
        if reading.startswith(long):
            reading = short + reading[len(long):]
            break
    for long, short in _NEAR_FINALS:
        if reading.endswith(long):
            reading = reading[: -len(long)] + short
            break
    return reading


@dataclass
class CharSimilarity:
    shape: dict[tuple[str, str], float] = field(default_factory=dict)
    readings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    confusables: dict[str, str] = field(default_factory=dict)
    variants: dict[str, str] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    #: characters outside the common set (GB2312), as the shape tables mark them
    rare: set[str] = field(default_factory=set)

    def __post_init__(self):
        self._cost_cache: dict[tuple, tuple[float, Technique | None]] = {}
        # one token per spelling: every toneless syllable of the readings table and every initial
        spellings = sorted({r for rs in self.readings.values() for r in rs if r.isascii() and r.isalpha()}
                           | set(LETTER_INITIALS))[:TOKEN_LAST - TOKEN_BASE + 1]
        self._token_of = {sp: chr(TOKEN_BASE + k) for k, sp in enumerate(spellings)}
        self._spelling_of = {t: sp for sp, t in self._token_of.items()}

    def letter_token(self, letters: str) -> str | None:
        """The token standing for ``letters`` (a whole syllable or an initial), or None."""
        return self._token_of.get(letters)

    def token_spelling(self, ch: str) -> str | None:
        return self._spelling_of.get(ch)

    @classmethod
    def load(cls, directory: str | Path) -> "CharSimilarity":
        d = Path(directory)
        sim = cls()
        chars: dict[str, str] = {}   # one object per character and per value: ~28k characters,
        floats: dict[str, float] = {}  # ~1,000 similarity values over ~150k rows
        # measured pairs (one font, chamfer), rendered neighbours in four designs, the curated supplement
        for name in ("shape.tsv", "shape_glyph.tsv", "shape_curated.tsv"):
            if not (d / name).exists():
                continue
            meta: dict[str, str] = {}
            sim.sources[name] = meta
            for row in iter_tsv(d / name, meta):  # one row at a time: ~150k rows
                a, b, rare = row["a"], row["b"], row.get("rare") or ""
                s = floats.setdefault(row["similarity"], float(row["similarity"]))
                if len(a) != 1 or len(b) != 1 or s < MIN_SHAPE_SIMILARITY:
                    continue
                a, b = chars.setdefault(a, a), chars.setdefault(b, b)
                if rare:
                    sim.rare.update(chars.setdefault(c, c) for c in rare)
                    if (a in rare) != (b in rare):
                        # a rare character is only ever looked up as what the text has (found);
                        # the protected names' characters are common: one direction is enough
                        a, b = (a, b) if a in rare else (b, a)
                        sim.shape[(a, b)] = max(s, sim.shape.get((a, b), 0.0))
                        continue
                s = max(s, sim.shape.get((a, b), 0.0))
                sim.shape[(a, b)] = s
                sim.shape[(b, a)] = s
        if (d / "sound.tsv").exists():
            meta, rows = read_tsv(d / "sound.tsv")
            sim.sources["sound.tsv"] = meta
            spellings: dict[str, str] = {}   # ~26k characters share ~400 readings
            for row in rows:
                ch = chars.setdefault(row["char"], row["char"])
                sim.readings[ch] = tuple(spellings.setdefault(r, r) for r in row["readings"].split("|") if r)
            del rows
        if (d / "confusables.tsv").exists():
            meta, rows = read_tsv(d / "confusables.tsv")
            sim.sources["confusables.tsv"] = meta
            targets: dict[str, list[str]] = {}
            for row in rows:
                # only non-ASCII lookalikes fold: ASCII l, I, O are what people type
                if len(row["char"]) == 1 and ord(row["char"]) > 0x7F and len(row["target"]) == 1:
                    targets.setdefault(row["char"], []).append(row["target"])
            for ch, ts in targets.items():  # prefer a letter, then a digit, then a Han character
                sim.confusables[ch] = min(ts, key=lambda t: (not t.isascii() or not t.isalpha(),
                                                             not t.isdigit(), t))
        if (d / "variants.tsv").exists():
            meta, rows = read_tsv(d / "variants.tsv")
            sim.sources["variants.tsv"] = meta
            for row in rows:
                if len(row["variant"]) == 1 and len(row["standard"]) == 1:
                    sim.variants.setdefault(row["variant"], row["standard"])
        sim.__post_init__()
        return sim

    def is_rare(self, ch: str) -> bool:
        """True for a character outside the common set (GB2312) that the shape tables pair."""
        return ch in self.rare

    def readings_of(self, ch: str) -> tuple[str, ...]:
        r = self.readings.get(ch)
        if r is None:
            from pypinyin import Style, pinyin

            seen: list[str] = []  # pypinyin lists the usual reading first: keep that order
            for p in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]:
                p = p.replace("ü", "v")
                if p.isascii() and p.isalpha() and p not in seen:
                    seen.append(p)
            r = tuple(seen)
            self.readings[ch] = r
        return r

    def primary_reading(self, ch: str) -> str:
        r = self.readings_of(ch)
        return r[0] if r else ""

    def cost(self, found: str, expected: str, reading: str | None = None) -> tuple[float, Technique | None]:
        """Substitution cost of writing ``found`` where the protected name has ``expected``.

        ``reading`` is how ``expected`` is read in that name (长 in 长沙 is chang); a
        homophone is a character whose *usual* reading is that reading — rare readings
        of either character (宁 zhu, 波 bei) do not count.
        """
        if found == expected:
            return 0.0, None
        if TOKEN_BASE <= ord(found[0]) <= TOKEN_LAST:
            return self._letters_cost(self._spelling_of.get(found), expected, reading)
        key = (found, expected, reading)
        hit = self._cost_cache.get(key)
        if hit is not None:
            return hit
        best: tuple[float, Technique | None] = (1.0, None)
        s = self.shape.get((found, expected))
        if s is not None:
            c = (1.0 - s) * 1.2
            if found in self.rare and expected not in self.rare:
                c *= RARE_FOR_COMMON_FACTOR   # a rare character standing for a common one
            best = (round(max(0.1, c), 3), Technique.HOMOGLYPH)
        if best[0] > HOMOPHONE_COST and _is_cjk(found) and _is_cjk(expected):
            said = self.primary_reading(found)
            want = reading or self.primary_reading(expected)
            if said and said == want:
                best = (HOMOPHONE_COST, Technique.HOMOPHONE)
            elif said and best[0] > NEAR_HOMOPHONE_COST and near_key(said) == near_key(want):
                best = (NEAR_HOMOPHONE_COST, Technique.HOMOPHONE)
        if len(self._cost_cache) < 500_000:
            self._cost_cache[key] = best
        return best


    def _letters_cost(self, letters: str | None, expected: str, reading: str | None):
        """Letters written for ``expected``: its syllable (tong for 通), or its initial (t, zh)."""
        want = reading or self.primary_reading(expected)
        if not letters or not want:
            return 1.0, None
        if letters == want or ("v" in want and letters == want.replace("v", "u")):  # ü as v or u
            return LETTER_SYLLABLE_COST, Technique.PINYIN
        if letters in LETTER_INITIALS and want.startswith(letters):
            return LETTER_INITIAL_COST, Technique.PINYIN
        return 1.0, None


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
