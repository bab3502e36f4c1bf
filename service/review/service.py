"""Manual review: cases, leases, decisions and their effects, reports, appeals, outcome events.

One :class:`ReviewService` per process (``App.review``). Transport-free: the gRPC servicer
(``service.api.review``), the console and the CLI pass the authenticated actor (its audit
name) and, for screening callers, the platform scope explicitly.

Lifecycle of a case (``CaseStatus``)::

    OPEN ──claim──▶ (lease) ──decide──▶ DECIDED
      │                 │  └─ESCALATE─▶ ESCALATED ──claim/decide──▶ …
      │                 └─four-eyes first decision─▶ PENDING_SECOND
      │                                               └─ a *different* reviewer claims and decides:
      │                                                  same verdict → DECIDED (effects applied),
      │                                                  another verdict → ESCALATED
      └─ a lease expires after ``review_lease_s``: anyone may claim the case again

Every change is one conditional UPDATE (see ``service.store.review_repo``), written in one
transaction with its audit entry (target ``case:<id>``) and its outcome event; effects on
the lexicon (closed names, verified owners) go through :class:`service.lexicon.admin.LexiconAdmin`
after the decision commits, and are recorded on the case and in the audit log.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import logging
import threading
import unicodedata
import uuid
from dataclasses import asdict, replace
from typing import Callable, Iterator, Sequence

from service.domain.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied, ZhenweiError
from service.domain.models import DISGUISE_TECHNIQUES, Decision as ScreenDecision, Finding, Profile, ScreenResult
from service.review.models import (
    CLAIMABLE, CLOSING_ACTIONS, Action, Case, CaseFilter, CaseKind, CaseOutcome, CasePage, CaseStatus, Decision,
    OutcomeKind, QaAgreement, QueueCounts, ReportReason, Verdict,
)
from service.review.proposals import Proposals
from service.review.webhooks import WebhookDispatcher
from service.store.review_repo import StoredCase, StoredOutcome

log = logging.getLogger("zhenwei.review")

#: Categories whose disguised names need a second reviewer to REJECT (official and media names).
FOUR_EYES_CATEGORIES = frozenset({"PARTY_GOVERNMENT", "MILITARY", "PUBLIC_INSTITUTION", "NEWS_MEDIA"})
OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.ESCALATED, CaseStatus.PENDING_SECOND)
MAX_PAGE = 500
MAX_TEXT = 2000
MAX_NOTE = 1000
MAX_CODE = 64
MAX_REFS = 20
MAX_REF_CHARS = 512
MAX_ID = 128
THUMBNAIL_SIDE = 64


def _ts(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_ts(text: str) -> dt.datetime | None:
    if not text:
        return None
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)


def normalise_content(text: str) -> str:
    """Profile text as compared for de-duplication: NFKC, without blanks, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).casefold()


def dedupe_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _finding_dict(f: Finding) -> dict:
    return {
        "field": f.field.value, "category": f.category.value, "entity_id": f.entity_id,
        "entity_name": f.entity_name, "matched_text": f.matched_text, "start": f.start, "end": f.end,
        "techniques": [t.value for t in f.techniques],
        # each substituted character with its canonical one (曰 → 日, HOMOGLYPH)
        "substitutions": [{"found": s.found, "expected": s.expected, "technique": s.technique.value,
                           "position": s.position} for s in f.substitutions],
        "score": round(f.score, 4), "explanation": f.explanation, "owner_verified": f.owner_verified,
        "severity": f.severity.name,
    }


def _thumbnail(data: bytes, settings) -> str:
    """A small PNG of the avatar (base64), or "" when it cannot be decoded."""
    try:
        from PIL import Image

        from service.image.ingest import decode

        decoded = decode(data, max_bytes=settings.max_avatar_bytes, max_pixels=settings.max_avatar_pixels,
                         work_side=THUMBNAIL_SIDE)
        out = io.BytesIO()
        Image.fromarray(decoded.rgb).save(out, format="PNG", optimize=True)
        return base64.b64encode(out.getvalue()).decode("ascii")
    except Exception:  # noqa: BLE001 - a thumbnail is a convenience; the hash identifies the image
        return ""


