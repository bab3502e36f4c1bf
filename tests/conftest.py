"""Shared fixtures.

- ``store_url``: parametrised over SQLite (a temp file) and the local PostgreSQL
  (a fresh database per test, dropped afterwards). PostgreSQL is part of the
  suite: set ZHENWEI_TEST_POSTGRES_URL to point elsewhere; it is never skipped
  silently.
- ``server``: a real gRPC server on an ephemeral port over a temp SQLite store, with
  ``server.token(*roles)`` creating a bearer token directly through its store.
- ``channel``: a channel to it whose calls carry a token holding every role;
  ``anon_channel``: one that sends no token. ``authed_channel(address, token)`` builds one.
"""
from __future__ import annotations

import os
import uuid

import pytest
from authutil import ALL_ROLES, authed_channel, make_token

from service.config import Settings

PG_ADMIN_URL = os.environ.get("ZHENWEI_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_admin():
    import psycopg

    return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)


@pytest.fixture
def pg_url():
    name = "zw_test_" + uuid.uuid4().hex[:12]
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'zhenwei.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'zhenwei.sqlite3'}"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def settings(sqlite_url):
    return Settings(listen_addr="127.0.0.1:0", database_url=sqlite_url, reload_interval_s=0.2,
                    grace_period_s=2.0, secret_key="test-secret-key", bootstrap_admin_token=False,
                    auth_cache_ttl_s=0.5)


@pytest.fixture
def server(settings):
    from service.api.server import Server

    srv = Server(settings).start()
    srv.token = lambda *roles, **kw: make_token(srv, *roles, **kw)
    try:
        yield srv
    finally:
        srv.stop(grace=1.0)


@pytest.fixture
def channel(server):
    ch = authed_channel(server.address, server.token(*ALL_ROLES, name="e2e-all-roles"))
    try:
        yield ch
    finally:
        ch.close()


@pytest.fixture
def anon_channel(server):
    ch = authed_channel(server.address, None)
    try:
        yield ch
    finally:
        ch.close()
