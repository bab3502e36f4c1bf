"""ReviewService through a real gRPC server: screen a disguised name → one case → claim →
REJECT with close → a second reviewer confirms → the name is now a closed name → the outcome
stream delivered it all, resumable from a cursor. Plus reports, appeals and the credential alias."""
from __future__ import annotations

import threading

import grpc
import pytest
from authutil import authed_channel

from service.api.gen.impersonation.v1 import (
    common_pb2, credential_pb2 as cpb, credential_pb2_grpc, review_pb2 as pb, review_pb2_grpc, screening_pb2,
    screening_pb2_grpc,
)
from service.review.models import ReportReason

NAME = "人民曰报"


def _screen(stub, account, name=NAME):
    return stub.ScreenProfile(screening_pb2.ScreenProfileRequest(
        profile=screening_pb2.Profile(account_id=account, name=name)), timeout=30)


def _code(fn):
    with pytest.raises(grpc.RpcError) as err:
        fn()
    return err.value.code()


def test_case_lifecycle_end_to_end(server):
    platform = authed_channel(server.address, server.token("screening", name="plat-a"))
    other = authed_channel(server.address, server.token("screening", name="plat-b"))
    alice = authed_channel(server.address, server.token("reviewer", name="alice"))
    bob = authed_channel(server.address, server.token("reviewer", name="bob"))
    auditor = authed_channel(server.address, server.token("auditor", name="audit-1"))
    screen = screening_pb2_grpc.ScreeningServiceStub(platform)
    rv_plat, rv_other = review_pb2_grpc.ReviewServiceStub(platform), review_pb2_grpc.ReviewServiceStub(other)
    rv_a, rv_b = review_pb2_grpc.ReviewServiceStub(alice), review_pb2_grpc.ReviewServiceStub(bob)
    rv_audit = review_pb2_grpc.ReviewServiceStub(auditor)

    # a follower that is already watching when the outcomes happen
    followed: list = []
    follow = rv_plat.WatchCaseOutcomes(pb.WatchCaseOutcomesRequest(cursor="0", follow=True), timeout=120)

    def read():
        try:
            for resp in follow:
                followed.append(resp.outcome)
                if resp.outcome.outcome == pb.OUTCOME_KIND_DECIDED:
                    return
        except grpc.RpcError:
            pass

    reader = threading.Thread(target=read)
    reader.start()

    assert _screen(screen, "acc-1").decision == screening_pb2.DECISION_REJECT
    _screen(screen, "acc-1")  # screened twice: still one case
    cases = rv_a.ListCases(pb.ListCasesRequest(kind=pb.CASE_KIND_SCREENING), timeout=10).cases
    assert len(cases) == 1
    case = cases[0]
    assert (case.account_id, case.name, case.category, case.platform) == ("acc-1", NAME, "NEWS_MEDIA", "plat-a")
    sub = case.findings[0].substitutions[0]
    assert (sub.found, sub.expected, sub.technique) == ("曰", "日", screening_pb2.TECHNIQUE_HOMOGLYPH)
    assert rv_audit.GetCase(pb.GetCaseRequest(case_id=case.case_id), timeout=10).review_case.case_id == case.case_id
    assert _code(lambda: rv_audit.ClaimCase(pb.ClaimCaseRequest(case_id=case.case_id), timeout=10)) == \
        grpc.StatusCode.PERMISSION_DENIED

    claimed = rv_a.ClaimCase(pb.ClaimCaseRequest(case_id=case.case_id), timeout=10).review_case
    assert claimed.claimed_by.startswith("alice")
    assert _code(lambda: rv_b.ClaimCase(pb.ClaimCaseRequest(case_id=case.case_id), timeout=10)) == \
        grpc.StatusCode.FAILED_PRECONDITION
    first = rv_a.DecideCase(pb.DecideCaseRequest(
        case_id=case.case_id, verdict=pb.VERDICT_REJECT, reason_code="IMPERSONATING_MEDIA", note="曰 for 日",
        actions=[pb.CASE_ACTION_CLOSE_ACCOUNT, pb.CASE_ACTION_FORBID_REREGISTRATION]), timeout=60).review_case
    assert first.status == pb.CASE_STATUS_PENDING_SECOND
    assert _code(lambda: rv_a.ClaimCase(pb.ClaimCaseRequest(case_id=case.case_id), timeout=10)) == \
        grpc.StatusCode.PERMISSION_DENIED  # four-eyes: not the same reviewer twice
    rv_b.ClaimCase(pb.ClaimCaseRequest(case_id=case.case_id), timeout=10)
    final = rv_b.DecideCase(pb.DecideCaseRequest(case_id=case.case_id, verdict=pb.VERDICT_REJECT, note="agree"),
                            timeout=60).review_case
    assert final.status == pb.CASE_STATUS_DECIDED and final.confirmed_by.startswith("bob")
    assert final.decision.reviewer.startswith("alice") and '"closed_id"' in final.effects_json

    # the same name on another account is now rejected as a closed account's name
    again = _screen(screen, "acc-2")
    assert again.decision == screening_pb2.DECISION_REJECT
    assert common_pb2.CATEGORY_CLOSED_ACCOUNT in [f.category for f in again.findings]

    reader.join(30)
    assert [o.outcome for o in followed][:3] == [pb.OUTCOME_KIND_OPENED, pb.OUTCOME_KIND_PENDING_SECOND,
                                                 pb.OUTCOME_KIND_DECIDED]
    assert followed[2].verdict == pb.VERDICT_REJECT and pb.CASE_ACTION_CLOSE_ACCOUNT in followed[2].actions
    # resume from a cursor: what came after it, nothing before
    replay = [r.outcome for r in rv_plat.WatchCaseOutcomes(pb.WatchCaseOutcomesRequest(cursor="0"), timeout=10)]
    assert [o.cursor for o in replay[:3]] == [o.cursor for o in followed[:3]]
    resumed = [r.outcome for r in rv_plat.WatchCaseOutcomes(
        pb.WatchCaseOutcomesRequest(cursor=followed[1].cursor), timeout=10)]
    assert resumed[0].cursor == followed[2].cursor
    # another platform sees none of this platform's outcomes, nor its cases
    assert list(rv_other.WatchCaseOutcomes(pb.WatchCaseOutcomesRequest(cursor="0"), timeout=10)) == []
    assert _code(lambda: rv_other.SubmitAppeal(pb.SubmitAppealRequest(
        case_id=case.case_id, account_id="acc-1", text="x"), timeout=10)) == grpc.StatusCode.NOT_FOUND

    # the account holder appeals through its platform; the original reviewers may not decide it
    receipt = rv_plat.SubmitAppeal(pb.SubmitAppealRequest(case_id=case.case_id, account_id="acc-1",
                                                          text="我们是授权转载", evidence_refs=["ref:1"]),
                                   timeout=10).receipt
    assert receipt.kind == pb.CASE_KIND_APPEAL and receipt.deadline_at.seconds > 0
    rv_b.ClaimCase(pb.ClaimCaseRequest(case_id=receipt.case_id), timeout=10)
    assert _code(lambda: rv_b.DecideCase(pb.DecideCaseRequest(case_id=receipt.case_id, verdict=pb.VERDICT_REJECT),
                                         timeout=10)) == grpc.StatusCode.PERMISSION_DENIED

    # a report
    rep = rv_plat.SubmitReport(pb.SubmitReportRequest(
        account_id="acc-9", reason=pb.REPORT_REASON_IMPERSONATING_ORGAN, text="冒充派出所",
        evidence_refs=["ref:2"], reporter_contact_ref="contact:7"), timeout=10).receipt
    assert rep.kind == pb.CASE_KIND_REPORT
    assert _code(lambda: rv_plat.SubmitReport(pb.SubmitReportRequest(account_id="acc-9"), timeout=10)) == \
        grpc.StatusCode.INVALID_ARGUMENT
    reports = rv_a.ListCases(pb.ListCasesRequest(kind=pb.CASE_KIND_REPORT), timeout=10).cases
    assert [c.case_id for c in reports] == [rep.case_id] and reports[0].category == "IMPERSONATING_ORGAN"

    # a reviewer proposes a new alias from the case; an admin accepts it; screening sees it
    admin = authed_channel(server.address, server.token("admin", name="admin-1"))
    rv_admin = review_pb2_grpc.ReviewServiceStub(admin)
    assert _screen(screen, "acc-3", "人民大报纸").decision == screening_pb2.DECISION_ALLOW
    prop = rv_a.ProposeLexiconChange(pb.ProposeLexiconChangeRequest(
        case_id=case.case_id, kind=pb.PROPOSAL_KIND_ALIAS, phrase="人民大报纸", note="new nickname"),
        timeout=10).proposal
    assert prop.status == pb.PROPOSAL_STATUS_PENDING and prop.entity_id == "media.peoples-daily"
    assert _code(lambda: rv_a.DecideProposal(pb.DecideProposalRequest(proposal_id=prop.proposal_id, accept=True),
                                             timeout=10)) == grpc.StatusCode.PERMISSION_DENIED
    done = rv_admin.DecideProposal(pb.DecideProposalRequest(proposal_id=prop.proposal_id, accept=True),
                                   timeout=60).proposal
    assert done.status == pb.PROPOSAL_STATUS_ACCEPTED and done.lexicon_version
    hit = _screen(screen, "acc-3", "人民大报纸")
    assert hit.decision != screening_pb2.DECISION_ALLOW and hit.findings[0].entity_id == "media.peoples-daily"
    listed = rv_audit.ListProposals(pb.ListProposalsRequest(case_id=case.case_id), timeout=10).proposals
    assert [p.proposal_id for p in listed] == [prop.proposal_id]
    admin.close()

    # every action is in the chained audit log under the authenticated actor
    audit = server.app.store.audit
    trail = [(e.action, e.actor.split(" ")[0]) for e in reversed(audit.list(f"case:{case.case_id}"))]
    assert trail[:6] == [("screening.open", "plat-a"), ("case.claim", "alice"), ("case.first_decision", "alice"),
                         ("case.claim", "bob"), ("case.confirm", "bob"), ("case.effects", "bob")]
    assert audit.verify().ok
    for ch in (platform, other, alice, bob, auditor):
        ch.close()


