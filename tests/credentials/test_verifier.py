"""CredentialVerifier over SQLite and PostgreSQL: statuses, reasons, re-checks, events, privacy."""
from __future__ import annotations

import datetime as dt
import logging
import threading

import pytest

from conftest import roster
from service.config import Settings
from service.credentials import crypto
from service.credentials.base import CredentialType as T
from service.credentials.models import EventKind, Evidence, Reason, Status, Submission
from service.credentials.registries import RegistryRecord
from service.credentials.verifier import CredentialVerifier, add_months, next_check_at
from service.domain.errors import FailedPrecondition, InvalidArgument, NotFound, Unavailable
from service.domain.models import Domain

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def sub(number="110110101000218", holder="张三", account="acc-1", domain=Domain.MEDICAL,
        ctype=T.CN_PHYSICIAN_LICENSE, **kw):
    return Submission(account_id=account, domain=domain, ctype=ctype, number=number, holder_name=holder, **kw)


def test_verified_with_label_and_next_check(physicians, clock):
    v = physicians.submit(sub(number="1101-1010-1000-218", holder=" 张 三 "))
    assert (v.status, v.reason) == (Status.VERIFIED, Reason.REGISTRY_MATCH)
    assert v.label.material_name == "执业医师" and v.label.domain_tag == "医疗卫生"
    assert v.number_masked == "110*********218"
    assert v.valid_until == dt.date(2030, 12, 31)
    assert v.verified_at == clock.now
    # min(2030-12-31 − 30 days, verified_at + 12 months) = verified_at + 12 months
    assert v.next_check_at == dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.timezone.utc)
    assert physicians.get(v.id) == v


def test_next_check_is_30_days_before_expiry_when_that_comes_first(physicians, clock):
    physicians.local.import_roster(T.CN_PHYSICIAN_LICENSE, roster("110110101000230,周九,,valid,2026-09-30"), "r2")
    v = physicians.submit(sub(number="110110101000230", holder="周九"))
    assert v.next_check_at == dt.datetime(2026, 8, 31, tzinfo=dt.timezone.utc)


def test_next_check_formula_edges():
    now = dt.datetime(2026, 3, 1, 8, tzinfo=dt.timezone.utc)
    assert next_check_at(now, None, now) == dt.datetime(2027, 3, 1, 8, tzinfo=dt.timezone.utc)
    # within 30 days of expiry: a day later, but never after expiry
    assert next_check_at(now, dt.date(2026, 3, 20), now) == now + dt.timedelta(days=1)
    assert next_check_at(now, dt.date(2026, 3, 1), now) == dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)
    assert add_months(dt.datetime(2024, 1, 31), 1) == dt.datetime(2024, 2, 29)


@pytest.mark.parametrize("kwargs,status,reason", [
    (dict(holder="张四"), Status.REJECTED, Reason.HOLDER_MISMATCH),
    (dict(number="110110101000219", holder="李四"), Status.REJECTED, Reason.REVOKED_IN_REGISTRY),
    (dict(number="110110101000220", holder="王五"), Status.REJECTED, Reason.SUSPENDED_IN_REGISTRY),
    (dict(number="110110101000221", holder="赵六"), Status.REJECTED, Reason.EXPIRED),
    (dict(number="110110101000299", holder="张三"), Status.NEEDS_REVIEW, Reason.NOT_IN_REGISTRY),
    (dict(domain=Domain.LEGAL), Status.REJECTED, Reason.WRONG_DOMAIN),
    (dict(number="11011010100021"), Status.REJECTED, Reason.BAD_FORMAT),
    (dict(ctype=T.CN_PHYSICIAN_QUALIFICATION, number="200511111110105194912310021"),
     Status.REJECTED, Reason.BAD_CHECKSUM),
    (dict(ctype=T.CN_PHYSICIAN_QUALIFICATION, number="20059911111010519491231002X"),
     Status.REJECTED, Reason.BAD_COMPONENT),
    (dict(organization_uscc="91110000600037341A"), Status.REJECTED, Reason.BAD_ORGANIZATION_CODE),
    (dict(organization_name="某民营医院"), Status.REJECTED, Reason.ORGANIZATION_MISMATCH),
    (dict(holder=""), Status.REQUIRES_INPUT, Reason.MISSING_HOLDER_NAME),
])
def test_outcomes(physicians, kwargs, status, reason):
    v = physicians.submit(sub(**kwargs))
    assert (v.status, v.reason) == (status, reason), v.detail
    assert physicians.verified_domains("acc-1") == frozenset()
    assert not physicians.check_publishing("acc-1", Domain.MEDICAL).allowed


