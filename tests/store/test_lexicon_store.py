"""The lexicon repository on SQLite and on the local PostgreSQL."""
from __future__ import annotations

import pytest

from service.domain.errors import AlreadyExists, InvalidArgument, NotFound
from service.domain.models import Category
from service.domain.lexicon import Entity
from service.store import open_store


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


def ent(i="gov.test", name="测试管理局"):
    return Entity(id=i, name=name, category=Category.PARTY_GOVERNMENT, aliases=("测试局",))


def test_migrations_are_idempotent(store_url):
    a = open_store(store_url)
    a.close()
    b = open_store(store_url)  # second open applies nothing and does not fail
    assert b.lexicon.revision() == 0
    b.close()


def test_entity_lifecycle_bumps_revision_and_audits(store):
    r1 = store.lexicon.put_entity(ent(), "alice", create=True, bundled_ids=frozenset())
    assert r1 == 1
    with pytest.raises(AlreadyExists):
        store.lexicon.put_entity(ent(), "alice", create=True, bundled_ids=frozenset())
    assert store.lexicon.revision() == 1  # the failed add changed nothing
    store.lexicon.put_entity(ent(name="测试总局"), "bob", create=False, bundled_ids=frozenset())
    snap = store.lexicon.snapshot()
    assert snap.revision == 2 and [e.name for e in snap.entities] == ["测试总局"]
    assert snap.entities[0].aliases == ("测试局",) and snap.entities[0].origin == "store"
    store.lexicon.retire_entity(ent(), "carol", "merged")
    snap = store.lexicon.snapshot()
    assert snap.entities == () and snap.retired == ("gov.test",)
    log = store.audit.list("gov.test")
    assert [(e.actor, e.action) for e in log] == [("carol", "entity.retire"), ("bob", "entity.update"),
                                                  ("alice", "entity.add")]


def test_update_of_unknown_entity_is_not_found(store):
    with pytest.raises(NotFound):
        store.lexicon.put_entity(ent("gov.none"), "a", create=False, bundled_ids=frozenset())


def test_bundled_ids_count_as_existing(store):
    with pytest.raises(AlreadyExists):
        store.lexicon.put_entity(ent("media.x"), "a", create=True, bundled_ids=frozenset({"media.x"}))
    assert store.lexicon.put_entity(ent("media.x"), "a", create=False, bundled_ids=frozenset({"media.x"})) == 1


def test_owners_and_closed_names(store):
    store.lexicon.add_owner("media.x", "91110000600037341L", "a")
    with pytest.raises(AlreadyExists):
        store.lexicon.add_owner("media.x", "91110000600037341L", "a")
    assert store.lexicon.owners("media.x") == ["91110000600037341L"]
    closed_id, rev = store.lexicon.add_closed("小王爱吃鱼", "acc-9", "fraud", "a")
    snap = store.lexicon.snapshot()
    assert snap.owners == {"media.x": ("91110000600037341L",)}
    assert [c.name for c in snap.closed] == ["小王爱吃鱼"] and snap.closed[0].id == closed_id
    store.lexicon.remove_owner("media.x", "91110000600037341L", "a")
    with pytest.raises(NotFound):
        store.lexicon.remove_owner("media.x", "91110000600037341L", "a")
    with pytest.raises(InvalidArgument):
        store.lexicon.add_closed("x", "", "", "a", keep_days=30)


def test_transaction_rolls_back_everything(store):
    with pytest.raises(RuntimeError):
        with store.db.transaction():
            store.lexicon.put_entity(ent("gov.rollback"), "a", create=True, bundled_ids=frozenset())
            raise RuntimeError("boom")
    assert store.lexicon.revision() == 0 and store.lexicon.get_entry("gov.rollback") is None
    assert store.audit.list("gov.rollback") == []
