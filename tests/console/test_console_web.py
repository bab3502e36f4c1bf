"""Console pages through Flask's test client: login, logout, expiry, lock-out, CSRF, Origin,
security headers and cookie flags, autoescape of hostile profile text, the acting reviewer."""
from __future__ import annotations

import pytest
from console_helpers import PASSWORD, csrf_of, login, make_env, open_case

from service.console.web import CSP, LOGIN_CSRF_COOKIE, SESSION_COOKIE
from service.review.models import CaseStatus, Verdict

HOSTILE = '<script>alert("x")</script>人民曰报'


def _cookie_header(resp, name):
    return next(h for h in resp.headers.getlist("Set-Cookie") if h.startswith(name + "="))


def test_anonymous_is_sent_to_login_and_back(env):
    client = env.web.test_client()
    resp = client.get("/queue?kind=SCREENING")
    assert resp.status_code == 302 and "/login?next=" in resp.headers["Location"]
    page = client.get(resp.headers["Location"])
    assert page.status_code == 200 and "审核员登录" in page.get_data(as_text=True)
    c = login(env.web, "reviewer-1", next_="/queue?kind=SCREENING")
    assert c.last.status_code == 302 and c.last.headers["Location"] == "/queue?kind=SCREENING"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil", "javascript:alert(1)"])
def test_login_never_redirects_off_site(env, target):
    c = login(env.web, "reviewer-1", next_=target)
    assert c.last.status_code == 302 and c.last.headers["Location"] == "/queue"


def test_session_cookie_flags_and_logout(env):
    c = login(env.web, "reviewer-1")
    cookie = _cookie_header(c.last, SESSION_COOKIE)
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    assert "Max-Age=3600" in cookie
    page = c.get("/queue")
    assert page.status_code == 200
    resp = c.post("/logout", data={"csrf_token": csrf_of(page.get_data(as_text=True))})
    assert resp.status_code == 302 and resp.headers["Location"] == "/login"
    assert c.get("/queue").status_code == 302  # the session is gone server-side too


def test_secure_cookie_over_tls_and_when_forced(env, sqlite_url, clock):
    c = login(env.web, "reviewer-1", https=True)
    assert "Secure" in _cookie_header(c.last, SESSION_COOKIE)
    forced = make_env(sqlite_url, clock, console_secure_cookie=True)
    try:
        c = login(forced.web, "reviewer-1")
        assert "Secure" in _cookie_header(c.last, SESSION_COOKIE)
    finally:
        forced.review.close()
        forced.store.close()


def test_session_expires(env, clock):
    c = login(env.web, "auditor-1")
    assert c.get("/queue").status_code == 200
    clock.advance(seconds=3601)
    resp = c.get("/queue")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_lockout_through_the_login_form(env, clock):
    for _ in range(5):
        assert login(env.web, "reviewer-1", password="wrong password 123").last.status_code == 401
    locked = login(env.web, "reviewer-1")
    assert locked.last.status_code == 401
    assert "锁定" in locked.last.get_data(as_text=True)
    clock.advance(minutes=15, seconds=1)
    assert login(env.web, "reviewer-1").last.status_code == 302


def test_login_form_needs_its_csrf_cookie(env):
    client = env.web.test_client()
    page = client.get("/login")
    token = csrf_of(page.get_data(as_text=True))
    assert "HttpOnly" in _cookie_header(page, LOGIN_CSRF_COOKIE)
    other = env.web.test_client()  # a page that posts a token it read elsewhere, without the cookie
    assert other.post("/login", data={"csrf_token": token, "name": "reviewer-1",
                                      "password": PASSWORD}).status_code == 400
    assert client.post("/login", data={"csrf_token": "forged", "name": "reviewer-1",
                                       "password": PASSWORD}).status_code == 400


