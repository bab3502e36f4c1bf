"""Run-time lexicon management: validate, persist (with audit), and swap in.

Every change is validated completely before anything is written, written in one
transaction with its audit record and a revision bump, and then this replica
rebuilds its matcher at once; other replicas pick it up from the revision within
``reload_interval_s``. If the rebuild fails, the old matcher keeps serving.

Names an operator adds (entry names, aliases, abbreviations, closed-account names)
must keep at least two characters once normalised and must not be an ordinary word
of the bundled word lists (``words.tsv``, ``common_words.tsv``): a closed name 的 or
an alias 我们 would otherwise match a large share of everyday names. An entry flagged
``common_word`` may carry ordinary words (the engine then counts it only in context);
a closed name may not. Names an entry already has are not re-checked, so updating a
bundled entry never fails on its own bundled aliases.

The actor of every change is the authenticated caller's audit name, passed in by the
transport layer.
"""
from __future__ import annotations


import dataclasses
import logging
import re
from collections import Counter
from typing import Any, Callable, Mapping

from service.domain.errors import InvalidArgument, NotFound
from service.lexicon.loader import ENTITY_CATEGORIES
from service.domain.lexicon import LEVELS, SEVERITIES, Entity

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_MAX_NAME = 64
_MAX_ALIASES = 50
_MIN_NAME = 2  # "two characters" in the messages
_MAX_REASON = 500
_MAX_ACCOUNT_ID = 128
_MAX_PAGE = 500
_CLOSED_ID = re.compile(r"^closed\.(\d{1,18})$")
#: Entry fields an update may change (the rest, id and origin, identify the entry).
UPDATABLE_FIELDS = ("name", "category", "aliases", "abbreviations", "level", "region_code", "severity", "flags",
                    "source", "source_date", "licence")
#: Flags an entry may carry: common_word (counts only with context), history (a former
#: name), and descriptive ones the bundled data uses (programme, channel, brand, news_media).
ENTITY_FLAGS = frozenset({"common_word", "history", "programme", "channel", "brand", "news_media", "ambiguous"})

log = logging.getLogger("zhenwei.lexicon.admin")


def _no_uscc_validator(code: str) -> str:
    raise InvalidArgument("owner registration needs a unified social credit code validator")


