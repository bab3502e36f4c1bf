"""Several worker processes on one port: the supervisor of ``zhenwei serve`` when
``ZHENWEI_WORKERS`` > 1.

One Python process cannot use more than one core for CPU-bound screening, so the supervisor
starts ``workers`` processes (``python -m service.api.worker``), each with its own engines and
its own gRPC server bound to the same port with ``SO_REUSEPORT`` (the pattern of gRPC's
multiprocessing example: the supervisor reserves the port with a bound, non-listening socket
and the kernel spreads incoming connections over the workers' listeners). They share the store;
each polls it for lexicon and reference-bank changes (hot reload per worker).

The supervisor itself stays small: it creates the first admin token once, before any worker
starts; serves the aggregate metrics (prometheus multiprocess mode, in a temporary folder it
removes at exit); restarts a worker that dies; and on SIGTERM/SIGINT sends SIGTERM to every
worker, waits for their graceful stops and logs its last line.

Workers are started with ``subprocess`` (fork + exec), never forked with gRPC or threads
alive. A worker stops by itself when its supervisor is gone.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from service.config import Settings
from service.ops import metrics as opmetrics
from service.ops.logging import set_process_fields

log = logging.getLogger("zhenwei.supervisor")

#: The server's wait for calls that outlive the grace (``service.api.server.STOP_WAIT_S``; not
#: imported, to keep gRPC and the engines out of the supervisor).
STOP_WAIT_S = 30.0
#: Beyond the grace period and the server's own stop wait: how long workers get to exit.
EXIT_MARGIN_S = 15.0
#: A worker that exits this soon after starting, this many times in a row, is not restarted.
CRASH_WINDOW_S = 30.0
MAX_QUICK_CRASHES = 5


def settings_env(settings: Settings) -> dict[str, str]:
    """The settings as ``ZHENWEI_*`` variables (what a worker reads back)."""
    env = {}
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        env["ZHENWEI_" + f.name.upper()] = ("1" if value else "0") if isinstance(value, bool) else str(value)
    return env


def reserve_port(listen_addr: str) -> tuple[socket.socket, str, int]:
    """Binds (without listening) a SO_REUSEPORT socket on ``listen_addr``: the workers bind the
    same port; port 0 picks a free one. Returns the socket, the host and the port."""
    host, _, port = listen_addr.rpartition(":")
    bare = host.strip("[]")
    if bare in ("*", "") or ":" in bare:
        family, bind_host = socket.AF_INET6, ("::" if bare in ("*", "") else bare)
    else:
        family, bind_host = socket.AF_INET, bare
        if not bare.replace(".", "").isdigit():
            bind_host = socket.gethostbyname(bare)
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    if sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 0:
        raise RuntimeError("SO_REUSEPORT is not available: run with ZHENWEI_WORKERS=1")
    sock.bind((bind_host, int(port)))
    return sock, host, sock.getsockname()[1]


class Worker:
    def __init__(self, index: int):
        self.index = index
        self.proc: subprocess.Popen | None = None
        self.ready_r: int | None = None
        self.ready = False
        self.started = 0.0
        self.quick_crashes = 0
        self._buf = b""

    def spawn(self, env: dict[str, str]) -> None:
        r, w = os.pipe()
        cmd = [sys.executable, "-m", "service.api.worker", "--index", str(self.index), "--ready-fd", str(w),
               "--parent", str(os.getpid())]
        self.proc = subprocess.Popen(cmd, env=env, pass_fds=(w,), stdin=subprocess.DEVNULL)
        os.close(w)
        self.ready_r, self.ready, self.started, self._buf = r, False, time.monotonic(), b""

    def read_ready(self) -> str | None:
        """The worker's status line once written (``ready …`` or ``fail …``), else None."""
        if self.ready_r is None:
            return None
        chunk = os.read(self.ready_r, 4096)
        if not chunk:  # closed without a line: the worker died
            self._close_pipe()
            return "fail exited before it was ready"
        self._buf += chunk
        if b"\n" not in self._buf:
            return None
        line = self._buf.split(b"\n", 1)[0].decode("utf-8", "replace")
        self._close_pipe()
        return line

    def _close_pipe(self) -> None:
        if self.ready_r is not None:
            os.close(self.ready_r)
            self.ready_r = None

    @property
    def pid(self) -> int:
        return self.proc.pid if self.proc else 0

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


