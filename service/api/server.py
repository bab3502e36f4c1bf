"""The gRPC server: services, health, reflection, identity, limits, TLS and graceful stop.

Each API module in :data:`SERVICE_MODULES` exposes ``register(server, app) -> list[str]``
(adds its servicer and returns the full service names it serves).

Threads: the pool holds ``max_workers`` unary workers, ``max_queued_rpcs`` waiting unary
calls, ``max_streams`` open streams and :data:`RESERVED_THREADS` more, so health checks and
refusals always find a thread; :class:`~service.api.interceptors.Admission` keeps each share
within its bound (RESOURCE_EXHAUSTED beyond), and gRPC's ``maximum_concurrent_rpcs`` bounds
what may wait for a thread at all.
"""
from __future__ import annotations

import gc
import importlib
import logging
import os
import signal
import threading
from concurrent import futures

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from service.api.interceptors import Admission, ServiceInterceptor
from service.app import App
from service.auth.tokens import Authenticator
from service.config import Settings
from service.ops import metrics as opmetrics
from service.ops.reload_watch import ReloadWatch

log = logging.getLogger("zhenwei.server")

SERVICE_MODULES = [
    "service.api.screening",
    "service.api.lexicon_admin",
    "service.api.credentials",
    "service.api.reference_banks",
    "service.api.review",
]

#: Longest a stop waits for handlers that outlived the grace period before closing the store.
STOP_WAIT_S = 30.0
#: Threads beyond the unary, queue and stream shares: health checks and quick refusals.
RESERVED_THREADS = 8


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def server_credentials(settings: Settings) -> grpc.ServerCredentials | None:
    """TLS from the settings' PEM files (None: plaintext); a client CA makes it mutual TLS."""
    if not settings.tls_cert_file:
        return None
    pair = (_read(settings.tls_key_file), _read(settings.tls_cert_file))
    if settings.tls_client_ca_file:
        return grpc.ssl_server_credentials([pair], root_certificates=_read(settings.tls_client_ca_file),
                                           require_client_auth=True)
    return grpc.ssl_server_credentials([pair])


