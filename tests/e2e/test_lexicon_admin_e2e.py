"""LexiconAdminService end to end: validation, audit, owners, closed accounts and
hot reload across replicas under concurrent ScreenProfile traffic."""
from __future__ import annotations

import dataclasses
import threading
import time

import grpc
import pytest
from authutil import authed_channel, make_token
from google.protobuf import field_mask_pb2

from service.api.gen.impersonation.v1 import common_pb2, lexicon_admin_pb2 as pb, lexicon_admin_pb2_grpc
from service.api.gen.impersonation.v1 import screening_pb2, screening_pb2_grpc
from service.api.server import Server

OWNER = "91110000600037341L"
#: Admin changes rebuild the lexicon (seconds on a loaded machine, more while a replica rebuilds too).
ADMIN_T = 30


@pytest.fixture
def admin(channel):
    return lexicon_admin_pb2_grpc.LexiconAdminServiceStub(channel)


@pytest.fixture
def screen_stub(channel):
    return screening_pb2_grpc.ScreeningServiceStub(channel)


def screen(stub, name, **subject):
    req = screening_pb2.ScreenProfileRequest(profile=screening_pb2.Profile(
        name=name, subject=screening_pb2.Subject(**subject) if subject else None))
    return stub.ScreenProfile(req, timeout=10)


def entry(**kw):
    base = dict(id="gov.zw-test-bureau", name="甄伪测试管理局", category=common_pb2.CATEGORY_PARTY_GOVERNMENT,
                abbreviations=["甄测局"], source="test", source_date="2026-11-22", licence="CC0-1.0")
    base.update(kw)
    return pb.Entry(**base)




def test_add_update_retire_with_audit(admin, screen_stub):
    assert screen(screen_stub, "甄伪测试管理局").decision == screening_pb2.DECISION_ALLOW
    r = admin.AddEntry(pb.AddEntryRequest(entry=entry()), timeout=ADMIN_T)
    assert r.entry.origin == pb.ENTRY_ORIGIN_STORE and r.lexicon_version.endswith("+r1")
    got = screen(screen_stub, "甄测局官方")
    assert got.decision == screening_pb2.DECISION_REVIEW and got.lexicon_version == r.lexicon_version
    assert got.findings[0].entity_id == "gov.zw-test-bureau"
    # the mask names the list to clear (without one, an empty list changes nothing)
    admin.UpdateEntry(pb.UpdateEntryRequest(entry=entry(abbreviations=[]),
                                            update_mask=field_mask_pb2.FieldMask(paths=["abbreviations"])),
                      timeout=ADMIN_T)
    assert screen(screen_stub, "甄测局官方").decision == screening_pb2.DECISION_ALLOW
    admin.RetireEntry(pb.RetireEntryRequest(id="gov.zw-test-bureau", reason="test"), timeout=ADMIN_T)
    assert screen(screen_stub, "甄伪测试管理局").decision == screening_pb2.DECISION_ALLOW
    log = admin.ListAuditLog(pb.ListAuditLogRequest(target="gov.zw-test-bureau"), timeout=ADMIN_T).entries
    # the actor is the authenticated caller (the channel's token), not anything the caller claims
    assert [e.action for e in log] == ["entity.retire", "entity.update", "entity.add"]
    assert all(e.actor.startswith("e2e-all-roles (tok_") for e in log), [e.actor for e in log]


@pytest.mark.parametrize("bad,code", [
    (dict(category=common_pb2.CATEGORY_UNSPECIFIED), grpc.StatusCode.INVALID_ARGUMENT),
    (dict(category=common_pb2.CATEGORY_REGION), grpc.StatusCode.INVALID_ARGUMENT),
    (dict(name=""), grpc.StatusCode.INVALID_ARGUMENT),
    (dict(name=" \u200b\u3000·"), grpc.StatusCode.INVALID_ARGUMENT),
    (dict(id="Bad Id"), grpc.StatusCode.INVALID_ARGUMENT),
    (dict(abbreviations=["\u200d"]), grpc.StatusCode.INVALID_ARGUMENT),
    (dict(region_code="12"), grpc.StatusCode.INVALID_ARGUMENT),
])
def test_bad_entries_are_rejected_and_change_nothing(admin, bad, code):
    before = admin.GetLexiconVersion(pb.GetLexiconVersionRequest(), timeout=ADMIN_T)
    with pytest.raises(grpc.RpcError) as err:
        admin.AddEntry(pb.AddEntryRequest(entry=entry(**bad)), timeout=ADMIN_T)
    assert err.value.code() == code and err.value.details()
    after = admin.GetLexiconVersion(pb.GetLexiconVersionRequest(), timeout=ADMIN_T)
    assert after.lexicon_version == before.lexicon_version and after.store_revision == before.store_revision


def test_duplicate_id_is_already_exists(admin):
    admin.AddEntry(pb.AddEntryRequest(entry=entry()), timeout=ADMIN_T)
    with pytest.raises(grpc.RpcError) as err:
        admin.AddEntry(pb.AddEntryRequest(entry=entry()), timeout=ADMIN_T)
    assert err.value.code() == grpc.StatusCode.ALREADY_EXISTS


