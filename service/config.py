"""One frozen settings object, read from ``ZHENWEI_*`` environment variables.

Every variable is documented in README.md ("Configuration"); defaults give an
embedded, single-process service (SQLite under ``./var``) that ``make serve``
starts with no setup.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from service.domain.errors import InvalidArgument

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _bool(text: str) -> bool:
    low = text.strip().lower()
    if low in {"1", "true", "yes", "on"}:
        return True
    if low in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {text!r}")


@dataclass(frozen=True)
class Settings:
    #: host:port the gRPC server binds.
    listen_addr: str = "127.0.0.1:50051"
    #: ``sqlite:///path`` (default, embedded) or ``postgresql://...`` for replicas.
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'zhenwei.sqlite3'}"
    #: Folder of bundled lexicon files.
    lexicon_dir: str = str(PROJECT_ROOT / "lexicons")
    #: Field limits in code points.
    max_name_chars: int = 64
    max_bio_chars: int = 2000
    #: Avatar byte cap and pixel cap (checked from the header before decoding).
    max_avatar_bytes: int = 2 * 1024 * 1024
    max_avatar_pixels: int = 16_000_000
    #: Thread pool size for the gRPC server.
    max_workers: int = 8
    #: Seconds between checks of the store for lexicon or reference-bank changes.
    reload_interval_s: float = 2.0
    #: Seconds in-flight RPCs get to finish on SIGTERM.
    grace_period_s: float = 10.0
    #: Secret for keyed hashes and encryption of certificate and ID numbers
    #: (any string; a stable key derivation is applied). Empty: a per-database
    #: development key is generated and a warning logged.
    secret_key: str = ""
    #: Days evidence images are kept.
    evidence_retention_days: int = 180
    log_level: str = "INFO"
    #: An authority's credential query endpoint (HTTP GET, JSON), consulted after the
    #: embedded roster table; empty: roster table only.
    registry_http_url: str = ""
    #: Comma-separated CredentialType codes the endpoint answers for (empty: all).
    registry_http_types: str = ""
    registry_http_timeout_s: float = 2.0
    # avatar screening
    #: Read text in avatars (RapidOCR, PP-OCRv4) and screen it with the name engine.
    avatar_ocr: bool = True
    #: Stage 2 (ORB keypoints + RANSAC) for logos embedded, cropped, rotated or captioned.
    avatar_keypoints: bool = True
    #: PDQ distance (luminance views, min(d, 256-d)) at or below which an emblem matches;
    #: banks may override it. Defaults: tuned by bench/avatar_robustness.py (bench/RESULTS.md).
    avatar_pdq_threshold: int = 12
    #: PDQ distance on the colour-edge view (hue shifts, recolouring).
    avatar_edge_threshold: int = 32
    #: Stage-1 candidates up to this distance are also checked with keypoints.
    avatar_verify_threshold: int = 72
    #: Stage 2 acceptance: RANSAC inliers, share of the 4x4 grid they cover, PDQ
    #: distance of the aligned crop, share of grid cells whose edge maps agree.
    avatar_min_inliers: int = 24
    avatar_min_coverage: float = 0.2
    avatar_crop_threshold: int = 50
    avatar_min_agreement: float = 0.6
    #: Stage 2: aligned-crop distance allowed when one horizontal quarter (a caption) is
    #: taken from the reference; 0 turns the allowance off.
    avatar_band_threshold: int = 40
    #: Distance at or below which a negative-bank image (never to match) wins.
    avatar_negative_threshold: int = 32

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            key = "ZHENWEI_" + f.name.upper()
            if key not in env:
                continue
            raw = env[key]
            try:
                if f.type in ("int", int):
                    values[f.name] = int(raw)
                elif f.type in ("float", float):
                    values[f.name] = float(raw)
                elif f.type in ("bool", bool):
                    values[f.name] = _bool(raw)
                else:
                    values[f.name] = raw
            except ValueError as exc:
                raise InvalidArgument(f"{key}: {exc}") from None
        return cls(**values)
