"""Serves the console on ``ZHENWEI_CONSOLE_ADDR`` from a background thread of the process that
owns the App (the single server process, or worker 0 of ``zhenwei serve`` with workers).

waitress (pure-Python production WSGI server: a bounded pool of request threads, request
size and time limits, no C build, no fork) rather than werkzeug's development server. It does
not terminate TLS: put a TLS proxy in front (``ZHENWEI_CONSOLE_TRUSTED_PROXY`` makes a request
it forwards as https get a Secure cookie; ``ZHENWEI_CONSOLE_SECURE_COOKIE`` forces it).
The event loop runs in this module's thread, which also closes its sockets, so stopping never
races the poll.
"""
from __future__ import annotations

import ipaddress
import logging
import threading

from waitress import wasyncore
from waitress.server import create_server

from service.console.web import create_console
from service.domain.errors import InvalidArgument

log = logging.getLogger("zhenwei.console")

#: Request threads of the console (people, not platforms: a few at a time).
THREADS = 8


class ConsoleServer:
    def __init__(self, app, settings, clock=None):
        self.settings = settings
        self.wsgi = create_console(app, settings, clock=clock)
        host, _, port = settings.console_addr.rpartition(":")
        kw = {}
        if settings.console_trusted_proxy:
            kw.update(trusted_proxy=settings.console_trusted_proxy, trusted_proxy_count=1,
                      trusted_proxy_headers={"x-forwarded-proto", "x-forwarded-for"},
                      clear_untrusted_proxy_headers=True)
        try:
            self._server = create_server(self.wsgi, host=host.strip("[]"), port=int(port), threads=THREADS,
                                         ident="zhenwei-console", max_request_body_size=256 * 1024,
                                         channel_timeout=60, expose_tracebacks=False, **kw)
        except OSError as exc:
            raise InvalidArgument(f"ZHENWEI_CONSOLE_ADDR: cannot bind {settings.console_addr}: "
                                  f"{exc.strerror or exc}") from None
        self.host = host
        self.port: int = int(self._server.effective_port)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> "ConsoleServer":
        self._thread = threading.Thread(target=self._loop, name="console", daemon=True)
        self._thread.start()
        bare = self.host.strip("[]")
        try:
            loopback = ipaddress.ip_address(bare).is_loopback
        except ValueError:
            loopback = bare == "localhost"
        if not loopback and not (self.settings.console_secure_cookie or self.settings.console_trusted_proxy):
            log.warning("console on %s without a TLS proxy: passwords and session cookies cross the network "
                        "in clear; put a TLS proxy in front (ZHENWEI_CONSOLE_TRUSTED_PROXY)", self.host)
        log.info("reviewer console on %s:%d", self.host, self.port)
        return self

    def _loop(self) -> None:
        srv = self._server
        try:
            while not self._stop.is_set() and srv._map:
                wasyncore.loop(timeout=0.2, map=srv._map, use_poll=srv.adj.asyncore_use_poll, count=1)
        finally:
            srv.task_dispatcher.shutdown(timeout=5)
            wasyncore.close_all(srv._map)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        else:
            wasyncore.close_all(self._server._map)
