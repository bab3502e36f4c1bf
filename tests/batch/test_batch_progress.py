"""The progress display: a bar with rows/s and ETA on a terminal, log lines otherwise."""
from __future__ import annotations

import io
import logging
import re

from service.batch.job import Progress, format_summary


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal_shows_rate_and_eta(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr("service.batch.job.time.monotonic", lambda: clock[0])
    out = Tty()
    p = Progress(total=1000, done=200, mode="auto", stream=out, interval_s=10)  # 200 rows resumed
    clock[0] += 2.0
    p.update(400)
    last = out.getvalue().split("\r")[-1]
    assert re.search(r"\[#{18}\.{12}\] 600/1,000 rows \(60%\), 200 rows/s, ETA 0:00:02", last), last
    p.finish()
    assert out.getvalue().endswith("\n")


def test_log_lines_when_not_a_terminal(monkeypatch, caplog):
    clock = [0.0]
    monkeypatch.setattr("service.batch.job.time.monotonic", lambda: clock[0])
    out = io.StringIO()
    p = Progress(total=100, done=0, mode="auto", stream=out, interval_s=10)
    with caplog.at_level(logging.INFO, logger="zhenwei.batch"):
        clock[0] = 5.0
        p.update(10)  # before the interval: quiet
        clock[0] = 11.0
        p.update(10)
        p.finish()
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0] == "progress: 20/100 rows (20%), 2 rows/s, ETA 0:00:44"  # 20 rows in 11 s; 80 to go
    assert lines[-1].startswith("progress: 20/20 rows (100%)")
    assert out.getvalue() == ""


def test_summary_text():
    text = format_summary({"rows_in": 10, "rows_screened": 8, "rows_rejected": 2, "rejects": "/x/out.csv.rejects.jsonl",
                           "lexicon_version": "abc+r1", "decisions": {"ALLOW": 5, "REVIEW": 3},
                           "categories": {"NEWS_MEDIA": 3}, "techniques": {"EXACT": 3},
                           "rejects_by_reason": {"bad_json": 2}, "workers": 2, "elapsed_s": 2.0})
    assert "screened 8 of 10 rows under lexicon abc+r1; 2 rejected (see out.csv.rejects.jsonl)" in text
    assert "decisions: ALLOW 5, REVIEW 3" in text and "rejects by reason: bad_json 2" in text
