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
import signal
import threading
from concurrent import futures

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from service.api.interceptors import Admission, ServiceInterceptor
from service.app import App
from service.auth.tokens import Authenticator, TokenAdmin
from service.config import Settings

log = logging.getLogger("zhenwei.server")

SERVICE_MODULES = [
    "service.api.screening",
    "service.api.lexicon_admin",
    "service.api.credentials",
    "service.api.reference_banks",
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

    def __init__(self, settings: Settings, app: App | None = None):
        self.settings = settings
        settings.validate()
        self.app = app or App(settings)
        self.authenticator = Authenticator(self.app.store, ttl_s=settings.auth_cache_ttl_s)
        self.admission = Admission(settings.max_workers, settings.max_queued_rpcs, settings.max_streams,
                                   settings.max_streams_per_caller)
        threads = settings.max_workers + settings.max_queued_rpcs + settings.max_streams + RESERVED_THREADS
        self.grpc_server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=threads, thread_name_prefix="rpc"),
            interceptors=[ServiceInterceptor(settings, self.authenticator, self.admission)],
            options=[("grpc.max_receive_message_length", settings.transport_max_bytes()),
                     ("grpc.max_send_message_length", 16 * 1024 * 1024),
                     ("grpc.so_reuseport", 0)],
            maximum_concurrent_rpcs=threads + RESERVED_THREADS,
        )
        names = []
        for module_name in SERVICE_MODULES:
            names.extend(importlib.import_module(module_name).register(self.grpc_server, self.app))
        self.health = health.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.grpc_server)
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
            TokenAdmin(self.app.store).ensure_admin_token()
        host = self.settings.listen_addr.rsplit(":", 1)[0].strip("[]")
        if not self.tls and host not in ("127.0.0.1", "localhost", "::1"):
            log.warning("serving plaintext on %s: tokens cross the network in clear; set ZHENWEI_TLS_CERT_FILE "
                        "and ZHENWEI_TLS_KEY_FILE", self.settings.listen_addr)
        if self.settings.anonymous_screening:
            log.warning("ZHENWEI_ANONYMOUS_SCREENING is on: ScreenProfile answers callers without a token")
        self.grpc_server.start()
        self.app.start_background()
        for name in ["", *self._names]:
            self.health.set(name, health_pb2.HealthCheckResponse.SERVING)
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
        done = self.grpc_server.stop(self.settings.grace_period_s if grace is None else grace)
        done.wait()
        # gRPC has cancelled what outlived the grace, but a handler that ignores cancellation
        # (a lexicon rebuild) still runs in its thread: closing the store under it would crash
        # the database driver. Wait for it; if it never ends, leave the store to process exit.
        if self.admission.wait_idle(STOP_WAIT_S):
            self.app.close()
            log.info("stopped")
        else:
            log.error("stopped with calls still running after %s s; the store was left open", STOP_WAIT_S)

    def wait(self) -> None:
        self.grpc_server.wait_for_termination()


def serve(settings: Settings | None = None) -> None:
    settings = settings or Settings.from_env()
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    server = Server(settings).start()

    def on_signal(signum, _frame):
        log.info("signal %s: stopping gracefully", signal.Signals(signum).name)
        threading.Thread(target=server.stop, daemon=True).start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server.wait()
