"""The decision rules in one place: findings + subject + credentials → decision.

- Every finding carries its own severity (REVIEW for a protected name, REJECT for a
  disguised one or a closed account's name); the profile's decision is the
  strictest severity among findings whose entity the subject does not own.
- A subject owns an entity when it is an organisation whose verified unified
  social credit code is registered as an owner of that entity: its findings are
  kept (marked ``owner_verified``) but do not count.
- An avatar that matches an emblem is REVIEW on its own and REJECT when the name
  also impersonates a protected entity.
- ``credential_required`` lists the claimed domains with no verified credential.
"""
from __future__ import annotations

import dataclasses
from typing import Callable, Iterable

from service.domain.models import (Claim, Decision, Domain, Field, Finding, Subject, SubjectKind,
                                   Technique)


def owned(finding: Finding, subject: Subject, owners_of: Callable[[str], frozenset[str]]) -> bool:
    if subject.kind is not SubjectKind.ORGANIZATION or not subject.uscc:
        return False
    return subject.uscc.strip().upper() in owners_of(finding.entity_id)


def decide(findings: Iterable[Finding], subject: Subject,
           owners_of: Callable[[str], frozenset[str]]) -> tuple[Decision, tuple[Finding, ...]]:
    marked = tuple(dataclasses.replace(f, owner_verified=True) if owned(f, subject, owners_of) else f
                   for f in findings)
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
