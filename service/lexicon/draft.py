"""Lexicon drafts ("what if"): staged changes that are not served until published.

A draft is an ordered list of operations, each one a call :class:`~service.lexicon.admin.LexiconAdmin`
knows how to make:

=================  ==============================================================================
kind               body (JSON)
=================  ==============================================================================
``entry.add``      ``{"entity": {"id", "name", "category", "aliases": [], "abbreviations": [], …}}``
``entry.update``   ``{"id": …, "changes": {field: value, …}}`` (fields of ``UPDATABLE_FIELDS``)
``entry.retire``   ``{"id": …, "reason": …}``
``owner.add``      ``{"entity_id": …, "uscc": …}``
``owner.remove``   ``{"entity_id": …, "uscc": …}``
``closed.add``     ``{"name": …, "account_id": …, "reason": …}``
``closed.remove``  ``{"closed_id": "closed.<n>", "reason": …}`` (a closed name that is live)
=================  ==============================================================================

Allowlist phrases are bundled data (``lexicons/allowlist.tsv``) that ``LexiconAdmin`` does not
manage, so a draft cannot change them either.

:func:`apply_ops` applies a draft to a :class:`~service.domain.lexicon.LexiconData` without
touching the store: the draft's lexicon is always *the live lexicon now + the draft*, so a what-if
run or the shadow engine sees the draft rebased on whatever is live. Every operation is validated
exactly as ``LexiconAdmin`` validates it (same name rules, same USCC validator), when it is added
(against the live lexicon + the operations before it) and again before publishing.

:meth:`DraftService.publish` applies the operations one by one through ``LexiconAdmin`` (each
audited under the publishing actor, each bumping the live revision like any admin change). It
first checks that the whole draft still applies to the live lexicon; if an operation fails half
way (a concurrent admin change), the operations before it stay live, the draft stays
``publishing`` with the count of applied operations, and ``publish`` again resumes after them.

:func:`lexicon_changes` compares two lexicons (the batch job's ``--only-changed`` uses it):
which targets (entries, closed names) changed and every surface form they had before or have now.
This package imports neither the store nor the engine: the repository and the admin are injected.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, Iterable

from service.domain.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from service.domain.lexicon import ClosedName, Entity, LexiconData
from service.domain.models import Category
from service.lexicon.admin import UPDATABLE_FIELDS, LexiconAdmin

OP_KINDS = ("entry.add", "entry.update", "entry.retire", "owner.add", "owner.remove", "closed.add",
            "closed.remove")
_MAX_OPS = 10_000
_MAX_TEXT = 500
_DRAFT_ID = re.compile(r"^(?:draft\.)?(\d{1,18})$")


def parse_draft_id(text: str | int) -> int:
    """``3`` or ``draft.3`` → 3; anything else is InvalidArgument."""
    m = _DRAFT_ID.match(str(text).strip())
    if not m or int(m.group(1)) < 1:
        raise InvalidArgument(f"a draft id is a positive number (or draft.<n>), got {str(text)[:40]!r}")
    return int(m.group(1))


# -- entity (de)serialisation ------------------------------------------------------------------
def entity_to_dict(e: Entity) -> dict:
    d = dataclasses.asdict(e)
    d["category"] = e.category.name
    d["flags"] = sorted(e.flags)
    d["aliases"] = list(e.aliases)
    d["abbreviations"] = list(e.abbreviations)
    return d


def _category(value: Any) -> Category:
    if isinstance(value, Category):
        return value
    if not isinstance(value, str) or value not in Category.__members__:
        raise InvalidArgument(f"unknown category {str(value)[:40]!r}")
    return Category[value]


def _str_list(what: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise InvalidArgument(f"{what} must be a list of strings")
    return tuple(value)


def _field_value(name: str, value: Any) -> Any:
    """A JSON value of one entity field, as the Entity holds it."""
    if name == "category":
        return _category(value)
    if name in ("aliases", "abbreviations"):
        return _str_list(name, value)
    if name == "flags":
        return frozenset(_str_list(name, value))
    if not isinstance(value, str):
        raise InvalidArgument(f"{name} must be a string")
    return value


def entity_from_dict(d: dict) -> Entity:
    if not isinstance(d, dict):
        raise InvalidArgument("entity must be a JSON object")
    known = {f.name for f in dataclasses.fields(Entity)}
    unknown = set(d) - known
    if unknown:
        raise InvalidArgument(f"unknown entity fields: {', '.join(sorted(str(u)[:40] for u in unknown))}")
    for need in ("id", "name", "category"):
        if not d.get(need):
            raise InvalidArgument(f"entity.{need} is required")
    values = {k: _field_value(k, v) for k, v in d.items() if k not in ("id", "origin")}
    if not isinstance(d["id"], str):
        raise InvalidArgument("entity.id must be a string")
    return Entity(id=d["id"], origin="store", **values)


def _text(body: dict, key: str, required: bool = True, limit: int = _MAX_TEXT) -> str:
    value = body.get(key, "")
    if not isinstance(value, str):
        raise InvalidArgument(f"{key} must be a string")
    if required and not value.strip():
        raise InvalidArgument(f"{key} is required")
    if len(value) > limit:
        raise InvalidArgument(f"{key} is over {limit} characters")
    return value


def normalise_op(kind: str, body: Any) -> dict:
    """The canonical body of one operation (types checked, nothing else); InvalidArgument if malformed."""
    if kind not in OP_KINDS:
        raise InvalidArgument(f"unknown operation {str(kind)[:40]!r}; one of {', '.join(OP_KINDS)}")
    if not isinstance(body, dict):
        raise InvalidArgument("an operation's body is a JSON object")
    allowed = {"entry.add": {"entity"}, "entry.update": {"id", "changes"}, "entry.retire": {"id", "reason"},
               "owner.add": {"entity_id", "uscc"}, "owner.remove": {"entity_id", "uscc"},
               "closed.add": {"name", "account_id", "reason"}, "closed.remove": {"closed_id", "reason"}}[kind]
    unknown = set(body) - allowed
    if unknown:
        raise InvalidArgument(f"{kind}: unknown keys {', '.join(sorted(str(u)[:40] for u in unknown))}; "
                              f"expected {', '.join(sorted(allowed))}")
    if kind == "entry.add":
        return {"entity": entity_to_dict(entity_from_dict(body.get("entity")))}
    if kind == "entry.update":
        changes = body.get("changes")
        if not isinstance(changes, dict) or not changes:
            raise InvalidArgument("entry.update: changes must name at least one field")
        bad = set(changes) - set(UPDATABLE_FIELDS)
        if bad:
            raise InvalidArgument(f"entry.update: fields that cannot be updated: "
                                  f"{', '.join(sorted(str(b)[:40] for b in bad))}")
        out = {}
        for k, v in changes.items():
            value = _field_value(k, v)
            out[k] = (value.name if isinstance(value, Category) else sorted(value) if isinstance(value, frozenset)
                      else list(value) if isinstance(value, tuple) else value)
        return {"id": _text(body, "id", limit=200), "changes": out}
    if kind == "entry.retire":
        return {"id": _text(body, "id", limit=200), "reason": _text(body, "reason", required=False)}
    if kind in ("owner.add", "owner.remove"):
        return {"entity_id": _text(body, "entity_id", limit=200), "uscc": _text(body, "uscc", limit=64)}
    if kind == "closed.add":
        return {"name": _text(body, "name", limit=64), "account_id": _text(body, "account_id", required=False),
                "reason": _text(body, "reason", required=False)}
    return {"closed_id": _text(body, "closed_id", limit=40), "reason": _text(body, "reason")}


@dataclass(frozen=True)
class Op:
    seq: int
    kind: str
    body: dict


def _changes(body: dict) -> dict:
    return {k: _field_value(k, v) for k, v in body["changes"].items()}


def _known_target(data: LexiconData, entity_id: str) -> bool:
    if entity_id in data.entities or entity_id in data.divisions:
        return True
    region, plus, organ = entity_id.partition("+")  # composite: region.<code>+<organ canonical>
    return bool(plus) and region in data.divisions and any(p.canonical == organ for p in data.patterns)


def apply_ops(data: LexiconData, ops: Iterable[Op], admin: LexiconAdmin, draft_id: int = 0) -> LexiconData:
    """``data`` with the operations applied in order, validated as ``LexiconAdmin`` validates them
    (InvalidArgument, NotFound or AlreadyExists naming the operation when one does not apply).
    The result keeps ``data``'s digest and revision: its version is the live one's."""
    entities = dict(data.entities)
    owners = {k: set(v) for k, v in data.owners.items()}
    closed = list(data.closed)
    for op in ops:
        where = f"operation {op.seq} ({op.kind})"
        b = op.body
        try:
            if op.kind == "entry.add":
                e = admin.validate_entity(entity_from_dict(b["entity"]))
                if e.id in entities:
                    raise AlreadyExists(f"entity {e.id} exists")
                entities[e.id] = e
            elif op.kind == "entry.update":
                current = entities.get(b["id"])
                if current is None:
                    raise NotFound(f"entity {b['id']} not found")
                new = dataclasses.replace(current, **_changes(b))
                known = frozenset((current.name, *current.aliases, *current.abbreviations))
                entities[b["id"]] = admin.validate_entity(new, known)
            elif op.kind == "entry.retire":
                if entities.pop(b["id"], None) is None:
                    raise NotFound(f"entity {b['id']} not found")
            elif op.kind == "owner.add":
                code = admin._uscc(b["uscc"])  # the injected validator (same package)
                if not _known_target(dataclasses.replace(data, entities=entities), b["entity_id"]):
                    raise NotFound(f"entity {b['entity_id']} not found")
                have = owners.setdefault(b["entity_id"], set())
                if code in have:
                    raise AlreadyExists(f"{code} already owns {b['entity_id']}")
                have.add(code)
            elif op.kind == "owner.remove":
                code = admin._uscc(b["uscc"])
                if code not in owners.get(b["entity_id"], set()):
                    raise NotFound(f"{code} is not an owner of {b['entity_id']}")
                owners[b["entity_id"]].discard(code)
            elif op.kind == "closed.add":
                admin._check_name("name", b["name"])
                closed.append(ClosedName(f"closed.draft{draft_id}-{op.seq}", b["name"].strip(), b["account_id"],
                                         "", b["reason"]))
            elif op.kind == "closed.remove":
                kept = [c for c in closed if c.id != b["closed_id"]]
                if len(kept) == len(closed):
                    raise NotFound(f"{b['closed_id']} not found")
                closed = kept
            else:  # pragma: no cover - normalise_op refuses unknown kinds
                raise InvalidArgument(f"unknown operation {op.kind}")
        except (InvalidArgument, NotFound, AlreadyExists) as exc:
            raise type(exc)(f"{where}: {exc}") from None
    return dataclasses.replace(data, entities=entities, closed=tuple(closed),
                               owners={k: frozenset(v) for k, v in owners.items() if v})


# -- comparing two lexicons ------------------------------------------------------------------
@dataclass(frozen=True)
class LexiconChanges:
    """What differs between two lexicons over the same bundled files."""

    targets: frozenset[str]      # entity ids and closed-name ids added, removed or changed
    surfaces: frozenset[str]     # every form those targets had before or have now, and allowlist phrases changed
    owners: frozenset[str]       # entity ids whose verified owners changed
    counts: dict

    @property
    def empty(self) -> bool:
        return not (self.targets or self.surfaces or self.owners)


def _forms(e: Entity) -> tuple[str, ...]:
    return (e.name, *e.aliases, *e.abbreviations)


def lexicon_changes(old: LexiconData, new: LexiconData) -> tuple[LexiconChanges | None, str]:
    """(changes, "") or (None, why the changes cannot be derived: the bundled files differ)."""
    if old.digest != new.digest:
        return None, (f"the bundled lexicon files changed ({old.digest[:12]} → {new.digest[:12]}): "
                      "every row may be affected")
    same_base = ("divisions", "patterns", "claims", "claim_contexts", "address_cues", "straddle_cues", "words",
                 "product_words")
    for name in same_base:
        if getattr(old, name) != getattr(new, name):
            return None, f"the bundled {name} differ between the two lexicons"
    targets: set[str] = set()
    surfaces: set[str] = set()
    added = removed = changed = 0

    def strip(e: Entity) -> Entity:
        return dataclasses.replace(e, origin="")

    for ent_id in old.entities.keys() | new.entities.keys():
        a, b = old.entities.get(ent_id), new.entities.get(ent_id)
        if a is not None and b is not None and strip(a) == strip(b):
            continue
        targets.add(ent_id)
        added += a is None
        removed += b is None
        changed += a is not None and b is not None
        for e in (a, b):
            if e is not None:
                surfaces.update(_forms(e))
    old_closed = {c.id: c.name for c in old.closed}
    new_closed = {c.id: c.name for c in new.closed}
    closed_changed = 0
    for cid in old_closed.keys() | new_closed.keys():
        if old_closed.get(cid) != new_closed.get(cid):
            targets.add(cid)
            closed_changed += 1
            surfaces.update(x for x in (old_closed.get(cid), new_closed.get(cid)) if x)
    allow_diff = {p for p, _ in old.allowlist} ^ {p for p, _ in new.allowlist}
    surfaces.update(allow_diff)
    owners = {k for k in old.owners.keys() | new.owners.keys()
              if old.owners.get(k, frozenset()) != new.owners.get(k, frozenset())}
    counts = {"entries_added": added, "entries_removed": removed, "entries_changed": changed,
              "closed_names_changed": closed_changed, "allowlist_phrases_changed": len(allow_diff),
              "owners_changed": len(owners), "surfaces": len(surfaces)}
    return LexiconChanges(frozenset(targets), frozenset(surfaces), frozenset(owners), counts), ""


# -- the service -------------------------------------------------------------------------------
@dataclass(frozen=True)
class DraftView:
    draft: Any                  # service.store.draft_repo.DraftRecord
    ops: tuple[Any, ...]        # DraftOpRecord, in order


class DraftService:
    """Drafts over an injected repository (``store.drafts``), the admin and the lexicon manager."""

    def __init__(self, repo, admin: LexiconAdmin, manager):
        self.repo = repo
        self.admin = admin
        self.manager = manager

    def live_data(self) -> LexiconData:
        return self.manager.current().data

    def ops(self, draft_id: int) -> list[Op]:
        return [Op(o.seq, o.kind, o.body) for o in self.repo.ops(draft_id)]

    def create(self, name: str, note: str, actor: str):
        name = _text({"name": name}, "name", limit=200)
        note = _text({"note": note}, "note", required=False)
        return self.repo.create(name.strip(), note, self.manager.current().version, actor)

    def add_op(self, draft_id: int, kind: str, body: Any, actor: str):
        body = normalise_op(kind, body)
        draft = self.repo.get(draft_id)
        if draft.status != "open":
            raise FailedPrecondition(f"draft {draft_id} is {draft.status}")
        ops = self.ops(draft_id)
        if len(ops) >= _MAX_OPS:
            raise FailedPrecondition(f"draft {draft_id} holds {_MAX_OPS} operations already")
        # the whole draft, with this operation last, must apply to the live lexicon now
        apply_ops(self.live_data(), [*ops, Op(len(ops) + 1, kind, body)], self.admin, draft_id)
        return self.repo.add_op(draft_id, kind, body, actor)

    def show(self, draft_id: int) -> DraftView:
        return DraftView(self.repo.get(draft_id), tuple(self.repo.ops(draft_id)))

    def list(self, include_closed: bool = False):
        return self.repo.list(include_closed)

    def discard(self, draft_id: int, reason: str, actor: str):
        return self.repo.discard(draft_id, _text({"reason": reason}, "reason"), actor)

    def draft_data(self, draft_id: int, base: LexiconData | None = None) -> LexiconData:
        """The live lexicon (or ``base``) with the draft applied; refuses a published or discarded draft."""
        draft = self.repo.get(draft_id)
        if draft.status not in ("open", "publishing"):
            raise FailedPrecondition(f"draft {draft_id} is {draft.status}")
        return apply_ops(base if base is not None else self.live_data(), self.ops(draft_id), self.admin, draft_id)

    def publish(self, draft_id: int, actor: str) -> tuple[Any, str]:
        """Applies the draft through LexiconAdmin (audited under ``actor``); returns (draft, live version)."""
        draft = self.repo.get(draft_id)
        ops = self.ops(draft_id)
        if draft.status == "open":
            if not ops:
                raise FailedPrecondition(f"draft {draft_id} has no operations")
            apply_ops(self.live_data(), ops, self.admin, draft_id)  # refuse before anything is live
        elif draft.status != "publishing":
            raise FailedPrecondition(f"draft {draft_id} is {draft.status}")
        draft = self.repo.begin_publish(draft_id, actor)
        version = self.manager.current().version
        for op in ops:
            if op.seq <= draft.published_ops:
                continue  # live already (an interrupted publish)
            try:
                version = self._apply_live(op, actor)
            except Exception as exc:
                raise FailedPrecondition(
                    f"draft {draft_id}: operation {op.seq} ({op.kind}) failed: {exc}; operations before it are "
                    "live; publish again to resume after them") from None
            self.repo.op_published(draft_id, op.seq)
        return self.repo.finish_publish(draft_id, version, actor), version

    def _apply_live(self, op: Op, actor: str) -> str:
        a, b = self.admin, op.body
        if op.kind == "entry.add":
            return a.add_entry(entity_from_dict(b["entity"]), actor)[1]
        if op.kind == "entry.update":
            return a.update_entry(b["id"], _changes(b), actor)[1]
        if op.kind == "entry.retire":
            return a.retire_entry(b["id"], b["reason"], actor)[1]
        if op.kind == "owner.add":
            return a.add_owner(b["entity_id"], b["uscc"], actor)[1]
        if op.kind == "owner.remove":
            return a.remove_owner(b["entity_id"], b["uscc"], actor)[1]
        if op.kind == "closed.add":
            return a.add_closed(b["name"], b["account_id"], b["reason"], actor)[1]
        if op.kind == "closed.remove":
            return a.remove_closed(b["closed_id"], b["reason"], actor)[1]
        raise InvalidArgument(f"unknown operation {op.kind}")
