"""Fixtures for credential tests: a verifier over the ``store_url`` store with a settable clock."""
from __future__ import annotations

import datetime as dt

import pytest

from service.config import Settings
from service.credentials.base import CredentialType
from service.credentials.verifier import CredentialVerifier
from service.store import open_store

ROSTER_HEADER = "number,holder_name,organization,status,valid_until\n"


class Clock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw) -> None:
        self.now += dt.timedelta(**kw)


@pytest.fixture
def clock():
    return Clock(dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.timezone.utc))


@pytest.fixture
def cred_settings(store_url):
    return Settings(database_url=store_url, secret_key="unit-test-secret", evidence_retention_days=30)


@pytest.fixture
def store(cred_settings):
    s = open_store(cred_settings.database_url)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def verifier(store, cred_settings, clock):
    v = CredentialVerifier(store, cred_settings, clock=clock)
    yield v
    v.close()


def roster(*rows: str) -> str:
    return ROSTER_HEADER + "".join(r + "\n" for r in rows)


@pytest.fixture
def physicians(verifier):
    """A small 医师执业证书 roster in the embedded registry."""
    report = verifier.local.import_roster(CredentialType.CN_PHYSICIAN_LICENSE, roster(
        "110110101000218,张三,北京协和医院,valid,2030-12-31",
        "110110101000219,李四,,revoked,",
        "110110101000220,王五,,suspended,",
        "110110101000221,赵六,,valid,2025-12-31",
        "110110101000222,钱七,,valid,",
        "110110101000223,孙八,,valid,2026-03-20",
    ), "nhc-roster.csv")
    assert report.added == 6 and not report.rejected
    return verifier
