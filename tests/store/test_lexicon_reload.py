"""Hot reload keeps serving the old lexicon when a new one fails to build, and concurrent
adds of one id from two replicas end in exactly one ALREADY_EXISTS."""
from __future__ import annotations

import threading

import pytest

from service.config import Settings
from service.domain.errors import AlreadyExists
from service.domain.models import Category, Field
from service.text.manager import LexiconManager
from service.domain.lexicon import Entity
from service.store import open_store


@pytest.fixture
def manager(sqlite_url):
    store = open_store(sqlite_url)
    yield LexiconManager(Settings().lexicon_dir, store)
    store.close()


def test_a_failed_build_keeps_the_old_engine(manager, monkeypatch):
    before = manager.current()
    manager.store.lexicon.put_entity(Entity("gov.zw-reload", "甄伪重载局", Category.PARTY_GOVERNMENT), "t",
                                     create=True, bundled_ids=frozenset())

    def broken(_snapshot):
        raise RuntimeError("lexicon build failed")

    monkeypatch.setattr(manager, "_build", broken)
    with pytest.raises(RuntimeError):
        manager.reload_if_changed()
    assert manager.current() is before  # still serving, unchanged
    assert manager.current().screen_text(Field.NAME, "人民日报")
    monkeypatch.undo()
    assert manager.reload_if_changed()
    assert manager.current().data.revision == 1
    assert manager.current().screen_text(Field.NAME, "甄伪重载局")[0].entity_id == "gov.zw-reload"


def test_concurrent_adds_of_one_id_give_one_already_exists(store_url):
    stores = [open_store(store_url) for _ in range(2)]
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def add(store):
        barrier.wait()
        try:
            store.lexicon.put_entity(Entity("gov.zw-race", "甄伪竞争局", Category.PARTY_GOVERNMENT), "t",
                                     create=True, bundled_ids=frozenset())
            outcomes.append("added")
        except AlreadyExists:
            outcomes.append("exists")

    threads = [threading.Thread(target=add, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    assert sorted(outcomes) == ["added", "exists"]
