"""Console accounts over both backends: argon2id hashes, lock-out after five failures for 15
minutes, session expiry, logout, disabling (ends sessions), name and role checks."""
from __future__ import annotations

import datetime as dt

import pytest

from service.console.auth import LOCKOUT, MAX_FAILURES, ConsoleAccounts
from service.domain.errors import AlreadyExists, InvalidArgument
from service.store import open_store

from console_helpers import PASSWORD


@pytest.fixture
def accounts(store_url, clock):
    store = open_store(store_url)
    try:
        yield ConsoleAccounts(store, session_s=600, clock=clock)
    finally:
        store.close()


def test_password_is_stored_as_argon2id_only(accounts):
    user = accounts.add_user("张三", "reviewer", PASSWORD, actor="tests")
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert user.roles == ("reviewer",)
    entry = accounts.repo.db.query("SELECT actor, action, detail FROM audit_log WHERE action = 'console_user.create'")
    assert entry and entry[0][0] == "tests" and PASSWORD not in entry[0][2]


def test_login_session_expiry_and_logout(accounts, clock):
    accounts.add_user("alice", "reviewer,admin", PASSWORD, actor="tests")
    assert accounts.login("alice", "wrong password!!") is None
    assert accounts.login("nobody", PASSWORD) is None
    login = accounts.login("alice", PASSWORD)
    assert login is not None and login.principal.actor.startswith("alice (usr_")
    assert {r.value for r in login.principal.roles} == {"reviewer", "admin"}
    # the store keeps a hash of the session id, never the id
    assert not accounts.repo.db.query("SELECT 1 FROM console_sessions WHERE id_hash = ?", (login.session_id,))
    info = accounts.session(login.session_id)
    assert info is not None and info.csrf == login.csrf
    clock.advance(seconds=599)
    assert accounts.session(login.session_id) is not None
    clock.advance(seconds=2)
    assert accounts.session(login.session_id) is None  # expired
    again = accounts.login("alice", PASSWORD)
    accounts.logout(again.session_id)
    assert accounts.session(again.session_id) is None
    assert accounts.session("") is None and accounts.session("x" * 500) is None


def test_lockout_after_five_failures_for_fifteen_minutes(accounts, clock):
    accounts.add_user("bob", "reviewer", PASSWORD, actor="tests")
    for _ in range(MAX_FAILURES - 1):
        assert accounts.login("bob", "not the password") is None
    assert accounts.login("bob", PASSWORD) is not None  # four failures: not locked, counter reset
    for _ in range(MAX_FAILURES):
        assert accounts.login("bob", "not the password") is None
    assert accounts.login("bob", PASSWORD) is None  # locked: even the right password
    clock.advance(seconds=LOCKOUT.total_seconds() - 5)
    assert accounts.login("bob", PASSWORD) is None
    clock.advance(seconds=10)
    assert accounts.login("bob", PASSWORD) is not None
    actions = [r[0] for r in accounts.repo.db.query("SELECT action FROM audit_log ORDER BY seq")]
    assert actions.count("console_user.locked") == 1


def test_disable_ends_sessions_and_refuses_login(accounts):
    accounts.add_user("carol", "auditor", PASSWORD, actor="tests")
    login = accounts.login("carol", PASSWORD)
    accounts.disable_user("carol", actor="tests")
    assert accounts.session(login.session_id) is None
    assert accounts.login("carol", PASSWORD) is None
    assert [u.name for u in accounts.list_users()] == []
    assert [u.name for u in accounts.list_users(include_disabled=True)] == ["carol"]


def test_checks(accounts):
    with pytest.raises(InvalidArgument):
        accounts.add_user("dave", "reviewer", "short", actor="tests")
    with pytest.raises(InvalidArgument):
        accounts.add_user("dave", "screening", PASSWORD, actor="tests")  # a platform's role, not a person's
    with pytest.raises(InvalidArgument):
        accounts.add_user("dave", "root", PASSWORD, actor="tests")
    with pytest.raises(InvalidArgument):
        accounts.add_user("<b>dave</b>", "reviewer", PASSWORD, actor="tests")
    accounts.add_user("dave", "reviewer", PASSWORD, actor="tests")
    with pytest.raises(AlreadyExists):
        accounts.add_user("dave", "auditor", PASSWORD, actor="tests")


def test_clock_is_utc_aware(clock):
    assert clock().tzinfo is not None and clock().utcoffset() == dt.timedelta(0)


def test_decisions_by_hour_aggregates_the_audit_log(accounts, clock):
    from service.console import views

    audit = accounts.repo._audit
    for actor, action in [("alice", "case.decide"), ("alice", "case.decide"), ("alice", "case.claim"),
                          ("bob", "case.first_decision"), ("bob", "case.escalate")]:
        audit.record(actor, action, "case:x", {})
    now = dt.datetime.now(dt.timezone.utc)
    rows = accounts.repo.decisions_by_hour(list(views.DECISION_ACTIONS), now - dt.timedelta(hours=1))
    assert sorted((a, n) for a, _, n in rows) == [("alice", 2), ("bob", 2)]
    labels, per_day = views.decisions_per_day(rows, 7, now)
    assert len(labels) == 7 and [(who, total) for who, _, total in per_day] == [("alice", 2), ("bob", 2)]
    assert per_day[0][1][0] == 2  # today (Beijing time)
    assert accounts.repo.decisions_by_hour(list(views.DECISION_ACTIONS), now + dt.timedelta(hours=1)) == []
