"""First start: create the bootstrap admin token exactly once.

Run by the single server process, or by the supervisor *before* it starts its workers (so
several workers never race to create one each). Replicas starting together on one PostgreSQL
database are serialised by a transaction-scoped advisory lock, so only the first creates it;
SQLite admits one writer at a time (``BEGIN IMMEDIATE``), which serialises the check and the
insert the same way.
"""
from __future__ import annotations

from service.ops.logging import SecretOnceStream

#: Advisory lock key of the first-start bootstrap (any constant distinct from the others).
BOOTSTRAP_LOCK = 7411904


def ensure_admin_token(store, log_format: str = "json") -> str | None:
    """Creates and prints the first admin token when no admin exists; returns it (or None)."""
    from service.auth.tokens import TokenAdmin

    with store.db.transaction():
        if store.db.dialect == "postgres":
            store.db.execute("SELECT pg_advisory_xact_lock(?)", (BOOTSTRAP_LOCK,))
        return TokenAdmin(store).ensure_admin_token(stream=SecretOnceStream(log_format))


def bootstrap(settings) -> str | None:
    """Opens the store named by ``settings``, ensures the admin token, closes the store."""
    from service.store import open_store

    store = open_store(settings.database_url)
    try:
        return ensure_admin_token(store, settings.log_format)
    finally:
        store.close()
