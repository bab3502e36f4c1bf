"""Whole batch jobs over a real process pool: round trips per format, rejects, the summary,
refusing to resume a changed run, and resuming after kill -9 at random points."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import comparable, expected_result, profiles, write_jsonl, write_lexicon

from service.batch import formats
from service.batch.job import JobConfig, run
from service.domain.errors import FailedPrecondition

ROOT = Path(__file__).resolve().parents[2]
BAD_LINES = {3: b"{oops", 9: b'{"name": "no account"}', 14: b'{"account_id": "x", "name": "\xff"}'}


def _write_input(path: Path, data: list[dict]) -> None:
    """The profiles in ``path``'s family, with three malformed records in the text formats."""
    fmt = formats.format_of(path)
    if fmt == "jsonl":
        write_jsonl(path, data, BAD_LINES)
    elif fmt == "csv":
        import csv

        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["account_id", "name", "bio"])
            for i, d in enumerate(data):
                if i == 5:
                    fh.write("short,row\r\n")
                w.writerow([d["account_id"], d["name"], d["bio"]])
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        cols = {k: [d[k] for d in data] for k in ("account_id", "name", "bio")}
        cols["account_id"][7] = None
        pq.write_table(pa.table(cols), path)


@pytest.mark.parametrize("src,dst,workers", [("jsonl", "jsonl", 2), ("csv", "parquet", 1), ("parquet", "csv", 1)])
def test_round_trip(tmp_path, batch_settings, direct_app, src, dst, workers):
    data = profiles(45, seed=11)
    inp, out = tmp_path / f"in.{src}", tmp_path / f"out.{dst}"
    _write_input(inp, data)
    summary = run(JobConfig(inp, out, workers=workers, chunk_size=7, progress="none"), batch_settings)

    got = formats.read_results(out)
    kept = [d for i, d in enumerate(data) if not (src == "parquet" and i == 7)]
    assert [comparable(r) for r in got] == [expected_result(direct_app, d) for d in kept]
    assert [r["row"] for r in got] == sorted(r["row"] for r in got)  # input order
    rejects = [json.loads(x) for x in open(str(out) + ".rejects.jsonl", encoding="utf-8")]
    if src == "jsonl":  # bad lines sit before rows 3, 9, 14: at lines 4, 11, 17
        assert [(r["line"], r["reason"].split(":")[0]) for r in rejects] == [
            (4, "bad JSON"), (11, "missing account_id"), (17, "invalid UTF-8 at byte 29")]
    elif src == "csv":
        assert [(r["row"], r["line"], r["reason"]) for r in rejects] == [(6, 7, "2 fields; the header has 3")]
    else:
        assert rejects == [{"row": 8, "account_id": None, "reason": "missing account_id"}]
    assert summary["rows_rejected"] == len(rejects)
    assert summary["rows_in"] == len(got) + len(rejects)
    assert summary["decisions"] == {k: sum(r["decision"] == k for r in got) for k in ("ALLOW", "REJECT", "REVIEW")}
    assert summary["categories"]["NEWS_MEDIA"] == sum("NEWS_MEDIA" in r["categories"] for r in got)
    assert summary["lexicon_version"] == direct_app.lexicon_version()
    assert json.loads(Path(str(out) + ".summary.json").read_text(encoding="utf-8"))["rows_in"] == summary["rows_in"]
    assert not (tmp_path / f"out.{dst}.batch").exists()


class Crash(Exception):
    pass


def test_changed_runs_are_refused_and_the_same_run_resumes(tmp_path, batch_settings, direct_app):
    data = profiles(60, seed=5)
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(inp, data)
    cfg = JobConfig(inp, out, workers=1, chunk_size=10, progress="none")

    def crash(_info):
        raise Crash

    with pytest.raises(Crash):
        run(cfg, batch_settings, on_chunk=crash)
    workdir = tmp_path / "out.jsonl.batch"
    assert (workdir / "manifest.json").exists() and list(workdir.glob("part-*.jsonl"))

    # a different chunk size or input is refused before any engine is loaded
    with pytest.raises(FailedPrecondition, match="chunk_size"):
        run(JobConfig(inp, out, workers=1, chunk_size=11, progress="none"), batch_settings)
    write_jsonl(inp, data[:-1])
    with pytest.raises(FailedPrecondition, match="input_sha256"):
        run(cfg, batch_settings)
    write_jsonl(inp, data)

    # a changed lexicon is refused too
    lex2 = write_lexicon(tmp_path / "lex2")
    with open(lex2 / "entities" / "news_media.tsv", "a", encoding="utf-8") as fh:
        fh.write("media.test-extra\t测试晚报\tNEWS_MEDIA\t\t\tnational\t\tnormal\t\n")
    from dataclasses import replace

    with pytest.raises(FailedPrecondition, match="lexicon changed"):
        run(cfg, replace(batch_settings, lexicon_dir=str(lex2)), on_chunk=crash)

    summary = run(cfg, batch_settings)
    assert summary["chunks_resumed"] >= 1
    got = formats.read_results(out)
    assert [comparable(r) for r in got] == [expected_result(direct_app, d) for d in data]

    # run again: already complete, nothing screened again, the same summary
    again = run(cfg, batch_settings, on_chunk=crash)
    assert again == summary


