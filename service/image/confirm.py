"""Confirmation of a candidate emblem match: the avatar, aligned onto the reference, must agree
with it *everywhere* the reference draws something, not only on average.

Global hashes (stage 1) and ORB keypoints (stage 2) both see a template: a seal of another office
(other ring text), the same shield with another device, the same layout in other colours hash
within a few bits of the reference and share most of its keypoints. What tells them apart is
local: a few cells of the design — the text, the centre device — differ, while the rest is the
same drawing. So a candidate is confirmed only when

1. the avatar is aligned onto the reference's frame (stage 1: the matched view's box and dihedral
   variant; stage 2: the RANSAC similarity);
2. both are turned into colour-edge maps (blind to hue, grey conversion and inversion) at the
   resolution both really have (128 px; a 64-px copy, a small embedded emblem or a blurred
   reference at 64 px), lightly blurred, the avatar's moved by up to a pixel to line up best;
3. the reference's graphic area is cut into a ``GRID``×``GRID`` grid (8-px cells at 128 px, about
   one glyph of the ring text) and every cell where the reference draws something is compared by
   normalised correlation; a cell *disagrees* below ``cell_corr``;
4. at most ``max_bad`` of the cells where the reference draws something may disagree (one more
   at 64 px); a faint reference edge the avatar lost altogether (JPEG's chroma subsampling) is
   no evidence either way.

A caption written over the emblem disagrees in a band of cells exactly as another name written
in the template's own band does. The difference is the colours: a caption is laid over the
emblem in colours the rest of the avatar does not use, a look-alike's name is drawn in the
template's own. When all disagreeing cells lie in one horizontal band of at most ``BAND_ROWS``
rows and at least ``FOREIGN_SHARE`` of the band's pixels are far (Lab) from every colour common
outside it, the band is an overlay and the candidate passes (``Agreement.overlay``).

Everything here is a function of pixels the service already has: no OCR, no model.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from service.image import hashing

#: cells per side over the reference's graphic area (at FINE_SIDE: 8-px cells, about a glyph)
GRID = 16
#: resolution of the stored reference edge map (over the REF_SIDE frame)
FINE_SIDE = 128
#: an avatar whose copy of the reference frame is narrower than this is compared at 64 px
_FULL_RES_MIN = 176

# dihedral variant i of pdqhash: the avatar view ≈ T_i(reference view); the inverse T_i^-1 of each
_INVERSE = {
    0: lambda a: a,
    1: lambda a: np.rot90(a, -1),
    2: lambda a: np.rot90(a, 2),
    3: lambda a: np.rot90(a, 1),
    4: lambda a: a[::-1],
    5: lambda a: a[:, ::-1],
    6: lambda a: a.transpose(1, 0, 2),
    7: lambda a: np.rot90(a, 2).transpose(1, 0, 2),
}


@dataclass(frozen=True)
class Agreement:
    """The local comparison of an aligned avatar with a reference."""

    cells: int  # cells where the reference draws something, compared
    bad: int  # of those, the cells that disagree
    worst: float  # the lowest correlation among them (1.0 when none)
    resolution: int  # 64 or FINE_SIDE
    #: the disagreeing cells lie in one horizontal band, drawn over in colours the rest of the avatar
    #: does not use: a caption laid over the emblem, not a name drawn in the template's own colours
    overlay: bool = False

    def passes(self, max_bad: int) -> bool:
        """At most ``max_bad`` disagreeing cells at full resolution (one more at 64 px), or the
        rest of the design intact under a caption overlay."""
        if self.cells == 0:
            return False
        return self.bad <= max_bad + (self.resolution < FINE_SIDE) or self.overlay

    def describe(self) -> str:
        return (f"{self.cells - self.bad} of {self.cells} cells of the design agree at {self.resolution} px"
                + (" (the others under a caption band in foreign colours)" if self.overlay and self.bad else ""))


def fine_edges(frame_rgb: np.ndarray) -> np.ndarray:
    """The FINE_SIDE×FINE_SIDE colour-edge map of a reference frame (stored with the reference)."""
    return hashing.edge_map(frame_rgb, side=FINE_SIDE)


def low_detail(frame_rgb: np.ndarray) -> bool:
    """True when the frame has no detail a 64-px copy lacks (a blurred or upscaled reference): its
    fine edge map hardly changes when the frame goes through 64 px and back."""
    h, w = frame_rgb.shape[:2]
    small = cv2.resize(frame_rgb, (64, 64), interpolation=cv2.INTER_AREA)
    back = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    a = fine_edges(frame_rgb).astype(np.float32)
    b = fine_edges(back).astype(np.float32)
    a, b = a - a.mean(), b - b.mean()
    den = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return den > 0 and float((a * b).sum()) / den >= LOW_DETAIL_CORR


#: a reference whose fine edges correlate this well with its own 64-px copy's has no finer detail
LOW_DETAIL_CORR = 0.95


def view_boxes(rgb: np.ndarray) -> dict[str, tuple[int, int, int, int]]:
    """Where each hash view lies in ``rgb`` (as :class:`service.image.screener._ViewBoxes`)."""
    h, w = rgb.shape[:2]
    b1 = hashing.trim_box(rgb) or (0, 0, w, h)
    inner = hashing.trim_box(rgb[b1[1]:b1[3], b1[0]:b1[2]])
    b2 = b1 if inner is None else (b1[0] + inner[0], b1[1] + inner[1], b1[0] + inner[2], b1[1] + inner[3])
    full = (0, 0, w, h)
    return {"whole": full, "circle": full, "edge": full, "trim": b1, "trim2": b2, "edge_trim": b2}


def align_view(query_rgb: np.ndarray, qbox, ref_size: tuple[int, int], rbox, variant: int
               ) -> tuple[np.ndarray, np.ndarray, float]:
    """Stage 1's alignment: the avatar's view box, undone its dihedral variant, stretched onto the
    reference view's box in the reference frame. Returns (aligned frame, valid mask, the number of
    avatar pixels across the frame's long side)."""
    x0, y0, x1, y1 = (int(round(v)) for v in qbox)
    crop = query_rgb[y0:y1, x0:x1]
    crop = np.ascontiguousarray(_INVERSE[variant](crop))
    w, h = ref_size
    rx0, ry0, rx1, ry1 = (int(round(v)) for v in rbox)
    bw, bh = max(1, rx1 - rx0), max(1, ry1 - ry0)
    interp = cv2.INTER_AREA if crop.shape[1] >= bw else cv2.INTER_LINEAR
    placed = cv2.resize(crop, (bw, bh), interpolation=interp)
    frame = np.zeros((h, w, 3), np.uint8)
    valid = np.zeros((h, w), np.uint8)
    frame[ry0:ry0 + bh, rx0:rx0 + bw] = placed[:h - ry0, :w - rx0]
    valid[ry0:ry0 + bh, rx0:rx0 + bw] = 255
    # outside the view's box the avatar shows nothing known: replicate its edge (no false edges)
    if (rx0, ry0, rx0 + bw, ry0 + bh) != (0, 0, w, h):
        frame = cv2.copyMakeBorder(placed, ry0, max(0, h - ry0 - bh), rx0, max(0, w - rx0 - bw),
                                   cv2.BORDER_REPLICATE)[:h, :w]
    eff = max(crop.shape[:2]) * max(w, h) / max(bw, bh)
    return np.ascontiguousarray(frame), valid, float(eff)


