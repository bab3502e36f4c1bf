#!/usr/bin/env python3
"""Review queue at scale: ListCases / GetCase latency at 100,000 open cases, and what opening a
case adds to a REJECT screening.

    .venv/bin/python bench/review_queue.py [--cases 100000] [--queries 300] [--db sqlite|postgres]

Fills a fresh store (SQLite temp file, or a fresh PostgreSQL database on 127.0.0.1) with
``--cases`` open cases spread over kinds, categories, platforms and 90 days of age (rows
written in bulk through the repository's INSERT), then times the domain calls the console and
the RPCs make: the oldest page, filtered pages (status, kind, category, min age, assignee,
claimed), a deep keyset page, a case by id, the queue counts. Then, in-process, it times
ScreenProfile-equivalent ``Screener.screen`` of a REJECT profile with and without opening the
case (a new account each time, so every call opens one).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.config import Settings  # noqa: E402
from service.review.models import CaseFilter, CaseKind, CaseStatus  # noqa: E402
from service.review.service import ReviewService, _ts  # noqa: E402
from service.store import open_store  # noqa: E402
from service.store.review_repo import StoredCase  # noqa: E402

CATEGORIES = ["PARTY_GOVERNMENT", "NEWS_MEDIA", "REGION", "PUBLIC_INSTITUTION", "MILITARY", "CLOSED_ACCOUNT"]


def fill(store, n: int, now: dt.datetime) -> list[str]:
    rng = random.Random(7)
    snapshot = json.dumps({"name": "人民曰报", "bio": "权威发布" * 10, "findings": [
        {"category": "NEWS_MEDIA", "entity_id": "media.peoples-daily", "substitutions": [
            {"found": "曰", "expected": "日", "technique": "HOMOGLYPH", "position": 2}], "techniques": ["HOMOGLYPH"]}]},
        ensure_ascii=False)
    ids, rows = [], []
    cols = [f for f in StoredCase.__dataclass_fields__]
    for i in range(n):
        created = now - dt.timedelta(seconds=rng.randrange(90 * 86400))
        kind = rng.choices(["SCREENING", "CREDENTIAL", "REPORT", "APPEAL"], [80, 8, 10, 2])[0]
        case_id = uuid.uuid4().hex
        ids.append(case_id)
        leased = rng.random() < 0.02
        rows.append(StoredCase(
            id=case_id, dedupe_key=uuid.uuid4().hex, kind=kind, status=rng.choices(
                ["OPEN", "ESCALATED", "PENDING_SECOND"], [90, 5, 5])[0], account_id=f"acc-{i}",
            platform=f"plat-{i % 5}", category=rng.choice(CATEGORIES), entity_id="media.peoples-daily",
            snapshot=snapshot, lexicon_version="v1", created_at=_ts(created), updated_at=_ts(created),
            deadline_at=_ts(created + dt.timedelta(hours=72)) if kind in ("REPORT", "APPEAL") else "",
            assignee=f"reviewer-{i % 20}" if leased else "",
            lease_until=_ts(now + dt.timedelta(minutes=10)) if leased else "", pending="", pending_by="",
            decision="", decided_by="", confirmed_by="", effects="{}", related_case_id="", verification_id="",
            decided_at="", version=1))
        if len(rows) == 5000:
            _write(store, rows, cols)
            rows = []
    if rows:
        _write(store, rows, cols)
    return ids


def _write(store, rows, cols) -> None:
    marks = ", ".join("?" * len(cols))
    with store.db.transaction():
        store.db.executemany(f"INSERT INTO review_cases ({', '.join(cols)}) VALUES ({marks})",
                             [[getattr(r, c) for c in cols] for r in rows])
    if store.dialect == "postgres":
        store.db.execute("ANALYZE review_cases")


def timed(fn, n: int) -> dict:
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return {"p50_ms": round(statistics.median(samples), 2), "p99_ms": round(samples[int(0.99 * (len(samples) - 1))], 2)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--screen", type=int, default=200, help="REJECT screenings timed with and without cases")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    pg_name = None
    if args.db == "postgres":
        import psycopg

        pg_name = "zw_bench_" + uuid.uuid4().hex[:8]
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{pg_name}"')
        url = f"postgresql://postgres@127.0.0.1:5432/{pg_name}"
    else:
        url = f"sqlite:///{tmp}/bench.sqlite3"
    settings = Settings(database_url=url, secret_key="bench", bootstrap_admin_token=False)
    store = open_store(url)
    now = dt.datetime.now(dt.timezone.utc)
    t = time.perf_counter()
    ids = fill(store, args.cases, now)
    fill_s = time.perf_counter() - t
    desk = ReviewService(store, settings)
    rng = random.Random(1)
    deep = desk.list(CaseFilter(), page_size=500)
    for _ in range(20):  # a page ~10,000 cases deep
        deep = desk.list(CaseFilter(), page_size=500, page_token=deep.next_page_token)
    results = {
        "oldest page (50)": timed(lambda: desk.list(CaseFilter(), 50), args.queries),
        "status=OPEN": timed(lambda: desk.list(CaseFilter(status=CaseStatus.OPEN), 50), args.queries),
        "kind=REPORT": timed(lambda: desk.list(CaseFilter(kind=CaseKind.REPORT), 50), args.queries),
        "category=NEWS_MEDIA, OPEN": timed(lambda: desk.list(CaseFilter(status=CaseStatus.OPEN,
                                                                        category="NEWS_MEDIA"), 50), args.queries),
        "min age 30 days": timed(lambda: desk.list(CaseFilter(min_age_s=30 * 86400), 50), args.queries),
        "assignee=reviewer-3": timed(lambda: desk.list(CaseFilter(assignee="reviewer-3"), 50), args.queries),
        "CLAIMED": timed(lambda: desk.list(CaseFilter(status=CaseStatus.CLAIMED), 50), args.queries),
        "page 10,000 deep": timed(lambda: desk.list(CaseFilter(), 50, deep.next_page_token), args.queries),
        "GetCase": timed(lambda: desk.get(rng.choice(ids)), args.queries),
        "queue counts": timed(lambda: desk.counts(), max(5, args.queries // 30)),
    }
    out = {"db": args.db, "cases": args.cases, "fill_s": round(fill_s, 1), "queries": results}

    if args.screen:
        from service.app import App
        from service.domain.models import Profile

        app = App(replace(settings, database_url=f"sqlite:///{tmp}/screen.sqlite3"))
        try:
            counter = iter(range(10**9))

            def screen_only():
                app.screener.screen(Profile(account_id=f"s-{next(counter)}", name="人民曰报"))

            def screen_and_open():
                p = Profile(account_id=f"s-{next(counter)}", name="人民曰报")
                app.review.open_from_screening(p, app.screener.screen(p), "bench", "bench")

            for fn in (screen_only, screen_and_open):
                timed(fn, 20)  # warm-up
            a = timed(screen_only, args.screen)
            b = timed(screen_and_open, args.screen)
            out["screen REJECT"] = {"without case": a, "with case": b,
                                    "p50 added": f"{(b['p50_ms'] / a['p50_ms'] - 1) * 100:.1f} %"}
        finally:
            app.close()
    store.close()
    if pg_name:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