def _parts(workdir: Path) -> int:
    try:
        return sum(1 for p in workdir.iterdir() if p.name.startswith("part-") and p.name.endswith(".jsonl"))
    except FileNotFoundError:
        return 0


def test_resume_after_kill_9_at_random_points(tmp_path, batch_env, direct_app):
    """kill -9 the job (its whole process group: the parent and its workers) three times at random
    moments, then let it finish: every row is in the output exactly once, as a clean run gives."""
    # 2,000 rows in 80 chunks: long enough that no kill comes after the job already finished,
    # however fast the machine is
    data = profiles(2000, seed=21)
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(inp, data, {700: b"{broken"})
    cmd = [sys.executable, "-m", "service", "batch", "screen", str(inp), str(out), "--workers", "2",
           "--chunk-size", "25", "--progress", "log", "--progress-interval", "0.5"]
    workdir = tmp_path / "out.jsonl.batch"
    seed = os.environ.get("ZHENWEI_TEST_SEED", str(time.time_ns()))  # set it to replay a failure
    rng = random.Random(seed)
    total_chunks = (len(data) + 1 + 24) // 25
    kills = []
    for attempt in range(3):
        proc = subprocess.Popen(cmd, cwd=ROOT, env=batch_env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if attempt == 0:  # anywhere from start-up to the first few committed chunks
            deadline = time.monotonic() + rng.uniform(0.05, 4.0)
            limit = rng.randint(1, 8)
            while time.monotonic() < deadline and _parts(workdir) < limit and proc.poll() is None:
                time.sleep(0.005)
        else:  # after a random number of further chunks was committed
            target = min(total_chunks - 1, _parts(workdir) + rng.randint(1, 10))
            while _parts(workdir) < target and proc.poll() is None:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.3))
        if proc.poll() is not None:
            break  # finished before the kill
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        kills.append(_parts(workdir))
    final = subprocess.run(cmd + ["--json"], cwd=ROOT, env=batch_env, capture_output=True, text=True, timeout=240)
    assert final.returncode == 1, (seed, final.stderr[-2000:])  # 1: finished, with the one broken line rejected
    summary = json.loads(final.stdout)
    assert len(kills) >= 2 and max(kills) > 0, (seed, kills)  # killed mid-run, with work committed
    got = formats.read_results(out)
    ids = [r["account_id"] for r in got]
    assert len(ids) == len(set(ids)) == len(data), seed
    assert [comparable(r) for r in got] == [expected_result(direct_app, d) for d in data]
    rejects = [json.loads(x) for x in open(str(out) + ".rejects.jsonl", encoding="utf-8")]
    assert [(r["row"], r["line"]) for r in rejects] == [(701, 701)]
    assert summary["rows_in"] == len(data) + 1 and summary["rows_rejected"] == 1
    assert not workdir.exists() and not list(tmp_path.glob("*.tmp-*"))


def test_a_second_run_of_the_same_job_is_refused_while_one_holds_it(tmp_path):
    from service.batch.job import _lock

    inp = tmp_path / "in.jsonl"
    write_jsonl(inp, profiles(3))
    cfg = JobConfig(inp, tmp_path / "out.csv", workers=1)
    (tmp_path / "out.csv.tmp-123").write_text("half an assembly", encoding="utf-8")
    held = _lock(cfg)
    try:
        assert not (tmp_path / "out.csv.tmp-123").exists()  # a killed run's leftovers are cleared
        with pytest.raises(FailedPrecondition, match="another run is writing out.csv"):
            _lock(cfg)
    finally:
        held.close()
    _lock(cfg).close()  # free again once the holder is gone
