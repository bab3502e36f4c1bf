#!/usr/bin/env python3
"""Throughput of the ``ScreenProfiles`` streaming RPC from one client (issue 10).

    .venv/bin/python bench/stream_throughput.py                      # 20,000 profiles, 1 and 2 workers
    .venv/bin/python bench/stream_throughput.py --rows 5000 --workers 1 --streams 1 2

The profiles are the batch benchmark's (``bench/batch_throughput.py``, seed 2026: names of 2–8
characters, one in five a bundled entity name, 100-character bios). A real server is started
(``zhenwei serve``, temporary SQLite store, ``ZHENWEI_WORKERS`` as given) and one client process
sends them over ``--streams`` concurrent streams (each on its own channel, so that with several
workers the kernel spreads them), reading the answers as they come. Reported per run: profiles/s
over the whole send (first request to last answer), the client's CPU share, and the decisions;
every answer is checked to carry its request's ``account_id`` in order.

The client runs on the same cores as the server: on a 2-core machine the figure is what one
client gets while it also costs CPU itself.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import grpc  # noqa: E402

from batch_throughput import generate  # noqa: E402
from service.api.gen.impersonation.v1 import screening_pb2, screening_pb2_grpc  # noqa: E402
from service.config import Settings  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(path: Path) -> list[screening_pb2.ScreenProfileRequest]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            out.append(screening_pb2.ScreenProfileRequest(profile=screening_pb2.Profile(
                account_id=r["account_id"], name=r["name"], bio=r["bio"])))
    return out


def run_streams(address: str, token: str, requests, streams: int) -> tuple[float, Counter, float]:
    parts = [requests[i::streams] for i in range(streams)]
    decisions: Counter = Counter()
    errors: list[str] = []
    lock = threading.Lock()

    def one(part):
        ch = grpc.insecure_channel(address, options=[("grpc.use_local_subchannel_pool", 1)])
        stub = screening_pb2_grpc.ScreeningServiceStub(ch)
        got = Counter()
        try:
            answers = stub.ScreenProfiles(iter(part), metadata=[("authorization", f"Bearer {token}")], timeout=3600)
            for q, a in zip(part, answers):
                if a.account_id != q.profile.account_id or a.status.code:
                    errors.append(f"{q.profile.account_id}: {a.account_id} {a.status.message}")
                got[screening_pb2.Decision.Name(a.decision)] += 1
        finally:
            ch.close()
        with lock:
            decisions.update(got)

    cpu0 = time.process_time()
    t0 = time.perf_counter()
    threads = [threading.Thread(target=one, args=(p,)) for p in parts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    if errors:
        raise SystemExit(f"{len(errors)} answers out of order or failed, e.g. {errors[:3]}")
    return wall, decisions, (time.process_time() - cpu0) / wall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--streams", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="zw-stream-"))
    inp = tmp / "profiles.jsonl"
    generate(inp, args.rows, Path(Settings().lexicon_dir))
    requests = load(inp)
    print(f"{len(requests)} profiles (names + 100-character bios), load average {os.getloadavg()[0]:.2f}")
    print(f"{'workers':>7} {'streams':>7} {'profiles/s':>11} {'wall s':>7} {'client CPU':>10}  decisions")
    for workers in args.workers:
        port = free_port()
        db = tmp / f"s{workers}.sqlite3"
        env = dict(os.environ, ZHENWEI_LISTEN_ADDR=f"127.0.0.1:{port}", ZHENWEI_DATABASE_URL=f"sqlite:///{db}",
                   ZHENWEI_WORKERS=str(workers), ZHENWEI_LOG_LEVEL="WARNING", ZHENWEI_ACCESS_LOG="0",
                   ZHENWEI_SECRET_KEY="bench-secret", ZHENWEI_BOOTSTRAP_ADMIN_TOKEN="0")
        token = subprocess.run([sys.executable, "-m", "service", "token", "create", "--role", "screening",
                                "--name", "bench-stream"], env=env, cwd=ROOT, capture_output=True, text=True,
                               check=True).stdout.strip()
        proc = subprocess.Popen([sys.executable, "-m", "service", "serve"], cwd=ROOT, env=env,
                                stderr=subprocess.DEVNULL)
        try:
            grpc.channel_ready_future(grpc.insecure_channel(f"127.0.0.1:{port}")).result(timeout=180)
            time.sleep(2 * workers)  # every worker serving
            run_streams(f"127.0.0.1:{port}", token, requests[:500], 1)  # warm-up
            for streams in args.streams:
                wall, decisions, client_cpu = run_streams(f"127.0.0.1:{port}", token, requests, streams)
                print(f"{workers:>7} {streams:>7} {len(requests) / wall:>11.0f} {wall:>7.1f} {client_cpu:>10.2f}  "
                      f"{dict(sorted(decisions.items()))}")
        finally:
            proc.terminate()
            proc.wait(timeout=120)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
