"""Global perceptual hashes: PDQ over several views, dihedral variants, pHash/dHash.

PDQ is computed on a 64×64 area-resized image. At that size pdqhash skips its own
Jarosz filter and resampling, so the 8 dihedral variants that
``pdqhash.compute_dihedral`` returns are *exactly* the hashes of the rotated and
mirrored image: a reference indexed with its 8 variants matches a mirrored or
90°-rotated copy at the distance of the unrotated copy.

Views (computed for references and queries alike):

- ``whole``  — the image as given;
- ``trim``   — uniform border removed (padding), repeated once more so an emblem
  on a white square inside a coloured pad is cut down to the emblem;
- ``circle`` — outside the inscribed circle set to mid grey (round avatar crops,
  emblems on different backgrounds);
- ``edge``   — a colour-edge map (largest Sobel magnitude over the Lab channels),
  blind to hue shifts, grey conversion and inversion.

Luminance views are compared with ``min(d, 256 - d)`` so an inverted image
matches; edge maps are compared with plain ``d``.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import imagehash
import numpy as np
import pdqhash
from PIL import Image

HASH_BITS = 256
LUMA_VIEWS = ("whole", "trim", "trim2", "circle")
EDGE_VIEWS = ("edge", "edge_trim")
_SIDE = 64


def area64(rgb: np.ndarray) -> np.ndarray:
    """Area-resizes to 64×64 (uint8, 3 channels)."""
    if rgb.ndim == 2:
        rgb = np.repeat(rgb[:, :, None], 3, axis=2)
    interp = cv2.INTER_AREA if min(rgb.shape[:2]) >= _SIDE else cv2.INTER_LINEAR
    return np.ascontiguousarray(cv2.resize(rgb, (_SIDE, _SIDE), interpolation=interp))


def _pack(bits: np.ndarray) -> bytes:
    return np.packbits(bits.astype(np.uint8)).tobytes()


def pdq(rgb64: np.ndarray) -> tuple[bytes, int]:
    """PDQ hash (32 bytes) and quality of a 64×64 image."""
    h, q = pdqhash.compute(rgb64)
    return _pack(h), int(q)


def pdq_dihedral(rgb64: np.ndarray) -> list[bytes]:
    """The 8 dihedral variants' hashes; index 0 is the image as given."""
    hashes, _ = pdqhash.compute_dihedral(rgb64)
    return [_pack(h) for h in hashes]


def pdq_plain(rgb: np.ndarray) -> bytes:
    """PDQ as usually computed (pdqhash's own resize from full size): the benchmark anchor."""
    h, _ = pdqhash.compute(np.ascontiguousarray(rgb))
    return _pack(h)


def hamming(a: bytes, b: bytes) -> int:
    return int(np.unpackbits(np.bitwise_xor(np.frombuffer(a, np.uint8), np.frombuffer(b, np.uint8))).sum())


def complement(h: bytes) -> bytes:
    return bytes(255 - x for x in h)


