"""API credentials: bearer tokens and registered client certificates, stored by hash only.

A row never holds the secret: ``secret_hash`` is the SHA-256 of the bearer token (a
256-bit random string) or of the client certificate's DER bytes (its fingerprint).
Roles are a comma-separated list of role names; ``service.auth`` gives them meaning.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from service.domain.errors import AlreadyExists, NotFound
from service.store.audit_repo import AuditRepository
from service.store.db import Database

KINDS = ("token", "cert")


@dataclass(frozen=True)
class CredentialRecord:
    id: str
    kind: str
    name: str
    roles: tuple[str, ...]
    platform: str
    created_at: str
    created_by: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


_COLUMNS = "id, kind, name, roles, platform, created_at, created_by, revoked_at"


def _record(row: tuple) -> CredentialRecord:
    return CredentialRecord(id=row[0], kind=row[1], name=row[2], roles=tuple(r for r in row[3].split(",") if r),
                            platform=row[4], created_at=row[5], created_by=row[6], revoked_at=row[7])


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class TokenRepository:
    MIGRATIONS = [
        ("0001_api_credentials", """
        CREATE TABLE IF NOT EXISTS api_credentials (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            secret_hash TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            roles TEXT NOT NULL,
            platform TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE INDEX IF NOT EXISTS api_credentials_roles ON api_credentials (revoked_at, roles)
        """),
    ]

    def __init__(self, db: Database):
        self.db = db
        self._audit_log = AuditRepository(db)

    def create(self, kind: str, secret_hash: str, name: str, roles: list[str], platform: str,
               actor: str) -> CredentialRecord:
        """Stores a new credential (audited). The same certificate twice → AlreadyExists."""
        if kind not in KINDS:
            raise ValueError(f"unknown credential kind {kind!r}")
        cred_id = ("tok_" if kind == "token" else "crt_") + secrets.token_hex(6)
        with self.db.transaction():
            if self.db.one("SELECT id FROM api_credentials WHERE secret_hash = ?", (secret_hash,)):
                raise AlreadyExists("this credential is registered already")
            self.db.execute(f"INSERT INTO api_credentials ({_COLUMNS}, secret_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (cred_id, kind, name, ",".join(roles), platform, _now(), actor or "unknown", None,
                             secret_hash))
            self._audit(actor, f"{kind}.create", cred_id, {"name": name, "roles": list(roles), "platform": platform})
        return self.get(cred_id)

    def get(self, cred_id: str) -> CredentialRecord:
        row = self.db.one(f"SELECT {_COLUMNS} FROM api_credentials WHERE id = ?", (cred_id,))
        if row is None:
            raise NotFound(f"no credential {cred_id}")
        return _record(row)

    def find_active(self, secret_hash: str) -> CredentialRecord | None:
        row = self.db.one(f"SELECT {_COLUMNS} FROM api_credentials WHERE secret_hash = ? AND revoked_at IS NULL",
                          (secret_hash,))
        return _record(row) if row else None

    def list(self, include_revoked: bool = False) -> list[CredentialRecord]:
        where = "" if include_revoked else " WHERE revoked_at IS NULL"
        return [_record(r) for r in self.db.query(f"SELECT {_COLUMNS} FROM api_credentials{where} "
                                                  "ORDER BY created_at, id")]

    def any_active_with_role(self, role: str) -> bool:
        return any(role in r.roles for r in self.list())

    def revoke(self, cred_id: str, actor: str) -> CredentialRecord:
        with self.db.transaction():
            current = self.get(cred_id)
            if current.revoked_at is None:
                self.db.execute("UPDATE api_credentials SET revoked_at = ? WHERE id = ?", (_now(), cred_id))
                self._audit(actor, f"{current.kind}.revoke", cred_id, {"name": current.name})
        return self.get(cred_id)

    def _audit(self, actor: str, action: str, target: str, detail: dict) -> None:
        self._audit_log.record(actor, action, target, detail)
