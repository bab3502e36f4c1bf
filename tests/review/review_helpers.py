"""Profiles and screening results for review tests (what the engine reports for them)."""
from __future__ import annotations

from service.domain.models import (
    Category, Decision, Field, Finding, Profile, ScreenResult, Subject, SubjectKind, Substitution, Technique,
)


def disguised_media(account="acc-1", name="人民曰报", uscc="") -> tuple[Profile, ScreenResult]:
    """A profile whose name disguises a news medium (曰 for 日), as the engine reports it."""
    finding = Finding(field=Field.NAME, category=Category.NEWS_MEDIA, entity_id="media.peoples-daily",
                      entity_name="人民日报", matched_text=name, start=0, end=len(name),
                      techniques=(Technique.HOMOGLYPH,),
                      substitutions=(Substitution("曰", "日", Technique.HOMOGLYPH, 2),), score=0.93,
                      severity=Decision.REJECT)
    profile = Profile(account_id=account, name=name, bio="权威发布",
                      subject=Subject(SubjectKind.ORGANIZATION if uscc else SubjectKind.UNSPECIFIED, uscc))
    return profile, ScreenResult(account, Decision.REJECT, (finding,), (), "lex-1")


def plain_region(account="acc-2", name="朝阳区美食") -> tuple[Profile, ScreenResult]:
    """A REVIEW result for a plain (undisguised) region name: no four-eyes on REJECT."""
    finding = Finding(field=Field.NAME, category=Category.REGION, entity_id="region.110105", entity_name="朝阳区",
                      matched_text="朝阳区", start=0, end=3, techniques=(Technique.EXACT,))
    return Profile(account_id=account, name=name), ScreenResult(account, Decision.REVIEW, (finding,), (), "lex-1")
