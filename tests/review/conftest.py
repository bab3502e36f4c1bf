"""Fixtures for review tests: a ReviewService over the ``store_url`` store (SQLite and
PostgreSQL) with a settable clock and a recording stand-in for the lexicon admin."""
from __future__ import annotations

import datetime as dt

import pytest

from service.config import Settings
from service.review.service import ReviewService
from service.store import open_store


class Clock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw) -> None:
        self.now += dt.timedelta(**kw)


class RecordingLexiconAdmin:
    """Stands in for LexiconAdmin (whose real effects the e2e test checks): records calls."""

    def __init__(self):
        self.closed: list[tuple] = []
        self.owners: list[tuple] = []
        self.removed: list[tuple] = []
        self.updates: list[tuple] = []

    def add_closed(self, name, account_id, reason, actor):
        self.closed.append((name, account_id, reason, actor))
        return f"closed.{len(self.closed)}", f"v+r{len(self.closed)}"

    def add_owner(self, entity_id, code, actor):
        self.owners.append((entity_id, code, actor))
        return [code], "v+owner"

    def remove_closed(self, closed_id, reason, actor):
        self.removed.append((closed_id, reason, actor))
        return None, "v+removed"

    def get_entry(self, entity_id):
        from service.domain.models import Category
        from service.domain.lexicon import Entity

        if entity_id != "media.peoples-daily":
            from service.domain.errors import NotFound

            raise NotFound(f"entity {entity_id} not found")
        return Entity(id=entity_id, name="人民日报", category=Category.NEWS_MEDIA, aliases=("人民网报",)), False

    def update_entry(self, entity_id, changes, actor):
        self.updates.append((entity_id, dict(changes), actor))
        return None, "v+updated"


@pytest.fixture
def clock():
    return Clock(dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.timezone.utc))


@pytest.fixture
def review_settings(store_url):
    return Settings(database_url=store_url, secret_key="unit-test-secret", review_lease_s=600,
                    report_deadline_h=48, appeal_deadline_h=240, review_qa_share=0.0)


@pytest.fixture
def store(review_settings):
    s = open_store(review_settings.database_url)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def lexicon_admin():
    return RecordingLexiconAdmin()


@pytest.fixture
def desk(store, review_settings, clock, lexicon_admin):
    d = ReviewService(store, review_settings, lexicon_admin=lexicon_admin, clock=clock)
    yield d
    d.close()
