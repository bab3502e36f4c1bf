"""Lexicon proposals from review cases: a reviewer proposes a new alias or abbreviation of the
case's entity (a disguise that keeps coming back); an admin accepts or refuses it. An accepted
proposal goes through the existing admin path (:meth:`LexiconAdmin.update_entry`: validation,
audit, revision bump, hot reload on every replica) and the proposal remembers its case.

Allowlist phrases (false positives) are not proposable yet: the allowlist is bundled data with
no run-time store path.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from service.domain.errors import FailedPrecondition, InvalidArgument, NotFound
from service.review.models import Proposal, ProposalKind, ProposalPage, ProposalStatus
from service.store.review_repo import StoredProposal

MAX_PHRASE = 64
MAX_NOTE = 1000
MAX_PAGE = 500


def _ts(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse(text: str) -> dt.datetime | None:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc) if text else None


class Proposals:
    """``ReviewService.proposals``; ``lexicon_admin`` applies accepted changes."""

    def __init__(self, store, lexicon_admin, clock: Callable[[], dt.datetime]):
        self.store = store
        self.repo = store.review
        self.lexicon_admin = lexicon_admin
        self.clock = clock

    def propose(self, case_id: str, kind: ProposalKind, phrase: str, actor: str, entity_id: str = "",
                note: str = "") -> Proposal:
        """``entity_id`` defaults to the case's entity."""
        if not actor:
            raise InvalidArgument("the proposing reviewer is required")
        if not isinstance(kind, ProposalKind):
            raise InvalidArgument("kind is required (ALIAS or ABBREVIATION)")
        if not case_id or len(case_id) > 64:
            raise InvalidArgument("case_id is required")
        case = self.repo.get(case_id)
        if case is None:
            raise NotFound("no such case")
        entity_id = (entity_id or case.entity_id).strip()
        if not entity_id or len(entity_id) > 200:
            raise InvalidArgument("entity_id is required (the case has none)")
        phrase = (phrase or "").strip()
        if not phrase or len(phrase) > MAX_PHRASE or not phrase.isprintable():
            raise InvalidArgument(f"phrase is required (1 to {MAX_PHRASE} printable characters)")
        if len(note) > MAX_NOTE:
            raise InvalidArgument(f"note is over {MAX_NOTE} characters")
        row = StoredProposal(0, case_id, kind.value, entity_id, phrase, note, ProposalStatus.PENDING.value, actor,
                             _ts(self.clock()), "", "", "", "")
        with self.store.db.transaction():
            new_id = self.repo.add_proposal(row)
            self.store.audit.record(actor, "proposal.create", f"case:{case_id}",
                                    {"proposal": new_id, "kind": kind.value, "entity_id": entity_id, "phrase": phrase})
        return self.get(str(new_id))

    def _row(self, proposal_id: str) -> StoredProposal:
        if not (proposal_id or "").isascii() or not proposal_id.isdigit() or len(proposal_id) > 18:
            raise InvalidArgument("proposal_id is a number")
        row = self.repo.get_proposal(int(proposal_id))
        if row is None:
            raise NotFound("no such proposal")
        return row

    def get(self, proposal_id: str) -> Proposal:
        return self._to_domain(self._row(proposal_id))

    def list(self, status: ProposalStatus | None = None, case_id: str = "", page_size: int = 50,
             page_token: str = "") -> ProposalPage:
        if not 0 <= page_size <= MAX_PAGE:
            raise InvalidArgument(f"page_size must be between 1 and {MAX_PAGE} (0: 50)")
        if page_token and (not page_token.isascii() or not page_token.isdigit() or len(page_token) > 18):
            raise InvalidArgument("page_token is not one this service issued")
        size = page_size or 50
        rows = self.repo.list_proposals(status.value if status else "", case_id, int(page_token or 0), size + 1)
        more = len(rows) > size
        rows = rows[:size]
        return ProposalPage(tuple(self._to_domain(r) for r in rows), str(rows[-1].id) if more else "")

    def decide(self, proposal_id: str, accept: bool, actor: str, note: str = "") -> Proposal:
        """Accept (the change goes through the lexicon admin path) or refuse a PENDING proposal."""
        if not actor:
            raise InvalidArgument("the deciding admin is required")
        if len(note) > MAX_NOTE:
            raise InvalidArgument(f"note is over {MAX_NOTE} characters")
        row = self._row(proposal_id)
        if row.status != ProposalStatus.PENDING.value:
            raise FailedPrecondition(f"proposal {proposal_id} is already {row.status}")
        version = ""
        if accept:
            if self.lexicon_admin is None:
                raise FailedPrecondition("lexicon administration is not configured")
            entity, _ = self.lexicon_admin.get_entry(row.entity_id)
            field = "aliases" if row.kind == ProposalKind.ALIAS.value else "abbreviations"
            current = tuple(getattr(entity, field))
            if row.phrase in current:
                raise FailedPrecondition(f"{row.entity_id} already has {row.phrase!r}")
            # the admin path validates (length, ordinary words), audits and reloads every replica
            _, version = self.lexicon_admin.update_entry(row.entity_id, {field: (*current, row.phrase)}, actor)
        status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REFUSED
        with self.store.db.transaction():
            if not self.repo.decide_proposal(row.id, status.value, actor, _ts(self.clock()), note, version):
                raise FailedPrecondition(f"proposal {proposal_id} was decided meanwhile")
            self.store.audit.record(actor, "proposal.accept" if accept else "proposal.refuse", f"case:{row.case_id}",
                                    {"proposal": row.id, "kind": row.kind, "entity_id": row.entity_id,
                                     "phrase": row.phrase, "lexicon_version": version, "note": note[:200]})
        return self.get(proposal_id)

    @staticmethod
    def _to_domain(r: StoredProposal) -> Proposal:
        return Proposal(str(r.id), r.case_id, ProposalKind(r.kind), r.entity_id, r.phrase, r.note,
                        ProposalStatus(r.status), r.proposed_by, _parse(r.proposed_at), r.decided_by,
                        _parse(r.decided_at), r.decision_note, r.lexicon_version)
