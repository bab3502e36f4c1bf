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
from service.domain.models import (Claim, Detector, Domain, Evidence, Field, Finding, ImageEvidence, ImageStage,
                                   Profile, ScreenResult, Technique)
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
        #: a :class:`Shadow` that screens each profile again under a lexicon draft, or None
        self.shadow: Shadow | None = None

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
        verified for the calling platform count (``None``: any platform, for in-process use).

        With a shadow (``ZHENWEI_SHADOW_DRAFT``) the profile is screened once more under the
        draft's engine after the live result is made; the shadow never changes the result and
        its failures are swallowed (see :class:`Shadow`)."""
        self.validate(profile)
        engine = self.lexicons.current()  # one snapshot for the whole request
        result, avatar = self.screen_under(profile, engine, deadline, platform)
        shadow = self.shadow
        if shadow is not None:
            shadow.observe(self, profile, result, avatar, deadline, platform)
        return result

    def screen_under(self, profile: Profile, engine, deadline: float | None = None, platform: str | None = None,
                     avatar: Evidence | None = None) -> tuple[ScreenResult, Evidence | None]:
        """The result under ``engine`` (a live or a draft lexicon's) and the avatar detector's
        evidence; pass that evidence back as ``avatar`` to screen the same profile under another
        engine without decoding and reading the picture again."""
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
            if avatar is None:
                avatar = self.avatar_screener.detect(Field.AVATAR, profile.avatar, deadline)
            findings.extend(avatar.findings)
            if avatar.text:  # text read in the picture goes through the same text detector
                findings.extend(read_in_avatar(engine.detect(Field.AVATAR, avatar.text, deadline).findings,
                                               avatar.text))
        decision, findings_out = decide(findings, profile.subject, engine.owners_of)
        verified = (self.verified_domains(profile.account_id, platform) if claims and profile.account_id
                    else frozenset())
        claims = [dataclasses.replace(c, credential_verified=c.domain in verified) for c in claims]
        return ScreenResult(account_id=profile.account_id, decision=decision, findings=findings_out,
                            credential_required=credential_required(claims, verified),
                            lexicon_version=engine.version, claims=tuple(claims),
                            review_priority=review_priority(findings_out)), avatar

    def screen_text(self, field: Field, text: str) -> list[Finding]:
        """Text-detector findings for free text, with the policy's severities (the CLI)."""
        return list(assess(self.lexicons.current().screen_text(field, text)))


# -- lexicon drafts: engines built aside, and shadow screening -----------------------------------
def build_engine(lexicons, data):
    """An engine for ``data`` (a live lexicon with a draft applied) over the live manager's
    similarity tables and normaliser: how :class:`~service.text.manager.LexiconManager` builds one."""
    from service.text.engine import Engine

    return Engine(data, lexicons.similarity, lexicons.normalizer)


def finding_key(f: Finding) -> tuple:
    """What makes two findings the same for a what-if comparison (the version aside)."""
    return (f.field.value, f.category.value, f.entity_id, f.entity_name, f.matched_text, f.start, f.end,
            tuple(sorted(t.value for t in f.techniques)), f.severity.name, bool(f.owner_verified))


def compare_results(live: ScreenResult, other: ScreenResult) -> dict | None:
    """None when the two results agree on decision, findings and required credentials; else what differs:
    ``kind`` (``decision`` or ``findings``), the two decisions, and the findings only one side has."""
    a = {finding_key(f): f for f in live.findings}
    b = {finding_key(f): f for f in other.findings}
    if live.decision == other.decision and a.keys() == b.keys() \
            and live.credential_required == other.credential_required:
        return None
    return {"kind": "decision" if live.decision != other.decision else "findings",
            "live": live.decision.name, "draft": other.decision.name,
            "removed": [a[k] for k in a.keys() - b.keys()], "added": [b[k] for k in b.keys() - a.keys()]}


class DraftEngineSource:
    """The engine of *live lexicon + one draft*, rebuilt aside whenever the live version or the
    draft's revision moves (checked at most every ``interval_s``). :meth:`engine` never builds on
    the caller's thread: until the engine for the current live version is ready it returns None
    (the shadow skips that profile), so the live call is never slowed by a build."""

    def __init__(self, drafts, lexicons, draft_id: int, interval_s: float = 2.0):
        import threading

        self.drafts, self.lexicons, self.draft_id, self.interval_s = drafts, lexicons, draft_id, interval_s
        self._lock = threading.Condition()
        self._built: tuple[str, int, object] | None = None  # (live version, draft revision, engine)
        self._checked = 0.0
        self._revision: int | None = None
        self._building = False
        self.error = ""  # why the last build failed ("" when it did not)

    def _draft_revision(self) -> int | None:
        state = self.drafts.repo.revision(self.draft_id)
        if state is None or state[0] not in ("open", "publishing"):
            return None
        return state[1]

    def refresh(self, block: bool = False) -> None:
        """Checks for changes and (re)builds when needed: in a background thread (at most every
        ``interval_s``; the caller only reads the clock), or here, waiting for one in flight (``block``)."""
        import threading

        with self._lock:
            if block:
                while self._building:  # a check or build in flight (the background one): wait for it
                    self._lock.wait(1.0)
            elif self._building or time.monotonic() - self._checked < self.interval_s:
                return
            self._checked = time.monotonic()
            self._building = True
        if block:
            self._check_and_build()
        else:
            threading.Thread(target=self._check_and_build, name="shadow-build", daemon=True).start()

    def _check_and_build(self) -> None:
        import logging

        try:
            self._revision = revision = self._draft_revision()
            live = self.lexicons.current()
            built = self._built
            if revision is not None and (built is None or built[0] != live.version or built[1] != revision):
                data = self.drafts.draft_data(self.draft_id, base=live.data)
                self._built = (live.version, revision, build_engine(self.lexicons, data))
            self.error = ""
        except Exception as exc:  # noqa: BLE001 - store down, or a draft that no longer applies: no shadow
            error = str(exc)[:200] or type(exc).__name__
            if error != self.error:  # once per new reason, not every interval
                logging.getLogger("zhenwei.shadow").warning("shadow draft %s cannot be built: %s", self.draft_id,
                                                            error)
            self.error = error
        finally:
            with self._lock:
                self._building = False
                self._lock.notify_all()

    def engine(self, live_version: str):
        """The draft engine built over ``live_version`` at the draft's latest revision, or None."""
        self.refresh()
        built = self._built
        if built is None or built[0] != live_version or self._revision is None or built[1] != self._revision:
            return None
        return built[2]


class Shadow:
    """Screens each profile again under a second engine and counts (and logs) where the would-be
    result differs. The live result is never changed; any failure of the shadow is counted and
    swallowed. Logs carry a keyed hash of the account id, the two decisions, and the categories
    and entity ids of the differing findings: never the name, bio or matched text."""

    def __init__(self, source, label: str, key: bytes):
        import collections
        import logging
        import threading

        self.source, self.label, self._key = source, label, key
        self.counts: collections.Counter = collections.Counter()
        self._lock = threading.Lock()
        self.listeners: list[Callable[[str], None]] = []  # called with each counted kind (metrics)
        self.log = logging.getLogger("zhenwei.shadow")

    def _count(self, kind: str) -> None:
        with self._lock:
            self.counts[kind] += 1
        for listener in self.listeners:
            try:
                listener(kind)
            except Exception:  # noqa: BLE001 - a metrics failure is not the caller's
                pass

    def account_hash(self, account_id: str) -> str:
        import hashlib
        import hmac

        return hmac.new(self._key, account_id.encode("utf-8"), hashlib.sha256).hexdigest()[:16]

    def observe(self, screener: "Screener", profile: Profile, live: ScreenResult, avatar, deadline, platform) -> None:
        try:
            engine = self.source.engine(live.lexicon_version)
            if engine is None:
                self._count("skipped")
                return
            other, _ = screener.screen_under(profile, engine, deadline, platform, avatar)
            diff = compare_results(live, other)
            self._count("screened")
            if diff is None:
                return
            self._count("differ")
            self._count(f"{diff['kind']}_changed")
            self.log.info(
                "shadow %s differs: account %s decision %s -> %s; findings removed %s, added %s", self.label,
                self.account_hash(profile.account_id), diff["live"], diff["draft"],
                sorted({f"{f.category.value}:{f.entity_id}" for f in diff["removed"]}),
                sorted({f"{f.category.value}:{f.entity_id}" for f in diff["added"]}))
        except Exception as exc:  # noqa: BLE001 - the shadow must never fail the live call
            self._count("failed")
            self.log.debug("shadow %s failed (%s)", self.label, type(exc).__name__)