def test_verified_owner_is_allowed_with_findings_kept(admin, screen_stub):
    admin.AddEntry(pb.AddEntryRequest(entry=entry()), timeout=ADMIN_T)
    with pytest.raises(grpc.RpcError) as err:
        admin.AddOwner(pb.AddOwnerRequest(entity_id="gov.zw-test-bureau", unified_social_credit_code="91110000600037341M"),
                       timeout=ADMIN_T)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT  # bad check character
    with pytest.raises(grpc.RpcError) as err:
        admin.AddOwner(pb.AddOwnerRequest(entity_id="gov.nope", unified_social_credit_code=OWNER), timeout=ADMIN_T)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    admin.AddOwner(pb.AddOwnerRequest(entity_id="gov.zw-test-bureau", unified_social_credit_code=OWNER), timeout=ADMIN_T)
    owner = screen(screen_stub, "甄伪测试管理局", kind=screening_pb2.SUBJECT_KIND_ORGANIZATION,
                   unified_social_credit_code=OWNER)
    assert owner.decision == screening_pb2.DECISION_ALLOW
    assert owner.findings and owner.findings[0].owner_verified
    stranger = screen(screen_stub, "甄伪测试管理局", kind=screening_pb2.SUBJECT_KIND_PERSON,
                      unified_social_credit_code=OWNER)  # a person cannot own an organ's name
    assert stranger.decision == screening_pb2.DECISION_REVIEW


def test_closed_account_names_and_lookalikes_are_rejected(admin, screen_stub):
    r = admin.AddClosedAccount(pb.AddClosedAccountRequest(name="甄伪小王说财经", account_id="acc-1", reason="fraud"),
                               timeout=ADMIN_T)
    assert r.closed_id.startswith("closed.")
    for name in ("甄伪小王说财经", "甄伪小王说财径"):  # same, and a homophone swap
        got = screen(screen_stub, name)
        assert got.decision == screening_pb2.DECISION_REJECT, name
        assert got.findings[0].category == common_pb2.CATEGORY_CLOSED_ACCOUNT
    with pytest.raises(grpc.RpcError) as err:
        admin.AddClosedAccount(pb.AddClosedAccountRequest(name="\u200b"), timeout=ADMIN_T)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_hot_reload_under_load_never_mixes_versions(server, admin, screen_stub):
    """Every response is consistent with the version it names; no request fails."""
    stop = threading.Event()
    results, errors = [], []

    def load():
        while not stop.is_set():
            try:
                results.append(screen(screen_stub, "关注甄伪热载局"))
            except grpc.RpcError as exc:  # pragma: no cover - the assertion below reports it
                errors.append(exc)

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    added = admin.AddEntry(pb.AddEntryRequest(entry=entry(id="gov.zw-hot", name="甄伪热载局", abbreviations=[])),
                           timeout=ADMIN_T)
    time.sleep(0.3)
    stop.set()
    for t in threads:
        t.join()
    assert not errors
    before = [r for r in results if r.lexicon_version != added.lexicon_version]
    after = [r for r in results if r.lexicon_version == added.lexicon_version]
    assert before and after
    assert all(not r.findings for r in before)
    assert all(r.findings and r.findings[0].entity_id == "gov.zw-hot" for r in after)


def test_other_replica_picks_up_changes_without_restart(server, settings, admin):
    replica = Server(dataclasses.replace(settings, listen_addr="127.0.0.1:0")).start()
    try:
        ch = authed_channel(replica.address, make_token(replica, "screening"))
        stub = screening_pb2_grpc.ScreeningServiceStub(ch)
        assert screen(stub, "甄伪复制局").decision == screening_pb2.DECISION_ALLOW
        admin.AddEntry(pb.AddEntryRequest(entry=entry(id="gov.zw-replica", name="甄伪复制局", abbreviations=[])),
                       timeout=ADMIN_T)
        deadline = time.monotonic() + ADMIN_T
        while screen(stub, "甄伪复制局").decision != screening_pb2.DECISION_REVIEW:
            assert time.monotonic() < deadline, "replica never reloaded"
            time.sleep(0.1)
        ch.close()
    finally:
        replica.stop(grace=1)


def test_replicas_on_postgresql_share_changes(pg_url, settings):
    """Two servers on one PostgreSQL database: a change made through one is served by both."""
    pg = dataclasses.replace(settings, database_url=pg_url, listen_addr="127.0.0.1:0")
    first, second = Server(pg).start(), Server(pg).start()
    try:
        a = authed_channel(first.address, make_token(first, "admin"))
        b = authed_channel(second.address, make_token(second, "screening"))
        admin_a = lexicon_admin_pb2_grpc.LexiconAdminServiceStub(a)
        screen_b = screening_pb2_grpc.ScreeningServiceStub(b)
        admin_a.AddClosedAccount(pb.AddClosedAccountRequest(name="甄伪停用账号甲", account_id="pg-1",
                                                            reason="test"), timeout=ADMIN_T)
        deadline = time.monotonic() + ADMIN_T
        while screen(screen_b, "甄伪停用账号甲").decision != screening_pb2.DECISION_REJECT:
            assert time.monotonic() < deadline, "the second replica never reloaded"
            time.sleep(0.1)
        a.close()
        b.close()
    finally:
        first.stop(grace=1)
        second.stop(grace=1)
