"""The data plane: a profile in, a decision with findings out.

The gRPC servicer, the CLI and batch jobs all call :meth:`Screener.screen`. One
request uses one lexicon snapshot from start to end, so ``lexicon_version``
names exactly the lexicon that decided it, even while a reload swaps in a new one.
"""
from __future__ import annotations

import dataclasses
import time
from typing import Callable, Sequence

from service.config import Settings
from service.domain.errors import DeadlineExceeded, InvalidArgument
from service.domain.models import (Claim, Detector, Domain, Field, Finding, ImageEvidence, ImageStage, Profile,
                                   ScreenResult, Technique)
from service.policy import assess, credential_required, decide, review_priority

MAX_ACCOUNT_ID_CHARS = 128


def read_in_avatar(findings: Sequence[Finding], text: str) -> list[Finding]:
    """Text-detector findings on the text read in an avatar, moved to the AVATAR field with
    IMAGE_TEXT added (the policy reviews them, never rejects on them alone). ``image`` carries
    the text read; ``start``/``end`` index it."""
    out = []
    image = ImageEvidence(stage=ImageStage.TEXT, recognized_text=text)
    for f in findings:
        techniques = tuple(dict.fromkeys((*f.techniques, Technique.IMAGE_TEXT)))
        span = text[f.start:f.end] if 0 <= f.start < f.end <= len(text) else f.matched_text
        out.append(dataclasses.replace(
            f, field=Field.AVATAR, techniques=techniques, matched_text=span, image=image,
            explanation=(f"text read in the avatar: {text!r}; " + (f.explanation or "")).strip("; ")))
    return out


class Screener:
    def __init__(self, lexicons, settings: Settings,
                 verified_domains: Callable[[str, str | None], frozenset[Domain]] | None = None,
                 avatar_screener: Detector | None = None):
        self.lexicons = lexicons
        self.settings = settings
        self.verified_domains = verified_domains or (lambda _account, _platform=None: frozenset())
        self.avatar_screener = avatar_screener

    def validate(self, profile: Profile) -> None:
        limits = (("account_id", profile.account_id, MAX_ACCOUNT_ID_CHARS),
                  ("name", profile.name, self.settings.max_name_chars),
                  ("bio", profile.bio, self.settings.max_bio_chars))
        for what, value, limit in limits:
            if len(value) > limit:
                raise InvalidArgument(f"{what} is {len(value)} code points; the limit is {limit}")
        if len(profile.avatar) > self.settings.max_avatar_bytes:
            raise InvalidArgument(f"avatar is {len(profile.avatar)} bytes; the limit is "
                                  f"{self.settings.max_avatar_bytes}")

    def screen(self, profile: Profile, deadline: float | None = None,
               platform: str | None = None) -> ScreenResult:
        """``deadline`` is a :func:`time.monotonic` value: once it has passed, the work stops
        with :class:`~service.domain.errors.DeadlineExceeded` (the API maps the caller's
        gRPC deadline to it). ``platform`` scopes the credential lookup: only credentials
        verified for the calling platform count (``None``: any platform, for in-process use)."""
        self.validate(profile)
        engine = self.lexicons.current()  # one snapshot for the whole request
        findings: list[Finding] = []
        claims: list[Claim] = []
        # detectors return evidence; the policy (decide) alone turns it into a decision
        for field, text in ((Field.NAME, profile.name), (Field.BIO, profile.bio)):
            seen = engine.detect(field, text, deadline)
            findings.extend(seen.findings)
            claims.extend(seen.claims)
        if profile.avatar and self.avatar_screener is not None:
            if deadline is not None and time.monotonic() > deadline:
                raise DeadlineExceeded("screening deadline passed")
            seen = self.avatar_screener.detect(Field.AVATAR, profile.avatar, deadline)
            findings.extend(seen.findings)
            if seen.text:  # text read in the picture goes through the same text detector
                findings.extend(read_in_avatar(engine.detect(Field.AVATAR, seen.text, deadline).findings,
                                               seen.text))
        decision, findings_out = decide(findings, profile.subject, engine.owners_of)
        verified = (self.verified_domains(profile.account_id, platform) if claims and profile.account_id
                    else frozenset())
        claims = [dataclasses.replace(c, credential_verified=c.domain in verified) for c in claims]
        return ScreenResult(account_id=profile.account_id, decision=decision, findings=findings_out,
                            credential_required=credential_required(claims, verified),
                            lexicon_version=engine.version, claims=tuple(claims),
                            review_priority=review_priority(findings_out))

    def screen_text(self, field: Field, text: str) -> list[Finding]:
        """Text-detector findings for free text, with the policy's severities (the CLI)."""
        return list(assess(self.lexicons.current().screen_text(field, text)))