# ----------------------------------------------------------------------- views
def trim_box(rgb: np.ndarray, tol: int = 28) -> tuple[int, int, int, int] | None:
    """The box (x0, y0, x1, y1) inside a uniform border (the median colour of the
    outermost pixels), or None when there is no such border.

    Found on a copy of at most 160 px (nearest-neighbour, so colours stay exact)
    and mapped back, rounding outwards."""
    h, w = rgb.shape[:2]
    if h < 8 or w < 8:
        return None
    f = max(1, int(np.ceil(max(h, w) / 160)))
    small = rgb[::f, ::f]
    sh, sw = small.shape[:2]
    border = np.concatenate([small[0], small[-1], small[:, 0], small[:, -1]]).astype(np.int16)
    bg = np.median(border, axis=0)
    # only a border that really is uniform counts as padding
    if np.mean(np.abs(border - bg).max(axis=1) <= tol) < 0.9:
        return None
    diff = np.abs(small.astype(np.int16) - bg).max(axis=2) > tol
    rows = np.flatnonzero(diff.sum(axis=1) > max(1, sw // 100))
    cols = np.flatnonzero(diff.sum(axis=0) > max(1, sh // 100))
    if rows.size == 0 or cols.size == 0:
        return None
    y0, y1 = max(0, (int(rows[0]) - 1) * f), min(h, (int(rows[-1]) + 1) * f + f - 1)
    x0, x1 = max(0, (int(cols[0]) - 1) * f), min(w, (int(cols[-1]) + 1) * f + f - 1)
    if f == 1:
        y0, y1, x0, x1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    else:  # refine each side at full resolution, looking only at a 3f-wide strip
        def content(a: np.ndarray, axis: int) -> np.ndarray:
            m = np.abs(a.astype(np.int16) - bg).max(axis=2) > tol
            return np.flatnonzero(m.sum(axis=axis) > 0)

        band = 3 * f
        r = content(rgb[y0:min(y1, y0 + band), x0:x1], 1)
        y0 = y0 + int(r[0]) if r.size else y0
        r = content(rgb[max(y0, y1 - band):y1, x0:x1], 1)
        y1 = max(y0, y1 - band) + int(r[-1]) + 1 if r.size else y1
        r = content(rgb[y0:y1, x0:min(x1, x0 + band)], 0)
        x0 = x0 + int(r[0]) if r.size else x0
        r = content(rgb[y0:y1, max(x0, x1 - band):x1], 0)
        x1 = max(x0, x1 - band) + int(r[-1]) + 1 if r.size else x1
    if (y1 - y0) * (x1 - x0) < 0.02 * h * w or (y1 - y0) < 8 or (x1 - x0) < 8:
        return None
    if (x0, y0, x1, y1) == (0, 0, w, h):
        return None
    return x0, y0, x1, y1


def trim_border(rgb: np.ndarray, tol: int = 28) -> np.ndarray:
    """Cuts off a uniform border (padding)."""
    box = trim_box(rgb, tol)
    if box is None:
        return rgb
    x0, y0, x1, y1 = box
    return rgb[y0:y1, x0:x1]


def circle_mask(rgb64: np.ndarray) -> np.ndarray:
    out = rgb64.copy()
    yy, xx = np.mgrid[0:_SIDE, 0:_SIDE]
    c = (_SIDE - 1) / 2
    out[(yy - c) ** 2 + (xx - c) ** 2 > (_SIDE / 2) ** 2] = 128
    return out


def edge_map(rgb: np.ndarray, side: int = _SIDE, linear: bool = False) -> np.ndarray:
    """Colour-edge magnitude at ``side``×``side`` (one channel, uint8; 64 for the hash views,
    128 for the confirmation of :mod:`service.image.confirm`), computed at max(128, ``side``);
    square-root compressed unless ``linear``."""
    work = max(128, side)
    small = cv2.resize(rgb, (work, work), interpolation=cv2.INTER_AREA if min(rgb.shape[:2]) >= work
                       else cv2.INTER_LINEAR)
    lab = cv2.cvtColor(small, cv2.COLOR_RGB2LAB).astype(np.float32)
    mag = np.zeros(lab.shape[:2], np.float32)
    for ch in range(3):
        gx = cv2.Sobel(lab[:, :, ch], cv2.CV_32F, 1, 0, ksize=3)
        gy = cv2.Sobel(lab[:, :, ch], cv2.CV_32F, 0, 1, ksize=3)
        mag = np.maximum(mag, cv2.magnitude(gx, gy))
    top = float(np.percentile(mag, 99)) or 1.0
    mag = np.clip(mag / top, 0, 1)
    mag = (mag if linear else np.sqrt(mag)) * 255
    out = mag.astype(np.uint8)
    return out if side == work else cv2.resize(out, (side, side), interpolation=cv2.INTER_AREA)


@dataclass(frozen=True)
class ViewHashes:
    """One hash per view (queries) — name → 32-byte PDQ."""

    luma: dict[str, bytes]
    edge: dict[str, bytes]
    quality: int


def _three(gray: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))


def views(rgb: np.ndarray) -> dict[str, np.ndarray]:
    """The 64×64 inputs of every view (deduplicated: a trim equal to its source is dropped)."""
    t1 = trim_border(rgb)
    t2 = trim_border(t1)
    out = {"whole": area64(rgb)}
    if t1.shape != rgb.shape:
        out["trim"] = area64(t1)
    if t2.shape != t1.shape:
        out["trim2"] = area64(t2)
    out["circle"] = circle_mask(out["whole"])
    out["edge"] = _three(edge_map(rgb))
    if t2.shape != rgb.shape:
        out["edge_trim"] = _three(edge_map(t2))
    return out


def query_hashes(rgb: np.ndarray) -> ViewHashes:
    v = views(rgb)
    quality = pdq(v["whole"])[1]
    luma = {k: pdq(v[k])[0] for k in LUMA_VIEWS if k in v}
    edge = {k: pdq(v[k])[0] for k in EDGE_VIEWS if k in v}
    return ViewHashes(luma=luma, edge=edge, quality=quality)


def reference_hashes(rgb: np.ndarray) -> tuple[dict[str, list[bytes]], dict[str, list[bytes]]]:
    """Each view's 8 dihedral variants, luminance and edge views separately."""
    v = views(rgb)
    luma = {k: pdq_dihedral(v[k]) for k in LUMA_VIEWS if k in v}
    edge = {k: pdq_dihedral(v[k]) for k in EDGE_VIEWS if k in v}
    return luma, edge


# ---------------------------------------------------------- secondary evidence
def phash64(rgb: np.ndarray) -> int:
    return int(str(imagehash.phash(Image.fromarray(rgb))), 16)


def dhash64(rgb: np.ndarray) -> int:
    return int(str(imagehash.dhash(Image.fromarray(rgb))), 16)


def bits64(a: int, b: int) -> int:
    return (a ^ b).bit_count()
