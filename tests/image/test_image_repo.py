"""Reference banks in the store (SQLite and PostgreSQL), audit, revision, replicas."""
from __future__ import annotations

import pytest

from bench import emblems as E
from service.domain.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from service.domain.models import Category, Field
from service.image.screener import AvatarScreener
from service.store import open_store
from tests.image.conftest import make_settings


@pytest.fixture
def replicas(store_url):
    a, b = open_store(store_url), open_store(store_url)
    try:
        yield (AvatarScreener(a, make_settings(store_url)), AvatarScreener(b, make_settings(store_url)), a)
    finally:
        a.close()
        b.close()


def test_bank_and_reference_lifecycle(replicas):
    av, _, store = replicas
    repo = store.images
    r0 = repo.revision()
    bank = av.admin.create_bank("police", "POSITIVE", "公安", pdq_threshold=20, actor="alice")
    assert (bank.name, bank.kind, bank.pdq_threshold, bank.min_inliers, bank.reference_count) == \
        ("police", "POSITIVE", 20, None, 0)
    with pytest.raises(AlreadyExists):
        av.admin.create_bank("police", "POSITIVE")
    with pytest.raises(InvalidArgument):
        av.admin.create_bank("Bad Name", "POSITIVE")
    with pytest.raises(InvalidArgument):
        av.admin.create_bank("x", "SIDEWAYS")
    img, name = E.emblem(11)
    ref = av.admin.add_reference(bank="police", entity_id="gov.mps", category=Category.PARTY_GOVERNMENT,
                                 label="公安徽章", image=E.to_bytes(img), actor="alice")
    assert ref.id > 0 and ref.enabled and ref.label == "公安徽章" and len(ref.pdq_hex) == 64
    assert ref.thumbnail.startswith(b"\x89PNG") and (ref.width, ref.height) == (256, 256)
    with pytest.raises(AlreadyExists):
        av.admin.add_reference(bank="police", entity_id="gov.mps", category=Category.PARTY_GOVERNMENT,
                               label="again", image=E.to_bytes(img))
    with pytest.raises(InvalidArgument):  # a positive bank needs the entity
        av.admin.add_reference(bank="police", entity_id="", category=None, label="x",
                               image=E.to_bytes(E.emblem(12)[0]))
    with pytest.raises(NotFound):
        av.admin.add_reference(bank="nobank", entity_id="e", category=Category.MILITARY, label="x",
                               image=E.to_bytes(E.emblem(13)[0]))
    with pytest.raises(InvalidArgument):
        av.admin.add_reference(bank="police", entity_id="e", category=Category.MILITARY, label="x",
                               image=b"GIF89a-not-really")
    assert repo.revision() > r0
    assert [b.reference_count for b in repo.list_banks()] == [1]
    assert [r.id for r in repo.list_references(bank="police")] == [ref.id]
    assert repo.list_references(bank="police")[0].thumbnail == b""
    assert repo.get_reference(ref.id).thumbnail == ref.thumbnail
    assert repo.set_enabled(ref.id, False, actor="bob").enabled is False
    assert repo.list_references(include_disabled=False) == []
    with pytest.raises(FailedPrecondition):
        repo.remove_bank("police")
    repo.remove_reference(ref.id, actor="bob")
    with pytest.raises(NotFound):
        repo.get_reference(ref.id)
    repo.remove_bank("police", actor="bob")
    actions = [e.action for e in store.audit.list(limit=20)]
    for action in ("image_bank.create", "image_reference.add", "image_reference.disable",
                   "image_reference.remove", "image_bank.remove"):
        assert action in actions


def test_pagination(replicas):
    av, _, store = replicas
    av.admin.create_bank("media", "POSITIVE")
    ids = [av.admin.add_reference(bank="media", entity_id=f"m{i}", category=Category.NEWS_MEDIA, label=f"m{i}",
                                  image=E.to_bytes(E.emblem(300 + i)[0])).id for i in range(5)]
    page1 = store.images.list_references(limit=2)
    page2 = store.images.list_references(after_id=page1[-1].id, limit=2)
    page3 = store.images.list_references(after_id=page2[-1].id, limit=2)
    assert [r.id for r in page1 + page2 + page3] == ids
    assert [r.id for r in store.images.list_references(entity_id="m3")] == [ids[3]]


def test_a_second_replica_picks_up_changes_without_restart(replicas):
    a, b, _ = replicas
    img, _ = E.emblem(21)
    data = E.to_bytes(E.mirror(img))
    assert list(b.detect(Field.AVATAR, data).findings) == []
    assert not b.reload_if_changed()  # nothing changed since its first build
    a.admin.create_bank("army", "POSITIVE")
    ref = a.admin.add_reference(bank="army", entity_id="mil.pla", category=Category.MILITARY, label="军徽",
                                image=E.to_bytes(img))
    old = b.banks.current()
    assert b.reload_if_changed()
    assert b.banks.current() is not old and b.banks.current().revision == a.banks.repo.revision()
    [f] = list(b.detect(Field.AVATAR, data).findings)
    assert f.entity_id == "mil.pla" and f.category is Category.MILITARY
    a.banks.repo.set_enabled(ref.id, False)
    assert b.reload_if_changed()
    assert list(b.detect(Field.AVATAR, data).findings) == []
