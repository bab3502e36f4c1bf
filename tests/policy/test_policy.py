"""Unit tests of the policy: evidence in, severities and a decision out (service/policy.py)."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from service import policy
from service.domain.models import (DISGUISE_TECHNIQUES, Category, Claim, Decision, Domain, Field, Finding,
                                   Subject, SubjectKind, Technique)


def finding(field=Field.NAME, category=Category.NEWS_MEDIA, techniques=(Technique.EXACT,), **kw) -> Finding:
    return Finding(field=field, category=category, entity_id=kw.pop("entity_id", "media.x"),
                   entity_name="某报", matched_text="某报", start=0, end=2, techniques=tuple(techniques), **kw)


NOBODY = Subject()
NO_OWNERS = lambda _entity: frozenset()  # noqa: E731


@pytest.mark.parametrize("technique", sorted(DISGUISE_TECHNIQUES, key=lambda t: t.name))
def test_every_disguise_technique_rejects(technique):
    assert policy.finding_severity(finding(techniques=(technique,))) is Decision.REJECT


@pytest.mark.parametrize("technique", [Technique.EXACT, Technique.ABBREVIATION, Technique.PINYIN,
                                       Technique.VARIANT_FORM, Technique.SEPARATOR, Technique.INSERTION])
def test_plain_or_spelled_names_are_reviewed(technique):
    assert policy.finding_severity(finding(techniques=(technique,))) is Decision.REVIEW


def test_a_closed_accounts_name_rejects_even_written_plainly():
    f = finding(category=Category.CLOSED_ACCOUNT, techniques=(Technique.EXACT,))
    assert policy.finding_severity(f) is Decision.REJECT


def test_text_read_in_an_avatar_is_never_rejected_on_its_own():
    f = finding(field=Field.AVATAR, techniques=(Technique.HOMOGLYPH, Technique.IMAGE_TEXT))
    assert policy.finding_severity(f) is Decision.REVIEW


def test_entity_severity_orders_review_but_does_not_soften_a_disguise():
    low = finding(field=Field.BIO, entity_severity="low")
    assert policy.finding_severity(low) is Decision.REVIEW
    assert policy.finding_severity(dataclasses.replace(low, techniques=(Technique.HOMOPHONE,))) is Decision.REJECT
    high = finding(entity_severity="high", entity_id="gov.x")
    assert policy.review_priority(policy.assess([low, high])) == "high"
    assert policy.review_priority(policy.assess([low])) == "low"
    assert policy.review_priority([]) == ""


def test_a_truncated_field_is_at_least_reviewed():
    assert policy.finding_severity(finding(field=Field.BIO, truncated=True)) is Decision.REVIEW


def test_a_former_division_name_is_reviewed():
    f = finding(category=Category.REGION, former_name=True)
    assert policy.finding_severity(f) is Decision.REVIEW


def test_detectors_severity_is_ignored_the_policy_sets_it():
    f = finding(techniques=(Technique.HOMOGLYPH,), severity=Decision.ALLOW)
    [g] = policy.assess([f])
    assert g.severity is Decision.REJECT


def test_decision_is_the_strictest_counting_finding():
    assert policy.decide([], NOBODY, NO_OWNERS)[0] is Decision.ALLOW
    review = finding()
    reject = finding(techniques=(Technique.HOMOGLYPH,))
    assert policy.decide([review], NOBODY, NO_OWNERS)[0] is Decision.REVIEW
    assert policy.decide([review, reject], NOBODY, NO_OWNERS)[0] is Decision.REJECT


def test_owned_findings_do_not_set_the_review_priority():
    org = Subject(kind=SubjectKind.ORGANIZATION, uscc="91350100M000100Y43")
    owners = lambda e: frozenset({"91350100M000100Y43"}) if e == "gov.x" else frozenset()  # noqa: E731
    _, out = policy.decide([finding(entity_id="gov.x", entity_severity="high"),
                            finding(entity_id="media.y", entity_severity="low")], org, owners)
    assert policy.review_priority(out) == "low"


def test_a_verified_owner_is_not_held_to_its_own_entity():
    org = Subject(kind=SubjectKind.ORGANIZATION, uscc="91350100M000100Y43")
    owners = lambda e: frozenset({"91350100M000100Y43"}) if e == "media.x" else frozenset()  # noqa: E731
    decision, out = policy.decide([finding(techniques=(Technique.EXACT,))], org, owners)
    assert decision is Decision.ALLOW and out[0].owner_verified
    # another entity's finding still counts
    other = finding(entity_id="media.y")
    assert policy.decide([other], org, owners)[0] is Decision.REVIEW
    # a person with the same code string owns nothing
    assert policy.decide([finding()], Subject(uscc="91350100M000100Y43"), owners)[0] is Decision.REVIEW


def test_an_emblem_with_a_name_finding_rejects_and_alone_is_reviewed():
    emblem = finding(field=Field.AVATAR, techniques=(Technique.IMAGE_HASH,))
    assert policy.decide([emblem], NOBODY, NO_OWNERS)[0] is Decision.REVIEW
    assert policy.decide([emblem, finding()], NOBODY, NO_OWNERS)[0] is Decision.REJECT
    # a bio finding with the emblem stays REVIEW (only the name and the picture together reject)
    assert policy.decide([emblem, finding(field=Field.BIO)], NOBODY, NO_OWNERS)[0] is Decision.REVIEW


def test_credential_required_lists_claimed_domains_without_a_verified_credential():
    claims = [Claim(Field.BIO, Domain.LEGAL, "律师", 0, 2), Claim(Field.NAME, Domain.FINANCE, "投顾", 0, 2)]
    assert policy.credential_required(claims, frozenset()) == (Domain.FINANCE, Domain.LEGAL)
    assert policy.credential_required(claims, frozenset({Domain.LEGAL})) == (Domain.FINANCE,)


def test_every_rule_is_reachable_and_the_last_one_catches_all():
    assert policy.FINDING_RULES[-1].when(finding())
    names = [r.name for r in policy.FINDING_RULES]
    assert len(names) == len(set(names))


def test_the_readme_shows_the_policy_table():
    """The README's decision table names every rule of FINDING_RULES (one place decides, and
    the documentation shows what it decides)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("<!-- policy-table -->"):readme.index("<!-- /policy-table -->")]
    for rule in policy.FINDING_RULES:
        assert re.search(rf"`{rule.name}`", section), rule.name
        assert rule.severity.name in section
