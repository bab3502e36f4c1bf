"""Credential verification state: registry rosters, verifications, events, evidence, keys.

Certificate numbers never reach these tables in clear: rows carry the keyed hash
(lookup key), an AES-GCM ciphertext and a masked form, all computed by
:mod:`service.credentials.crypto` before the call. Timestamps are UTC ISO-8601
strings of one fixed width (``YYYY-MM-DDTHH:MM:SSZ``) so they compare as text;
dates are ``YYYY-MM-DD``.
"""
from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Iterable, Sequence

from service.store.db import Database


@dataclass(frozen=True)
class RegistryRow:
    ctype: str
    number_hash: str
    number_enc: bytes
    number_masked: str
    holder_name: str
    organization: str
    status: str          # valid | revoked | suspended
    valid_until: str     # YYYY-MM-DD or ""
    source: str
    updated_at: str


@dataclass(frozen=True)
class StoredVerification:
    id: str
    account_id: str
    domain: str
    ctype: str
    number_hash: str
    number_enc: bytes
    number_masked: str
    holder_name: str
    organization_name: str
    organization_uscc: str
    status: str
    reason: str
    detail: str
    registry: str
    created_at: str
    updated_at: str
    verified_at: str
    valid_until: str
    next_check_at: str
    #: the platform (screening caller's scope) that submitted it; "" for unscoped callers
    platform: str = ""
    #: the caller's idempotency key ("" when none), unique per platform
    idempotency_key: str = ""
    #: keyed hash of the submitted fields: a reused key with a different request is refused
    request_hash: str = ""


@dataclass(frozen=True)
class StoredEvent:
    id: int
    at: str
    verification_id: str
    account_id: str
    domain: str
    ctype: str
    kind: str
    status: str
    reason: str
    platform: str = ""


_V_COLS = ("id, account_id, domain, ctype, number_hash, number_enc, number_masked, holder_name, "
           "organization_name, organization_uscc, status, reason, detail, registry, created_at, "
           "updated_at, verified_at, valid_until, next_check_at, platform, idempotency_key, request_hash")
_R_COLS = ("ctype, number_hash, number_enc, number_masked, holder_name, organization, status, "
           "valid_until, source, updated_at")
_E_COLS = "id, at, verification_id, account_id, domain, ctype, kind, status, reason, platform"


def _v(row: tuple) -> StoredVerification:
    row = list(row)
    row[5] = bytes(row[5])
    return StoredVerification(*row)


def _r(row: tuple) -> RegistryRow:
    row = list(row)
    row[2] = bytes(row[2])
    return RegistryRow(*row)


