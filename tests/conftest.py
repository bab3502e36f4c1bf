"""Shared fixtures.

- ``store_url``: parametrised over SQLite (a temp file) and the local PostgreSQL
  (a fresh database per test, dropped afterwards). PostgreSQL is part of the
  suite: set ZHENWEI_TEST_POSTGRES_URL to point elsewhere; it is never skipped
  silently.
- ``server``: a real gRPC server on an ephemeral port over a temp SQLite store.
"""
from __future__ import annotations

import os
import uuid

import pytest

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
                    grace_period_s=2.0, secret_key="test-secret-key")


@pytest.fixture
def server(settings):
    from service.api.server import Server

    srv = Server(settings).start()
    try:
        yield srv
    finally:
        srv.stop(grace=1.0)


@pytest.fixture
def channel(server):
    import grpc

    ch = grpc.insecure_channel(server.address)
    grpc.channel_ready_future(ch).result(timeout=10)
    try:
        yield ch
    finally:
        ch.close()