def test_matching_organisation_and_uscc_are_accepted(physicians):
    v = physicians.submit(sub(organization_name="北京协和医院", organization_uscc="91110000600037341L"))
    assert v.status is Status.VERIFIED


@pytest.mark.parametrize("kwargs", [
    dict(account=""), dict(number=" "), dict(number="1" * 65), dict(domain=None), dict(ctype=None),
    dict(evidence=(Evidence(b"not an image"),)), dict(evidence=(Evidence(PNG),) * 6),
])
def test_malformed_requests_are_invalid_argument(verifier, kwargs):
    with pytest.raises(InvalidArgument):
        verifier.submit(sub(**kwargs))


def test_check_publishing_and_verified_domains_agree(physicians):
    before = physicians.check_publishing("acc-1", Domain.MEDICAL)
    assert not before.allowed and before.reason is Reason.NO_CREDENTIAL and before.label is None
    v = physicians.submit(sub())
    check = physicians.check_publishing("acc-1", Domain.MEDICAL)
    assert check.allowed and check.label.material_name == "执业医师" and check.valid_until == dt.date(2030, 12, 31)
    assert check.verification_id == v.id and check.reason is Reason.REGISTRY_MATCH
    assert physicians.verified_domains("acc-1") == frozenset({Domain.MEDICAL})
    assert not physicians.check_publishing("acc-1", Domain.LEGAL).allowed
    assert physicians.verified_domains("acc-2") == frozenset()


def test_same_number_verified_for_another_account_needs_review(physicians):
    assert physicians.submit(sub()).status is Status.VERIFIED
    v = physicians.submit(sub(account="acc-impostor"))
    assert (v.status, v.reason) == (Status.NEEDS_REVIEW, Reason.CLAIMED_BY_OTHER_ACCOUNT)


def test_expiry_fires_events_and_suspends_publishing(physicians, clock):
    v = physicians.submit(sub(number="110110101000223", holder="孙八"))  # valid until 2026-03-20
    assert v.status is Status.VERIFIED
    start = physicians.head_cursor()
    clock.now = dt.datetime(2026, 3, 21, 1, tzinfo=dt.timezone.utc)
    # validity ran out: publishing stops even before the re-check runs
    assert physicians.verified_domains("acc-1") == frozenset()
    assert physicians.check_publishing("acc-1", Domain.MEDICAL).reason is Reason.EXPIRED
    report = physicians.recheck_due()
    assert report.checked == 1 and report.expired == 1
    after = physicians.get(v.id)
    assert (after.status, after.reason) == (Status.EXPIRED, Reason.EXPIRED)
    kinds = [e.kind for e in physicians.events(start)]
    assert kinds == [EventKind.EXPIRED, EventKind.PUBLISHING_SUSPENDED]
    assert physicians.recheck_due().checked == 0  # done once


def test_recheck_keeps_valid_and_detects_revocation(physicians, clock):
    v = physicians.submit(sub())
    clock.now = v.next_check_at + dt.timedelta(minutes=1)
    r = physicians.recheck_due()
    assert (r.checked, r.still_valid) == (1, 1)
    again = physicians.get(v.id)
    assert again.status is Status.VERIFIED and again.next_check_at > clock.now
    assert again.verified_at == v.verified_at
    physicians.local.import_roster(T.CN_PHYSICIAN_LICENSE, roster("110110101000218,张三,北京协和医院,revoked,"),
                                   "nhc-update.csv")
    clock.now = again.next_check_at
    assert physicians.recheck_due().revoked == 1
    assert physicians.get(v.id).status is Status.REVOKED
    assert not physicians.check_publishing("acc-1", Domain.MEDICAL).allowed


