"""Issue 8, credential side, through a real server: scoped reads and event streams, masked
holder names, the reviewer taken from the token, one verified account per number under
concurrent submissions, idempotent retries, labels only when verified, unknown enums."""
from __future__ import annotations

import threading

import grpc
import pytest
from authutil import authed_channel, make_token

from service.api.gen.impersonation.v1 import common_pb2, credential_pb2 as pb, credential_pb2_grpc
from service.api.gen.impersonation.v1 import lexicon_admin_pb2, lexicon_admin_pb2_grpc
from service.api.server import Server
from service.config import Settings
from service.credentials.base import CredentialType
from service.credentials.cli import import_roster

ROSTER = """number,holder_name,organization,status,valid_until
110110101000218,张三,北京协和医院,valid,2099-12-31
110110101000222,钱七,,valid,
110110101000224,周八,,valid,
"""
UNLISTED = "110110101000298"
T = 60  # generous: the suite shares two CPUs with other work


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("credsafety")
    settings = Settings(listen_addr="127.0.0.1:0", database_url=f"sqlite:///{tmp / 'z.sqlite3'}",
                        reload_interval_s=0.5, grace_period_s=2.0, secret_key="test-secret-key",
                        bootstrap_admin_token=False, auth_cache_ttl_s=0.5)
    srv = Server(settings).start()
    roster = tmp / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    assert import_roster(srv.app, CredentialType.CN_PHYSICIAN_LICENSE, roster) == 0
    channels = {
        "alpha": authed_channel(srv.address, make_token(srv, "screening", name="alpha-app", platform="alpha")),
        "beta": authed_channel(srv.address, make_token(srv, "screening", name="beta-app", platform="beta")),
        "reviewer": authed_channel(srv.address, make_token(srv, "reviewer", name="rita")),
        "admin": authed_channel(srv.address, make_token(srv, "admin", name="ada")),
    }
    stubs = {k: credential_pb2_grpc.CredentialServiceStub(ch) for k, ch in channels.items()}
    stubs["audit"] = lexicon_admin_pb2_grpc.LexiconAdminServiceStub(channels["admin"])
    try:
        yield srv, stubs
    finally:
        for ch in channels.values():
            ch.close()
        srv.stop(grace=1.0)


def submit(stub, number, holder, account, **kw):
    return stub.SubmitCredential(pb.SubmitCredentialRequest(
        account_id=account, domain=common_pb2.DOMAIN_MEDICAL, credential_type=pb.CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE,
        number=number, holder_name=holder, **kw), timeout=T).verification


def code_of(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.RpcError) as err:
        call()
    return err.value.code(), err.value.details() or ""


def test_reads_and_events_are_scoped_and_names_masked(env):
    srv, s = env
    v = submit(s["alpha"], "110110101000218", "张三", "alpha-doc")
    assert v.status == pb.VERIFICATION_STATUS_VERIFIED and v.holder_name == "张*"
    assert v.label.material_name == "执业医师"
    vid = v.verification_id
    # the same platform reads it, masked; another platform cannot tell it exists
    assert s["alpha"].GetVerification(pb.GetVerificationRequest(verification_id=vid),
                                      timeout=T).verification.holder_name == "张*"
    code, details = code_of(lambda: s["beta"].GetVerification(pb.GetVerificationRequest(verification_id=vid),
                                                              timeout=T))
    assert code == grpc.StatusCode.NOT_FOUND and vid not in details
    # a reviewer sees the name in clear
    assert s["reviewer"].GetVerification(pb.GetVerificationRequest(verification_id=vid),
                                         timeout=T).verification.holder_name == "张三"
    # events from the first: each platform sees its own only
    def events(who):
        return [r.event for r in s[who].WatchVerificationEvents(
            pb.WatchVerificationEventsRequest(cursor="0", follow=False), timeout=T)]
    assert vid in [e.verification_id for e in events("alpha")]
    assert vid not in [e.verification_id for e in events("beta")]
    assert vid in [e.verification_id for e in events("reviewer")]
    # publishing answers from the caller's own platform
    req = pb.CheckPublishingRequest(account_id="alpha-doc", domain=common_pb2.DOMAIN_MEDICAL)
    assert s["alpha"].CheckPublishing(req, timeout=T).allowed
    other = s["beta"].CheckPublishing(req, timeout=T)
    assert not other.allowed and other.reason == pb.VERIFICATION_REASON_NO_CREDENTIAL


