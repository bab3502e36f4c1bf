"""Lexicon drafts: staged lexicon changes that are not served.

A draft is a named, ordered list of operations (the ones :class:`service.lexicon.admin.LexiconAdmin`
performs: add/update/retire an entry, add/remove an owner, add/remove a closed-account name),
kept here until it is published (each operation then goes through ``LexiconAdmin``, audited
as usual) or discarded. Nothing here touches the served lexicon or its revision; a draft has
its own ``revision`` (bumped by every added operation) so a shadow engine knows when to rebuild.

Every change to a draft is written to the audit log in the same transaction
(``draft.create``, ``draft.op``, ``draft.discard``, ``draft.publish``).

The repository is registered in :mod:`service.store.base` as ``store.drafts``; :func:`drafts_of`
also attaches (and migrates) it on a store that predates that registration.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from service.domain.errors import FailedPrecondition, NotFound
from service.store.audit_repo import AuditRepository
from service.store.db import Database

STATUSES = ("open", "publishing", "published", "discarded")


@dataclass(frozen=True)
class DraftRecord:
    id: int
    name: str
    note: str
    status: str
    revision: int          # bumped by every added operation
    base_version: str      # the live lexicon version when the draft was created
    created_at: str
    created_by: str
    updated_at: str
    published_ops: int     # operations already applied by publish (resumable)
    closed_at: str         # published or discarded at
    closed_by: str
    result: str            # the lexicon version after publishing, or the discard reason


@dataclass(frozen=True)
class DraftOpRecord:
    draft_id: int
    seq: int               # 1, 2, 3 … in the order added
    kind: str
    body: dict
    added_at: str
    added_by: str


_COLS = ("id, name, note, status, revision, base_version, created_at, created_by, updated_at, published_ops, "
         "closed_at, closed_by, result")


def _record(r: tuple) -> DraftRecord:
    return DraftRecord(int(r[0]), r[1], r[2], r[3], int(r[4]), r[5], r[6], r[7], r[8], int(r[9]), r[10], r[11],
                       r[12])


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class DraftRepository:
    MIGRATIONS = [
        ("0201_lexicon_drafts", """
        CREATE TABLE IF NOT EXISTS lexicon_drafts (
            id {serial_pk},
            name TEXT NOT NULL,
            note TEXT NOT NULL,
            status TEXT NOT NULL,
            revision {bigint} NOT NULL,
            base_version TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            published_ops {bigint} NOT NULL,
            closed_at TEXT NOT NULL,
            closed_by TEXT NOT NULL,
            result TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS lexicon_draft_ops (
            draft_id {bigint} NOT NULL,
            seq {bigint} NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            added_at TEXT NOT NULL,
            added_by TEXT NOT NULL,
            PRIMARY KEY (draft_id, seq)
        )
        """),
    ]

    def __init__(self, db: Database):
        self.db = db
        self.audit = AuditRepository(db)

    # -- reads ---------------------------------------------------------------------------
    def get(self, draft_id: int) -> DraftRecord:
        row = self.db.one(f"SELECT {_COLS} FROM lexicon_drafts WHERE id = ?", (draft_id,))
        if row is None:
            raise NotFound(f"draft {draft_id} not found")
        return _record(row)

    def list(self, include_closed: bool = False) -> list[DraftRecord]:
        if include_closed:
            rows = self.db.query(f"SELECT {_COLS} FROM lexicon_drafts ORDER BY id")
        else:
            rows = self.db.query(f"SELECT {_COLS} FROM lexicon_drafts WHERE status IN ('open', 'publishing') "
                                 "ORDER BY id")
        return [_record(r) for r in rows]

    def ops(self, draft_id: int) -> list[DraftOpRecord]:
        rows = self.db.query("SELECT draft_id, seq, kind, body, added_at, added_by FROM lexicon_draft_ops "
                             "WHERE draft_id = ? ORDER BY seq", (draft_id,))
        return [DraftOpRecord(int(r[0]), int(r[1]), r[2], json.loads(r[3]), r[4], r[5]) for r in rows]

    def revision(self, draft_id: int) -> tuple[str, int] | None:
        """(status, revision) of a draft, one cheap read (the shadow engine polls it); None if unknown."""
        row = self.db.one("SELECT status, revision FROM lexicon_drafts WHERE id = ?", (draft_id,))
        return (row[0], int(row[1])) if row else None

    # -- writes (each one transaction with its audit entry) ---------------------------------
    def _lock_open(self, draft_id: int, allowed: tuple[str, ...] = ("open",)) -> DraftRecord:
        lock = " FOR UPDATE" if self.db.dialect == "postgres" else ""
        row = self.db.one(f"SELECT {_COLS} FROM lexicon_drafts WHERE id = ?{lock}", (draft_id,))
        if row is None:
            raise NotFound(f"draft {draft_id} not found")
        rec = _record(row)
        if rec.status not in allowed:
            raise FailedPrecondition(f"draft {draft_id} is {rec.status}")
        return rec

    def create(self, name: str, note: str, base_version: str, actor: str) -> DraftRecord:
        now = _now()
        with self.db.transaction():
            new_id = self.db.insert_returning_id(
                "INSERT INTO lexicon_drafts (name, note, status, revision, base_version, created_at, created_by, "
                "updated_at, published_ops, closed_at, closed_by, result) "
                "VALUES (?, ?, 'open', 0, ?, ?, ?, ?, 0, '', '', '')",
                (name, note, base_version, now, actor, now))
            self.audit.record(actor, "draft.create", f"draft.{new_id}",
                              {"name": name, "note": note, "base_version": base_version})
        return self.get(new_id)

    def add_op(self, draft_id: int, kind: str, body: dict, actor: str) -> DraftOpRecord:
        text = json.dumps(body, ensure_ascii=False, sort_keys=True)
        now = _now()
        with self.db.transaction():
            rec = self._lock_open(draft_id)
            row = self.db.one("SELECT MAX(seq) FROM lexicon_draft_ops WHERE draft_id = ?", (draft_id,))
            seq = int(row[0]) + 1 if row and row[0] is not None else 1
            try:
                self.db.execute("INSERT INTO lexicon_draft_ops (draft_id, seq, kind, body, added_at, added_by) "
                                "VALUES (?, ?, ?, ?, ?, ?)", (draft_id, seq, kind, text, now, actor))
            except Exception as exc:  # two writers raced for the same seq (SQLite serialises; PG locks)
                if self.db.is_integrity_error(exc):
                    raise FailedPrecondition(f"draft {draft_id} changed meanwhile; try again") from None
                raise
            self.db.execute("UPDATE lexicon_drafts SET revision = ?, updated_at = ? WHERE id = ?",
                            (rec.revision + 1, now, draft_id))
            self.audit.record(actor, "draft.op", f"draft.{draft_id}", {"seq": seq, "kind": kind, "op": body})
        return DraftOpRecord(draft_id, seq, kind, body, now, actor)

    def discard(self, draft_id: int, reason: str, actor: str) -> DraftRecord:
        now = _now()
        with self.db.transaction():
            self._lock_open(draft_id)
            self.db.execute("UPDATE lexicon_drafts SET status = 'discarded', updated_at = ?, closed_at = ?, "
                            "closed_by = ?, result = ? WHERE id = ?", (now, now, actor, reason, draft_id))
            self.audit.record(actor, "draft.discard", f"draft.{draft_id}", {"reason": reason})
        return self.get(draft_id)

    def begin_publish(self, draft_id: int, actor: str) -> DraftRecord:
        """Marks an open draft as being published (no more operations may be added); a draft
        already ``publishing`` (an interrupted publish) is returned as it is, to be resumed."""
        with self.db.transaction():
            rec = self._lock_open(draft_id, ("open", "publishing"))
            if rec.status == "open":
                self.db.execute("UPDATE lexicon_drafts SET status = 'publishing', updated_at = ? WHERE id = ?",
                                (_now(), draft_id))
                self.audit.record(actor, "draft.publish.begin", f"draft.{draft_id}", {"ops": rec.revision})
        return self.get(draft_id)

    def op_published(self, draft_id: int, seq: int) -> None:
        """Records that operations up to ``seq`` are live (a resumed publish skips them)."""
        with self.db.transaction():
            self.db.execute("UPDATE lexicon_drafts SET published_ops = ?, updated_at = ? "
                            "WHERE id = ? AND status = 'publishing'", (seq, _now(), draft_id))

    def finish_publish(self, draft_id: int, version: str, actor: str) -> DraftRecord:
        now = _now()
        with self.db.transaction():
            self._lock_open(draft_id, ("publishing",))
            self.db.execute("UPDATE lexicon_drafts SET status = 'published', updated_at = ?, closed_at = ?, "
                            "closed_by = ?, result = ? WHERE id = ?", (now, now, actor, version, draft_id))
            self.audit.record(actor, "draft.publish", f"draft.{draft_id}", {"lexicon_version": version})
        return self.get(draft_id)


def drafts_of(store) -> DraftRepository:
    """The store's draft repository: ``store.drafts`` when the store registers it, else one
    attached (and its tables migrated, idempotently) on first use."""
    repo = getattr(store, "drafts", None)
    if repo is None:
        repo = DraftRepository(store.db)
        store.db.migrate(DraftRepository.MIGRATIONS)
        store.drafts = repo
    return repo
