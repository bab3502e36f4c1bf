"""Whether the lexicon hot reload of one server process works, reported outside the domain core.

A hot reload that fails (a corrupt entry in the store, a change the engine cannot build) leaves
the previous lexicon serving: the server stays healthy and keeps answering, but with an older
lexicon than the store holds. :class:`ReloadWatch` wraps ``LexiconManager.reload`` (every rebuild
goes through it: the poller's ``reload_if_changed`` and the admin path alike) and reports that
state in three places:

- **log**: one ERROR line when reloads start failing (``lexicon hot reload failing: …; still
  serving <version>``) and one INFO line when a reload succeeds again (the poller also logs each
  failed attempt with its traceback);
- **metric**: ``zhenwei_reload_failing{what="lexicon"}`` is 1 while the newest attempt failed
  (``zhenwei_reload_failures_total`` counts the attempts);
- **health detail**: the gRPC health service answers for the service name
  :data:`HEALTH_SERVICE` (``zhenwei.ops.LexiconReload``): ``NOT_SERVING`` while reloads fail,
  ``SERVING`` otherwise. The overall status (``""``) and the API services stay ``SERVING``: the
  old lexicon still answers every call. ``grpc_health_probe -service zhenwei.ops.LexiconReload``
  or ``python -m service.ops.healthcheck HOST:PORT zhenwei.ops.LexiconReload`` asks for it.
"""
from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger("zhenwei.reload")

#: The health service name that carries the state of the lexicon hot reload.
HEALTH_SERVICE = "zhenwei.ops.LexiconReload"


def _reason(exc: BaseException) -> str:
    """A short, path-free reason for the log line (the class, and the message's first line)."""
    from service.ops.logging import redact

    first = (str(exc).splitlines() or [""])[0][:200]
    return redact(f"{type(exc).__name__}: {first}" if first else type(exc).__name__)


class ReloadWatch:
    """Tracks the lexicon reloads of one ``App``; ``health`` is a grpc_health HealthServicer
    (or None), ``metrics`` a :class:`service.ops.metrics.Metrics` (or None)."""

    def __init__(self, app, health=None, metrics=None):
        self.app = app
        self.health = health
        self.metrics = metrics
        self._lock = threading.Lock()
        #: when (time.time()) reloads started failing; None while they work
        self.failing_since: float | None = None
        self.failures = 0
        self.last_error = ""
        manager = app.lexicons
        inner = manager.reload

        def watched_reload(*args, **kwargs):
            try:
                result = inner(*args, **kwargs)
            except Exception as exc:
                self._failed(exc)
                raise
            self._ok()
            return result

        manager.reload = watched_reload
        if metrics is not None:
            metrics.set_reload_failing("lexicon", False)

    def publish(self) -> None:
        """Sets the health status from the current state (call once the health servicer serves)."""
        self._set_health(self.failing_since is None)

    @property
    def failing(self) -> bool:
        return self.failing_since is not None

    def _set_health(self, ok: bool) -> None:
        if self.health is None:
            return
        from grpc_health.v1 import health_pb2

        status = health_pb2.HealthCheckResponse.SERVING if ok else health_pb2.HealthCheckResponse.NOT_SERVING
        self.health.set(HEALTH_SERVICE, status)  # ignored once the server is shutting down

    def _failed(self, exc: BaseException) -> None:
        reason = _reason(exc)
        with self._lock:
            first = self.failing_since is None
            self.failures += 1
            self.last_error = reason
            if first:
                self.failing_since = time.time()
        if first:
            try:
                version = self.app.lexicon_version()
            except Exception:  # noqa: BLE001 - the version is for the log line only
                version = "?"
            log.error("lexicon hot reload failing: %s; still serving %s (health %s NOT_SERVING until a reload "
                      "succeeds)", reason, version, HEALTH_SERVICE,
                      extra={"reload": "lexicon", "reload_failing": True, "lexicon_version": version})
            self._set_health(False)
        if self.metrics is not None:
            self.metrics.set_reload_failing("lexicon", True)

    def _ok(self) -> None:
        with self._lock:
            was = self.failing_since
            failures = self.failures
            self.failing_since, self.failures, self.last_error = None, 0, ""
        if was is not None:
            log.info("lexicon hot reload works again after %d failed attempt(s) over %.0f s; serving %s",
                     failures, time.time() - was, self.app.lexicon_version(),
                     extra={"reload": "lexicon", "reload_failing": False})
            self._set_health(True)
        if self.metrics is not None and was is not None:
            self.metrics.set_reload_failing("lexicon", False)
