"""PDQ views, dihedral exactness, inversion, trimming, feature blobs."""
from __future__ import annotations

import random

import numpy as np
import pytest

from bench import emblems as E
from service.image import banks, hashing


@pytest.fixture(scope="module")
def seal():
    return np.asarray(E.emblem(77)[0])


def test_dihedral_variants_are_exact_at_64px(seal):
    img64 = hashing.area64(seal)
    variants = hashing.pdq_dihedral(img64)
    assert len(set(variants)) == 8
    rot = hashing.pdq(np.ascontiguousarray(np.rot90(img64)))[0]
    mir = hashing.pdq(np.ascontiguousarray(img64[:, ::-1]))[0]
    assert rot in variants and mir in variants  # distance 0, not merely close
    assert variants[0] == hashing.pdq(img64)[0]


def test_inversion_is_the_complement_distance(seal):
    h = hashing.pdq(hashing.area64(seal))[0]
    inv = hashing.pdq(hashing.area64(255 - seal))[0]
    d = hashing.hamming(h, inv)
    assert min(d, 256 - d) <= 8
    assert hashing.hamming(h, hashing.complement(h)) == 256


def test_trim_removes_padding_twice(seal):
    rng = random.Random(1)
    padded = np.asarray(E.pad(E.emblem(77)[0], 0.4, rng))
    box = hashing.trim_box(padded)
    assert box is not None
    x0, y0, x1, y1 = box
    assert abs((x1 - x0) - 256) <= 4 and abs((y1 - y0) - 256) <= 4
    q = hashing.query_hashes(padded)
    luma, _ = hashing.reference_hashes(seal)
    best = min(hashing.hamming(q.luma[v], h) for v in q.luma for views in luma.values() for h in views)
    assert best <= 8


def test_no_border_no_trim():
    noise = np.random.default_rng(0).integers(0, 255, (100, 120, 3), dtype=np.uint8)
    assert hashing.trim_box(noise) is None
    assert set(hashing.query_hashes(noise).luma) == {"whole", "circle"}


def test_edge_view_is_blind_to_hue_shift(seal):
    img = E.emblem(77)[0]
    a = hashing.pdq(hashing._three(hashing.edge_map(np.asarray(img))))[0]
    b = hashing.pdq(hashing._three(hashing.edge_map(np.asarray(E.hue_shift(img, 150)))))[0]
    assert hashing.hamming(a, b) <= 40


def test_feature_blob_round_trip(seal):
    f = banks.extract_features(seal)
    g = banks.ReferenceFeatures.from_bytes(f.to_bytes())
    assert g.luma == f.luma and g.edge == f.edge and (g.phash, g.dhash) == (f.phash, f.dhash)
    assert np.array_equal(g.kp.descriptors, f.kp.descriptors) and np.allclose(g.kp.points, f.kp.points)
    assert g.kp.bbox == f.kp.bbox and g.kp.hash0 == f.kp.hash0 and np.array_equal(g.kp.edges, f.kp.edges)
    assert len(f.kp.descriptors) >= 50
    with pytest.raises(ValueError):
        banks.ReferenceFeatures.from_bytes(b"nope" + f.to_bytes()[4:])
