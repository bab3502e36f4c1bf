#!/usr/bin/env python3
"""Throughput and latency of SubmitCredential (in-process) against a large embedded registry.

    .venv/bin/python bench/credential_throughput.py                     # 1,000,000 rows, SQLite
    .venv/bin/python bench/credential_throughput.py --rows 100000 --submissions 2000
    .venv/bin/python bench/credential_throughput.py --database-url postgresql://postgres@127.0.0.1:5432/zw_bench

Builds a roster of ``--rows`` 证券从业人员执业编号 (S + 13 digits) through the real
import path (``LocalRegistry.import_roster``: validation, keyed hash, AES-GCM, upsert),
then times ``CredentialVerifier.submit`` for ``--submissions`` requests: 80 % listed
numbers with the right holder (VERIFIED), 10 % unlisted (NEEDS_REVIEW), 10 % with a
wrong holder (REJECTED), each from a distinct account. Prints a Markdown section and,
with ``--append``, appends it to bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import io
import os
import platform
import random
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.config import Settings  # noqa: E402
from service.credentials.base import CredentialType  # noqa: E402
from service.credentials.models import Status, Submission  # noqa: E402
from service.credentials.verifier import CredentialVerifier  # noqa: E402
from service.domain.models import Domain  # noqa: E402
from service.store import open_store  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def number(i: int) -> str:
    return f"S{i:013d}"


def holder(i: int) -> str:
    rnd = random.Random(i)
    return rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN)


def roster_lines(rows: int):
    yield "number,holder_name,organization,status,valid_until\n"
    for i in range(rows):
        status = "revoked" if i % 50 == 0 else "valid"
        yield f"{number(i)},{holder(i)},某证券股份有限公司,{status},2029-12-31\n"


def percentile(sorted_ms: list[float], p: float) -> float:
    k = max(0, min(len(sorted_ms) - 1, round(p / 100 * len(sorted_ms) + 0.5) - 1))
    return sorted_ms[k]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--submissions", type=int, default=5_000)
    ap.add_argument("--database-url", default="", help="default: a fresh SQLite file in a temp folder")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--append", action="store_true", help="append the section to bench/RESULTS.md")
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="zw-bench-")
    url = args.database_url or f"sqlite:///{tmp.name}/bench.sqlite3"
    settings = Settings(database_url=url, secret_key="bench-secret")
    store = open_store(url)
    verifier = CredentialVerifier(store, settings)
    ctype = CredentialType.CN_SAC_PRACTITIONER

    t0 = time.perf_counter()
    report = verifier.local.import_roster(ctype, roster_lines(args.rows), "bench-roster.csv", batch_size=10_000)
    import_s = time.perf_counter() - t0
    assert report.added == args.rows and not report.rejected, report.summary()
    assert store.credentials.registry_count(ctype.value) == args.rows

    rnd = random.Random(args.seed)
    requests = []
    for k in range(args.submissions):
        i = rnd.randrange(args.rows)
        while i % 50 == 0:
            i = rnd.randrange(args.rows)
        roll = rnd.random()
        if roll < 0.8:
            requests.append((number(i), holder(i)))
        elif roll < 0.9:
            requests.append((number(args.rows + k), holder(i)))  # not listed
        else:
            requests.append((number(i), "冒名顶替"))  # wrong holder
    for k in range(200):  # warm-up (connections, caches), not timed; numbers outside the timed set
        verifier.submit(Submission(f"warm-{k}", Domain.FINANCE, ctype, number(2 * args.rows + k), holder(k)))

    latencies = []
    outcomes: dict[str, int] = {}
    t0 = time.perf_counter()
    for k, (n, h) in enumerate(requests):
        s = Submission(f"acct-{k}", Domain.FINANCE, ctype, n, h)
        started = time.perf_counter()
        v = verifier.submit(s)
        latencies.append((time.perf_counter() - started) * 1000)
        outcomes[v.status.value] = outcomes.get(v.status.value, 0) + 1
    wall = time.perf_counter() - t0
    latencies.sort()
    assert outcomes.get(Status.VERIFIED.value, 0) > 0.7 * args.submissions

    dialect = store.dialect
    store.close()
    tmp.cleanup()
    p50, p95, p99 = (percentile(latencies, p) for p in (50, 95, 99))
    command = ".venv/bin/python bench/credential_throughput.py " + " ".join(
        shlex.quote(a) for a in sys.argv[1:] if a != "--append")
    section = io.StringIO()
    w = section.write
    w(f"## Credential verification: SubmitCredential against a {args.rows:,}-row registry ({dialect})\n\n")
    w(f"Command: `{command.strip()}`\n\n")
    w(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
      f"{platform.system()} {platform.release()}\n\n")
    w(f"- registry import (validate, HMAC, AES-GCM, upsert): {args.rows:,} rows in {import_s:.1f} s "
      f"({args.rows / import_s:,.0f} rows/s)\n")
    w(f"- submissions: {args.submissions:,} in {wall:.2f} s = {args.submissions / wall:,.0f}/s, one thread; "
      f"outcomes {', '.join(f'{k} {v}' for k, v in sorted(outcomes.items()))}\n")
    w(f"- latency per SubmitCredential (ms): p50 {p50:.2f}, p95 {p95:.2f}, **p99 {p99:.2f}**, "
      f"max {latencies[-1]:.2f}, mean {statistics.fmean(latencies):.2f}\n")
    w(f"- target p99 ≤ 5 ms in-process: {'met' if p99 <= 5 else 'NOT met'}\n\n")
    print(section.getvalue())
    if args.append:
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as f:
            f.write(section.getvalue())
    return 0 if p99 <= 5 else 1


if __name__ == "__main__":
    sys.exit(main())
