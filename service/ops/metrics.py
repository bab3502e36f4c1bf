"""Prometheus metrics (``prometheus-client``), served on ``ZHENWEI_METRICS_ADDR`` at ``/metrics``.

Recorded from outside the domain core: the API interceptor reports every RPC and hands the
response message to :meth:`Metrics.observe_response` (decisions, findings, credential
statuses); :meth:`Metrics.instrument_app` wraps avatar decoding, OCR and the hot-reload
methods of one :class:`~service.app.App` instance; a ticker thread samples resident memory and
the lexicon version (and, every 10 s, the review queue). With several worker processes the client's multiprocess mode is used:
each worker writes its samples under ``PROMETHEUS_MULTIPROC_DIR`` (a temporary folder the
supervisor makes and removes) and the supervisor serves their aggregate.

prometheus_client picks its value store when it is first imported, so it is imported only
here and only after the supervisor has set ``PROMETHEUS_MULTIPROC_DIR``.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from typing import Callable

log = logging.getLogger("zhenwei.metrics")

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
OCR_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2)
#: Seconds between samples of memory and the lexicon version.
SAMPLE_INTERVAL_S = 2.0
#: Seconds between samples of the review queue (a query on the shared store).
REVIEW_SAMPLE_INTERVAL_S = 10.0

SCREEN = "/impersonation.v1.ScreeningService/ScreenProfile"
VERIFICATION_RPCS = {"/impersonation.v1.CredentialService/SubmitCredential",
                     "/impersonation.v1.CredentialService/ReviewVerification"}


def multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


def rpc_label(method: str) -> str:
    """``/impersonation.v1.ScreeningService/ScreenProfile`` → ``ScreeningService/ScreenProfile``."""
    service, _, name = method.strip("/").rpartition("/")
    return f"{service.rsplit('.', 1)[-1]}/{name}"


def resident_bytes() -> int:
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


_enum_names: dict[tuple[str, int], str] = {}


def _enum_name(enum_type, number: int) -> str:
    key = (enum_type.full_name, number)
    name = _enum_names.get(key)
    if name is None:
        value = enum_type.values_by_number.get(number)
        prefix = "".join("_" + c if c.isupper() else c for c in enum_type.name).lstrip("_").upper() + "_"
        name = value.name.removeprefix(prefix) if value else str(number)
        _enum_names[key] = name
    return name


def decode_failure_reason(message: str) -> str:
    """A bounded label for why an avatar did not decode (never the message itself)."""
    text = message.lower()
    for needle, reason in (("empty", "empty"), ("byte limit", "too_large"), ("bomb", "too_many_pixels"),
                           ("pixel", "too_many_pixels"), ("not a jpeg", "unsupported_format"),
                           ("cannot decode", "undecodable"), ("layout", "unsupported_layout")):
        if needle in text:
            return reason
    return "other"


class Metrics:
    """One process's metrics. ``registry`` is private (several servers may live in one test
    process); in multiprocess mode the samples go to files and the supervisor serves them."""

    def __init__(self):
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.multiprocess = multiprocess()
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter("zhenwei_rpc_requests_total", "RPCs handled, by RPC and status code",
                                ["rpc", "code"], registry=r)
        self.latency = Histogram("zhenwei_rpc_duration_seconds", "RPC latency in the server, by RPC and status code",
                                 ["rpc", "code"], buckets=LATENCY_BUCKETS, registry=r)
        self.decisions = Counter("zhenwei_screen_decisions_total", "ScreenProfile decisions", ["decision"], registry=r)
        self.decision_reasons = Counter(
            "zhenwei_screen_decision_reasons_total",
            "ScreenProfile decisions by the category and technique of their findings (once per distinct pair)",
            ["decision", "category", "technique"], registry=r)
        self.findings = Counter("zhenwei_screen_findings_total", "ScreenProfile findings by field and category",
                                ["field", "category"], registry=r)
        self.avatar_decode_failures = Counter("zhenwei_avatar_decode_failures_total",
                                              "avatars that could not be decoded, by reason", ["reason"], registry=r)
        self.ocr_seconds = Histogram("zhenwei_avatar_ocr_seconds", "time reading text in one avatar",
                                     buckets=OCR_BUCKETS, registry=r)
        self.verifications = Counter("zhenwei_credential_verifications_total",
                                     "verification statuses returned by SubmitCredential and ReviewVerification",
                                     ["rpc", "status"], registry=r)
        self.reload_failures = Counter("zhenwei_reload_failures_total",
                                       "hot reloads that failed (the previous version keeps serving)", ["what"],
                                       registry=r)
        # 1 while the newest hot reload of ``what`` failed (the previous version serves); with
        # several workers the largest value among the live ones
        self.reload_failing = Gauge("zhenwei_reload_failing",
                                    "1 while the newest hot reload failed and the previous version keeps serving",
                                    ["what"], registry=r, multiprocess_mode="livemax")
        self.shadow = Counter("zhenwei_shadow_screenings_total",
                              "profiles screened in shadow under ZHENWEI_SHADOW_DRAFT, by outcome "
                              "(screened, differ, decision_changed, findings_changed, skipped, failed)",
                              ["outcome"], registry=r)
        live = {"multiprocess_mode": "liveall"}
        self.lexicon = Gauge("zhenwei_lexicon_info", "the lexicon version a process serves (value 1)",
                             ["version"], registry=r, **live)
        self.memory = Gauge("zhenwei_process_resident_memory_bytes", "resident memory of a server process",
                            registry=r, **live)
        # the review queue is one store shared by every worker: any worker's sample is the value
        shared = {"multiprocess_mode": "mostrecent"}
        self.review_open = Gauge("zhenwei_review_open_cases", "open review cases by kind", ["kind"], registry=r,
                                 **shared)
        self.review_oldest = Gauge("zhenwei_review_oldest_open_age_seconds", "age of the oldest open review case",
                                   registry=r, **shared)
        self.review_overdue = Gauge("zhenwei_review_overdue_cases", "open review cases past their due time",
                                    registry=r, **shared)
        self._review_kinds: set[str] = set()
        self._lexicon_version: str | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self.http = None

    # -- recording --------------------------------------------------------------------------
    def observe_rpc(self, method: str, code: str, seconds: float) -> None:
        label = rpc_label(method)
        self.requests.labels(label, code).inc()
        self.latency.labels(label, code).observe(seconds)

    def observe_response(self, method: str, response) -> None:
        """Domain outcomes read off a response message (no personal data in any label)."""
        if method == SCREEN:
            self._observe_screen(response)
        elif method in VERIFICATION_RPCS and response.HasField("verification"):
            v = response.verification
            status = _enum_name(v.DESCRIPTOR.fields_by_name["status"].enum_type, v.status)
            self.verifications.labels(rpc_label(method), status).inc()

    def _observe_screen(self, response) -> None:
        fields = response.DESCRIPTOR.fields_by_name
        decision = _enum_name(fields["decision"].enum_type, response.decision)
        self.decisions.labels(decision).inc()
        if response.lexicon_version and response.lexicon_version != self._lexicon_version:
            self.set_lexicon_version(response.lexicon_version)
        if not response.findings:
            return
        fd = response.findings[0].DESCRIPTOR.fields_by_name
        cat_t, field_t, tech_t = fd["category"].enum_type, fd["field"].enum_type, fd["techniques"].enum_type
        pairs = set()
        for f in response.findings:
            category = _enum_name(cat_t, f.category)
            self.findings.labels(_enum_name(field_t, f.field), category).inc()
            for t in f.techniques or (0,):
                pairs.add((category, _enum_name(tech_t, t)))
        for category, technique in pairs:
            self.decision_reasons.labels(decision, category, technique).inc()

    def set_lexicon_version(self, version: str) -> None:
        with self._lock:
            self._set_lexicon_version(version)

    def _set_lexicon_version(self, version: str) -> None:
        old, self._lexicon_version = self._lexicon_version, version
        if old is not None and old != version:
            if self.multiprocess:  # a removed label set stays in the file: mark it no longer served
                self.lexicon.labels(old).set(0)
            else:
                self.lexicon.remove(old)
        self.lexicon.labels(version).set(1)

    def set_reload_failing(self, what: str, failing: bool) -> None:
        self.reload_failing.labels(what).set(1 if failing else 0)

    # -- instrumenting one App from the outside ----------------------------------------------
    def instrument_app(self, app) -> None:
        """Wraps avatar decoding, OCR and the reload methods of ``app``'s instances."""
        avatars = getattr(app, "avatars", None)
        if avatars is not None and not callable(getattr(avatars, "decode", None)):
            log.warning("avatar screener has no decode(): avatar decode failures are not counted")
        elif avatars is not None:
            decode = avatars.decode

            def counted_decode(data: bytes):
                try:
                    return decode(data)
                except Exception as exc:
                    self.avatar_decode_failures.labels(decode_failure_reason(str(exc))).inc()
                    raise

            avatars.decode = counted_decode
            ocr = getattr(avatars, "ocr", None)
            if ocr is not None:
                read = ocr.read

                def timed_read(rgb):
                    t0 = time.perf_counter()
                    try:
                        return read(rgb)
                    finally:
                        self.ocr_seconds.observe(time.perf_counter() - t0)

                ocr.read = timed_read
            self._count_failures(avatars, "reload_if_changed", "reference_index")
        lexicons = getattr(app, "lexicons", None)
        if lexicons is not None:
            self._count_failures(lexicons, "reload_if_changed", "lexicon")
        shadow = getattr(getattr(app, "screener", None), "shadow", None)
        if shadow is not None:  # a lexicon draft screened in shadow (a fixed set of six outcomes)
            shadow.listeners.append(lambda kind: self.shadow.labels(kind).inc())
        self.set_lexicon_version(app.lexicon_version())
        review = getattr(app, "review", None)
        self.start_sampling(app.lexicon_version, getattr(review, "counts", None))

    def sample_review(self, counts: Callable) -> None:
        """Queue depth by kind, oldest open age and overdue cases from ``ReviewService.counts()``."""
        import datetime as dt

        c = counts()
        kinds = {str(k): int(n) for k, n in (c.by_kind or {}).items()}
        for kind in self._review_kinds - set(kinds):
            self.review_open.labels(kind).set(0)
        for kind, n in kinds.items():
            self.review_open.labels(kind).set(n)
        self._review_kinds |= set(kinds)
        oldest = c.oldest_open_at
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=dt.timezone.utc)
        self.review_oldest.set(max(0.0, (dt.datetime.now(dt.timezone.utc) - oldest).total_seconds())
                               if oldest else 0.0)
        self.review_overdue.set(int(c.overdue or 0))

    def _count_failures(self, obj, name: str, what: str) -> None:
        inner: Callable = getattr(obj, name)

        def counted(*args, **kwargs):
            try:
                return inner(*args, **kwargs)
            except Exception:
                self.reload_failures.labels(what).inc()
                raise

        setattr(obj, name, counted)

    def start_sampling(self, lexicon_version: Callable[[], str] | None = None,
                       review_counts: Callable | None = None) -> None:
        next_review = [0.0]

        def sample():
            while True:
                self.memory.set(resident_bytes())
                if review_counts is not None and time.monotonic() >= next_review[0]:
                    next_review[0] = time.monotonic() + REVIEW_SAMPLE_INTERVAL_S
                    try:
                        self.sample_review(review_counts)
                    except Exception:  # noqa: BLE001 - the store may be down; the next sample retries
                        log.debug("review queue sample failed", exc_info=True)
                if lexicon_version is not None:
                    try:
                        version = lexicon_version()
                    except Exception:  # noqa: BLE001 - a sample is not worth a crash
                        version = None
                    if version and version != self._lexicon_version:
                        self.set_lexicon_version(version)
                if self._stop.wait(SAMPLE_INTERVAL_S):
                    return

        self.memory.set(resident_bytes())
        self._ticker = threading.Thread(target=sample, name="metrics-sampler", daemon=True)
        self._ticker.start()

    # -- serving -----------------------------------------------------------------------------
    def serve(self, addr: str) -> int:
        """Serves this process's registry on ``addr`` (single process); returns the port."""
        return self._serve(addr, self.registry)

    def _serve(self, addr: str, registry) -> int:
        from prometheus_client import start_http_server

        host, _, port = addr.rpartition(":")
        self.http, _thread = start_http_server(int(port), addr=host.strip("[]"), registry=registry)
        port = self.http.server_port
        log.info("metrics on http://%s:%s/metrics", host, port)
        return port

    def close(self) -> None:
        """Stops the sampler (before the store closes under it) and the HTTP endpoint."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=10)
        if self.http is not None:
            self.http.shutdown()
            self.http.server_close()
            self.http = None


class SupervisorMetrics:
    """The supervisor's side of multiprocess mode: serves the workers' aggregate plus its own
    worker counts; removes a dead worker's live gauges."""

    def __init__(self, workers: Callable[[], tuple[int, int, int]]):
        from prometheus_client import CollectorRegistry
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
        from prometheus_client.multiprocess import MultiProcessCollector

        self.registry = CollectorRegistry()
        MultiProcessCollector(self.registry)

        class Workers:
            def collect(self_inner):
                configured, alive, restarts = workers()
                yield GaugeMetricFamily("zhenwei_workers", "worker processes configured", value=configured)
                yield GaugeMetricFamily("zhenwei_workers_alive", "worker processes running", value=alive)
                yield CounterMetricFamily("zhenwei_worker_restarts", "workers restarted after exiting unexpectedly",
                                          value=restarts)

        self.registry.register(Workers())
        self.http = None

    def serve(self, addr: str) -> int:
        from prometheus_client import start_http_server

        host, _, port = addr.rpartition(":")
        self.http, _thread = start_http_server(int(port), addr=host.strip("[]"), registry=self.registry)
        log.info("metrics on http://%s:%s/metrics (all workers; samples in %s)", host, self.http.server_port,
                 os.environ.get(MULTIPROC_ENV))
        return self.http.server_port

    @staticmethod
    def process_dead(pid: int) -> None:
        from prometheus_client import multiprocess as mp

        mp.mark_process_dead(pid)

    def close(self) -> None:
        if self.http is not None:
            self.http.shutdown()
            self.http.server_close()
            self.http = None
