"""Domain types of manual review (no grpc/protobuf; the API maps enums by name)."""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field


class CaseKind(enum.Enum):
    SCREENING = "SCREENING"    # ScreenProfile said REVIEW or REJECT
    CREDENTIAL = "CREDENTIAL"  # a credential verification ended NEEDS_REVIEW
    REPORT = "REPORT"          # a user's report (投诉举报) filed by the platform
    APPEAL = "APPEAL"          # the account holder contests a decided case (申诉)
    QA = "QA"                  # a decided case re-reviewed blind by another reviewer (quality)


class CaseStatus(enum.Enum):
    """Stored workflow state. A lease (``Case.claimed_by``/``lease_until``) is held on top of
    OPEN, ESCALATED or PENDING_SECOND; ``CLAIMED`` is only a filter (a live lease)."""

    OPEN = "OPEN"
    CLAIMED = "CLAIMED"
    ESCALATED = "ESCALATED"
    PENDING_SECOND = "PENDING_SECOND"  # four-eyes: decided once, waiting for a second reviewer
    DECIDED = "DECIDED"


#: States a reviewer can claim.
CLAIMABLE = (CaseStatus.OPEN, CaseStatus.ESCALATED, CaseStatus.PENDING_SECOND)


class Verdict(enum.Enum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    ESCALATE = "ESCALATE"


class Action(enum.Enum):
    WARN = "WARN"
    LIMIT_FUNCTIONS = "LIMIT_FUNCTIONS"
    SUSPEND_UPDATES = "SUSPEND_UPDATES"
    CLOSE_ACCOUNT = "CLOSE_ACCOUNT"
    BLACKLIST = "BLACKLIST"
    FORBID_REREGISTRATION = "FORBID_REREGISTRATION"


#: Actions after which the account's name is recorded as a closed name.
CLOSING_ACTIONS = frozenset({Action.CLOSE_ACCOUNT, Action.FORBID_REREGISTRATION})


class ReportReason(enum.Enum):
    IMPERSONATING_ORGAN = "IMPERSONATING_ORGAN"
    IMPERSONATING_MEDIA = "IMPERSONATING_MEDIA"
    IMPERSONATING_REGION = "IMPERSONATING_REGION"
    IMPERSONATING_ENTERPRISE = "IMPERSONATING_ENTERPRISE"
    IMPERSONATING_PERSON = "IMPERSONATING_PERSON"
    UNQUALIFIED_PROFESSIONAL = "UNQUALIFIED_PROFESSIONAL"


class OutcomeKind(enum.Enum):
    OPENED = "OPENED"
    PENDING_SECOND = "PENDING_SECOND"
    ESCALATED = "ESCALATED"
    DECIDED = "DECIDED"


@dataclass(frozen=True)
class Decision:
    """One reviewer's decision (the final one, or the first of a four-eyes pair)."""
    verdict: Verdict
    reviewer: str
    at: dt.datetime
    reason_code: str = ""
    note: str = ""
    actions: tuple[Action, ...] = ()
    #: APPROVE: register the profile's subject (its USCC) as the entity's verified owner.
    register_owner: bool = False
    #: Text for the reporter / appellant (the feedback record).
    feedback: str = ""


@dataclass(frozen=True)
class Case:
    id: str
    kind: CaseKind
    status: CaseStatus
    account_id: str
    platform: str
    #: Category of the strongest finding ("" when none, e.g. a credential case).
    category: str
    entity_id: str
    #: What the case is about, frozen when it was opened (see README "Manual review").
    snapshot: dict
    lexicon_version: str
    created_at: dt.datetime
    updated_at: dt.datetime
    deadline_at: dt.datetime | None
    claimed_by: str = ""
    lease_until: dt.datetime | None = None
    #: Four-eyes: the first decision, waiting for a second reviewer.
    pending: Decision | None = None
    #: The final decision (DECIDED), confirmed by ``confirmed_by`` when four-eyes applied.
    decision: Decision | None = None
    confirmed_by: str = ""
    #: What the decision did (closed name id, owner registration, credential status …).
    effects: dict = field(default_factory=dict)
    #: APPEAL: the contested case; CREDENTIAL: "" (see ``snapshot["verification_id"]``).
    related_case_id: str = ""
    #: Whether ``deadline_at`` passed before the case was decided.
    overdue: bool = False

    def leased(self, now: dt.datetime) -> bool:
        return bool(self.claimed_by) and self.lease_until is not None and self.lease_until > now


@dataclass(frozen=True)
class CaseFilter:
    status: CaseStatus | None = None
    kind: CaseKind | None = None
    category: str = ""
    #: Only cases opened at least this many seconds ago.
    min_age_s: float = 0
    #: Only cases whose lease is held by this reviewer ("" any).
    assignee: str = ""
    account_id: str = ""
    #: Only cases whose deadline is at or before this time.
    due_before: dt.datetime | None = None
    #: Screening callers: only their platform's cases (None: every platform).
    platform: str | None = None


@dataclass(frozen=True)
class CasePage:
    cases: tuple[Case, ...]
    #: Token of the next page ("" at the end).
    next_page_token: str


@dataclass(frozen=True)
class CaseOutcome:
    """One event of the outcome stream; ``cursor`` resumes after it."""
    cursor: str
    at: dt.datetime
    case_id: str
    kind: CaseKind
    outcome: OutcomeKind
    status: CaseStatus
    account_id: str
    platform: str
    verdict: Verdict | None
    actions: tuple[Action, ...]
    reason_code: str


@dataclass(frozen=True)
class QueueCounts:
    """Open work by kind, category and state (the console's queue header)."""
    by_kind: dict
    by_category: dict
    by_status: dict
    oldest_open_at: dt.datetime | None
    overdue: int


class ProposalKind(enum.Enum):
    #: A new alias of the entity (a disguise or variant reviewers keep seeing).
    ALIAS = "ALIAS"
    #: A new abbreviation of the entity.
    ABBREVIATION = "ABBREVIATION"


class ProposalStatus(enum.Enum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    REFUSED = "REFUSED"


@dataclass(frozen=True)
class Proposal:
    """A reviewer's proposed lexicon change, from a case; an admin accepts or refuses it."""
    id: str
    case_id: str
    kind: ProposalKind
    entity_id: str
    phrase: str
    note: str
    status: ProposalStatus
    proposed_by: str
    proposed_at: dt.datetime
    decided_by: str = ""
    decided_at: dt.datetime | None = None
    decision_note: str = ""
    #: Lexicon version the accepted change produced (every replica reloads to it).
    lexicon_version: str = ""


@dataclass(frozen=True)
class ProposalPage:
    proposals: tuple[Proposal, ...]
    next_page_token: str


@dataclass(frozen=True)
class QaAgreement:
    """Blind re-review results of one reviewer in one category."""
    reviewer: str
    category: str
    reviewed: int
    agreed: int

    @property
    def rate(self) -> float:
        return self.agreed / self.reviewed if self.reviewed else 0.0
