"""Domain models: frozen dataclasses and enums shared by every layer.

Nothing here knows about gRPC or protobuf; ``service.api.convert`` maps these
to and from the wire types by enum *name*, so the two must keep the same names
(without the protobuf ``ENUMNAME_`` prefix).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Protocol


class Decision(enum.IntEnum):
    """Ordered so that ``max()`` gives the strictest decision."""

    ALLOW = 1
    REVIEW = 2
    REJECT = 3


class Field(enum.Enum):
    NAME = "NAME"
    BIO = "BIO"
    AVATAR = "AVATAR"


class Category(enum.Enum):
    PARTY_GOVERNMENT = "PARTY_GOVERNMENT"
    MILITARY = "MILITARY"
    PUBLIC_INSTITUTION = "PUBLIC_INSTITUTION"
    NEWS_MEDIA = "NEWS_MEDIA"
    REGION = "REGION"
    CLOSED_ACCOUNT = "CLOSED_ACCOUNT"


class Domain(enum.Enum):
    FINANCE = "FINANCE"
    EDUCATION = "EDUCATION"
    MEDICAL = "MEDICAL"
    LEGAL = "LEGAL"


class Technique(enum.Enum):
    EXACT = "EXACT"
    VARIANT_FORM = "VARIANT_FORM"
    HOMOGLYPH = "HOMOGLYPH"
    HOMOPHONE = "HOMOPHONE"
    PINYIN = "PINYIN"
    ABBREVIATION = "ABBREVIATION"
    INSERTION = "INSERTION"
    SEPARATOR = "SEPARATOR"
    INVISIBLE = "INVISIBLE"
    MIXED_SCRIPT = "MIXED_SCRIPT"
    IMAGE_HASH = "IMAGE_HASH"
    IMAGE_TEXT = "IMAGE_TEXT"
    REORDER = "REORDER"  # neighbouring characters transposed, or a reversed run shown in order


#: Techniques that prove intent to disguise a protected name (the policy's REJECT rules use them).
DISGUISE_TECHNIQUES = frozenset(
    {Technique.HOMOGLYPH, Technique.HOMOPHONE, Technique.INVISIBLE, Technique.MIXED_SCRIPT, Technique.REORDER}
)


class SubjectKind(enum.Enum):
    UNSPECIFIED = "UNSPECIFIED"
    PERSON = "PERSON"
    ORGANIZATION = "ORGANIZATION"


@dataclass(frozen=True)
class Subject:
    kind: SubjectKind = SubjectKind.UNSPECIFIED
    #: 统一社会信用代码 the platform verified for an organisation ("" when none).
    uscc: str = ""


@dataclass(frozen=True)
class Profile:
    account_id: str = ""
    name: str = ""
    bio: str = ""
    avatar: bytes = b""
    subject: Subject = field(default_factory=Subject)


@dataclass(frozen=True)
class Substitution:
    found: str
    expected: str
    technique: Technique
    position: int  # code-point offset of ``found`` in the field


class ImageStage(enum.Enum):
    """How an avatar finding was made."""

    HASH = "HASH"  # stage 1: perceptual hash of a view of the avatar
    KEYPOINTS = "KEYPOINTS"  # stage 2: ORB keypoints, geometric fit and aligned-crop hash
    TEXT = "TEXT"  # text read in the avatar (OCR)


@dataclass(frozen=True)
class ImageBox:
    """A region of the avatar in its pixels (as declared in the file, after EXIF rotation)."""

    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class ImageEvidence:
    """Structured evidence of an AVATAR finding (evidence only, like the rest of a finding)."""

    stage: ImageStage
    reference_id: int = 0  # 0: no reference (text read in the avatar)
    bank: str = ""
    #: the view of the avatar that matched (whole, trim, trim2, circle, edge, edge_trim, keypoints)
    view: str = ""
    #: PDQ distance (stage 1) or aligned-crop PDQ distance (stage 2), of 256 bits; -1 when not measured
    distance: int = -1
    #: the largest distance accepted there (the threshold in force); 0 when not applicable
    threshold: int = 0
    inliers: int = 0  # stage 2: RANSAC inliers
    box: ImageBox | None = None  # the matched region, where known
    #: the text read in the avatar (stage TEXT): the finding's start/end index this text
    recognized_text: str = ""


@dataclass(frozen=True)
class Finding:
    field: Field
    category: Category
    entity_id: str
    entity_name: str
    matched_text: str
    start: int
    end: int
    techniques: tuple[Technique, ...]
    substitutions: tuple[Substitution, ...] = ()
    score: float = 1.0
    explanation: str = ""
    owner_verified: bool = False
    #: Set by :func:`service.policy.assess` alone, from the evidence below and the techniques;
    #: detectors leave it at REVIEW.
    severity: Decision = Decision.REVIEW
    # -- evidence for the policy (detectors fill these, never the severity) --
    #: the protected entity's curated severity in the lexicon: "high", "normal" or "low"
    entity_severity: str = "normal"
    #: the name is a division's former name (襄樊, 郫县)
    former_name: bool = False
    #: the field was screened in part (work cap per field reached)
    truncated: bool = False
    #: structured evidence of an AVATAR finding (None for text fields)
    image: ImageEvidence | None = None


@dataclass(frozen=True)
class Claim:
    field: Field
    domain: Domain
    matched_text: str
    start: int
    end: int
    credential_verified: bool = False


@dataclass(frozen=True)
class Evidence:
    """What a detector returns for one field: findings (evidence only, no decision), the
    professional claims it read, and text it read that the text detector must screen
    (an avatar's OCR text)."""

    findings: tuple[Finding, ...] = ()
    claims: tuple[Claim, ...] = ()
    text: str = ""


class Detector(Protocol):
    """The detector contract (every detector passes ``tests/detector_contract.py``): one
    field's content in, :class:`Evidence` out; never a severity or a decision, which
    ``service.policy`` alone sets."""

    #: the fields this detector reads
    fields: frozenset[Field]

    def detect(self, field: Field, content: Any, deadline: float | None = None) -> Evidence: ...


@dataclass(frozen=True)
class ScreenResult:
    account_id: str
    decision: Decision
    findings: tuple[Finding, ...]
    credential_required: tuple[Domain, ...]
    lexicon_version: str
    claims: tuple[Claim, ...] = ()
    #: the highest curated severity among the findings that count ("" when ALLOW): the policy's
    #: review priority
    review_priority: str = ""
