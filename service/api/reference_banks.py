"""ReferenceBankService: proto ⇄ domain conversion around :class:`service.image.admin.ReferenceAdmin`."""
from __future__ import annotations

from service.api.gen.impersonation.v1 import common_pb2, reference_bank_pb2 as pb, reference_bank_pb2_grpc
from service.auth.principal import current_principal
from service.domain.errors import InvalidArgument
from service.domain.models import Category

_KINDS = {pb.BANK_KIND_POSITIVE: "POSITIVE", pb.BANK_KIND_NEGATIVE: "NEGATIVE"}
_KIND_PB = {v: k for k, v in _KINDS.items()}
_MAX_PAGE = 1000


def actor_of(context) -> str:
    """The audit actor: the authenticated caller (bound by the API interceptor)."""
    return current_principal().actor


def category_from_proto(value: int) -> Category | None:
    if value == common_pb2.CATEGORY_UNSPECIFIED:
        return None
    if value not in common_pb2.Category.values():
        raise InvalidArgument(f"unknown category {value}")
    return Category[common_pb2.Category.Name(value).removeprefix("CATEGORY_")]


def category_to_proto(cat: Category | None) -> int:
    return common_pb2.CATEGORY_UNSPECIFIED if cat is None else common_pb2.Category.Value(f"CATEGORY_{cat.name}")


def bank_to_proto(b, t) -> pb.Bank:
    """``b``: the stored bank; ``t``: its thresholds in force (:meth:`ReferenceAdmin.thresholds_in_force`)."""
    return pb.Bank(name=b.name, kind=_KIND_PB[b.kind], description=b.description,
                   pdq_threshold=t.pdq, min_inliers=t.min_inliers, pdq_threshold_default=t.pdq_default,
                   min_inliers_default=t.min_inliers_default, edge_threshold=t.edge, crop_threshold=t.crop,
                   reference_count=b.reference_count, created_at=b.created_at)


def reference_to_proto(r) -> pb.Reference:
    return pb.Reference(id=r.id, bank=r.bank, entity_id=r.entity_id, category=category_to_proto(r.category),
                        label=r.label, enabled=r.enabled, content_sha256=r.content_sha256, width=r.width,
                        height=r.height, pdq_hex=r.pdq_hex, thumbnail_png=r.thumbnail, created_at=r.created_at,
                        created_by=r.created_by)


class ReferenceBankServicer(reference_bank_pb2_grpc.ReferenceBankServiceServicer):
    def __init__(self, app):
        self.admin = app.avatars.admin
        self.repo = app.store.images

    def _bank(self, b) -> pb.Bank:
        return bank_to_proto(b, self.admin.thresholds_in_force(b))

    def CreateBank(self, request, context):
        b = request.bank
        if b.kind not in _KINDS:
            raise InvalidArgument("bank kind must be BANK_KIND_POSITIVE or BANK_KIND_NEGATIVE")
        return self._bank(self.admin.create_bank(b.name, _KINDS[b.kind], b.description,
                                                 b.pdq_threshold or None, b.min_inliers or None,
                                                 actor_of(context)))

    def UpdateBank(self, request, context):
        return self._bank(self.admin.update_bank(request.name, request.description or None,
                                                 request.pdq_threshold or None, request.min_inliers or None,
                                                 request.reset_thresholds, actor_of(context)))

    def ListBanks(self, request, context):
        return pb.ListBanksResponse(banks=[self._bank(b) for b in self.repo.list_banks()])

    def GetBank(self, request, context):
        return self._bank(self.repo.get_bank(request.name))

    def RemoveBank(self, request, context):
        self.repo.remove_bank(request.name, actor_of(context))
        return pb.RemoveBankResponse()

    def AddReference(self, request, context):
        return reference_to_proto(self.admin.add_reference(
            bank=request.bank, entity_id=request.entity_id, category=category_from_proto(request.category),
            label=request.label, image=request.image, actor=actor_of(context)))

    def GetReference(self, request, context):
        return reference_to_proto(self.repo.get_reference(request.id))

    def ListReferences(self, request, context):
        size = request.page_size or 100
        if not 0 < size <= _MAX_PAGE:
            raise InvalidArgument(f"page_size must be between 1 and {_MAX_PAGE}")
        after = 0
        if request.page_token:
            # ASCII digits only (str.isdigit also takes ², ①) and within a 64-bit row id
            if not (request.page_token.isascii() and request.page_token.isdigit()) or len(request.page_token) > 18:
                raise InvalidArgument("malformed page_token")
            after = int(request.page_token)
        refs = self.repo.list_references(bank=request.bank, entity_id=request.entity_id, after_id=after,
                                         limit=size + 1, include_disabled=request.include_disabled,
                                         with_thumbnails=request.include_thumbnails)
        more = len(refs) > size
        refs = refs[:size]
        return pb.ListReferencesResponse(references=[reference_to_proto(r) for r in refs],
                                         next_page_token=str(refs[-1].id) if more and refs else "")

    def DisableReference(self, request, context):
        return reference_to_proto(self.repo.set_enabled(request.id, False, actor_of(context)))

    def EnableReference(self, request, context):
        return reference_to_proto(self.repo.set_enabled(request.id, True, actor_of(context)))

    def RemoveReference(self, request, context):
        self.repo.remove_reference(request.id, actor_of(context))
        return pb.RemoveReferenceResponse()


def register(server, app) -> list[str]:
    reference_bank_pb2_grpc.add_ReferenceBankServiceServicer_to_server(ReferenceBankServicer(app), server)
    return [pb.DESCRIPTOR.services_by_name["ReferenceBankService"].full_name]
