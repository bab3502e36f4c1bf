"""Avatar screening: safe decode → stage 1 global hashes → stage 2 keypoints → OCR.

A detector: it returns evidence only. Emblem matches become ``Finding(field=AVATAR,
techniques=(IMAGE_HASH,))``; text read in the image is returned as text (``AvatarEvidence.text``)
and the data plane screens it with the same text detector as names and bios. An avatar that
matches a negative bank (an image that must never match) yields no emblem finding. Severities
are the policy's (``service.policy``).
"""
from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass

import numpy as np

from service.config import Settings
from service.domain.models import Evidence, Field, Finding, ImageBox, ImageEvidence, ImageStage, Technique
from service.domain.errors import InvalidArgument
from service.image import confirm, hashing, ingest, keypoints
from service.image.admin import ReferenceAdmin
from service.image.banks import NEGATIVE, BankIndex, Hit, ReferenceBanks, Thresholds
from service.image.ocr import AvatarOCR

log = logging.getLogger("zhenwei.image")


def thresholds_from(settings: Settings) -> Thresholds:
    return Thresholds(pdq=settings.avatar_pdq_threshold, edge=settings.avatar_edge_threshold,
                      verify=settings.avatar_verify_threshold, min_inliers=settings.avatar_min_inliers,
                      min_coverage=settings.avatar_min_coverage, crop=settings.avatar_crop_threshold,
                      min_agreement=settings.avatar_min_agreement, band=settings.avatar_band_threshold,
                      negative=settings.avatar_negative_threshold,
                      # the confirmation's settings (service.config may not name them yet: defaults)
                      confirm=getattr(settings, "avatar_confirm", True),
                      local_corr=getattr(settings, "avatar_local_corr", 0.4),
                      local_bad=getattr(settings, "avatar_local_bad", 1))


@dataclass(frozen=True)
class EmblemMatch:
    ref_id: int
    stage: str  # "hash" or "keypoints"
    distance: int  # PDQ distance (stage 1) or aligned-crop distance (stage 2)
    view: str
    score: float
    detail: str
    threshold: int = 0  # the largest distance accepted (stage 1: the view's limit; stage 2: the crop's)
    inliers: int = 0
    #: the matched region (x0, y0, x1, y1) in the decoded image's pixels; None when not known
    box: tuple[float, float, float, float] | None = None


class _ViewBoxes:
    """Where each hash view lies in the decoded avatar, computed once and only when asked."""

    def __init__(self, rgb: np.ndarray):
        self.rgb = rgb
        self._trims: tuple | None = None

    def _trim_boxes(self) -> tuple:
        if self._trims is None:
            h, w = self.rgb.shape[:2]
            b1 = hashing.trim_box(self.rgb) or (0, 0, w, h)
            inner = hashing.trim_box(self.rgb[b1[1]:b1[3], b1[0]:b1[2]])
            b2 = b1 if inner is None else (b1[0] + inner[0], b1[1] + inner[1], b1[0] + inner[2], b1[1] + inner[3])
            self._trims = (b1, b2)
        return self._trims

    def box(self, view: str) -> tuple[float, float, float, float]:
        h, w = self.rgb.shape[:2]
        if view == "trim":
            return tuple(map(float, self._trim_boxes()[0]))
        if view in ("trim2", "edge_trim"):
            return tuple(map(float, self._trim_boxes()[1]))
        return (0.0, 0.0, float(w), float(h))  # whole, circle (inscribed in it), edge