def supervise(settings: Settings) -> int:
    """Runs the workers until SIGTERM/SIGINT; returns the exit status."""
    set_process_fields(role="supervisor")
    stop = threading.Event()

    def on_signal(signum, _frame):
        if not stop.is_set():
            log.info("signal %s: stopping %d workers gracefully", signal.Signals(signum).name, settings.workers)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    try:
        sock, host, port = reserve_port(settings.listen_addr)
    except (OSError, RuntimeError) as exc:
        log.critical("cannot bind %s: %s; refusing to start", settings.listen_addr, exc)
        return 2
    if settings.bootstrap_admin_token:
        from service.domain.errors import ZhenweiError
        from service.ops.bootstrap import bootstrap

        try:
            bootstrap(settings)
        except ZhenweiError as exc:
            log.critical("first-start bootstrap failed: %s; refusing to start", exc)
            sock.close()
            return 2

    workers = [Worker(i) for i in range(settings.workers)]
    restarts = [0]
    prom_dir = None
    sup_metrics = None
    env = dict(os.environ)
    env.update(settings_env(dataclasses.replace(settings, workers=1, bootstrap_admin_token=False,
                                                metrics_addr="", listen_addr=f"{host}:{port}")))
    env.setdefault("GRPC_VERBOSITY", "ERROR")  # gRPC's C core writes plain lines on stderr
    if settings.metrics_addr:
        prom_dir = tempfile.mkdtemp(prefix="zhenwei-metrics-")
        os.environ[opmetrics.MULTIPROC_ENV] = env[opmetrics.MULTIPROC_ENV] = prom_dir
        sup_metrics = opmetrics.SupervisorMetrics(
            lambda: (len(workers), sum(w.alive() for w in workers), restarts[0]))
        try:
            sup_metrics.serve(settings.metrics_addr)
        except OSError as exc:
            log.critical("cannot serve metrics on %s: %s; refusing to start", settings.metrics_addr, exc)
            shutil.rmtree(prom_dir, ignore_errors=True)
            sock.close()
            return 2
    status = 0
    try:
        for w in workers:
            w.spawn(env)
        status = _run(workers, stop, settings, host, port, env, restarts, sup_metrics)
    finally:
        codes = _stop_all(workers, settings)
        if sup_metrics is not None:
            for w in workers:
                sup_metrics.process_dead(w.pid)
            sup_metrics.close()
        if prom_dir:
            shutil.rmtree(prom_dir, ignore_errors=True)
        sock.close()
        log.info("stopped: %d workers exited (exit codes %s)", len(workers), codes)
        logging.shutdown()
    return status


def _run(workers, stop, settings, host, port, env, restarts, sup_metrics) -> int:
    announced = False
    while not stop.is_set():
        pending = {w.ready_r: w for w in workers if w.ready_r is not None}
        if pending:
            try:
                readable, _, _ = select.select(list(pending), [], [], 0.5)
            except InterruptedError:
                readable = []
            for fd in readable:
                w = pending[fd]
                line = w.read_ready()
                if line is None:
                    continue
                if line.startswith("ready"):
                    w.ready = True
                else:
                    reason = line.removeprefix("fail").strip() or "unknown"
                    if not announced:  # at start: one failing worker fails the whole server
                        log.critical("worker %d failed to start: %s", w.index, reason)
                        return 2
                    log.error("restarted worker %d failed to start: %s", w.index, reason)
        else:
            stop.wait(0.5)
        if not announced and all(w.ready for w in workers):
            announced = True
            log.info("serving on %s:%d with %d worker processes (pids %s)", host, port, len(workers),
                     ", ".join(str(w.pid) for w in workers))
        for w in workers:
            if stop.is_set() or w.alive() or w.proc is None:
                continue
            code = w.proc.returncode
            log.error("worker %d (pid %d) exited unexpectedly with status %s", w.index, w.pid, code)
            if sup_metrics is not None:
                sup_metrics.process_dead(w.pid)
            w.quick_crashes = w.quick_crashes + 1 if time.monotonic() - w.started < CRASH_WINDOW_S else 0
            if w.quick_crashes >= MAX_QUICK_CRASHES:
                log.critical("worker %d keeps crashing; stopping the server", w.index)
                return 1
            w._close_pipe()
            w.spawn(env)
            restarts[0] += 1
            log.info("restarted worker %d (pid %d)", w.index, w.pid)
    return 0


def _stop_all(workers, settings) -> list:
    for w in workers:
        if w.alive():
            try:
                w.proc.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + settings.grace_period_s + STOP_WAIT_S + EXIT_MARGIN_S
    codes = []
    for w in workers:
        if w.proc is None:
            codes.append(None)
            continue
        try:
            w.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log.error("worker %d (pid %d) did not stop in time: killing it", w.index, w.pid)
            w.proc.kill()
            w.proc.wait()
        w._close_pipe()
        codes.append(w.proc.returncode)
    return codes
