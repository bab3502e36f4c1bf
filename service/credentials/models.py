"""Domain types of credential verification (no grpc/protobuf; the API maps them by name)."""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from service.credentials.base import CredentialType
from service.domain.models import Domain


class Status(enum.Enum):
    """REQUIRES_INPUT → PROCESSING → NEEDS_REVIEW → VERIFIED | REJECTED;
    VERIFIED → EXPIRED | RECHECK_REQUIRED | REVOKED | SUSPENDED."""

    REQUIRES_INPUT = "REQUIRES_INPUT"
    PROCESSING = "PROCESSING"
    NEEDS_REVIEW = "NEEDS_REVIEW"
    VERIFIED = "VERIFIED"
    REJECTED = "REJECTED"
    EXPIRED = "EXPIRED"
    RECHECK_REQUIRED = "RECHECK_REQUIRED"
    REVOKED = "REVOKED"
    SUSPENDED = "SUSPENDED"


class Reason(enum.Enum):
    """Machine-readable reason for the current status."""

    NONE = "NONE"
    MISSING_HOLDER_NAME = "MISSING_HOLDER_NAME"    # REQUIRES_INPUT
    BAD_FORMAT = "BAD_FORMAT"                      # length or characters
    BAD_CHECKSUM = "BAD_CHECKSUM"
    BAD_COMPONENT = "BAD_COMPONENT"                # region, year, category … out of range
    BAD_ORGANIZATION_CODE = "BAD_ORGANIZATION_CODE"  # the practice organisation's USCC
    WRONG_DOMAIN = "WRONG_DOMAIN"
    NOT_IN_REGISTRY = "NOT_IN_REGISTRY"
    REGISTRY_UNAVAILABLE = "REGISTRY_UNAVAILABLE"
    HOLDER_MISMATCH = "HOLDER_MISMATCH"
    ORGANIZATION_MISMATCH = "ORGANIZATION_MISMATCH"
    REVOKED_IN_REGISTRY = "REVOKED_IN_REGISTRY"
    SUSPENDED_IN_REGISTRY = "SUSPENDED_IN_REGISTRY"
    EXPIRED = "EXPIRED"
    CLAIMED_BY_OTHER_ACCOUNT = "CLAIMED_BY_OTHER_ACCOUNT"
    REGISTRY_MATCH = "REGISTRY_MATCH"              # VERIFIED by a registry
    REVIEW_APPROVED = "REVIEW_APPROVED"
    REVIEW_REJECTED = "REVIEW_REJECTED"
    NO_CREDENTIAL = "NO_CREDENTIAL"                # CheckPublishing: nothing submitted


class EventKind(enum.Enum):
    REQUIRES_INPUT = "REQUIRES_INPUT"
    NEEDS_REVIEW = "NEEDS_REVIEW"
    VERIFIED = "VERIFIED"
    REJECTED = "REJECTED"
    EXPIRED = "EXPIRED"
    RECHECK_REQUIRED = "RECHECK_REQUIRED"
    REVOKED = "REVOKED"
    SUSPENDED = "SUSPENDED"
    #: The account lost its last verified credential for the domain: publishing there stops.
    PUBLISHING_SUSPENDED = "PUBLISHING_SUSPENDED"


@dataclass(frozen=True)
class Label:
    material_name: str   # 执业医师
    domain_tag: str      # 医疗卫生


@dataclass(frozen=True)
class Evidence:
    content: bytes
    content_type: str = ""


@dataclass(frozen=True)
class Submission:
    account_id: str
    domain: Domain
    ctype: CredentialType
    number: str
    holder_name: str
    organization_name: str = ""
    organization_uscc: str = ""
    evidence: tuple[Evidence, ...] = ()
    #: the submitting caller's platform (its scope); "" for unscoped callers
    platform: str = ""
    #: optional: a retry with the same key (on the same platform) returns the first verification
    idempotency_key: str = ""


@dataclass(frozen=True)
class Verification:
    id: str
    account_id: str
    domain: Domain
    ctype: CredentialType
    number_masked: str
    holder_name: str
    organization_name: str
    status: Status
    reason: Reason
    detail: str
    label: Label | None  # set only when VERIFIED
    registry: str
    created_at: dt.datetime
    updated_at: dt.datetime
    verified_at: dt.datetime | None
    valid_until: dt.date | None
    next_check_at: dt.datetime | None
    platform: str = ""


@dataclass(frozen=True)
class PublishingCheck:
    account_id: str
    domain: Domain
    allowed: bool
    label: Label | None
    reason: Reason
    valid_until: dt.date | None
    verification_id: str = ""


@dataclass(frozen=True)
class VerificationEvent:
    cursor: str
    at: dt.datetime
    verification_id: str
    account_id: str
    domain: Domain
    ctype: CredentialType
    kind: EventKind
    status: Status
    reason: Reason
    platform: str = ""


@dataclass
class RecheckReport:
    checked: int = 0
    still_valid: int = 0
    expired: int = 0
    revoked: int = 0
    suspended: int = 0
    recheck_required: int = 0
    unavailable: int = 0

    def summary(self) -> str:
        return (f"{self.checked} checked: {self.still_valid} still valid, {self.expired} expired, "
                f"{self.revoked} revoked, {self.suspended} suspended, {self.recheck_required} need a re-check, "
                f"{self.unavailable} registry unavailable")
