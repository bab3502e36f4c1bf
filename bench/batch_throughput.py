#!/usr/bin/env python3
"""Throughput of ``zhenwei batch screen`` with 1 and 2 worker processes, full bundled lexicons.

    .venv/bin/python bench/batch_throughput.py                       # 20,000 rows, workers 1 and 2
    .venv/bin/python bench/batch_throughput.py --rows 5000 --workers 1 2

Generates ``--rows`` profiles deterministically (seed 2026): a name of 2–8 characters (one in
five a bundled entity name, one in twenty of those with one character swapped for a common
one; the rest ordinary given-name characters) and a 100-character bio of ordinary text, one
in ten mentioning a bundled entity. Runs the real job (process pool, JSONL in, JSONL out,
temporary SQLite store) once per worker count and reports:

- wall rows/s: every row over the whole run, engine loading included;
- steady rows/s: rows committed between the first and the last chunk commit, over that time
  (the engine load in each worker excluded);
- CPU ms/row: the workers' process CPU time per row; 1000 / that is the rate one core sustains
  when nothing else competes for it;
- RSS per worker after the run (engine, store and image stack loaded).

The machine load average is printed with the results: on a shared machine the wall-clock
rates fall with it; the CPU figure does not.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.batch.job import JobConfig, run  # noqa: E402
from service.config import Settings  # noqa: E402

GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华晨宇欣怡子涵浩然梓萱思远雨桐"
PROSE = ("喜欢旅游摄影美食和读书，平时分享生活日常与一些小技巧，欢迎大家关注交流，周末常去公园跑步，"
         "也会记录家里猫咪的成长，偶尔写写诗，希望每天都开心，工作之余学习做饭和画画，感谢每一位朋友的支持")


def entity_names(lexicon_dir: Path) -> list[str]:
    names = []
    for path in sorted((lexicon_dir / "entities").glob("*.tsv")):
        with open(path, encoding="utf-8") as fh:
            header = None
            for line in fh:
                if line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if header is None:
                    header = cols
                    continue
                names.append(cols[header.index("name")])
    return names


def generate(path: Path, rows: int, lexicon_dir: Path, seed: int = 2026) -> None:
    rng = random.Random(seed)
    prose = PROSE * 3
    entities = entity_names(lexicon_dir)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(rows):
            if rng.random() < 0.2:
                name = rng.choice(entities)[:20]
                if rng.random() < 0.05 and len(name) > 2:
                    k = rng.randrange(len(name))
                    name = name[:k] + rng.choice(GIVEN) + name[k + 1:]
            else:
                name = "".join(rng.choice(GIVEN) for _ in range(rng.randint(2, 8)))
            start = rng.randrange(len(PROSE))
            bio = prose[start:start + 100]
            if rng.random() < 0.1:
                ent = rng.choice(entities)[:12]
                k = rng.randrange(100 - len(ent))
                bio = bio[:k] + ent + bio[k + len(ent):]
            fh.write(json.dumps({"account_id": f"bench-{i:07d}", "name": name, "bio": bio[:100]},
                                ensure_ascii=False) + "\n")


def measure(inp: Path, workdir: Path, workers: int, chunk_size: int, lexicon_dir: str) -> dict:
    out = workdir / f"out-{workers}.jsonl"
    settings = Settings(lexicon_dir=lexicon_dir, database_url=f"sqlite:///{workdir / f'bench-{workers}.sqlite3'}",
                        secret_key="bench", avatar_ocr=False)
    commits: list[tuple[float, int]] = []
    t0 = time.monotonic()
    summary = run(JobConfig(inp, out, workers=workers, chunk_size=chunk_size, progress="none", restart=True),
                  settings, on_chunk=lambda info: commits.append((time.monotonic(), info["rows"])))
    wall = time.monotonic() - t0
    commits.sort()
    steady_rows = sum(r for _, r in commits[1:])
    steady_s = commits[-1][0] - commits[0][0] if len(commits) > 1 else 0.0
    return {"workers": workers, "rows": summary["rows_in"], "wall_s": wall, "wall_rps": summary["rows_in"] / wall,
            "steady_rps": steady_rows / steady_s if steady_s else float("nan"),
            "cpu_ms_per_row": 1000 * summary["worker_cpu_s"] / summary["rows_in"],
            "rss_mib": summary["worker_rss_max_mib"], "decisions": summary["decisions"],
            "lexicon_version": summary["lexicon_version"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--chunk-size", type=int, default=500)
    ap.add_argument("--lexicon-dir", default=Settings().lexicon_dir)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="zw-batch-bench-") as tmp:
        tmp = Path(tmp)
        inp = tmp / "profiles.jsonl"
        generate(inp, args.rows, Path(args.lexicon_dir))
        load_before = os.getloadavg()
        results = [measure(inp, tmp, w, args.chunk_size, args.lexicon_dir) for w in args.workers]
        load_after = os.getloadavg()
    print(f"{args.rows:,} profiles (name + 100-character bio), full bundled lexicons "
          f"{results[0]['lexicon_version']}, chunk {args.chunk_size}, {os.cpu_count()} CPUs, "
          f"load average {load_before[0]:.1f} before / {load_after[0]:.1f} after")
    print(f"decisions: {results[0]['decisions']}")
    print("| workers | wall s | wall rows/s | steady rows/s | CPU ms/row | 1 core (CPU) rows/s | RSS/worker MiB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(f"| {r['workers']} | {r['wall_s']:.1f} | {r['wall_rps']:,.0f} | {r['steady_rps']:,.0f} | "
              f"{r['cpu_ms_per_row']:.3f} | {1000 / r['cpu_ms_per_row']:,.0f} | {r['rss_mib']:.0f} |")
    if len(results) > 1:
        base = results[0]
        for r in results[1:]:
            print(f"scaling {base['workers']} → {r['workers']} workers: steady "
                  f"{r['steady_rps'] / base['steady_rps']:.2f}×, wall {r['wall_rps'] / base['wall_rps']:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
