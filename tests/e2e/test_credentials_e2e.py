"""CredentialService through a real gRPC server: roster import, outcomes, publishing, events."""
from __future__ import annotations

import datetime as dt
import threading
import time

import grpc
import pytest

from service.api.gen.impersonation.v1 import (
    common_pb2, credential_pb2 as pb, credential_pb2_grpc, screening_pb2, screening_pb2_grpc,
)
from service.credentials.base import CredentialType
from service.credentials.cli import import_roster

TODAY = dt.date.today()
SOON = TODAY + dt.timedelta(days=10)
ROSTER = f"""number,holder_name,organization,status,valid_until
110110101000218,张三,北京协和医院,valid,{(TODAY + dt.timedelta(days=3 * 365)).isoformat()}
110110101000219,李四,,revoked,
110110101000221,赵六,,valid,{(TODAY - dt.timedelta(days=1)).isoformat()}
110110101000223,孙八,,valid,{SOON.isoformat()}
"""


@pytest.fixture
def stubs(server, channel, tmp_path):
    path = tmp_path / "nhc-physicians.csv"
    path.write_text(ROSTER, encoding="utf-8")
    assert import_roster(server.app, CredentialType.CN_PHYSICIAN_LICENSE, path) == 0
    return credential_pb2_grpc.CredentialServiceStub(channel), screening_pb2_grpc.ScreeningServiceStub(channel)


def submit(stub, number, holder, account="doc-1", domain=common_pb2.DOMAIN_MEDICAL,
           ctype=pb.CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE, **kw):
    return stub.SubmitCredential(pb.SubmitCredentialRequest(
        account_id=account, domain=domain, credential_type=ctype, number=number, holder_name=holder, **kw),
        timeout=10).verification


@pytest.mark.parametrize("number,holder,domain,ctype,status,reason", [
    ("110110101000218", "张三", common_pb2.DOMAIN_MEDICAL, pb.CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE,
     pb.VERIFICATION_STATUS_VERIFIED, pb.VERIFICATION_REASON_REGISTRY_MATCH),
    ("200511111110105194912310021", "张三", common_pb2.DOMAIN_MEDICAL, pb.CREDENTIAL_TYPE_CN_PHYSICIAN_QUALIFICATION,
     pb.VERIFICATION_STATUS_REJECTED, pb.VERIFICATION_REASON_BAD_CHECKSUM),
    ("110110101000218", "张冒", common_pb2.DOMAIN_MEDICAL, pb.CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE,
     pb.VERIFICATION_STATUS_REJECTED, pb.VERIFICATION_REASON_HOLDER_MISMATCH),
    ("110110101000219", "李四", common_pb2.DOMAIN_MEDICAL, pb.CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE,
     pb.VERIFICATION_STATUS_REJECTED, pb.VERIFICATION_REASON_REVOKED_IN_REGISTRY),
    ("110110101000221", "赵六", common_pb2.DOMAIN_MEDICAL, pb.CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE,
     pb.VERIFICATION_STATUS_REJECTED, pb.VERIFICATION_REASON_EXPIRED),
    ("110110101000299", "张三", common_pb2.DOMAIN_MEDICAL, pb.CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE,
     pb.VERIFICATION_STATUS_NEEDS_REVIEW, pb.VERIFICATION_REASON_NOT_IN_REGISTRY),
    ("110110101000218", "张三", common_pb2.DOMAIN_FINANCE, pb.CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE,
     pb.VERIFICATION_STATUS_REJECTED, pb.VERIFICATION_REASON_WRONG_DOMAIN),
])
def test_submissions_reach_the_right_status_and_reason(stubs, number, holder, domain, ctype, status, reason):
    stub, _ = stubs
    v = submit(stub, number, holder, domain=domain, ctype=ctype)
    assert (pb.VerificationStatus.Name(v.status), pb.VerificationReason.Name(v.reason)) == \
        (pb.VerificationStatus.Name(status), pb.VerificationReason.Name(reason))
    assert number not in v.number_masked and "*" in v.number_masked
    got = stub.GetVerification(pb.GetVerificationRequest(verification_id=v.verification_id), timeout=10).verification
    assert got == v
    allowed = stub.CheckPublishing(pb.CheckPublishingRequest(account_id="doc-1", domain=common_pb2.DOMAIN_MEDICAL),
                                   timeout=10).allowed
    assert allowed == (status == pb.VERIFICATION_STATUS_VERIFIED)


def test_verified_credential_label_and_screening_agree(stubs):
    stub, screening = stubs

    def screen():
        return screening.ScreenProfile(screening_pb2.ScreenProfileRequest(profile=screening_pb2.Profile(
            account_id="doc-1", name="张医生", bio="北京协和医院执业医师，专注心血管健康科普")), timeout=10)

    def check():
        return stub.CheckPublishing(pb.CheckPublishingRequest(account_id="doc-1", domain=common_pb2.DOMAIN_MEDICAL),
                                    timeout=10)

    before = screen()
    assert common_pb2.DOMAIN_MEDICAL in before.credential_required
    c = check()
    assert not c.allowed and c.reason == pb.VERIFICATION_REASON_NO_CREDENTIAL and not c.HasField("label")

    v = submit(stub, "1101 1010 1000 218", "张三")
    assert v.status == pb.VERIFICATION_STATUS_VERIFIED
    assert (v.label.material_name, v.label.domain_tag) == ("执业医师", "医疗卫生")
    assert v.next_check_at.ToDatetime() <= v.verified_at.ToDatetime() + dt.timedelta(days=366)

    after = screen()
    assert common_pb2.DOMAIN_MEDICAL not in after.credential_required
    assert any(cl.domain == common_pb2.DOMAIN_MEDICAL and cl.credential_verified for cl in after.claims)
    c = check()
    assert c.allowed and (c.label.material_name, c.label.domain_tag) == ("执业医师", "医疗卫生")
    assert c.verification_id == v.verification_id and c.valid_until == v.valid_until


