"""LexiconAdminService: proto ⇄ domain conversion around :class:`service.lexicon.admin.LexiconAdmin`."""
from __future__ import annotations

import json

from service.api.gen.impersonation.v1 import common_pb2, lexicon_admin_pb2 as pb, lexicon_admin_pb2_grpc
from service.domain.errors import InvalidArgument
from service.domain.models import Category
from service.lexicon.model import Entity

_LEVELS = {pb.ENTRY_LEVEL_UNSPECIFIED: "national", pb.ENTRY_LEVEL_NATIONAL: "national",
           pb.ENTRY_LEVEL_PROVINCIAL: "provincial", pb.ENTRY_LEVEL_PREFECTURE: "prefecture",
           pb.ENTRY_LEVEL_COUNTY: "county", pb.ENTRY_LEVEL_OTHER: "other"}
_SEVERITIES = {pb.SEVERITY_UNSPECIFIED: "normal", pb.SEVERITY_HIGH: "high", pb.SEVERITY_NORMAL: "normal",
               pb.SEVERITY_LOW: "low"}


def actor_of(context) -> str:
    for key, value in context.invocation_metadata() or ():
        if key == "x-actor" and value:
            return str(value)[:120]
    return f"peer:{context.peer()}"


def entity_from_proto(e: pb.Entry) -> Entity:
    cat = common_pb2.Category.Name(e.category).removeprefix("CATEGORY_") if e.category in \
        common_pb2.Category.values() else "UNSPECIFIED"
    if cat not in Category.__members__:
        raise InvalidArgument(f"unknown category {cat}")
    if e.level not in _LEVELS or e.severity not in _SEVERITIES:
        raise InvalidArgument("unknown level or severity")
    return Entity(id=e.id, name=e.name, category=Category[cat], aliases=tuple(e.aliases),
                  abbreviations=tuple(e.abbreviations), level=_LEVELS[e.level], region_code=e.region_code,
                  severity=_SEVERITIES[e.severity], flags=frozenset(e.flags), source=e.source,
                  source_date=e.source_date, licence=e.licence, origin="store")


def entity_to_proto(e: Entity) -> pb.Entry:
    return pb.Entry(
        id=e.id, name=e.name, category=common_pb2.Category.Value(f"CATEGORY_{e.category.name}"),
        aliases=e.aliases, abbreviations=e.abbreviations,
        level={v: k for k, v in _LEVELS.items() if k}[e.level],
        region_code=e.region_code, severity={v: k for k, v in _SEVERITIES.items() if k}[e.severity],
        flags=sorted(e.flags), source=e.source, source_date=e.source_date, licence=e.licence,
        origin=pb.ENTRY_ORIGIN_STORE if e.origin == "store" else pb.ENTRY_ORIGIN_BUNDLED)


class LexiconAdminServicer(lexicon_admin_pb2_grpc.LexiconAdminServiceServicer):
    def __init__(self, app):
        self.admin = app.lexicon_admin
        self.store = app.store

    def _entry(self, entity, version, retired=False):
        return pb.EntryResponse(entry=entity_to_proto(entity), retired=retired,
                                owner_uscc=self.store.lexicon.owners(entity.id), lexicon_version=version)

    def AddEntry(self, request, context):
        return self._entry(*self.admin.add_entry(entity_from_proto(request.entry), actor_of(context)))

    def UpdateEntry(self, request, context):
        return self._entry(*self.admin.update_entry(entity_from_proto(request.entry), actor_of(context)))

    def RetireEntry(self, request, context):
        entity, version = self.admin.retire_entry(request.id, request.reason, actor_of(context))
        return self._entry(entity, version, retired=True)

    def GetEntry(self, request, context):
        entity, retired = self.admin.get_entry(request.id)
        return self._entry(entity, self.admin.manager.current().version, retired)

    def AddOwner(self, request, context):
        owners, version = self.admin.add_owner(request.entity_id, request.unified_social_credit_code,
                                               actor_of(context))
        return pb.OwnerResponse(entity_id=request.entity_id, owner_uscc=owners, lexicon_version=version)

    def RemoveOwner(self, request, context):
        owners, version = self.admin.remove_owner(request.entity_id, request.unified_social_credit_code,
                                                  actor_of(context))
        return pb.OwnerResponse(entity_id=request.entity_id, owner_uscc=owners, lexicon_version=version)

    def AddClosedAccount(self, request, context):
        closed_id, version = self.admin.add_closed(request.name, request.account_id, request.reason,
                                                   actor_of(context))
        return pb.AddClosedAccountResponse(closed_id=closed_id, lexicon_version=version)

    def ListAuditLog(self, request, context):
        limit = request.limit or 100
        if not 0 < limit <= 1000:
            raise InvalidArgument("limit must be between 1 and 1000")
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