class AvatarScreener:
    def __init__(self, store, settings: Settings):
        self.settings = settings
        self.thresholds = thresholds_from(settings)
        self.banks = ReferenceBanks(store.images, self.thresholds)
        self.admin = ReferenceAdmin(store.images, settings)
        self.ocr = AvatarOCR() if settings.avatar_ocr else None

    # -- lifecycle -----------------------------------------------------------------
    def reload_if_changed(self) -> bool:
        return self.banks.reload_if_changed()

    # -- screening -----------------------------------------------------------------
    def decode(self, data: bytes) -> ingest.Decoded:
        return ingest.decode(data, max_bytes=self.settings.max_avatar_bytes,
                             max_pixels=self.settings.max_avatar_pixels)

    #: the detector contract (service.domain.models.Detector)
    fields = frozenset({Field.AVATAR})

    def detect(self, field: Field, data: bytes, deadline: float | None = None) -> Evidence:
        """Emblem findings and the text read in the avatar (empty without OCR)."""
        if field is not Field.AVATAR:
            raise InvalidArgument(f"the avatar detector reads the AVATAR field, not {field.name}")
        decoded = self.decode(data)
        snap = self.banks.current()
        matches = self.match(decoded.rgb, snap)
        evidence = _SecondaryEvidence(decoded.rgb) if matches else None
        findings = [self._finding(snap, m, evidence, _to_file_pixels(m.box, decoded)) for m in matches]
        text = self.read_text(decoded.rgb) if self.ocr is not None else ""
        return Evidence(findings=tuple(findings), text=text)

    def match(self, rgb: np.ndarray, snap: BankIndex | None = None,
              use_keypoints: bool | None = None) -> list[EmblemMatch]:
        """Emblem matches of a decoded avatar, best first (one per reference)."""
        snap = snap or self.banks.current()
        if not snap.refs:
            return []
        th = snap.thresholds
        qh = hashing.query_hashes(rgb)
        hits = snap.search(qh, luma_radius=max(th.verify, th.negative, _max_bank_threshold(snap)),
                           edge_radius=th.edge)
        # a negative-bank image (must never match) within its bank's threshold: known benign
        neg = [h for h in hits if snap.refs[h.ref_id].bank_kind == NEGATIVE
               and h.kind == "luma" and h.distance <= snap.refs[h.ref_id].pdq_threshold]
        if neg:
            return []
        accepted: dict[int, EmblemMatch] = {}
        unconfirmed: list[int] = []  # near in hash, not confirmed cell by cell: stage 2 looks first
        tried: set[int] = set()
        boxes = _ViewBoxes(rgb)
        for h in hits:  # nearest first: the first accepted hit of a reference is its best
            info = snap.refs[h.ref_id]
            if info.bank_kind == NEGATIVE or h.ref_id in accepted:
                continue
            limit = info.pdq_threshold if h.kind == "luma" else th.edge
            if h.distance > limit:
                continue
            local = None
            kp = snap.kp.get(h.ref_id)
            # references stored before the fine map existed are not confirmed (re-add them to be)
            if th.confirm and kp is not None and kp.fine is not None:
                if h.ref_id in tried:  # one alignment per reference: its nearest hit's
                    continue
                tried.add(h.ref_id)
                frame, valid, eff = confirm.align_view(rgb, boxes.box(h.query_view), kp.size,
                                                       kp.view_box(h.ref_view), h.variant)
                local = confirm.agreement(frame, valid, kp.fine_edges(), kp.bbox, kp.size, kp.detail_side(eff),
                                          cell_corr=th.local_corr)
                if not local.passes(th.local_bad):
                    if h.ref_id not in unconfirmed:
                        unconfirmed.append(h.ref_id)
                    continue
            m = self._stage1(h, info, qh, limit, local)
            accepted[h.ref_id] = dataclasses.replace(m, box=boxes.box(h.query_view))
        if len(accepted) > 1:
            accepted = _one_reference(accepted, th.tie)
        use_kp = self.settings.avatar_keypoints if use_keypoints is None else use_keypoints
        if not accepted and use_kp and snap.kp:
            for m in self._stage2(rgb, snap, hits, first=unconfirmed):
                accepted.setdefault(m.ref_id, m)
        return sorted(accepted.values(), key=lambda m: -m.score)

    def _stage1(self, h: Hit, info, qh: hashing.ViewHashes, limit: int,
                local: confirm.Agreement | None = None) -> EmblemMatch:
        score = max(0.5, 1.0 - h.distance / (2.0 * max(limit, 1)))
        variant = "" if h.variant == 0 else f", dihedral variant {h.variant}"
        inv = ", inverted" if h.inverted else ""
        return EmblemMatch(h.ref_id, "hash", h.distance, h.query_view, round(score, 3),
                           f"PDQ distance {h.distance} (≤ {limit}) between avatar view {h.query_view} and "
                           f"reference view {h.ref_view}{variant}{inv}"
                           + (f"; aligned, {local.describe()}" if local is not None else ""), threshold=limit)

    def _stage2(self, rgb: np.ndarray, snap: BankIndex, hits: list[Hit],
                first: list[int] = ()) -> list[EmblemMatch]:
        th = snap.thresholds
        q = keypoints.query_keypoints(rgb)
        if q.descriptors is None or len(q.descriptors) < th.min_inliers:
            return []
        # stage-1 candidates the confirmation refused (a rotated copy aligns only through keypoints)
        cands: list[int] = [r for r in first if r in snap.kp][:2]
        for h in hits:  # the two nearest stage-1 (luminance) candidates first
            if (h.kind == "luma" and h.ref_id in snap.kp and h.distance <= th.verify and h.ref_id not in cands
                    and len(cands) < 2 + len(first[:2])):
                cands.append(h.ref_id)
        min_votes = max(4, th.min_inliers // 2)  # fewer near descriptors cannot give enough inliers
        for ref_id, votes in snap.descriptors.candidates(q.descriptors, th.candidates):
            if ref_id not in cands and votes >= min_votes:
                cands.append(ref_id)
        out = []
        for ref_id in cands:
            info = snap.refs[ref_id]
            m = keypoints.verify(q, ref_id, snap.kp[ref_id], min_inliers=info.min_inliers,
                                 min_coverage=th.min_coverage, crop_threshold=th.crop,
                                 min_agreement=th.min_agreement, band_threshold=th.band,
                                 cell_corr=th.local_corr,
                                 overlay_passes=th.confirm and snap.kp[ref_id].fine is not None)
            if m is None:
                continue
            if th.confirm and snap.kp[ref_id].fine is not None and not m.local.passes(th.local_bad):
                continue  # the template matches, the design does not (another emblem's text or centre)
            score = max(0.3, min(0.95, 0.5 * m.coverage + 0.5 * m.cell_agreement))
            fx, fy = rgb.shape[1] / q.rgb.shape[1], rgb.shape[0] / q.rgb.shape[0]
            box = (m.box[0] * fx, m.box[1] * fy, m.box[2] * fx, m.box[3] * fy)
            # a caption band let through: the distance is the one with the band occluded
            banded = m.crop_distance > th.crop
            out.append(EmblemMatch(ref_id, "keypoints", m.band_distance if banded else m.crop_distance,
                                   "keypoints", round(score, 3),
                                   f"{m.inliers} ORB inliers covering {m.coverage:.0%} of the emblem, "
                                   f"scale {m.scale:.2f}, rotation {m.angle_deg:.0f}°, aligned-crop PDQ "
                                   f"distance {m.crop_distance}"
                                   + (f" ({m.band_distance} with one caption band occluded)"
                                      if m.band_distance < m.crop_distance else "")
                                   + f", {m.cell_agreement:.0%} of cells agree"
                                   + (f"; {m.local.describe()}" if th.confirm and m.local else ""),
                                   threshold=th.band if banded else th.crop,
                                   inliers=m.inliers, box=box))
            break  # candidates come best first: the first verified one is the answer
        return sorted(out, key=lambda m: -m.score)

    def _finding(self, snap: BankIndex, m: EmblemMatch, evidence: "_SecondaryEvidence | None" = None,
                 box: ImageBox | None = None) -> Finding:
        info = snap.refs[m.ref_id]
        extra = f"; {evidence.describe(info)}" if evidence is not None else ""
        image = ImageEvidence(stage=ImageStage.HASH if m.stage == "hash" else ImageStage.KEYPOINTS,
                              reference_id=info.id, bank=info.bank, view=m.view, distance=m.distance,
                              threshold=m.threshold, inliers=m.inliers, box=box)
        return Finding(image=image, 
            field=Field.AVATAR, category=info.category, entity_id=info.entity_id, entity_name=info.label,
            matched_text=f'reference {info.id} "{info.label}" (bank {info.bank})', start=0, end=0,
            techniques=(Technique.IMAGE_HASH,), score=m.score,
            explanation=f"avatar matches reference {info.id} \"{info.label}\" of bank {info.bank} "
                        f"(stage {m.stage}): {m.detail}{extra}")

    def read_text(self, rgb: np.ndarray) -> str:
        """The text OCR reads in the picture, lines joined by spaces (capped like a bio)."""
        t0 = time.perf_counter()
        lines = self.ocr.read(rgb)
        text = " ".join(line.text for line in lines)[:self.settings.max_bio_chars] if lines else ""
        log.debug("OCR read %d characters in %.0f ms", len(text), (time.perf_counter() - t0) * 1e3)
        return text


class _SecondaryEvidence:
    """imagehash pHash/dHash of the avatar's tightest trim, compared with the reference's."""

    def __init__(self, rgb: np.ndarray):
        t = hashing.trim_border(hashing.trim_border(rgb))
        self.phash, self.dhash = hashing.phash64(t), hashing.dhash64(t)

    def describe(self, info) -> str:
        return (f"secondary evidence: pHash distance {hashing.bits64(self.phash, info.phash)}/64, "
                f"dHash distance {hashing.bits64(self.dhash, info.dhash)}/64")


def _one_reference(accepted: dict[int, EmblemMatch], tie: int) -> dict[int, EmblemMatch]:
    """The best stage-1 match (smallest distance relative to its threshold), and others only
    when they tie with it: the same kind of view and a distance at most ``tie`` bits larger.
    References of other entities that share a template are near, not tied."""
    def edge(m: EmblemMatch) -> bool:
        return m.view in hashing.EDGE_VIEWS

    best = min(accepted.values(), key=lambda m: (m.distance / max(1, m.threshold), m.distance, m.ref_id))
    return {r: m for r, m in accepted.items()
            if m is best or (edge(m) == edge(best) and m.distance <= best.distance + tie)}


def _to_file_pixels(box: tuple[float, float, float, float] | None, decoded: ingest.Decoded) -> ImageBox | None:
    """A box in the decoded (work-size) image → the avatar's own pixels, rounded outwards."""
    if box is None:
        return None
    h, w = decoded.rgb.shape[:2]
    fx, fy = decoded.width / w, decoded.height / h
    x0, y0 = max(0, int(np.floor(box[0] * fx))), max(0, int(np.floor(box[1] * fy)))
    x1, y1 = min(decoded.width, int(np.ceil(box[2] * fx))), min(decoded.height, int(np.ceil(box[3] * fy)))
    if x1 <= x0 or y1 <= y0:
        return None
    return ImageBox(x=x0, y=y0, width=x1 - x0, height=y1 - y0)


def _max_bank_threshold(snap: BankIndex) -> int:
    return max((i.pdq_threshold for i in snap.refs.values()), default=0)
