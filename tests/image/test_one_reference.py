"""One reference named per emblem found: a near reference of another entity (the same template,
a re-encoded copy) is not named beside the best one; two references that are the same picture are."""
from __future__ import annotations

from bench import emblems as E
from service.domain.models import Category, Field
from service.image import hashing
from service.image.screener import AvatarScreener
from tests.image.conftest import make_settings


def named(av, img):
    return [f.entity_id for f in av.detect(Field.AVATAR, E.to_bytes(img)).findings]


def test_the_best_reference_alone_unless_two_tie(image_store, sqlite_url):
    av = AvatarScreener(image_store, make_settings(sqlite_url))
    av.admin.create_bank("official", "POSITIVE", actor="test")
    img, _ = E.emblem(4711)
    near = E.jpeg(E.downscale(img, 96).resize(img.size), 40)  # another entity's, nearly the same picture
    twin = img.copy()
    twin.putpixel((0, 0), (254, 254, 254))  # the same picture (another file): a tie
    for entity, picture in (("ent-a", img), ("ent-near", near), ("ent-twin", twin)):
        av.admin.add_reference(bank="official", entity_id=entity, category=Category.PARTY_GOVERNMENT, label=entity,
                               image=E.to_bytes(picture), actor="test")
    av.reload_if_changed()
    snap = av.banks.current()
    by_entity = {i.entity_id: i.id for i in snap.refs.values()}
    # the setting the test relies on: the near copy alone would be accepted for the query
    q = hashing.query_hashes(av.decode(E.to_bytes(img)).rgb)
    dists = {snap.refs[h.ref_id].entity_id: h.distance for h in snap.search(q, 12, 0)}
    assert av.thresholds.tie < dists["ent-near"] <= 12, dists
    assert sorted(named(av, img)) == ["ent-a", "ent-twin"]
    assert named(av, near) == ["ent-near"]
    # with the twin and the original gone, the near reference is named for the original's copy
    for entity in ("ent-a", "ent-twin"):
        av.admin.repo.set_enabled(by_entity[entity], False, "test")
    av.reload_if_changed()
    assert named(av, img) == ["ent-near"]
