"""Every RPC of every service × every kind of caller: who gets in, who is turned away.

The expected table below is written from the issue's role definitions, independently of
``service.auth.rpc_roles``; methods are enumerated from the proto descriptors, so an RPC
added later is walked too (and fails here until the spec below says who may call it).
"""
from __future__ import annotations

import grpc
import pytest
from authutil import authed_channel

from service.api.gen.impersonation.v1 import (
    credential_pb2, lexicon_admin_pb2, reference_bank_pb2, review_pb2, screening_pb2,
)
from service.auth import rpc_roles

DENIED = {grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED}
ROLES = ("screening", "reviewer", "admin", "auditor")


def all_methods():
    for module in (screening_pb2, credential_pb2, lexicon_admin_pb2, reference_bank_pb2, review_pb2):
        for service in module.DESCRIPTOR.services_by_name.values():
            for m in service.methods:
                yield f"/{service.full_name}/{m.name}", m.server_streaming


METHODS = sorted(all_methods())


def expected_roles(method: str) -> set[str]:
    service, name = method.lstrip("/").split("/")
    service = service.rsplit(".", 1)[-1]
    if service == "ScreeningService":
        return {"screening"}
    if service == "CredentialService":
        return {"SubmitCredential": {"screening"}, "CheckPublishing": {"screening"},
                "GetVerification": {"screening", "reviewer"}, "WatchVerificationEvents": {"screening", "reviewer"},
                "ReviewVerification": {"reviewer"}}[name]
    if service == "LexiconAdminService":
        return {"admin", "auditor"} if name == "ListAuditLog" else {"admin"}
    if service == "ReferenceBankService":
        return {"admin"}
    if service == "ReviewService":
        return {"ListCases": {"reviewer", "auditor"}, "GetCase": {"reviewer", "auditor"},
                "ClaimCase": {"reviewer"}, "ReleaseCase": {"reviewer"}, "DecideCase": {"reviewer"},
                "SubmitReport": {"screening"}, "SubmitAppeal": {"screening"},
                "WatchCaseOutcomes": {"screening", "reviewer"}, "ProposeLexiconChange": {"reviewer"},
                "ListProposals": {"reviewer", "admin", "auditor"}, "DecideProposal": {"admin"}}[name]
    raise AssertionError(f"no expectation for {method}")


def call(channel, method: str, streaming: bool) -> grpc.StatusCode:
    """Calls ``method`` with an empty request; the status it ends with (OK included)."""
    ident = dict(request_serializer=lambda b: b, response_deserializer=lambda b: b)
    try:
        if streaming:
            for _ in channel.unary_stream(method, **ident)(b"", timeout=10):
                pass
        else:
            channel.unary_unary(method, **ident)(b"", timeout=10)
    except grpc.RpcError as err:
        return err.code()
    return grpc.StatusCode.OK


def check(channel, roles: set[str], anonymous_screening: bool = False, label: str = "") -> list[str]:
    wrong = []
    for method, streaming in METHODS:
        code = call(channel, method, streaming)
        if roles is None:  # no identity at all
            allowed = anonymous_screening and method.endswith("ScreeningService/ScreenProfile")
            if allowed != (code not in DENIED) or (not allowed and code != grpc.StatusCode.UNAUTHENTICATED):
                wrong.append(f"{label} {method}: {code.name}")
            continue
        allowed = bool(expected_roles(method) & roles)
        if allowed and code in DENIED:
            wrong.append(f"{label} {method}: {code.name}, expected to be let in")
        if not allowed and code != grpc.StatusCode.PERMISSION_DENIED:
            wrong.append(f"{label} {method}: {code.name}, expected PERMISSION_DENIED")
    return wrong


def test_every_method_has_a_spec_and_the_table_names_no_ghosts():
    for method, _ in METHODS:
        assert expected_roles(method)
        assert {r.value for r in rpc_roles.roles_for(method)} == expected_roles(method), method
    known = {m for m, _ in METHODS}
    services = {m.rsplit("/", 1)[0] for m in known}
    for key in rpc_roles.RPC_ROLES:
        assert key in known or (key.endswith("/*") and key[:-2] in services), f"stale entry {key}"
    assert rpc_roles.roles_for("/impersonation.v1.NoSuchService/Anything") == frozenset()


@pytest.mark.parametrize("anonymous_screening", [False, True])
def test_matrix_roles_by_rpcs(make_server, anonymous_screening):
    srv = make_server(anonymous_screening=anonymous_screening)
    wrong = []
    anon = authed_channel(srv.address, None)
    wrong += check(anon, None, anonymous_screening, "anonymous")
    for role in ROLES:
        ch = authed_channel(srv.address, srv.token(role, name=f"matrix-{role}"))
        wrong += check(ch, {role}, label=role)
        ch.close()
    both = authed_channel(srv.address, srv.token("screening", "reviewer", name="matrix-both"))
    wrong += check(both, {"screening", "reviewer"}, label="screening+reviewer")
    # a token that is sent but not valid is UNAUTHENTICATED everywhere, even with anonymous screening on
    bogus = authed_channel(srv.address, "zw_" + "A" * 43)
    for method, streaming in METHODS:
        code = call(bogus, method, streaming)
        if code != grpc.StatusCode.UNAUTHENTICATED:
            wrong.append(f"invalid token {method}: {code.name}")
    assert not wrong, "\n".join(wrong)


def test_health_and_reflection_stay_open(anon_channel):
    from grpc_health.v1 import health_pb2, health_pb2_grpc
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

    health = health_pb2_grpc.HealthStub(anon_channel)
    assert health.Check(health_pb2.HealthCheckRequest(), timeout=5).status == health_pb2.HealthCheckResponse.SERVING
    refl = reflection_pb2_grpc.ServerReflectionStub(anon_channel)
    resp = next(refl.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]),
                                          timeout=5))
    assert any(s.name == "impersonation.v1.ScreeningService" for s in resp.list_services_response.service)


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer not-a-token", "zw_abc"])
def test_malformed_authorization_is_unauthenticated(server, header):
    ch = grpc.insecure_channel(server.address)
    stub = ch.unary_unary("/impersonation.v1.ScreeningService/ScreenProfile",
                          request_serializer=lambda b: b, response_deserializer=lambda b: b)
    with pytest.raises(grpc.RpcError) as err:
        stub(b"", metadata=[("authorization", header)], timeout=5)
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    ch.close()
