import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from service.api.gen.impersonation.v1 import screening_pb2 as _screening_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CaseKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_KIND_UNSPECIFIED: _ClassVar[CaseKind]
    CASE_KIND_SCREENING: _ClassVar[CaseKind]
    CASE_KIND_CREDENTIAL: _ClassVar[CaseKind]
    CASE_KIND_REPORT: _ClassVar[CaseKind]
    CASE_KIND_APPEAL: _ClassVar[CaseKind]
    CASE_KIND_QA: _ClassVar[CaseKind]

class CaseStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_STATUS_UNSPECIFIED: _ClassVar[CaseStatus]
    CASE_STATUS_OPEN: _ClassVar[CaseStatus]
    CASE_STATUS_CLAIMED: _ClassVar[CaseStatus]
    CASE_STATUS_ESCALATED: _ClassVar[CaseStatus]
    CASE_STATUS_PENDING_SECOND: _ClassVar[CaseStatus]
    CASE_STATUS_DECIDED: _ClassVar[CaseStatus]

class Verdict(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VERDICT_UNSPECIFIED: _ClassVar[Verdict]
    VERDICT_APPROVE: _ClassVar[Verdict]
    VERDICT_REJECT: _ClassVar[Verdict]
    VERDICT_ESCALATE: _ClassVar[Verdict]

class CaseAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_ACTION_UNSPECIFIED: _ClassVar[CaseAction]
    CASE_ACTION_WARN: _ClassVar[CaseAction]
    CASE_ACTION_LIMIT_FUNCTIONS: _ClassVar[CaseAction]
    CASE_ACTION_SUSPEND_UPDATES: _ClassVar[CaseAction]
    CASE_ACTION_CLOSE_ACCOUNT: _ClassVar[CaseAction]
    CASE_ACTION_BLACKLIST: _ClassVar[CaseAction]
    CASE_ACTION_FORBID_REREGISTRATION: _ClassVar[CaseAction]

class ReportReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_REASON_UNSPECIFIED: _ClassVar[ReportReason]
    REPORT_REASON_IMPERSONATING_ORGAN: _ClassVar[ReportReason]
    REPORT_REASON_IMPERSONATING_MEDIA: _ClassVar[ReportReason]
    REPORT_REASON_IMPERSONATING_REGION: _ClassVar[ReportReason]
    REPORT_REASON_IMPERSONATING_ENTERPRISE: _ClassVar[ReportReason]
    REPORT_REASON_IMPERSONATING_PERSON: _ClassVar[ReportReason]
    REPORT_REASON_UNQUALIFIED_PROFESSIONAL: _ClassVar[ReportReason]

class OutcomeKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OUTCOME_KIND_UNSPECIFIED: _ClassVar[OutcomeKind]
    OUTCOME_KIND_OPENED: _ClassVar[OutcomeKind]
    OUTCOME_KIND_PENDING_SECOND: _ClassVar[OutcomeKind]
    OUTCOME_KIND_ESCALATED: _ClassVar[OutcomeKind]
    OUTCOME_KIND_DECIDED: _ClassVar[OutcomeKind]

class ProposalKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROPOSAL_KIND_UNSPECIFIED: _ClassVar[ProposalKind]
    PROPOSAL_KIND_ALIAS: _ClassVar[ProposalKind]
    PROPOSAL_KIND_ABBREVIATION: _ClassVar[ProposalKind]

class ProposalStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROPOSAL_STATUS_UNSPECIFIED: _ClassVar[ProposalStatus]
    PROPOSAL_STATUS_PENDING: _ClassVar[ProposalStatus]
    PROPOSAL_STATUS_ACCEPTED: _ClassVar[ProposalStatus]
    PROPOSAL_STATUS_REFUSED: _ClassVar[ProposalStatus]
CASE_KIND_UNSPECIFIED: CaseKind
CASE_KIND_SCREENING: CaseKind
CASE_KIND_CREDENTIAL: CaseKind
CASE_KIND_REPORT: CaseKind
CASE_KIND_APPEAL: CaseKind
CASE_KIND_QA: CaseKind
CASE_STATUS_UNSPECIFIED: CaseStatus
CASE_STATUS_OPEN: CaseStatus
CASE_STATUS_CLAIMED: CaseStatus
CASE_STATUS_ESCALATED: CaseStatus
CASE_STATUS_PENDING_SECOND: CaseStatus
CASE_STATUS_DECIDED: CaseStatus
VERDICT_UNSPECIFIED: Verdict
VERDICT_APPROVE: Verdict
VERDICT_REJECT: Verdict
VERDICT_ESCALATE: Verdict
CASE_ACTION_UNSPECIFIED: CaseAction
CASE_ACTION_WARN: CaseAction
CASE_ACTION_LIMIT_FUNCTIONS: CaseAction
CASE_ACTION_SUSPEND_UPDATES: CaseAction
CASE_ACTION_CLOSE_ACCOUNT: CaseAction
CASE_ACTION_BLACKLIST: CaseAction
CASE_ACTION_FORBID_REREGISTRATION: CaseAction
REPORT_REASON_UNSPECIFIED: ReportReason
REPORT_REASON_IMPERSONATING_ORGAN: ReportReason
REPORT_REASON_IMPERSONATING_MEDIA: ReportReason
REPORT_REASON_IMPERSONATING_REGION: ReportReason
REPORT_REASON_IMPERSONATING_ENTERPRISE: ReportReason
REPORT_REASON_IMPERSONATING_PERSON: ReportReason
REPORT_REASON_UNQUALIFIED_PROFESSIONAL: ReportReason
OUTCOME_KIND_UNSPECIFIED: OutcomeKind
OUTCOME_KIND_OPENED: OutcomeKind
OUTCOME_KIND_PENDING_SECOND: OutcomeKind
OUTCOME_KIND_ESCALATED: OutcomeKind
OUTCOME_KIND_DECIDED: OutcomeKind
PROPOSAL_KIND_UNSPECIFIED: ProposalKind
PROPOSAL_KIND_ALIAS: ProposalKind
PROPOSAL_KIND_ABBREVIATION: ProposalKind
PROPOSAL_STATUS_UNSPECIFIED: ProposalStatus
PROPOSAL_STATUS_PENDING: ProposalStatus
PROPOSAL_STATUS_ACCEPTED: ProposalStatus
PROPOSAL_STATUS_REFUSED: ProposalStatus

class CaseDecision(_message.Message):
    __slots__ = ("verdict", "reviewer", "at", "reason_code", "note", "actions", "register_owner", "feedback")
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    REGISTER_OWNER_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    verdict: Verdict
    reviewer: str
    at: _timestamp_pb2.Timestamp
    reason_code: str
    note: str
    actions: _containers.RepeatedScalarFieldContainer[CaseAction]
    register_owner: bool
    feedback: str
    def __init__(self, verdict: _Optional[_Union[Verdict, str]] = ..., reviewer: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason_code: _Optional[str] = ..., note: _Optional[str] = ..., actions: _Optional[_Iterable[_Union[CaseAction, str]]] = ..., register_owner: _Optional[bool] = ..., feedback: _Optional[str] = ...) -> None: ...

class Case(_message.Message):
    __slots__ = ("case_id", "kind", "status", "account_id", "platform", "category", "entity_id", "lexicon_version", "created_at", "updated_at", "deadline_at", "claimed_by", "lease_until", "pending", "decision", "confirmed_by", "related_case_id", "overdue", "name", "bio", "findings", "avatar_sha256", "avatar_thumbnail_png", "snapshot_json", "effects_json")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    LEXICON_VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_AT_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_BY_FIELD_NUMBER: _ClassVar[int]
    LEASE_UNTIL_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_BY_FIELD_NUMBER: _ClassVar[int]
    RELATED_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    BIO_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    AVATAR_SHA256_FIELD_NUMBER: _ClassVar[int]
    AVATAR_THUMBNAIL_PNG_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_JSON_FIELD_NUMBER: _ClassVar[int]
    EFFECTS_JSON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    kind: CaseKind
    status: CaseStatus
    account_id: str
    platform: str
    category: str
    entity_id: str
    lexicon_version: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    deadline_at: _timestamp_pb2.Timestamp
    claimed_by: str
    lease_until: _timestamp_pb2.Timestamp
    pending: CaseDecision
    decision: CaseDecision
    confirmed_by: str
    related_case_id: str
    overdue: bool
    name: str
    bio: str
    findings: _containers.RepeatedCompositeFieldContainer[_screening_pb2.Finding]
    avatar_sha256: str
    avatar_thumbnail_png: bytes
    snapshot_json: str
    effects_json: str
    def __init__(self, case_id: _Optional[str] = ..., kind: _Optional[_Union[CaseKind, str]] = ..., status: _Optional[_Union[CaseStatus, str]] = ..., account_id: _Optional[str] = ..., platform: _Optional[str] = ..., category: _Optional[str] = ..., entity_id: _Optional[str] = ..., lexicon_version: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., deadline_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., claimed_by: _Optional[str] = ..., lease_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., pending: _Optional[_Union[CaseDecision, _Mapping]] = ..., decision: _Optional[_Union[CaseDecision, _Mapping]] = ..., confirmed_by: _Optional[str] = ..., related_case_id: _Optional[str] = ..., overdue: _Optional[bool] = ..., name: _Optional[str] = ..., bio: _Optional[str] = ..., findings: _Optional[_Iterable[_Union[_screening_pb2.Finding, _Mapping]]] = ..., avatar_sha256: _Optional[str] = ..., avatar_thumbnail_png: _Optional[bytes] = ..., snapshot_json: _Optional[str] = ..., effects_json: _Optional[str] = ...) -> None: ...

class CaseReceipt(_message.Message):
    __slots__ = ("case_id", "kind", "status", "created_at", "deadline_at")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_AT_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    kind: CaseKind
    status: CaseStatus
    created_at: _timestamp_pb2.Timestamp
    deadline_at: _timestamp_pb2.Timestamp
    def __init__(self, case_id: _Optional[str] = ..., kind: _Optional[_Union[CaseKind, str]] = ..., status: _Optional[_Union[CaseStatus, str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., deadline_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("status", "kind", "category", "min_age_seconds", "assignee", "account_id", "page_size", "page_token")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    MIN_AGE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    status: CaseStatus
    kind: CaseKind
    category: str
    min_age_seconds: int
    assignee: str
    account_id: str
    page_size: int
    page_token: str
    def __init__(self, status: _Optional[_Union[CaseStatus, str]] = ..., kind: _Optional[_Union[CaseKind, str]] = ..., category: _Optional[str] = ..., min_age_seconds: _Optional[int] = ..., assignee: _Optional[str] = ..., account_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[Case]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[Case, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class GetCaseResponse(_message.Message):
    __slots__ = ("review_case",)
    REVIEW_CASE_FIELD_NUMBER: _ClassVar[int]
    review_case: Case
    def __init__(self, review_case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ClaimCaseRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class ClaimCaseResponse(_message.Message):
    __slots__ = ("review_case",)
    REVIEW_CASE_FIELD_NUMBER: _ClassVar[int]
    review_case: Case
    def __init__(self, review_case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ReleaseCaseRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class ReleaseCaseResponse(_message.Message):
    __slots__ = ("review_case",)
    REVIEW_CASE_FIELD_NUMBER: _ClassVar[int]
    review_case: Case
    def __init__(self, review_case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class DecideCaseRequest(_message.Message):
    __slots__ = ("case_id", "verdict", "reason_code", "note", "actions", "register_owner", "feedback", "valid_until")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    REGISTER_OWNER_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    verdict: Verdict
    reason_code: str
    note: str
    actions: _containers.RepeatedScalarFieldContainer[CaseAction]
    register_owner: bool
    feedback: str
    valid_until: str
    def __init__(self, case_id: _Optional[str] = ..., verdict: _Optional[_Union[Verdict, str]] = ..., reason_code: _Optional[str] = ..., note: _Optional[str] = ..., actions: _Optional[_Iterable[_Union[CaseAction, str]]] = ..., register_owner: _Optional[bool] = ..., feedback: _Optional[str] = ..., valid_until: _Optional[str] = ...) -> None: ...

class DecideCaseResponse(_message.Message):
    __slots__ = ("review_case",)
    REVIEW_CASE_FIELD_NUMBER: _ClassVar[int]
    review_case: Case
    def __init__(self, review_case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class SubmitReportRequest(_message.Message):
    __slots__ = ("account_id", "reason", "text", "evidence_refs", "reporter_contact_ref", "name")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REFS_FIELD_NUMBER: _ClassVar[int]
    REPORTER_CONTACT_REF_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    reason: ReportReason
    text: str
    evidence_refs: _containers.RepeatedScalarFieldContainer[str]
    reporter_contact_ref: str
    name: str
    def __init__(self, account_id: _Optional[str] = ..., reason: _Optional[_Union[ReportReason, str]] = ..., text: _Optional[str] = ..., evidence_refs: _Optional[_Iterable[str]] = ..., reporter_contact_ref: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class SubmitReportResponse(_message.Message):
    __slots__ = ("receipt",)
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    receipt: CaseReceipt
    def __init__(self, receipt: _Optional[_Union[CaseReceipt, _Mapping]] = ...) -> None: ...

class SubmitAppealRequest(_message.Message):
    __slots__ = ("case_id", "account_id", "text", "evidence_refs", "contact_ref")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REFS_FIELD_NUMBER: _ClassVar[int]
    CONTACT_REF_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    account_id: str
    text: str
    evidence_refs: _containers.RepeatedScalarFieldContainer[str]
    contact_ref: str
    def __init__(self, case_id: _Optional[str] = ..., account_id: _Optional[str] = ..., text: _Optional[str] = ..., evidence_refs: _Optional[_Iterable[str]] = ..., contact_ref: _Optional[str] = ...) -> None: ...

class SubmitAppealResponse(_message.Message):
    __slots__ = ("receipt",)
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    receipt: CaseReceipt
    def __init__(self, receipt: _Optional[_Union[CaseReceipt, _Mapping]] = ...) -> None: ...

class WatchCaseOutcomesRequest(_message.Message):
    __slots__ = ("cursor", "follow", "case_id")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    cursor: str
    follow: bool
    case_id: str
    def __init__(self, cursor: _Optional[str] = ..., follow: _Optional[bool] = ..., case_id: _Optional[str] = ...) -> None: ...

class CaseOutcome(_message.Message):
    __slots__ = ("cursor", "at", "case_id", "kind", "outcome", "status", "account_id", "verdict", "actions", "reason_code")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    cursor: str
    at: _timestamp_pb2.Timestamp
    case_id: str
    kind: CaseKind
    outcome: OutcomeKind
    status: CaseStatus
    account_id: str
    verdict: Verdict
    actions: _containers.RepeatedScalarFieldContainer[CaseAction]
    reason_code: str
    def __init__(self, cursor: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., case_id: _Optional[str] = ..., kind: _Optional[_Union[CaseKind, str]] = ..., outcome: _Optional[_Union[OutcomeKind, str]] = ..., status: _Optional[_Union[CaseStatus, str]] = ..., account_id: _Optional[str] = ..., verdict: _Optional[_Union[Verdict, str]] = ..., actions: _Optional[_Iterable[_Union[CaseAction, str]]] = ..., reason_code: _Optional[str] = ...) -> None: ...

class WatchCaseOutcomesResponse(_message.Message):
    __slots__ = ("outcome",)
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    outcome: CaseOutcome
    def __init__(self, outcome: _Optional[_Union[CaseOutcome, _Mapping]] = ...) -> None: ...

class LexiconProposal(_message.Message):
    __slots__ = ("proposal_id", "case_id", "kind", "entity_id", "phrase", "note", "status", "proposed_by", "proposed_at", "decided_by", "decided_at", "decision_note", "lexicon_version")
    PROPOSAL_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    PHRASE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_BY_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    DECISION_NOTE_FIELD_NUMBER: _ClassVar[int]
    LEXICON_VERSION_FIELD_NUMBER: _ClassVar[int]
    proposal_id: str
    case_id: str
    kind: ProposalKind
    entity_id: str
    phrase: str
    note: str
    status: ProposalStatus
    proposed_by: str
    proposed_at: _timestamp_pb2.Timestamp
    decided_by: str
    decided_at: _timestamp_pb2.Timestamp
    decision_note: str
    lexicon_version: str
    def __init__(self, proposal_id: _Optional[str] = ..., case_id: _Optional[str] = ..., kind: _Optional[_Union[ProposalKind, str]] = ..., entity_id: _Optional[str] = ..., phrase: _Optional[str] = ..., note: _Optional[str] = ..., status: _Optional[_Union[ProposalStatus, str]] = ..., proposed_by: _Optional[str] = ..., proposed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decided_by: _Optional[str] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decision_note: _Optional[str] = ..., lexicon_version: _Optional[str] = ...) -> None: ...

class ProposeLexiconChangeRequest(_message.Message):
    __slots__ = ("case_id", "kind", "phrase", "entity_id", "note")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PHRASE_FIELD_NUMBER: _ClassVar[int]
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    kind: ProposalKind
    phrase: str
    entity_id: str
    note: str
    def __init__(self, case_id: _Optional[str] = ..., kind: _Optional[_Union[ProposalKind, str]] = ..., phrase: _Optional[str] = ..., entity_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ProposeLexiconChangeResponse(_message.Message):
    __slots__ = ("proposal",)
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    proposal: LexiconProposal
    def __init__(self, proposal: _Optional[_Union[LexiconProposal, _Mapping]] = ...) -> None: ...

class ListProposalsRequest(_message.Message):
    __slots__ = ("status", "case_id", "page_size", "page_token")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    status: ProposalStatus
    case_id: str
    page_size: int
    page_token: str
    def __init__(self, status: _Optional[_Union[ProposalStatus, str]] = ..., case_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProposalsResponse(_message.Message):
    __slots__ = ("proposals", "next_page_token")
    PROPOSALS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    proposals: _containers.RepeatedCompositeFieldContainer[LexiconProposal]
    next_page_token: str
    def __init__(self, proposals: _Optional[_Iterable[_Union[LexiconProposal, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DecideProposalRequest(_message.Message):
    __slots__ = ("proposal_id", "accept", "note")
    PROPOSAL_ID_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    proposal_id: str
    accept: bool
    note: str
    def __init__(self, proposal_id: _Optional[str] = ..., accept: _Optional[bool] = ..., note: _Optional[str] = ...) -> None: ...

class DecideProposalResponse(_message.Message):
    __slots__ = ("proposal",)
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    proposal: LexiconProposal
    def __init__(self, proposal: _Optional[_Union[LexiconProposal, _Mapping]] = ...) -> None: ...
