"""A resumable batch screening job on one machine.

The input is cut into chunks of ``chunk_size`` records in file order (chunk *i* holds records
``i*chunk_size+1 … (i+1)*chunk_size``). A process pool screens the chunks; each worker builds
one :class:`~service.app.App` (the engine loaded once per process) and, for each chunk, writes
its results and rejects to ``part-<i>.jsonl`` in the work folder ``OUT.batch/``: a temporary
file, fsync'd, then renamed — a chunk is committed exactly when its part file exists.

Killed at any point and started again with the same arguments, the job reads the manifest
(``OUT.batch/manifest.json``: the arguments, the input's SHA-256 and the lexicon version), refuses
if any of them changed, deletes uncommitted temporary files, and screens only the chunks without
a part file. When every chunk is committed it assembles ``OUT`` and ``OUT.rejects.jsonl`` in
chunk order (each through a temporary file and an atomic rename), writes ``OUT.summary.json``
last, and removes the work folder. Every input record therefore ends up exactly once in OUT or
in the rejects file.

With ``only_changed`` (``--only-changed PREV``) rows whose earlier result in PREV provably cannot
change under the current lexicon are copied instead of screened: the rule is in
:mod:`service.batch.changes`; the summary's ``only_changed`` block says how many were skipped,
or why every row was screened.
"""
from __future__ import annotations

import concurrent.futures as cf
from concurrent.futures.process import BrokenProcessPool
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

from service.batch import formats
from service.config import Settings
from service.domain.errors import FailedPrecondition, InvalidArgument

log = logging.getLogger("zhenwei.batch")

MANIFEST_VERSION = 1
PART_PREFIX = "part-"


# -- configuration and manifest ---------------------------------------------------------------
@dataclass(frozen=True)
class JobConfig:
    input: Path
    output: Path
    workers: int = 0  # 0: os.cpu_count()
    chunk_size: int = 1000
    restart: bool = False  # discard an unfinished run's work folder instead of resuming it
    progress: str = "auto"  # auto (bar on a terminal, log lines otherwise), bar, log, none
    progress_interval_s: float = 10.0
    #: an earlier run's OUT: copy its results for rows the lexicon change cannot affect
    only_changed: Path | None = None
    #: share of copyable rows screened anyway to check the rule (only_changed)
    check_share: float = 0.02

    def __post_init__(self) -> None:
        object.__setattr__(self, "input", Path(self.input).resolve())
        object.__setattr__(self, "output", Path(self.output).resolve())
        if self.only_changed is not None:
            object.__setattr__(self, "only_changed", Path(self.only_changed).resolve())
        if not 0.0 <= self.check_share <= 1.0:
            raise InvalidArgument("--check-share must be between 0 and 1")
        if self.chunk_size < 1:
            raise InvalidArgument("--chunk-size must be at least 1")
        if self.workers < 0:
            raise InvalidArgument("--workers must be at least 1")

    @property
    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 1

    @property
    def workdir(self) -> Path:
        return self.output.with_name(self.output.name + ".batch")

    @property
    def rejects_path(self) -> Path:
        return self.output.with_name(self.output.name + ".rejects.jsonl")

    @property
    def summary_path(self) -> Path:
        return self.output.with_name(self.output.name + ".summary.json")


def fingerprint(path: Path) -> tuple[str, int, int]:
    """(SHA-256, size in bytes, line count) of the input, in one pass."""
    h = hashlib.sha256()
    size = lines = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
            size += len(block)
            lines += block.count(b"\n")
    return h.hexdigest(), size, lines


def _job_key(cfg: JobConfig, sha: str, size: int) -> dict:
    """What must be the same for a run to be resumed."""
    return {"manifest_version": MANIFEST_VERSION, "input": str(cfg.input), "output": str(cfg.output),
            "input_format": formats.format_of(cfg.input), "output_format": formats.format_of(cfg.output),
            "chunk_size": cfg.chunk_size, "input_sha256": sha, "input_bytes": size}


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def part_path(workdir: Path, index: int) -> Path:
    return workdir / f"{PART_PREFIX}{index:08d}.jsonl"


def committed_parts(workdir: Path) -> dict[int, Path]:
    out = {}
    for p in workdir.glob(f"{PART_PREFIX}*.jsonl"):
        try:
            out[int(p.name[len(PART_PREFIX):-len(".jsonl")])] = p
        except ValueError:
            continue
    return out


