"""LexiconAdminService: proto ⇄ domain conversion around :class:`service.lexicon.admin.LexiconAdmin`.

The audit actor of every change is the authenticated caller (``current_principal().actor``);
requests carry no identity of their own. Enum values the proto does not define, and
UNSPECIFIED categories, are INVALID_ARGUMENT.
"""
from __future__ import annotations

import json

from service.api.gen.impersonation.v1 import common_pb2, lexicon_admin_pb2 as pb, lexicon_admin_pb2_grpc
from service.auth.principal import current_principal
from service.domain.errors import InvalidArgument
from service.domain.models import Category
from service.lexicon.admin import UPDATABLE_FIELDS
from service.domain.lexicon import Entity

_LEVELS = {pb.ENTRY_LEVEL_UNSPECIFIED: "national", pb.ENTRY_LEVEL_NATIONAL: "national",
           pb.ENTRY_LEVEL_PROVINCIAL: "provincial", pb.ENTRY_LEVEL_PREFECTURE: "prefecture",
           pb.ENTRY_LEVEL_COUNTY: "county", pb.ENTRY_LEVEL_OTHER: "other"}
_SEVERITIES = {pb.SEVERITY_UNSPECIFIED: "normal", pb.SEVERITY_HIGH: "high", pb.SEVERITY_NORMAL: "normal",
               pb.SEVERITY_LOW: "low"}
_REPEATED = ("aliases", "abbreviations", "flags")


def _actor() -> str:
    return current_principal().actor


def _category(value: int) -> Category:
    if value not in common_pb2.Category.values():
        raise InvalidArgument(f"unknown category value {int(value)}")
    name = common_pb2.Category.Name(value).removeprefix("CATEGORY_")
    if name not in Category.__members__:
        raise InvalidArgument(f"category must be set (got {name})")
    return Category[name]


def _level(value: int) -> str:
    if value not in _LEVELS:
        raise InvalidArgument(f"unknown entry level value {int(value)}")
    return _LEVELS[value]


def _severity(value: int) -> str:
    if value not in _SEVERITIES:
        raise InvalidArgument(f"unknown severity value {int(value)}")
    return _SEVERITIES[value]


def _field(e: pb.Entry, name: str):
    """One Entry field as its domain value."""
    if name == "category":
        return _category(e.category)
    if name == "level":
        return _level(e.level)
    if name == "severity":
        return _severity(e.severity)
    if name == "flags":
        return frozenset(e.flags)
    if name in _REPEATED:
        return tuple(getattr(e, name))
    return getattr(e, name)


def entity_from_proto(e: pb.Entry) -> Entity:
    return Entity(id=e.id, name=e.name, category=_category(e.category), aliases=tuple(e.aliases),
                  abbreviations=tuple(e.abbreviations), level=_level(e.level), region_code=e.region_code,
                  severity=_severity(e.severity), flags=frozenset(e.flags), source=e.source,
                  source_date=e.source_date, licence=e.licence, origin="store")


def changes_from_proto(request: pb.UpdateEntryRequest) -> dict:
    """The fields an UpdateEntry changes: those its mask names or, without a mask, those given a
    non-default value (an empty list or zero enum is then "not given", never "clear")."""
    e = request.entry
    paths = [p.removeprefix("entry.") for p in request.update_mask.paths]
    if paths:
        unknown = sorted({p for p in paths if p not in UPDATABLE_FIELDS})
        if unknown:
            raise InvalidArgument(f"update_mask names fields that cannot be updated: {', '.join(unknown)[:200]}; "
                                  f"updatable: {', '.join(UPDATABLE_FIELDS)}")
    else:
        paths = [f for f in UPDATABLE_FIELDS if (len(getattr(e, f)) if f in _REPEATED else getattr(e, f))]
    return {f: _field(e, f) for f in dict.fromkeys(paths)}