def test_csrf_and_origin_are_checked_on_every_post(env, as_role):
    case = open_case(env)
    c = as_role("reviewer")
    page = c.get(f"/cases/{case.id}").get_data(as_text=True)
    token = csrf_of(page)
    assert c.post(f"/cases/{case.id}/claim").status_code == 400
    assert c.post(f"/cases/{case.id}/claim", data={"csrf_token": "x" + token}).status_code == 400
    other = login(env.web, "reviewer-2")
    other_token = csrf_of(other.get("/queue").get_data(as_text=True))
    assert c.post(f"/cases/{case.id}/claim", data={"csrf_token": other_token}).status_code == 400
    assert c.post(f"/cases/{case.id}/claim", data={"csrf_token": token},
                  headers={"Origin": "https://evil.example"}).status_code == 400
    assert c.post(f"/cases/{case.id}/claim", data={"csrf_token": token}, headers={"Origin": "null"}).status_code == 400
    assert env.review.get(case.id).claimed_by == ""  # none of these did anything
    ok = c.post(f"/cases/{case.id}/claim", data={"csrf_token": token}, headers={"Origin": "http://localhost"})
    assert ok.status_code == 302
    assert env.review.get(case.id).claimed_by.startswith("reviewer-1 (usr_")


def test_security_headers(env, as_role):
    case = open_case(env)
    resp = as_role("auditor").get(f"/cases/{case.id}")
    assert resp.status_code == 200
    assert resp.headers["Content-Security-Policy"] == CSP and "script-src 'self'" in CSP
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Cache-Control"] == "no-store"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    login_page = env.web.test_client().get("/login")
    assert login_page.headers["X-Frame-Options"] == "DENY"


def test_hostile_names_are_escaped(env, as_role):
    case = open_case(env, name=HOSTILE)
    env.review.proposals.propose(case.id, __import__("service.review.models", fromlist=["ProposalKind"])
                                 .ProposalKind.ALIAS, "<img src=x onerror=alert(1)>", actor="reviewer-x")
    c = as_role("reviewer")
    for path in ("/queue", f"/cases/{case.id}", "/proposals"):
        html = c.get(path).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, path
    html = c.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_substitutions_are_highlighted_and_labelled(env, as_role):
    case = open_case(env)
    html = as_role("auditor").get(f"/cases/{case.id}").get_data(as_text=True)
    assert '<ruby class="sub homoglyph" title="曰 → 日 形近字"><mark>曰</mark><rt>曰 → 日 形近字</rt></ruby>' in html
    assert "新闻媒体" in html and "media.peoples-daily" in html


def test_decisions_name_the_logged_in_reviewer(env, as_role):
    case = open_case(env)
    c = as_role("reviewer")
    token = csrf_of(c.get(f"/cases/{case.id}").get_data(as_text=True))
    assert c.post(f"/cases/{case.id}/claim", data={"csrf_token": token}).status_code == 302
    resp = c.post(f"/cases/{case.id}/decide", data={
        "csrf_token": token, "verdict": "APPROVE", "reason_code": "FALSE_POSITIVE", "note": "同名机构",
        "actor": "someone-else", "reviewer": "someone-else", "actions": "CLOSE_ACCOUNT"})
    assert resp.status_code == 302 and "done=decided" in resp.headers["Location"]
    decided = env.review.get(case.id)
    assert decided.status is CaseStatus.DECIDED and decided.decision.verdict is Verdict.APPROVE
    assert decided.decision.reviewer.startswith("reviewer-1 (usr_")
    assert decided.decision.actions == ()  # actions go with REJECT only: the form's extra was dropped
    trail = env.review.trail(case.id)
    assert all(e.actor != "someone-else" for e in trail)


def test_domain_errors_show_on_the_case_page(env, as_role):
    case = open_case(env)
    c = as_role("reviewer")
    token = csrf_of(c.get(f"/cases/{case.id}").get_data(as_text=True))
    resp = c.post(f"/cases/{case.id}/decide", data={"csrf_token": token, "verdict": "REJECT"})
    assert resp.status_code == 409 and "操作未完成" in resp.get_data(as_text=True)  # not claimed
    other = login(env.web, "reviewer-2")
    other_token = csrf_of(other.get("/queue").get_data(as_text=True))
    assert c.post(f"/cases/{case.id}/claim", data={"csrf_token": token}).status_code == 302
    assert other.post(f"/cases/{case.id}/claim", data={"csrf_token": other_token}).status_code == 409
    assert c.get("/cases/does-not-exist").status_code == 404


