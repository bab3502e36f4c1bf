"""Emblem matching through AvatarScreener: both stages, findings, OCR re-emission."""
from __future__ import annotations

import random

import numpy as np
import pytest

from bench import emblems as E
from service.domain.errors import InvalidArgument
from service.domain.models import Category, Decision, Field, Finding, Technique
from tests.image.conftest import make_settings


def screen(av, img, fmt="PNG"):
    return list(av.detect(Field.AVATAR, E.to_bytes(img.convert("RGB"), fmt)).findings)


@pytest.mark.parametrize("attack", [
    lambda img, rng: E.jpeg(img, 50),
    lambda img, rng: E.downscale(img, 64),
    lambda img, rng: E.grayscale(img),
    lambda img, rng: E.invert(img),
    lambda img, rng: E.mirror(img),
    lambda img, rng: E.rotate(img, 90, rng),
    lambda img, rng: E.pad(img, 0.3, rng),
    lambda img, rng: E.hue_shift(img, 120),
], ids=["jpeg50", "64px", "gray", "invert", "mirror", "rot90", "pad30", "hue"])
def test_stage1_finds_the_emblem(avatars, attack):
    rng = random.Random(5)
    hits = 0
    for ref, img in avatars.refs[:4]:
        found = screen(avatars, attack(img, rng))
        hits += any(f.entity_id == ref.entity_id for f in found)
        assert all(f.explanation and "stage hash" in f.explanation for f in found)
    assert hits >= 4


@pytest.mark.parametrize("attack", [
    lambda img, rng: E.rotate(img, 12, rng),
    lambda img, rng: E.embed(img, 0.5, rng),
    lambda img, rng: E.crop(img, 0.15, rng),
], ids=["rot12", "embed50", "crop15"])
def test_stage2_finds_rotated_embedded_and_cropped(avatars, attack):
    rng = random.Random(9)
    hits = 0
    for ref, img in avatars.refs[:6]:
        found = screen(avatars, attack(img, rng))
        hits += any(f.entity_id == ref.entity_id for f in found)
    assert hits >= 5


def test_finding_shape(avatars):
    ref, img = avatars.refs[0]
    [f] = [f for f in screen(avatars, E.mirror(img)) if f.entity_id == ref.entity_id]
    assert f.field is Field.AVATAR and f.techniques == (Technique.IMAGE_HASH,)
    assert f.category is Category.PARTY_GOVERNMENT and f.entity_name == ref.label
    assert f.matched_text == f'reference {ref.id} "{ref.label}" (bank official)'
    assert (f.start, f.end) == (0, 0) and 0 < f.score <= 1 and f.severity is Decision.REVIEW
    assert "PDQ distance" in f.explanation and "dihedral variant" in f.explanation
    assert "pHash distance" in f.explanation and "dHash distance" in f.explanation


def test_benign_avatars_and_other_emblems_do_not_match(avatars):
    fp = sum(bool(screen(avatars, E.benign(31_000 + i), "JPEG")) for i in range(60))
    assert fp == 0
    hard = sum(bool(screen(avatars, E.emblem(61_000 + i, official=False)[0])) for i in range(30))
    assert hard <= 1


def test_negative_bank_suppresses_a_match(avatars):
    ref, img = avatars.refs[1]
    assert screen(avatars, img)
    avatars.admin.create_bank("defaults", "NEGATIVE", "platform default avatars")
    avatars.admin.add_reference(bank="defaults", entity_id="", category=None, label="default", image=E.to_bytes(img))
    assert avatars.reload_if_changed()
    assert screen(avatars, img) == []
    assert screen(avatars, E.jpeg(img, 80)) == []


def test_disable_and_remove_take_effect_on_reload(avatars, image_store):
    ref, img = avatars.refs[2]
    assert any(f.entity_id == ref.entity_id for f in screen(avatars, img))
    image_store.images.set_enabled(ref.id, False, actor="t")
    assert avatars.reload_if_changed() and not avatars.reload_if_changed()
    assert not any(f.entity_id == ref.entity_id for f in screen(avatars, img))
    image_store.images.set_enabled(ref.id, True, actor="t")
    avatars.reload_if_changed()
    assert any(f.entity_id == ref.entity_id for f in screen(avatars, img))
    image_store.images.remove_reference(ref.id, actor="t")
    avatars.reload_if_changed()
    assert not any(f.entity_id == ref.entity_id for f in screen(avatars, img))


def test_per_bank_threshold(avatars, image_store):
    ref, img = avatars.refs[3]
    q = E.jpeg(E.downscale(img, 96), 30)
    assert any(f.entity_id == ref.entity_id for f in list(avatars.detect(Field.AVATAR, E.to_bytes(q)).findings))
    image_store.images.update_bank("official", pdq_threshold=1, min_inliers=400, actor="t")
    avatars.reload_if_changed()
    assert avatars.banks.current().refs[ref.id].pdq_threshold == 1
    assert not any(f.entity_id == ref.entity_id and "stage hash" in f.explanation
                   for f in list(avatars.detect(Field.AVATAR, E.to_bytes(q)).findings))


def test_bad_image_is_invalid_argument(avatars):
    with pytest.raises(InvalidArgument):
        list(avatars.detect(Field.AVATAR, b"\x89PNG\r\n\x1a\n" + b"\x00" * 50).findings)


def test_empty_bank_matches_nothing(image_store, sqlite_url):
    from service.image.screener import AvatarScreener

    av = AvatarScreener(image_store, make_settings(sqlite_url))
    assert av.detect(Field.AVATAR, E.to_bytes(E.emblem(1)[0])).findings == ()


def test_ocr_text_is_returned_as_text_and_screened_by_the_text_detector(image_store, sqlite_url):
    """The avatar detector returns what it read; the data plane screens it with the same text
    detector as names and bios, moves the findings to the AVATAR field with IMAGE_TEXT, and
    the policy reviews them (OCR noise looks like a disguise: never REJECT on the picture alone)."""
    from PIL import Image, ImageDraw

    from service import policy
    from service.image.screener import AvatarScreener
    from service.screening import read_in_avatar

    av = AvatarScreener(image_store, make_settings(sqlite_url, avatar_ocr=True))
    img = Image.new("RGB", (256, 256), "white")
    ImageDraw.Draw(img).text((128, 128), "人民日报", font=E.font(56), fill="black", anchor="mm")
    seen = av.detect(Field.AVATAR, E.to_bytes(img))
    assert seen.findings == () and "人民日报" in seen.text
    i = seen.text.find("人民日报")
    text_finding = Finding(field=Field.NAME, category=Category.NEWS_MEDIA, entity_id="media.peoples-daily",
                           entity_name="人民日报", matched_text="人民日报", start=i, end=i + 4,
                           techniques=(Technique.HOMOGLYPH,))
    [f] = policy.assess(read_in_avatar([text_finding], seen.text))
    assert f.field is Field.AVATAR and f.techniques == (Technique.HOMOGLYPH, Technique.IMAGE_TEXT)
    assert f.matched_text == "人民日报" and f.severity is Decision.REVIEW
    assert av.detect(Field.AVATAR, E.to_bytes(E.benign(3))).text.strip() == ""


def test_bench_generator_is_deterministic():
    a, name_a = E.emblem(5)
    b, name_b = E.emblem(5)
    assert name_a == name_b and np.array_equal(np.asarray(a), np.asarray(b))
