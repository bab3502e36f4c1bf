"""CredentialService: proto ⇄ domain conversion around
:class:`service.credentials.verifier.CredentialVerifier`.

Enums map by name (``CREDENTIAL_TYPE_CN_LAWYER_LICENSE`` ⇄ ``CredentialType.CN_LAWYER_LICENSE``);
an UNSPECIFIED value becomes ``None`` and the core rejects it with INVALID_ARGUMENT; a
value the proto does not define is INVALID_ARGUMENT here.

Scope and disclosure come from the authenticated caller (:func:`current_principal`) and
are passed to the core explicitly: a caller without the reviewer, admin or auditor role
sees only what its platform submitted; holder names are masked except to reviewers and
admins; ReviewVerification records the caller as the reviewer.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from google.protobuf.timestamp_pb2 import Timestamp

from service.api.gen.impersonation.v1 import common_pb2, credential_pb2, credential_pb2_grpc
from service.auth.principal import current_principal
from service.credentials import models as cm
from service.credentials.base import CredentialType
from service.domain.errors import InvalidArgument
from service.domain.models import Domain




def _from_enum(enum_type, prefix: str, value: int, domain_enum):
    try:
        name = enum_type.Name(value).removeprefix(prefix + "_")
    except ValueError:
        raise InvalidArgument(f"unknown {prefix.lower().replace('_', ' ')} value {int(value)}") from None
    return domain_enum.__members__.get(name)


def _to_enum(enum_type, prefix: str, member) -> int:
    return enum_type.Value(f"{prefix}_{member.name}")


def domain_from_proto(value: int) -> Domain | None:
    return _from_enum(common_pb2.Domain, "DOMAIN", value, Domain)


def domain_to_proto(domain: Domain) -> int:
    return _to_enum(common_pb2.Domain, "DOMAIN", domain)


def ctype_from_proto(value: int) -> CredentialType | None:
    return _from_enum(credential_pb2.CredentialType, "CREDENTIAL_TYPE", value, CredentialType)


def ctype_to_proto(ctype: CredentialType) -> int:
    return _to_enum(credential_pb2.CredentialType, "CREDENTIAL_TYPE", ctype)


def reason_to_proto(reason: cm.Reason) -> int:
    if reason is cm.Reason.NONE:
        return credential_pb2.VERIFICATION_REASON_UNSPECIFIED
    return _to_enum(credential_pb2.VerificationReason, "VERIFICATION_REASON", reason)


def status_to_proto(status: cm.Status) -> int:
    return _to_enum(credential_pb2.VerificationStatus, "VERIFICATION_STATUS", status)


def _timestamp(value: dt.datetime | None) -> Timestamp | None:
    if value is None:
        return None
    ts = Timestamp()
    ts.FromDatetime(value.astimezone(dt.timezone.utc).replace(tzinfo=None))
    return ts


def label_to_proto(label: cm.Label | None) -> credential_pb2.CredentialLabel | None:
    if label is None:
        return None
    return credential_pb2.CredentialLabel(material_name=label.material_name, domain_tag=label.domain_tag)


def submission_from_proto(r: credential_pb2.SubmitCredentialRequest) -> cm.Submission:
    return cm.Submission(
        account_id=r.account_id, domain=domain_from_proto(r.domain), ctype=ctype_from_proto(r.credential_type),
        number=r.number, holder_name=r.holder_name, organization_name=r.organization_name,
        organization_uscc=r.organization_uscc,
        evidence=tuple(cm.Evidence(bytes(e.content), e.content_type) for e in r.evidence),
        idempotency_key=r.idempotency_key)


def verification_to_proto(v: cm.Verification) -> credential_pb2.Verification:
    return credential_pb2.Verification(
        verification_id=v.id, account_id=v.account_id, domain=domain_to_proto(v.domain),
        credential_type=ctype_to_proto(v.ctype), number_masked=v.number_masked, holder_name=v.holder_name,
        organization_name=v.organization_name, status=status_to_proto(v.status), reason=reason_to_proto(v.reason),
        detail=v.detail, label=label_to_proto(v.label), registry=v.registry,
        created_at=_timestamp(v.created_at), updated_at=_timestamp(v.updated_at),
        verified_at=_timestamp(v.verified_at), valid_until=v.valid_until.isoformat() if v.valid_until else "",
        next_check_at=_timestamp(v.next_check_at))


def publishing_to_proto(c: cm.PublishingCheck) -> credential_pb2.CheckPublishingResponse:
    return credential_pb2.CheckPublishingResponse(
        allowed=c.allowed, label=label_to_proto(c.label), reason=reason_to_proto(c.reason),
        valid_until=c.valid_until.isoformat() if c.valid_until else "", verification_id=c.verification_id)


def event_to_proto(e: cm.VerificationEvent) -> credential_pb2.VerificationEvent:
    return credential_pb2.VerificationEvent(
        cursor=e.cursor, at=_timestamp(e.at), verification_id=e.verification_id, account_id=e.account_id,
        domain=domain_to_proto(e.domain), credential_type=ctype_to_proto(e.ctype),
        kind=_to_enum(credential_pb2.VerificationEventKind, "VERIFICATION_EVENT_KIND", e.kind),
        status=status_to_proto(e.status), reason=reason_to_proto(e.reason))


def _date(text: str, what: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidArgument(f"{what} must be an ISO date (YYYY-MM-DD)") from None


class CredentialServicer(credential_pb2_grpc.CredentialServiceServicer):
    def __init__(self, app):
        self.verifier = app.credentials
        self.review = getattr(app, "review", None)  # None: no review desk (ReviewVerification decides directly)

    def SubmitCredential(self, request, context):
        p = current_principal()
        sub = replace(submission_from_proto(request), platform=p.platform)
        v = self.verifier.submit(sub, reveal_names=p.sees_holder_names())
        return credential_pb2.SubmitCredentialResponse(verification=verification_to_proto(v))

    def GetVerification(self, request, context):
        p = current_principal()
        v = self.verifier.get(request.verification_id, platform=p.platform_scope(), reveal_names=p.sees_holder_names())
        return credential_pb2.GetVerificationResponse(verification=verification_to_proto(v))

    def CheckPublishing(self, request, context):
        p = current_principal()
        return publishing_to_proto(self.verifier.check_publishing(
            request.account_id, domain_from_proto(request.domain), platform=p.platform_scope()))

    def ReviewVerification(self, request, context):
        # a thin alias of deciding the verification's CREDENTIAL review case
        decide = self.review.decide_verification if self.review is not None else self.verifier.review
        v = decide(request.verification_id, request.approve, current_principal().actor,
                   request.note[:1000], _date(request.valid_until, "valid_until"))
        return credential_pb2.ReviewVerificationResponse(verification=verification_to_proto(v))

    def WatchVerificationEvents(self, request, context):
        if len(request.account_id) > 128:
            raise InvalidArgument("account_id is over 128 characters")
        # the scope is read now, while the call's principal is bound, not when streaming starts
        return self._events(request, context, current_principal().platform_scope())

    def _events(self, request, context, scope):
        for event in self.verifier.watch(request.cursor, request.account_id, request.follow,
                                         active=context.is_active, platform=scope):
            yield credential_pb2.WatchVerificationEventsResponse(event=event_to_proto(event))


def register(server, app) -> list[str]:
    credential_pb2_grpc.add_CredentialServiceServicer_to_server(CredentialServicer(app), server)
    return [credential_pb2.DESCRIPTOR.services_by_name["CredentialService"].full_name]
