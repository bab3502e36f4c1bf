#!/usr/bin/env python3
"""Load: an asyncio gRPC load generator driving ScreenProfile at rising concurrency, against
``zhenwei serve`` with 1 and with 2 worker processes, side by side.

    .venv/bin/python bench/load.py [--workers 1,2] [--steps 1,8,32,64,128] [--step-seconds 4]

For each worker count it starts a server (a subprocess: temporary SQLite store, anonymous
screening, the bundled lexicons, OCR off unless ``--avatar-share``), waits until every worker
serves, then for each concurrency step runs that many callers in closed loop (each sends its
next request when the last answer arrives) over ``--connections`` channels (SO_REUSEPORT
spreads connections, not requests, over the workers), for a warm-up second and then
``--step-seconds`` measured. Per step it prints throughput, p50/p99 latency as the client
sees it, errors, the cores the server processes used (CPU time from /proc over the measured
window) with the CPU time per request, and the client's own CPU share (on a small machine the
generator competes with the server for the same cores: read the numbers with that in mind).

Profiles: names (ordinary nicknames, protected names, one-character swaps of them), about a
third with a 60–200-character bio, and with ``--avatar-share`` a share with a small PNG avatar,
generated from a fixed seed.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import grpc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.api.gen.impersonation.v1 import screening_pb2 as spb, screening_pb2_grpc  # noqa: E402

PROTECTED = ["人民日报", "新华社", "中央电视台", "国家卫生健康委员会", "北京大学", "清华大学", "中国人民银行",
             "最高人民法院", "公安部", "上海市教育委员会", "央视新闻", "国务院办公厅", "中国证监会", "解放军报"]
SWAPS = {"日": "曰", "华": "化", "央": "殃", "卫": "为", "京": "亰", "清": "青", "银": "很", "法": "发", "公": "工",
         "教": "孝", "视": "礼", "务": "各", "证": "正", "军": "车"}
COMMON = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定"
          "行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然")


def make_avatars(n: int, seed: int = 11) -> list[bytes]:
    """Small PNG avatars (coloured blocks, some with a short caption), seeded."""
    import io

    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        im = Image.new("RGB", (160, 160), tuple(rng.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(im)
        for _ in range(rng.randint(2, 6)):
            x0, y0 = rng.randrange(140), rng.randrange(140)
            draw.rectangle((x0, y0, x0 + rng.randint(10, 80), y0 + rng.randint(10, 80)),
                           fill=tuple(rng.randrange(256) for _ in range(3)))
        if rng.random() < 0.5:
            draw.text((10, 130), "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(6)), fill=(0, 0, 0))
        buf = io.BytesIO()
        im.save(buf, "PNG")
        out.append(buf.getvalue())
    return out


def make_profiles(n: int, seed: int = 7, avatar_share: float = 0.0) -> list[spb.ScreenProfileRequest]:
    rng = random.Random(seed)
    avatars = make_avatars(64) if avatar_share > 0 else []
    out = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.5:
            name = "".join(rng.choice(COMMON) for _ in range(rng.randint(2, 6)))
        elif roll < 0.75:
            name = rng.choice(PROTECTED) + rng.choice(["", "官方", "粉丝团", "小编"])
        else:
            base = rng.choice(PROTECTED)
            name = "".join(SWAPS.get(c, c) if rng.random() < 0.5 else c for c in base)
        bio = ""
        if rng.random() < 0.33:
            bio = "".join(rng.choice(COMMON) for _ in range(rng.randint(60, 200)))
        avatar = rng.choice(avatars) if avatars and rng.random() < avatar_share else b""
        out.append(spb.ScreenProfileRequest(profile=spb.Profile(account_id=f"load-{i}", name=name, bio=bio,
                                                                avatar=avatar)))
    return out


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[max(0, min(len(values) - 1, int(round(q / 100 * (len(values) - 1)))))]


class Server:
    def __init__(self, workers: int, tmp: str, extra_env: dict[str, str]):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENWEI_", "PROMETHEUS_"))}
        env.update({"ZHENWEI_WORKERS": str(workers), "ZHENWEI_LISTEN_ADDR": "127.0.0.1:0",
                    "ZHENWEI_DATABASE_URL": f"sqlite:///{tmp}/load-{workers}.sqlite3",
                    "ZHENWEI_ANONYMOUS_SCREENING": "1", "ZHENWEI_BOOTSTRAP_ADMIN_TOKEN": "0",
                    "ZHENWEI_SECRET_KEY": "load-bench", "ZHENWEI_AVATAR_OCR": "0",
                    "ZHENWEI_MAX_QUEUED_RPCS": "1024"})
        env.update(extra_env)
        self.log = open(Path(tmp) / f"server-{workers}.log", "w+", encoding="utf-8")
        self.proc = subprocess.Popen([sys.executable, "-m", "service", "serve"], cwd=ROOT, env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, encoding="utf-8")
        self.ready = threading.Event()
        self.port = 0
        pattern = re.compile(r"serving on [^ ]+:(\d+) with \d+ worker" if workers > 1 else
                             r"serving on [^ ]+:(\d+) \(")

        def read():
            for line in self.proc.stderr:
                self.log.write(line)
                m = pattern.search(line)
                if m and not self.ready.is_set():
                    self.port = int(m.group(1))
                    self.ready.set()

        threading.Thread(target=read, daemon=True).start()

    def wait_ready(self, timeout: float = 180) -> None:
        if not self.ready.wait(timeout):
            raise SystemExit(f"server did not start; see {self.log.name}")

    def pids(self) -> list[int]:
        pids = [self.proc.pid]
        try:
            pids += [int(p) for p in open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read().split()]
        except OSError:
            pass
        return pids

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the supervisor and every worker."""
        total = 0
        for pid in self.pids():
            try:
                fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
            except (OSError, IndexError, ValueError):
                pass
        return total / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        """Resident memory of the server: the supervisor and every worker."""
        total = 0
        for pid in self.pids():
            try:
                for line in open(f"/proc/{pid}/status"):
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024

    def stop(self) -> int:
        self.proc.terminate()
        code = self.proc.wait(timeout=120)
        self.log.close()
        return code


