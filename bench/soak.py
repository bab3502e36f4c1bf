#!/usr/bin/env python3
"""Soak: ScreenProfile at a fixed share of the knee rate for minutes, against a server this script
starts itself; errors, latency and the server's resident memory over time.

    .venv/bin/python bench/soak.py [--minutes 10] [--knee-rate 1000] [--share 0.7] [--workers 2]

The server is ``zhenwei serve`` in a subprocess, set up as ``bench/load.py`` sets it up (temporary
SQLite store, anonymous screening, bundled lexicons, OCR off, access log on) with ``--workers``
worker processes. The client is *open loop*: requests are sent at ``share × knee-rate`` per
second whatever the answers do (a closed loop would slow down with the server and hide a
degradation), spread over ``--connections`` channels, each with a 10 s deadline; latency is
counted from the moment a request was due, so a client that falls behind shows it as latency.

The knee rate defaults to what ``bench/load.py`` measured on this machine (bench/RESULTS.md,
section 11: throughput flattens at concurrency 8–32, at 0.7–1.3 k answers/s depending on the
neighbours; 840/s is the 2-worker plateau measured right before the soak run, with the machine
otherwise idle: ``bench/load.py --workers 2 --steps 8,32 --step-seconds 4``, 682/s at c = 8 and
837/s at c = 32). Measure it again on another machine and pass it with ``--knee-rate``. Before the
soak starts, every connection sends closed-loop requests for ``--prime-seconds`` (not counted), so
that the workers' first, slower requests do not start the run with a backlog.

Every ``--sample-seconds`` the resident memory (VmRSS) of each server process (the supervisor and
every worker) is read from /proc. The report gives errors by status (the target is none), p50,
p99 and p99.9 per minute and overall, RSS at the end of the warm-up and at the end, the growth
between the two (target < 5 %) and a least-squares slope after the warm-up (MB per minute).
Exit status: 0 when there were no errors and the growth stayed under ``--max-growth``, else 1.
``--json`` writes every sample and the summary to a file.

Profiles: the load generator's (``bench/load.py``: ordinary nicknames, protected names, one-character
swaps, a third with a 60–200-character bio); they repeat every 4,000 requests, so review cases are
opened in the first cycle only (as in the load runs). ``--unique-accounts`` gives every request
its own account id instead: every REVIEW/REJECT then opens a new case (store writes all along).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import ROOT, Server, make_profiles, pct  # noqa: E402  (bench/load.py)

sys.path.insert(0, str(ROOT))
from service.api.gen.impersonation.v1 import screening_pb2 as spb, screening_pb2_grpc  # noqa: E402

#: The knee rate measured by bench/load.py on the development machine (RESULTS.md section 11).
KNEE_RATE = 840.0
#: Requests the client keeps in flight at most; beyond it a due request is counted as
#: "client_backlog" (the client, not the server, could not keep the rate).
MAX_IN_FLIGHT = 4000


def rss_by_pid(server: Server) -> dict[int, int]:
    """VmRSS in kB of the supervisor and each worker."""
    out = {}
    for pid in server.pids():
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        out[pid] = int(line.split()[1])
        except OSError:
            pass
    return out


def _growth(samples: list[dict]) -> float:
    if len(samples) < 2 or not samples[0]["total_mb"]:
        return float("nan")
    return (samples[-1]["total_mb"] - samples[0]["total_mb"]) / samples[0]["total_mb"] * 100


def slope_per_minute(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, value) points, in value per minute."""
    if len(points) < 2:
        return 0.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return 0.0 if var == 0 else 60.0 * sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var


async def prime(stubs, profiles, seconds: float) -> int:
    """Closed loop on every connection for ``seconds`` (not counted): warms every worker."""
    t_end = time.perf_counter() + seconds
    done = 0

    async def loop(i: int):
        nonlocal done
        k = i
        while time.perf_counter() < t_end:
            try:
                await stubs[i].ScreenProfile(profiles[k % len(profiles)], timeout=10)
            except grpc.aio.AioRpcError:
                pass
            done += 1
            k += len(stubs)

    await asyncio.gather(*(loop(i) for i in range(len(stubs))))
    return done


