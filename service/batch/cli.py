"""``zhenwei batch`` (registered by :mod:`service.cli`).

    zhenwei batch screen IN OUT [--workers N] [--chunk-size N] [--restart] [--progress auto|bar|log|none]
    zhenwei batch reverify [--now ISO] [--batch-size N] [--max N] [--json]

IN and OUT are ``.jsonl``/``.ndjson``, ``.csv`` or ``.parquet``/``.pq`` (each by its extension).
Exit status: 0 every row screened, 1 finished with rows in ``OUT.rejects.jsonl``, 2 an error
(nothing lost: run the same command again to resume).
"""
from __future__ import annotations

import argparse
import json
import logging
import sys

from service.credentials.cli import iso_time


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def cmd_batch_screen(args) -> int:
    from service.batch.job import JobConfig, format_summary, run
    from service.config import Settings

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    cfg = JobConfig(input=args.input, output=args.output, workers=args.workers or 0, chunk_size=args.chunk_size,
                    restart=args.restart, progress=args.progress, progress_interval_s=args.progress_interval)
    try:
        summary = run(cfg, Settings.from_env())
    except KeyboardInterrupt:
        print("zhenwei: interrupted; committed chunks are kept: run the same command again to resume",
              file=sys.stderr)
        return 130
    print(format_summary(summary), file=sys.stderr)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 1 if summary["rows_rejected"] else 0


def cmd_batch_reverify(args) -> int:
    import dataclasses as _dc

    from service.batch.reverify import reverify

    app = args.make_app()
    try:
        def progress(total, seconds):
            rate = total.checked / seconds if seconds > 0 else 0.0
            print(f"reverify: {total.checked} checked ({rate:.0f}/s): {total.summary()}", file=sys.stderr)

        report = reverify(app.credentials, now=args.now, batch_size=args.batch_size, max_rows=args.max,
                          progress=None if args.quiet else progress)
        print(f"reverify done: {report.summary()}", file=sys.stderr)
        if args.json:
            print(json.dumps(_dc.asdict(report), ensure_ascii=False))
        return 0
    finally:
        app.close()


def add_arguments(sub) -> None:
    p = sub.add_parser("batch", help="screen profile files (JSONL, CSV, Parquet) on all cores, resumably")
    bsub = p.add_subparsers(dest="batch_command", required=True)
    s = bsub.add_parser(
        "screen", help="screen every profile in IN and write the results to OUT",
        description="Screens IN (columns account_id, name, bio, optional avatar_path relative to IN's folder) "
                    "into OUT, in the family of OUT's extension. Rows that cannot be screened go to "
                    "OUT.rejects.jsonl with their row and line number and the reason; counts go to "
                    "OUT.summary.json. Killed, the same command resumes from the last committed chunk.")
    s.add_argument("input", metavar="IN")
    s.add_argument("output", metavar="OUT")
    s.add_argument("--workers", type=_positive, default=None, help="worker processes (default: all cores)")
    s.add_argument("--chunk-size", type=_positive, default=1000,
                   help="rows per committed chunk (default 1000; part of the resume key)")
    s.add_argument("--restart", action="store_true",
                   help="discard an unfinished run of this OUT and start over")
    s.add_argument("--progress", choices=["auto", "bar", "log", "none"], default="auto",
                   help="auto: a bar on a terminal, log lines otherwise")
    s.add_argument("--progress-interval", type=float, default=10.0, metavar="S",
                   help="seconds between progress log lines (default 10)")
    s.add_argument("--json", action="store_true", help="also print the summary JSON on stdout")
    s.set_defaults(func=cmd_batch_screen)
    r = bsub.add_parser(
        "reverify", help="re-verify every credential whose next check is due (registries, expiry)",
        description="Walks the credentials whose next check is due, re-checks them against the registries, "
                    "expires, suspends or revokes what lapsed (each change emits its event) and reports the "
                    "counts. Each credential is committed on its own: killed, the same command goes on with "
                    "those still due.")
    r.add_argument("--now", type=iso_time, default=None, help="ISO time to act as now (default: the current time)")
    r.add_argument("--batch-size", type=_positive, default=500, help="credentials per batch (default 500)")
    r.add_argument("--max", type=_positive, default=None, help="stop after this many credentials")
    r.add_argument("--quiet", action="store_true", help="no progress lines")
    r.add_argument("--json", action="store_true", help="print the counts as JSON on stdout")
    r.set_defaults(func=cmd_batch_reverify)