async def run_step(address: str, profiles, concurrency: int, connections: int, warmup: float,
                   seconds: float, server: "Server | None" = None) -> dict:
    channels = [grpc.aio.insecure_channel(address, options=[("grpc.use_local_subchannel_pool", 1)])
                for _ in range(min(connections, concurrency))]
    stubs = [screening_pb2_grpc.ScreeningServiceStub(ch) for ch in channels]
    for ch in channels:
        await ch.channel_ready()
    latencies: list[float] = []
    errors: dict[str, int] = {}
    t_start = time.perf_counter()
    t_measure = t_start + warmup
    t_end = t_measure + seconds

    server_cpu = [0.0, 0.0]

    async def mark_cpu():
        await asyncio.sleep(max(0.0, t_measure - time.perf_counter()))
        server_cpu[0] = server.cpu_seconds() if server else 0.0
        await asyncio.sleep(max(0.0, t_end - time.perf_counter()))
        server_cpu[1] = server.cpu_seconds() if server else 0.0

    async def caller(i: int):
        stub = stubs[i % len(stubs)]
        k = i
        while True:
            t0 = time.perf_counter()
            if t0 >= t_end:
                return
            req = profiles[k % len(profiles)]
            k += concurrency
            try:
                await stub.ScreenProfile(req, timeout=30)
                ok = True
            except grpc.aio.AioRpcError as exc:
                ok = False
                code = exc.code().name
            t1 = time.perf_counter()
            if t0 >= t_measure and t1 <= t_end:
                if ok:
                    latencies.append(t1 - t0)
                else:
                    errors[code] = errors.get(code, 0) + 1

    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    await asyncio.gather(mark_cpu(), *(caller(i) for i in range(concurrency)))
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    for ch in channels:
        await ch.close()
    wall = time.perf_counter() - t_start
    client_cpu = (cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime) / wall
    return {"concurrency": concurrency, "rps": len(latencies) / seconds, "p50_ms": pct(latencies, 50) * 1e3,
            "p99_ms": pct(latencies, 99) * 1e3, "ok": len(latencies), "errors": errors,
            "client_cpu": client_cpu, "server_cores": (server_cpu[1] - server_cpu[0]) / seconds,
            "server_cpu_ms": (server_cpu[1] - server_cpu[0]) * 1e3 / max(1, len(latencies))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", default="1,2", help="worker counts to compare (comma list)")
    ap.add_argument("--steps", default="1,8,32,64,128", help="concurrency steps (comma list)")
    ap.add_argument("--step-seconds", type=float, default=4.0)
    ap.add_argument("--warmup", type=float, default=1.0)
    ap.add_argument("--connections", type=int, default=16, help="channels (TCP connections) per step")
    ap.add_argument("--access-log", default="1", help="ZHENWEI_ACCESS_LOG for the server (1: as deployed)")
    ap.add_argument("--avatar-share", type=float, default=0.0,
                    help="share of profiles with a small PNG avatar (0: none); no reference bank is loaded, "
                         "so avatars cost decoding, hashing and (with --ocr) text reading")
    ap.add_argument("--ocr", action="store_true", help="ZHENWEI_AVATAR_OCR=1 on the server (off by default)")
    args = ap.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    steps = [int(s) for s in args.steps.split(",")]
    profiles = make_profiles(4000, avatar_share=args.avatar_share)
    results: dict[int, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="zhenwei-load-") as tmp:
        for n in workers:
            t0 = time.perf_counter()
            srv = Server(n, tmp, {"ZHENWEI_ACCESS_LOG": args.access_log, "ZHENWEI_AVATAR_OCR": "1" if args.ocr else "0"})
            try:
                srv.wait_ready()
                print(f"# {n} worker(s): ready in {time.perf_counter() - t0:.1f} s, RSS {srv.rss_mb():.0f} MB",
                      flush=True)
                address = f"127.0.0.1:{srv.port}"
                rows = []
                for c in steps:
                    row = asyncio.run(run_step(address, profiles, c, args.connections, args.warmup,
                                               args.step_seconds, srv))
                    rows.append(row)
                    print(f"  workers={n} concurrency={c:4d}  {row['rps']:8.0f}/s  p50 {row['p50_ms']:7.2f} ms  "
                          f"p99 {row['p99_ms']:7.2f} ms  errors {row['errors'] or 0}  "
                          f"server {row['server_cores']:.2f} cores, {row['server_cpu_ms']:.2f} CPU-ms/req  "
                          f"client CPU {row['client_cpu']:.0%}", flush=True)
                results[n] = rows
                print(f"# {n} worker(s): RSS after load {srv.rss_mb():.0f} MB", flush=True)
            finally:
                srv.stop()
    print()
    header = "| concurrency | " + " | ".join(f"{n} worker{'s' if n > 1 else ''}: /s · p50 · p99 (ms)" for n in workers)
    print(header + " |")
    print("| ---: | " + " | ".join("---" for _ in workers) + " |")
    for i, c in enumerate(steps):
        cells = []
        for n in workers:
            r = results[n][i]
            err = sum(r["errors"].values())
            cells.append(f"{r['rps']:.0f} · {r['p50_ms']:.1f} · {r['p99_ms']:.1f}" + (f" ({err} errors)" if err else ""))
        print(f"| {c} | " + " | ".join(cells) + " |")
    if len(workers) == 2:
        best = [max(r["rps"] for r in results[n]) for n in workers]
        print(f"\npeak throughput {workers[1]} vs {workers[0]} workers: {best[1] / best[0]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
