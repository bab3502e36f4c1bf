"""Issue 8, lexicon administration through a real server: closed names and aliases that
would match everyday names are refused with the reason; closed names are listed (paged)
and removed, audited under the token's identity (never x-actor); UpdateEntry with and
without a field mask keeps bundled aliases; unknown enum values are INVALID_ARGUMENT."""
from __future__ import annotations

import grpc
import pytest
from authutil import authed_channel, make_token
from google.protobuf.field_mask_pb2 import FieldMask

from service.api.gen.impersonation.v1 import common_pb2, lexicon_admin_pb2 as pb, lexicon_admin_pb2_grpc
from service.api.server import Server
from service.config import Settings

T = 90  # a change rebuilds the matcher: generous on a shared two-CPU machine
MALLORY = (("x-actor", "mallory"),)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("adminval")
    settings = Settings(listen_addr="127.0.0.1:0", database_url=f"sqlite:///{tmp / 'z.sqlite3'}",
                        reload_interval_s=0.5, grace_period_s=2.0, secret_key="test-secret-key",
                        bootstrap_admin_token=False, auth_cache_ttl_s=0.5)
    srv = Server(settings).start()
    ch = authed_channel(srv.address, make_token(srv, "admin", name="ada"))
    try:
        yield srv, lexicon_admin_pb2_grpc.LexiconAdminServiceStub(ch)
    finally:
        ch.close()
        srv.stop(grace=1.0)


def refused(call) -> str:
    with pytest.raises(grpc.RpcError) as err:
        call()
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT, err.value.details()
    details = err.value.details() or ""
    assert "object at" not in details and "Traceback" not in details and "/" not in details, details
    return details


def revision(admin) -> int:
    return admin.GetLexiconVersion(pb.GetLexiconVersionRequest(), timeout=T).store_revision


@pytest.mark.parametrize("name,reason", [("的", "two characters"), ("的\u200b", "two characters"),
                                         ("我们", "ordinary word"), ("中山", "ordinary word")])
def test_closed_names_that_match_everyday_names_are_refused(env, name, reason):
    srv, admin = env
    before = revision(admin)
    details = refused(lambda: admin.AddClosedAccount(pb.AddClosedAccountRequest(name=name, reason="x"), timeout=T))
    assert reason in details
    assert revision(admin) == before


def test_aliases_that_match_everyday_names_are_refused(env):
    srv, admin = env
    entry = pb.Entry(id="gov.zw-e2e-alias", name="甄伪别名试验局", category=common_pb2.CATEGORY_PARTY_GOVERNMENT,
                     aliases=["我们"])
    assert "ordinary word" in refused(lambda: admin.AddEntry(pb.AddEntryRequest(entry=entry), timeout=T))
    entry = pb.Entry(id="gov.zw-e2e-alias", name="甄伪别名试验局", category=common_pb2.CATEGORY_PARTY_GOVERNMENT,
                     abbreviations=["甄"])
    assert "two characters" in refused(lambda: admin.AddEntry(pb.AddEntryRequest(entry=entry), timeout=T))


def test_closed_names_are_listed_and_removed_with_the_token_as_actor(env):
    srv, admin = env
    added = [admin.AddClosedAccount(pb.AddClosedAccountRequest(name=f"甄伪关停号{i}", account_id=f"a{i}",
                                                               reason="fraud"), metadata=MALLORY, timeout=T).closed_id
             for i in range(3)]
    seen, token = [], ""
    for _ in range(10):
        page = admin.ListClosedAccounts(pb.ListClosedAccountsRequest(page_size=1, page_token=token), timeout=T)
        assert len(page.closed_accounts) <= 1
        seen += [c.closed_id for c in page.closed_accounts]
        token = page.next_page_token
        if not token:
            break
    assert [c for c in seen if c in added] == added
    removed = admin.RemoveClosedAccount(pb.RemoveClosedAccountRequest(closed_id=added[1], reason="added in error"),
                                        metadata=MALLORY, timeout=T)
    assert removed.removed.name == "甄伪关停号1" and removed.lexicon_version
    listed = admin.ListClosedAccounts(pb.ListClosedAccountsRequest(page_size=500), timeout=T).closed_accounts
    assert added[1] not in [c.closed_id for c in listed]
    log = admin.ListAuditLog(pb.ListAuditLogRequest(target=added[1]), timeout=T).entries
    assert [e.action for e in log] == ["closed.remove", "closed.add"]
    assert all(e.actor.startswith("ada (") for e in log), [e.actor for e in log]  # x-actor is ignored
    assert "added in error" in log[0].detail_json
    with pytest.raises(grpc.RpcError) as err:
        admin.RemoveClosedAccount(pb.RemoveClosedAccountRequest(closed_id=added[1], reason="again"), timeout=T)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    refused(lambda: admin.RemoveClosedAccount(pb.RemoveClosedAccountRequest(closed_id=added[0]), timeout=T))


def test_update_entry_keeps_bundled_aliases_with_and_without_a_mask(env):
    srv, admin = env
    bundled = next(e for e in srv.app.lexicons.bundled.entities.values()
                   if e.aliases and e.abbreviations and "common_word" not in e.flags)
    got = admin.GetEntry(pb.GetEntryRequest(id=bundled.id), timeout=T).entry
    assert got.origin == pb.ENTRY_ORIGIN_BUNDLED
    # with a mask naming one field, the rest of the request is ignored
    masked = admin.UpdateEntry(pb.UpdateEntryRequest(
        entry=pb.Entry(id=bundled.id, severity=pb.SEVERITY_HIGH, name="ignored"),
        update_mask=FieldMask(paths=["severity"])), timeout=T).entry
    assert masked.severity == pb.SEVERITY_HIGH and masked.name == bundled.name
    assert list(masked.aliases) == list(bundled.aliases) and list(masked.abbreviations) == list(bundled.abbreviations)
    # without a mask, only the fields given a value change
    plain = admin.UpdateEntry(pb.UpdateEntryRequest(entry=pb.Entry(id=bundled.id, source="operator review")),
                              timeout=T).entry
    assert plain.source == "operator review" and plain.severity == pb.SEVERITY_HIGH
    assert list(plain.aliases) == list(bundled.aliases) and list(plain.abbreviations) == list(bundled.abbreviations)
    assert "update_mask" in refused(lambda: admin.UpdateEntry(pb.UpdateEntryRequest(
        entry=pb.Entry(id=bundled.id), update_mask=FieldMask(paths=["origin"])), timeout=T))
    assert "nothing to update" in refused(lambda: admin.UpdateEntry(pb.UpdateEntryRequest(
        entry=pb.Entry(id=bundled.id)), timeout=T))


@pytest.mark.parametrize("field,value", [("level", 99), ("severity", 42), ("category", 1234)])
def test_unknown_enum_values_are_invalid_argument(env, field, value):
    srv, admin = env
    entry = pb.Entry(id="gov.zw-e2e-enum", name="甄伪枚举试验局", category=common_pb2.CATEGORY_PARTY_GOVERNMENT)
    setattr(entry, field, value)
    assert str(value) in refused(lambda: admin.AddEntry(pb.AddEntryRequest(entry=entry), timeout=T))
    assert str(value) in refused(lambda: admin.UpdateEntry(pb.UpdateEntryRequest(
        entry=entry, update_mask=FieldMask(paths=[field])), timeout=T))
