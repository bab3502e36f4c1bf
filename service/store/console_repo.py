"""Reviewer console accounts and their server-side sessions.

A user row keeps only a memory-hard password hash (argon2id, made by ``service.console.auth``),
the roles (comma-separated ``service.auth`` role names), the failed-login counter and the
lock-out time. A session row keeps only the SHA-256 of the session id the browser holds (256
random bits), the CSRF token of that session and its expiry: a database copy leaks no usable
cookie, and sessions work across restarts and replicas without a signing secret.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from service.domain.errors import AlreadyExists, NotFound
from service.store.audit_repo import AuditRepository
from service.store.db import Database


@dataclass(frozen=True)
class ConsoleUser:
    id: str
    name: str
    roles: tuple[str, ...]
    password_hash: str
    created_at: str
    created_by: str
    disabled_at: str | None
    failed_logins: int
    locked_until: str
    last_login_at: str

    @property
    def active(self) -> bool:
        return self.disabled_at is None


@dataclass(frozen=True)
class ConsoleSession:
    id_hash: str
    user_id: str
    csrf: str
    created_at: str
    expires_at: str


_USER_COLS = ("id, name, roles, password_hash, created_at, created_by, disabled_at, failed_logins, "
              "locked_until, last_login_at")


def _user(row: tuple) -> ConsoleUser:
    return ConsoleUser(id=row[0], name=row[1], roles=tuple(r for r in row[2].split(",") if r),
                       password_hash=row[3], created_at=row[4], created_by=row[5], disabled_at=row[6],
                       failed_logins=int(row[7]), locked_until=row[8] or "", last_login_at=row[9] or "")


def _ts(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")


class ConsoleRepository:
    MIGRATIONS = [
        ("0001_console_users", """
        CREATE TABLE IF NOT EXISTS console_users (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            roles TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            disabled_at TEXT,
            failed_logins {bigint} NOT NULL,
            locked_until TEXT NOT NULL,
            last_login_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS console_sessions (
            id_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES console_users (id),
            csrf TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS console_sessions_expiry ON console_sessions (expires_at)
        """),
    ]

    def __init__(self, db: Database):
        self.db = db
        self._audit = AuditRepository(db)

    # -- users ---------------------------------------------------------------------------
    def create_user(self, name: str, roles: list[str], password_hash: str, actor: str,
                    now: dt.datetime) -> ConsoleUser:
        user_id = "usr_" + secrets.token_hex(6)
        with self.db.transaction():
            if self.db.one("SELECT id FROM console_users WHERE name = ?", (name,)):
                raise AlreadyExists(f"a console user named {name} exists already")
            self.db.execute(f"INSERT INTO console_users ({_USER_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (user_id, name, ",".join(roles), password_hash, _ts(now), actor or "unknown", None,
                             0, "", ""))
            self._audit.record(actor, "console_user.create", f"console_user:{user_id}",
                               {"name": name, "roles": list(roles)})
        return self.get_user(user_id)

    def get_user(self, user_id: str) -> ConsoleUser:
        row = self.db.one(f"SELECT {_USER_COLS} FROM console_users WHERE id = ?", (user_id,))
        if row is None:
            raise NotFound(f"no console user {user_id}")
        return _user(row)

    def find_user(self, name: str) -> ConsoleUser | None:
        row = self.db.one(f"SELECT {_USER_COLS} FROM console_users WHERE name = ?", (name,))
        return _user(row) if row else None

    def list_users(self, include_disabled: bool = False) -> list[ConsoleUser]:
        where = "" if include_disabled else " WHERE disabled_at IS NULL"
        return [_user(r) for r in self.db.query(f"SELECT {_USER_COLS} FROM console_users{where} ORDER BY name")]

    def disable_user(self, user_id: str, actor: str, now: dt.datetime) -> ConsoleUser:
        """Disables the account and ends its sessions (audited)."""
        with self.db.transaction():
            user = self.get_user(user_id)
            if user.disabled_at is None:
                self.db.execute("UPDATE console_users SET disabled_at = ? WHERE id = ?", (_ts(now), user_id))
                self.db.execute("DELETE FROM console_sessions WHERE user_id = ?", (user_id,))
                self._audit.record(actor, "console_user.disable", f"console_user:{user_id}", {"name": user.name})
        return self.get_user(user_id)

    def set_password(self, user_id: str, password_hash: str, actor: str) -> None:
        """A new password (also a rehash with new KDF parameters); ends no session."""
        with self.db.transaction():
            if not self.db.execute("UPDATE console_users SET password_hash = ? WHERE id = ?",
                                   (password_hash, user_id)):
                raise NotFound(f"no console user {user_id}")
            if actor:
                self._audit.record(actor, "console_user.password", f"console_user:{user_id}", {})

    # -- login bookkeeping -----------------------------------------------------------------
    def record_failure(self, user_id: str, max_failures: int, lock_until: dt.datetime) -> bool:
        """Counts one failed login; at ``max_failures`` locks the account until ``lock_until``
        and resets the counter. Returns whether this failure locked it (audited)."""
        with self.db.transaction():
            self.db.execute("UPDATE console_users SET failed_logins = failed_logins + 1 WHERE id = ?", (user_id,))
            row = self.db.one("SELECT failed_logins, name FROM console_users WHERE id = ?", (user_id,))
            if row is None or int(row[0]) < max_failures:
                return False
            self.db.execute("UPDATE console_users SET failed_logins = 0, locked_until = ? WHERE id = ?",
                            (_ts(lock_until), user_id))
            self._audit.record("console", "console_user.locked", f"console_user:{user_id}",
                               {"name": row[1], "failures": int(row[0]), "locked_until": _ts(lock_until)})
            return True

    def record_success(self, user_id: str, now: dt.datetime) -> None:
        """Resets the failure counter and records the login (audited)."""
        with self.db.transaction():
            self.db.execute("UPDATE console_users SET failed_logins = 0, locked_until = '', last_login_at = ? "
                            "WHERE id = ?", (_ts(now), user_id))
            row = self.db.one("SELECT name FROM console_users WHERE id = ?", (user_id,))
            self._audit.record(f"{row[0]} ({user_id})" if row else user_id, "console_user.login",
                               f"console_user:{user_id}", {})

    # -- sessions --------------------------------------------------------------------------
    def create_session(self, id_hash: str, user_id: str, csrf: str, now: dt.datetime,
                       expires: dt.datetime) -> None:
        with self.db.transaction():
            self.db.execute("DELETE FROM console_sessions WHERE expires_at < ?", (_ts(now),))
            self.db.execute("INSERT INTO console_sessions (id_hash, user_id, csrf, created_at, expires_at) "
                            "VALUES (?, ?, ?, ?, ?)", (id_hash, user_id, csrf, _ts(now), _ts(expires)))

    def get_session(self, id_hash: str, now: dt.datetime) -> ConsoleSession | None:
        """The live session with this id hash (None when unknown or expired)."""
        row = self.db.one("SELECT id_hash, user_id, csrf, created_at, expires_at FROM console_sessions "
                          "WHERE id_hash = ? AND expires_at > ?", (id_hash, _ts(now)))
        return ConsoleSession(*row) if row else None

    def delete_session(self, id_hash: str) -> None:
        self.db.execute("DELETE FROM console_sessions WHERE id_hash = ?", (id_hash,))

    # -- dashboard -----------------------------------------------------------------------------
    def decisions_by_hour(self, actions: list[str], since: dt.datetime) -> list[tuple[str, str, int]]:
        """(actor, UTC hour ``YYYY-MM-DDTHH``, count) of audit entries with these actions since
        ``since``: a read-only aggregate over the audit log (``audit_repo`` owns the table and
        its ``at`` index), so that the dashboard never loads the entries themselves."""
        if not actions:
            return []
        marks = ", ".join("?" for _ in actions)
        rows = self.db.query(f"SELECT actor, substr(at, 1, 13) AS hour, COUNT(*) FROM audit_log "
                             f"WHERE at >= ? AND action IN ({marks}) GROUP BY actor, substr(at, 1, 13)",
                             (_ts(since), *actions))
        return [(r[0], r[1], int(r[2])) for r in rows]