def agreement(aligned: np.ndarray, valid: np.ndarray, ref_fine: np.ndarray, bbox, size: tuple[int, int],
              effective_side: float, cell_corr: float = 0.4) -> Agreement:
    """Compares an avatar aligned onto the reference frame (``aligned``; ``valid`` is 255 where the
    avatar covers the frame) with the reference's fine edge map, cell by cell over ``bbox``.

    At full resolution the grid is ``GRID``×``GRID`` and a cell disagrees below ``cell_corr``; an
    avatar with less detail (a 64-px copy, a small embedded emblem) is compared on an 8×8 grid at
    64 px, on linear (not square-root) edge magnitudes, where a cell disagrees below
    ``cell_corr - 0.3`` (blur leaves little correlation)."""
    r = ref_fine.astype(np.float32)
    if r.shape != (FINE_SIDE, FINE_SIDE):
        r = cv2.resize(r, (FINE_SIDE, FINE_SIDE), interpolation=cv2.INTER_LINEAR)
    v = cv2.resize(valid, (FINE_SIDE, FINE_SIDE), interpolation=cv2.INTER_AREA)
    if effective_side >= _FULL_RES_MIN:
        res, grid, limit = FINE_SIDE, GRID, cell_corr
        q = hashing.edge_map(aligned, side=FINE_SIDE).astype(np.float32)
    else:  # the avatar has no detail at 128 px: compare at 64
        res, grid, limit = 64, 8, cell_corr - 0.3
        q = hashing.edge_map(aligned, side=FINE_SIDE, linear=True).astype(np.float32)
        r = (r / 255.0) ** 2 * 255.0  # the stored map is square-root compressed
        q = cv2.resize(q, (64, 64), interpolation=cv2.INTER_AREA)
        r = cv2.resize(r, (64, 64), interpolation=cv2.INTER_AREA)
        v = cv2.resize(v, (64, 64), interpolation=cv2.INTER_AREA)
    # the frame's outermost pixels: where a view's box meets the padding around it (no design there)
    for m in (q, r):
        m[:2], m[-2:], m[:, :2], m[:, -2:] = 0, 0, 0, 0
    q = cv2.GaussianBlur(q, (0, 0), 1.0)
    r = cv2.GaussianBlur(r, (0, 0), 1.0)
    sx, sy = res / size[0], res / size[1]
    x0, y0, x1, y1 = bbox[0] * sx, bbox[1] * sy, bbox[2] * sx, bbox[3] * sy
    q = _best_shift(q, r, (int(x0), int(y0), int(np.ceil(x1)), int(np.ceil(y1))))
    cells = bad = 0
    worst = 1.0
    bad_rows: list[int] = []
    for gy in range(grid):
        b0, b1 = int(y0 + (y1 - y0) * gy / grid), int(y0 + (y1 - y0) * (gy + 1) / grid)
        for gx in range(grid):
            a0, a1 = int(x0 + (x1 - x0) * gx / grid), int(x0 + (x1 - x0) * (gx + 1) / grid)
            if a1 - a0 < 2 or b1 - b0 < 2 or v[b0:b1, a0:a1].mean() < 230:
                continue  # cut off (a crop) or outside the avatar: nothing to compare
            rc, qc = r[b0:b1, a0:a1], q[b0:b1, a0:a1]
            rs, qs = float(rc.std()), float(qc.std())
            if rs < MIN_CONTENT:  # the reference draws (almost) nothing here
                continue
            if rs < FAINT and qs < 0.5 * rs:  # a faint edge the avatar lost (JPEG chroma), not another drawing
                continue
            cells += 1
            corr = float(((rc - rc.mean()) * (qc - qc.mean())).mean() / (rs * qs)) if qs > 1e-3 else 0.0
            worst = min(worst, corr)
            if corr < limit:
                bad += 1
                bad_rows.append(gy)
    overlay = False
    if bad and max(bad_rows) - min(bad_rows) + 1 <= BAND_ROWS * grid // GRID:
        # the band's rows in the frame's pixels
        fy = size[1] / res
        band = (int((y0 + (y1 - y0) * min(bad_rows) / grid) * fy),
                int((y0 + (y1 - y0) * (max(bad_rows) + 1) / grid) * fy))
        # the whole band across the design: a caption's letters, stroke and bar
        overlay = _foreign_share(aligned, valid, [(int(bbox[0]), band[0], int(bbox[2]), band[1])]) >= FOREIGN_SHARE
    return Agreement(cells=cells, bad=bad, worst=round(worst, 3), resolution=res, overlay=overlay)


