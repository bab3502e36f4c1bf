"""ScreenProfile through a real gRPC server on an ephemeral port."""
from __future__ import annotations

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from service.api.gen.impersonation.v1 import common_pb2, screening_pb2, screening_pb2_grpc


@pytest.fixture
def stub(channel):
    return screening_pb2_grpc.ScreeningServiceStub(channel)


def screen(stub, **profile):
    return stub.ScreenProfile(screening_pb2.ScreenProfileRequest(profile=screening_pb2.Profile(**profile)),
                              timeout=10)


def test_disguised_name_is_rejected_with_evidence(stub):
    r = screen(stub, account_id="a1", name="人民曰报")
    assert r.account_id == "a1"
    assert r.decision == screening_pb2.DECISION_REJECT
    f = next(f for f in r.findings if f.entity_name == "人民日报")
    assert f.field == screening_pb2.FIELD_NAME and f.category == common_pb2.CATEGORY_NEWS_MEDIA
    assert screening_pb2.TECHNIQUE_HOMOGLYPH in f.techniques
    assert [(s.found, s.expected) for s in f.substitutions] == [("曰", "日")]
    assert (f.start, f.end) == (0, 4)
    assert r.lexicon_version


def test_exact_name_needs_review_and_bio_is_screened(stub):
    r = screen(stub, name="看世界", bio="新华社授权发布")
    assert r.decision == screening_pb2.DECISION_REVIEW
    assert any(f.field == screening_pb2.FIELD_BIO and f.entity_name == "新华社" for f in r.findings)


def test_benign_profile_is_allowed(stub):
    r = screen(stub, name="会下车的河流", bio="喜欢拍照和旅行")
    assert r.decision == screening_pb2.DECISION_ALLOW and not r.findings and not r.credential_required


def test_professional_claim_requires_credential(stub):
    r = screen(stub, account_id="doc", name="健康小课堂", bio="三甲医院副主任医师")
    assert list(r.credential_required) == [common_pb2.DOMAIN_MEDICAL]
    assert r.claims[0].matched_text == "副主任医师"


def test_empty_profile_is_fine(stub):
    r = screen(stub)
    assert r.decision == screening_pb2.DECISION_ALLOW


@pytest.mark.parametrize("profile,limit", [({"name": "名" * 65}, "64"), ({"bio": "简" * 2001}, "2000")])
def test_over_long_fields_are_invalid_argument(stub, profile, limit):
    with pytest.raises(grpc.RpcError) as err:
        screen(stub, **profile)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert limit in err.value.details()
    assert screen(stub, name="正常").decision == screening_pb2.DECISION_ALLOW  # still serving


def test_malformed_request_is_invalid_argument(channel):
    call = channel.unary_unary("/impersonation.v1.ScreeningService/ScreenProfile",
                               request_serializer=lambda b: b, response_deserializer=lambda b: b)
    for garbage in (b"\xff\xff\xff\xff", b"\x0a\x05\x12\x03\xff\xfe\xfd"):  # bad varint; invalid UTF-8
        with pytest.raises(grpc.RpcError) as err:
            call(garbage, timeout=5)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_control_characters_are_removed(stub):
    r = screen(stub, name="新\u200b华\u200c社")
    assert r.decision == screening_pb2.DECISION_REJECT
    f = r.findings[0]
    assert screening_pb2.TECHNIQUE_INVISIBLE in f.techniques and f.matched_text == "新\u200b华\u200c社"


def test_health_and_reflection(channel):
    health = health_pb2_grpc.HealthStub(channel)
    assert health.Check(health_pb2.HealthCheckRequest(service=""), timeout=5).status == \
        health_pb2.HealthCheckResponse.SERVING
    assert health.Check(health_pb2.HealthCheckRequest(service="impersonation.v1.ScreeningService"),
                        timeout=5).status == health_pb2.HealthCheckResponse.SERVING
    refl = reflection_pb2_grpc.ServerReflectionStub(channel)
    resp = next(refl.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]),
                                          timeout=5))
    names = {s.name for s in resp.list_services_response.service}
    assert "impersonation.v1.ScreeningService" in names and "grpc.health.v1.Health" in names


def test_request_id_is_echoed(stub):
    _, call = stub.ScreenProfile.with_call(
        screening_pb2.ScreenProfileRequest(profile=screening_pb2.Profile(name="x")),
        metadata=[("x-request-id", "req-42")], timeout=5)
    assert ("x-request-id", "req-42") in tuple(call.trailing_metadata())
