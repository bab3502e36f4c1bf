"""Stage 2: ORB keypoints + RANSAC, to find a reference embedded, cropped, rotated
or captioned inside the avatar.

Shared text produces many good ORB matches between *different* emblems, so a
geometric fit alone is not trusted. A candidate is accepted only when

1. a similarity transform (rotation, uniform scale, translation) fitted with
   RANSAC has at least ``min_inliers`` inliers and a sane scale;
2. the inliers, mapped into the reference, cover at least ``min_coverage`` of
   the cells of a 4×4 grid over the reference's graphic area (text occupies a
   band, the whole emblem spreads over the grid);
3. the avatar, warped back into the reference's frame, hashes (PDQ on the
   64×64 area-resized crop) within ``crop_threshold`` of the reference;
4. (measured here, required by the screener) the warped avatar agrees with the
   reference cell by cell (:mod:`service.image.confirm`): a template shared with
   another emblem (ring, outline, layout) gives inliers, coverage and a near
   crop hash, but its text or centre device disagrees locally.

Candidates come from a FAISS binary index over every reference's descriptors
(ORB descriptors are 256-bit, like PDQ): each query descriptor votes for the
references of its nearest neighbours, and the best-voted few are verified.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import faiss
import numpy as np

from service.image import confirm, hashing

REF_SIDE = 256
QUERY_SIDE = 512
_GRID = 4

cv2.setNumThreads(1)


@dataclass(frozen=True)
class RefKeypoints:
    points: np.ndarray  # N×2 float32, in the REF_SIDE-scaled reference image
    descriptors: np.ndarray  # N×32 uint8
    bbox: tuple[int, int, int, int]  # graphic area (x0, y0, x1, y1) in the same frame
    size: tuple[int, int]  # (width, height) of the scaled reference
    hash0: bytes  # PDQ of the scaled reference (no dihedral variant), for the crop check
    edges: np.ndarray  # 64×64 uint8 colour-edge map of the scaled reference
    small: np.ndarray  # 64×64×3 uint8 area-resized reference (hash0 is its PDQ)
    #: 128×128 colour-edge map of the frame, for the confirmation (service.image.confirm); None in
    #: features stored before it existed (then the 64×64 ``edges`` stand in)
    fine: np.ndarray | None = None
    #: where each hash view (whole, trim, trim2, ...) lies in this frame
    boxes: dict | None = None
    #: the reference shows no detail beyond 64 px (confirmed at 64 px: service.image.confirm)
    low_detail: bool = False

    def fine_edges(self) -> np.ndarray:
        if self.fine is not None:
            return self.fine
        return cv2.resize(self.edges, (128, 128), interpolation=cv2.INTER_LINEAR)

    def detail_side(self, effective_side: float) -> float:
        """The resolution a comparison with this reference can use: the avatar's, unless the
        reference itself has no detail beyond 64 px (a blurred or upscaled image)."""
        return min(effective_side, 64.0) if self.low_detail else effective_side

    def view_box(self, view: str) -> tuple[int, int, int, int]:
        w, h = self.size
        return tuple((self.boxes or {}).get(view, (0, 0, w, h)))


@dataclass(frozen=True)
class KeypointMatch:
    ref_id: int
    inliers: int
    coverage: float
    crop_distance: int
    #: fraction of the visible grid cells whose edge maps correlate (≥ 0.5 NCC)
    cell_agreement: float
    #: crop distance with the worst horizontal quarter taken from the reference (a caption band)
    band_distance: int
    scale: float
    angle_deg: float
    #: the reference's graphic area mapped into the query image: (x0, y0, x1, y1), clipped to it
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    #: RANSAC inliers among the ratio-test matches
    inlier_ratio: float = 0.0
    #: the avatar aligned onto the reference compared cell by cell (service.image.confirm)
    local: "confirm.Agreement | None" = None


def _orb(n: int) -> cv2.ORB:
    return cv2.ORB_create(nfeatures=n, scaleFactor=1.2, nlevels=8, edgeThreshold=15, patchSize=31,
                          fastThreshold=12)


def to_gray(rgb: np.ndarray, side: int) -> tuple[np.ndarray, float]:
    h, w = rgb.shape[:2]
    scale = min(1.0, side / max(h, w))
    if scale < 1.0:
        rgb = cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), scale


def _scaled_ref(rgb: np.ndarray) -> np.ndarray:
    h, w = rgb.shape[:2]
    s = REF_SIDE / max(h, w)
    interp = cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC
    return cv2.resize(rgb, (max(1, round(w * s)), max(1, round(h * s))), interpolation=interp)


def reference_keypoints(rgb: np.ndarray, nfeatures: int = 300) -> RefKeypoints:
    ref = _scaled_ref(rgb)
    gray = cv2.cvtColor(ref, cv2.COLOR_RGB2GRAY)
    kps, desc = _orb(nfeatures).detectAndCompute(gray, None)
    pts = np.array([k.pt for k in kps], np.float32).reshape(-1, 2)
    desc = desc if desc is not None else np.zeros((0, 32), np.uint8)
    h, w = ref.shape[:2]
    bbox = hashing.trim_box(ref) or (0, 0, w, h)
    small = hashing.area64(ref)
    return RefKeypoints(points=pts, descriptors=np.ascontiguousarray(desc, np.uint8), bbox=bbox,
                        size=(w, h), hash0=hashing.pdq(small)[0], edges=hashing.edge_map(ref), small=small,
                        fine=confirm.fine_edges(ref), boxes=confirm.view_boxes(ref),
                        low_detail=confirm.low_detail(ref))


class DescriptorIndex:
    """Every reference's ORB descriptors in one FAISS binary index (flat, or IVF when large)."""

    def __init__(self, refs: dict[int, RefKeypoints]):
        self.refs = refs
        ids, descs = [], []
        for ref_id, kp in refs.items():
            if len(kp.descriptors):
                ids.append(np.full(len(kp.descriptors), ref_id, np.int64))
                descs.append(kp.descriptors)
        self.owner = np.concatenate(ids) if ids else np.zeros(0, np.int64)
        data = np.ascontiguousarray(np.concatenate(descs)) if descs else np.zeros((0, 32), np.uint8)
        n = len(data)
        if n > 8_000:
            # inverted lists: ~1/16 of the descriptors scanned per query descriptor
            nlist = int(min(8192, max(32, n // 256)))
            quant = faiss.IndexBinaryFlat(256)
            index = faiss.IndexBinaryIVF(quant, 256, nlist)
            index.train(data[np.random.default_rng(0).choice(n, min(n, nlist * 64), replace=False)])
            index.nprobe = max(4, nlist // 16)
            self._keep = quant
        else:
            index = faiss.IndexBinaryFlat(256)
        if n:
            index.add(data)
        self.index = index
        self.size = n

    def candidates(self, desc: np.ndarray, top: int, max_dist: int = 64) -> list[tuple[int, int]]:
        """The ``top`` references with most query descriptors near one of theirs: (ref_id, votes)."""
        if self.size == 0 or desc is None or len(desc) == 0:
            return []
        dist, idx = self.index.search(np.ascontiguousarray(desc, np.uint8), 3)
        votes: dict[int, int] = {}
        for row_d, row_i in zip(dist, idx):
            seen = set()
            for d, i in zip(row_d, row_i):
                if i < 0 or d > max_dist:
                    continue
                ref_id = int(self.owner[i])
                if ref_id not in seen:
                    seen.add(ref_id)
                    votes[ref_id] = votes.get(ref_id, 0) + 1
        return sorted(votes.items(), key=lambda kv: -kv[1])[:top]


@dataclass
class QueryKeypoints:
    rgb: np.ndarray  # the image the points refer to (≤ QUERY_SIDE)
    points: np.ndarray
    descriptors: np.ndarray | None


def query_keypoints(rgb: np.ndarray, nfeatures: int = 600) -> QueryKeypoints:
    gray, scale = to_gray(rgb, QUERY_SIDE)
    if scale < 1.0:
        rgb = cv2.resize(rgb, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_AREA)
    kps, desc = _orb(nfeatures).detectAndCompute(gray, None)
    pts = np.array([k.pt for k in kps], np.float32).reshape(-1, 2)
    return QueryKeypoints(rgb=rgb, points=pts, descriptors=desc)


def verify(query: QueryKeypoints, ref_id: int, ref: RefKeypoints, *, min_inliers: int,
           min_coverage: float, crop_threshold: int, min_agreement: float,
           band_threshold: int = 0, cell_corr: float = 0.4, overlay_passes: bool = False
           ) -> KeypointMatch | None:
    """Fits a similarity from reference to query and applies the three acceptance checks."""
    if query.descriptors is None or len(query.descriptors) < 4 or len(ref.descriptors) < 4:
        return None
    # a matcher per call: BFMatcher keeps state between calls and requests run in parallel
    pairs = cv2.BFMatcher(cv2.NORM_HAMMING).knnMatch(ref.descriptors, query.descriptors, k=2)
    good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < 0.8 * p[1].distance and p[0].distance <= 64]
    if len(good) < min_inliers:
        return None
    src = np.float32([ref.points[m.queryIdx] for m in good])
    dst = np.float32([query.points[m.trainIdx] for m in good])
    m, mask = cv2.estimateAffinePartial2D(src, dst, method=cv2.RANSAC, ransacReprojThreshold=4.0,
                                          maxIters=2000, confidence=0.995)
    if m is None or mask is None:
        return None
    inl = mask.ravel().astype(bool)
    n_in = int(inl.sum())
    if n_in < min_inliers:
        return None
    scale = float(np.hypot(m[0, 0], m[1, 0]))
    if not 0.1 <= scale <= 4.0:
        return None
    x0, y0, x1, y1 = ref.bbox
    pts = src[inl]
    gx = np.clip(((pts[:, 0] - x0) / max(1, x1 - x0) * _GRID).astype(int), 0, _GRID - 1)
    gy = np.clip(((pts[:, 1] - y0) / max(1, y1 - y0) * _GRID).astype(int), 0, _GRID - 1)
    coverage = len(set(zip(gx.tolist(), gy.tolist()))) / (_GRID * _GRID)
    if coverage < min_coverage:
        return None
    inv = cv2.invertAffineTransform(m)
    w, h = ref.size
    aligned = cv2.warpAffine(query.rgb, inv, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    valid = cv2.warpAffine(np.full(query.rgb.shape[:2], 255, np.uint8), inv, (w, h), flags=cv2.INTER_NEAREST,
                           borderValue=0)
    valid64 = cv2.resize(valid, (64, 64), interpolation=cv2.INTER_AREA)
    # the hash check judges what the avatar shows: parts cut off (crops) are taken from the reference
    crop64 = hashing.area64(aligned)
    crop64[valid64 < 128] = ref.small[valid64 < 128]
    d = _dist(crop64, ref.hash0)
    band_d = d
    local = confirm.agreement(aligned, valid, ref.fine_edges(), ref.bbox, ref.size,
                              effective_side=ref.detail_side(scale * max(w, h)), cell_corr=cell_corr)
    # a caption in colours foreign to the emblem over an otherwise intact design: the confirmation
    # judges it cell by cell, the whole-crop hash checks (which a caption moves) give way
    overlay = overlay_passes and local.overlay
    if d > crop_threshold and not overlay:
        if band_threshold <= 0:
            return None
        # a caption over the emblem: let one horizontal quarter be occluded
        for y in range(0, 64, 16):
            occl = crop64.copy()
            occl[y:y + 16] = ref.small[y:y + 16]
            band_d = min(band_d, _dist(occl, ref.hash0))
        if band_d > band_threshold:
            return None
    agreement = _cell_agreement(hashing.edge_map(aligned), ref.edges, valid64, ref.bbox, ref.size)
    if agreement < min_agreement and not overlay:
        return None
    angle = float(np.degrees(np.arctan2(m[1, 0], m[0, 0])))
    return KeypointMatch(ref_id=ref_id, inliers=n_in, coverage=coverage, crop_distance=d,
                         cell_agreement=agreement, band_distance=band_d, scale=scale, angle_deg=angle,
                         box=_mapped_box(m, ref.bbox, query.rgb.shape), inlier_ratio=n_in / len(good),
                         local=local)


def _mapped_box(m: np.ndarray, bbox, shape) -> tuple[float, float, float, float]:
    """The bounding box of ``bbox``'s corners under the similarity ``m``, clipped to the image."""
    x0, y0, x1, y1 = bbox
    corners = np.float32([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    mapped = corners @ m[:, :2].T + m[:, 2]
    h, w = shape[:2]
    return (float(np.clip(mapped[:, 0].min(), 0, w)), float(np.clip(mapped[:, 1].min(), 0, h)),
            float(np.clip(mapped[:, 0].max(), 0, w)), float(np.clip(mapped[:, 1].max(), 0, h)))


def _dist(img64: np.ndarray, ref_hash: bytes) -> int:
    d = hashing.hamming(hashing.pdq(img64)[0], ref_hash)
    return min(d, hashing.HASH_BITS - d)


def _cell_agreement(q: np.ndarray, r: np.ndarray, valid: np.ndarray, bbox, size) -> float:
    """Share of the grid cells over the graphic area (those the avatar shows) whose
    edge maps correlate: text shared by two different emblems fills a band, the
    rest of the design must agree too."""
    sx, sy = 64 / size[0], 64 / size[1]
    x0, y0, x1, y1 = bbox[0] * sx, bbox[1] * sy, bbox[2] * sx, bbox[3] * sy
    q = q.astype(np.float32)
    r = r.astype(np.float32)
    seen = agree = 0
    for gy in range(_GRID):
        for gx in range(_GRID):
            a0, a1 = int(x0 + (x1 - x0) * gx / _GRID), int(x0 + (x1 - x0) * (gx + 1) / _GRID)
            b0, b1 = int(y0 + (y1 - y0) * gy / _GRID), int(y0 + (y1 - y0) * (gy + 1) / _GRID)
            if a1 - a0 < 2 or b1 - b0 < 2 or valid[b0:b1, a0:a1].mean() < 200:
                continue
            rc, qc = r[b0:b1, a0:a1], q[b0:b1, a0:a1]
            if rc.std() < 8:  # a flat cell of the reference says nothing
                continue
            seen += 1
            qs = qc.std()
            if qs > 1e-3 and float(((rc - rc.mean()) * (qc - qc.mean())).mean() / (rc.std() * qs)) >= 0.5:
                agree += 1
    return agree / seen if seen else 0.0
