"""The gRPC server: services, health, reflection, limits and graceful stop.

Each API module in :data:`SERVICE_MODULES` exposes ``register(server, app) -> list[str]``
(adds its servicer and returns the full service names it serves).
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

from service.api.interceptors import ErrorMappingInterceptor
from service.app import App
from service.config import Settings

log = logging.getLogger("zhenwei.server")

SERVICE_MODULES = [
    "service.api.screening",
    "service.api.lexicon_admin",
    "service.api.credentials",
    "service.api.reference_banks",
]

#: Headroom over the avatar byte cap for the rest of the message.
_MESSAGE_OVERHEAD = 64 * 1024


class Server:
    """A started gRPC server bound to ``settings.listen_addr`` (port 0 → ephemeral)."""

    def __init__(self, settings: Settings, app: App | None = None):
        self.settings = settings
        self.app = app or App(settings)
        limit = settings.max_avatar_bytes + _MESSAGE_OVERHEAD
        self.grpc_server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=settings.max_workers, thread_name_prefix="rpc"),
            interceptors=[ErrorMappingInterceptor()],
            options=[("grpc.max_receive_message_length", limit),
                     ("grpc.max_send_message_length", 16 * 1024 * 1024),
                     ("grpc.so_reuseport", 0)],
        )
        names = []
        for module_name in SERVICE_MODULES:
            names.extend(importlib.import_module(module_name).register(self.grpc_server, self.app))
        self.health = health.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.grpc_server)
        reflection.enable_server_reflection(
            [*names, health.SERVICE_NAME, reflection.SERVICE_NAME], self.grpc_server)
        self.port = self.grpc_server.add_insecure_port(settings.listen_addr)
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
        self.grpc_server.start()
        self.app.start_background()
        for name in ["", *self._names]:
            self.health.set(name, health_pb2.HealthCheckResponse.SERVING)
        log.info("serving on %s (lexicon %s)", self.address, self.app.lexicon_version())
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
        self.app.close()
        log.info("stopped")

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
