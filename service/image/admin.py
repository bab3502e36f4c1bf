"""Managing reference banks: validation, feature extraction and thumbnails.

Transport-free (the gRPC adapter is :mod:`service.api.reference_banks`). Every
change goes through :class:`service.store.image_repo.ImageRepository`, which
audits it and bumps the revision that replicas poll.
"""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass

import numpy as np
from PIL import Image

from service.config import Settings
from service.domain.errors import InvalidArgument
from service.domain.models import Category
from service.image import ingest
from service.image.banks import extract_features

_BANK_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
THUMB_SIDE = 128


def content_sha256(rgb: np.ndarray) -> str:
    """What identifies a reference image in its bank: the SHA-256 of its decoded pixels."""
    return hashlib.sha256(rgb.tobytes() + repr(rgb.shape).encode()).hexdigest()


@dataclass(frozen=True)
class ThresholdsInForce:
    """The thresholds a bank's references are matched under: the bank's own where it sets
    one, else the service default (``ZHENWEI_AVATAR_*``)."""

    pdq: int
    pdq_default: bool
    min_inliers: int
    min_inliers_default: bool
    edge: int  # colour-edge views, service-wide
    crop: int  # keypoint stage, aligned-crop PDQ distance, service-wide


def thumbnail_png(rgb) -> bytes:
    im = Image.fromarray(rgb, "RGB")
    im.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    im.save(buf, "PNG", optimize=True)
    return buf.getvalue()


class ReferenceAdmin:
    def __init__(self, repo, settings: Settings):
        self.repo = repo
        self.settings = settings

    @staticmethod
    def _check_bank_name(name: str) -> None:
        if not _BANK_NAME.match(name or ""):
            raise InvalidArgument("bank name must match [a-z0-9][a-z0-9_.-]{0,63}")

    def check_bank_name(self, name: str) -> None:
        """InvalidArgument unless ``name`` is a valid bank name."""
        self._check_bank_name(name)

    @staticmethod
    def _check_thresholds(pdq: int | None, inliers: int | None) -> None:
        if pdq is not None and not 1 <= pdq <= 128:
            raise InvalidArgument("pdq_threshold must be between 1 and 128")
        if inliers is not None and not 4 <= inliers <= 500:
            raise InvalidArgument("min_inliers must be between 4 and 500")

    def create_bank(self, name: str, kind: str, description: str = "", pdq_threshold: int | None = None,
                    min_inliers: int | None = None, actor: str = ""):
        self._check_bank_name(name)
        self._check_thresholds(pdq_threshold, min_inliers)
        if len(description) > 500:
            raise InvalidArgument("description is over 500 characters")
        return self.repo.create_bank(name, kind, description, pdq_threshold, min_inliers, actor)

    def update_bank(self, name: str, description: str | None, pdq_threshold: int | None,
                    min_inliers: int | None, reset: bool, actor: str = ""):
        self._check_thresholds(pdq_threshold, min_inliers)
        if description is not None and len(description) > 500:
            raise InvalidArgument("description is over 500 characters")
        return self.repo.update_bank(name, description, pdq_threshold, min_inliers, reset, actor)

    def thresholds_in_force(self, bank) -> ThresholdsInForce:
        """``bank``: a :class:`service.store.image_repo.ImageBank`."""
        s = self.settings
        default_pdq = s.avatar_negative_threshold if bank.kind == "NEGATIVE" else s.avatar_pdq_threshold
        return ThresholdsInForce(pdq=bank.pdq_threshold or default_pdq, pdq_default=not bank.pdq_threshold,
                                 min_inliers=bank.min_inliers or s.avatar_min_inliers,
                                 min_inliers_default=not bank.min_inliers, edge=s.avatar_edge_threshold,
                                 crop=s.avatar_crop_threshold)

    def decode(self, image: bytes) -> ingest.Decoded:
        """Decodes a reference image under the avatar limits (``InvalidArgument`` saying why)."""
        return ingest.decode(image, max_bytes=self.settings.max_avatar_bytes,
                             max_pixels=self.settings.max_avatar_pixels)

    def add_reference(self, *, bank: str, entity_id: str, category: Category | None, label: str,
                      image: bytes = b"", actor: str = "", decoded: ingest.Decoded | None = None):
        """Adds ``image`` (or an already ``decoded`` one) to ``bank``: validated, features
        extracted, stored and audited."""
        self._check_bank_name(bank)
        if len(entity_id) > 128 or len(label) > 200:
            raise InvalidArgument("entity_id (128) or label (200 characters) too long")
        decoded = decoded if decoded is not None else self.decode(image)
        rgb = decoded.rgb
        feats = extract_features(rgb)
        return self.repo.add_reference(
            bank=bank, entity_id=entity_id, category=category, label=label or entity_id,
            content_sha256=content_sha256(rgb),
            width=decoded.width, height=decoded.height, pdq_hex=feats.pdq_hex, features=feats.to_bytes(),
            thumbnail=thumbnail_png(rgb), actor=actor)

    def content_hashes(self, bank: str) -> dict[str, object]:
        """content_sha256 → reference for every reference of ``bank`` (disabled ones too)."""
        out: dict[str, object] = {}
        after = 0
        while True:
            page = self.repo.list_references(bank=bank, after_id=after, limit=1000, include_disabled=True)
            for ref in page:
                out.setdefault(ref.content_sha256, ref)
            if len(page) < 1000:
                return out
            after = page[-1].id
