"""Fixtures for console tests (helpers in console_helpers.py): a settable clock, the console
over a SQLite store with one console user per role (and a second reviewer), and a logged-in
test client per role."""
from __future__ import annotations

import datetime as dt

import pytest
from console_helpers import PASSWORD, ROLES, Clock, login, make_env

from service.console.auth import hash_password

#: One argon2id hash for every test user (hashing is deliberately slow; logins still verify it).
_HASH = hash_password(PASSWORD)


@pytest.fixture
def clock():
    return Clock(dt.datetime.now(dt.timezone.utc).replace(microsecond=0))


@pytest.fixture
def env(sqlite_url, clock):
    e = make_env(sqlite_url, clock)
    for name, role in [(r + "-1", r) for r in ROLES] + [("reviewer-2", "reviewer")]:
        e.store.console.create_user(name, [role], _HASH, "tests", clock())
    try:
        yield e
    finally:
        e.review.close()
        e.store.close()


@pytest.fixture
def as_role(env):
    clients = {}

    def get(role: str):
        if role not in clients:
            c = login(env.web, role + "-1")
            assert c.last.status_code == 302, c.last.get_data(as_text=True)[:500]
            clients[role] = c
        return clients[role]

    return get
