"""Append-only audit log: who changed what, when."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from service.store.db import Database


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    target: str
    detail: dict


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
    ]

    def __init__(self, db: Database):
        self.db = db

    def record(self, actor: str, action: str, target: str, detail: dict[str, Any] | None = None) -> None:
        """Appends one entry. Call inside the transaction that makes the change."""
        self.db.execute(
            "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
            (dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"), actor or "unknown",
             action, target, json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)))

    def list(self, target: str | None = None, limit: int = 100) -> list[AuditEntry]:
        if target:
            rows = self.db.query("SELECT id, at, actor, action, target, detail FROM audit_log "
                                 "WHERE target = ? ORDER BY id DESC LIMIT ?", (target, limit))
        else:
            rows = self.db.query("SELECT id, at, actor, action, target, detail FROM audit_log "
                                 "ORDER BY id DESC LIMIT ?", (limit,))
        return [AuditEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]
