"""The one storage interface: a :class:`Store` made of repositories.

Each repository lives in its own module under ``service/store``, owns its tables
(declared as ``MIGRATIONS``) and talks SQL through :class:`service.store.db.Database`,
which works on SQLite and PostgreSQL alike. Callers use ``store.<name>.<method>``;
nothing outside this package writes SQL.
"""
from __future__ import annotations

import importlib
from typing import Any

from service.store.db import Database

#: (attribute, "module:Class") in migration order.
_REPOSITORIES: list[tuple[str, str]] = [
    ("audit", "service.store.audit_repo:AuditRepository"),
    ("lexicon", "service.store.lexicon_repo:LexiconRepository"),
    ("images", "service.store.image_repo:ImageRepository"),
    ("credentials", "service.store.credential_repo:CredentialRepository"),
    ("tokens", "service.store.token_repo:TokenRepository"),
    ("review", "service.store.review_repo:ReviewRepository"),
    ("console", "service.store.console_repo:ConsoleRepository"),  # reviewer console accounts
    ("drafts", "service.store.draft_repo:DraftRepository"),  # lexicon drafts (not served)
]


class Store:
    """All persistent state of the service, behind one object."""

    audit: Any
    lexicon: Any
    images: Any
    credentials: Any
    tokens: Any
    review: Any
    console: Any
    drafts: Any

    def __init__(self, db: Database):
        self.db = db
        migrations: list[tuple[str, str]] = []
        for attr, target in _REPOSITORIES:
            module_name, cls_name = target.split(":")
            cls = getattr(importlib.import_module(module_name), cls_name)
            repo = cls(db)
            setattr(self, attr, repo)
            migrations.extend(getattr(cls, "MIGRATIONS", ()))
        db.migrate(migrations)

    @property
    def dialect(self) -> str:
        return self.db.dialect

    def close(self) -> None:
        self.db.close()


def open_store(url: str) -> Store:
    """Opens (and migrates) the store at ``url`` (``sqlite:///…`` or ``postgresql://…``)."""
    return Store(Database(url))
