"""Runs the atheris harnesses with fixed flags and summarises each run.

    .venv/bin/python fuzz/run.py                         # CI budget: every target, fixed runs
    .venv/bin/python fuzz/run.py engine --seconds 240    # a longer run of one target
    .venv/bin/python fuzz/run.py --runs 20000 --seed 7 credentials image

Each target runs in its own subprocess (``fuzz/fuzz_<target>.py``) with PYTHONHASHSEED=0,
``-seed=S`` and ``-runs=N`` (or ``-max_total_time``), over a scratch copy of its seed corpus
(fuzz/corpus/<target>/ is read, never written). A crash leaves ``crash-*`` (or
``timeout-*``/``oom-*``) in the artifact folder (default: a temp folder, printed) and
makes the exit status non-zero. Turn a crash into a regression test in
tests/fuzz/test_regressions.py; replay one input with
``python fuzz/fuzz_<target>.py ARTIFACT``.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = ["normalize", "engine", "credentials", "image", "proto"]
#: CI budget: runs per target (a few seconds each on one core; see bench/RESULTS.md).
CI_RUNS = {"normalize": 2000, "engine": 500, "credentials": 20000, "image": 1500, "proto": 600}
_STATS = re.compile(r"#(\d+)\s+(?:DONE|INITED|NEW|REDUCE|pulse|RELOAD)\s+cov: (\d+) ft: (\d+)(?: corp: (\d+))?")


@dataclass
class Result:
    target: str
    rc: int
    execs: int
    cov: int
    ft: int
    corpus: int
    seconds: float
    artifacts: list[str]
    tail: str

    @property
    def crashed(self) -> bool:
        return self.rc != 0 or bool(self.artifacts)

    def line(self) -> str:
        state = f"CRASH rc={self.rc} " + ", ".join(self.artifacts) if self.crashed else "ok"
        return (f"{self.target:12s} execs={self.execs:<8d} cov={self.cov:<5d} ft={self.ft:<6d} "
                f"corpus={self.corpus:<5d} {self.seconds:6.1f}s  {state}")


def run(target: str, *, runs: int | None = None, seconds: int | None = None, seed: int = 1,
        artifacts: Path | None = None, timeout_per_input: int = 10, rss_limit_mb: int = 8192,
        keep_corpus: Path | None = None, extra: list[str] | None = None, script: Path | None = None) -> Result:
    artifacts = artifacts or Path(tempfile.mkdtemp(prefix=f"zw-fuzz-{target}-"))
    artifacts.mkdir(parents=True, exist_ok=True)
    work = keep_corpus or Path(tempfile.mkdtemp(prefix=f"zw-corpus-{target}-"))
    work.mkdir(parents=True, exist_ok=True)
    # rss_limit_mb: libFuzzer reads ru_maxrss, which a child started from a big process (pytest
    # holding several engines) inherits across fork and exec; the limit guards leaks, not that.
    cmd = [sys.executable, str(script or HERE / f"fuzz_{target}.py"), f"-seed={seed}",
           f"-artifact_prefix={artifacts}/", f"-timeout={timeout_per_input}", f"-rss_limit_mb={rss_limit_mb}",
           "-print_final_stats=1"]
    if runs is not None:
        cmd.append(f"-runs={runs}")
    if seconds is not None:
        cmd.append(f"-max_total_time={seconds}")
    seeds = HERE / "corpus" / target
    cmd += list(extra or []) + [str(work)] + ([str(seeds)] if seeds.is_dir() else [])
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    t0 = time.monotonic()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace")
    took = time.monotonic() - t0
    out = proc.stdout
    execs = cov = ft = corp = 0
    for m in _STATS.finditer(out):
        execs, cov, ft = int(m.group(1)), int(m.group(2)), int(m.group(3))
        corp = int(m.group(4) or corp)
    m = re.search(r"stat::number_of_executed_units:\s*(\d+)", out)
    if m:
        execs = int(m.group(1))
    found = sorted(str(p) for p in artifacts.iterdir() if p.name.split("-")[0] in ("crash", "timeout", "oom", "leak"))
    return Result(target, proc.returncode, execs, cov, ft, corp, took, found, out[-6000:])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("targets", nargs="*", metavar="TARGET", help=f"any of {TARGETS} (default: all)")
    ap.add_argument("--runs", type=int, help="executions per target (default: the CI budget)")
    ap.add_argument("--seconds", type=int, help="time per target instead of a run count")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--artifacts", type=Path, help="folder for crash-* files")
    ap.add_argument("--keep-corpus", type=Path, help="grow this corpus folder (per target subfolder)")
    ap.add_argument("--timeout", type=int, default=10, help="seconds one input may take")
    args = ap.parse_args(argv)
    unknown = set(args.targets) - set(TARGETS)
    if unknown:
        ap.error(f"unknown targets {sorted(unknown)}; choose from {TARGETS}")
    failed = False
    for t in args.targets or TARGETS:
        runs = None if args.seconds else (args.runs or CI_RUNS[t])
        r = run(t, runs=runs, seconds=args.seconds, seed=args.seed,
                artifacts=args.artifacts / t if args.artifacts else None, timeout_per_input=args.timeout,
                keep_corpus=args.keep_corpus / t if args.keep_corpus else None)
        print(r.line(), flush=True)
        if r.crashed:
            failed = True
            print(r.tail, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
