"""The lexicon as immutable data: entities, divisions, patterns, allowlist, claims.

Built by :mod:`service.lexicon.loader` from ``lexicons/`` plus the operator's
changes in the store; compiled into a matcher by :mod:`service.text.engine`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from service.domain.models import Category, Domain

LEVELS = ("national", "provincial", "prefecture", "county", "other")
DIVISION_LEVELS = ("province", "prefecture", "county")
SEVERITIES = ("high", "normal", "low")


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    category: Category
    aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    level: str = "national"
    region_code: str = ""
    severity: str = "normal"
    flags: frozenset[str] = frozenset()
    source: str = ""
    source_date: str = ""
    licence: str = ""
    origin: str = "bundled"  # or "store" for operator-managed entries


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    short_name: str
    level: str  # province | prefecture | county
    parent_code: str = ""
    status: str = "current"  # current | abolished
    flags: frozenset[str] = frozenset()
    aliases: tuple[str, ...] = ()

    @property
    def entity_id(self) -> str:
        return f"region.{self.code}" if self.status == "current" else f"region.{self.code}.history"


@dataclass(frozen=True)
class OrganPattern:
    pattern: str
    canonical: str
    category: Category
    position: str  # suffix | prefix
    min_level: str  # province | prefecture | county
    region_form: str  # full | short | both
    flags: frozenset[str] = frozenset()
    note: str = ""


@dataclass(frozen=True)
class ClaimTerm:
    term: str
    domain: Domain | None  # None: a role outside the four domains (舞蹈老师)
    note: str = ""


@dataclass(frozen=True)
class ClaimContext:
    phrase: str
    effect: str  # exclude_before | exclude_after | generic | context
    note: str = ""
    #: for ``context``: the regulated domain the phrase signals (股票 → FINANCE)
    domain: Domain | None = None


@dataclass(frozen=True)
class ClosedName:
    id: str
    name: str
    account_id: str = ""
    closed_at: str = ""
    reason: str = ""


@dataclass(frozen=True)
class LexiconData:
    entities: dict[str, Entity]
    divisions: dict[str, Division]
    patterns: tuple[OrganPattern, ...]
    allowlist: tuple[tuple[str, str], ...]
    claims: tuple[ClaimTerm, ...]
    claim_contexts: tuple[ClaimContext, ...]
    address_cues: tuple[str, ...] = ()  # words after a place name that make it an address
    #: words a name's last character starts (网络 after 长城网): the name was not meant
    straddle_cues: tuple[str, ...] = ()
    #: ordinary words of two to four characters (words.tsv): a place name read across or
    #: inside one was not meant
    words: frozenset[str] = frozenset()
    #: food and product words (product_words.tsv): a place name right before one is the
    #: product's origin (金华 in a ham shop's name), not the place's account
    product_words: frozenset[str] = frozenset()
    closed: tuple[ClosedName, ...] = ()
    owners: dict[str, frozenset[str]] = field(default_factory=dict)  # entity id → USCCs
    sources: dict[str, dict[str, str]] = field(default_factory=dict)  # file → provenance
    digest: str = ""  # hash of the bundled files
    revision: int = 0  # store revision merged in

    @property
    def version(self) -> str:
        return f"{self.digest[:12]}+r{self.revision}"
