"""The console in a real browser (Playwright driving Debian's chromium) against a real server:
a lookalike name screened over gRPC opens a case; reviewer alice logs in, opens it from the queue,
claims and rejects it with the keyboard (four-eyes: pending a second reviewer); bob logs in and
confirms with the keyboard; the decision is in the store (GetCase over gRPC) with both reviewers,
and the outcome stream (WatchCaseOutcomes) carries PENDING_SECOND and DECIDED.

Screenshots of the queue and of the case page are taken every run (into the test's tmp folder);
with ZHENWEI_WRITE_SCREENSHOTS=1 they are also written to docs/console-queue.png and
docs/console-case.png for the README."""
from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest
from authutil import authed_channel, make_token

from service.api.gen.impersonation.v1 import review_pb2 as pb, review_pb2_grpc, screening_pb2, screening_pb2_grpc

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DOCS = Path(__file__).resolve().parent.parent.parent / "docs"
PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason="Debian's chromium is not installed (.ci/run installs it with apt-get; "
                                       "Playwright cannot download a browser here)")


@pytest.fixture
def console_server(settings):
    from service.api.server import Server

    srv = Server(dataclasses.replace(settings, console_addr="127.0.0.1:0", review_qa_share=0.0)).start()
    try:
        yield srv
    finally:
        srv.stop(grace=1.0)


def _shot(page, name: str, tmp_path: Path) -> None:
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if os.environ.get("ZHENWEI_WRITE_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(tmp_path / name, DOCS / name)


def _login(page, base: str, name: str) -> None:
    page.goto(base + "/queue")
    assert "/login" in page.url  # anonymous: sent to the login page
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/queue"), page.url + page.inner_text("main")


def _key(page, key: str) -> None:
    """Presses a key that submits a form and waits for the page that answers."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_claim_and_decide_with_the_keyboard(console_server, tmp_path):
    from playwright.sync_api import sync_playwright

    from service.console.auth import ConsoleAccounts

    srv = console_server
    accounts = ConsoleAccounts(srv.app.store, srv.settings.console_session_s)
    accounts.add_user("alice", "reviewer", PASSWORD, actor="tests")
    accounts.add_user("bob", "reviewer", PASSWORD, actor="tests")
    base = f"http://127.0.0.1:{srv.console.port}"

    platform = authed_channel(srv.address, make_token(srv, "screening", name="plat-a"))
    watcher = authed_channel(srv.address, make_token(srv, "reviewer", name="watcher"))
    try:
        screen = screening_pb2_grpc.ScreeningServiceStub(platform)
        resp = screen.ScreenProfile(screening_pb2.ScreenProfileRequest(profile=screening_pb2.Profile(
            account_id="acc-browser", name="人民曰报", bio="<script>alert(1)</script> 权威发布")), timeout=60)
        assert resp.decision == screening_pb2.DECISION_REJECT
        rv = review_pb2_grpc.ReviewServiceStub(watcher)
        cases = rv.ListCases(pb.ListCasesRequest(kind=pb.CASE_KIND_SCREENING), timeout=10).cases
        assert len(cases) == 1
        case_id = cases[0].case_id

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            try:
                page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
                dialogs: list[str] = []
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                _login(page, base, "alice")
                assert page.locator("table.queue tbody tr[data-href]").count() == 1
                assert "人民曰报" in page.inner_text("table.queue")
                _shot(page, "console-queue.png", tmp_path)

                _key(page, "o")  # the selected (oldest) case
                assert page.url.endswith(f"/cases/{case_id}")
                assert page.locator("#case-name ruby mark").inner_text() == "曰"
                assert "曰 → 日 形近字" in page.inner_text("#case-name")
                _key(page, "c")  # claim
                assert page.get_attribute("#case-status", "data-status") == "OPEN"
                assert page.locator("#decide-REJECT").count() == 1
                _shot(page, "console-case.png", tmp_path)
                page.keyboard.press("r")  # arms REJECT; Enter confirms
                assert "armed" in (page.get_attribute("#decide-REJECT", "class") or "")
                _key(page, "Enter")
                assert page.get_attribute("#case-status", "data-status") == "PENDING_SECOND"

                page.click("button:has-text('退出登录')")
                page.wait_for_url("**/login")
                _login(page, base, "bob")
                page.goto(f"{base}/cases/{case_id}")
                _key(page, "c")
                page.keyboard.press("r")
                _key(page, "Enter")
                assert page.get_attribute("#case-status", "data-status") == "DECIDED"
                assert not dialogs  # the hostile bio never ran as script
            finally:
                browser.close()

        # the store, through the API
        got = rv.GetCase(pb.GetCaseRequest(case_id=case_id), timeout=10).review_case
        assert got.status == pb.CASE_STATUS_DECIDED
        assert got.decision.verdict == pb.VERDICT_REJECT
        assert got.decision.reviewer.startswith("alice (usr_")
        assert got.confirmed_by.startswith("bob (usr_")
        assert got.decision.reason_code == "IMPERSONATING_MEDIA"
        # and the outcome stream, from its start
        outcomes = [r.outcome for r in rv.WatchCaseOutcomes(
            pb.WatchCaseOutcomesRequest(cursor="0", follow=False), timeout=10) if r.outcome.case_id == case_id]
        kinds = [o.outcome for o in outcomes]
        assert kinds == [pb.OUTCOME_KIND_OPENED, pb.OUTCOME_KIND_PENDING_SECOND, pb.OUTCOME_KIND_DECIDED]
        assert outcomes[-1].verdict == pb.VERDICT_REJECT
        # the audit trail names the console users
        actors = {e.actor for e in srv.app.review.trail(case_id)}
        assert any(a.startswith("alice (usr_") for a in actors) and any(a.startswith("bob (usr_") for a in actors)
    finally:
        platform.close()
        watcher.close()
