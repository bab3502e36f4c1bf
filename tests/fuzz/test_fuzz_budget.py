"""CI budget for the atheris harnesses (fuzz/): each target runs a fixed number of
executions with a fixed seed, in a subprocess, over its seed corpus, and must end
without a crash. The longer runs are recorded in bench/RESULTS.md.

atheris is a pinned dev dependency (pyproject.toml); these tests fail, not skip, without it.
"""
from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("zw_fuzz_run", ROOT / "fuzz" / "run.py")
fuzz_run = importlib.util.module_from_spec(_spec)
sys.modules["zw_fuzz_run"] = fuzz_run  # dataclasses look the module up by name
_spec.loader.exec_module(fuzz_run)


@pytest.mark.parametrize("target", fuzz_run.TARGETS)
def test_harness_runs_its_budget_without_a_crash(target, tmp_path):
    r = fuzz_run.run(target, runs=fuzz_run.CI_RUNS[target], seed=1, artifacts=tmp_path / "artifacts",
                     timeout_per_input=20)
    assert not r.crashed, f"{r.line()}\n{r.tail}"
    # the whole budget ran (libFuzzer counts the seed inputs among the runs) and coverage was reached
    assert r.execs >= fuzz_run.CI_RUNS[target], r.line()
    assert r.cov > 50, r.line()


@pytest.mark.parametrize("target", fuzz_run.TARGETS)
def test_seed_corpus_is_present_and_small(target):
    files = [p for p in (ROOT / "fuzz" / "corpus" / target).iterdir() if p.is_file()]
    assert 5 <= len(files) <= 400
    assert sum(p.stat().st_size for p in files) < 64 * 1024


def test_runner_reports_a_crash(tmp_path):
    """The budget test can fail: a harness that raises on an input is reported as a crash
    with its artifact."""
    script = tmp_path / "fuzz_crashy.py"
    script.write_text(textwrap.dedent("""
        import sys
        import atheris

        def TestOneInput(data):
            if len(data) >= 3:
                raise KeyError("boom")

        atheris.Setup(sys.argv, TestOneInput)
        atheris.Fuzz()
    """))
    r = fuzz_run.run("crashy", runs=5000, seed=1, artifacts=tmp_path / "artifacts", script=script)
    assert r.crashed
    assert r.artifacts and Path(r.artifacts[0]).name.startswith("crash-")
    assert "KeyError" in r.tail
