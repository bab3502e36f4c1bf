"""One worker process of ``zhenwei serve`` with several workers (started by
:mod:`service.ops.workers`, not by hand): reads its settings from ``ZHENWEI_*``, serves the
supervisor's port with SO_REUSEPORT, writes ``ready <port>`` (or ``fail <reason>``) to the
supervisor's pipe, and stops gracefully on SIGTERM or when the supervisor is gone."""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m service.api.worker")
    ap.add_argument("--index", type=int, required=True)
    ap.add_argument("--ready-fd", type=int, required=True)
    ap.add_argument("--parent", type=int, required=True)
    args = ap.parse_args(argv)
    # until run_server installs its handlers (after the imports): a SIGTERM just ends the process
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    from service.config import Settings
    from service.domain.errors import ZhenweiError
    from service.ops.logging import set_process_fields, setup_logging

    def report(line: str) -> None:
        if args.ready_fd >= 0:
            try:
                os.write(args.ready_fd, (line.replace("\n", " ")[:2000] + "\n").encode())
                os.close(args.ready_fd)
            except OSError:
                pass
            args.ready_fd = -1

    log = logging.getLogger("zhenwei.worker")
    try:
        settings = Settings.from_env()
        setup_logging(settings.log_level, settings.log_format)
        set_process_fields(worker=args.index)
        from service.api.server import run_server

        run_server(settings, reuse_port=True, parent_pid=args.parent,
                   on_ready=lambda server: report(f"ready {server.port}"),
                   console=args.index == 0)  # console: one worker serves ZHENWEI_CONSOLE_ADDR
    except ZhenweiError as exc:
        log.critical("%s", exc)
        report(f"fail {exc}")
        return 2
    except Exception as exc:  # noqa: BLE001 - tell the supervisor, then fail
        log.critical("worker failed: %s", type(exc).__name__, exc_info=True)
        report(f"fail {type(exc).__name__}: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