def test_review_records_the_authenticated_reviewer_and_refuses_a_second_holder(env):
    srv, s = env
    assert "reviewer" not in pb.ReviewVerificationRequest.DESCRIPTOR.fields_by_name  # no caller-set reviewer
    pending = submit(s["alpha"], UNLISTED, "孙九", "alpha-rev-1")
    assert pending.status == pb.VERIFICATION_STATUS_NEEDS_REVIEW and not pending.HasField("label")
    done = s["reviewer"].ReviewVerification(pb.ReviewVerificationRequest(
        verification_id=pending.verification_id, approve=True, note="paper certificate seen"),
        metadata=(("x-actor", "mallory"),), timeout=T).verification
    assert done.status == pb.VERIFICATION_STATUS_VERIFIED and done.label.domain_tag == "医疗卫生"
    assert done.registry.startswith("review:rita (") and "mallory" not in done.registry
    log = s["audit"].ListAuditLog(lexicon_admin_pb2.ListAuditLogRequest(
        target=f"credential:{pending.verification_id}"), timeout=T).entries
    assert [(e.actor.split(" (")[0], e.action) for e in log] == [("rita", "credential.review")]
    # a second account of the platform claims the now-verified number: review cannot approve it
    claim = submit(s["alpha"], UNLISTED, "孙九", "alpha-rev-2")
    assert claim.status == pb.VERIFICATION_STATUS_NEEDS_REVIEW
    code, details = code_of(lambda: s["reviewer"].ReviewVerification(pb.ReviewVerificationRequest(
        verification_id=claim.verification_id, approve=True), timeout=T))
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "another account" in details


def test_twelve_accounts_submitting_one_number_at_once_end_with_one_verified(env):
    srv, s = env
    barrier = threading.Barrier(12)
    results: list = []

    def go(i):
        barrier.wait()
        try:
            results.append(submit(s["beta"], "110110101000222", "钱七", f"beta-race-{i}").status)
        except grpc.RpcError as exc:  # reported by the assertion below
            results.append(exc.code())

    threads = [threading.Thread(target=go, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(results) == 12
    assert results.count(pb.VERIFICATION_STATUS_VERIFIED) == 1, results
    assert results.count(pb.VERIFICATION_STATUS_NEEDS_REVIEW) == 11, results


def test_a_retry_with_the_idempotency_key_returns_the_same_verification(env):
    srv, s = env
    first = submit(s["alpha"], "110110101000224", "周八", "alpha-idem", idempotency_key="submit-7f3a")
    again = submit(s["alpha"], "110110101000224", "周八", "alpha-idem", idempotency_key="submit-7f3a")
    assert again.verification_id == first.verification_id and again.status == pb.VERIFICATION_STATUS_VERIFIED
    assert len(srv.app.store.credentials.verifications_for("alpha-idem")) == 1
    code, details = code_of(lambda: submit(s["alpha"], "110110101000224", "周小八", "alpha-idem",
                                           idempotency_key="submit-7f3a"))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "idempotency_key" in details


@pytest.mark.parametrize("field,value", [("credential_type", 99), ("domain", 77)])
def test_unknown_enum_values_are_invalid_argument(env, field, value):
    srv, s = env
    req = pb.SubmitCredentialRequest(account_id="alpha-enum", domain=common_pb2.DOMAIN_MEDICAL,
                                     credential_type=pb.CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE,
                                     number="110110101000218", holder_name="张三")
    setattr(req, field, value)
    code, details = code_of(lambda: s["alpha"].SubmitCredential(req, timeout=T))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and str(value) in details
    assert "object at" not in details and "Traceback" not in details and "/" not in details
    code, _ = code_of(lambda: s["alpha"].CheckPublishing(pb.CheckPublishingRequest(account_id="a", domain=55),
                                                         timeout=T))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
