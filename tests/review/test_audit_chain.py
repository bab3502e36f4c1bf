"""The hash-chained audit log: edits, removals and reorderings are detected; pruning keeps
the rest verifiable; concurrent writers never fork the chain; the CLI."""
from __future__ import annotations

import json
import threading
import time

import pytest

from service.cli import main
from service.store import open_store


def _fill(store, n=6, pause=0.0):
    for i in range(n):
        store.audit.record(f"actor-{i}", "case.decide", f"case:{i}", {"verdict": "REJECT", "i": i})
        time.sleep(pause)


def test_intact_chain_verifies(store):
    _fill(store)
    report = store.audit.verify()
    assert report.ok and report.checked == 6 and report.head_seq == 6
    entries = list(store.audit.iter_chain())
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5, 6]
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:]))
    assert store.audit.list(limit=2)[0].target == "case:5"  # list() still newest first


def test_edited_entry_is_detected(store):
    _fill(store)
    store.db.execute("UPDATE audit_log SET detail = ? WHERE seq = 3", (json.dumps({"verdict": "APPROVE", "i": 2}),))
    report = store.audit.verify()
    assert not report.ok and any("seq 3" in p and "edited" in p for p in report.problems)


def test_edited_actor_is_detected(store):
    _fill(store)
    store.db.execute("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5")
    assert not store.audit.verify().ok


def test_removed_entry_is_detected(store):
    _fill(store)
    store.db.execute("DELETE FROM audit_log WHERE seq = 4")
    report = store.audit.verify()
    assert not report.ok and any("seq 5" in p for p in report.problems)


def test_reordered_entries_are_detected(store):
    _fill(store)
    # swap the chain positions of two entries
    store.db.execute("UPDATE audit_log SET seq = -1 WHERE seq = 2")
    store.db.execute("UPDATE audit_log SET seq = 2 WHERE seq = 3")
    store.db.execute("UPDATE audit_log SET seq = 3 WHERE seq = -1")
    assert not store.audit.verify().ok


def test_rewritten_hashes_still_break_the_links(store):
    _fill(store)
    # an editor who recomputes the edited entry's own hash still breaks the next link
    from service.store.audit_repo import entry_hash

    row = store.db.one("SELECT seq, at, actor, action, target, prev_hash FROM audit_log WHERE seq = 2")
    detail = json.dumps({"i": 1, "verdict": "APPROVE"}, sort_keys=True)
    store.db.execute("UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 2",
                     (detail, entry_hash(row[5], row[0], row[1], row[2], row[3], row[4], detail)))
    report = store.audit.verify()
    assert not report.ok and any("seq 3" in p and "link" in p for p in report.problems)


def test_prune_keeps_the_rest_verifiable_with_an_anchor(store):
    _fill(store, pause=0.003)  # timestamps are to the millisecond
    cut = list(store.audit.iter_chain())[3].at  # entries before the 4th
    removed = store.audit.prune(cut, "tests")
    assert removed == 3
    report = store.audit.verify()
    assert report.ok and report.anchor_seq == removed
    assert store.audit.list(limit=1)[0].action == "audit.prune"
    first = next(store.audit.iter_chain())
    store.db.execute("DELETE FROM audit_log WHERE seq = ?", (first.seq,))
    assert not store.audit.verify().ok  # removing the entry after the anchor is still caught


def test_legacy_entries_are_chained_by_the_next_append(store):
    store.db.execute("INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                     ("2026-01-01T00:00:00.000+00:00", "old", "entity.add", "x", "{}"))
    assert not store.audit.verify().ok  # an entry outside the chain is reported
    store.audit.record("new", "entity.update", "x", {})
    report = store.audit.verify()
    assert report.ok and report.checked == 2


def test_concurrent_writers_do_not_fork_the_chain(store, review_settings):
    replica = open_store(review_settings.database_url)
    try:
        def write(s, who):
            for i in range(15):
                s.audit.record(who, "case.claim", f"case:{who}:{i}", {})

        threads = [threading.Thread(target=write, args=(store if i % 2 else replica, f"w{i}")) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        report = store.audit.verify()
        assert report.ok and report.checked == 60 and report.head_seq == 60
    finally:
        replica.close()


@pytest.fixture
def cli_db(sqlite_url, monkeypatch):
    monkeypatch.setenv("ZHENWEI_DATABASE_URL", sqlite_url)
    store = open_store(sqlite_url)
    _fill(store)
    yield store
    store.close()


def test_cli_verify_export_and_prune(cli_db, tmp_path, capsys):
    assert main(["audit", "verify"]) == 0
    out = tmp_path / "audit.jsonl"
    assert main(["audit", "export", "--since", "2000-01-01", str(out)]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["seq"] for x in lines] == [1, 2, 3, 4, 5, 6] and lines[1]["prev_hash"] == lines[0]["hash"]
    assert main(["audit", "export", "--since", "2999-01-01", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == ""
    assert main(["audit", "prune", "--older-than-days", "30"]) == 2  # below the six-month minimum
    assert "refusing" in capsys.readouterr().err
    assert main(["audit", "prune"]) == 0  # nothing is that old: removes nothing, chain intact
    cli_db.db.execute("UPDATE audit_log SET target = 'case:x' WHERE seq = 2")
    assert main(["audit", "verify"]) == 1
    assert "TAMPERED" in capsys.readouterr().err
