"""The decision rules in one place: evidence + subject + credentials → decision.

Detectors (the text engine for names, bios and text read in avatars; the avatar emblem
matcher) return :class:`~service.domain.models.Finding` records that carry evidence only:
category, entity, techniques, the entity's curated severity, former-name and truncation
flags. This module alone turns them into severities and a decision.

Per finding, the first row of :data:`FINDING_RULES` whose test holds gives its severity:

=====================================================  ========  ================================
evidence                                               severity  why
=====================================================  ========  ================================
a closed account's name (any technique)                REJECT    closed names may not return
text read in the avatar (IMAGE_TEXT)                   REVIEW    OCR noise looks like a disguise
a disguise technique (homoglyph, homophone, mixed      REJECT    intent to pass as the entity
script, invisible split, reordering)
a field screened in part (work cap per field)         REVIEW    decided on what was read
a former division name                                 REVIEW    history, not an organ today
anything else (exact, abbreviation, pinyin, variant,   REVIEW    a person must check ownership
separator, insertion, emblem match)
=====================================================  ========  ================================

Per profile (:func:`decide`):

- findings whose entity the subject owns (an organisation whose verified unified social
  credit code is registered as an owner of the entity) are kept, marked
  ``owner_verified``, and do not count;
- the decision is the strictest severity among the findings that count (ALLOW when none);
- an avatar that matches an emblem together with a name finding that counts is REJECT
  (the picture and the name claim the same authority);
- the review priority (:func:`review_priority`) is the highest curated entity severity among
  the findings that count: ``high`` (central organs and media), ``normal``, ``low``
  (programmes, columns, minor titles). It orders the reviewers' work, not the decision.

:func:`credential_required` lists the claimed professional domains without a verified
credential.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable, Iterable

from service.domain.models import (DISGUISE_TECHNIQUES, Category, Claim, Decision, Domain, Field, Finding,
                                   Subject, SubjectKind, Technique)


@dataclass(frozen=True)
class Rule:
    """One row of the policy table: ``when`` the evidence holds, the finding gets ``severity``."""

    name: str
    when: Callable[[Finding], bool]
    severity: Decision
    why: str


def _disguised(f: Finding) -> bool:
    return not DISGUISE_TECHNIQUES.isdisjoint(f.techniques)


#: First match wins (the table in the module docstring, in the same order).
FINDING_RULES: tuple[Rule, ...] = (
    Rule("closed_name", lambda f: f.category is Category.CLOSED_ACCOUNT, Decision.REJECT,
         "a closed account's name may not return, written plainly or disguised"),
    Rule("avatar_text", lambda f: Technique.IMAGE_TEXT in f.techniques, Decision.REVIEW,
         "text read by OCR: its noise looks like a disguise, so a person reads it"),
    Rule("disguise", _disguised, Decision.REJECT,
         "a lookalike, homophone, mixed-script, invisible or reordered spelling of a protected name"),
    Rule("truncated", lambda f: f.truncated, Decision.REVIEW,
         "a field screened in part (work cap reached) is decided on what was found, at least REVIEW"),
    Rule("former_name", lambda f: f.former_name, Decision.REVIEW,
         "a division's former name"),
    Rule("protected_name", lambda f: True, Decision.REVIEW,
         "a protected name, emblem or place: manual review of ownership"),
)


def finding_severity(finding: Finding) -> Decision:
    """The severity the policy gives one finding (first matching row of :data:`FINDING_RULES`)."""
    for rule in FINDING_RULES:
        if rule.when(finding):
            return rule.severity
    return Decision.REVIEW


def assess(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """The findings with the policy's severity set on each."""
    return tuple(dataclasses.replace(f, severity=finding_severity(f)) for f in findings)


#: review priority: the highest curated entity severity among the findings that count
_PRIORITY = ("high", "normal", "low")


def review_priority(findings: Iterable[Finding]) -> str:
    """The entity severity that makes a person look first ("" when nothing counts): central
    organs and media before ordinary ones, programmes and minor titles last."""
    seen = {f.entity_severity for f in findings if not f.owner_verified}
    return next((p for p in _PRIORITY if p in seen), "")


def owned(finding: Finding, subject: Subject, owners_of: Callable[[str], frozenset[str]]) -> bool:
    if subject.kind is not SubjectKind.ORGANIZATION or not subject.uscc:
        return False
    return subject.uscc.strip().upper() in owners_of(finding.entity_id)


def decide(findings: Iterable[Finding], subject: Subject,
           owners_of: Callable[[str], frozenset[str]]) -> tuple[Decision, tuple[Finding, ...]]:
    """The profile's decision and its findings (assessed, ownership marked)."""
    marked = tuple(dataclasses.replace(f, owner_verified=True) if owned(f, subject, owners_of) else f
                   for f in assess(findings))
    counting = [f for f in marked if not f.owner_verified]
    if not counting:
        return Decision.ALLOW, marked
    decision = max(f.severity for f in counting)
    emblem = any(f.field is Field.AVATAR and Technique.IMAGE_HASH in f.techniques for f in counting)
    name_hit = any(f.field is Field.NAME for f in counting)
    if emblem and name_hit:
        decision = Decision.REJECT
    return decision, marked


def credential_required(claims: Iterable[Claim], verified: frozenset[Domain]) -> tuple[Domain, ...]:
    order = list(Domain)
    needed = {c.domain for c in claims} - verified
    return tuple(sorted(needed, key=order.index))
