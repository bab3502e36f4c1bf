"""A small database adapter over sqlite3 and psycopg 3.

Repositories write SQL once, with ``?`` placeholders and ``{blob}``, ``{text}``,
``{bigint}``, ``{serial_pk}``, ``{real}`` type tokens in their migrations; this
module rewrites them per dialect. Connections are per thread (sqlite3 objects
must not cross threads; psycopg connections are cheap to keep one per worker).
"""
from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterator, Sequence

from service.domain.errors import InvalidArgument, Unavailable

_TYPES = {
    "sqlite": {"blob": "BLOB", "text": "TEXT", "bigint": "INTEGER", "real": "REAL",
               "serial_pk": "INTEGER PRIMARY KEY AUTOINCREMENT"},
    "postgres": {"blob": "BYTEA", "text": "TEXT", "bigint": "BIGINT", "real": "DOUBLE PRECISION",
                 "serial_pk": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"},
}

_QMARK = re.compile(r"\?")


class Database:
    """One logical database; ``dialect`` is ``"sqlite"`` or ``"postgres"``."""

    def __init__(self, url: str):
        self.url = url
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        if url.startswith("sqlite:///") or url == "sqlite://:memory:":
            self.dialect = "sqlite"
            self._path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else ":memory:"
            if self._path != ":memory:":
                Path(self._path).parent.mkdir(parents=True, exist_ok=True)
        elif url.startswith(("postgresql://", "postgres://")):
            self.dialect = "postgres"
        else:
            raise InvalidArgument(
                f"database URL must start with sqlite:/// or postgresql://, got {url.split(':')[0]!r}")

    # -- connections ---------------------------------------------------------------
    def _connect(self):
        if self.dialect == "sqlite":
            conn = sqlite3.connect(self._path, timeout=30, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            return conn
        import psycopg  # imported lazily: SQLite-only deployments never load it

        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as exc:
            raise Unavailable(f"cannot connect to PostgreSQL: {exc}") from None

    @property
    def conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None or (self.dialect == "postgres" and conn.closed):
            conn = self._connect()
            self._local.conn = conn
            self._local.depth = 0
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                with contextlib.suppress(Exception):
                    conn.close()
            self._all.clear()
        self._local = threading.local()

    # -- SQL -------------------------------------------------------------------------
    def sql(self, text: str) -> str:
        """Rewrites type tokens and placeholders for this dialect."""
        text = text.format(**_TYPES[self.dialect]) if "{" in text else text
        if self.dialect == "postgres":
            text = _QMARK.sub("%s", text)
        return text

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Runs one statement; returns the number of rows it changed."""
        cur = self.conn.execute(self.sql(sql), tuple(params))
        return cur.rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if self.dialect == "sqlite":
            self.conn.executemany(self.sql(sql), rows)
        else:
            with self.conn.cursor() as cur:
                cur.executemany(self.sql(sql), rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        cur = self.conn.execute(self.sql(sql), tuple(params))
        return [tuple(r) for r in cur.fetchall()]

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        cur = self.conn.execute(self.sql(sql), tuple(params))
        row = cur.fetchone()
        return tuple(row) if row is not None else None

    def insert_returning_id(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Runs an INSERT and returns the new row's integer id (column ``id``)."""
        row = self.one(sql.rstrip().rstrip(";") + " RETURNING id", params)
        assert row is not None
        return int(row[0])

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Database"]:
        """All statements inside commit together or not at all. Nests (inner is a no-op)."""
        conn = self.conn
        depth = getattr(self._local, "depth", 0)
        if depth:
            self._local.depth = depth + 1
            try:
                yield self
            finally:
                self._local.depth = depth
            return
        self._local.depth = 1
        if self.dialect == "sqlite":
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            else:
                conn.execute("COMMIT")
            finally:
                self._local.depth = 0
        else:
            try:
                with conn.transaction():
                    yield self
            finally:
                self._local.depth = 0

    def is_integrity_error(self, exc: BaseException) -> bool:
        if self.dialect == "sqlite":
            return isinstance(exc, sqlite3.IntegrityError)
        import psycopg

        return isinstance(exc, psycopg.errors.IntegrityError)

    # -- migrations ---------------------------------------------------------------
    def migrate(self, migrations: Sequence[tuple[str, str]]) -> list[str]:
        """Applies each (id, sql) not applied yet, in order; returns the ids applied.

        On PostgreSQL an advisory lock serialises replicas starting together.
        """
        applied: list[str] = []
        with self.transaction():
            if self.dialect == "postgres":
                self.execute("SELECT pg_advisory_xact_lock(7411903)")
            self.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                         "(id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {r[0] for r in self.query("SELECT id FROM schema_migrations")}
            for mig_id, sql in migrations:
                if mig_id in done:
                    continue
                for statement in [s for s in sql.split(";") if s.strip()]:
                    self.execute(statement)
                self.execute("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)",
                             (mig_id, _now_iso()))
                applied.append(mig_id)
        return applied


def _now_iso() -> str:
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