def _best_shift(q: np.ndarray, r: np.ndarray, box: tuple[int, int, int, int], reach: int = 1) -> np.ndarray:
    """``q`` moved by at most ``reach`` pixels each way to line up best with ``r`` over ``box``: a
    view's box found a pixel off (padding close to the emblem's background, JPEG) is set right."""
    x0, y0, x1, y1 = box
    rr = r[y0:y1, x0:x1] - r[y0:y1, x0:x1].mean()
    best, best_score = q, -np.inf
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            moved = np.roll(q, (dy, dx), axis=(0, 1)) if dx or dy else q
            qq = moved[y0:y1, x0:x1]
            score = float((rr * (qq - qq.mean())).sum())
            if score > best_score:
                best, best_score = moved, score
    return best


#: a cell counts when the reference's edge map varies at least this much there (0–255, blurred)
MIN_CONTENT = 12
#: a cell whose reference content is under this and where the avatar is nearly flat is skipped
FAINT = 20
#: a caption band covers at most this many rows of the GRID×GRID grid
BAND_ROWS = 6
#: share of a caption band's pixels in colours absent from the rest of the avatar
FOREIGN_SHARE = 0.2
_FOREIGN_DIST = 40.0


def _foreign_share(aligned: np.ndarray, valid: np.ndarray, cells: list[tuple[int, int, int, int]]) -> float:
    """Share of the pixels of ``cells`` (x0, y0, x1, y1 in the frame: the caption band) whose colour
    is far (Lab) from every colour common in the rest of the avatar."""
    lab = cv2.cvtColor(np.ascontiguousarray(aligned), cv2.COLOR_RGB2LAB).astype(np.float32)
    ok = valid > 0
    inside = np.zeros(valid.shape, bool)
    for x0, y0, x1, y1 in cells:
        inside[y0:y1, x0:x1] = True
    out_px = lab[ok & ~inside]
    in_px = lab[ok & inside]
    if len(out_px) < 100 or len(in_px) < 50:
        return 0.0
    # the palette outside the band: colour bins holding at least 0.5 % of its pixels
    q = (out_px // 16).astype(np.int32)
    keys = q[:, 0] * 256 + q[:, 1] * 16 + q[:, 2]
    uniq, inv, counts = np.unique(keys, return_inverse=True, return_counts=True)
    common = counts >= max(5, 0.005 * len(out_px))
    if not common.any():
        return 0.0
    sums = np.zeros((len(uniq), 3), np.float64)
    np.add.at(sums, inv, out_px)
    palette = (sums[common] / counts[common, None]).astype(np.float32)
    sample = in_px[:: max(1, len(in_px) // 4000)]
    d = np.sqrt(((sample[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    return float((d > _FOREIGN_DIST).mean())
