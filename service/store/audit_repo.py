"""Append-only, hash-chained audit log: who changed what, when.

Every entry carries ``seq`` (1, 2, 3 … without gaps), the hash of the entry before it
(``prev_hash``) and its own ``hash`` = SHA-256 over ``prev_hash`` and the entry's
canonical content (seq, time, actor, action, target, detail). :meth:`AuditRepository.verify`
recomputes the chain: an edited entry no longer matches its hash, a removed one leaves a
gap in ``seq`` and a broken link, and reordered entries break the links.

Appends are serialised so that concurrent writers (threads, replicas) never fork the
chain: on PostgreSQL a transaction-scoped advisory lock, on SQLite the database write lock
that ``Database.transaction`` (BEGIN IMMEDIATE) takes. The lock is held until the
enclosing transaction ends, so an entry written inside a change's transaction commits or
rolls back with that change.

Pruning (:meth:`prune`) removes a prefix of the chain and stores an *anchor* (the seq and
hash of the last removed entry), so the remaining chain still verifies from the anchor.
Entries written before the chain existed are chained by the first append after the upgrade.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterator

from service.domain.errors import InvalidArgument
from service.store.db import Database

#: Advisory lock key (PostgreSQL) that serialises audit appends across replicas.
_AUDIT_LOCK = 7411904
GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    target: str
    detail: dict
    seq: int = 0
    prev_hash: str = ""
    hash: str = ""


@dataclass
class ChainReport:
    """Outcome of :meth:`AuditRepository.verify`; ``ok`` when ``problems`` is empty."""
    checked: int = 0
    anchor_seq: int = 0
    head_seq: int = 0
    head_hash: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def entry_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, target: str, detail_text: str) -> str:
    """The chain hash of one entry (``detail_text`` as stored: canonical JSON)."""
    body = json.dumps([seq, at, actor, action, target, detail_text], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + body).encode("utf-8")).hexdigest()


_COLS = "id, at, actor, action, target, detail, seq, prev_hash, hash"


def _entry(r: tuple) -> AuditEntry:
    return AuditEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), int(r[6] or 0), r[7] or "", r[8] or "")


class AuditRepository:
    MIGRATIONS = [
        ("0001_audit", """
        CREATE TABLE IF NOT EXISTS audit_log (
            id {serial_pk},
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS audit_log_target ON audit_log (target)
        """),
        ("0002_audit_chain", """
        ALTER TABLE audit_log ADD COLUMN seq {bigint} NOT NULL DEFAULT 0;
        ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
        ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
        CREATE INDEX IF NOT EXISTS audit_log_seq ON audit_log (seq);
        CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);
        CREATE TABLE IF NOT EXISTS audit_anchor (
            id INTEGER PRIMARY KEY,
            seq {bigint} NOT NULL,
            hash TEXT NOT NULL,
            pruned_at TEXT NOT NULL,
            pruned_before TEXT NOT NULL,
            pruned_total {bigint} NOT NULL
        )
        """),
    ]

    def __init__(self, db: Database):
        self.db = db

    # -- appends ---------------------------------------------------------------------------
    def _lock(self) -> None:
        if self.db.dialect == "postgres":
            self.db.execute("SELECT pg_advisory_xact_lock(?)", (_AUDIT_LOCK,))

    def _tail(self) -> tuple[int, str]:
        """(seq, hash) of the last chained entry, else of the anchor, else (0, GENESIS)."""
        row = self.db.one("SELECT seq, hash FROM audit_log WHERE seq > 0 ORDER BY seq DESC LIMIT 1")
        if row is not None:
            return int(row[0]), row[1]
        anchor = self.anchor()
        return (anchor[0], anchor[1]) if anchor else (0, GENESIS)

    def _seal_legacy(self, seq: int, prev: str) -> tuple[int, str]:
        """Chains entries written before the chain existed (or by an old replica), in id order."""
        for r in self.db.query("SELECT id, at, actor, action, target, detail FROM audit_log WHERE seq = 0 "
                               "ORDER BY id"):
            seq += 1
            h = entry_hash(prev, seq, r[1], r[2], r[3], r[4], r[5])
            self.db.execute("UPDATE audit_log SET seq = ?, prev_hash = ?, hash = ? WHERE id = ?", (seq, prev, h, r[0]))
            prev = h
        return seq, prev

    def record(self, actor: str, action: str, target: str, detail: dict[str, Any] | None = None) -> None:
        """Appends one entry. Call inside the transaction that makes the change."""
        at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")
        detail_text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
        actor = actor or "unknown"
        with self.db.transaction():
            self._lock()
            seq, prev = self._tail()
            if self.db.one("SELECT 1 FROM audit_log WHERE seq = 0 LIMIT 1"):  # legacy rows (index on seq)
                seq, prev = self._seal_legacy(seq, prev)
            seq += 1
            self.db.execute(
                "INSERT INTO audit_log (at, actor, action, target, detail, seq, prev_hash, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (at, actor, action, target, detail_text, seq, prev,
                 entry_hash(prev, seq, at, actor, action, target, detail_text)))

    # -- reads -----------------------------------------------------------------------------
    def list(self, target: str | None = None, limit: int = 100) -> list[AuditEntry]:
        """Newest first (optionally one target's entries)."""
        if target:
            rows = self.db.query(f"SELECT {_COLS} FROM audit_log WHERE target = ? ORDER BY id DESC LIMIT ?",
                                 (target, limit))
        else:
            rows = self.db.query(f"SELECT {_COLS} FROM audit_log ORDER BY id DESC LIMIT ?", (limit,))
        return [_entry(r) for r in rows]

    def iter_chain(self, since: str = "", batch: int = 1000) -> Iterator[AuditEntry]:
        """Every entry in chain order (``since``: only entries at or after that ISO time)."""
        after = -1
        while True:
            rows = self.db.query(f"SELECT {_COLS} FROM audit_log WHERE seq > ? AND at >= ? ORDER BY seq, id LIMIT ?",
                                 (after, since, batch))
            for r in rows:
                yield _entry(r)
            if len(rows) < batch:
                return
            after = int(rows[-1][6])

    def anchor(self) -> tuple[int, str, str, str, int] | None:
        """(seq, hash, pruned_at, pruned_before, pruned_total) of the last prune, or None."""
        row = self.db.one("SELECT seq, hash, pruned_at, pruned_before, pruned_total FROM audit_anchor WHERE id = 1")
        return (int(row[0]), row[1], row[2], row[3], int(row[4])) if row else None

    def verify(self) -> ChainReport:
        """Recomputes the whole chain from the anchor (or the start)."""
        report = ChainReport()
        anchor = self.anchor()
        expected_seq, prev = (anchor[0], anchor[1]) if anchor else (0, GENESIS)
        report.anchor_seq = expected_seq
        last_id = 0
        unchained = self.db.one("SELECT COUNT(*) FROM audit_log WHERE hash = ''")
        if unchained and int(unchained[0]):
            report.problems.append(f"{int(unchained[0])} entries carry no hash (written outside the chain)")
        for r in self.db.query(f"SELECT {_COLS} FROM audit_log WHERE hash <> '' ORDER BY seq, id"):
            entry_id, at, actor, action, target, detail_text, seq, prev_hash, h = r
            seq = int(seq)
            report.checked += 1
            if len(report.problems) >= 50:
                report.problems.append("… stopped after 50 problems")
                break
            if seq != expected_seq + 1:
                report.problems.append(f"seq {seq} (id {entry_id}): expected seq {expected_seq + 1} "
                                       "(an entry was removed or duplicated)")
            if prev_hash != prev:
                report.problems.append(f"seq {seq} (id {entry_id}): does not link to the entry before it "
                                       "(removed, inserted or reordered entries)")
            if entry_hash(prev_hash, seq, at, actor, action, target, detail_text) != h:
                report.problems.append(f"seq {seq} (id {entry_id}): content does not match its hash (edited)")
            if entry_id <= last_id:
                report.problems.append(f"seq {seq} (id {entry_id}): ids out of chain order (reordered)")
            last_id = entry_id
            expected_seq, prev = seq, h
        report.head_seq, report.head_hash = expected_seq, prev
        return report

    # -- retention -------------------------------------------------------------------------
    def prune(self, before: str, actor: str) -> int:
        """Removes the entries older than ``before`` (ISO time), keeping the chain verifiable:
        the removed prefix is replaced by an anchor. Returns how many were removed.

        The caller (``zhenwei audit prune``) enforces the minimum retention."""
        if not before:
            raise InvalidArgument("a cut-off time is required")
        with self.db.transaction():
            self._lock()
            row = self.db.one("SELECT MAX(seq) FROM audit_log WHERE hash <> '' AND at < ?", (before,))
            cut = int(row[0]) if row and row[0] is not None else 0
            anchor = self.anchor()
            if cut == 0 or (anchor and cut <= anchor[0]):
                return 0
            last = self.db.one("SELECT hash FROM audit_log WHERE seq = ?", (cut,))
            assert last is not None
            removed = self.db.execute("DELETE FROM audit_log WHERE seq <= ? AND hash <> ''", (cut,))
            total = removed + (anchor[4] if anchor else 0)
            now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            if anchor:
                self.db.execute("UPDATE audit_anchor SET seq = ?, hash = ?, pruned_at = ?, pruned_before = ?, "
                                "pruned_total = ? WHERE id = 1", (cut, last[0], now, before, total))
            else:
                self.db.execute("INSERT INTO audit_anchor (id, seq, hash, pruned_at, pruned_before, pruned_total) "
                                "VALUES (1, ?, ?, ?, ?, ?)", (cut, last[0], now, before, total))
            self.record(actor, "audit.prune", "audit_log",
                        {"before": before, "removed": removed, "anchor_seq": cut, "anchor_hash": last[0]})
        return removed