# -- the worker side -----------------------------------------------------------------------------
_WORKER: dict = {}


def _rss_bytes() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def worker_init(settings: Settings) -> None:
    """Pool initializer: one App (store, lexicons, engines) per worker process."""
    from service.app import App

    _WORKER["app"] = App(settings)


def worker_probe() -> tuple[str, int]:
    return _WORKER["app"].lexicon_version(), os.getpid()


def worker_state() -> tuple[str, dict]:
    """The version and state (:func:`service.batch.changes.lexicon_state`) of the worker's lexicon."""
    from service.batch.changes import lexicon_state

    lex = _WORKER["app"].lexicons
    data = lex.current().data
    return data.version, lexicon_state(data, lex.bundled)


def worker_rule(previous_state: dict, check_share: float):
    """(SkipRule or None, why not, change counts) for an earlier run's lexicon state."""
    from service.batch.changes import make_rule, restore
    from service.lexicon.draft import lexicon_changes

    lex = _WORKER["app"].lexicons
    new = lex.current().data
    if previous_state.get("digest") != lex.bundled.digest:
        return None, (f"the bundled lexicon files changed ({str(previous_state.get('digest'))[:12]} → "
                      f"{lex.bundled.digest[:12]}): every row may be affected"), {}
    try:
        old = restore(previous_state, lex.bundled)
    except Exception as exc:  # noqa: BLE001 - an unreadable recorded state: screen everything
        return None, f"the earlier run's lexicon state cannot be read ({type(exc).__name__})", {}
    changes, why = lexicon_changes(old, new)
    if changes is None:
        return None, why, {}
    return make_rule(changes, lex.normalizer, lex.similarity, check_share), "", changes.counts


def _read_avatar(base: Path, rel: str, limit: int) -> bytes:
    from service.domain.errors import InvalidArgument as Invalid

    path = base / rel
    try:
        size = path.stat().st_size
        if size > limit:
            raise Invalid(f"avatar is {size} bytes; the limit is {limit}")
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        raise Invalid(f"avatar_path cannot be read ({exc.strerror or type(exc).__name__})") from None


def _may_copy(app, rule, previous: dict | None, account_id: str, name: str, bio: str, avatar_path: str) -> bool:
    """The only-changed rule of :mod:`service.batch.changes` for one row."""
    if previous is None or previous.get("account_id") != account_id or avatar_path:
        return False
    s = app.settings
    if len(name) > s.max_name_chars or len(bio) > s.max_bio_chars or len(account_id) > 128:
        return False
    if rule.findings_touch(previous):
        return False
    normalizer = app.lexicons.normalizer
    if rule.text_may_match(normalizer, name) or rule.text_may_match(normalizer, bio):
        return False
    return not app.store.credentials.verifications_for(account_id)


def _screen_one(app, base: Path, row, line, account_id, name, bio, avatar_path) -> list:
    """``["r", record]`` or ``["x", reject]`` for one readable row."""
    from service.domain.errors import InvalidArgument as Invalid
    from service.domain.models import Profile

    where = {"row": row} if line is None else {"row": row, "line": line}
    try:
        avatar = _read_avatar(base, avatar_path, app.settings.max_avatar_bytes) if avatar_path else b""
        result = app.screener.screen(Profile(account_id=account_id, name=name, bio=bio, avatar=avatar))
    except Invalid as exc:
        text = str(exc)
        code = ("avatar" if avatar_path and "avatar" in text else
                "too_long" if "the limit is" in text else "invalid_argument")
        return ["x", {**where, "account_id": account_id, "reason": str(exc), "code": code}]
    except Exception as exc:  # noqa: BLE001 - one profile's failure must not stop the job
        log.warning("row %d: screening failed (%s); written to the rejects file", row, type(exc).__name__)
        return ["x", {**where, "account_id": account_id,
                      "reason": f"internal error ({type(exc).__name__})", "code": "internal"}]
    return ["r", formats.result_record(row, result)]


