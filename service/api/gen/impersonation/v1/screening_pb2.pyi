from service.api.gen.impersonation.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubjectKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUBJECT_KIND_UNSPECIFIED: _ClassVar[SubjectKind]
    SUBJECT_KIND_PERSON: _ClassVar[SubjectKind]
    SUBJECT_KIND_ORGANIZATION: _ClassVar[SubjectKind]

class EntitySeverity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENTITY_SEVERITY_UNSPECIFIED: _ClassVar[EntitySeverity]
    ENTITY_SEVERITY_HIGH: _ClassVar[EntitySeverity]
    ENTITY_SEVERITY_NORMAL: _ClassVar[EntitySeverity]
    ENTITY_SEVERITY_LOW: _ClassVar[EntitySeverity]

class Decision(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DECISION_UNSPECIFIED: _ClassVar[Decision]
    DECISION_ALLOW: _ClassVar[Decision]
    DECISION_REVIEW: _ClassVar[Decision]
    DECISION_REJECT: _ClassVar[Decision]

class Field(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FIELD_UNSPECIFIED: _ClassVar[Field]
    FIELD_NAME: _ClassVar[Field]
    FIELD_BIO: _ClassVar[Field]
    FIELD_AVATAR: _ClassVar[Field]

class Technique(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TECHNIQUE_UNSPECIFIED: _ClassVar[Technique]
    TECHNIQUE_EXACT: _ClassVar[Technique]
    TECHNIQUE_VARIANT_FORM: _ClassVar[Technique]
    TECHNIQUE_HOMOGLYPH: _ClassVar[Technique]
    TECHNIQUE_HOMOPHONE: _ClassVar[Technique]
    TECHNIQUE_PINYIN: _ClassVar[Technique]
    TECHNIQUE_ABBREVIATION: _ClassVar[Technique]
    TECHNIQUE_INSERTION: _ClassVar[Technique]
    TECHNIQUE_SEPARATOR: _ClassVar[Technique]
    TECHNIQUE_INVISIBLE: _ClassVar[Technique]
    TECHNIQUE_MIXED_SCRIPT: _ClassVar[Technique]
    TECHNIQUE_IMAGE_HASH: _ClassVar[Technique]
    TECHNIQUE_IMAGE_TEXT: _ClassVar[Technique]
    TECHNIQUE_REORDER: _ClassVar[Technique]

class ImageStage(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IMAGE_STAGE_UNSPECIFIED: _ClassVar[ImageStage]
    IMAGE_STAGE_HASH: _ClassVar[ImageStage]
    IMAGE_STAGE_KEYPOINTS: _ClassVar[ImageStage]
    IMAGE_STAGE_TEXT: _ClassVar[ImageStage]
SUBJECT_KIND_UNSPECIFIED: SubjectKind
SUBJECT_KIND_PERSON: SubjectKind
SUBJECT_KIND_ORGANIZATION: SubjectKind
ENTITY_SEVERITY_UNSPECIFIED: EntitySeverity
ENTITY_SEVERITY_HIGH: EntitySeverity
ENTITY_SEVERITY_NORMAL: EntitySeverity
ENTITY_SEVERITY_LOW: EntitySeverity
DECISION_UNSPECIFIED: Decision
DECISION_ALLOW: Decision
DECISION_REVIEW: Decision
DECISION_REJECT: Decision
FIELD_UNSPECIFIED: Field
FIELD_NAME: Field
FIELD_BIO: Field
FIELD_AVATAR: Field
TECHNIQUE_UNSPECIFIED: Technique
TECHNIQUE_EXACT: Technique
TECHNIQUE_VARIANT_FORM: Technique
TECHNIQUE_HOMOGLYPH: Technique
TECHNIQUE_HOMOPHONE: Technique
TECHNIQUE_PINYIN: Technique
TECHNIQUE_ABBREVIATION: Technique
TECHNIQUE_INSERTION: Technique
TECHNIQUE_SEPARATOR: Technique
TECHNIQUE_INVISIBLE: Technique
TECHNIQUE_MIXED_SCRIPT: Technique
TECHNIQUE_IMAGE_HASH: Technique
TECHNIQUE_IMAGE_TEXT: Technique
TECHNIQUE_REORDER: Technique
IMAGE_STAGE_UNSPECIFIED: ImageStage
IMAGE_STAGE_HASH: ImageStage
IMAGE_STAGE_KEYPOINTS: ImageStage
IMAGE_STAGE_TEXT: ImageStage

class ScreenProfileRequest(_message.Message):
    __slots__ = ("profile",)
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    profile: Profile
    def __init__(self, profile: _Optional[_Union[Profile, _Mapping]] = ...) -> None: ...

class Profile(_message.Message):
    __slots__ = ("account_id", "name", "bio", "avatar", "subject")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    BIO_FIELD_NUMBER: _ClassVar[int]
    AVATAR_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    name: str
    bio: str
    avatar: bytes
    subject: Subject
    def __init__(self, account_id: _Optional[str] = ..., name: _Optional[str] = ..., bio: _Optional[str] = ..., avatar: _Optional[bytes] = ..., subject: _Optional[_Union[Subject, _Mapping]] = ...) -> None: ...

class Subject(_message.Message):
    __slots__ = ("kind", "unified_social_credit_code")
    KIND_FIELD_NUMBER: _ClassVar[int]
    UNIFIED_SOCIAL_CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    kind: SubjectKind
    unified_social_credit_code: str
    def __init__(self, kind: _Optional[_Union[SubjectKind, str]] = ..., unified_social_credit_code: _Optional[str] = ...) -> None: ...

class ScreenProfileResponse(_message.Message):
    __slots__ = ("account_id", "decision", "findings", "credential_required", "lexicon_version", "claims", "review_priority", "status")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    LEXICON_VERSION_FIELD_NUMBER: _ClassVar[int]
    CLAIMS_FIELD_NUMBER: _ClassVar[int]
    REVIEW_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    decision: Decision
    findings: _containers.RepeatedCompositeFieldContainer[Finding]
    credential_required: _containers.RepeatedScalarFieldContainer[_common_pb2.Domain]
    lexicon_version: str
    claims: _containers.RepeatedCompositeFieldContainer[Claim]
    review_priority: EntitySeverity
    status: ItemStatus
    def __init__(self, account_id: _Optional[str] = ..., decision: _Optional[_Union[Decision, str]] = ..., findings: _Optional[_Iterable[_Union[Finding, _Mapping]]] = ..., credential_required: _Optional[_Iterable[_Union[_common_pb2.Domain, str]]] = ..., lexicon_version: _Optional[str] = ..., claims: _Optional[_Iterable[_Union[Claim, _Mapping]]] = ..., review_priority: _Optional[_Union[EntitySeverity, str]] = ..., status: _Optional[_Union[ItemStatus, _Mapping]] = ...) -> None: ...

class ItemStatus(_message.Message):
    __slots__ = ("code", "message")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    code: int
    message: str
    def __init__(self, code: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...

class Finding(_message.Message):
    __slots__ = ("field", "category", "entity_id", "entity_name", "matched_text", "start", "end", "techniques", "substitutions", "score", "explanation", "owner_verified", "severity", "entity_severity", "image")
    FIELD_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    ENTITY_NAME_FIELD_NUMBER: _ClassVar[int]
    MATCHED_TEXT_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    TECHNIQUES_FIELD_NUMBER: _ClassVar[int]
    SUBSTITUTIONS_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    OWNER_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    ENTITY_SEVERITY_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    field: Field
    category: _common_pb2.Category
    entity_id: str
    entity_name: str
    matched_text: str
    start: int
    end: int
    techniques: _containers.RepeatedScalarFieldContainer[Technique]
    substitutions: _containers.RepeatedCompositeFieldContainer[Substitution]
    score: float
    explanation: str
    owner_verified: bool
    severity: Decision
    entity_severity: EntitySeverity
    image: ImageEvidence
    def __init__(self, field: _Optional[_Union[Field, str]] = ..., category: _Optional[_Union[_common_pb2.Category, str]] = ..., entity_id: _Optional[str] = ..., entity_name: _Optional[str] = ..., matched_text: _Optional[str] = ..., start: _Optional[int] = ..., end: _Optional[int] = ..., techniques: _Optional[_Iterable[_Union[Technique, str]]] = ..., substitutions: _Optional[_Iterable[_Union[Substitution, _Mapping]]] = ..., score: _Optional[float] = ..., explanation: _Optional[str] = ..., owner_verified: _Optional[bool] = ..., severity: _Optional[_Union[Decision, str]] = ..., entity_severity: _Optional[_Union[EntitySeverity, str]] = ..., image: _Optional[_Union[ImageEvidence, _Mapping]] = ...) -> None: ...

class ImageBox(_message.Message):
    __slots__ = ("x", "y", "width", "height")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    x: int
    y: int
    width: int
    height: int
    def __init__(self, x: _Optional[int] = ..., y: _Optional[int] = ..., width: _Optional[int] = ..., height: _Optional[int] = ...) -> None: ...

class ImageEvidence(_message.Message):
    __slots__ = ("stage", "reference_id", "bank", "view", "distance", "threshold", "inliers", "box", "recognized_text")
    STAGE_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_ID_FIELD_NUMBER: _ClassVar[int]
    BANK_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    INLIERS_FIELD_NUMBER: _ClassVar[int]
    BOX_FIELD_NUMBER: _ClassVar[int]
    RECOGNIZED_TEXT_FIELD_NUMBER: _ClassVar[int]
    stage: ImageStage
    reference_id: int
    bank: str
    view: str
    distance: int
    threshold: int
    inliers: int
    box: ImageBox
    recognized_text: str
    def __init__(self, stage: _Optional[_Union[ImageStage, str]] = ..., reference_id: _Optional[int] = ..., bank: _Optional[str] = ..., view: _Optional[str] = ..., distance: _Optional[int] = ..., threshold: _Optional[int] = ..., inliers: _Optional[int] = ..., box: _Optional[_Union[ImageBox, _Mapping]] = ..., recognized_text: _Optional[str] = ...) -> None: ...

class Substitution(_message.Message):
    __slots__ = ("found", "expected", "technique", "position")
    FOUND_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_FIELD_NUMBER: _ClassVar[int]
    TECHNIQUE_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    found: str
    expected: str
    technique: Technique
    position: int
    def __init__(self, found: _Optional[str] = ..., expected: _Optional[str] = ..., technique: _Optional[_Union[Technique, str]] = ..., position: _Optional[int] = ...) -> None: ...

class Claim(_message.Message):
    __slots__ = ("field", "domain", "matched_text", "start", "end", "credential_verified")
    FIELD_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    MATCHED_TEXT_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    field: Field
    domain: _common_pb2.Domain
    matched_text: str
    start: int
    end: int
    credential_verified: bool
    def __init__(self, field: _Optional[_Union[Field, str]] = ..., domain: _Optional[_Union[_common_pb2.Domain, str]] = ..., matched_text: _Optional[str] = ..., start: _Optional[int] = ..., end: _Optional[int] = ..., credential_verified: _Optional[bool] = ...) -> None: ...
