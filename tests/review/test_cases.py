"""The review desk's domain rules, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest
from review_helpers import disguised_media, plain_region

from service.domain.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from service.domain.models import Decision, Profile, ScreenResult
from service.review.models import (
    Action, CaseFilter, CaseKind, CaseStatus, OutcomeKind, ReportReason, Verdict,
)


def test_screening_opens_one_case_per_account_and_content_with_a_snapshot(desk):
    profile, result = disguised_media()
    case = desk.open_from_screening(profile, result, "plat-a", "plat-a")
    # the same account and content, even with other blanks and width, never opens a second case
    again = desk.open_from_screening(Profile(account_id="acc-1", name=" 人民曰报 ", bio="权威  发布"), result,
                                     "plat-a", "plat-a")
    assert again.id == case.id
    assert desk.open_from_screening(Profile(account_id="acc-9", name="人民曰报"), result, "plat-a").id != case.id
    assert desk.open_from_screening(profile, ScreenResult("acc-1", Decision.ALLOW, (), (), "x"), "plat-a") is None
    assert case.kind is CaseKind.SCREENING and case.status is CaseStatus.OPEN
    assert (case.category, case.entity_id, case.lexicon_version) == ("NEWS_MEDIA", "media.peoples-daily", "lex-1")
    f = case.snapshot["findings"][0]
    assert case.snapshot["name"] == "人民曰报" and case.snapshot["bio"] == "权威发布"
    assert f["substitutions"] == [{"found": "曰", "expected": "日", "technique": "HOMOGLYPH", "position": 2}]
    assert [e.outcome for e in desk.events("0")] == [OutcomeKind.OPENED, OutcomeKind.OPENED]
    trail = desk.trail(case.id)
    assert [(e.action, e.actor) for e in trail] == [("screening.open", "plat-a")]


def test_claim_lease_expires_and_only_the_holder_decides(desk, clock):
    profile, result = plain_region()
    case = desk.open_from_screening(profile, result, "p")
    claimed = desk.claim(case.id, "alice")
    assert claimed.claimed_by == "alice" and claimed.leased(clock())
    with pytest.raises(FailedPrecondition):
        desk.claim(case.id, "bob")
    with pytest.raises(FailedPrecondition):
        desk.decide(case.id, "bob", Verdict.APPROVE)
    assert desk.claim(case.id, "alice").claimed_by == "alice"  # renewing is fine
    clock.advance(seconds=601)
    with pytest.raises(FailedPrecondition):  # alice's lease ran out
        desk.decide(case.id, "alice", Verdict.APPROVE)
    assert desk.claim(case.id, "bob").claimed_by == "bob"
    desk.release(case.id, "bob")
    with pytest.raises(FailedPrecondition):
        desk.release(case.id, "bob")
    desk.claim(case.id, "carol")
    done = desk.decide(case.id, "carol", Verdict.REJECT, "REGION_MISUSE", "plain region", [Action.WARN],
                       feedback="已警告")
    assert done.status is CaseStatus.DECIDED and done.decision.reviewer == "carol"
    assert done.decision.actions == (Action.WARN,) and done.decision.feedback == "已警告"
    with pytest.raises(FailedPrecondition):
        desk.claim(case.id, "alice")
    actions = [e.action for e in reversed(desk.trail(case.id))]
    assert actions == ["screening.open", "case.claim", "case.claim", "case.claim", "case.release", "case.claim",
                       "case.decide"]


def test_decision_arguments_are_checked(desk):
    case = desk.open_from_screening(*plain_region(), platform="p")
    desk.claim(case.id, "alice")
    with pytest.raises(InvalidArgument):
        desk.decide(case.id, "alice", None)
    with pytest.raises(InvalidArgument):  # actions go with REJECT
        desk.decide(case.id, "alice", Verdict.APPROVE, actions=[Action.WARN])
    with pytest.raises(InvalidArgument):  # register_owner needs a USCC in the snapshot
        desk.decide(case.id, "alice", Verdict.APPROVE, register_owner=True)
    with pytest.raises(InvalidArgument):
        desk.decide(case.id, "alice", Verdict.APPROVE, note="x" * 5000)
    with pytest.raises(NotFound):
        desk.get("nope")
    with pytest.raises(NotFound):  # another platform's case looks like none
        desk.get(case.id, platform="other")


def test_four_eyes_reject_of_disguised_media_name_with_close(desk, lexicon_admin):
    case = desk.open_from_screening(*disguised_media(), platform="p")
    desk.claim(case.id, "alice")
    first = desk.decide(case.id, "alice", Verdict.REJECT, "IMPERSONATION", "曰 for 日",
                        [Action.CLOSE_ACCOUNT, Action.FORBID_REREGISTRATION])
    assert first.status is CaseStatus.PENDING_SECOND and first.pending.reviewer == "alice"
    assert not lexicon_admin.closed  # nothing happens before the second reviewer
    with pytest.raises(PermissionDenied):
        desk.claim(case.id, "alice")
    desk.claim(case.id, "bob")
    final = desk.decide(case.id, "bob", Verdict.REJECT, note="confirmed")
    assert final.status is CaseStatus.DECIDED and final.confirmed_by == "bob"
    assert final.decision.reviewer == "alice" and final.decision.actions == (
        Action.CLOSE_ACCOUNT, Action.FORBID_REREGISTRATION)
    assert lexicon_admin.closed == [("人民曰报", "acc-1", f"case {case.id}: IMPERSONATION", "bob")]
    assert final.effects["closed_id"] == "closed.1"
    outcomes = [(e.outcome, e.verdict) for e in desk.events("0")]
    assert outcomes == [(OutcomeKind.OPENED, None), (OutcomeKind.PENDING_SECOND, Verdict.REJECT),
                        (OutcomeKind.DECIDED, Verdict.REJECT)]
    assert "case.confirm" in [e.action for e in desk.trail(case.id)]


def test_four_eyes_disagreement_escalates_and_can_be_turned_off(desk, store, review_settings, clock, lexicon_admin):
    case = desk.open_from_screening(*disguised_media(), platform="p")
    desk.claim(case.id, "alice")
    desk.decide(case.id, "alice", Verdict.REJECT, actions=[Action.CLOSE_ACCOUNT])
    desk.claim(case.id, "bob")
    esc = desk.decide(case.id, "bob", Verdict.APPROVE)
    assert esc.status is CaseStatus.ESCALATED and esc.pending is None and not lexicon_admin.closed
    from dataclasses import replace

    from service.review.service import ReviewService

    solo = ReviewService(store, replace(review_settings, review_four_eyes=False), lexicon_admin, clock=clock)
    solo.claim(case.id, "alice")
    assert solo.decide(case.id, "alice", Verdict.REJECT, actions=[Action.CLOSE_ACCOUNT]).status is CaseStatus.DECIDED
    assert len(lexicon_admin.closed) == 1


def test_owner_registration_needs_a_second_reviewer(desk, lexicon_admin):
    case = desk.open_from_screening(*disguised_media(account="org-1", name="人民日报", uscc="91110000MA00000000"),
                                    platform="p")
    desk.claim(case.id, "alice")
    assert desk.decide(case.id, "alice", Verdict.APPROVE, register_owner=True).status is CaseStatus.PENDING_SECOND
    desk.claim(case.id, "bob")
    final = desk.decide(case.id, "bob", Verdict.APPROVE, register_owner=True)
    assert final.status is CaseStatus.DECIDED
    assert lexicon_admin.owners == [("media.peoples-daily", "91110000MA00000000", "bob")]


def test_reports_and_appeals_with_deadlines(desk, clock, lexicon_admin):
    report = desk.submit_report("acc-7", ReportReason.IMPERSONATING_ORGAN, "冒充公安局", ["s3://ev/1.png"],
                                "contact:42", platform="plat-a", actor="plat-a", name="朝阳公安分局")
    assert report.kind is CaseKind.REPORT and report.category == "IMPERSONATING_ORGAN"
    assert report.deadline_at == clock() + dt.timedelta(hours=48)
    assert desk.submit_report("acc-7", ReportReason.IMPERSONATING_ORGAN, "冒充公安局", ["s3://ev/1.png"],
                              "contact:42", platform="plat-a", actor="plat-a", name="朝阳公安分局").id == report.id
    with pytest.raises(InvalidArgument):
        desk.submit_report("acc-7", None, "x", platform="plat-a")
    with pytest.raises(FailedPrecondition):  # not decided yet
        desk.submit_appeal(report.id, "acc-7", "我是真的", platform="plat-a")
    desk.claim(report.id, "alice")
    decided = desk.decide(report.id, "alice", Verdict.REJECT, "FAKE_ORGAN", actions=[Action.CLOSE_ACCOUNT],
                          feedback="已处理")
    assert decided.effects["closed_id"] == "closed.1" and lexicon_admin.closed[0][0] == "朝阳公安分局"
    with pytest.raises(NotFound):  # another platform cannot appeal it
        desk.submit_appeal(report.id, "acc-7", "我是真的", platform="plat-b")
    with pytest.raises(InvalidArgument):
        desk.submit_appeal(report.id, "acc-8", "我是真的", platform="plat-a")
    appeal = desk.submit_appeal(report.id, "acc-7", "我是真的", ["s3://ev/licence.pdf"], platform="plat-a",
                                actor="plat-a")
    assert appeal.kind is CaseKind.APPEAL and appeal.related_case_id == report.id
    assert appeal.deadline_at == clock() + dt.timedelta(hours=240)
    clock.advance(hours=241)
    assert desk.get(appeal.id).overdue
    assert [c.id for c in desk.list(CaseFilter(status=CaseStatus.OPEN, due_before=clock())).cases] == [appeal.id]
    desk.claim(appeal.id, "alice")
    with pytest.raises(PermissionDenied):  # the original reviewer may not decide the appeal
        desk.decide(appeal.id, "alice", Verdict.APPROVE)
    desk.release(appeal.id, "alice")
    desk.claim(appeal.id, "bob")
    upheld = desk.decide(appeal.id, "bob", Verdict.APPROVE, feedback="申诉成立")
    assert upheld.effects["closed_removed"] == "closed.1"
    assert lexicon_admin.removed == [("closed.1", f"appeal {appeal.id} upheld", "bob")]
    with pytest.raises(FailedPrecondition):  # an appeal's decision is final
        desk.submit_appeal(appeal.id, "acc-7", "again", platform="plat-a")


def test_list_filters_and_keyset_pagination_oldest_first(desk, clock):
    ids = []
    for i in range(7):
        ids.append(desk.open_from_screening(*plain_region(account=f"a{i}"), platform="p").id)
        clock.advance(seconds=10)
    desk.submit_report("r1", ReportReason.IMPERSONATING_MEDIA, "x", platform="q")
    seen, token = [], ""
    while True:
        page = desk.list(CaseFilter(kind=CaseKind.SCREENING), page_size=3, page_token=token)
        seen += [c.id for c in page.cases]
        token = page.next_page_token
        if not token:
            break
    assert seen == ids
    assert [c.id for c in desk.list(CaseFilter(min_age_s=35)).cases] == ids[:4]
    assert [c.kind for c in desk.list(CaseFilter(category="IMPERSONATING_MEDIA")).cases] == [CaseKind.REPORT]
    assert len(desk.list(CaseFilter(platform="q")).cases) == 1
    desk.claim(ids[2], "alice")
    assert [c.id for c in desk.list(CaseFilter(status=CaseStatus.CLAIMED)).cases] == [ids[2]]
    assert [c.id for c in desk.list(CaseFilter(assignee="alice")).cases] == [ids[2]]
    assert desk.list(CaseFilter(assignee="bob")).cases == ()
    counts = desk.counts()
    assert counts.by_kind == {"SCREENING": 7, "REPORT": 1} and counts.by_status == {"OPEN": 8}
    with pytest.raises(InvalidArgument):
        desk.list(page_token="garbage!")
    with pytest.raises(InvalidArgument):
        desk.list(page_size=501)


def test_watch_resumes_from_a_cursor(desk):
    a = desk.open_from_screening(*plain_region(account="w1"), platform="p1")
    desk.open_from_screening(*plain_region(account="w2"), platform="p2")
    events = list(desk.watch("0", follow=False))
    assert [e.case_id for e in events][0] == a.id and len(events) == 2
    assert [e.platform for e in desk.watch("0", follow=False, platform="p2")] == ["p2"]
    assert list(desk.watch(events[0].cursor, follow=False))[0].cursor == events[1].cursor
    assert list(desk.watch(desk.head_cursor(), follow=False)) == []
    with pytest.raises(InvalidArgument):
        list(desk.watch("-1", follow=False))


def test_lexicon_proposals_from_a_case(desk, lexicon_admin, store):
    from service.review.models import ProposalKind, ProposalStatus

    case = desk.open_from_screening(*disguised_media(), platform="p")
    prop = desk.proposals.propose(case.id, ProposalKind.ALIAS, " 人民曰报 ", "alice", note="seen 30 times")
    assert (prop.entity_id, prop.phrase, prop.status) == ("media.peoples-daily", "人民曰报", ProposalStatus.PENDING)
    with pytest.raises(InvalidArgument):
        desk.proposals.propose(case.id, None, "x", "alice")
    with pytest.raises(NotFound):
        desk.proposals.propose("nope", ProposalKind.ALIAS, "人民曰报", "alice")
    refused = desk.proposals.propose(case.id, ProposalKind.ABBREVIATION, "人曰", "alice")
    assert desk.proposals.decide(refused.id, False, "admin-1", "too short").status is ProposalStatus.REFUSED
    accepted = desk.proposals.decide(prop.id, True, "admin-1")
    assert accepted.status is ProposalStatus.ACCEPTED and accepted.lexicon_version == "v+updated"
    assert lexicon_admin.updates == [("media.peoples-daily", {"aliases": ("人民网报", "人民曰报")}, "admin-1")]
    with pytest.raises(FailedPrecondition):
        desk.proposals.decide(prop.id, False, "admin-1")
    page = desk.proposals.list(page_size=1)
    assert [p.id for p in page.proposals] == [prop.id]
    assert [p.id for p in desk.proposals.list(page_token=page.next_page_token).proposals] == [refused.id]
    assert [p.id for p in desk.proposals.list(ProposalStatus.ACCEPTED).proposals] == [prop.id]
    actions = [e.action for e in desk.trail(case.id)]
    assert "proposal.accept" in actions and "proposal.refuse" in actions and actions.count("proposal.create") == 2


def test_blind_qa_re_review_and_agreement(store, review_settings, clock, lexicon_admin):
    from dataclasses import replace

    from service.review.service import ReviewService

    desk = ReviewService(store, replace(review_settings, review_qa_share=1.0), lexicon_admin, clock=clock)
    assert not ReviewService(store, review_settings, clock=clock).sampled_for_qa("any")
    decided = []
    for i, verdict in enumerate([Verdict.REJECT, Verdict.APPROVE, Verdict.REJECT]):
        case = desk.open_from_screening(*plain_region(account=f"qa-{i}"), platform="p")
        desk.claim(case.id, "alice")
        decided.append((desk.decide(case.id, "alice", verdict), verdict))
    qa_cases = desk.list(CaseFilter(kind=CaseKind.QA)).cases
    assert sorted(c.related_case_id for c in qa_cases) == sorted(c.id for c, _ in decided)
    qa = qa_cases[0]
    assert "decision" not in qa.snapshot and qa.decision is None  # blind: the original verdict is not shown
    desk.claim(qa.id, "alice")
    with pytest.raises(PermissionDenied):  # not by the original reviewer
        desk.decide(qa.id, "alice", Verdict.REJECT)
    desk.release(qa.id, "alice")
    original = {c.id: v for c, v in decided}
    for i, qa in enumerate(qa_cases):
        desk.claim(qa.id, "bob")
        # bob agrees on the first two re-reviews and disagrees on the third
        mine = original[qa.related_case_id] if i < 2 else (
            Verdict.APPROVE if original[qa.related_case_id] is Verdict.REJECT else Verdict.REJECT)
        done = desk.decide(qa.id, "bob", mine)
        assert done.effects["agrees"] is (i < 2) and done.effects["original_reviewer"] == "alice"
    [row] = desk.qa_agreement()
    assert (row.reviewer, row.category, row.reviewed, row.agreed) == ("alice", "REGION", 3, 2)
    assert desk.list(CaseFilter(kind=CaseKind.QA, status=CaseStatus.OPEN)).cases == ()  # QA of QA: never


def test_one_person_under_two_identities_is_one_reviewer_for_four_eyes():
    from service.review.service import same_person

    assert same_person("张三 (tok_0123)", "张三 (usr_abcd)")
    assert same_person("Alice (tok_1)", "alice (usr_2)")
    assert not same_person("alice (tok_1)", "bob (usr_2)")
    assert not same_person("", "")
