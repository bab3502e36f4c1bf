"""Names to attack, sampled from the bundled lexicons.

Categories: the four entity categories (``lexicons/entities/*.tsv``: canonical
name, sometimes a Han alias), ``REGION`` (a current division's full name from
``lexicons/divisions.tsv``) and ``COMPOSED`` (a division × an organ/media/military
pattern from ``lexicons/organ_patterns.tsv``, as the engine composes them:
the division's full or short name by the pattern's ``region_form``, only at levels the
pattern's ``min_level`` allows). Each target carries what a correct finding names
(:mod:`.judge`).
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

from .oracles import is_han

CATEGORIES = ("PARTY_GOVERNMENT", "MILITARY", "PUBLIC_INSTITUTION", "NEWS_MEDIA", "REGION", "COMPOSED")
LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}
#: party-committee patterns tied to one division type (省委 only after a province …)
_TYPED_COMMITTEE = re.compile(r"^团?[省市州盟县区旗]委$")


@dataclass(frozen=True)
class Target:
    text: str
    category: str  # one of CATEGORIES
    accept: tuple[str, ...]  # entity names a correct finding may carry
    finding_category: str = ""  # the category a correct finding carries (composed names)
    division: str = ""  # composed: the division's full and short names
    short: str = ""
    canonical: str = ""  # composed: the pattern's canonical organ name
    pattern: str = ""

    def as_dict(self) -> dict:
        d = {"text": self.text, "category": self.category, "accept": list(self.accept)}
        if self.category == "COMPOSED":
            d.update(finding_category=self.finding_category, division=self.division, short=self.short,
                     canonical=self.canonical, pattern=self.pattern)
        return d


def han_count(s: str) -> int:
    return sum(is_han(c) for c in s)


class TargetPool:
    def __init__(self, data):
        self.entities: dict[str, list[Target]] = {c: [] for c in CATEGORIES[:4]}
        for e in sorted(data.entities.values(), key=lambda e: e.id):
            cat = e.category.name
            if cat not in self.entities or e.origin != "bundled":
                continue
            accept = tuple(dict.fromkeys(s for s in (e.name, *e.aliases, *e.abbreviations) if s))
            for surface in (e.name, *[a for a in e.aliases if a and all(is_han(c) for c in a)]):
                if 3 <= len(surface) <= 20 and han_count(surface) >= 3:
                    self.entities[cat].append(Target(surface, cat, accept))
        current = sorted((d for d in data.divisions.values() if d.status == "current"), key=lambda d: d.code)
        self.regions = [Target(d.name, "REGION", (d.name,)) for d in current if len(d.name) >= 2]
        self.divisions = current
        entity_surfaces = {s for e in data.entities.values() for s in (e.name, *e.aliases, *e.abbreviations)}
        self.patterns = [p for p in data.patterns
                         if p.category.name != "REGION" and len(p.pattern) >= 2 and p.pattern.strip()
                         and not ({"weak", "history", "local_cue"} & set(p.flags))
                         and not _TYPED_COMMITTEE.match(p.pattern)
                         and all(is_han(c) for c in p.pattern)
                         and p.pattern not in entity_surfaces]  # 第二炮兵部队 is its own entity
        if not self.patterns or not self.regions or not all(self.entities.values()):
            raise ValueError("the lexicon has no targets in some category")

    def composed(self, rng: random.Random) -> Target:
        while True:
            p = rng.choice(self.patterns)
            d = rng.choice(self.divisions)
            if LEVEL_RANK[d.level] > LEVEL_RANK.get(p.min_level, 2):
                continue
            form = p.region_form if p.region_form in ("full", "short") else rng.choice(("full", "short"))
            region = d.name if form == "full" or not d.short_name else d.short_name
            text = region + p.pattern if p.position == "suffix" else p.pattern + region
            return Target(text, "COMPOSED", (d.name + p.canonical, (d.short_name or d.name) + p.canonical),
                          finding_category=p.category.name, division=d.name, short=d.short_name or d.name,
                          canonical=p.canonical, pattern=p.pattern)

    def sample(self, category: str, rng: random.Random) -> Target:
        if category == "COMPOSED":
            return self.composed(rng)
        if category == "REGION":
            return rng.choice(self.regions)
        return rng.choice(self.entities[category])

    def counts(self) -> dict[str, int]:
        out = {c: len(v) for c, v in self.entities.items()}
        out["REGION"] = len(self.regions)
        out["COMPOSED"] = sum(1 for p in self.patterns for d in self.divisions
                              if LEVEL_RANK[d.level] <= LEVEL_RANK.get(p.min_level, 2))
        return out
