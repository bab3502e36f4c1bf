import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from service.api.gen.impersonation.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CredentialType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CREDENTIAL_TYPE_UNSPECIFIED: _ClassVar[CredentialType]
    CREDENTIAL_TYPE_CN_LAWYER_LICENSE: _ClassVar[CredentialType]
    CREDENTIAL_TYPE_CN_LAW_FIRM_LICENSE: _ClassVar[CredentialType]
    CREDENTIAL_TYPE_CN_LEGAL_QUALIFICATION: _ClassVar[CredentialType]
    CREDENTIAL_TYPE_CN_PHYSICIAN_QUALIFICATION: _ClassVar[CredentialType]
    CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE: _ClassVar[CredentialType]
    CREDENTIAL_TYPE_CN_NURSE_LICENSE: _ClassVar[CredentialType]
    CREDENTIAL_TYPE_CN_MEDICAL_INSTITUTION_LICENSE: _ClassVar[CredentialType]
    CREDENTIAL_TYPE_CN_TEACHER_QUALIFICATION: _ClassVar[CredentialType]
    CREDENTIAL_TYPE_CN_PRIVATE_SCHOOL_LICENSE: _ClassVar[CredentialType]
    CREDENTIAL_TYPE_CN_SAC_PRACTITIONER: _ClassVar[CredentialType]
    CREDENTIAL_TYPE_CN_FUTURES_PRACTITIONER: _ClassVar[CredentialType]
    CREDENTIAL_TYPE_CN_FUTURES_CONSULTANT: _ClassVar[CredentialType]
    CREDENTIAL_TYPE_CN_PRIVATE_FUND_MANAGER: _ClassVar[CredentialType]
    CREDENTIAL_TYPE_CN_SECURITIES_BUSINESS_LICENSE: _ClassVar[CredentialType]

class VerificationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VERIFICATION_STATUS_UNSPECIFIED: _ClassVar[VerificationStatus]
    VERIFICATION_STATUS_REQUIRES_INPUT: _ClassVar[VerificationStatus]
    VERIFICATION_STATUS_PROCESSING: _ClassVar[VerificationStatus]
    VERIFICATION_STATUS_NEEDS_REVIEW: _ClassVar[VerificationStatus]
    VERIFICATION_STATUS_VERIFIED: _ClassVar[VerificationStatus]
    VERIFICATION_STATUS_REJECTED: _ClassVar[VerificationStatus]
    VERIFICATION_STATUS_EXPIRED: _ClassVar[VerificationStatus]
    VERIFICATION_STATUS_RECHECK_REQUIRED: _ClassVar[VerificationStatus]
    VERIFICATION_STATUS_REVOKED: _ClassVar[VerificationStatus]
    VERIFICATION_STATUS_SUSPENDED: _ClassVar[VerificationStatus]

class VerificationReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VERIFICATION_REASON_UNSPECIFIED: _ClassVar[VerificationReason]
    VERIFICATION_REASON_MISSING_HOLDER_NAME: _ClassVar[VerificationReason]
    VERIFICATION_REASON_BAD_FORMAT: _ClassVar[VerificationReason]
    VERIFICATION_REASON_BAD_CHECKSUM: _ClassVar[VerificationReason]
    VERIFICATION_REASON_BAD_COMPONENT: _ClassVar[VerificationReason]
    VERIFICATION_REASON_BAD_ORGANIZATION_CODE: _ClassVar[VerificationReason]
    VERIFICATION_REASON_WRONG_DOMAIN: _ClassVar[VerificationReason]
    VERIFICATION_REASON_NOT_IN_REGISTRY: _ClassVar[VerificationReason]
    VERIFICATION_REASON_REGISTRY_UNAVAILABLE: _ClassVar[VerificationReason]
    VERIFICATION_REASON_HOLDER_MISMATCH: _ClassVar[VerificationReason]
    VERIFICATION_REASON_ORGANIZATION_MISMATCH: _ClassVar[VerificationReason]
    VERIFICATION_REASON_REVOKED_IN_REGISTRY: _ClassVar[VerificationReason]
    VERIFICATION_REASON_SUSPENDED_IN_REGISTRY: _ClassVar[VerificationReason]
    VERIFICATION_REASON_EXPIRED: _ClassVar[VerificationReason]
    VERIFICATION_REASON_CLAIMED_BY_OTHER_ACCOUNT: _ClassVar[VerificationReason]
    VERIFICATION_REASON_REGISTRY_MATCH: _ClassVar[VerificationReason]
    VERIFICATION_REASON_REVIEW_APPROVED: _ClassVar[VerificationReason]
    VERIFICATION_REASON_REVIEW_REJECTED: _ClassVar[VerificationReason]
    VERIFICATION_REASON_NO_CREDENTIAL: _ClassVar[VerificationReason]

class VerificationEventKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VERIFICATION_EVENT_KIND_UNSPECIFIED: _ClassVar[VerificationEventKind]
    VERIFICATION_EVENT_KIND_REQUIRES_INPUT: _ClassVar[VerificationEventKind]
    VERIFICATION_EVENT_KIND_NEEDS_REVIEW: _ClassVar[VerificationEventKind]
    VERIFICATION_EVENT_KIND_VERIFIED: _ClassVar[VerificationEventKind]
    VERIFICATION_EVENT_KIND_REJECTED: _ClassVar[VerificationEventKind]
    VERIFICATION_EVENT_KIND_EXPIRED: _ClassVar[VerificationEventKind]
    VERIFICATION_EVENT_KIND_RECHECK_REQUIRED: _ClassVar[VerificationEventKind]
    VERIFICATION_EVENT_KIND_REVOKED: _ClassVar[VerificationEventKind]
    VERIFICATION_EVENT_KIND_SUSPENDED: _ClassVar[VerificationEventKind]
    VERIFICATION_EVENT_KIND_PUBLISHING_SUSPENDED: _ClassVar[VerificationEventKind]
CREDENTIAL_TYPE_UNSPECIFIED: CredentialType
CREDENTIAL_TYPE_CN_LAWYER_LICENSE: CredentialType
CREDENTIAL_TYPE_CN_LAW_FIRM_LICENSE: CredentialType
CREDENTIAL_TYPE_CN_LEGAL_QUALIFICATION: CredentialType
CREDENTIAL_TYPE_CN_PHYSICIAN_QUALIFICATION: CredentialType
CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE: CredentialType
CREDENTIAL_TYPE_CN_NURSE_LICENSE: CredentialType
CREDENTIAL_TYPE_CN_MEDICAL_INSTITUTION_LICENSE: CredentialType
CREDENTIAL_TYPE_CN_TEACHER_QUALIFICATION: CredentialType
CREDENTIAL_TYPE_CN_PRIVATE_SCHOOL_LICENSE: CredentialType
CREDENTIAL_TYPE_CN_SAC_PRACTITIONER: CredentialType
CREDENTIAL_TYPE_CN_FUTURES_PRACTITIONER: CredentialType
CREDENTIAL_TYPE_CN_FUTURES_CONSULTANT: CredentialType
CREDENTIAL_TYPE_CN_PRIVATE_FUND_MANAGER: CredentialType
CREDENTIAL_TYPE_CN_SECURITIES_BUSINESS_LICENSE: CredentialType
VERIFICATION_STATUS_UNSPECIFIED: VerificationStatus
VERIFICATION_STATUS_REQUIRES_INPUT: VerificationStatus
VERIFICATION_STATUS_PROCESSING: VerificationStatus
VERIFICATION_STATUS_NEEDS_REVIEW: VerificationStatus
VERIFICATION_STATUS_VERIFIED: VerificationStatus
VERIFICATION_STATUS_REJECTED: VerificationStatus
VERIFICATION_STATUS_EXPIRED: VerificationStatus
VERIFICATION_STATUS_RECHECK_REQUIRED: VerificationStatus
VERIFICATION_STATUS_REVOKED: VerificationStatus
VERIFICATION_STATUS_SUSPENDED: VerificationStatus
VERIFICATION_REASON_UNSPECIFIED: VerificationReason
VERIFICATION_REASON_MISSING_HOLDER_NAME: VerificationReason
VERIFICATION_REASON_BAD_FORMAT: VerificationReason
VERIFICATION_REASON_BAD_CHECKSUM: VerificationReason
VERIFICATION_REASON_BAD_COMPONENT: VerificationReason
VERIFICATION_REASON_BAD_ORGANIZATION_CODE: VerificationReason
VERIFICATION_REASON_WRONG_DOMAIN: VerificationReason
VERIFICATION_REASON_NOT_IN_REGISTRY: VerificationReason
VERIFICATION_REASON_REGISTRY_UNAVAILABLE: VerificationReason
VERIFICATION_REASON_HOLDER_MISMATCH: VerificationReason
VERIFICATION_REASON_ORGANIZATION_MISMATCH: VerificationReason
VERIFICATION_REASON_REVOKED_IN_REGISTRY: VerificationReason
VERIFICATION_REASON_SUSPENDED_IN_REGISTRY: VerificationReason
VERIFICATION_REASON_EXPIRED: VerificationReason
VERIFICATION_REASON_CLAIMED_BY_OTHER_ACCOUNT: VerificationReason
VERIFICATION_REASON_REGISTRY_MATCH: VerificationReason
VERIFICATION_REASON_REVIEW_APPROVED: VerificationReason
VERIFICATION_REASON_REVIEW_REJECTED: VerificationReason
VERIFICATION_REASON_NO_CREDENTIAL: VerificationReason
VERIFICATION_EVENT_KIND_UNSPECIFIED: VerificationEventKind
VERIFICATION_EVENT_KIND_REQUIRES_INPUT: VerificationEventKind
VERIFICATION_EVENT_KIND_NEEDS_REVIEW: VerificationEventKind
VERIFICATION_EVENT_KIND_VERIFIED: VerificationEventKind
VERIFICATION_EVENT_KIND_REJECTED: VerificationEventKind
VERIFICATION_EVENT_KIND_EXPIRED: VerificationEventKind
VERIFICATION_EVENT_KIND_RECHECK_REQUIRED: VerificationEventKind
VERIFICATION_EVENT_KIND_REVOKED: VerificationEventKind
VERIFICATION_EVENT_KIND_SUSPENDED: VerificationEventKind
VERIFICATION_EVENT_KIND_PUBLISHING_SUSPENDED: VerificationEventKind

