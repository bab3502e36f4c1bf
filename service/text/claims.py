"""Professional claims: words that claim a role in finance, education, medicine or law.

Data-driven (``lexicons/claims.tsv`` and ``lexicons/claim_context.tsv``):

- role terms map to a domain (医生 → MEDICAL, 基金经理 → FINANCE); longer terms win,
  so a compound that names a role outside the four domains (宠物医生, 舞蹈老师,
  数据分析师, mapped to NONE) shadows the bare role inside it;
- ``exclude_before`` phrases right before a term cancel it (想当医生, 不是律师);
- ``exclude_after`` phrases right after a term cancel it (医生的女儿, 律师家属).
"""
from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from service.domain.models import Domain
from service.lexicon.model import ClaimContext, ClaimTerm


@dataclass(frozen=True)
class ClaimHit:
    domain: Domain
    term: str
    start: int  # normalised offsets
    end: int


class ClaimDetector:
    def __init__(self, terms: tuple[ClaimTerm, ...], contexts: tuple[ClaimContext, ...], normalize):
        self._auto = ahocorasick.Automaton()
        added = 0
        for t in terms:
            key = normalize(t.term).text
            if key:
                self._auto.add_word(key, (key, t.domain))
                added += 1
        if added:
            self._auto.make_automaton()
        self._empty = not added
        self._before = sorted({normalize(c.phrase).text for c in contexts if c.effect == "exclude_before"},
                              key=len, reverse=True)
        self._after = sorted({normalize(c.phrase).text for c in contexts if c.effect == "exclude_after"},
                             key=len, reverse=True)

    def detect(self, text: str) -> list[ClaimHit]:
        if self._empty or not text:
            return []
        found = []
        for end, (term, domain) in self._auto.iter(text):
            found.append((end - len(term) + 1, end + 1, term, domain))
        # longest term wins where terms overlap (宠物医生 over 医生)
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        taken: list[tuple[int, int]] = []
        hits = []
        for start, end, term, domain in found:
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            if domain is None:
                continue
            if any(text.endswith(p, 0, start) for p in self._before):
                continue
            if any(text.startswith(p, end) for p in self._after):
                continue
            hits.append(ClaimHit(domain, term, start, end))
        hits.sort(key=lambda h: h.start)
        return hits
