"""Professional claims: words that claim a role in finance, education, medicine or law.

Data-driven (``lexicons/claims.tsv`` and ``lexicons/claim_context.tsv``):

- role terms map to a domain (医生 → MEDICAL, 基金经理 → FINANCE); longer terms win,
  so a compound that names a role outside the four domains (宠物医生, 舞蹈老师,
  数据分析师, mapped to NONE) shadows the bare role inside it;
- ``exclude_before`` phrases right before a term cancel it (想当医生, 不是律师);
- ``exclude_after`` phrases right after a term cancel it (医生的女儿, 律师家属);
- a ``generic`` title (老师, 顾问, 专家) takes the domain of a ``context`` phrase in the
  same field: a 老师 who talks about 股票 or 基金 claims finance, not education, and
  one that stands in no regulated context keeps the term's own domain (or none).
"""
from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from service.domain.models import Domain
from service.domain.lexicon import ClaimContext, ClaimTerm


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
        self._generic = frozenset(normalize(c.phrase).text for c in contexts if c.effect == "generic")
        self._context = ahocorasick.Automaton()
        n_context = 0
        for c in contexts:
            key = normalize(c.phrase).text
            if c.effect == "context" and key and c.domain is not None:
                self._context.add_word(key, (len(key), c.domain))
                n_context += 1
        if n_context:
            self._context.make_automaton()
        self._has_context = n_context > 0

    def _context_domain(self, text: str, taken: list[tuple[int, int]]) -> Domain | None:
        """The regulated domain the field talks about (股票 → FINANCE), from phrases outside
        any role term; None when it names none or several."""
        if not self._has_context:
            return None
        found = {dom for end, (n, dom) in self._context.iter(text)
                 if not any(s <= end - n + 1 and end + 1 <= e for s, e in taken)}
        return found.pop() if len(found) == 1 else None

    def detect(self, text: str) -> list[ClaimHit]:
        if self._empty or not text:
            return []
        found = []
        for end, (term, domain) in self._auto.iter(text):
            found.append((end - len(term) + 1, end + 1, term, domain))
        # longest term wins where terms overlap (宠物医生 over 医生)
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        taken: list[tuple[int, int]] = []
        kept = []
        for start, end, term, domain in found:
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            kept.append((start, end, term, domain))
        context = None
        if self._generic and any(term in self._generic for _s, _e, term, _d in kept):
            context = self._context_domain(text, taken)
        hits = []
        for start, end, term, domain in kept:
            if term in self._generic and context is not None:
                domain = context  # 股票老师, a 老师 whose bio is about 基金
            if domain is None:
                continue
            if any(text.endswith(p, 0, start) for p in self._before):
                continue
            if any(text.startswith(p, end) for p in self._after):
                continue
            hits.append(ClaimHit(domain, term, start, end))
        hits.sort(key=lambda h: h.start)
        return hits