class CredentialRepository:
    MIGRATIONS = [
        ("0101_credentials", """
        CREATE TABLE IF NOT EXISTS credential_keys (
            name TEXT PRIMARY KEY,
            key_b64 TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS credential_registry (
            ctype TEXT NOT NULL,
            number_hash TEXT NOT NULL,
            number_enc {blob} NOT NULL,
            number_masked TEXT NOT NULL,
            holder_name TEXT NOT NULL,
            organization TEXT NOT NULL,
            status TEXT NOT NULL,
            valid_until TEXT NOT NULL,
            source TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (ctype, number_hash)
        );
        CREATE TABLE IF NOT EXISTS credential_verifications (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            domain TEXT NOT NULL,
            ctype TEXT NOT NULL,
            number_hash TEXT NOT NULL,
            number_enc {blob} NOT NULL,
            number_masked TEXT NOT NULL,
            holder_name TEXT NOT NULL,
            organization_name TEXT NOT NULL,
            organization_uscc TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            registry TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            verified_at TEXT NOT NULL,
            valid_until TEXT NOT NULL,
            next_check_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS credential_verifications_account
            ON credential_verifications (account_id, domain);
        CREATE INDEX IF NOT EXISTS credential_verifications_due
            ON credential_verifications (status, next_check_at);
        CREATE INDEX IF NOT EXISTS credential_verifications_number
            ON credential_verifications (ctype, number_hash);
        CREATE TABLE IF NOT EXISTS credential_events (
            id {serial_pk},
            at TEXT NOT NULL,
            verification_id TEXT NOT NULL,
            account_id TEXT NOT NULL,
            domain TEXT NOT NULL,
            ctype TEXT NOT NULL,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS credential_events_account ON credential_events (account_id, id);
        CREATE TABLE IF NOT EXISTS credential_evidence (
            id {serial_pk},
            verification_id TEXT NOT NULL,
            content_type TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            content {blob} NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS credential_evidence_expiry ON credential_evidence (expires_at);
        CREATE INDEX IF NOT EXISTS credential_evidence_verification ON credential_evidence (verification_id)
        """),
        ("0102_credential_scope", """
        ALTER TABLE credential_verifications ADD COLUMN platform TEXT NOT NULL DEFAULT '';
        ALTER TABLE credential_verifications ADD COLUMN idempotency_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE credential_verifications ADD COLUMN request_hash TEXT NOT NULL DEFAULT '';
        CREATE UNIQUE INDEX IF NOT EXISTS credential_verifications_idempotency
            ON credential_verifications (platform, idempotency_key) WHERE idempotency_key <> '';
        ALTER TABLE credential_events ADD COLUMN platform TEXT NOT NULL DEFAULT '';
        CREATE INDEX IF NOT EXISTS credential_events_platform ON credential_events (platform, id)
        """),
    ]

    def __init__(self, db: Database):
        self.db = db

    # -- keys -----------------------------------------------------------------------------
    def dev_key(self, make_key, now: str) -> bytes:
        """The stored development key, created with ``make_key()`` (base64 text) on first use."""
        row = self.db.one("SELECT key_b64 FROM credential_keys WHERE name = ?", ("dev",))
        if row is None:
            try:
                with self.db.transaction():
                    self.db.execute("INSERT INTO credential_keys (name, key_b64, created_at) VALUES (?, ?, ?)",
                                    ("dev", make_key(), now))
            except Exception as exc:  # another replica created it first
                if not self.db.is_integrity_error(exc):
                    raise
            row = self.db.one("SELECT key_b64 FROM credential_keys WHERE name = ?", ("dev",))
        assert row is not None
        return base64.b64decode(row[0])

    # -- registry -------------------------------------------------------------------------
    def registry_get(self, ctype: str, number_hash: str) -> RegistryRow | None:
        row = self.db.one(f"SELECT {_R_COLS} FROM credential_registry WHERE ctype = ? AND number_hash = ?",
                          (ctype, number_hash))
        return _r(row) if row else None

    def registry_upsert(self, rows: Sequence[RegistryRow]) -> tuple[list[bool | None], int]:
        """Inserts or updates rows (one transaction); returns per-row outcome and the count.

        Outcome per row: True added, False updated, None unchanged (same holder,
        organisation, status and validity already stored).
        """
        outcomes: list[bool | None] = []
        if not rows:
            return outcomes, 0
        with self.db.transaction():
            existing: dict[tuple[str, str], tuple] = {}
            by_type: dict[str, list[str]] = {}
            for r in rows:
                by_type.setdefault(r.ctype, []).append(r.number_hash)
            for ctype, hashes in by_type.items():
                for i in range(0, len(hashes), 500):
                    chunk = hashes[i:i + 500]
                    marks = ",".join("?" * len(chunk))
                    for h, holder, org, status, valid in self.db.query(
                            "SELECT number_hash, holder_name, organization, status, valid_until "
                            f"FROM credential_registry WHERE ctype = ? AND number_hash IN ({marks})",
                            (ctype, *chunk)):
                        existing[(ctype, h)] = (holder, org, status, valid)
            inserts, updates = [], []
            seen: dict[tuple[str, str], tuple] = {}
            for r in rows:
                key = (r.ctype, r.number_hash)
                payload = (r.holder_name, r.organization, r.status, r.valid_until)
                # a number listed twice in one batch: the later row wins, as an update
                before = seen.get(key, existing.get(key))
                if before is None:
                    inserts.append(r)
                    outcomes.append(True)
                elif before == payload:
                    outcomes.append(None)
                else:
                    updates.append(r)
                    outcomes.append(False)
                seen[key] = payload
            if inserts:
                self.db.executemany(
                    f"INSERT INTO credential_registry ({_R_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(r.ctype, r.number_hash, r.number_enc, r.number_masked, r.holder_name, r.organization,
                      r.status, r.valid_until, r.source, r.updated_at) for r in inserts])
            if updates:
                self.db.executemany(
                    "UPDATE credential_registry SET number_enc = ?, number_masked = ?, holder_name = ?, "
                    "organization = ?, status = ?, valid_until = ?, source = ?, updated_at = ? "
                    "WHERE ctype = ? AND number_hash = ?",
                    [(r.number_enc, r.number_masked, r.holder_name, r.organization, r.status, r.valid_until,
                      r.source, r.updated_at, r.ctype, r.number_hash) for r in updates])
        return outcomes, len(rows)

    def registry_count(self, ctype: str | None = None) -> int:
        if ctype:
            row = self.db.one("SELECT COUNT(*) FROM credential_registry WHERE ctype = ?", (ctype,))
        else:
            row = self.db.one("SELECT COUNT(*) FROM credential_registry")
        return int(row[0]) if row else 0

    # -- verifications --------------------------------------------------------------------
    def insert_verification(self, v: StoredVerification) -> None:
        """Inserts one row; a second row with the same (platform, idempotency key) is an
        integrity error (``db.is_integrity_error``)."""
        self.db.execute(f"INSERT INTO credential_verifications ({_V_COLS}) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (v.id, v.account_id, v.domain, v.ctype, v.number_hash, v.number_enc, v.number_masked,
                         v.holder_name, v.organization_name, v.organization_uscc, v.status, v.reason, v.detail,
                         v.registry, v.created_at, v.updated_at, v.verified_at, v.valid_until, v.next_check_at,
                         v.platform, v.idempotency_key, v.request_hash))

    def lock_number(self, ctype: str, number_hash: str) -> None:
        """Serialises, until the enclosing transaction ends, every transaction that decides
        who holds this number (the other-holder check and the write that follows it).

        PostgreSQL: a transaction-scoped advisory lock on the number. SQLite: nothing to do,
        since ``Database.transaction`` begins IMMEDIATE, which already admits one writer at
        a time. Call inside ``db.transaction()``.
        """
        if self.db.dialect == "postgres":
            digest = hashlib.blake2b(f"credential-number:{ctype}:{number_hash}".encode(), digest_size=8).digest()
            self.db.execute("SELECT pg_advisory_xact_lock(?)", (int.from_bytes(digest, "big", signed=True),))

    def by_idempotency_key(self, platform: str, key: str) -> StoredVerification | None:
        row = self.db.one(f"SELECT {_V_COLS} FROM credential_verifications WHERE platform = ? AND "
                          "idempotency_key = ?", (platform, key))
        return _v(row) if row else None

    def update_verification(self, v: StoredVerification, expected_status: str | None = None) -> bool:
        """Writes the mutable fields; with ``expected_status`` only if the row still has it."""
        sql = ("UPDATE credential_verifications SET status = ?, reason = ?, detail = ?, registry = ?, "
               "updated_at = ?, verified_at = ?, valid_until = ?, next_check_at = ? WHERE id = ?")
        params: list = [v.status, v.reason, v.detail, v.registry, v.updated_at, v.verified_at, v.valid_until,
                        v.next_check_at, v.id]
        if expected_status is not None:
            sql += " AND status = ?"
            params.append(expected_status)
        return self.db.execute(sql, params) == 1

    def get_verification(self, verification_id: str) -> StoredVerification | None:
        row = self.db.one(f"SELECT {_V_COLS} FROM credential_verifications WHERE id = ?", (verification_id,))
        return _v(row) if row else None

    @staticmethod
    def _scoped(sql: str, params: list, platform: str | None) -> tuple[str, list]:
        """Adds ``AND platform = ?`` when a platform scope is given (None: every platform)."""
        if platform is None:
            return sql, params
        return sql + " AND platform = ?", [*params, platform]

    def verifications_for(self, account_id: str, domain: str | None = None,
                          platform: str | None = None) -> list[StoredVerification]:
        sql, params = f"SELECT {_V_COLS} FROM credential_verifications WHERE account_id = ?", [account_id]
        if domain:
            sql, params = sql + " AND domain = ?", [*params, domain]
        sql, params = self._scoped(sql, params, platform)
        return [_v(r) for r in self.db.query(sql + " ORDER BY created_at DESC, id", params)]

    def verified_for(self, account_id: str, platform: str | None = None) -> list[tuple[str, str, str]]:
        """(domain, valid_until, id) of the account's VERIFIED rows (the hot path of screening)."""
        sql, params = self._scoped("SELECT domain, valid_until, id FROM credential_verifications "
                                   "WHERE account_id = ? AND status = ?", [account_id, "VERIFIED"], platform)
        return [tuple(r) for r in self.db.query(sql, params)]

    def verified_holders_of(self, ctype: str, number_hash: str, platform: str | None = None) -> list[str]:
        """Accounts holding a VERIFIED verification of this number (of one platform, if given)."""
        sql, params = self._scoped("SELECT account_id FROM credential_verifications WHERE ctype = ? AND "
                                   "number_hash = ? AND status = ?", [ctype, number_hash, "VERIFIED"], platform)
        return [r[0] for r in self.db.query(sql, params)]

    def due(self, now: str, today: str, limit: int) -> list[StoredVerification]:
        """VERIFIED rows whose re-check time has come or whose validity has ended."""
        rows = self.db.query(
            f"SELECT {_V_COLS} FROM credential_verifications WHERE status = ? AND "
            "(next_check_at <= ? OR (valid_until <> '' AND valid_until < ?)) ORDER BY next_check_at LIMIT ?",
            ("VERIFIED", now, today, limit))
        return [_v(r) for r in rows]

    # -- events ---------------------------------------------------------------------------
    def add_event(self, at: str, v: StoredVerification, kind: str) -> int:
        """Appends an event of ``v``; it belongs to the platform that submitted ``v``."""
        return self.db.insert_returning_id(
            "INSERT INTO credential_events (at, verification_id, account_id, domain, ctype, kind, status, reason, "
            "platform) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (at, v.id, v.account_id, v.domain, v.ctype, kind, v.status, v.reason, v.platform))

    def events_after(self, cursor: int, account_id: str = "", limit: int = 100,
                     platform: str | None = None) -> list[StoredEvent]:
        sql, params = f"SELECT {_E_COLS} FROM credential_events WHERE id > ?", [cursor]
        if account_id:
            sql, params = sql + " AND account_id = ?", [*params, account_id]
        sql, params = self._scoped(sql, params, platform)
        rows = self.db.query(sql + " ORDER BY id LIMIT ?", [*params, limit])
        return [StoredEvent(*r) for r in rows]

    def last_event_id(self) -> int:
        row = self.db.one("SELECT MAX(id) FROM credential_events")
        return int(row[0]) if row and row[0] is not None else 0

    # -- evidence -------------------------------------------------------------------------
    def add_evidence(self, verification_id: str, items: Iterable[tuple[str, str, bytes]], created_at: str,
                     expires_at: str) -> None:
        self.db.executemany(
            "INSERT INTO credential_evidence (verification_id, content_type, sha256, content, created_at, "
            "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(verification_id, ctype, digest, content, created_at, expires_at) for ctype, digest, content in items])

    def evidence_for(self, verification_id: str) -> list[tuple[str, str, bytes]]:
        return [(r[0], r[1], bytes(r[2])) for r in self.db.query(
            "SELECT content_type, sha256, content FROM credential_evidence WHERE verification_id = ? ORDER BY id",
            (verification_id,))]

    def purge_evidence(self, now: str) -> int:
        return self.db.execute("DELETE FROM credential_evidence WHERE expires_at <= ?", (now,))
