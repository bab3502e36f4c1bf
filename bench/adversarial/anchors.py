"""Two plain anchors over the same lexicon the engine loads.

- :class:`Substring`: raw substring search (Aho-Corasick) for every entity name, alias
  and abbreviation and every division name and short name of at least ``min_len``
  characters, plus composed names (a division name or short name immediately followed
  by a suffix pattern, or preceded by a prefix pattern, of ``organ_patterns.tsv``).
  Any match is REVIEW. No normalisation at all.
- :class:`Fuzzy`: RapidFuzz ``fuzz.partial_ratio`` of the raw text against the same
  surfaces and the patterns (``process.cdist``); a text is flagged at threshold ``t``
  when some entity or division surface scores ≥ ``t``; a composed name is found when
  both its division and its pattern score ≥ ``t``.

Both report findings as (category, entity name), so :mod:`.judge` scores them the same
way as the engine.
"""
from __future__ import annotations

from collections import defaultdict

import ahocorasick
import numpy as np
from rapidfuzz import fuzz, process

from .judge import finding_names_target


def lexicon_surfaces(data) -> list[tuple[str, str, str]]:
    """(surface, category, entity name) for every entity and current division surface."""
    out = set()
    for e in data.entities.values():
        for s in (e.name, *e.aliases, *e.abbreviations):
            if s and len(s) >= 2:
                out.add((s, e.category.name, e.name))
    for d in data.divisions.values():
        if d.status != "current":
            continue
        for s in (d.name, d.short_name, *d.aliases):
            if s and len(s) >= 2:
                out.add((s, "REGION", d.name))
    return sorted(out)


class Substring:
    def __init__(self, data, min_len: int = 2):
        self.min_len = min_len
        self.auto = ahocorasick.Automaton()
        entries: dict[str, list] = defaultdict(list)
        for s, cat, name in lexicon_surfaces(data):
            if len(s) >= min_len:
                entries[s].append((cat, name))
        self.region_surfaces: dict[str, list] = defaultdict(list)
        for d in data.divisions.values():
            if d.status == "current":
                for s in {d.name, d.short_name} - {""}:
                    self.region_surfaces[s].append(d)
        for s in self.region_surfaces:
            entries.setdefault(s, [])
        for s, v in entries.items():
            self.auto.add_word(s, (s, tuple(v)))
        self.auto.make_automaton()
        self.suffix = [p for p in data.patterns if p.position == "suffix"]
        self.prefix = [p for p in data.patterns if p.position != "suffix"]

    def findings(self, text: str) -> list[tuple[str, str]]:
        out = []
        for end, (s, ents) in self.auto.iter(text):
            start = end - len(s) + 1
            out.extend(ents if len(s) >= self.min_len else ())
            for d in self.region_surfaces.get(s, ()):
                for p in self.suffix:
                    if text.startswith(p.pattern, end + 1) and len(s) + len(p.pattern) >= self.min_len:
                        out.append((p.category.name, d.name + p.canonical))
                for p in self.prefix:
                    if text.endswith(p.pattern, 0, start) and len(s) + len(p.pattern) >= self.min_len:
                        out.append((p.category.name, d.name + p.canonical))
        return out

    def screen(self, text: str) -> tuple[str, list]:
        f = self.findings(text)
        return ("REVIEW" if f else "ALLOW"), f


class Fuzzy:
    def __init__(self, data, cutoff: int = 60):
        surf = lexicon_surfaces(data)
        self.names = sorted({(cat, name) for _, cat, name in surf})
        key = {n: i for i, n in enumerate(self.names)}
        self.surfaces = [s for s, _, _ in surf]
        self.length = np.array([len(s) for s in self.surfaces])
        self.owner = np.array([key[(c, n)] for _, c, n in surf])
        self.patterns = sorted({p.pattern for p in data.patterns})
        self.cutoff = cutoff
        self.name_index = defaultdict(list)
        for (c, n), i in key.items():
            self.name_index[n].append(i)

    def score(self, texts: list[str], workers: int = 2) -> list[tuple]:
        """Per text: (surface indices, their scores, {pattern: score}), scores ≥ cutoff only."""
        out = []
        choices = self.surfaces + self.patterns
        ns = len(self.surfaces)
        for s in range(0, len(texts), 512):
            block = texts[s:s + 512]
            m = process.cdist(block, choices, scorer=fuzz.partial_ratio, dtype=np.uint8,
                              workers=workers, score_cutoff=self.cutoff)
            for row in m:
                nz = np.nonzero(row[:ns])[0]
                pats = {self.patterns[j - ns]: int(row[j]) for j in np.nonzero(row[ns:])[0] + ns}
                out.append((nz, row[nz].astype(np.int16), pats))
        return out

    def max_score(self, scored, min_len: int) -> int:
        idx, sc, _ = scored
        keep = self.length[idx] >= min_len
        return int(sc[keep].max()) if keep.any() else 0

    def _owner_score(self, scored, owners: list[int], min_len: int) -> int:
        idx, sc, _ = scored
        keep = np.isin(self.owner[idx], owners) & (self.length[idx] >= min_len)
        return int(sc[keep].max()) if keep.any() else 0

    def target_score(self, target: dict, scored, min_len: int) -> int:
        if target["category"] == "COMPOSED":
            div = self._owner_score(scored, self.name_index.get(target["division"], []), min_len)
            return min(div, scored[2].get(target["pattern"], 0))
        owners = [i for n in target["accept"] for i in self.name_index.get(n, ())
                  if finding_names_target(target, self.names[i][0], n)]
        return self._owner_score(scored, owners, min_len)