class CredentialLabel(_message.Message):
    __slots__ = ("material_name", "domain_tag")
    MATERIAL_NAME_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_TAG_FIELD_NUMBER: _ClassVar[int]
    material_name: str
    domain_tag: str
    def __init__(self, material_name: _Optional[str] = ..., domain_tag: _Optional[str] = ...) -> None: ...

class Evidence(_message.Message):
    __slots__ = ("content", "content_type")
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    content: bytes
    content_type: str
    def __init__(self, content: _Optional[bytes] = ..., content_type: _Optional[str] = ...) -> None: ...

class SubmitCredentialRequest(_message.Message):
    __slots__ = ("account_id", "domain", "credential_type", "number", "holder_name", "organization_name", "organization_uscc", "evidence", "idempotency_key")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_TYPE_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    HOLDER_NAME_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_NAME_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_USCC_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    domain: _common_pb2.Domain
    credential_type: CredentialType
    number: str
    holder_name: str
    organization_name: str
    organization_uscc: str
    evidence: _containers.RepeatedCompositeFieldContainer[Evidence]
    idempotency_key: str
    def __init__(self, account_id: _Optional[str] = ..., domain: _Optional[_Union[_common_pb2.Domain, str]] = ..., credential_type: _Optional[_Union[CredentialType, str]] = ..., number: _Optional[str] = ..., holder_name: _Optional[str] = ..., organization_name: _Optional[str] = ..., organization_uscc: _Optional[str] = ..., evidence: _Optional[_Iterable[_Union[Evidence, _Mapping]]] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class SubmitCredentialResponse(_message.Message):
    __slots__ = ("verification",)
    VERIFICATION_FIELD_NUMBER: _ClassVar[int]
    verification: Verification
    def __init__(self, verification: _Optional[_Union[Verification, _Mapping]] = ...) -> None: ...

class Verification(_message.Message):
    __slots__ = ("verification_id", "account_id", "domain", "credential_type", "number_masked", "holder_name", "organization_name", "status", "reason", "detail", "label", "registry", "created_at", "updated_at", "verified_at", "valid_until", "next_check_at")
    VERIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_TYPE_FIELD_NUMBER: _ClassVar[int]
    NUMBER_MASKED_FIELD_NUMBER: _ClassVar[int]
    HOLDER_NAME_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    REGISTRY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_AT_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    NEXT_CHECK_AT_FIELD_NUMBER: _ClassVar[int]
    verification_id: str
    account_id: str
    domain: _common_pb2.Domain
    credential_type: CredentialType
    number_masked: str
    holder_name: str
    organization_name: str
    status: VerificationStatus
    reason: VerificationReason
    detail: str
    label: CredentialLabel
    registry: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    verified_at: _timestamp_pb2.Timestamp
    valid_until: str
    next_check_at: _timestamp_pb2.Timestamp
    def __init__(self, verification_id: _Optional[str] = ..., account_id: _Optional[str] = ..., domain: _Optional[_Union[_common_pb2.Domain, str]] = ..., credential_type: _Optional[_Union[CredentialType, str]] = ..., number_masked: _Optional[str] = ..., holder_name: _Optional[str] = ..., organization_name: _Optional[str] = ..., status: _Optional[_Union[VerificationStatus, str]] = ..., reason: _Optional[_Union[VerificationReason, str]] = ..., detail: _Optional[str] = ..., label: _Optional[_Union[CredentialLabel, _Mapping]] = ..., registry: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., verified_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., valid_until: _Optional[str] = ..., next_check_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetVerificationRequest(_message.Message):
    __slots__ = ("verification_id",)
    VERIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    verification_id: str
    def __init__(self, verification_id: _Optional[str] = ...) -> None: ...

class GetVerificationResponse(_message.Message):
    __slots__ = ("verification",)
    VERIFICATION_FIELD_NUMBER: _ClassVar[int]
    verification: Verification
    def __init__(self, verification: _Optional[_Union[Verification, _Mapping]] = ...) -> None: ...

class CheckPublishingRequest(_message.Message):
    __slots__ = ("account_id", "domain")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    domain: _common_pb2.Domain
    def __init__(self, account_id: _Optional[str] = ..., domain: _Optional[_Union[_common_pb2.Domain, str]] = ...) -> None: ...

class CheckPublishingResponse(_message.Message):
    __slots__ = ("allowed", "label", "reason", "valid_until", "verification_id")
    ALLOWED_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    allowed: bool
    label: CredentialLabel
    reason: VerificationReason
    valid_until: str
    verification_id: str
    def __init__(self, allowed: _Optional[bool] = ..., label: _Optional[_Union[CredentialLabel, _Mapping]] = ..., reason: _Optional[_Union[VerificationReason, str]] = ..., valid_until: _Optional[str] = ..., verification_id: _Optional[str] = ...) -> None: ...

class ReviewVerificationRequest(_message.Message):
    __slots__ = ("verification_id", "approve", "note", "valid_until")
    VERIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    verification_id: str
    approve: bool
    note: str
    valid_until: str
    def __init__(self, verification_id: _Optional[str] = ..., approve: _Optional[bool] = ..., note: _Optional[str] = ..., valid_until: _Optional[str] = ...) -> None: ...

class ReviewVerificationResponse(_message.Message):
    __slots__ = ("verification",)
    VERIFICATION_FIELD_NUMBER: _ClassVar[int]
    verification: Verification
    def __init__(self, verification: _Optional[_Union[Verification, _Mapping]] = ...) -> None: ...

class WatchVerificationEventsRequest(_message.Message):
    __slots__ = ("cursor", "account_id", "follow")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_FIELD_NUMBER: _ClassVar[int]
    cursor: str
    account_id: str
    follow: bool
    def __init__(self, cursor: _Optional[str] = ..., account_id: _Optional[str] = ..., follow: _Optional[bool] = ...) -> None: ...

class WatchVerificationEventsResponse(_message.Message):
    __slots__ = ("event",)
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: VerificationEvent
    def __init__(self, event: _Optional[_Union[VerificationEvent, _Mapping]] = ...) -> None: ...

class VerificationEvent(_message.Message):
    __slots__ = ("cursor", "at", "verification_id", "account_id", "domain", "credential_type", "kind", "status", "reason")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_TYPE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    cursor: str
    at: _timestamp_pb2.Timestamp
    verification_id: str
    account_id: str
    domain: _common_pb2.Domain
    credential_type: CredentialType
    kind: VerificationEventKind
    status: VerificationStatus
    reason: VerificationReason
    def __init__(self, cursor: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., verification_id: _Optional[str] = ..., account_id: _Optional[str] = ..., domain: _Optional[_Union[_common_pb2.Domain, str]] = ..., credential_type: _Optional[_Union[CredentialType, str]] = ..., kind: _Optional[_Union[VerificationEventKind, str]] = ..., status: _Optional[_Union[VerificationStatus, str]] = ..., reason: _Optional[_Union[VerificationReason, str]] = ...) -> None: ...