class LexiconAdmin:
    def __init__(self, store, manager, validate_uscc: Callable[[str], str] | None = None):
        self.store = store
        self.manager = manager
        self._validate_uscc = validate_uscc or _no_uscc_validator

    # -- validation ----------------------------------------------------------
    def _norm(self, text: str) -> str:
        return self.manager.normalizer.normalize(text).text

    def _check_name(self, what: str, text: str, *, ordinary_ok: bool = False) -> None:
        """A name an operator adds: not empty, not over the limit, at least two characters
        once normalised, and (unless ``ordinary_ok``) not an ordinary word."""
        if not isinstance(text, str) or not text.strip():
            raise InvalidArgument(f"{what} is empty")
        if len(text) > _MAX_NAME:
            raise InvalidArgument(f"{what} is {len(text)} code points; the limit is {_MAX_NAME}")
        norm = self._norm(text)
        if not norm:
            raise InvalidArgument(f"{what} normalises to nothing (only separators or invisible characters)")
        if len(norm) < _MIN_NAME:
            raise InvalidArgument(f"{what} \u201c{text.strip()}\u201d has fewer than two characters once "
                                  "normalised: it would match almost every name")
        if not ordinary_ok and (norm in self.manager.ordinary_words or text.strip() in self.manager.ordinary_words):
            raise InvalidArgument(f"{what} \u201c{text.strip()}\u201d is an ordinary word (bundled word list): it "
                                  "would match everyday names")

    @staticmethod
    def _check_text(what: str, text: str, limit: int) -> None:
        if len(text) > limit:
            raise InvalidArgument(f"{what} is over {limit} characters")

    def validate_entity(self, e: Entity, known: frozenset[str] = frozenset()) -> Entity:
        """Checks a whole entry; names in ``known`` (the entry's names before this change)
        are not re-checked against the short-name and ordinary-word rules."""
        if not _ID.match(e.id or ""):
            raise InvalidArgument(f"id must match {_ID.pattern}")
        if e.category.name not in ENTITY_CATEGORIES:
            raise InvalidArgument(f"category must be one of {sorted(ENTITY_CATEGORIES)}, got {e.category.name}")
        ordinary_ok = "common_word" in e.flags
        if e.name in known:
            self._check_text("name", e.name, _MAX_NAME)
        else:
            self._check_name("name", e.name, ordinary_ok=ordinary_ok)
        if len(e.aliases) + len(e.abbreviations) > _MAX_ALIASES:
            raise InvalidArgument(f"at most {_MAX_ALIASES} aliases and abbreviations")
        for what, names in (("alias", e.aliases), ("abbreviation", e.abbreviations)):
            for a in names:
                if a in known:
                    self._check_text(what, a, _MAX_NAME)
                else:
                    self._check_name(what, a, ordinary_ok=ordinary_ok)
        for what, value in (("source", e.source), ("source_date", e.source_date), ("licence", e.licence)):
            self._check_text(what, value, _MAX_REASON)
        if e.level not in LEVELS:
            raise InvalidArgument(f"level must be one of {LEVELS}")
        if e.severity not in SEVERITIES:
            raise InvalidArgument(f"severity must be one of {SEVERITIES}")
        if e.region_code and not re.fullmatch(r"\d{6}", e.region_code):
            raise InvalidArgument("region_code must be 6 digits (GB/T 2260)")
        unknown = set(e.flags) - ENTITY_FLAGS
        if unknown:
            raise InvalidArgument(f"unknown flags {', '.join(sorted(f[:32] for f in unknown))}; "
                                  f"known: {', '.join(sorted(ENTITY_FLAGS))}")
        return dataclasses.replace(e, origin="store")

    def _known_entity(self, entity_id: str) -> bool:
        data = self.manager.current().data
        if entity_id in data.entities or entity_id in data.divisions:
            return True
        region, plus, organ = entity_id.partition("+")  # composite: region.<code>+<organ canonical>
        return bool(plus) and region in data.divisions and any(p.canonical == organ for p in data.patterns)

    def _uscc(self, code: str) -> str:
        """The code, validated by the injected validator (``service.credentials.uscc.validate``
        in the app: the lexicon package does not reach into credentials)."""
        from stdnum.exceptions import ValidationError

        try:
            return self._validate_uscc(code)
        except ValidationError as exc:
            raise InvalidArgument(f"unified social credit code is invalid: {exc}") from None
        except InvalidArgument:
            raise
        except Exception:  # noqa: BLE001 - stdnum on odd input: still the caller's mistake
            raise InvalidArgument("unified social credit code is invalid") from None

    def _swap(self) -> str:
        """Rebuilds the served lexicon after a committed change. When the rebuild fails (a stored
        entry that no longer compiles) the change stays stored and audited and the old lexicon
        keeps serving: the caller is answered with the version still served (a retry would store
        it twice), and the failure is logged and reported by the reload watch (log, metric,
        health service ``zhenwei.ops.LexiconReload``)."""
        try:
            self.manager.reload()
        except Exception:  # noqa: BLE001 - the write committed; serving goes on with the old build
            log.exception("lexicon rebuild after an admin change failed; still serving %s",
                          self.manager.current().version)
        return self.manager.current().version

    # -- operations ----------------------------------------------------------
    def add_entry(self, entity: Entity, actor: str) -> tuple[Entity, str]:
        e = self.validate_entity(entity)
        self.store.lexicon.put_entity(e, actor, create=True, bundled_ids=frozenset(self.manager.bundled.entities))
        return e, self._swap()

    def update_entry(self, entity_id: str, changes: Mapping[str, Any], actor: str) -> tuple[Entity, str]:
        """Changes only the given fields of an entry (stored, or bundled and never stored);
        every other field, aliases and abbreviations included, keeps its current value.

        ``changes`` maps fields of :data:`UPDATABLE_FIELDS` to their new values.
        """
        self._check_id(entity_id)
        unknown = set(changes) - set(UPDATABLE_FIELDS)
        if unknown:
            raise InvalidArgument(f"fields that cannot be updated: {', '.join(sorted(str(f)[:40] for f in unknown))}")
        if not changes:
            raise InvalidArgument("nothing to update: name the fields to change")

        def change(current: Entity) -> tuple[Entity, dict]:
            new = dataclasses.replace(current, **changes)
            known = frozenset((current.name, *current.aliases, *current.abbreviations))
            new = self.validate_entity(new, known)
            detail = {f: _jsonable(getattr(new, f)) for f in sorted(changes)}
            detail["fields"] = sorted(changes)
            return new, detail

        entity, _ = self.store.lexicon.update_entity(entity_id, change, actor, bundled=self.manager.bundled.entities)
        return entity, self._swap()

    @staticmethod
    def _check_id(entity_id: str) -> None:
        if not entity_id or len(entity_id) > 200 or not entity_id.isprintable():
            raise InvalidArgument("entity id is empty, over 200 characters or not printable")

    def retire_entry(self, entity_id: str, reason: str, actor: str) -> tuple[Entity, str]:
        self._check_text("reason", reason, _MAX_REASON)
        entity = self.get_entry(entity_id)[0]
        self.store.lexicon.retire_entity(entity, actor, reason)
        return entity, self._swap()

    def get_entry(self, entity_id: str) -> tuple[Entity, bool]:
        self._check_id(entity_id)
        stored = self.store.lexicon.get_entry(entity_id)
        if stored is not None:
            return stored[1], stored[0] == "retired"
        bundled = self.manager.bundled.entities.get(entity_id)
        if bundled is None:
            raise NotFound(f"entity {entity_id} not found")
        return bundled, False

    def add_owner(self, entity_id: str, code: str, actor: str) -> tuple[list[str], str]:
        self._check_id(entity_id)
        code = self._uscc(code)
        if not self._known_entity(entity_id):
            raise NotFound(f"entity {entity_id} not found")
        self.store.lexicon.add_owner(entity_id, code, actor)
        return self.store.lexicon.owners(entity_id), self._swap()

    def remove_owner(self, entity_id: str, code: str, actor: str) -> tuple[list[str], str]:
        self._check_id(entity_id)
        code = self._uscc(code)
        self.store.lexicon.remove_owner(entity_id, code, actor)
        return self.store.lexicon.owners(entity_id), self._swap()

    def add_closed(self, name: str, account_id: str, reason: str, actor: str) -> tuple[str, str]:
        """Adds a closed account's name: at least two characters, never an ordinary word."""
        self._check_name("name", name)
        self._check_text("account_id", account_id, _MAX_ACCOUNT_ID)
        self._check_text("reason", reason, _MAX_REASON)
        closed_id, _ = self.store.lexicon.add_closed(name.strip(), account_id, reason, actor)
        return closed_id, self._swap()

    def list_closed(self, page_size: int = 100, page_token: str = "") -> tuple[list, str]:
        """One page of closed names, oldest first, and the token of the next page ("" at the end)."""
        if not 0 <= page_size <= _MAX_PAGE:
            raise InvalidArgument(f"page_size must be between 1 and {_MAX_PAGE} (0: 100)")
        size = page_size or 100
        after = 0
        if page_token:
            if not (page_token.isascii() and page_token.isdigit()) or len(page_token) > 18:  # not ² or ①
                raise InvalidArgument("page_token is not one this service issued")
            after = int(page_token)
        rows = self.store.lexicon.list_closed(after, size + 1)
        more = len(rows) > size
        rows = rows[:size]
        return rows, (rows[-1].id.removeprefix("closed.") if more else "")

    def remove_closed(self, closed_id: str, reason: str, actor: str):
        """Removes one closed name (audited with its name and the reason)."""
        m = _CLOSED_ID.match(closed_id or "")
        if not m:
            raise InvalidArgument("closed_id must look like closed.<number>")
        if not reason or not reason.strip():
            raise InvalidArgument("a reason is required to remove a closed-account name")
        self._check_text("reason", reason, _MAX_REASON)
        removed, _ = self.store.lexicon.remove_closed(int(m.group(1)), actor, reason.strip())
        return removed, self._swap()

    def counts(self) -> dict[str, int]:
        data = self.manager.current().data
        c = Counter(e.category.name for e in data.entities.values())
        c["REGION_DIVISIONS"] = len(data.divisions)
        c["ORGAN_PATTERNS"] = len(data.patterns)
        c["ALLOWLIST"] = len(data.allowlist)
        c["CLOSED_ACCOUNT"] = len(data.closed)
        return dict(c)


def _jsonable(value):
    if isinstance(value, (tuple, frozenset, set)):
        return sorted(value) if isinstance(value, (frozenset, set)) else list(value)
    if hasattr(value, "name") and not isinstance(value, str):  # an enum (Category)
        return value.name
    return value