def _check_text(what: str, value: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InvalidArgument(f"{what} must be text")
    if len(value) > limit:
        raise InvalidArgument(f"{what} is over {limit} characters")
    return value


def _check_refs(what: str, refs: Sequence[str]) -> list[str]:
    refs = [r.strip() for r in refs if r and r.strip()]
    if len(refs) > MAX_REFS:
        raise InvalidArgument(f"at most {MAX_REFS} {what}")
    for r in refs:
        _check_text(what, r, MAX_REF_CHARS)
    return refs


def _decision_json(d: Decision) -> str:
    body = asdict(d)
    body["verdict"] = d.verdict.value
    body["actions"] = [a.value for a in d.actions]
    body["at"] = _ts(d.at)
    return json.dumps(body, ensure_ascii=False, sort_keys=True)


def _decision_from(text: str) -> Decision | None:
    if not text:
        return None
    b = json.loads(text)
    return Decision(verdict=Verdict(b["verdict"]), reviewer=b["reviewer"], at=_parse_ts(b["at"]),
                    reason_code=b.get("reason_code", ""), note=b.get("note", ""),
                    actions=tuple(Action(a) for a in b.get("actions", ())),
                    register_owner=bool(b.get("register_owner")), feedback=b.get("feedback", ""))


def same_person(a: str, b: str) -> bool:
    """Whether two audit actors are one person: ``name (tok_…)`` and ``name (usr_…)`` (an API
    token and a console account) share the name part, compared without case and blanks."""
    if not a or not b:
        return False

    def key(actor: str) -> str:
        return "".join(actor.split(" (", 1)[0].split()).casefold()

    return a == b or key(a) == key(b)


class ReviewService:
    """The review desk. ``lexicon_admin`` applies closed-name and owner effects; ``verifier``
    decides CREDENTIAL cases; ``clock`` returns the current UTC time (tests pass their own)."""

    def __init__(self, store, settings, lexicon_admin=None, verifier=None,
                 clock: Callable[[], dt.datetime] | None = None):
        self.store = store
        self.repo = store.review
        self.settings = settings
        self.lexicon_admin = lexicon_admin
        self.verifier = verifier
        self._clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self._events = threading.Condition()
        self._generation = 0
        self._closed = threading.Event()
        #: Lexicon proposals from cases (:class:`service.review.proposals.Proposals`).
        self.proposals = Proposals(store, lexicon_admin, self.now)
        #: Outcome delivery by webhook (:class:`service.review.webhooks.WebhookDispatcher`); its
        #: secrets are encrypted with the credential verifier's key, so it needs the verifier.
        self.webhooks = WebhookDispatcher(store, verifier.cipher, self.now) if verifier is not None else None

    def now(self) -> dt.datetime:
        return self._clock()

    # -- opening cases -------------------------------------------------------------------------
    def open_from_screening(self, profile: Profile, result: ScreenResult, platform: str = "",
                            actor: str = "screening") -> Case | None:
        """Opens a SCREENING case for a REVIEW or REJECT result, once per account and profile
        content (returns the existing case on a repeat); None for ALLOW or without an account id."""
        if result.decision is ScreenDecision.ALLOW or not profile.account_id:
            return None
        avatar_sha = hashlib.sha256(profile.avatar).hexdigest() if profile.avatar else ""
        key = dedupe_key("screening", platform, profile.account_id, normalise_content(profile.name),
                         normalise_content(profile.bio), avatar_sha)
        existing = self.repo.by_dedupe_key(key)
        if existing is not None:
            return self._to_domain(existing)
        top = result.findings[0] if result.findings else None
        snapshot = {
            "name": profile.name, "bio": profile.bio, "avatar_sha256": avatar_sha,
            "avatar_thumbnail_png_b64": _thumbnail(profile.avatar, self.settings) if profile.avatar else "",
            "subject": {"kind": profile.subject.kind.value, "uscc": profile.subject.uscc},
            "screen_decision": result.decision.name,
            "findings": [_finding_dict(f) for f in result.findings],
            "claims": [{"field": c.field.value, "domain": c.domain.value, "matched_text": c.matched_text,
                        "start": c.start, "end": c.end, "credential_verified": c.credential_verified}
                       for c in result.claims],
            "credential_required": [d.value for d in result.credential_required],
        }
        return self._open(key, CaseKind.SCREENING, profile.account_id, platform,
                          top.category.value if top else "", top.entity_id if top else "", snapshot,
                          result.lexicon_version, actor)

    def open_credential_case(self, verification, actor: str = "credentials") -> Case:
        """Opens (once) the CREDENTIAL case of a verification that ended NEEDS_REVIEW."""
        v = verification
        snapshot = {
            "verification_id": v.id, "domain": v.domain.value, "credential_type": v.ctype.value,
            "number_masked": v.number_masked, "holder_name": v.holder_name,
            "organization_name": v.organization_name, "reason": v.reason.value, "detail": v.detail,
            "registry": v.registry,
        }
        return self._open(dedupe_key("credential", v.id), CaseKind.CREDENTIAL, v.account_id, v.platform,
                          v.domain.value, "", snapshot, "", actor, verification_id=v.id)

    def submit_report(self, account_id: str, reason: ReportReason, text: str, evidence_refs: Sequence[str] = (),
                      reporter_contact_ref: str = "", platform: str = "", actor: str = "",
                      name: str = "") -> Case:
        """A user's report against ``account_id``, filed by the platform (screening role).
        ``name``: the reported account's name as shown (optional; used if the account is closed).
        A repeat of the same report (same platform, account, reason, text and references)
        returns the first one's case."""
        self._check_account(account_id)
        if not isinstance(reason, ReportReason):
            raise InvalidArgument("reason is required (IMPERSONATING_ORGAN, _MEDIA, _REGION, _ENTERPRISE, "
                                  "_PERSON or UNQUALIFIED_PROFESSIONAL)")
        _check_text("text", text, MAX_TEXT)
        _check_text("name", name, MAX_ID)
        _check_text("reporter_contact_ref", reporter_contact_ref, MAX_REF_CHARS)
        refs = _check_refs("evidence_refs", evidence_refs)
        key = dedupe_key("report", platform, account_id, reason.value, text, *refs, reporter_contact_ref, name)
        snapshot = {"reason": reason.value, "text": text, "evidence_refs": refs,
                    "reporter_contact_ref": reporter_contact_ref, "name": name}
        deadline = self.now() + dt.timedelta(hours=self.settings.report_deadline_h)
        return self._open(key, CaseKind.REPORT, account_id, platform, reason.value, "", snapshot, "", actor,
                          deadline=deadline)

    def submit_appeal(self, case_id: str, account_id: str, text: str, evidence_refs: Sequence[str] = (),
                      contact_ref: str = "", platform: str | None = None, actor: str = "") -> Case:
        """The account holder contests a DECIDED case (one appeal per case). ``platform``: the
        caller's scope (None: any). Decided later by a reviewer other than the original ones."""
        original = self._row(case_id, platform)
        if original.status != CaseStatus.DECIDED.value:
            raise FailedPrecondition(f"case {case_id} is {original.status}; only a decided case can be appealed")
        if original.kind == CaseKind.APPEAL.value:
            raise FailedPrecondition("an appeal's decision is final")
        if account_id != original.account_id:
            raise InvalidArgument("account_id is not the account of that case")
        _check_text("text", text, MAX_TEXT)
        _check_text("contact_ref", contact_ref, MAX_REF_CHARS)
        refs = _check_refs("evidence_refs", evidence_refs)
        snapshot = {"text": text, "evidence_refs": refs, "contact_ref": contact_ref,
                    "original": {"kind": original.kind, "decision": json.loads(original.decision or "{}"),
                                 "confirmed_by": original.confirmed_by, "effects": json.loads(original.effects),
                                 "snapshot": json.loads(original.snapshot)}}
        deadline = self.now() + dt.timedelta(hours=self.settings.appeal_deadline_h)
        return self._open(dedupe_key("appeal", original.id), CaseKind.APPEAL, original.account_id, original.platform,
                          original.category, original.entity_id, snapshot, original.lexicon_version, actor,
                          deadline=deadline, related=original.id)

    def _open(self, key: str, kind: CaseKind, account_id: str, platform: str, category: str, entity_id: str,
              snapshot: dict, lexicon_version: str, actor: str, deadline: dt.datetime | None = None,
              related: str = "", verification_id: str = "") -> Case:
        now = _ts(self.now())
        row = StoredCase(
            id=uuid.uuid4().hex, dedupe_key=key, kind=kind.value, status=CaseStatus.OPEN.value,
            account_id=account_id, platform=platform, category=category, entity_id=entity_id,
            snapshot=json.dumps(snapshot, ensure_ascii=False, sort_keys=True), lexicon_version=lexicon_version,
            created_at=now, updated_at=now, deadline_at=_ts(deadline) if deadline else "", assignee="",
            lease_until="", pending="", pending_by="", decision="", decided_by="", confirmed_by="", effects="{}",
            related_case_id=related, verification_id=verification_id, decided_at="", version=1)
        with self.store.db.transaction():
            inserted = self.repo.insert_case(row)
            if inserted:
                self._event(row, OutcomeKind.OPENED)
                self.store.audit.record(actor or "unknown", f"{kind.value.lower()}.open", f"case:{row.id}",
                                        {"kind": kind.value, "category": category, "entity_id": entity_id,
                                         "account_id": account_id, "platform": platform, "related": related})
        if not inserted:  # the same content opened a case before (or concurrently)
            existing = self.repo.by_dedupe_key(key)
            if existing is None:  # pragma: no cover - the winner's row is committed before ours conflicts
                raise FailedPrecondition("a concurrent request opened this case; retry")
            return self._to_domain(existing)
        self._notify()
        return self._to_domain(row)

    # -- reads ---------------------------------------------------------------------------------
    def _row(self, case_id: str, platform: str | None = None) -> StoredCase:
        if not case_id or len(case_id) > 64 or not case_id.isprintable():
            raise InvalidArgument("case_id is required (at most 64 characters)")
        row = self.repo.get(case_id)
        if row is None or (platform is not None and row.platform != platform):
            raise NotFound("no such case")  # another platform's case looks the same as none
        return row

    def get(self, case_id: str, platform: str | None = None) -> Case:
        return self._to_domain(self._row(case_id, platform))

    def list(self, flt: CaseFilter = CaseFilter(), page_size: int = 50, page_token: str = "") -> CasePage:
        """One page of cases matching ``flt``, oldest first; ``page_token`` from the previous page."""
        if not 0 <= page_size <= MAX_PAGE:
            raise InvalidArgument(f"page_size must be between 1 and {MAX_PAGE} (0: 50)")
        size = page_size or 50
        now = self.now()
        after = self._decode_token(page_token)
        statuses: list[str] = []
        leased_after = ""
        if flt.status is CaseStatus.CLAIMED:  # a live lease (a decided case holds none)
            leased_after = _ts(now)
        elif flt.status is not None:
            statuses = [flt.status.value]
        if flt.min_age_s < 0:
            raise InvalidArgument("min_age_s must not be negative")
        _check_text("category", flt.category, MAX_CODE)
        _check_text("assignee", flt.assignee, 300)
        rows = self.repo.list(
            statuses=statuses, kind=flt.kind.value if flt.kind else "", category=flt.category,
            created_before=_ts(now - dt.timedelta(seconds=flt.min_age_s)) if flt.min_age_s else "",
            assignee=flt.assignee, leased_after=leased_after or (_ts(now) if flt.assignee else ""),
            account_id=flt.account_id, due_before=_ts(flt.due_before) if flt.due_before else "",
            platform=flt.platform, after=after, limit=size + 1)
        more = len(rows) > size
        rows = rows[:size]
        token = self._encode_token(rows[-1]) if more and rows else ""
        return CasePage(tuple(self._to_domain(r, now) for r in rows), token)

    @staticmethod
    def _encode_token(row: StoredCase) -> str:
        return base64.urlsafe_b64encode(f"{row.created_at}|{row.id}".encode()).decode().rstrip("=")

    @staticmethod
    def _decode_token(token: str) -> tuple[str, str] | None:
        if not token:
            return None
        try:
            if len(token) > 200:
                raise ValueError
            text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
            created, case_id = text.split("|")
            _parse_ts(created)
            if not case_id.isalnum():
                raise ValueError
        except ValueError:
            raise InvalidArgument("page_token is not one this service issued") from None
        return created, case_id

    def counts(self, platform: str | None = None) -> QueueCounts:
        now = _ts(self.now())
        rows, oldest, overdue = self.repo.counts([s.value for s in OPEN_STATUSES], now)
        by_kind: dict[str, int] = {}
        by_category: dict[str, int] = {}
        by_status: dict[str, int] = {}
        for kind, category, status, n in rows:
            by_kind[kind] = by_kind.get(kind, 0) + n
            by_category[category or "-"] = by_category.get(category or "-", 0) + n
            by_status[status] = by_status.get(status, 0) + n
        return QueueCounts(by_kind, by_category, by_status, _parse_ts(oldest or ""), overdue)

    def trail(self, case_id: str, limit: int = 200):
        """The case's audit entries, newest first (``service.store.audit_repo.AuditEntry``)."""
        self._row(case_id)
        return self.store.audit.list(f"case:{case_id}", limit)

    # -- leases --------------------------------------------------------------------------------
    def claim(self, case_id: str, actor: str) -> Case:
        """Takes (or renews) the lease on a case for ``review_lease_s`` seconds. Exactly one of
        concurrent claimers wins; the others get FailedPrecondition."""
        self._check_actor(actor)
        row = self._row(case_id)
        now = self.now()
        until = now + dt.timedelta(seconds=self.settings.review_lease_s)
        with self.store.db.transaction():
            won = self.repo.claim(row.id, actor, _ts(now), _ts(until), [s.value for s in CLAIMABLE])
            if won:
                self.store.audit.record(actor, "case.claim", f"case:{row.id}", {"lease_until": _ts(until)})
        if not won:
            current = self.repo.get(row.id)
            if current.status == CaseStatus.DECIDED.value:
                raise FailedPrecondition(f"case {case_id} is already decided")
            if current.pending_by == actor:
                raise PermissionDenied("four-eyes: the second decision must come from another reviewer")
            raise FailedPrecondition(f"case {case_id} is claimed by another reviewer until {current.lease_until}")
        return self.get(row.id)

    def release(self, case_id: str, actor: str) -> Case:
        self._check_actor(actor)
        row = self._row(case_id)
        with self.store.db.transaction():
            if not self.repo.release(row.id, actor, _ts(self.now())):
                raise FailedPrecondition(f"case {case_id} is not claimed by you")
            self.store.audit.record(actor, "case.release", f"case:{row.id}", {})
        return self.get(row.id)

    # -- decisions -----------------------------------------------------------------------------
    def needs_second(self, case: Case, decision: Decision) -> bool:
        """Four-eyes applies to a REJECT of a disguised official or media name and to an owner
        registration (when ``review_four_eyes`` is on)."""
        if not self.settings.review_four_eyes:
            return False
        if decision.verdict is Verdict.APPROVE and decision.register_owner:
            return True
        if decision.verdict is Verdict.REJECT and case.kind in (CaseKind.SCREENING, CaseKind.REPORT):
            disguise = {t.value for t in DISGUISE_TECHNIQUES}
            return any(f.get("category") in FOUR_EYES_CATEGORIES and disguise & set(f.get("techniques", ()))
                       for f in case.snapshot.get("findings", ()))
        return False

    def decide(self, case_id: str, actor: str, verdict: Verdict, reason_code: str = "", note: str = "",
               actions: Sequence[Action] = (), register_owner: bool = False, feedback: str = "",
               valid_until: dt.date | None = None) -> Case:
        """Decides a case the actor holds the lease on (see the module docstring for four-eyes).

        ``actions``: what the platform is to do (REJECT); CLOSE_ACCOUNT or FORBID_REREGISTRATION
        records the account's name as a closed name. ``register_owner`` (APPROVE): the profile's
        USCC becomes the verified owner of the case's entity. ``valid_until``: CREDENTIAL approvals.
        """
        self._check_actor(actor)
        if not isinstance(verdict, Verdict):
            raise InvalidArgument("verdict is required (APPROVE, REJECT or ESCALATE)")
        _check_text("reason_code", reason_code, MAX_CODE)
        _check_text("note", note, MAX_NOTE)
        _check_text("feedback", feedback, MAX_TEXT)
        actions = tuple(dict.fromkeys(actions))
        if any(not isinstance(a, Action) for a in actions):
            raise InvalidArgument("unknown action")
        if actions and verdict is not Verdict.REJECT:
            raise InvalidArgument("actions go with REJECT only")
        if register_owner and verdict is not Verdict.APPROVE:
            raise InvalidArgument("register_owner goes with APPROVE only")
        now = self.now()
        row = self._row(case_id)
        case = self._to_domain(row, now)
        if case.status is CaseStatus.DECIDED:
            raise FailedPrecondition(f"case {case_id} is already decided")
        if case.claimed_by != actor or not case.leased(now):
            raise FailedPrecondition(f"claim case {case_id} before deciding it (or your lease expired)")
        if case.kind in (CaseKind.APPEAL, CaseKind.QA):
            original = self.repo.get(row.related_case_id)
            if original is not None and any(same_person(actor, x) for x in
                                            (original.decided_by, original.confirmed_by, original.pending_by)):
                raise PermissionDenied(f"{'an appeal' if case.kind is CaseKind.APPEAL else 'a QA re-review'} is "
                                       "decided by a reviewer other than the one who decided the case")
        if case.kind is CaseKind.QA and verdict is not Verdict.ESCALATE and (actions or register_owner):
            raise InvalidArgument("a QA re-review records a verdict only (no actions, no owner registration)")
        if register_owner:
            if case.kind is not CaseKind.SCREENING or not case.entity_id:
                raise InvalidArgument("register_owner needs a screening case about a protected entity")
            if not case.snapshot.get("subject", {}).get("uscc"):
                raise InvalidArgument("register_owner needs the profile's unified social credit code")
        if case.kind is CaseKind.CREDENTIAL and verdict is Verdict.REJECT and actions:
            raise InvalidArgument("a credential case takes no account actions")
        decision = Decision(verdict, actor, now, reason_code, note, actions, register_owner, feedback)
        target = f"case:{row.id}"
        stamp = _ts(now)
        if verdict is Verdict.ESCALATE:
            return self._escalate(row, actor, stamp, {"reason_code": reason_code, "note": note[:200]})
        if case.status is CaseStatus.PENDING_SECOND:
            first = case.pending
            assert first is not None
            # the claim refuses the same actor; this also refuses the same person under another
            # identity (an API token and a console account of one name)
            if same_person(actor, first.reviewer):
                raise PermissionDenied("four-eyes: the second decision must come from another reviewer")
            if verdict is not first.verdict or register_owner != first.register_owner:
                return self._escalate(row, actor, stamp, {"disagrees_with": first.reviewer,
                                                          "first": first.verdict.value, "second": verdict.value,
                                                          "note": note[:200]})
            final = replace(first, note=(first.note + ("\n" + note if note else "")).strip(),
                            feedback=feedback or first.feedback)
            return self._finalise(row, final, confirmed_by=actor, valid_until=valid_until)
        if self.needs_second(case, decision):
            with self.store.db.transaction():
                if not self.repo.update(row.id, row.version, {
                        "status": CaseStatus.PENDING_SECOND.value, "pending": _decision_json(decision),
                        "pending_by": actor, "assignee": "", "lease_until": "", "updated_at": stamp}):
                    raise FailedPrecondition(f"case {case_id} changed meanwhile; reload it")
                fresh = self.repo.get(row.id)
                self._event(fresh, OutcomeKind.PENDING_SECOND, decision)
                self.store.audit.record(actor, "case.first_decision", target, self._audit_detail(decision))
            self._notify()
            return self.get(row.id)
        return self._finalise(row, decision, confirmed_by="", valid_until=valid_until)

    def _escalate(self, row: StoredCase, actor: str, stamp: str, detail: dict) -> Case:
        with self.store.db.transaction():
            if not self.repo.update(row.id, row.version, {
                    "status": CaseStatus.ESCALATED.value, "pending": "", "pending_by": "", "assignee": "",
                    "lease_until": "", "updated_at": stamp}):
                raise FailedPrecondition(f"case {row.id} changed meanwhile; reload it")
            fresh = self.repo.get(row.id)
            self._event(fresh, OutcomeKind.ESCALATED)
            self.store.audit.record(actor, "case.escalate", f"case:{row.id}", detail)
        self._notify()
        return self.get(row.id)

    def _finalise(self, row: StoredCase, decision: Decision, confirmed_by: str,
                  valid_until: dt.date | None = None) -> Case:
        """Writes the final decision (and, for a CREDENTIAL case, the verification's review in
        the same transaction), then applies the lexicon effects."""
        actor = confirmed_by or decision.reviewer
        stamp = _ts(self.now())
        effects: dict = {}
        with self.store.db.transaction():
            if not self.repo.update(row.id, row.version, {
                    "status": CaseStatus.DECIDED.value, "decision": _decision_json(decision),
                    "decided_by": decision.reviewer, "confirmed_by": confirmed_by, "pending": "",
                    "assignee": "", "lease_until": "", "updated_at": stamp, "decided_at": stamp}):
                raise FailedPrecondition(f"case {row.id} changed meanwhile; reload it")
            if row.kind == CaseKind.CREDENTIAL.value:
                effects.update(self._review_credential(row, decision, valid_until))
            fresh = self.repo.get(row.id)
            self._event(fresh, OutcomeKind.DECIDED, decision)
            detail = self._audit_detail(decision)
            if confirmed_by:
                detail["confirmed_by"] = confirmed_by
            self.store.audit.record(actor, "case.confirm" if confirmed_by else "case.decide", f"case:{row.id}",
                                    detail)
        self._notify()
        effects.update(self._lexicon_effects(row, decision, actor))
        if row.kind == CaseKind.QA.value:
            effects.update(self._qa_result(row, decision))
        if effects:
            with self.store.db.transaction():
                current = self.repo.get(row.id)
                self.repo.update(row.id, current.version, {"effects": json.dumps(effects, ensure_ascii=False,
                                                                                  sort_keys=True)})
                self.store.audit.record(actor, "case.effects", f"case:{row.id}", effects)
        if row.kind in (CaseKind.SCREENING.value, CaseKind.REPORT.value, CaseKind.CREDENTIAL.value) and \
                self.sampled_for_qa(row.id):
            self._open_qa(row, decision, confirmed_by)
        return self.get(row.id)

    # -- reviewer QA ---------------------------------------------------------------------------
    def sampled_for_qa(self, case_id: str) -> bool:
        """Whether a decided case is re-reviewed blind: a stable share ``review_qa_share`` of
        cases, chosen by the case id's hash (the same on every replica)."""
        share = self.settings.review_qa_share
        return share > 0 and int(hashlib.sha256(case_id.encode()).hexdigest()[:8], 16) < share * 0x1_0000_0000

    def _open_qa(self, row: StoredCase, decision: Decision, confirmed_by: str) -> None:
        """A QA case carries the original snapshot only; the original decision stays hidden
        from it (kept in the case row of the original, compared when the QA case is decided)."""
        try:
            self._open(dedupe_key("qa", row.id), CaseKind.QA, row.account_id, row.platform, row.category,
                       row.entity_id, json.loads(row.snapshot), row.lexicon_version, "qa-sampler", related=row.id)
        except ZhenweiError:  # pragma: no cover - QA sampling never blocks a decision
            log.exception("opening the QA case of %s failed", row.id)

    def _qa_result(self, row: StoredCase, decision: Decision) -> dict:
        original = self.repo.get(row.related_case_id)
        first = _decision_from(original.decision) if original is not None else None
        if first is None:
            return {}
        return {"qa_of": original.id, "original_reviewer": first.reviewer, "original_verdict": first.verdict.value,
                "qa_verdict": decision.verdict.value, "agrees": first.verdict is decision.verdict}

    def qa_agreement(self, since: dt.datetime | None = None) -> list[QaAgreement]:
        """Agreement of blind re-reviews with the original decisions, per original reviewer
        and category (decided QA cases, optionally only those decided since ``since``)."""
        stats: dict[tuple[str, str], list[int]] = {}
        after = None
        while True:
            rows = self.repo.list(statuses=[CaseStatus.DECIDED.value], kind=CaseKind.QA.value, after=after,
                                  limit=500)
            for r in rows:
                if since is not None and r.decided_at < _ts(since):
                    continue
                eff = json.loads(r.effects or "{}")
                if "agrees" not in eff:
                    continue
                cell = stats.setdefault((eff["original_reviewer"], r.category), [0, 0])
                cell[0] += 1
                cell[1] += int(bool(eff["agrees"]))
            if len(rows) < 500:
                break
            after = (rows[-1].created_at, rows[-1].id)
        return [QaAgreement(rev, cat, n, ok) for (rev, cat), (n, ok) in sorted(stats.items())]

    def _review_credential(self, row: StoredCase, decision: Decision, valid_until: dt.date | None) -> dict:
        if self.verifier is None:
            raise FailedPrecondition("credential cases need the credential verifier")
        snapshot = json.loads(row.snapshot)
        v = self.verifier.review(snapshot["verification_id"], decision.verdict is Verdict.APPROVE,
                                 decision.reviewer, decision.note, valid_until)
        return {"verification_id": v.id, "verification_status": v.status.value}

    def _lexicon_effects(self, row: StoredCase, decision: Decision, actor: str) -> dict:
        """Closed names (REJECT + close/forbid re-registration), owner registration (APPROVE),
        and the closed name's removal when an appeal against it is upheld."""
        effects: dict = {}
        if self.lexicon_admin is None:
            return effects
        snapshot = json.loads(row.snapshot)
        kind = CaseKind(row.kind)
        if decision.verdict is Verdict.REJECT and CLOSING_ACTIONS & set(decision.actions) and \
                kind in (CaseKind.SCREENING, CaseKind.REPORT):
            name = (snapshot.get("name") or "").strip()
            if name:
                try:
                    closed_id, version = self.lexicon_admin.add_closed(
                        name, row.account_id, f"case {row.id}: {decision.reason_code or 'rejected'}"[:500], actor)
                    effects["closed_id"] = closed_id
                    effects["lexicon_version"] = version
                except ZhenweiError as exc:  # a name too short or an ordinary word cannot be a closed name
                    effects["closed_name_refused"] = str(exc)[:300]
        if decision.verdict is Verdict.APPROVE and decision.register_owner and kind is CaseKind.SCREENING:
            uscc = snapshot.get("subject", {}).get("uscc", "")
            try:
                _, version = self.lexicon_admin.add_owner(row.entity_id, uscc, actor)
                effects["owner_registered"] = {"entity_id": row.entity_id, "uscc": uscc}
                effects["lexicon_version"] = version
            except ZhenweiError as exc:
                effects["owner_refused"] = str(exc)[:300]
        if decision.verdict is Verdict.APPROVE and kind is CaseKind.APPEAL:
            closed_id = snapshot.get("original", {}).get("effects", {}).get("closed_id")
            if closed_id:
                try:
                    self.lexicon_admin.remove_closed(closed_id, f"appeal {row.id} upheld", actor)
                    effects["closed_removed"] = closed_id
                except ZhenweiError as exc:
                    effects["closed_remove_refused"] = str(exc)[:300]
        return effects

    @staticmethod
    def _audit_detail(d: Decision) -> dict:
        return {"verdict": d.verdict.value, "reason_code": d.reason_code, "note": d.note[:200],
                "actions": [a.value for a in d.actions], "register_owner": d.register_owner}

    # -- ReviewVerification (thin alias) -------------------------------------------------------
    def decide_verification(self, verification_id: str, approve: bool, actor: str, note: str = "",
                            valid_until: dt.date | None = None):
        """``CredentialService.ReviewVerification``: claims and decides the verification's
        CREDENTIAL case in one step (opening it first if it predates the review desk).
        Returns the verification."""
        if self.verifier is None:
            raise FailedPrecondition("credential review is not configured")
        self._check_actor(actor)
        v = self.verifier.get(verification_id)
        row = self.repo.by_verification(v.id)
        if row is None or row.status == CaseStatus.DECIDED.value:
            if v.status.value != "NEEDS_REVIEW":
                raise FailedPrecondition(f"verification {verification_id} is {v.status.value}, not NEEDS_REVIEW")
            if row is None:
                row_case = self.open_credential_case(v, actor)
                row = self.repo.get(row_case.id)
        case = self.claim(row.id, actor)
        try:
            self.decide(case.id, actor, Verdict.APPROVE if approve else Verdict.REJECT,
                        reason_code="REVIEW_APPROVED" if approve else "REVIEW_REJECTED", note=note,
                        valid_until=valid_until)
        except BaseException:
            try:
                self.release(case.id, actor)
            except ZhenweiError:
                pass
            raise
        return self.verifier.get(v.id)

    # -- outcome events ------------------------------------------------------------------------
    def _event(self, row: StoredCase, outcome: OutcomeKind, decision: Decision | None = None) -> None:
        self.repo.add_event(StoredOutcome(
            id=0, at=_ts(self.now()), case_id=row.id, kind=row.kind, outcome=outcome.value, status=row.status,
            account_id=row.account_id, platform=row.platform,
            verdict=decision.verdict.value if decision else "",
            actions=",".join(a.value for a in decision.actions) if decision else "",
            reason_code=decision.reason_code if decision else ""))

    def _notify(self) -> None:
        with self._events:
            self._generation += 1
            self._events.notify_all()

    @staticmethod
    def _cursor(text: str) -> int:
        if not text:
            return 0
        if not (text.isascii() and text.isdigit()) or len(text) > 18:
            raise InvalidArgument("malformed cursor (a decimal outcome cursor, or empty)")
        return int(text)

    def head_cursor(self) -> str:
        return str(self.repo.last_event_id())

    def events(self, after: str = "", limit: int = 100, platform: str | None = None,
               case_id: str = "") -> list[CaseOutcome]:
        return [self._outcome(e) for e in self.repo.events_after(self._cursor(after), min(max(limit, 1), 1000),
                                                                  platform, case_id)]

    def watch(self, after: str = "", follow: bool = True, active: Callable[[], bool] = lambda: True,
              poll_s: float = 0.5, platform: str | None = None, case_id: str = "") -> Iterator[CaseOutcome]:
        """Outcome events after ``after`` (a cursor from an earlier event; empty: from now on).
        With ``follow`` it waits for new ones (woken at once by this process, by polling every
        ``poll_s`` for other replicas') until ``active()`` is false or the service closes."""
        cursor = self._cursor(after) if after else self.repo.last_event_id()
        while not self._closed.is_set() and active():
            with self._events:
                seen = self._generation
            batch = self.repo.events_after(cursor, 100, platform, case_id)
            for e in batch:
                cursor = e.id
                yield self._outcome(e)
            if len(batch) == 100:
                continue
            if not follow:
                return
            with self._events:
                self._events.wait_for(lambda: self._generation != seen or self._closed.is_set(), poll_s)

    def close(self) -> None:
        self._closed.set()
        with self._events:
            self._events.notify_all()

    # -- conversions ---------------------------------------------------------------------------
    @staticmethod
    def _check_actor(actor: str) -> None:
        if not actor or not actor.strip():
            raise InvalidArgument("the acting reviewer is required")

    @staticmethod
    def _check_account(account_id: str) -> None:
        if not account_id or len(account_id) > MAX_ID or not account_id.isprintable():
            raise InvalidArgument(f"account_id is required (at most {MAX_ID} printable characters)")

    def _to_domain(self, r: StoredCase, now: dt.datetime | None = None) -> Case:
        now = now or self.now()
        deadline = _parse_ts(r.deadline_at)
        decided_at = _parse_ts(r.decided_at)
        overdue = deadline is not None and (decided_at or now) > deadline
        return Case(
            id=r.id, kind=CaseKind(r.kind), status=CaseStatus(r.status), account_id=r.account_id,
            platform=r.platform, category=r.category, entity_id=r.entity_id, snapshot=json.loads(r.snapshot),
            lexicon_version=r.lexicon_version, created_at=_parse_ts(r.created_at),
            updated_at=_parse_ts(r.updated_at), deadline_at=deadline, claimed_by=r.assignee,
            lease_until=_parse_ts(r.lease_until), pending=_decision_from(r.pending),
            decision=_decision_from(r.decision), confirmed_by=r.confirmed_by, effects=json.loads(r.effects or "{}"),
            related_case_id=r.related_case_id, overdue=overdue)

    @staticmethod
    def _outcome(e: StoredOutcome) -> CaseOutcome:
        return CaseOutcome(cursor=str(e.id), at=_parse_ts(e.at), case_id=e.case_id, kind=CaseKind(e.kind),
                           outcome=OutcomeKind(e.outcome), status=CaseStatus(e.status), account_id=e.account_id,
                           platform=e.platform, verdict=Verdict(e.verdict) if e.verdict else None,
                           actions=tuple(Action(a) for a in e.actions.split(",") if a),
                           reason_code=e.reason_code)
