"""Storage behind one interface: :class:`service.store.base.Store`.

SQLite is the embedded default; PostgreSQL serves multi-replica deployments.
Each repository module writes portable SQL once; :mod:`service.store.db` adapts
placeholders and a few type names per dialect.
"""
from service.store.base import Store, open_store

__all__ = ["Store", "open_store"]