def test_review_verification_is_an_alias_of_the_credential_case(server):
    ch = authed_channel(server.address, server.token("screening", "reviewer", name="plat-r"))
    cred = credential_pb2_grpc.CredentialServiceStub(ch)
    rv = review_pb2_grpc.ReviewServiceStub(ch)
    v = cred.SubmitCredential(cpb.SubmitCredentialRequest(
        account_id="doc-1", domain=common_pb2.DOMAIN_MEDICAL, credential_type=cpb.CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE,
        number="110110101000299", holder_name="张三"), timeout=10).verification
    assert v.status == cpb.VERIFICATION_STATUS_NEEDS_REVIEW
    cases = rv.ListCases(pb.ListCasesRequest(kind=pb.CASE_KIND_CREDENTIAL), timeout=10).cases
    assert len(cases) == 1 and v.verification_id in cases[0].snapshot_json
    done = cred.ReviewVerification(cpb.ReviewVerificationRequest(verification_id=v.verification_id, approve=True,
                                                                 note="checked by phone"), timeout=10).verification
    assert done.status == cpb.VERIFICATION_STATUS_VERIFIED
    case = rv.GetCase(pb.GetCaseRequest(case_id=cases[0].case_id), timeout=10).review_case
    assert case.status == pb.CASE_STATUS_DECIDED and case.decision.verdict == pb.VERDICT_APPROVE
    # a second account cannot be approved onto the number the first one now holds verified
    v2 = cred.SubmitCredential(cpb.SubmitCredentialRequest(
        account_id="doc-2", domain=common_pb2.DOMAIN_MEDICAL, credential_type=cpb.CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE,
        number="110110101000299", holder_name="张三"), timeout=10).verification
    assert v2.status == cpb.VERIFICATION_STATUS_NEEDS_REVIEW
    assert _code(lambda: cred.ReviewVerification(cpb.ReviewVerificationRequest(
        verification_id=v2.verification_id, approve=True), timeout=10)) == grpc.StatusCode.FAILED_PRECONDITION
    pending = [c for c in rv.ListCases(pb.ListCasesRequest(kind=pb.CASE_KIND_CREDENTIAL), timeout=10).cases
               if v2.verification_id in c.snapshot_json]
    assert pending[0].status == pb.CASE_STATUS_OPEN and not pending[0].claimed_by  # released, still open
    ch.close()


def test_outcome_streams_count_against_the_stream_caps(settings):
    from dataclasses import replace

    from authutil import make_token

    from service.api.server import Server

    srv = Server(replace(settings, max_streams=4, max_streams_per_caller=1)).start()
    try:
        ch = authed_channel(srv.address, make_token(srv, "reviewer", name="watcher"))
        stub = review_pb2_grpc.ReviewServiceStub(ch)
        first = stub.WatchCaseOutcomes(pb.WatchCaseOutcomesRequest(cursor="0", follow=True), timeout=30)
        srv.app.review.submit_report("acc-1", ReportReason.IMPERSONATING_MEDIA, "x", platform="p", actor="p")
        assert next(first).outcome.outcome == pb.OUTCOME_KIND_OPENED  # the first stream is open and served
        second = stub.WatchCaseOutcomes(pb.WatchCaseOutcomesRequest(cursor="0", follow=True), timeout=30)
        assert _code(lambda: next(second)) == grpc.StatusCode.RESOURCE_EXHAUSTED
        first.cancel()
        ch.close()
    finally:
        srv.stop(grace=1.0)