class FlakyRegistry:
    name = "flaky"

    def __init__(self):
        self.mode = "up"

    def lookup(self, ctype, number):
        if self.mode == "down":
            raise Unavailable("down")
        if self.mode == "gone":
            return None
        return RegistryRecord("张三", "", "valid", None, "flaky")


def test_recheck_with_unavailable_or_missing_registry(store, cred_settings, clock):
    registry = FlakyRegistry()
    v = CredentialVerifier(store, cred_settings, [registry], clock=clock)
    got = v.submit(sub())
    assert got.status is Status.VERIFIED and got.valid_until is None
    registry.mode = "down"
    assert v.submit(sub(account="acc-9", number="110110101000299")).reason is Reason.REGISTRY_UNAVAILABLE
    clock.now = got.next_check_at
    r = v.recheck_due()
    assert r.unavailable == 1 and v.get(got.id).status is Status.VERIFIED
    assert v.get(got.id).next_check_at == clock.now + dt.timedelta(days=1)
    registry.mode = "gone"
    clock.advance(days=1)
    assert v.recheck_due().recheck_required == 1
    assert (v.get(got.id).status, v.get(got.id).reason) == (Status.RECHECK_REQUIRED, Reason.NOT_IN_REGISTRY)


def test_another_verified_credential_keeps_the_domain_open(physicians, clock):
    physicians.submit(sub(number="110110101000223", holder="孙八"))       # expires 2026-03-20
    physicians.submit(sub(number="110110101000222", holder="孙八", account="acc-2"))
    physicians.local.import_roster(T.CN_PHYSICIAN_LICENSE, roster("110110101000231,孙八,,valid,"), "r3")
    physicians.submit(sub(number="110110101000231", holder="孙八"))       # no expiry
    start = physicians.head_cursor()
    clock.now = dt.datetime(2026, 3, 22, tzinfo=dt.timezone.utc)
    physicians.recheck_due()
    assert [e.kind for e in physicians.events(start)] == [EventKind.EXPIRED]
    assert physicians.check_publishing("acc-1", Domain.MEDICAL).allowed


def test_review(physicians):
    pending = physicians.submit(sub(number="110110101000299"))
    approved = physicians.review(pending.id, True, "reviewer-1", "checked the paper certificate",
                                 valid_until=dt.date(2027, 1, 1))
    assert (approved.status, approved.reason, approved.registry) == (Status.VERIFIED, Reason.REVIEW_APPROVED,
                                                                     "review:reviewer-1")
    assert physicians.check_publishing("acc-1", Domain.MEDICAL).allowed
    with pytest.raises(FailedPrecondition):
        physicians.review(pending.id, False, "reviewer-1")
    other = physicians.submit(sub(number="110110101000298", account="acc-3"))
    assert physicians.review(other.id, False, "reviewer-2").status is Status.REJECTED
    with pytest.raises(NotFound):
        physicians.get("nope")


def test_events_in_order_and_watch(physicians):
    first = physicians.submit(sub())
    physicians.submit(sub(holder="张四", account="acc-2"))
    events = physicians.events("0")
    assert [(e.kind, e.account_id) for e in events] == [(EventKind.VERIFIED, "acc-1"), (EventKind.REJECTED, "acc-2")]
    assert events[0].verification_id == first.id
    assert [e.cursor for e in physicians.events(events[0].cursor)] == [events[1].cursor]
    assert list(physicians.watch("0", account_id="acc-2", follow=False))[0].reason is Reason.HOLDER_MISMATCH
    with pytest.raises(InvalidArgument):
        physicians.events("abc")

    got = []
    ready = threading.Event()
    head = physicians.head_cursor()
    assert list(physicians.watch("", follow=False)) == [], "an empty cursor starts after the last event"

    def consume():
        for e in physicians.watch(head, follow=True, poll_s=5):
            got.append(e)
            ready.set()

    t = threading.Thread(target=consume)
    t.start()
    physicians.submit(sub(account="acc-4", number="110110101000222", holder="钱七"))
    assert ready.wait(3), "a new event wakes the watcher"
    physicians.close()
    t.join(3)
    assert not t.is_alive(), "close() ends the watch loop"
    assert [e.account_id for e in got] == ["acc-4"]


