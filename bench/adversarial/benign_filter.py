"""What may count as benign: the filter of ``bench/benign_corpus.py``, also re-applied at
evaluation time against the lexicon being evaluated.

A profile is not benign when (1) it contains a protected entity surface exactly (name,
alias or abbreviation of two or more characters, after NFKC and lower-casing); (2) its Han
characters alone are a division name, short name or alias; (3) a division name or short
name is followed by a suffix pattern or preceded by a prefix pattern of
``organ_patterns.tsv``; (4) it contains a division's full name; (5, at build time, with a
segmenter) a segmented token is a division surface that is not a CC-CEDICT ordinary word
(``lexicons/words.tsv``).

Re-applying rules 1–4 at evaluation time keeps the corpus benign when the lexicon grows
(a newly listed organ's name in a bio is a true positive, not a false one); the bench and
the CI slice report how many profiles that drops.
"""
from __future__ import annotations

import unicodedata


class BenignFilter:
    def __init__(self, data, words_tsv: frozenset[str] | set[str] = frozenset()):
        import ahocorasick

        self.auto = ahocorasick.Automaton()
        for e in data.entities.values():
            for s in (e.name, *e.aliases, *e.abbreviations):
                s = unicodedata.normalize("NFKC", s or "").lower()
                if len(s) >= 2:
                    self.auto.add_word(s, ("entity", s))
        self.division_any: set[str] = set()
        self.full_names: set[str] = set()
        self.region_forms: dict[str, int] = {}
        for d in data.divisions.values():
            for s in (d.name, d.short_name, *d.aliases):
                if s and len(s) >= 2:
                    self.division_any.add(s)
            if d.status == "current":
                if len(d.name) >= 3:
                    self.full_names.add(d.name)
                for s in (d.name, d.short_name):
                    if s and len(s) >= 2:
                        self.region_forms[s] = 1
        for s in sorted(self.full_names):
            if s not in self.auto:  # an entity surface already rejects it
                self.auto.add_word(s, ("full", s))
        for s in sorted(self.region_forms):
            if s not in self.auto:
                self.auto.add_word(s, ("region", s))
        self.auto.make_automaton()
        self.suffix = tuple(p.pattern for p in data.patterns if p.position == "suffix")
        self.prefix = tuple(p.pattern for p in data.patterns if p.position != "suffix")
        self.words = words_tsv

    def reason(self, text: str, segment=None) -> str:
        """Why ``text`` is not benign ("" when it is). ``segment``: a word segmenter
        (jieba.lcut at build time) for rule 5; without one, rules 1–4 only."""
        t = unicodedata.normalize("NFKC", text).lower()
        han = "".join(c for c in t if "\u4e00" <= c <= "\u9fff")
        if han in self.division_any:
            return "bare division"
        for end, (kind, s) in self.auto.iter(t):
            if kind == "entity":
                return f"entity surface {s}"
            start = end - len(s) + 1
            if kind == "full":
                return f"division full name {s}"
            if t.startswith(self.suffix, end + 1) or any(t.endswith(p, 0, start) for p in self.prefix):
                return f"region + pattern at {s}"
        for tok in (segment(han) if segment else ()):
            if tok in self.division_any and tok not in self.words:
                return f"place token {tok}"
        return ""