def test_four_eyes_through_the_console(env, as_role):
    case = open_case(env)
    first, second = as_role("reviewer"), login(env.web, "reviewer-2")
    for client in (first, second):
        token = csrf_of(client.get(f"/cases/{case.id}").get_data(as_text=True))
        assert client.post(f"/cases/{case.id}/claim", data={"csrf_token": token}).status_code == 302
        resp = client.post(f"/cases/{case.id}/decide", data={"csrf_token": token, "verdict": "REJECT",
                                                             "reason_code": "IMPERSONATING_MEDIA",
                                                             "actions": ["WARN"]})
        assert resp.status_code == 302
    decided = env.review.get(case.id)
    assert decided.status is CaseStatus.DECIDED
    assert decided.decision.reviewer.startswith("reviewer-1") and decided.confirmed_by.startswith("reviewer-2")


def test_dashboard_counts_decisions_per_reviewer(env, as_role):
    case = open_case(env)
    env.review.claim(case.id, "alice (usr_1)")
    env.review.decide(case.id, "alice (usr_1)", Verdict.ESCALATE)
    html = as_role("auditor").get("/dashboard").get_data(as_text=True)
    assert "alice (usr_1)" in html and 'id="queue-depth">1<' in html


def test_audit_export_is_jsonl_with_hashes(env, as_role):
    open_case(env)
    resp = as_role("auditor").get("/audit/export")
    assert resp.status_code == 200 and resp.mimetype == "application/x-ndjson"
    import json

    rows = [json.loads(line) for line in resp.get_data(as_text=True).splitlines()]
    assert rows and all(len(r["hash"]) == 64 for r in rows)
    assert env.store.audit.verify().ok


def test_report_appeal_and_credential_pages(env, as_role):
    from service.review.models import ReportReason

    report = env.review.submit_report("acc-9", ReportReason.IMPERSONATING_MEDIA, "<b>冒充</b>人民日报发布消息",
                                      evidence_refs=["ev://1"], reporter_contact_ref="contact://7",
                                      platform="plat-a", actor="plat-a", name="人民日报官方")
    case = open_case(env)
    env.review.claim(case.id, "alice (usr_1)")
    env.review.decide(case.id, "alice (usr_1)", Verdict.APPROVE)
    appeal = env.review.submit_appeal(case.id, "acc-1", "我们就是人民日报", platform="plat-a", actor="plat-a")
    c = as_role("auditor")
    html = c.get(f"/cases/{report.id}").get_data(as_text=True)
    assert "投诉举报内容" in html and "&lt;b&gt;冒充&lt;/b&gt;" in html and "contact://7" in html
    assert "仿冒新闻媒体" in html
    html = c.get(f"/cases/{appeal.id}").get_data(as_text=True)
    assert "申诉内容" in html and "我们就是人民日报" in html and "原决定：通过" in html
    assert "（被申诉案件）" in html and "曰 → 日 形近字" in html  # the contested profile, highlighted
    queue = c.get("/queue?status=ALL").get_data(as_text=True)
    assert report.id in queue and appeal.id in queue
    reviewer = as_role("reviewer")
    token = csrf_of(reviewer.get(f"/cases/{appeal.id}").get_data(as_text=True))
    assert reviewer.post(f"/cases/{appeal.id}/claim", data={"csrf_token": token}).status_code == 302
    resp = reviewer.post(f"/cases/{appeal.id}/decide", data={"csrf_token": token, "verdict": "APPROVE",
                                                             "feedback": "申诉成立", "valid_until": "not-a-date"})
    assert resp.status_code == 400
