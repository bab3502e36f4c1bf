"""ReviewService: proto ⇄ domain conversion around :class:`service.review.service.ReviewService`.

Enums map by name (``VERDICT_REJECT`` ⇄ ``Verdict.REJECT``); UNSPECIFIED becomes ``None`` and
the core answers INVALID_ARGUMENT where a value is required. The actor is always the
authenticated caller (:func:`current_principal`), and a screening caller's platform scope
confines reports, appeals and the outcome stream to its own platform.
"""
from __future__ import annotations

import base64
import datetime as dt
import json

from google.protobuf.timestamp_pb2 import Timestamp

from service.api.gen.impersonation.v1 import review_pb2 as pb, review_pb2_grpc, screening_pb2
from service.auth.principal import current_principal
from service.domain.errors import InvalidArgument
from service.review import models as rm


def _from(enum_type, prefix: str, value: int, domain_enum):
    try:
        name = enum_type.Name(value).removeprefix(prefix + "_")
    except ValueError:
        raise InvalidArgument(f"unknown {prefix.lower().replace('_', ' ')} value {int(value)}") from None
    return domain_enum.__members__.get(name)


def _to(enum_type, prefix: str, member) -> int:
    return enum_type.Value(f"{prefix}_{member.name}") if member is not None else 0


def _timestamp(value: dt.datetime | None) -> Timestamp | None:
    if value is None:
        return None
    ts = Timestamp()
    ts.FromDatetime(value.astimezone(dt.timezone.utc).replace(tzinfo=None))
    return ts


def _finding(f: dict) -> screening_pb2.Finding:
    def tech(name: str) -> int:
        return screening_pb2.Technique.Value("TECHNIQUE_" + name)

    from service.api.gen.impersonation.v1 import common_pb2

    return screening_pb2.Finding(
        field=screening_pb2.Field.Value("FIELD_" + f["field"]),
        category=common_pb2.Category.Value("CATEGORY_" + f["category"]),
        entity_id=f["entity_id"], entity_name=f["entity_name"], matched_text=f["matched_text"],
        start=f["start"], end=f["end"], techniques=[tech(t) for t in f["techniques"]],
        substitutions=[screening_pb2.Substitution(found=s["found"], expected=s["expected"],
                                                  technique=tech(s["technique"]), position=s["position"])
                       for s in f["substitutions"]],
        score=f["score"], explanation=f["explanation"], owner_verified=f["owner_verified"])


def decision_to_proto(d: rm.Decision | None) -> pb.CaseDecision | None:
    if d is None:
        return None
    return pb.CaseDecision(verdict=_to(pb.Verdict, "VERDICT", d.verdict), reviewer=d.reviewer, at=_timestamp(d.at),
                           reason_code=d.reason_code, note=d.note,
                           actions=[_to(pb.CaseAction, "CASE_ACTION", a) for a in d.actions],
                           register_owner=d.register_owner, feedback=d.feedback)


def case_to_proto(c: rm.Case) -> pb.Case:
    s = c.snapshot
    thumb = s.get("avatar_thumbnail_png_b64", "")
    rest = {k: v for k, v in s.items() if k not in ("findings", "avatar_thumbnail_png_b64")}
    return pb.Case(
        case_id=c.id, kind=_to(pb.CaseKind, "CASE_KIND", c.kind), status=_to(pb.CaseStatus, "CASE_STATUS", c.status),
        account_id=c.account_id, platform=c.platform, category=c.category, entity_id=c.entity_id,
        lexicon_version=c.lexicon_version, created_at=_timestamp(c.created_at), updated_at=_timestamp(c.updated_at),
        deadline_at=_timestamp(c.deadline_at), claimed_by=c.claimed_by, lease_until=_timestamp(c.lease_until),
        pending=decision_to_proto(c.pending), decision=decision_to_proto(c.decision), confirmed_by=c.confirmed_by,
        related_case_id=c.related_case_id, overdue=c.overdue, name=s.get("name", ""), bio=s.get("bio", ""),
        findings=[_finding(f) for f in s.get("findings", ())], avatar_sha256=s.get("avatar_sha256", ""),
        avatar_thumbnail_png=base64.b64decode(thumb) if thumb else b"",
        snapshot_json=json.dumps(rest, ensure_ascii=False, sort_keys=True),
        effects_json=json.dumps(c.effects, ensure_ascii=False, sort_keys=True))


def receipt(c: rm.Case) -> pb.CaseReceipt:
    return pb.CaseReceipt(case_id=c.id, kind=_to(pb.CaseKind, "CASE_KIND", c.kind),
                          status=_to(pb.CaseStatus, "CASE_STATUS", c.status), created_at=_timestamp(c.created_at),
                          deadline_at=_timestamp(c.deadline_at))


def outcome_to_proto(e: rm.CaseOutcome) -> pb.CaseOutcome:
    return pb.CaseOutcome(
        cursor=e.cursor, at=_timestamp(e.at), case_id=e.case_id, kind=_to(pb.CaseKind, "CASE_KIND", e.kind),
        outcome=_to(pb.OutcomeKind, "OUTCOME_KIND", e.outcome), status=_to(pb.CaseStatus, "CASE_STATUS", e.status),
        account_id=e.account_id, verdict=_to(pb.Verdict, "VERDICT", e.verdict),
        actions=[_to(pb.CaseAction, "CASE_ACTION", a) for a in e.actions], reason_code=e.reason_code)