async def soak(address: str, server: Server, profiles, rate: float, seconds: float, warmup: float,
               connections: int, sample_every: float, unique_accounts: bool, prime_seconds: float = 0.0) -> dict:
    channels = [grpc.aio.insecure_channel(address, options=[("grpc.use_local_subchannel_pool", 1)])
                for _ in range(connections)]
    for ch in channels:
        await ch.channel_ready()
    stubs = [screening_pb2_grpc.ScreeningServiceStub(ch) for ch in channels]
    if prime_seconds > 0:
        primed = await prime(stubs, profiles, prime_seconds)
        print(f"# primed with {primed} closed-loop requests in {prime_seconds:g} s", flush=True)
    minutes: list[dict] = []  # per minute: latencies (ms), errors
    errors: dict[str, int] = {}
    samples: list[dict] = []
    in_flight = 0
    backlog = 0
    t0 = time.perf_counter()
    t_end = t0 + seconds

    def bucket(t: float) -> dict:
        i = int((t - t0) // 60)
        while len(minutes) <= i:
            minutes.append({"lat": [], "errors": {}})
        return minutes[i]

    async def one(n: int, due: float):
        nonlocal in_flight
        req = profiles[n % len(profiles)]
        if unique_accounts:
            req = spb.ScreenProfileRequest(profile=spb.Profile(account_id=f"soak-{n}", name=req.profile.name,
                                                               bio=req.profile.bio))
        try:
            await stubs[n % len(stubs)].ScreenProfile(req, timeout=10)
            bucket(due)["lat"].append((time.perf_counter() - due) * 1e3)
        except grpc.aio.AioRpcError as exc:
            code = exc.code().name
            errors[code] = errors.get(code, 0) + 1
            b = bucket(due)["errors"]
            b[code] = b.get(code, 0) + 1
        finally:
            in_flight -= 1

    async def sampler():
        while True:
            now = time.perf_counter()
            rss = rss_by_pid(server)
            samples.append({"t": round(now - t0, 1), "rss_kb": rss, "total_mb": round(sum(rss.values()) / 1024, 1),
                            "in_flight": in_flight})
            if now >= t_end:
                return
            await asyncio.sleep(min(sample_every, max(0.0, t_end - now) + 0.01))

    async def progress():
        while time.perf_counter() < t_end:
            await asyncio.sleep(60)
            m = minutes[-2] if len(minutes) >= 2 else (minutes[-1] if minutes else None)
            last = samples[-1] if samples else {}
            if m is not None:
                print(f"  t={time.perf_counter() - t0:5.0f} s  last full minute: {len(m['lat'])} ok  "
                      f"p50 {pct(m['lat'], 50):.1f} ms  p99 {pct(m['lat'], 99):.1f} ms  errors {m['errors'] or 0}  "
                      f"server RSS {last.get('total_mb', 0):.0f} MB", flush=True)

    tasks: set[asyncio.Task] = set()
    sample_task = asyncio.create_task(sampler())
    progress_task = asyncio.create_task(progress())
    n = 0
    while True:
        now = time.perf_counter()
        if now >= t_end:
            break
        due_n = int((now - t0) * rate)  # requests due by now
        while n <= due_n:
            due = t0 + n / rate
            if in_flight >= MAX_IN_FLIGHT:
                backlog += 1
            else:
                in_flight += 1
                task = asyncio.create_task(one(n, due))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            n += 1
        await asyncio.sleep(max(0.0, t0 + n / rate - time.perf_counter()))
    sent = n
    if tasks:
        await asyncio.wait(list(tasks), timeout=15)
    await sample_task
    progress_task.cancel()
    for ch in channels:
        await ch.close()
    if backlog:
        errors["client_backlog"] = backlog

    all_lat = [x for m in minutes for x in m["lat"]]
    after = [s for s in samples if s["t"] >= warmup]
    warm_mb = after[0]["total_mb"] if after else float("nan")
    end_mb = samples[-1]["total_mb"] if samples else float("nan")
    per_pid_growth = {}
    if after:
        first, last = after[0]["rss_kb"], samples[-1]["rss_kb"]
        per_pid_growth = {pid: round((last[pid] - first[pid]) / first[pid] * 100, 2)
                          for pid in first if pid in last and first[pid]}
    return {
        "rate": rate, "seconds": seconds, "warmup_s": warmup, "sent": sent,
        "ok": len(all_lat), "errors": errors,
        "p50_ms": pct(all_lat, 50), "p99_ms": pct(all_lat, 99), "p999_ms": pct(all_lat, 99.9),
        "max_ms": max(all_lat) if all_lat else float("nan"),
        "per_minute": [{"minute": i + 1, "ok": len(m["lat"]), "p50_ms": round(pct(m["lat"], 50), 2),
                        "p99_ms": round(pct(m["lat"], 99), 2), "errors": m["errors"]} for i, m in enumerate(minutes)],
        "rss_start_mb": samples[0]["total_mb"] if samples else float("nan"),
        "rss_warm_mb": warm_mb, "rss_end_mb": end_mb,
        "rss_max_mb": max(s["total_mb"] for s in samples) if samples else float("nan"),
        "rss_growth_pct": (end_mb - warm_mb) / warm_mb * 100 if after else float("nan"),
        "rss_growth_pct_by_pid": per_pid_growth,
        "rss_slope_mb_per_min": slope_per_minute([(s["t"], s["total_mb"]) for s in after]),
        # caches that fill for minutes look like growth after a short warm-up: the second half
        # of the run tells a plateau from a leak
        "rss_growth_second_half_pct": _growth([s for s in samples if s["t"] >= seconds / 2]),
        "rss_slope_second_half_mb_per_min": slope_per_minute(
            [(s["t"], s["total_mb"]) for s in samples if s["t"] >= seconds / 2]),
        "samples": samples,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--knee-rate", type=float, default=KNEE_RATE,
                    help=f"answers/s at the knee (default {KNEE_RATE:.0f}: bench/RESULTS.md section 11)")
    ap.add_argument("--share", type=float, default=0.7, help="share of the knee rate to send (default 0.7)")
    ap.add_argument("--workers", type=int, default=2, help="ZHENWEI_WORKERS of the server (default 2)")
    ap.add_argument("--warmup-minutes", type=float, default=1.0,
                    help="memory growth is measured from the end of this (default 1)")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--prime-seconds", type=float, default=5.0,
                    help="closed-loop requests before the soak, not counted (default 5)")
    ap.add_argument("--sample-seconds", type=float, default=5.0)
    ap.add_argument("--max-growth", type=float, default=5.0, help="RSS growth after warm-up, in %%, that fails")
    ap.add_argument("--access-log", default="1")
    ap.add_argument("--unique-accounts", action="store_true",
                    help="a new account id per request (every REVIEW/REJECT opens a case)")
    ap.add_argument("--json", help="write the samples and the summary to this file")
    args = ap.parse_args()
    rate = args.knee_rate * args.share
    seconds = args.minutes * 60
    warmup = min(args.warmup_minutes * 60, seconds / 2)
    profiles = make_profiles(4000)
    with tempfile.TemporaryDirectory(prefix="zhenwei-soak-") as tmp:
        t_start = time.time()
        srv = Server(args.workers, tmp, {"ZHENWEI_ACCESS_LOG": args.access_log})
        try:
            srv.wait_ready()
            print(f"# soak: {args.workers} worker(s) ready in {time.time() - t_start:.1f} s; "
                  f"{rate:.0f} requests/s ({args.share:.0%} of {args.knee_rate:.0f}/s) for {args.minutes:g} min, "
                  f"warm-up {warmup / 60:g} min; started {time.strftime('%H:%M:%S', time.gmtime())} UTC", flush=True)
            r = asyncio.run(soak(f"127.0.0.1:{srv.port}", srv, profiles, rate, seconds, warmup, args.connections,
                                 args.sample_seconds, args.unique_accounts, args.prime_seconds))
        finally:
            code = srv.stop()
    print(f"# ended {time.strftime('%H:%M:%S', time.gmtime())} UTC; server exit status {code}")
    print(f"sent {r['sent']}  ok {r['ok']}  errors {r['errors'] or 0}  "
          f"achieved {r['ok'] / seconds:.0f}/s")
    print(f"latency (from the due time): p50 {r['p50_ms']:.2f} ms  p99 {r['p99_ms']:.2f} ms  "
          f"p99.9 {r['p999_ms']:.2f} ms  max {r['max_ms']:.1f} ms")
    print(f"server RSS (all processes): start {r['rss_start_mb']:.0f} MB, after warm-up {r['rss_warm_mb']:.0f} MB, "
          f"end {r['rss_end_mb']:.0f} MB, max {r['rss_max_mb']:.0f} MB; growth after warm-up "
          f"{r['rss_growth_pct']:+.2f} % (per process {r['rss_growth_pct_by_pid']}), "
          f"slope {r['rss_slope_mb_per_min']:+.2f} MB/min; second half of the run: "
          f"{r['rss_growth_second_half_pct']:+.2f} %, {r['rss_slope_second_half_mb_per_min']:+.2f} MB/min")
    print("| minute | ok | p50 ms | p99 ms | errors |")
    print("| ---: | ---: | ---: | ---: | --- |")
    for m in r["per_minute"]:
        print(f"| {m['minute']} | {m['ok']} | {m['p50_ms']:.1f} | {m['p99_ms']:.1f} | {m['errors'] or ''} |")
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=1, default=str), encoding="utf-8")
    failed = bool(r["errors"]) or not r["rss_growth_pct"] < args.max_growth or code != 0
    print("RESULT:", "FAIL" if failed else "PASS", f"(errors must be 0, growth < {args.max_growth:g} %)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