def screen_rows(app, rows: Iterable[tuple], base: Path, rule=None, previous: dict | None = None) -> list[list]:
    """Screens one chunk's rows: ``["r", record]`` for a result, ``["x", reject]`` for a reject.

    With ``rule`` (only-changed) and ``previous`` (row → earlier record), a row the rule clears is
    ``["c", record]`` (copied), or, when picked for the check, ``["v", record]`` (screened, and the
    same as the copy) or ``["m", record]`` (screened, and different: the fresh record; ``["xm", reject]``
    when it cannot be screened now)."""
    from service.batch.changes import checked, comparable

    out: list[list] = []
    version = app.lexicon_version()
    checks = 0
    copies: list[tuple[int, tuple]] = []  # unchecked copies (one is checked if the hash picked none)

    def check(r: tuple, copy: dict) -> list:
        fresh = _screen_one(app, base, *r[:6])
        if fresh[0] == "r" and comparable(fresh[1]) == comparable(copy):
            return ["v", copy]
        log.error("row %d: the only-changed rule would have copied a result that changed", r[0])
        return ["m", fresh[1]] if fresh[0] == "r" else ["xm", fresh[1]]  # xm: a reject now

    for r in rows:
        row, line, account_id, name, bio, avatar_path, error, code = r
        if error:
            where = {"row": row} if line is None else {"row": row, "line": line}
            out.append(["x", {**where, "account_id": account_id, "reason": error, "code": code}])
            continue
        if rule is not None and _may_copy(app, rule, (previous or {}).get(row), account_id, name, bio, avatar_path):
            copy = {**previous[row], "lexicon_version": version}
            if checked(row, rule.check_share):
                checks += 1
                out.append(check(r, copy))
            else:
                copies.append((len(out), r))
                out.append(["c", copy])
            continue
        out.append(_screen_one(app, base, row, line, account_id, name, bio, avatar_path))
    if rule is not None and rule.check_share > 0 and copies and not checks:
        i, r = copies[0]  # at least one check per chunk that copies anything
        out[i] = check(r, out[i][1])
    return out