class Server:
    """A started gRPC server bound to ``settings.listen_addr`` (port 0 → ephemeral)."""

    def __init__(self, settings: Settings, app: App | None = None, reuse_port: bool = False,
                 console: bool = True):
        self.settings = settings
        # console: this process serves ZHENWEI_CONSOLE_ADDR (with workers: worker 0 only)
        self.serve_console = console and bool(settings.console_addr)
        self.console = None
        settings.validate()
        self.app = app or App(settings)
        # metrics: this process serves them (ZHENWEI_METRICS_ADDR), or it is a worker whose
        # supervisor serves the aggregate (PROMETHEUS_MULTIPROC_DIR set by the supervisor)
        self.metrics = None
        if settings.metrics_addr or opmetrics.multiprocess():
            self.metrics = opmetrics.Metrics()
            self.metrics.instrument_app(self.app)
        self.metrics_port: int | None = None
        self.tracer = None
        if settings.otlp_endpoint:
            from service.ops.tracing import Tracer

            self.tracer = Tracer(settings)
        self.authenticator = Authenticator(self.app.store, ttl_s=settings.auth_cache_ttl_s)
        self.admission = Admission(settings.max_workers, settings.max_queued_rpcs, settings.max_streams,
                                   settings.max_streams_per_caller)
        threads = settings.max_workers + settings.max_queued_rpcs + settings.max_streams + RESERVED_THREADS
        self.grpc_server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=threads, thread_name_prefix="rpc"),
            interceptors=[ServiceInterceptor(settings, self.authenticator, self.admission, self.metrics,
                                             self.tracer)],
            options=[("grpc.max_receive_message_length", settings.transport_max_bytes()),
                     ("grpc.max_send_message_length", 16 * 1024 * 1024),
                     # workers of one supervisor share the port; a lone server refuses a taken one
                     ("grpc.so_reuseport", 1 if reuse_port else 0)],
            maximum_concurrent_rpcs=threads + RESERVED_THREADS,
        )
        names = []
        for module_name in SERVICE_MODULES:
            names.extend(importlib.import_module(module_name).register(self.grpc_server, self.app))
        self.health = health.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.grpc_server)
        # health detail: the lexicon hot reload's state under its own health service name
        self.reload_watch = ReloadWatch(self.app, self.health, self.metrics)
        reflection.enable_server_reflection(
            [*names, health.SERVICE_NAME, reflection.SERVICE_NAME], self.grpc_server)
        creds = server_credentials(settings)
        self.tls = creds is not None
        self.port = (self.grpc_server.add_secure_port(settings.listen_addr, creds) if creds
                     else self.grpc_server.add_insecure_port(settings.listen_addr))
        if self.port == 0:
            raise RuntimeError(f"cannot bind {settings.listen_addr}")
        self._names = names
        self._stopped = threading.Event()
        if self.serve_console:  # console: bind its port now, so that a taken one refuses the start
            from service.console.server import ConsoleServer

            self.console = ConsoleServer(self.app, settings)

    @property
    def address(self) -> str:
        host = self.settings.listen_addr.rsplit(":", 1)[0]
        return f"{host}:{self.port}"

    def start(self) -> "Server":
        # The lexicon is millions of long-lived objects: move them out of the cyclic
        # collector's generations so a full collection does not stall requests.
        gc.collect()
        gc.freeze()
        if self.settings.bootstrap_admin_token:
            from service.ops.bootstrap import ensure_admin_token

            ensure_admin_token(self.app.store, self.settings.log_format)
        host = self.settings.listen_addr.rsplit(":", 1)[0].strip("[]")
        if not self.tls and host not in ("127.0.0.1", "localhost", "::1"):
            log.warning("serving plaintext on %s: tokens cross the network in clear; set ZHENWEI_TLS_CERT_FILE "
                        "and ZHENWEI_TLS_KEY_FILE", self.settings.listen_addr)
        if self.settings.anonymous_screening:
            log.warning("ZHENWEI_ANONYMOUS_SCREENING is on: ScreenProfile answers callers without a token")
        self.grpc_server.start()
        self.app.start_background()
        if self.console is not None:  # console: the reviewer web console, in a thread of this process
            self.console.start()
        if self.metrics is not None and self.settings.metrics_addr and not opmetrics.multiprocess():
            self.metrics_port = self.metrics.serve(self.settings.metrics_addr)
        for name in ["", *self._names]:
            self.health.set(name, health_pb2.HealthCheckResponse.SERVING)
        self.reload_watch.publish()
        log.info("serving on %s (%s, lexicon %s)", self.address,
                 ("mutual TLS" if self.settings.tls_client_ca_file else "TLS") if self.tls else "plaintext",
                 self.app.lexicon_version())
        return self

    def stop(self, grace: float | None = None) -> None:
        """Graceful stop: report NOT_SERVING, refuse new calls, let in-flight ones finish."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        self.health.enter_graceful_shutdown()
        self.app.begin_shutdown()  # ends open event streams so they do not hold the grace period
        if self.console is not None:  # console: stop taking page requests
            self.console.stop()
        done = self.grpc_server.stop(self.settings.grace_period_s if grace is None else grace)
        done.wait()
        if self.metrics is not None:
            self.metrics.close()
        if self.tracer is not None:
            self.tracer.close()
        # gRPC has cancelled what outlived the grace, but a handler that ignores cancellation
        # (a lexicon rebuild) still runs in its thread: closing the store under it would crash
        # the database driver. Wait for it; if it never ends, leave the store to process exit.
        if self.admission.wait_idle(STOP_WAIT_S):
            self.app.close()
            log.info("stopped: in-flight calls finished, background threads ended, store closed")
        else:
            log.error("stopped with calls still running after %s s; the store was left open", STOP_WAIT_S)

    def wait(self) -> None:
        self.grpc_server.wait_for_termination()


def serve(settings: Settings | None = None) -> int:
    """``zhenwei serve``: one process, or a supervisor of ``settings.workers`` processes.
    Returns the exit status (2: refused to start, logged)."""
    settings = settings or Settings.from_env()
    from service.domain.errors import ZhenweiError
    from service.ops.logging import setup_logging

    setup_logging(settings.log_level, settings.log_format)
    if settings.workers > 1:
        from service.ops.workers import supervise

        return supervise(settings)
    try:
        run_server(settings)
    except ZhenweiError as exc:
        log.critical("%s", exc)
        return 2
    return 0


class _StopWhileLoading(BaseException):
    """SIGTERM/SIGINT before the server was built: leave at once (raised by the handler)."""


def run_server(settings: Settings, reuse_port: bool = False, on_ready=None, parent_pid: int | None = None,
               console: bool = True) -> None:
    """Serves until SIGTERM or SIGINT, then stops gracefully *before* returning: in-flight calls
    finish (up to the grace period), streams end, the store is closed, and the last line logged
    is the stop. ``on_ready`` is called once the port serves (the worker's readiness signal);
    a worker passes its supervisor's ``parent_pid`` and stops when that process is gone; ``console``:
    whether this process serves ``ZHENWEI_CONSOLE_ADDR`` (only worker 0 of several does)."""
    stop = threading.Event()
    loading = [True]

    def on_signal(signum, _frame):
        if loading[0]:  # still building the engines: nothing is served yet, nothing to drain
            raise _StopWhileLoading(signal.Signals(signum).name)
        if not stop.is_set():
            log.info("signal %s: stopping gracefully", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        server = Server(settings, reuse_port=reuse_port, console=console)
    except _StopWhileLoading as exc:
        log.info("signal %s while loading: stopped before serving", exc)
        logging.shutdown()
        return
    loading[0] = False
    server.start()
    if on_ready is not None:
        on_ready(server)
    while not stop.wait(0.5):
        if parent_pid is not None and os.getppid() != parent_pid:  # a worker whose supervisor died
            log.error("supervisor gone: stopping")
            break
    server.stop()
    logging.shutdown()
