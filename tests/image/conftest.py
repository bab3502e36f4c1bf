"""Fixtures for the avatar tests: synthetic emblems and a screener over a temp store."""
from __future__ import annotations

import pytest

import service.image  # noqa: F401  (OpenCV/OpenMP environment before cv2 loads)
from bench import emblems as E
from service.config import Settings
from service.domain.models import Category
from service.image.screener import AvatarScreener
from service.store import open_store


def make_settings(url: str, **kw) -> Settings:
    return Settings(database_url=url, avatar_ocr=kw.pop("avatar_ocr", False), **kw)


@pytest.fixture
def image_store(sqlite_url):
    store = open_store(sqlite_url)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def avatars(image_store, sqlite_url):
    """An AvatarScreener (OCR off) with one positive bank of 12 synthetic emblems."""
    av = AvatarScreener(image_store, make_settings(sqlite_url))
    av.admin.create_bank("official", "POSITIVE", "synthetic test emblems", actor="test")
    av.refs = []
    for i in range(12):
        img, name = E.emblem(4242 + i)
        ref = av.admin.add_reference(bank="official", entity_id=f"ent-{i}", category=Category.PARTY_GOVERNMENT,
                                     label=name, image=E.to_bytes(img), actor="test")
        av.refs.append((ref, img))
    av.reload_if_changed()
    return av

