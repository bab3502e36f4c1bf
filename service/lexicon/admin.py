"""Run-time lexicon management: validate, persist (with audit), and swap in.

Every change is validated completely before anything is written, written in one
transaction with its audit record and a revision bump, and then this replica
rebuilds its matcher at once; other replicas pick it up from the revision within
``reload_interval_s``. If the rebuild fails, the old matcher keeps serving.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter

from service.domain.errors import InvalidArgument, NotFound
from service.lexicon.loader import ENTITY_CATEGORIES
from service.lexicon.model import LEVELS, SEVERITIES, Entity

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_MAX_NAME = 64
_MAX_ALIASES = 50
#: Flags an entry may carry: common_word (counts only with context), history (a former
#: name), and descriptive ones the bundled data uses (programme, channel, brand, news_media).
ENTITY_FLAGS = frozenset({"common_word", "history", "programme", "channel", "brand", "news_media"})


class LexiconAdmin:
    def __init__(self, store, manager):
        self.store = store
        self.manager = manager

    # -- validation ----------------------------------------------------------
    def _norm(self, text: str) -> str:
        return self.manager.normalizer.normalize(text).text

    def _check_name(self, what: str, text: str) -> None:
        if not text or not text.strip():
            raise InvalidArgument(f"{what} is empty")
        if len(text) > _MAX_NAME:
            raise InvalidArgument(f"{what} is {len(text)} code points; the limit is {_MAX_NAME}")
        if not self._norm(text):
            raise InvalidArgument(f"{what} {text!r} normalises to nothing (only separators or invisible characters)")

    def validate_entity(self, e: Entity) -> Entity:
        if not _ID.match(e.id or ""):
            raise InvalidArgument(f"id {e.id!r} must match {_ID.pattern}")
        if e.category.name not in ENTITY_CATEGORIES:
            raise InvalidArgument(f"category must be one of {sorted(ENTITY_CATEGORIES)}, got {e.category.name}")
        self._check_name("name", e.name)
        if len(e.aliases) + len(e.abbreviations) > _MAX_ALIASES:
            raise InvalidArgument(f"at most {_MAX_ALIASES} aliases and abbreviations")
        for a in (*e.aliases, *e.abbreviations):
            self._check_name("alias", a)
        if e.level not in LEVELS:
            raise InvalidArgument(f"level must be one of {LEVELS}")
        if e.severity not in SEVERITIES:
            raise InvalidArgument(f"severity must be one of {SEVERITIES}")
        if e.region_code and not re.fullmatch(r"\d{6}", e.region_code):
            raise InvalidArgument("region_code must be 6 digits (GB/T 2260)")
        unknown = set(e.flags) - ENTITY_FLAGS
        if unknown:
            raise InvalidArgument(f"unknown flags {sorted(unknown)}")
        return dataclasses.replace(e, origin="store")

    def _known_entity(self, entity_id: str) -> bool:
        data = self.manager.current().data
        if entity_id in data.entities or entity_id in data.divisions:
            return True
        region, plus, organ = entity_id.partition("+")  # composite: region.<code>+<organ canonical>
        return bool(plus) and region in data.divisions and any(p.canonical == organ for p in data.patterns)

    @staticmethod
    def _uscc(code: str) -> str:
        from stdnum.exceptions import ValidationError

        from service.credentials import uscc

        try:
            return uscc.validate(code)
        except ValidationError as exc:
            raise InvalidArgument(f"unified social credit code is invalid: {exc}") from None

    def _swap(self) -> str:
        self.manager.reload()
        return self.manager.current().version

    # -- operations ----------------------------------------------------------
    def add_entry(self, entity: Entity, actor: str) -> tuple[Entity, str]:
        e = self.validate_entity(entity)
        self.store.lexicon.put_entity(e, actor, create=True, bundled_ids=frozenset(self.manager.bundled.entities))
        return e, self._swap()

    def update_entry(self, entity: Entity, actor: str) -> tuple[Entity, str]:
        e = self.validate_entity(entity)
        self.store.lexicon.put_entity(e, actor, create=False, bundled_ids=frozenset(self.manager.bundled.entities))
        return e, self._swap()

    def retire_entry(self, entity_id: str, reason: str, actor: str) -> tuple[Entity, str]:
        entity = self.get_entry(entity_id)[0]
        self.store.lexicon.retire_entity(entity, actor, reason)
        return entity, self._swap()

    def get_entry(self, entity_id: str) -> tuple[Entity, bool]:
        stored = self.store.lexicon.get_entry(entity_id)
        if stored is not None:
            return stored[1], stored[0] == "retired"
        bundled = self.manager.bundled.entities.get(entity_id)
        if bundled is None:
            raise NotFound(f"entity {entity_id!r} not found")
        return bundled, False

    def add_owner(self, entity_id: str, code: str, actor: str) -> tuple[list[str], str]:
        code = self._uscc(code)
        if not self._known_entity(entity_id):
            raise NotFound(f"entity {entity_id!r} not found")
        self.store.lexicon.add_owner(entity_id, code, actor)
        return self.store.lexicon.owners(entity_id), self._swap()

    def remove_owner(self, entity_id: str, code: str, actor: str) -> tuple[list[str], str]:
        code = self._uscc(code)
        self.store.lexicon.remove_owner(entity_id, code, actor)
        return self.store.lexicon.owners(entity_id), self._swap()

    def add_closed(self, name: str, account_id: str, reason: str, actor: str) -> tuple[str, str]:
        self._check_name("name", name)
        if len(account_id) > 128:
            raise InvalidArgument("account_id is over 128 code points")
        closed_id, _ = self.store.lexicon.add_closed(name, account_id, reason, actor)
        return closed_id, self._swap()

    def counts(self) -> dict[str, int]:
        data = self.manager.current().data
        c = Counter(e.category.name for e in data.entities.values())
        c["REGION_DIVISIONS"] = len(data.divisions)
        c["ORGAN_PATTERNS"] = len(data.patterns)
        c["ALLOWLIST"] = len(data.allowlist)
        c["CLOSED_ACCOUNT"] = len(data.closed)
        return dict(c)