def proposal_to_proto(p: rm.Proposal) -> pb.LexiconProposal:
    return pb.LexiconProposal(
        proposal_id=p.id, case_id=p.case_id, kind=_to(pb.ProposalKind, "PROPOSAL_KIND", p.kind), entity_id=p.entity_id,
        phrase=p.phrase, note=p.note, status=_to(pb.ProposalStatus, "PROPOSAL_STATUS", p.status),
        proposed_by=p.proposed_by, proposed_at=_timestamp(p.proposed_at), decided_by=p.decided_by,
        decided_at=_timestamp(p.decided_at), decision_note=p.decision_note, lexicon_version=p.lexicon_version)


def _date(text: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidArgument("valid_until must be an ISO date (YYYY-MM-DD)") from None


class ReviewServicer(review_pb2_grpc.ReviewServiceServicer):
    def __init__(self, app):
        self.review = app.review

    def ListCases(self, request, context):
        if request.min_age_seconds < 0:
            raise InvalidArgument("min_age_seconds must not be negative")
        flt = rm.CaseFilter(
            status=_from(pb.CaseStatus, "CASE_STATUS", request.status, rm.CaseStatus),
            kind=_from(pb.CaseKind, "CASE_KIND", request.kind, rm.CaseKind), category=request.category,
            min_age_s=request.min_age_seconds, assignee=request.assignee, account_id=request.account_id)
        page = self.review.list(flt, request.page_size, request.page_token)
        return pb.ListCasesResponse(cases=[case_to_proto(c) for c in page.cases], next_page_token=page.next_page_token)

    def GetCase(self, request, context):
        return pb.GetCaseResponse(review_case=case_to_proto(self.review.get(request.case_id)))

    def ClaimCase(self, request, context):
        return pb.ClaimCaseResponse(review_case=case_to_proto(
            self.review.claim(request.case_id, current_principal().actor)))

    def ReleaseCase(self, request, context):
        return pb.ReleaseCaseResponse(review_case=case_to_proto(
            self.review.release(request.case_id, current_principal().actor)))

    def DecideCase(self, request, context):
        actions = [_from(pb.CaseAction, "CASE_ACTION", a, rm.Action) for a in request.actions]
        if any(a is None for a in actions):
            raise InvalidArgument("actions: CASE_ACTION_UNSPECIFIED is not an action")
        c = self.review.decide(
            request.case_id, current_principal().actor, _from(pb.Verdict, "VERDICT", request.verdict, rm.Verdict),
            reason_code=request.reason_code, note=request.note, actions=actions,
            register_owner=request.register_owner, feedback=request.feedback, valid_until=_date(request.valid_until))
        return pb.DecideCaseResponse(review_case=case_to_proto(c))

    def SubmitReport(self, request, context):
        p = current_principal()
        c = self.review.submit_report(
            request.account_id, _from(pb.ReportReason, "REPORT_REASON", request.reason, rm.ReportReason),
            request.text, list(request.evidence_refs), request.reporter_contact_ref, platform=p.platform,
            actor=p.actor, name=request.name)
        return pb.SubmitReportResponse(receipt=receipt(c))

    def SubmitAppeal(self, request, context):
        p = current_principal()
        c = self.review.submit_appeal(request.case_id, request.account_id, request.text, list(request.evidence_refs),
                                      request.contact_ref, platform=p.platform_scope(), actor=p.actor)
        return pb.SubmitAppealResponse(receipt=receipt(c))

    def WatchCaseOutcomes(self, request, context):
        if len(request.case_id) > 64:
            raise InvalidArgument("case_id is over 64 characters")
        # the scope is read now, while the call's principal is bound, not when streaming starts
        return self._outcomes(request, context, current_principal().platform_scope())

    def _outcomes(self, request, context, scope):
        for e in self.review.watch(request.cursor, request.follow, active=context.is_active, platform=scope,
                                   case_id=request.case_id):
            yield pb.WatchCaseOutcomesResponse(outcome=outcome_to_proto(e))

    def ProposeLexiconChange(self, request, context):
        p = self.review.proposals.propose(
            request.case_id, _from(pb.ProposalKind, "PROPOSAL_KIND", request.kind, rm.ProposalKind), request.phrase,
            current_principal().actor, entity_id=request.entity_id, note=request.note)
        return pb.ProposeLexiconChangeResponse(proposal=proposal_to_proto(p))

    def ListProposals(self, request, context):
        page = self.review.proposals.list(
            _from(pb.ProposalStatus, "PROPOSAL_STATUS", request.status, rm.ProposalStatus), request.case_id,
            request.page_size, request.page_token)
        return pb.ListProposalsResponse(proposals=[proposal_to_proto(p) for p in page.proposals],
                                        next_page_token=page.next_page_token)

    def DecideProposal(self, request, context):
        p = self.review.proposals.decide(request.proposal_id, request.accept, current_principal().actor,
                                         request.note)
        return pb.DecideProposalResponse(proposal=proposal_to_proto(p))


def register(server, app) -> list[str]:
    review_pb2_grpc.add_ReviewServiceServicer_to_server(ReviewServicer(app), server)
    return [pb.DESCRIPTOR.services_by_name["ReviewService"].full_name]