def test_evidence_retention_and_purge(physicians, store, clock):
    v = physicians.submit(sub(evidence=(Evidence(PNG, "image/png"),)))
    assert [c[0] for c in store.credentials.evidence_for(v.id)] == ["image/png"]
    clock.advance(days=29)
    assert physicians.purge_evidence() == 0
    clock.advance(days=2)
    assert physicians.purge_evidence() == 1
    assert store.credentials.evidence_for(v.id) == []


def _all_stored_bytes(store) -> bytes:
    out = []
    for table in ("credential_registry", "credential_verifications", "credential_events", "audit_log",
                  "credential_keys"):
        for row in store.db.query(f"SELECT * FROM {table}"):
            for cell in row:
                out.append(bytes(cell) if isinstance(cell, (bytes, memoryview)) else str(cell).encode())
    return b"\n".join(out)


def test_numbers_are_never_stored_or_logged_in_clear(physicians, store, caplog):
    caplog.set_level(logging.DEBUG)
    number = "110110101000218"
    v = physicians.submit(sub())
    physicians.submit(sub(number="110110101000297"))
    physicians.submit(sub(ctype=T.CN_PHYSICIAN_QUALIFICATION, number="20051111111010519491231002X"))
    blob = _all_stored_bytes(store)
    for clear in (number, "110110101000297", "20051111111010519491231002X", "11010519491231002X"):
        assert clear.encode() not in blob
        assert clear not in caplog.text
    row = store.credentials.get_verification(v.id)
    assert physicians.cipher.decrypt("CN_PHYSICIAN_LICENSE", row.number_enc) == number
    assert row.number_hash == physicians.cipher.keyed_hash("CN_PHYSICIAN_LICENSE", number)


def test_development_key_is_generated_once_and_warned(store, cred_settings, clock, caplog, monkeypatch):
    monkeypatch.setattr(crypto, "_warned", threading.Event())
    dev = Settings(database_url=cred_settings.database_url, secret_key="")
    with caplog.at_level(logging.WARNING, logger="zhenwei.credentials"):
        a = CredentialVerifier(store, dev, clock=clock)
        b = CredentialVerifier(store, dev, clock=clock)
    assert caplog.text.count("ZHENWEI_SECRET_KEY is empty") == 1
    assert a.cipher.keyed_hash("X", "1") == b.cipher.keyed_hash("X", "1")
    keyed = CredentialVerifier(store, cred_settings, clock=clock)
    assert keyed.cipher.keyed_hash("X", "1") != a.cipher.keyed_hash("X", "1")
    assert a.cipher.decrypt("X", a.cipher.encrypt("X", "secret")) == "secret"
    with pytest.raises(Exception):
        keyed.cipher.decrypt("X", a.cipher.encrypt("X", "secret"))


def test_a_remote_lookup_sees_the_submission_as_processing(store, cred_settings, clock):
    seen = []

    class SlowRemote:
        name = "remote"

        def lookup(self, ctype, number):
            seen.extend(r.status for r in store.credentials.verifications_for("acc-1"))
            return RegistryRecord("张三", "", "valid", None, "remote")

    v = CredentialVerifier(store, cred_settings, [SlowRemote()], clock=clock)
    assert v.submit(sub()).status is Status.VERIFIED
    assert seen == ["PROCESSING"]
