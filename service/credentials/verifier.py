"""The credential verifier: submissions, publishing checks, re-checks, events, evidence.

Lifecycle of one verification (``service.credentials.models.Status``)::

    REQUIRES_INPUT ─┐
                    ├→ PROCESSING → NEEDS_REVIEW → VERIFIED | REJECTED
                    │            ↘ VERIFIED | REJECTED
    VERIFIED → EXPIRED | RECHECK_REQUIRED | REVOKED | SUSPENDED

A submission is checked in this order: holder name present (else REQUIRES_INPUT),
the type's domain equals the claimed domain (WRONG_DOMAIN), the number's format
(BAD_FORMAT / BAD_CHECKSUM / BAD_COMPONENT), the practice organisation's USCC if
given, then the registries in order: a number no registry lists is NEEDS_REVIEW,
never VERIFIED. A listed number must name the same holder (HOLDER_MISMATCH) and,
when both sides give one, the same organisation, and be valid, unrevoked and
unexpired in the registry.

A VERIFIED credential is re-checked at ``next_check_at = min(valid_until − 30 days,
verified_at + 12 months)`` by :meth:`CredentialVerifier.recheck_due`; expiry,
revocation and suspension end it, and an account left without a verified
credential in a domain gets a PUBLISHING_SUSPENDED event. Every status change is
an event, kept in the store and served in order by :meth:`CredentialVerifier.watch`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import unicodedata
import uuid
from dataclasses import replace
from typing import Callable, Iterator, Sequence

from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError

from service.credentials import uscc
from service.credentials.base import DOMAIN_TAGS, CredentialType, spec
from service.credentials.crypto import NumberCipher, cipher_for, mask, mask_name, new_dev_key
from service.credentials.models import (
    EventKind, Label, PublishingCheck, Reason, RecheckReport, Status, Submission, Verification, VerificationEvent,
)
from service.credentials.registries import LocalRegistry, Registry, RegistryRecord
from service.domain.errors import FailedPrecondition, InvalidArgument, NotFound, Unavailable
from service.domain.models import Domain
from service.store.credential_repo import StoredVerification

log = logging.getLogger("zhenwei.credentials")

#: How long before ``valid_until`` a credential is re-checked.
RECHECK_BEFORE_EXPIRY = dt.timedelta(days=30)
#: Re-checks are at most this many months apart.
RECHECK_MONTHS = 12
#: When a registry cannot answer a re-check, try again after this long.
RETRY_AFTER = dt.timedelta(days=1)
MAX_EVIDENCE = 5
MAX_NUMBER_CHARS = 64
MAX_NAME_CHARS = 128
MAX_IDEMPOTENCY_KEY_CHARS = 128
_IMAGE_MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"GIF87a", "image/gif"),
                (b"GIF89a", "image/gif"), (b"%PDF-", "application/pdf"))

_DOTS = str.maketrans({c: "·" for c in "•・･‧⋅∙●.．"})


def normalize_name(name: str) -> str:
    """Compares names as people write them: NFKC, no blanks, one middle dot, case-folded.

    >>> normalize_name(' 阿卜杜拉•买买提 ') == normalize_name('阿卜杜拉·买买提')
    True
    >>> normalize_name('张 三') == normalize_name('张三')
    True
    """
    text = unicodedata.normalize("NFKC", name or "").translate(_DOTS)
    return "".join(text.split()).casefold()


def _ts(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_ts(text: str) -> dt.datetime | None:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc) if text else None


def _parse_date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def add_months(value: dt.datetime, months: int) -> dt.datetime:
    """Same day ``months`` later (the last day of the month when that day does not exist).

    >>> add_months(dt.datetime(2024, 2, 29), 12)
    datetime.datetime(2025, 2, 28, 0, 0)
    """
    month = value.month - 1 + months
    year, month = value.year + month // 12, month % 12 + 1
    for day in (value.day, 30, 29, 28):
        try:
            return value.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def next_check_at(verified_at: dt.datetime, valid_until: dt.date | None, now: dt.datetime) -> dt.datetime:
    """``min(valid_until − 30 days, verified_at + 12 months)``, but never in the past.

    When that moment has already come (a credential verified within 30 days of its
    expiry), the next check is a day later or at expiry, whichever is first.
    """
    candidates = [add_months(verified_at, RECHECK_MONTHS)]
    expiry = None
    if valid_until is not None:
        # a "never expires" 9999-12-31 has no next day: cap it one day short (OverflowError otherwise)
        last = min(valid_until, dt.date.max - dt.timedelta(days=1))
        expiry = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), dt.timezone.utc)
        candidates.append(dt.datetime.combine(valid_until, dt.time(), dt.timezone.utc) - RECHECK_BEFORE_EXPIRY)
    due = min(candidates)
    if due <= now:
        due = now + RETRY_AFTER
        if expiry is not None:
            due = min(due, max(expiry, now))
    return due


def _sniff(content: bytes) -> str | None:
    for magic, kind in _IMAGE_MAGIC:
        if content.startswith(magic):
            return kind
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


def label_for(ctype: CredentialType) -> Label:
    s = spec(ctype)
    return Label(s.material_name, DOMAIN_TAGS[s.domain])


class CredentialVerifier:
    """Verifies professional credentials against registries; one per process.

    ``registries``: looked up in order (default: the embedded :class:`LocalRegistry`).
    ``clock``: returns the current UTC time (tests pass a fixed one).
    """

    def __init__(self, store, settings, registries: Sequence[Registry] | None = None,
                 clock: Callable[[], dt.datetime] | None = None):
        self.store = store
        self.settings = settings
        self._clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self.cipher: NumberCipher = cipher_for(
            settings.secret_key, lambda: store.credentials.dev_key(new_dev_key, _ts(self._clock())))
        self.local = LocalRegistry(store, self.cipher)
        self.registries: list[Registry] = list(registries) if registries is not None else [self.local]
        self._events = threading.Condition()
        self._generation = 0  # bumped by every _notify, so a watcher never misses a wake-up
        self._closed = threading.Event()
        #: Called with each verification that a submission leaves NEEDS_REVIEW (the review desk
        #: opens a CREDENTIAL case); a listener's failure is logged, never the submitter's.
        self.on_needs_review: list[Callable[[Verification], None]] = []

    def now(self) -> dt.datetime:
        return self._clock()

    # -- submission ----------------------------------------------------------------------------
    def submit(self, sub: Submission, reveal_names: bool = True) -> Verification:
        """Verifies one submission and returns its verification (already in its final status).

        ``sub.platform`` scopes the verification and its events; with ``sub.idempotency_key``
        a repeated submission (same platform and key) returns the first one's verification
        and stores nothing. ``reveal_names``: False masks the holder name in the answer.
        """
        self._check_request(sub)
        s = spec(sub.ctype)
        module = s.module
        try:
            compact = module.compact(sub.number)
        except ValidationError:
            compact = sub.number.strip()
        request_hash = self._request_hash(sub, compact)
        if sub.idempotency_key:
            prior = self.store.credentials.by_idempotency_key(sub.platform, sub.idempotency_key)
            if prior is not None:
                return self._replay(prior, request_hash, reveal_names)
        now = self.now()
        stamp = _ts(now)
        initial = Status.REQUIRES_INPUT if not sub.holder_name.strip() else Status.PROCESSING
        row = StoredVerification(
            id=uuid.uuid4().hex, account_id=sub.account_id, domain=sub.domain.value, ctype=sub.ctype.value,
            number_hash=self.cipher.keyed_hash(sub.ctype.value, compact),
            number_enc=self.cipher.encrypt(sub.ctype.value, compact), number_masked=mask(compact),
            holder_name=sub.holder_name.strip(), organization_name=sub.organization_name.strip(),
            organization_uscc=sub.organization_uscc.strip().upper(), status=initial.value,
            reason=(Reason.MISSING_HOLDER_NAME if initial is Status.REQUIRES_INPUT else Reason.NONE).value,
            detail="", registry="", created_at=stamp, updated_at=stamp, verified_at="", valid_until="",
            next_check_at="", platform=sub.platform, idempotency_key=sub.idempotency_key,
            request_hash=request_hash)
        evidence = [(_sniff(e.content) or "", hashlib.sha256(e.content).hexdigest(), e.content)
                    for e in sub.evidence]
        expires = _ts(now + dt.timedelta(days=self.settings.evidence_retention_days))
        if initial is Status.REQUIRES_INPUT:
            if not self._store_new(row, evidence, stamp, expires, EventKind.REQUIRES_INPUT):
                return self._replay_key(sub, request_hash, reveal_names)
            return self._to_domain(row, reveal_names)
        # A remote registry may take seconds to answer: the submission is stored as
        # PROCESSING first, so GetVerification shows it meanwhile. Embedded lookups are
        # sub-millisecond, and the row is then written once, in its final status.
        stored_early = any(not isinstance(r, LocalRegistry) for r in self.registries)
        if stored_early and not self._store_new(row, evidence, stamp, expires, None):
            return self._replay_key(sub, request_hash, reveal_names)
        status, reason, detail, record = self._decide(sub, compact, now)
        try:
            with self.store.db.transaction():
                if status is Status.VERIFIED:
                    # the other-holder check and the write are one transaction, serialised per
                    # number: of N accounts submitting one number at once, one ends VERIFIED
                    self.store.credentials.lock_number(row.ctype, row.number_hash)
                    if self._other_holders(row):
                        status, reason, detail = (Status.NEEDS_REVIEW, Reason.CLAIMED_BY_OTHER_ACCOUNT,
                                                  "another account holds a verified credential with this number")
                final = self._with(row, status, reason, detail, now, record)
                if stored_early:
                    self.store.credentials.update_verification(final)
                else:
                    self._insert(final, evidence, stamp, expires)
                # the event row is the record of a submission (the audit log keeps people's decisions)
                self._event(final, EventKind(status.value), stamp)
                if status is Status.NEEDS_REVIEW:
                    # its review case commits with it (a kill between the two lost the case): a
                    # failure rolls the whole submission back and the caller retries with its key
                    for listener in self.on_needs_review:
                        listener(self._to_domain(final))
        except Exception as exc:
            if sub.idempotency_key and self.store.db.is_integrity_error(exc):
                return self._replay_key(sub, request_hash, reveal_names)  # a concurrent retry won
            raise
        self._notify()
        log.info("credential %s %s for account %s: %s (%s)", sub.ctype.value, final.number_masked, sub.account_id,
                 status.value, reason.value)
        return self._to_domain(final, reveal_names)

    def _other_holders(self, row: StoredVerification) -> list[str]:
        """Other accounts of the row's platform holding its number VERIFIED (call under ``lock_number``)."""
        return [a for a in self.store.credentials.verified_holders_of(row.ctype, row.number_hash, row.platform)
                if a != row.account_id]

    def _request_hash(self, sub: Submission, compact: str) -> str:
        """Keyed hash of what was submitted: tells a retry from a different request under one key."""
        fields = (sub.account_id, sub.domain.value, sub.ctype.value, compact, sub.holder_name.strip(),
                  sub.organization_name.strip(), sub.organization_uscc.strip().upper(),
                  *(hashlib.sha256(e.content).hexdigest() for e in sub.evidence))
        return self.cipher.keyed_hash("submission", "\x1f".join(fields))

    def _replay(self, prior: StoredVerification, request_hash: str, reveal_names: bool) -> Verification:
        if prior.request_hash != request_hash:
            raise InvalidArgument("idempotency_key was already used for a different submission")
        if prior.status == Status.NEEDS_REVIEW.value:
            # a verification stored before its case was opened in the same transaction may have
            # lost it with the process: opening is idempotent (one case per verification)
            for listener in self.on_needs_review:
                listener(self._to_domain(prior))
        return self._to_domain(prior, reveal_names)

    def _replay_key(self, sub: Submission, request_hash: str, reveal_names: bool) -> Verification:
        prior = self.store.credentials.by_idempotency_key(sub.platform, sub.idempotency_key)
        if prior is None:  # pragma: no cover - the conflicting row committed before we looked
            raise Unavailable("a concurrent submission with this idempotency_key did not finish; retry")
        return self._replay(prior, request_hash, reveal_names)

    def _insert(self, row: StoredVerification, evidence: list, stamp: str, expires: str) -> None:
        self.store.credentials.insert_verification(row)
        if evidence:
            self.store.credentials.add_evidence(row.id, evidence, stamp, expires)

    def _store_new(self, row: StoredVerification, evidence: list, stamp: str, expires: str,
                   event: EventKind | None) -> bool:
        """Inserts a new verification; False when its idempotency key is taken (nothing stored)."""
        try:
            with self.store.db.transaction():
                self._insert(row, evidence, stamp, expires)
                if event is not None:
                    self._event(row, event, stamp)
        except Exception as exc:
            if row.idempotency_key and self.store.db.is_integrity_error(exc):
                return False
            raise
        if event is not None:
            self._notify()
        return True

    def _check_request(self, sub: Submission) -> None:
        if not sub.account_id or len(sub.account_id) > MAX_NAME_CHARS:
            raise InvalidArgument(f"account_id is required (at most {MAX_NAME_CHARS} characters)")
        if not isinstance(sub.domain, Domain):
            raise InvalidArgument("domain is required (FINANCE, EDUCATION, MEDICAL or LEGAL)")
        if not isinstance(sub.ctype, CredentialType):
            raise InvalidArgument("credential type is required")
        if not sub.number or not sub.number.strip():
            raise InvalidArgument("the credential number is required")
        if len(sub.number) > MAX_NUMBER_CHARS:
            raise InvalidArgument(f"the credential number is over {MAX_NUMBER_CHARS} characters")
        for what, value in (("holder_name", sub.holder_name), ("organization_name", sub.organization_name)):
            if len(value) > MAX_NAME_CHARS:
                raise InvalidArgument(f"{what} is over {MAX_NAME_CHARS} characters")
        if len(sub.organization_uscc) > MAX_NUMBER_CHARS:
            raise InvalidArgument(f"organization USCC is over {MAX_NUMBER_CHARS} characters")
        if len(sub.idempotency_key) > MAX_IDEMPOTENCY_KEY_CHARS or not sub.idempotency_key.isprintable():
            raise InvalidArgument(f"idempotency_key is over {MAX_IDEMPOTENCY_KEY_CHARS} characters or not printable")
        if len(sub.evidence) > MAX_EVIDENCE:
            raise InvalidArgument(f"at most {MAX_EVIDENCE} evidence images")
        for i, e in enumerate(sub.evidence):
            if not e.content or len(e.content) > self.settings.max_avatar_bytes:
                raise InvalidArgument(f"evidence {i}: empty or over {self.settings.max_avatar_bytes} bytes")
            if _sniff(e.content) is None:
                raise InvalidArgument(f"evidence {i}: not a JPEG, PNG, WebP, GIF or PDF file")

    def _decide(self, sub: Submission, compact: str, now: dt.datetime
                ) -> tuple[Status, Reason, str, RegistryRecord | None]:
        s = spec(sub.ctype)
        if s.domain is not sub.domain:
            return (Status.REJECTED, Reason.WRONG_DOMAIN,
                    f"a {s.name} qualifies for {s.domain.value}, not {sub.domain.value}", None)
        try:
            number = s.module.validate(sub.number)
        except InvalidChecksum as exc:
            return Status.REJECTED, Reason.BAD_CHECKSUM, str(exc), None
        except InvalidComponent as exc:
            return Status.REJECTED, Reason.BAD_COMPONENT, str(exc), None
        except ValidationError as exc:
            return Status.REJECTED, Reason.BAD_FORMAT, f"{type(exc).__name__}: {exc}", None
        if sub.organization_uscc:
            try:
                uscc.validate(sub.organization_uscc)
            except ValidationError as exc:
                return (Status.REJECTED, Reason.BAD_ORGANIZATION_CODE,
                        f"organization USCC: {type(exc).__name__}: {exc}", None)
        record, unavailable = self._lookup(sub.ctype, number)
        if record is None:
            if unavailable:
                return (Status.NEEDS_REVIEW, Reason.REGISTRY_UNAVAILABLE,
                        f"registry unavailable: {', '.join(unavailable)}", None)
            return Status.NEEDS_REVIEW, Reason.NOT_IN_REGISTRY, "the number is not listed in any registry", None
        status, reason, detail = self._judge(record, sub.holder_name, sub.organization_name, now)
        # a VERIFIED outcome is still subject to the other-holder check, made by submit() in
        # the transaction that writes it
        return status, reason, detail, record

    def _lookup(self, ctype: CredentialType, number: str) -> tuple[RegistryRecord | None, list[str]]:
        unavailable = []
        for registry in self.registries:
            try:
                record = registry.lookup(ctype, number)
            except Unavailable:
                unavailable.append(registry.name)
                continue
            if record is not None:
                return record, unavailable
        return None, unavailable

    @staticmethod
    def _judge(record: RegistryRecord, holder_name: str, organization_name: str, now: dt.datetime
               ) -> tuple[Status, Reason, str]:
        if normalize_name(record.holder_name) != normalize_name(holder_name):
            return Status.REJECTED, Reason.HOLDER_MISMATCH, "the registry names a different holder"
        if organization_name and record.organization and \
                normalize_name(record.organization) != normalize_name(organization_name):
            return Status.REJECTED, Reason.ORGANIZATION_MISMATCH, "the registry names a different organisation"
        if record.status == "revoked":
            return Status.REJECTED, Reason.REVOKED_IN_REGISTRY, "revoked in the registry"
        if record.status == "suspended":
            return Status.REJECTED, Reason.SUSPENDED_IN_REGISTRY, "suspended in the registry"
        if record.valid_until is not None and record.valid_until < now.date():
            return Status.REJECTED, Reason.EXPIRED, f"expired on {record.valid_until.isoformat()}"
        return Status.VERIFIED, Reason.REGISTRY_MATCH, f"confirmed by {record.source}"

    def _with(self, row: StoredVerification, status: Status, reason: Reason, detail: str, now: dt.datetime,
              record: RegistryRecord | None = None, registry: str | None = None) -> StoredVerification:
        changes = dict(status=status.value, reason=reason.value, detail=detail[:500], updated_at=_ts(now))
        if record is not None:
            changes["registry"] = record.source
            changes["valid_until"] = record.valid_until.isoformat() if record.valid_until else ""
        elif registry is not None:
            changes["registry"] = registry
        if status is Status.VERIFIED:
            verified_at = now if row.status != Status.VERIFIED.value else _parse_ts(row.verified_at) or now
            changes["verified_at"] = _ts(verified_at)
            changes["next_check_at"] = _ts(next_check_at(
                now, _parse_date(changes.get("valid_until", row.valid_until)), now))
        else:
            changes["next_check_at"] = ""
        return replace(row, **changes)

    # -- review --------------------------------------------------------------------------------
    def review(self, verification_id: str, approve: bool, reviewer: str, note: str = "",
               valid_until: dt.date | None = None) -> Verification:
        """A reviewer's decision on a NEEDS_REVIEW verification (VERIFIED or REJECTED).

        ``reviewer`` is the authenticated reviewer's audit name (never a request field).
        Approval is refused (FailedPrecondition) while another account of the same platform
        holds the number VERIFIED: one number, one verified account.
        """
        if not reviewer:
            raise InvalidArgument("reviewer is required")
        row = self._get_row(verification_id)
        if row.status != Status.NEEDS_REVIEW.value:
            raise FailedPrecondition(f"verification {verification_id} is {row.status}, not NEEDS_REVIEW")
        now = self.now()
        if approve and valid_until is not None and valid_until < now.date():
            raise InvalidArgument("valid_until is in the past")
        if approve:
            record = RegistryRecord(row.holder_name, row.organization_name, "valid", valid_until, f"review:{reviewer}")
            final = self._with(row, Status.VERIFIED, Reason.REVIEW_APPROVED, note or "approved by a reviewer", now,
                               record)
        else:
            final = self._with(row, Status.REJECTED, Reason.REVIEW_REJECTED, note or "rejected by a reviewer", now,
                               registry=f"review:{reviewer}")
        with self.store.db.transaction():
            if approve:
                self.store.credentials.lock_number(row.ctype, row.number_hash)
                if self._other_holders(row):
                    raise FailedPrecondition("another account holds a verified credential with this number; "
                                             "it cannot be approved for a second account")
            if not self.store.credentials.update_verification(final, expected_status=Status.NEEDS_REVIEW.value):
                raise FailedPrecondition(f"verification {verification_id} changed meanwhile")
            self._event(final, EventKind(final.status), final.updated_at)
            self.store.audit.record(reviewer, "credential.review", f"credential:{final.id}",
                                    {"approve": approve, "note": note[:200], "number": final.number_masked})
        self._notify()
        return self._to_domain(final)

    # -- reads ---------------------------------------------------------------------------------
    def _get_row(self, verification_id: str, platform: str | None = None) -> StoredVerification:
        if not verification_id:
            raise InvalidArgument("verification_id is required")
        if len(verification_id) > 64:
            raise InvalidArgument("verification_id is over 64 characters")
        row = self.store.credentials.get_verification(verification_id)
        if row is None or (platform is not None and row.platform != platform):
            raise NotFound("no such verification")  # another platform's looks the same as none
        return row

    def get(self, verification_id: str, platform: str | None = None, reveal_names: bool = True) -> Verification:
        """One verification; ``platform``: the caller's scope (None: every platform)."""
        return self._to_domain(self._get_row(verification_id, platform), reveal_names)

    def verified_domains(self, account_id: str, platform: str | None = None) -> frozenset[Domain]:
        """Domains in which the account holds a VERIFIED, unexpired credential (of ``platform``, if given)."""
        if not account_id:
            return frozenset()
        today = self.now().date().isoformat()
        return frozenset(Domain(d) for d, valid_until, _ in self.store.credentials.verified_for(account_id, platform)
                         if not valid_until or valid_until >= today)

    def check_publishing(self, account_id: str, domain: Domain, platform: str | None = None) -> PublishingCheck:
        """May the account publish in ``domain``? With the label to show when it may.

        ``platform``: answer from that platform's verifications only (None: every platform).
        """
        if not account_id or len(account_id) > MAX_NAME_CHARS:
            raise InvalidArgument(f"account_id is required (at most {MAX_NAME_CHARS} characters)")
        if not isinstance(domain, Domain):
            raise InvalidArgument("domain is required (FINANCE, EDUCATION, MEDICAL or LEGAL)")
        today = self.now().date()
        rows = self.store.credentials.verifications_for(account_id, domain.value, platform)
        live = [r for r in rows if r.status == Status.VERIFIED.value
                and (not r.valid_until or _parse_date(r.valid_until) >= today)]
        # the longest-lived credential: no expiry first, then the latest valid_until
        best = max(live, key=lambda r: (not r.valid_until, r.valid_until), default=None)
        if best is not None:
            return PublishingCheck(account_id, domain, True, label_for(CredentialType(best.ctype)),
                                   Reason(best.reason), _parse_date(best.valid_until), best.id)
        if not rows:
            return PublishingCheck(account_id, domain, False, None, Reason.NO_CREDENTIAL, None)
        latest = rows[0]
        reason = Reason(latest.reason)
        if latest.status == Status.VERIFIED.value:  # verified, but its validity ran out before a re-check
            reason = Reason.EXPIRED
        return PublishingCheck(account_id, domain, False, None, reason, _parse_date(latest.valid_until), latest.id)

    # -- re-checks -----------------------------------------------------------------------------
    def recheck_due(self, now: dt.datetime | None = None, limit: int = 1000) -> RecheckReport:
        """Re-checks VERIFIED credentials whose ``next_check_at`` has come or whose validity ended.

        Called by the batch re-check job and ``zhenwei credentials recheck``.
        """
        now = now or self.now()
        report = RecheckReport()
        for row in self.store.credentials.due(_ts(now), now.date().isoformat(), limit):
            report.checked += 1
            ctype = CredentialType(row.ctype)
            until = _parse_date(row.valid_until)
            if until is not None and until < now.date():
                self._transition(row, Status.EXPIRED, Reason.EXPIRED, f"expired on {until.isoformat()}", now)
                report.expired += 1
                continue
            number = self.cipher.decrypt(row.ctype, row.number_enc)
            record, unavailable = self._lookup(ctype, number)
            if record is None and unavailable:
                retry_at = now + RETRY_AFTER
                if until is not None:
                    until = min(until, dt.date.max - dt.timedelta(days=1))  # 9999-12-31 has no next day
                    retry_at = min(retry_at, dt.datetime.combine(until + dt.timedelta(days=1), dt.time(),
                                                                 dt.timezone.utc))
                retry = replace(row, next_check_at=_ts(retry_at), updated_at=_ts(now))
                self.store.credentials.update_verification(retry, expected_status=Status.VERIFIED.value)
                report.unavailable += 1
                continue
            if record is None:
                self._transition(row, Status.RECHECK_REQUIRED, Reason.NOT_IN_REGISTRY,
                                 "no longer listed in any registry", now)
                report.recheck_required += 1
                continue
            status, reason, detail = self._judge(record, row.holder_name, row.organization_name, now)
            if status is Status.VERIFIED:
                # still valid: the verification keeps its reason and first verified_at
                fresh = self._with(row, Status.VERIFIED, Reason(row.reason), f"re-checked: {detail}", now, record)
                self.store.credentials.update_verification(fresh, expected_status=Status.VERIFIED.value)
                report.still_valid += 1
            elif reason is Reason.REVOKED_IN_REGISTRY:
                self._transition(row, Status.REVOKED, reason, detail, now, record)
                report.revoked += 1
            elif reason is Reason.SUSPENDED_IN_REGISTRY:
                self._transition(row, Status.SUSPENDED, reason, detail, now, record)
                report.suspended += 1
            elif reason is Reason.EXPIRED:
                self._transition(row, Status.EXPIRED, reason, detail, now, record)
                report.expired += 1
            else:
                self._transition(row, Status.RECHECK_REQUIRED, reason, detail, now, record)
                report.recheck_required += 1
        if report.checked:
            log.info("credential re-check: %s", report.summary())
        return report

    def _transition(self, row: StoredVerification, status: Status, reason: Reason, detail: str, now: dt.datetime,
                    record: RegistryRecord | None = None) -> None:
        """Ends a VERIFIED credential; suspends the domain if it was the account's last one there."""
        final = self._with(row, status, reason, detail, now, record)
        stamp = _ts(now)
        with self.store.db.transaction():
            if not self.store.credentials.update_verification(final, expected_status=Status.VERIFIED.value):
                return  # changed by another replica meanwhile
            self._event(final, EventKind(status.value), stamp)
            today = now.date().isoformat()
            still = [d for d, valid_until, vid in self.store.credentials.verified_for(row.account_id)
                     if d == row.domain and vid != row.id and (not valid_until or valid_until >= today)]
            if not still:
                self._event(final, EventKind.PUBLISHING_SUSPENDED, stamp)
            self.store.audit.record("recheck", f"credential.{status.value.lower()}", f"credential:{row.id}",
                                    {"reason": reason.value, "number": row.number_masked})
        self._notify()
        log.info("credential %s %s of account %s: %s (%s)", row.ctype, row.number_masked, row.account_id,
                 status.value, reason.value)

    # -- evidence ------------------------------------------------------------------------------
    def purge_evidence(self, now: dt.datetime | None = None) -> int:
        """Deletes evidence images past their retention period; returns how many."""
        removed = self.store.credentials.purge_evidence(_ts(now or self.now()))
        if removed:
            log.info("purged %d evidence image(s) past retention", removed)
        return removed

    # -- events --------------------------------------------------------------------------------
    def _event(self, row: StoredVerification, kind: EventKind, stamp: str) -> None:
        self.store.credentials.add_event(stamp, row, kind.value)

    def _notify(self) -> None:
        """Wakes :meth:`watch` loops; call after the transaction that added events commits."""
        with self._events:
            self._generation += 1
            self._events.notify_all()

    def events(self, after: str = "", account_id: str = "", limit: int = 100,
               platform: str | None = None) -> list[VerificationEvent]:
        cursor = self._cursor(after)
        return [self._event_to_domain(e)
                for e in self.store.credentials.events_after(cursor, account_id, limit, platform)]

    def head_cursor(self) -> str:
        """The cursor of the latest event ("0" when there is none)."""
        return str(self.store.credentials.last_event_id())

    @staticmethod
    def _cursor(text: str) -> int:
        if not text:
            return 0
        try:
            value = int(text)
        except ValueError:
            raise InvalidArgument("malformed cursor (a decimal event cursor, or empty)") from None
        if value < 0:
            raise InvalidArgument("malformed cursor")
        return value

    def watch(self, after: str = "", account_id: str = "", follow: bool = True,
              active: Callable[[], bool] = lambda: True, poll_s: float = 0.5,
              platform: str | None = None) -> Iterator[VerificationEvent]:
        """Events after ``after`` (a cursor from an earlier event; empty: only events from now on).

        ``platform``: only that platform's events (None: every platform's).

        With ``follow`` it keeps waiting for new events (woken at once by events of this
        process, by polling the store every ``poll_s`` for other replicas') until
        ``active()`` turns false or the verifier is closed; without, it ends at the
        last stored event.
        """
        cursor = self._cursor(after) if after else self.store.credentials.last_event_id()
        while not self._closed.is_set() and active():
            with self._events:
                seen = self._generation
            batch = self.store.credentials.events_after(cursor, account_id, 100, platform)
            for e in batch:
                cursor = e.id
                yield self._event_to_domain(e)
            if len(batch) == 100:
                continue
            if not follow:
                return
            with self._events:
                # an event committed while the store was read has bumped the generation: read again
                self._events.wait_for(lambda: self._generation != seen or self._closed.is_set(), poll_s)

    def close(self) -> None:
        """Ends every :meth:`watch` loop (server stop)."""
        self._closed.set()
        with self._events:
            self._events.notify_all()

    # -- conversions ---------------------------------------------------------------------------
    @staticmethod
    def _to_domain(row: StoredVerification, reveal_names: bool = True) -> Verification:
        """The domain view of a row: the label only when VERIFIED; the holder name masked
        unless ``reveal_names``."""
        ctype = CredentialType(row.ctype)
        status = Status(row.status)
        return Verification(
            id=row.id, account_id=row.account_id, domain=Domain(row.domain), ctype=ctype,
            number_masked=row.number_masked,
            holder_name=row.holder_name if reveal_names else mask_name(row.holder_name),
            organization_name=row.organization_name, status=status, reason=Reason(row.reason), detail=row.detail,
            label=label_for(ctype) if status is Status.VERIFIED else None,
            registry=row.registry, created_at=_parse_ts(row.created_at), updated_at=_parse_ts(row.updated_at),
            verified_at=_parse_ts(row.verified_at), valid_until=_parse_date(row.valid_until),
            next_check_at=_parse_ts(row.next_check_at), platform=row.platform)

    @staticmethod
    def _event_to_domain(e) -> VerificationEvent:
        return VerificationEvent(str(e.id), _parse_ts(e.at), e.verification_id, e.account_id, Domain(e.domain),
                                 CredentialType(e.ctype), EventKind(e.kind), Status(e.status), Reason(e.reason),
                                 e.platform)
