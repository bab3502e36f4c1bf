"""Operator-managed lexicon state: entries, verified owners, closed-account names.

Every change bumps one revision counter in the same transaction, so each replica
learns of any change with one cheap read (:meth:`revision`) and rebuilds its
matcher from :meth:`snapshot`. Every change is also written to the audit log.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Callable

from service.domain.errors import AlreadyExists, InvalidArgument, NotFound
from service.domain.models import Category
from service.domain.lexicon import ClosedName, Entity
from service.store.audit_repo import AuditRepository
from service.store.db import Database

#: Closed-account names are kept at least this long (regulation: ≥ 6 months).
MIN_CLOSED_RETENTION_DAYS = 183


@dataclass(frozen=True)
class LexiconSnapshot:
    revision: int
    entities: tuple[Entity, ...]
    retired: tuple[str, ...]
    owners: dict[str, tuple[str, ...]]
    closed: tuple[ClosedName, ...]


@dataclass(frozen=True)
class ClosedRecord:
    """One closed-account name as stored (what ListClosedAccounts shows)."""
    id: str          # closed.<n>
    name: str
    account_id: str
    reason: str
    closed_at: str
    keep_until: str
    added_by: str


_CLOSED_COLS = "id, name, account_id, reason, closed_at, keep_until, added_by"


def _closed(row: tuple) -> ClosedRecord:
    return ClosedRecord(f"closed.{row[0]}", *row[1:])


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _entity_json(e: Entity) -> str:
    d = dataclasses.asdict(e)
    d["category"] = e.category.name
    d["flags"] = sorted(e.flags)
    return json.dumps(d, ensure_ascii=False, sort_keys=True)


def _entity_from_json(text: str) -> Entity:
    d = json.loads(text)
    d["category"] = Category[d["category"]]
    d["flags"] = frozenset(d["flags"])
    d["aliases"] = tuple(d["aliases"])
    d["abbreviations"] = tuple(d["abbreviations"])
    return Entity(**d)


class LexiconRepository:
    MIGRATIONS = [
        ("0002_lexicon", """
        CREATE TABLE IF NOT EXISTS lexicon_revision (id INTEGER PRIMARY KEY, revision {bigint} NOT NULL);
        INSERT INTO lexicon_revision (id, revision) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
        CREATE TABLE IF NOT EXISTS lexicon_entries (
            id TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            body TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS entity_owners (
            entity_id TEXT NOT NULL,
            uscc TEXT NOT NULL,
            added_at TEXT NOT NULL,
            added_by TEXT NOT NULL,
            PRIMARY KEY (entity_id, uscc)
        );
        CREATE TABLE IF NOT EXISTS closed_names (
            id {serial_pk},
            name TEXT NOT NULL,
            account_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            closed_at TEXT NOT NULL,
            keep_until TEXT NOT NULL,
            added_by TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS closed_names_name ON closed_names (name)
        """),
    ]

    def __init__(self, db: Database):
        self.db = db
        self.audit = AuditRepository(db)

    # -- reads ---------------------------------------------------------------
    def revision(self) -> int:
        row = self.db.one("SELECT revision FROM lexicon_revision WHERE id = 1")
        return int(row[0]) if row else 0

    def snapshot(self) -> LexiconSnapshot:
        with self.db.transaction():
            rev = self.revision()
            rows = self.db.query("SELECT id, status, body FROM lexicon_entries ORDER BY id")
            owners: dict[str, list[str]] = {}
            for ent_id, uscc in self.db.query("SELECT entity_id, uscc FROM entity_owners ORDER BY entity_id, uscc"):
                owners.setdefault(ent_id, []).append(uscc)
            closed = [ClosedName(f"closed.{r[0]}", r[1], r[2], r[3], r[4]) for r in self.db.query(
                "SELECT id, name, account_id, closed_at, reason FROM closed_names ORDER BY id")]
        active = tuple(_entity_from_json(b) for _, s, b in rows if s == "active")
        retired = tuple(i for i, s, _ in rows if s == "retired")
        return LexiconSnapshot(rev, active, retired, {k: tuple(v) for k, v in owners.items()}, tuple(closed))

    def list_closed(self, after: int = 0, limit: int = 100) -> list[ClosedRecord]:
        """Closed names with a numeric id above ``after``, oldest first (keyset pagination)."""
        return [_closed(r) for r in self.db.query(
            f"SELECT {_CLOSED_COLS} FROM closed_names WHERE id > ? ORDER BY id LIMIT ?", (after, limit))]

    def get_entry(self, entity_id: str) -> tuple[str, Entity] | None:
        row = self.db.one("SELECT status, body FROM lexicon_entries WHERE id = ?", (entity_id,))
        return (row[0], _entity_from_json(row[1])) if row else None

    def owners(self, entity_id: str) -> list[str]:
        return [r[0] for r in self.db.query("SELECT uscc FROM entity_owners WHERE entity_id = ? ORDER BY uscc",
                                            (entity_id,))]

    # -- writes (each one transaction: change + audit + revision) -------------
    def _bump(self) -> int:
        self.db.execute("UPDATE lexicon_revision SET revision = revision + 1 WHERE id = 1")
        return self.revision()

    def put_entity(self, entity: Entity, actor: str, *, create: bool, bundled_ids: frozenset[str]) -> int:
        """Adds (``create``) or updates an entry; returns the new revision."""
        with self.db.transaction():
            row = self.db.one("SELECT status FROM lexicon_entries WHERE id = ?", (entity.id,))
            exists = (row is not None and row[0] == "active") or (row is None and entity.id in bundled_ids)
            if create and exists:
                raise AlreadyExists(f"entity {entity.id} exists")
            if not create and not exists:
                raise NotFound(f"entity {entity.id} not found")
            body = _entity_json(dataclasses.replace(entity, origin="store"))
            if row is None:
                try:
                    self.db.execute("INSERT INTO lexicon_entries (id, status, body, updated_at, updated_by) "
                                    "VALUES (?, 'active', ?, ?, ?)", (entity.id, body, _now(), actor))
                except Exception as exc:  # another replica added it between our read and write
                    if self.db.is_integrity_error(exc):
                        raise AlreadyExists(f"entity {entity.id} exists") from None
                    raise
            else:
                self.db.execute("UPDATE lexicon_entries SET status = 'active', body = ?, updated_at = ?, "
                                "updated_by = ? WHERE id = ?", (body, _now(), actor, entity.id))
            self.audit.record(actor, "entity.add" if create else "entity.update", entity.id, json.loads(body))
            return self._bump()

    def update_entity(self, entity_id: str, change: Callable[[Entity], tuple[Entity, dict]], actor: str, *,
                      bundled: dict[str, Entity]) -> tuple[Entity, int]:
        """Read-modify-write of one entry in one transaction: ``change(current)`` returns the
        new entry and the audit detail (it may raise to refuse; nothing is written then).

        The current entry is the stored one if active, else the bundled one (an entry never
        stored); a retired or unknown id is NotFound. Returns the new entry and revision.
        """
        lock = " FOR UPDATE" if self.db.dialect == "postgres" else ""
        for attempt in range(2):
            try:
                with self.db.transaction():
                    row = self.db.one(f"SELECT status, body FROM lexicon_entries WHERE id = ?{lock}", (entity_id,))
                    if row is not None and row[0] == "active":
                        current = _entity_from_json(row[1])
                    elif row is None and entity_id in bundled:
                        current = bundled[entity_id]
                    else:
                        raise NotFound(f"entity {entity_id} not found")
                    new, detail = change(current)
                    new = dataclasses.replace(new, id=entity_id, origin="store")
                    body = _entity_json(new)
                    if row is None:
                        self.db.execute("INSERT INTO lexicon_entries (id, status, body, updated_at, updated_by) "
                                        "VALUES (?, 'active', ?, ?, ?)", (entity_id, body, _now(), actor))
                    else:
                        self.db.execute("UPDATE lexicon_entries SET body = ?, updated_at = ?, updated_by = ? "
                                        "WHERE id = ?", (body, _now(), actor, entity_id))
                    self.audit.record(actor, "entity.update", entity_id, detail)
                    return new, self._bump()
            except Exception as exc:
                # two first updates of one bundled entry raced to insert its row: read it again
                if attempt == 0 and self.db.is_integrity_error(exc):
                    continue
                raise
        raise AssertionError("unreachable")

    def retire_entity(self, entity: Entity, actor: str, reason: str) -> int:
        with self.db.transaction():
            row = self.db.one("SELECT status FROM lexicon_entries WHERE id = ?", (entity.id,))
            if row is not None and row[0] == "retired":
                raise NotFound(f"entity {entity.id} is already retired")
            body = _entity_json(entity)
            if row is None:
                self.db.execute("INSERT INTO lexicon_entries (id, status, body, updated_at, updated_by) "
                                "VALUES (?, 'retired', ?, ?, ?)", (entity.id, body, _now(), actor))
            else:
                self.db.execute("UPDATE lexicon_entries SET status = 'retired', updated_at = ?, updated_by = ? "
                                "WHERE id = ?", (_now(), actor, entity.id))
            self.audit.record(actor, "entity.retire", entity.id, {"reason": reason})
            return self._bump()

    def add_owner(self, entity_id: str, uscc: str, actor: str) -> int:
        with self.db.transaction():
            if self.db.one("SELECT 1 FROM entity_owners WHERE entity_id = ? AND uscc = ?", (entity_id, uscc)):
                raise AlreadyExists(f"{uscc} already owns {entity_id}")
            try:
                self.db.execute("INSERT INTO entity_owners (entity_id, uscc, added_at, added_by) "
                                "VALUES (?, ?, ?, ?)", (entity_id, uscc, _now(), actor))
            except Exception as exc:
                if self.db.is_integrity_error(exc):
                    raise AlreadyExists(f"{uscc} already owns {entity_id}") from None
                raise
            self.audit.record(actor, "owner.add", entity_id, {"uscc": uscc})
            return self._bump()

    def remove_owner(self, entity_id: str, uscc: str, actor: str) -> int:
        with self.db.transaction():
            if not self.db.execute("DELETE FROM entity_owners WHERE entity_id = ? AND uscc = ?", (entity_id, uscc)):
                raise NotFound(f"{uscc} is not an owner of {entity_id}")
            self.audit.record(actor, "owner.remove", entity_id, {"uscc": uscc})
            return self._bump()

    def add_closed(self, name: str, account_id: str, reason: str, actor: str,
                   keep_days: int = MIN_CLOSED_RETENTION_DAYS) -> tuple[str, int]:
        if keep_days < MIN_CLOSED_RETENTION_DAYS:
            raise InvalidArgument(f"closed-account names are kept at least {MIN_CLOSED_RETENTION_DAYS} days")
        now = dt.datetime.now(dt.timezone.utc)
        keep = (now + dt.timedelta(days=keep_days)).isoformat(timespec="seconds")
        with self.db.transaction():
            new_id = self.db.insert_returning_id(
                "INSERT INTO closed_names (name, account_id, reason, closed_at, keep_until, added_by) "
                "VALUES (?, ?, ?, ?, ?, ?)", (name, account_id, reason, now.isoformat(timespec="seconds"), keep, actor))
            self.audit.record(actor, "closed.add", f"closed.{new_id}",
                              {"name": name, "account_id": account_id, "reason": reason, "keep_until": keep})
            return f"closed.{new_id}", self._bump()

    def remove_closed(self, closed_id: int, actor: str, reason: str) -> tuple[ClosedRecord, int]:
        """Deletes one closed name (audited with what it was and why); NotFound if none."""
        with self.db.transaction():
            row = self.db.one(f"SELECT {_CLOSED_COLS} FROM closed_names WHERE id = ?", (closed_id,))
            if row is None or not self.db.execute("DELETE FROM closed_names WHERE id = ?", (closed_id,)):
                raise NotFound(f"closed.{closed_id} not found")
            removed = _closed(row)
            self.audit.record(actor, "closed.remove", removed.id,
                              {"name": removed.name, "account_id": removed.account_id, "reason": reason,
                               "closed_at": removed.closed_at, "keep_until": removed.keep_until})
            return removed, self._bump()