def worker_chunk(workdir: str, index: int, rows: list[tuple], base: str, expected_version: str,
                 rule=None, previous: dict | None = None) -> dict:
    """Screens one chunk and commits its part file; returns counts for progress."""
    app = _WORKER["app"]
    version = app.lexicon_version()
    if version != expected_version:
        raise FailedPrecondition(f"worker {os.getpid()} has lexicon {version}, the run uses {expected_version}")
    t0 = time.process_time()
    lines = screen_rows(app, rows, Path(base), rule, previous)
    final = part_path(Path(workdir), index)
    tmp = final.with_name(f"{final.name}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(json.dumps(x, ensure_ascii=False, separators=(",", ":")) + "\n" for x in lines)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    _fsync_dir(final.parent)
    return {"index": index, "rows": len(lines), "rejected": sum(1 for k, _ in lines if k in ("x", "xm")),
            "cpu_s": time.process_time() - t0, "rss": _rss_bytes(), "pid": os.getpid()}


# -- progress ------------------------------------------------------------------------------------
def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class Progress:
    """A bar on a terminal (rows/s, ETA), log lines every ``interval_s`` otherwise."""

    def __init__(self, total: int, done: int, mode: str, stream: TextIO, interval_s: float):
        if mode == "auto":
            mode = "bar" if stream.isatty() else "log"
        self.mode, self.stream, self.interval_s = mode, stream, interval_s
        self.total, self.done, self.start_done = max(total, done), done, done
        self.t0 = self.last = time.monotonic()

    def rate(self) -> float:
        elapsed = time.monotonic() - self.t0
        return (self.done - self.start_done) / elapsed if elapsed > 0 else 0.0

    def text(self) -> str:
        rate = self.rate()
        self.total = max(self.total, self.done)
        pct = 100.0 * self.done / self.total if self.total else 100.0
        eta = _clock((self.total - self.done) / rate) if rate > 0 else "?"
        return f"{self.done:,}/{self.total:,} rows ({pct:.0f}%), {rate:,.0f} rows/s, ETA {eta}"

    def update(self, rows: int, force: bool = False) -> None:
        self.done += rows
        now = time.monotonic()
        if self.mode == "bar" and (force or now - self.last >= 0.2):
            self.last = now
            width = 30
            filled = int(width * self.done / self.total) if self.total else width
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.text()}\x1b[K")
            self.stream.flush()
        elif self.mode == "log" and (force or now - self.last >= self.interval_s):
            self.last = now
            log.info("progress: %s", self.text())

    def finish(self) -> None:
        self.total = self.done  # the line count was an estimate (blank lines, quoted newlines)
        self.update(0, force=True)
        if self.mode == "bar":
            self.stream.write("\n")
            self.stream.flush()


# -- the run -------------------------------------------------------------------------------------
def chunks(rows: Iterator[formats.InputRow], size: int) -> Iterator[tuple[int, list[tuple]]]:
    index, batch = 0, []
    for r in rows:
        batch.append(r.as_tuple())
        if len(batch) == size:
            yield index, batch
            index, batch = index + 1, []
    if batch:
        yield index, batch


@dataclass
class RunState:
    chunks_done: int = 0
    chunks_resumed: int = 0
    cpu_s: float = 0.0
    worker_rss: dict[int, int] = field(default_factory=dict)


def _load_manifest(cfg: JobConfig, key: dict) -> dict | None:
    """The manifest of an unfinished run of this job (None when there is none); refuses a changed run."""
    wd = cfg.workdir
    manifest_path = wd / "manifest.json"
    for trash in wd.parent.glob(f"{wd.name}.trash-*"):
        shutil.rmtree(trash, ignore_errors=True)
    if cfg.restart or not manifest_path.exists():
        return None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise FailedPrecondition(f"{manifest_path} is unreadable; pass --restart to start over") from None
    changed = [k for k, v in key.items() if manifest.get("key", {}).get(k) != v]
    if changed:
        raise FailedPrecondition(
            f"an unfinished run in {wd} was started with different {', '.join(changed)}; "
            "run it again with the same input and arguments to resume it, or pass --restart to start over")
    return manifest


def _fresh_workdir(cfg: JobConfig, key: dict, version: str) -> dict:
    _remove_tree(cfg.workdir)  # --restart, or killed before its manifest was committed
    if cfg.summary_path.exists():
        cfg.summary_path.unlink()  # a new run: the old summary no longer describes OUT
    cfg.workdir.mkdir(parents=True)
    manifest = {"key": key, "lexicon_version": version, "created_at": time.time()}
    write_atomic(cfg.workdir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    return manifest


def _remove_tree(path: Path) -> None:
    """Renames the folder aside first, so that a kill never leaves half a work folder behind."""
    if not path.exists():
        return
    trash = path.with_name(f"{path.name}.trash-{os.getpid()}")
    os.replace(path, trash)
    shutil.rmtree(trash)


def _already_done(cfg: JobConfig, key: dict, version: str) -> dict | None:
    """The summary of a finished run of this job (the summary is written after OUT, so OUT is whole)."""
    if cfg.restart or not (cfg.output.exists() and cfg.summary_path.exists()):
        return None
    try:
        summary = json.loads(cfg.summary_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if summary.get("key") == key and summary.get("lexicon_version") == version:
        _remove_tree(cfg.workdir)  # killed while cleaning up after the summary was written
        return summary
    return None


def run(cfg: JobConfig, settings: Settings, stream: TextIO | None = None,
        on_chunk: Callable[[dict], None] | None = None) -> dict:
    """Runs (or resumes) the job to the end and returns the summary (also in OUT.summary.json)."""
    stream = stream or sys.stderr
    started = time.monotonic()
    in_fmt, out_fmt = formats.format_of(cfg.input), formats.format_of(cfg.output)
    if not cfg.input.is_file():
        raise InvalidArgument(f"{cfg.input}: no such file")
    if cfg.output == cfg.input:
        raise InvalidArgument("OUT must differ from IN")
    sha, size, lines = fingerprint(cfg.input)
    key = _job_key(cfg, sha, size)
    if cfg.only_changed is not None:
        if cfg.only_changed in (cfg.output, cfg.input):
            raise InvalidArgument("--only-changed names an earlier OUT: it must differ from IN and OUT")
        prev_summary = cfg.only_changed.with_name(cfg.only_changed.name + ".summary.json")
        key["only_changed"] = str(cfg.only_changed)
        key["previous_summary_sha256"] = (hashlib.sha256(prev_summary.read_bytes()).hexdigest()
                                          if prev_summary.is_file() else "missing")
        key["check_share"] = cfg.check_share
    if in_fmt == "parquet":
        import pyarrow.parquet as pq

        total_hint = pq.ParquetFile(cfg.input).metadata.num_rows
    else:
        total_hint = lines - (1 if in_fmt == "csv" else 0)

    lock = _lock(cfg)
    try:
        summary = _run_locked(cfg, settings, stream, on_chunk, started, in_fmt, out_fmt, key, total_hint)
        cfg.output.with_name(cfg.output.name + ".lock").unlink(missing_ok=True)  # done: tidy, still held
        return summary
    finally:
        lock.close()


def _lock(cfg: JobConfig):
    """One run of a job at a time (an advisory lock next to OUT, released when the process dies)."""
    import fcntl

    cfg.output.parent.mkdir(parents=True, exist_ok=True)
    fh = open(cfg.output.with_name(cfg.output.name + ".lock"), "a+b")
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise FailedPrecondition(f"another run is writing {cfg.output.name}; wait for it or stop it") from None
    for stale in (cfg.output, cfg.rejects_path, cfg.summary_path):
        for tmp in stale.parent.glob(f"{stale.name}.tmp-*"):
            tmp.unlink()  # a killed run's unfinished assembly
    return fh


def _run_locked(cfg, settings, stream, on_chunk, started, in_fmt, out_fmt, key, total_hint) -> dict:
    # Migrate the store once here, so that the workers only open it.
    from service.store import open_store

    open_store(settings.database_url).close()
    manifest = _load_manifest(cfg, key)  # refuses a changed run before any engine is loaded

    ctx = multiprocessing.get_context("spawn")
    workers = cfg.worker_count
    pool = cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_init,
                                  initargs=(settings,))
    state = RunState()
    try:
        version, _ = pool.submit(worker_probe).result()
        state_version, lexicon_state = pool.submit(worker_state).result()
        if state_version != version:
            raise FailedPrecondition("the lexicon changed while the run started; run the same command again")
        if manifest is None:
            done = _already_done(cfg, key, version)
            if done is not None:
                log.info("%s is already complete for this input and lexicon %s", cfg.output.name, version)
                pool.shutdown(wait=False, cancel_futures=True)
                return done
            manifest = _fresh_workdir(cfg, key, version)
        elif manifest["lexicon_version"] != version:
            raise FailedPrecondition(
                f"the lexicon changed since this run began ({manifest['lexicon_version']} → {version}); "
                "pass --restart to screen the whole input again under the current lexicon")
        else:
            for tmp in cfg.workdir.glob("*.tmp-*"):
                tmp.unlink()  # uncommitted work of the killed run
        committed = committed_parts(cfg.workdir)
        resumed_rows = sum(_count_lines(p) for p in committed.values())
        state.chunks_resumed = len(committed)
        if committed:
            log.info("resuming: %d chunks (%d rows) already committed", len(committed), resumed_rows)
        progress = Progress(total_hint, resumed_rows, cfg.progress if cfg.progress != "none" else "off",
                            stream, cfg.progress_interval_s)
        rule, only = _plan_only_changed(cfg, pool, key, version) if cfg.only_changed is not None else (None, None)
        _screen_all(cfg, pool, workers, version, committed, progress, state, on_chunk, rule)
        progress.finish()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    summary = _assemble(cfg, key, version, in_fmt, out_fmt)
    copied = summary.pop("_copied")
    if only is not None:
        only.update({"rows_skipped": copied["c"] + copied["v"],
                     "rows_rescreened": summary["rows_screened"] - copied["c"] - copied["v"],
                     "rows_checked": copied["v"] + copied["m"], "check_mismatches": copied["m"]})
        summary["only_changed"] = only
    summary["code_fingerprint"] = _code_fingerprint()
    summary["lexicon_state"] = lexicon_state
    summary.update({
        "workers": workers, "chunk_size": cfg.chunk_size, "chunks_resumed": state.chunks_resumed,
        "elapsed_s": round(time.monotonic() - started, 3),
        "worker_cpu_s": round(state.cpu_s, 3),
        "worker_rss_max_mib": round(max(state.worker_rss.values(), default=0) / 2**20, 1),
    })
    write_atomic(cfg.summary_path, (json.dumps(summary, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    _remove_tree(cfg.workdir)
    return summary


def _count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))


def _code_fingerprint() -> str:
    from service.batch.changes import code_fingerprint

    return code_fingerprint()


def _plan_only_changed(cfg: JobConfig, pool, key: dict, version: str):
    """(SkipRule or None, the summary's ``only_changed`` block): why every row is screened, or
    the rule for copying the earlier results (see :mod:`service.batch.changes`)."""
    prev = cfg.only_changed
    info: dict = {"previous": str(prev), "previous_version": "", "mode": "all", "reason": "", "changes": {}}

    def everything(why: str):
        info["reason"] = why
        log.warning("--only-changed: screening every row: %s", why)
        return None, info

    summary_path = prev.with_name(prev.name + ".summary.json")
    if not prev.is_file() or not summary_path.is_file():
        return everything(f"{prev.name} or its summary {summary_path.name} is missing")
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return everything(f"{summary_path.name} is unreadable")
    state = summary.get("lexicon_state")
    info["previous_version"] = str(summary.get("lexicon_version", ""))
    if not isinstance(state, dict) or "code_fingerprint" not in summary:
        return everything(f"{summary_path.name} does not record its lexicon state (an older run): "
                          "the lexicon version it was made under cannot be rebuilt")
    if summary.get("key", {}).get("input_sha256") != key["input_sha256"]:
        return everything(f"{prev.name} was made from a different input (SHA-256 differs): rows cannot be matched")
    if summary["code_fingerprint"] != _code_fingerprint():
        return everything("the screening code (engine, normaliser, policy) changed since the earlier run")
    if state.get("version") != info["previous_version"]:
        return everything(f"{summary_path.name} is inconsistent (its lexicon state is not its version)")
    rule, why, counts = pool.submit(worker_rule, state, cfg.check_share).result()
    if rule is None:
        return everything(why)
    info.update(mode="rule", changes=counts)
    log.info("--only-changed: %s → %s: %s", info["previous_version"], version,
             ", ".join(f"{k} {v}" for k, v in counts.items() if v) or "no lexicon change")
    return rule, info


class _Previous:
    """An earlier output's records, read once in row order alongside the input's chunks."""

    def __init__(self, path: Path):
        self._it = formats.iter_results(path)
        self._next: dict | None = None
        self._last = 0

    def upto(self, rows: list[tuple]) -> dict[int, dict]:
        wanted = {r[0] for r in rows}
        top = max(wanted, default=0)
        out: dict[int, dict] = {}
        while True:
            if self._next is None:
                try:
                    self._next = next(self._it)
                except StopIteration:
                    return out
            rec = self._next
            row = rec.get("row")
            if not isinstance(row, int) or row <= self._last:
                self._next = None  # out of order or malformed: that row is screened again
                continue
            if row > top:
                return out
            self._last = row
            self._next = None
            if row in wanted:
                out[row] = rec


def _screen_all(cfg, pool, workers, version, committed, progress, state, on_chunk, rule=None) -> None:
    in_flight: set[cf.Future] = set()
    limit = 2 * workers
    base = str(cfg.input.parent)

    def collect(block: bool) -> None:
        nonlocal in_flight
        done, in_flight = cf.wait(in_flight, timeout=None if block else 0, return_when=cf.FIRST_COMPLETED)
        for fut in done:
            try:
                info = fut.result()  # a worker's failure stops the run; committed chunks stay
            except BrokenProcessPool:
                raise FailedPrecondition("a worker process died (out of memory or killed); committed chunks "
                                         "are kept: run the same command again to resume") from None
            state.chunks_done += 1
            state.cpu_s += info["cpu_s"]
            state.worker_rss[info["pid"]] = info["rss"]
            progress.update(info["rows"])
            if on_chunk is not None:
                on_chunk(info)

    previous = _Previous(cfg.only_changed) if rule is not None else None
    for index, rows in chunks(formats.read_rows(cfg.input), cfg.chunk_size):
        prev = previous.upto(rows) if previous is not None else None
        if index in committed:
            continue
        while len(in_flight) >= limit:
            collect(block=True)
        in_flight.add(pool.submit(worker_chunk, str(cfg.workdir), index, rows, base, version, rule, prev))
        collect(block=False)
        progress.update(0)
    while in_flight:
        collect(block=True)


def _assemble(cfg: JobConfig, key: dict, version: str, in_fmt: str, out_fmt: str) -> dict:
    """Writes OUT and OUT.rejects.jsonl from the parts in chunk order; returns the summary."""
    parts = committed_parts(cfg.workdir)
    expected = range(len(parts))
    if sorted(parts) != list(expected):
        missing = sorted(set(expected) - set(parts))[:5]
        raise FailedPrecondition(f"chunks {missing} are missing from {cfg.workdir}; run again to finish them")
    decisions: Counter = Counter()
    categories: Counter = Counter()
    techniques: Counter = Counter()
    reasons: Counter = Counter()
    copied: Counter = Counter({"c": 0, "v": 0, "m": 0})
    rows = rejected = 0
    out_tmp = cfg.output.with_name(f"{cfg.output.name}.tmp-{os.getpid()}")
    rej_tmp = cfg.rejects_path.with_name(f"{cfg.rejects_path.name}.tmp-{os.getpid()}")
    with open(out_tmp, "wb") as out_fh, open(rej_tmp, "w", encoding="utf-8", newline="\n") as rej_fh:
        writer = formats.open_writer(out_fmt, out_fh)
        for index in expected:
            records = []
            with open(parts[index], encoding="utf-8") as fh:
                for line in fh:
                    kind, value = json.loads(line)
                    rows += 1
                    if kind == "xm":
                        copied["m"] += 1
                    if kind in ("x", "xm"):
                        rejected += 1
                        reasons[value.get("code") or "other"] += 1
                        value.pop("code", None)
                        rej_fh.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n")
                        continue
                    if kind != "r":
                        copied[kind] += 1
                    records.append(value)
                    decisions[value["decision"]] += 1
                    categories.update(value["categories"])
                    techniques.update(value["techniques"])
            writer.write(records)
        writer.close()
        for fh in (out_fh, rej_fh):
            fh.flush()
            os.fsync(fh.fileno())
    os.replace(out_tmp, cfg.output)
    os.replace(rej_tmp, cfg.rejects_path)
    _fsync_dir(cfg.output.parent)
    return {
        "key": key, "input": str(cfg.input), "output": str(cfg.output), "rejects": str(cfg.rejects_path),
        "lexicon_version": version, "rows_in": rows, "rows_screened": rows - rejected, "rows_rejected": rejected,
        "decisions": dict(sorted(decisions.items())),
        "categories": dict(categories.most_common()), "techniques": dict(techniques.most_common()),
        "rejects_by_reason": dict(reasons.most_common()), "_copied": dict(copied),
    }


def format_summary(summary: dict) -> str:
    """A short human-readable summary (the JSON is in OUT.summary.json)."""
    def counts(d: dict) -> str:
        return ", ".join(f"{k} {v:,}" for k, v in d.items()) or "none"

    rate = summary["rows_in"] / summary["elapsed_s"] if summary.get("elapsed_s") else 0.0
    return "\n".join([
        f"screened {summary['rows_screened']:,} of {summary['rows_in']:,} rows under lexicon "
        f"{summary['lexicon_version']}; {summary['rows_rejected']:,} rejected"
        + (f" (see {Path(summary['rejects']).name})" if summary["rows_rejected"] else ""),
        f"decisions: {counts(summary['decisions'])}",
        f"categories (rows): {counts(summary['categories'])}",
        f"techniques (rows): {counts(summary['techniques'])}",
        f"rejects by reason: {counts(summary['rejects_by_reason'])}",
        f"{summary.get('workers', '?')} workers, {summary.get('elapsed_s', 0):.1f} s"
        + (f" ({rate:,.0f} rows/s overall)" if rate else "")
        + (f", {summary['chunks_resumed']} chunks resumed" if summary.get("chunks_resumed") else ""),
        *_only_changed_lines(summary.get("only_changed")),
    ])


def _only_changed_lines(only: dict | None) -> list[str]:
    if not only:
        return []
    if only["mode"] == "all":
        return [f"only-changed: every row screened again: {only['reason']}"]
    changes = ", ".join(f"{k} {v}" for k, v in only["changes"].items() if v) or "no lexicon change"
    lines = [f"only-changed ({only['previous_version']} → now: {changes}): {only['rows_skipped']:,} rows "
             f"copied from {Path(only['previous']).name}, {only['rows_rescreened']:,} screened again; "
             f"{only['rows_checked']:,} copies checked"]
    if only["check_mismatches"]:
        lines.append(f"WARNING: {only['check_mismatches']} checked copies differ from a fresh screening: the "
                     "other copies cannot be trusted; run again without --only-changed")
    return lines


__all__ = ["JobConfig", "run", "format_summary", "screen_rows", "fingerprint"]