def entity_to_proto(e: Entity) -> pb.Entry:
    return pb.Entry(
        id=e.id, name=e.name, category=common_pb2.Category.Value(f"CATEGORY_{e.category.name}"),
        aliases=e.aliases, abbreviations=e.abbreviations,
        level={v: k for k, v in _LEVELS.items() if k}[e.level],
        region_code=e.region_code, severity={v: k for k, v in _SEVERITIES.items() if k}[e.severity],
        flags=sorted(e.flags), source=e.source, source_date=e.source_date, licence=e.licence,
        origin=pb.ENTRY_ORIGIN_STORE if e.origin == "store" else pb.ENTRY_ORIGIN_BUNDLED)


def closed_to_proto(c) -> pb.ClosedAccount:
    return pb.ClosedAccount(closed_id=c.id, name=c.name, account_id=c.account_id, reason=c.reason,
                            closed_at=c.closed_at, keep_until=c.keep_until, added_by=c.added_by)


class LexiconAdminServicer(lexicon_admin_pb2_grpc.LexiconAdminServiceServicer):
    def __init__(self, app):
        self.admin = app.lexicon_admin
        self.store = app.store

    def _entry(self, entity, version, retired=False):
        return pb.EntryResponse(entry=entity_to_proto(entity), retired=retired,
                                owner_uscc=self.store.lexicon.owners(entity.id), lexicon_version=version)

    def AddEntry(self, request, context):
        return self._entry(*self.admin.add_entry(entity_from_proto(request.entry), _actor()))

    def UpdateEntry(self, request, context):
        return self._entry(*self.admin.update_entry(request.entry.id, changes_from_proto(request), _actor()))

    def RetireEntry(self, request, context):
        entity, version = self.admin.retire_entry(request.id, request.reason, _actor())
        return self._entry(entity, version, retired=True)

    def GetEntry(self, request, context):
        entity, retired = self.admin.get_entry(request.id)
        return self._entry(entity, self.admin.manager.current().version, retired)

    def AddOwner(self, request, context):
        owners, version = self.admin.add_owner(request.entity_id, request.unified_social_credit_code, _actor())
        return pb.OwnerResponse(entity_id=request.entity_id, owner_uscc=owners, lexicon_version=version)

    def RemoveOwner(self, request, context):
        owners, version = self.admin.remove_owner(request.entity_id, request.unified_social_credit_code, _actor())
        return pb.OwnerResponse(entity_id=request.entity_id, owner_uscc=owners, lexicon_version=version)

    def AddClosedAccount(self, request, context):
        closed_id, version = self.admin.add_closed(request.name, request.account_id, request.reason, _actor())
        return pb.AddClosedAccountResponse(closed_id=closed_id, lexicon_version=version)

    def ListClosedAccounts(self, request, context):
        rows, token = self.admin.list_closed(request.page_size, request.page_token)
        return pb.ListClosedAccountsResponse(closed_accounts=[closed_to_proto(c) for c in rows],
                                             next_page_token=token)

    def RemoveClosedAccount(self, request, context):
        removed, version = self.admin.remove_closed(request.closed_id, request.reason, _actor())
        return pb.RemoveClosedAccountResponse(removed=closed_to_proto(removed), lexicon_version=version)

    def ListAuditLog(self, request, context):
        limit = request.limit or 100
        if not 0 < limit <= 1000:
            raise InvalidArgument("limit must be between 1 and 1000")
        if len(request.target) > 200:
            raise InvalidArgument("target is over 200 characters")
        rows = self.store.audit.list(request.target or None, limit)
        return pb.ListAuditLogResponse(entries=[pb.AuditEntry(
            id=r.id, at=r.at, actor=r.actor, action=r.action, target=r.target,
            detail_json=json.dumps(r.detail, ensure_ascii=False, sort_keys=True)) for r in rows])

    def GetLexiconVersion(self, request, context):
        engine = self.admin.manager.current()
        return pb.GetLexiconVersionResponse(lexicon_version=engine.version, store_revision=engine.data.revision,
                                            counts=self.admin.counts())


def register(server, app) -> list[str]:
    lexicon_admin_pb2_grpc.add_LexiconAdminServiceServicer_to_server(LexiconAdminServicer(app), server)
    return [pb.DESCRIPTOR.services_by_name["LexiconAdminService"].full_name]
