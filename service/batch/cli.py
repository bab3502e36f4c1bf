"""``zhenwei batch`` (registered by :mod:`service.cli`).

    zhenwei batch screen IN OUT [--workers N] [--chunk-size N] [--restart] [--progress auto|bar|log|none]
                                [--only-changed PREV [--check-share F]]
    zhenwei batch whatif --draft ID IN [--out REPORT.jsonl] [--sample N] [--json]
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
                    restart=args.restart, progress=args.progress, progress_interval_s=args.progress_interval,
                    only_changed=args.only_changed, check_share=args.check_share)
    try:
        summary = run(cfg, Settings.from_env())
    except KeyboardInterrupt:
        print("zhenwei: interrupted; committed chunks are kept: run the same command again to resume",
              file=sys.stderr)
        return 130
    print(format_summary(summary), file=sys.stderr)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    if (summary.get("only_changed") or {}).get("check_mismatches"):
        return 2
    return 1 if summary["rows_rejected"] else 0


def cmd_batch_whatif(args) -> int:
    from service.batch.whatif import format_whatif, run_whatif
    from service.lexicon.draft import parse_draft_id

    app = args.make_app()
    try:
        summary = run_whatif(app, parse_draft_id(args.draft), args.input, args.out, args.sample)
    finally:
        app.close()
    print(format_whatif(summary), file=sys.stderr)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


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
    s.add_argument("--only-changed", metavar="PREV", default=None,
                   help="an earlier run's OUT over the same IN: copy its results for rows the lexicon change "
                        "since then cannot affect, screen the rest (the rule: service/batch/changes.py)")
    s.add_argument("--check-share", type=float, default=0.02, metavar="F",
                   help="with --only-changed: share of copyable rows screened anyway to check the rule "
                        "(default 0.02; at least one per chunk)")
    s.set_defaults(func=cmd_batch_screen)
    w = bsub.add_parser(
        "whatif", help="what a lexicon draft would change: screen IN under the live lexicon and under live + draft",
        description="Screens every row of IN twice, under the live lexicon and under the live lexicon with the "
                    "draft applied, and reports each row whose decision, findings or required credentials differ: "
                    "counts by kind, decision change and category, a sample, and (--out) every such row as JSONL.")
    w.add_argument("input", metavar="IN")
    w.add_argument("--draft", required=True, metavar="ID", help="the draft (zhenwei lexicon draft list)")
    w.add_argument("--out", default=None, metavar="REPORT", help="write every differing row here (JSONL)")
    w.add_argument("--sample", type=int, default=20, metavar="N", help="differing rows to show (default 20)")
    w.add_argument("--json", action="store_true", help="also print the summary JSON on stdout")
    w.set_defaults(func=cmd_batch_whatif)
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
