"""Size limits before decoding, unknown enum values, and clean error messages."""
from __future__ import annotations

import grpc
import pytest

from service.api.gen.impersonation.v1 import (
    common_pb2, credential_pb2 as cpb, credential_pb2_grpc, reference_bank_pb2 as rb, reference_bank_pb2_grpc,
    screening_pb2, screening_pb2_grpc,
)
from service.api.interceptors import safe_message, unknown_enum_field
from service.config import EVIDENCE_FILES, TRANSPORT_HEADROOM, Settings

MiB = 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n"


def code_and_details(fn, *args, **kw):
    try:
        fn(*args, **kw)
    except grpc.RpcError as err:
        return err.code(), err.details()
    return grpc.StatusCode.OK, ""


def test_size_table_is_consistent_with_the_transport_cap():
    s = Settings()
    limits = s.request_byte_limits()
    assert s.transport_max_bytes() == max(limits.values()) + TRANSPORT_HEADROOM
    # README: up to 5 evidence files of 2 MiB each fit one SubmitCredential
    assert limits["/impersonation.v1.CredentialService/SubmitCredential"] >= 5 * 2 * MiB
    assert s.request_byte_limit("/impersonation.v1.LexiconAdminService/GetEntry") == s.max_request_bytes
    from service.credentials.verifier import MAX_EVIDENCE

    assert EVIDENCE_FILES == MAX_EVIDENCE


def test_five_evidence_files_of_two_mib_are_accepted(channel):
    stub = credential_pb2_grpc.CredentialServiceStub(channel)
    evidence = [cpb.Evidence(content=PNG + bytes([i]) * (2 * MiB - len(PNG)), content_type="image/png")
                for i in range(5)]
    code, details = code_and_details(stub.SubmitCredential, cpb.SubmitCredentialRequest(
        account_id="big-evidence", domain=common_pb2.DOMAIN_MEDICAL,
        credential_type=cpb.CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE, number="110110101000299", holder_name="张三",
        evidence=evidence), timeout=60)
    assert code not in (grpc.StatusCode.RESOURCE_EXHAUSTED,) and "bytes;" not in details, (code, details)


@pytest.mark.parametrize("what", ["screen", "submit", "small"])
def test_oversize_requests_are_invalid_argument_naming_the_limit(server, channel, what):
    s = server.settings
    if what == "screen":
        method = "/impersonation.v1.ScreeningService/ScreenProfile"
        stub = screening_pb2_grpc.ScreeningServiceStub(channel)
        call = lambda: stub.ScreenProfile(screening_pb2.ScreenProfileRequest(  # noqa: E731
            profile=screening_pb2.Profile(name="x", avatar=PNG + b"\0" * (s.max_avatar_bytes + 200_000))), timeout=30)
    elif what == "submit":
        method = "/impersonation.v1.CredentialService/SubmitCredential"
        stub = credential_pb2_grpc.CredentialServiceStub(channel)
        ev = [cpb.Evidence(content=PNG + b"\0" * (s.max_avatar_bytes + 100_000)) for _ in range(5)]
        call = lambda: stub.SubmitCredential(cpb.SubmitCredentialRequest(account_id="a", evidence=ev),  # noqa: E731
                                             timeout=60)
    else:
        method = "/impersonation.v1.ReferenceBankService/ListReferences"
        stub = reference_bank_pb2_grpc.ReferenceBankServiceStub(channel)
        call = lambda: stub.ListReferences(rb.ListReferencesRequest(bank="b" * 100_000), timeout=30)  # noqa: E731
    code, details = code_and_details(call)
    assert code == grpc.StatusCode.INVALID_ARGUMENT, (code, details)
    assert str(s.request_byte_limit(method)) in details


def test_unknown_enum_values_are_invalid_argument(channel):
    screen = screening_pb2_grpc.ScreeningServiceStub(channel)
    req = screening_pb2.ScreenProfileRequest(profile=screening_pb2.Profile(name="正常"))
    req.profile.subject.kind = 7
    code, details = code_and_details(screen.ScreenProfile, req, timeout=10)
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "subject.kind" in details, (code, details)
    assert "Traceback" not in details
    banks = reference_bank_pb2_grpc.ReferenceBankServiceStub(channel)
    code, details = code_and_details(banks.CreateBank, rb.CreateBankRequest(bank=rb.Bank(name="b", kind=9)),
                                     timeout=10)
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "kind" in details
    creds = credential_pb2_grpc.CredentialServiceStub(channel)
    code, _ = code_and_details(creds.CheckPublishing, cpb.CheckPublishingRequest(account_id="a", domain=99), timeout=10)
    assert code == grpc.StatusCode.INVALID_ARGUMENT


def test_unknown_enum_walker_reaches_nested_and_repeated_fields():
    resp = screening_pb2.ScreenProfileResponse(findings=[screening_pb2.Finding(), screening_pb2.Finding()])
    assert unknown_enum_field(resp) is None
    resp.findings[1].techniques.append(250)
    assert unknown_enum_field(resp) == "findings[1].techniques (Technique 250)"


@pytest.mark.parametrize("text", [
    "cannot open /work/main/var/zhenwei.sqlite3: locked",
    "bad file C:\\data\\lexicon\\x.tsv here",
    "object <service.app.App object at 0x7f3a2b1c9d00> failed",
])
def test_error_messages_carry_no_paths_or_reprs(text):
    out = safe_message(text)
    assert "/work" not in out and "\\data" not in out and "0x7f" not in out and "object at" not in out


def test_safe_message_keeps_ordinary_text():
    assert safe_message("name is over 64 characters (limit 64)") == "name is over 64 characters (limit 64)"
    assert safe_message("use https://example.org/x") .startswith("use ")


def test_the_callers_deadline_reaches_the_screener(server, channel, monkeypatch):
    import time

    seen = []
    real = server.app.screener.screen
    monkeypatch.setattr(server.app.screener, "screen", lambda p, deadline=None, platform=None: seen.append(deadline) or real(p, deadline, platform))
    stub = screening_pb2_grpc.ScreeningServiceStub(channel)
    stub.ScreenProfile(screening_pb2.ScreenProfileRequest(profile=screening_pb2.Profile(name="湖畔读书会")), timeout=8)
    assert seen and seen[0] is not None and 0 < seen[0] - time.monotonic() <= 8.5  # clock rounding
