"""One frozen settings object, read from ``ZHENWEI_*`` environment variables.

Every variable is documented in README.md ("Configuration"); defaults give an
embedded, single-process service (SQLite under ``./var``) that ``make serve``
starts with no setup.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from service.domain.errors import InvalidArgument

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Evidence files one SubmitCredential may carry (the verifier's MAX_EVIDENCE; a test
#: checks they agree), each up to ``max_avatar_bytes``.
EVIDENCE_FILES = 5
#: Transport cap headroom over the largest per-RPC limit.
TRANSPORT_HEADROOM = 1024 * 1024
#: The audit log is kept at least this long (regulation: six months); see ``audit_retention_days``.
MIN_AUDIT_RETENTION_DAYS = 180
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-]+|\*)$")


def _address_problem(addr: str) -> str:
    """Why ``addr`` is not a usable ``host:port`` ("" when it is)."""
    host, sep, port = addr.rpartition(":")
    if not sep or not host:
        return f"must be host:port (for example 127.0.0.1:50051), got {addr!r}"
    if not _HOST.match(host):
        return f"{host!r} is not a host name or address"
    if not (port.isascii() and port.isdigit()) or len(port) > 5 or not 0 <= int(port) <= 65535:  # not ²
        return f"port must be a number from 0 to 65535, got {port!r}"
    return ""


def _bool(text: str) -> bool:
    low = text.strip().lower()
    if low in {"1", "true", "yes", "on"}:
        return True
    if low in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {text!r}")


def _default_workers() -> int:
    """Cores this process may run on (the default of ``ZHENWEI_WORKERS``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


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
    #: Unary RPCs that run at once (CPU-bound screening, admin calls).
    max_workers: int = 8
    #: Unary RPCs admitted to wait for a worker; beyond workers + queue the server answers
    #: RESOURCE_EXHAUSTED at once instead of queueing without bound.
    max_queued_rpcs: int = 16
    #: Open server streams (WatchVerificationEvents, health Watch, reflection), overall and per
    #: caller (a token, a client certificate, or an anonymous peer address). Streams get their
    #: own share of threads, so idle followers never take the unary workers or health.
    max_streams: int = 32
    max_streams_per_caller: int = 4
    #: Largest request, in bytes, of any RPC not named in :meth:`request_byte_limits`.
    max_request_bytes: int = 64 * 1024
    # security
    #: Allow ScreenProfile without a token (logged as a warning at start). Off by default;
    #: ``make serve`` turns it on for the local two-command start. A token that is sent is
    #: always checked, even with this on.
    anonymous_screening: bool = False
    #: Seconds a token lookup is cached in the server; a revoked token stops working within it.
    auth_cache_ttl_s: float = 2.0
    #: On start, when no admin token exists, create one and print it once on stderr.
    bootstrap_admin_token: bool = True
    #: PEM server certificate (chain) and key: both set → the port serves TLS only.
    tls_cert_file: str = ""
    tls_key_file: str = ""
    #: PEM CA bundle for client certificates: set → mutual TLS, a verified client certificate is
    #: required on every connection, and a certificate registered with
    #: ``zhenwei token create --cert`` stands for a token (by its SHA-256 fingerprint).
    tls_client_ca_file: str = ""
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
    #: Confirm every emblem candidate cell by cell (service/image/confirm.py): the avatar, aligned
    #: onto the reference (stage 1: the matched view's box and dihedral variant; stage 2: the RANSAC
    #: similarity), must agree with it wherever the reference draws something. A look-alike that
    #: shares the template (another office's seal, the same shield with another device, the layout
    #: in other colours) hashes near and shares keypoints, but its text or centre disagrees.
    avatar_confirm: bool = True
    #: A cell (8 px of the 128-px edge map) disagrees below this correlation (64-px avatars: 0.3 lower).
    avatar_local_corr: float = 0.4
    #: Disagreeing cells allowed (one more at 64 px); a caption band in colours foreign to the
    #: emblem is let through whole.
    avatar_local_bad: int = 1
    # operations
    #: Worker processes serving one port (SO_REUSEPORT), each with its own engines; 1: one
    #: process, no supervisor. Default: one per core this process may run on.
    workers: int = field(default_factory=_default_workers)
    #: host:port of the Prometheus /metrics HTTP endpoint; empty: no metrics.
    metrics_addr: str = ""
    #: ``json`` (one object a line on stderr) or ``text`` (for a terminal).
    log_format: str = "json"
    #: One log line per RPC (request id, caller, RPC, status, duration).
    access_log: bool = True
    #: OTLP/HTTP traces endpoint (``http://collector:4318``); empty: no tracing.
    otlp_endpoint: str = ""
    # review
    #: Seconds a reviewer's claim on a case lasts (renewed by claiming again); then anyone may take it.
    review_lease_s: int = 900
    #: Four-eyes: a REJECT of a disguised official or media name, and an owner registration,
    #: take effect only once a second, different reviewer confirms them.
    review_four_eyes: bool = True
    #: Hours within which a report (投诉举报) and an appeal (申诉) must be answered.
    report_deadline_h: int = 72
    appeal_deadline_h: int = 360
    #: Days audit-log entries are kept before ``zhenwei audit prune`` may remove them (at least 180).
    audit_retention_days: int = 180
    #: Share (0 to 1) of decided cases re-reviewed blind for reviewer QA.
    review_qa_share: float = 0.05
    # console
    #: host:port of the reviewer console (web pages, served by the process that owns the App;
    #: with several workers, worker 0); empty: no console.
    console_addr: str = ""
    #: Seconds a console login lasts (then the reviewer logs in again).
    console_session_s: int = 28800
    #: Mark the session cookie Secure even when the request arrives over plain HTTP (a
    #: TLS-terminating proxy in front that does not send X-Forwarded-Proto).
    console_secure_cookie: bool = False
    #: Address of a TLS-terminating reverse proxy whose X-Forwarded-Proto/-For the console
    #: trusts (then a request forwarded as https gets a Secure cookie); empty: none.
    console_trusted_proxy: str = ""
    # end console
    # lexicon drafts
    #: A lexicon draft (``zhenwei lexicon draft create``) to screen every profile under as well, in
    #: shadow: differing would-be results are counted and logged (account id hashed), responses are
    #: unchanged. ``3`` or ``draft.3``; empty: no shadow.
    shadow_draft: str = ""

    def __post_init__(self) -> None:
        self.validate()

    # -- request sizes -------------------------------------------------------------------
    def request_byte_limits(self) -> dict[str, int]:
        """THE table of request size limits: raw serialized bytes per RPC, checked by the API
        layer before the request is decoded. RPCs not listed get ``max_request_bytes``. The
        transport cap (:meth:`transport_max_bytes`) is the largest of them plus headroom."""
        text = 4 * (self.max_name_chars + self.max_bio_chars) + 4096  # UTF-8 ≤ 4 bytes a code point
        return {
            "/impersonation.v1.ScreeningService/ScreenProfile": self.max_avatar_bytes + text,
            # per message of the stream
            "/impersonation.v1.ScreeningService/ScreenProfiles": self.max_avatar_bytes + text,
            "/impersonation.v1.CredentialService/SubmitCredential":
                EVIDENCE_FILES * (self.max_avatar_bytes + 1024) + self.max_request_bytes,
            "/impersonation.v1.ReferenceBankService/AddReference": self.max_avatar_bytes + self.max_request_bytes,
        }

    def request_byte_limit(self, method: str) -> int:
        return self.request_byte_limits().get(method, self.max_request_bytes)

    def transport_max_bytes(self) -> int:
        """gRPC's receive cap: the largest per-RPC limit plus headroom, so a request over its
        RPC's limit (but not absurdly large) reaches the API layer and gets INVALID_ARGUMENT."""
        return max([self.max_request_bytes, *self.request_byte_limits().values()]) + TRANSPORT_HEADROOM

    # -- validation ------------------------------------------------------------------------
    def validate(self) -> None:
        """Refuses settings that cannot work, naming the variable and why (InvalidArgument)."""
        problems: list[str] = []

        def bad(name: str, why: str) -> None:
            problems.append(f"ZHENWEI_{name.upper()}: {why}")

        positive_ints = ["max_name_chars", "max_bio_chars", "max_avatar_bytes", "max_avatar_pixels",
                         "max_workers", "max_streams", "max_streams_per_caller", "max_request_bytes",
                         "evidence_retention_days"]
        for name in positive_ints:
            if getattr(self, name) <= 0:
                bad(name, f"must be a positive integer, got {getattr(self, name)}")
        non_negative_ints = ["max_queued_rpcs", "avatar_pdq_threshold", "avatar_edge_threshold",
                             "avatar_verify_threshold", "avatar_min_inliers", "avatar_crop_threshold",
                             "avatar_band_threshold", "avatar_negative_threshold", "avatar_local_bad"]
        for name in non_negative_ints:
            if getattr(self, name) < 0:
                bad(name, f"must not be negative, got {getattr(self, name)}")
        for name in ["avatar_pdq_threshold", "avatar_edge_threshold", "avatar_verify_threshold",
                     "avatar_crop_threshold", "avatar_band_threshold", "avatar_negative_threshold"]:
            if getattr(self, name) > 256:
                bad(name, f"a PDQ distance is at most 256, got {getattr(self, name)}")
        for name in ["avatar_min_coverage", "avatar_min_agreement", "avatar_local_corr"]:
            if not 0.0 <= getattr(self, name) <= 1.0:
                bad(name, f"must be between 0 and 1, got {getattr(self, name)}")
        for name in ["reload_interval_s", "registry_http_timeout_s", "auth_cache_ttl_s"]:
            value = getattr(self, name)
            if not (value > 0 and value < float("inf")):
                bad(name, f"must be a positive number of seconds, got {value}")
        if not 0 <= self.grace_period_s < float("inf"):
            bad("grace_period_s", f"must be zero or more seconds, got {self.grace_period_s}")
        if self.auth_cache_ttl_s > 60:
            bad("auth_cache_ttl_s", "at most 60 seconds (a revoked token must stop working soon)")
        if self.max_streams_per_caller > self.max_streams:
            bad("max_streams_per_caller", f"{self.max_streams_per_caller} is more than ZHENWEI_MAX_STREAMS "
                f"({self.max_streams})")
        if self.max_avatar_bytes > 64 * 1024 * 1024:
            bad("max_avatar_bytes", "at most 64 MiB")
        why = _address_problem(self.listen_addr)
        if why:
            bad("listen_addr", why)
        if self.log_level.upper() not in LOG_LEVELS:
            bad("log_level", f"must be one of {', '.join(LOG_LEVELS)}, got {self.log_level!r}")
        if not self.database_url.startswith(("sqlite:///", "sqlite://:memory:", "postgresql://", "postgres://")):
            bad("database_url", "must start with sqlite:/// or postgresql://")
        if self.registry_http_url and not self.registry_http_url.startswith(("http://", "https://")):
            bad("registry_http_url", "must start with http:// or https://")
        if bool(self.tls_cert_file) != bool(self.tls_key_file):
            bad("tls_cert_file" if not self.tls_cert_file else "tls_key_file",
                "TLS needs both ZHENWEI_TLS_CERT_FILE and ZHENWEI_TLS_KEY_FILE")
        if self.tls_client_ca_file and not self.tls_cert_file:
            bad("tls_client_ca_file", "mutual TLS needs ZHENWEI_TLS_CERT_FILE and ZHENWEI_TLS_KEY_FILE as well")
        for name in ["tls_cert_file", "tls_key_file", "tls_client_ca_file"]:
            path = getattr(self, name)
            if path and not (os.path.isfile(path) and os.access(path, os.R_OK)):
                bad(name, f"no readable file at {path}")
        # operations
        if not 1 <= self.workers <= 256:
            bad("workers", f"must be from 1 to 256, got {self.workers}")
        if self.metrics_addr:
            why = _address_problem(self.metrics_addr)
            if why:
                bad("metrics_addr", why)
            elif self.metrics_addr == self.listen_addr and not self.listen_addr.endswith(":0"):
                bad("metrics_addr", "must differ from ZHENWEI_LISTEN_ADDR")
        if self.log_format not in ("json", "text"):
            bad("log_format", f"must be json or text, got {self.log_format!r}")
        if self.otlp_endpoint and not self.otlp_endpoint.startswith(("http://", "https://")):
            bad("otlp_endpoint", "must start with http:// or https://")
        # review
        for name in ["review_lease_s", "report_deadline_h", "appeal_deadline_h"]:
            if not 0 < getattr(self, name) <= 10_000_000:
                bad(name, f"must be a positive integer, got {getattr(self, name)}")
        if self.audit_retention_days < MIN_AUDIT_RETENTION_DAYS:
            bad("audit_retention_days", f"the audit log is kept at least {MIN_AUDIT_RETENTION_DAYS} days "
                f"(six months), got {self.audit_retention_days}")
        if not 0.0 <= self.review_qa_share <= 1.0:
            bad("review_qa_share", f"must be between 0 and 1, got {self.review_qa_share}")
        # console
        if self.console_addr:
            why = _address_problem(self.console_addr)
            if why:
                bad("console_addr", why)
            elif self.console_addr == self.listen_addr and not self.listen_addr.endswith(":0"):
                bad("console_addr", "must differ from ZHENWEI_LISTEN_ADDR")
            elif self.console_addr == self.metrics_addr and not self.metrics_addr.endswith(":0"):
                bad("console_addr", "must differ from ZHENWEI_METRICS_ADDR")
        if not 60 <= self.console_session_s <= 7 * 86400:
            bad("console_session_s", f"must be from 60 seconds to 7 days, got {self.console_session_s}")
        if self.console_trusted_proxy and not _HOST.match(self.console_trusted_proxy):
            bad("console_trusted_proxy", f"{self.console_trusted_proxy!r} is not a host address")
        # end console
        if self.shadow_draft and not re.fullmatch(r"(?:draft\.)?0*[1-9]\d{0,17}", self.shadow_draft.strip()):
            bad("shadow_draft", f"must be a draft id (3 or draft.3), got {self.shadow_draft[:40]!r}")
        if problems:
            raise InvalidArgument("invalid settings: " + "; ".join(problems))

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