def test_expiry_fires_an_event_and_suspends_publishing(server, stubs):
    stub, screening = stubs
    head = server.app.credentials.head_cursor()
    received, done = [], threading.Event()
    call = stub.WatchVerificationEvents(pb.WatchVerificationEventsRequest(cursor=head, account_id="doc-8",
                                                                          follow=True))

    def consume():
        try:
            for resp in call:
                received.append(resp.event)
                if resp.event.kind == pb.VERIFICATION_EVENT_KIND_PUBLISHING_SUSPENDED:
                    done.set()
        except grpc.RpcError:
            pass

    t = threading.Thread(target=consume, daemon=True)
    t.start()
    v = submit(stub, "110110101000223", "孙八", account="doc-8")
    assert v.status == pb.VERIFICATION_STATUS_VERIFIED and v.valid_until == SOON.isoformat()
    assert stub.CheckPublishing(pb.CheckPublishingRequest(account_id="doc-8", domain=common_pb2.DOMAIN_MEDICAL),
                                timeout=10).allowed
    # the batch job's call, run as of the day after expiry
    after_expiry = dt.datetime.combine(SOON + dt.timedelta(days=1), dt.time(1), dt.timezone.utc)
    assert server.app.credentials.recheck_due(after_expiry).expired == 1
    assert done.wait(10), f"events seen: {received}"
    call.cancel()
    t.join(5)
    kinds = [pb.VerificationEventKind.Name(e.kind) for e in received]
    assert kinds == ["VERIFICATION_EVENT_KIND_VERIFIED", "VERIFICATION_EVENT_KIND_EXPIRED",
                     "VERIFICATION_EVENT_KIND_PUBLISHING_SUSPENDED"]
    assert all(e.verification_id == v.verification_id and e.domain == common_pb2.DOMAIN_MEDICAL for e in received)
    c = stub.CheckPublishing(pb.CheckPublishingRequest(account_id="doc-8", domain=common_pb2.DOMAIN_MEDICAL),
                             timeout=10)
    assert not c.allowed and c.reason == pb.VERIFICATION_REASON_EXPIRED
    assert stub.GetVerification(pb.GetVerificationRequest(verification_id=v.verification_id),
                                timeout=10).verification.status == pb.VERIFICATION_STATUS_EXPIRED
    # resume from a cursor: the later events replay in order
    replay = list(stub.WatchVerificationEvents(pb.WatchVerificationEventsRequest(
        cursor=received[0].cursor, account_id="doc-8", follow=False), timeout=10))
    assert [r.event.cursor for r in replay] == [e.cursor for e in received[1:]]


def test_review_and_errors_map_to_status_codes(stubs):
    stub, _ = stubs
    pending = submit(stub, "110110101000298", "周九", account="doc-9")
    assert pending.status == pb.VERIFICATION_STATUS_NEEDS_REVIEW
    done = stub.ReviewVerification(pb.ReviewVerificationRequest(
        verification_id=pending.verification_id, approve=True, valid_until="2030-01-01"),
        timeout=10).verification
    assert done.status == pb.VERIFICATION_STATUS_VERIFIED and done.reason == pb.VERIFICATION_REASON_REVIEW_APPROVED
    for call, code in [
        (lambda: stub.ReviewVerification(pb.ReviewVerificationRequest(verification_id=pending.verification_id,
                                                                      approve=False), timeout=10),
         grpc.StatusCode.FAILED_PRECONDITION),
        (lambda: stub.GetVerification(pb.GetVerificationRequest(verification_id="missing"), timeout=10),
         grpc.StatusCode.NOT_FOUND),
        (lambda: submit(stub, "110110101000218", "张三", ctype=pb.CREDENTIAL_TYPE_UNSPECIFIED),
         grpc.StatusCode.INVALID_ARGUMENT),
        (lambda: submit(stub, "", "张三"), grpc.StatusCode.INVALID_ARGUMENT),
        (lambda: stub.CheckPublishing(pb.CheckPublishingRequest(account_id="x"), timeout=10),
         grpc.StatusCode.INVALID_ARGUMENT),
        (lambda: list(stub.WatchVerificationEvents(pb.WatchVerificationEventsRequest(cursor="x"), timeout=10)),
         grpc.StatusCode.INVALID_ARGUMENT),
    ]:
        with pytest.raises(grpc.RpcError) as err:
            call()
        assert err.value.code() == code


def test_open_event_stream_ends_cleanly_on_server_stop(server, stubs):
    stub, _ = stubs
    v = submit(stub, "110110101000218", "张三")
    call = stub.WatchVerificationEvents(pb.WatchVerificationEventsRequest(cursor="0", follow=True), timeout=30)
    first = next(call)
    assert first.event.verification_id == v.verification_id
    started = time.monotonic()
    server.stop(grace=5.0)
    assert list(call) == []  # the open stream ends, without an error
    assert call.code() == grpc.StatusCode.OK
    assert time.monotonic() - started < 4.0, "the stream does not hold the graceful stop"
