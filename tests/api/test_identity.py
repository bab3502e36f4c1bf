"""Who the server thinks is calling: audit actors, first-start admin, anonymous screening,
and the Principal bound around unary and streaming handlers."""
from __future__ import annotations

import grpc
import pytest
from authutil import authed_channel

from service.api.gen.impersonation.v1 import reference_bank_pb2 as rb, reference_bank_pb2_grpc
from service.api.gen.impersonation.v1 import screening_pb2, screening_pb2_grpc
from service.api.interceptors import ServiceInterceptor
from service.auth.principal import ANONYMOUS, current_principal
from service.auth.tokens import Authenticator, TokenAdmin

REQ = screening_pb2.ScreenProfileRequest(profile=screening_pb2.Profile(name="湖畔读书会"))


def test_x_actor_is_ignored_and_the_audit_names_the_token(server):
    ch = authed_channel(server.address, server.token("admin", name="ops-desk"))
    banks = reference_bank_pb2_grpc.ReferenceBankServiceStub(ch)
    banks.CreateBank(rb.CreateBankRequest(bank=rb.Bank(name="media", kind=rb.BANK_KIND_POSITIVE)),
                     metadata=[("x-actor", "someone-else")], timeout=10)
    banks.RemoveBank(rb.RemoveBankRequest(name="media"), metadata=[("x-actor", "someone-else")], timeout=10)
    log = server.app.store.audit.list(target="image_bank:media")
    assert [e.action for e in log] == ["image_bank.remove", "image_bank.create"]
    assert all(e.actor.startswith("ops-desk (tok_") and "someone-else" not in e.actor for e in log)
    ch.close()


def test_first_start_prints_an_admin_token_once(make_server, capfd):
    srv = make_server(bootstrap_admin_token=True)
    err = capfd.readouterr().err
    token = next(w for line in err.splitlines() if "first admin token" in line for w in line.split()
                 if w.startswith("zw_"))
    ch = authed_channel(srv.address, token)
    assert reference_bank_pb2_grpc.ReferenceBankServiceStub(ch).ListBanks(rb.ListBanksRequest(), timeout=10) \
        is not None
    ch.close()
    srv.stop(grace=0.5)
    make_server(bootstrap_admin_token=True)  # same database: an admin exists, nothing is printed
    assert "first admin token" not in capfd.readouterr().err


def test_anonymous_screening_only_when_set(make_server):
    closed = make_server()
    ch = authed_channel(closed.address, None)
    with pytest.raises(grpc.RpcError) as err:
        screening_pb2_grpc.ScreeningServiceStub(ch).ScreenProfile(REQ, timeout=10)
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    ch.close()

    opened = make_server(anonymous_screening=True)
    ch = authed_channel(opened.address, None)
    assert screening_pb2_grpc.ScreeningServiceStub(ch).ScreenProfile(REQ, timeout=10).decision == \
        screening_pb2.DECISION_ALLOW
    ch.close()
    for token in ("zw_" + "B" * 43, opened.token("admin")):  # invalid → UNAUTHENTICATED; wrong role → DENIED
        ch = authed_channel(opened.address, token)
        with pytest.raises(grpc.RpcError) as err:
            screening_pb2_grpc.ScreeningServiceStub(ch).ScreenProfile(REQ, timeout=10)
        assert err.value.code() in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED)
        assert (err.value.code() == grpc.StatusCode.UNAUTHENTICATED) == token.startswith("zw_BBB")
        ch.close()


class FakeContext:
    def __init__(self, metadata=()):
        self.metadata = tuple(metadata)
        self._code = None

    def invocation_metadata(self):
        return self.metadata

    def set_trailing_metadata(self, md):
        pass

    def auth_context(self):
        return {}

    def time_remaining(self):
        return 5.0

    def peer(self):
        return "ipv4:127.0.0.1:5555"

    def code(self):
        return self._code

    def abort(self, code, details):
        self._code = code
        raise RuntimeError(f"{code.name}: {details}")


def test_principal_is_bound_for_unary_and_streaming_handlers_and_unbound_after(server):
    token = server.token("reviewer", "screening", name="binder")
    seen = []
    unary = grpc.unary_unary_rpc_method_handler(lambda req, ctx: seen.append(current_principal()) or b"")
    stream = grpc.unary_stream_rpc_method_handler(
        lambda req, ctx: (seen.append(current_principal()) or b"" for _ in range(2)))
    icpt = ServiceInterceptor(server.settings, Authenticator(server.app.store))
    md = [("authorization", f"Bearer {token}")]

    class Details:
        def __init__(self, method):
            self.method = method

    h = icpt.intercept_service(lambda d: unary, Details("/impersonation.v1.ScreeningService/ScreenProfile"))
    h.unary_unary(b"", FakeContext(md))
    h = icpt.intercept_service(lambda d: stream, Details("/impersonation.v1.CredentialService/WatchVerificationEvents"))
    assert list(h.unary_stream(b"", FakeContext(md))) == [b"", b""]
    assert [p.name for p in seen] == ["binder"] * 3
    assert current_principal() is ANONYMOUS
    assert icpt.admission.open_streams == 0
    # an RPC missing from the table is denied even to a caller holding every role
    everything = server.token("screening", "reviewer", "admin", "auditor")
    h = icpt.intercept_service(lambda d: unary, Details("/impersonation.v1.ScreeningService2/New"))
    with pytest.raises(RuntimeError, match="PERMISSION_DENIED"):
        h.unary_unary(b"", FakeContext([("authorization", f"Bearer {everything}")]))


def test_tokens_made_by_token_admin_work_over_the_wire(server):
    _, token = TokenAdmin(server.app.store).create_token("wire", "screening", actor="t")
    ch = authed_channel(server.address, token)
    assert screening_pb2_grpc.ScreeningServiceStub(ch).ScreenProfile(REQ, timeout=10).decision == \
        screening_pb2.DECISION_ALLOW
    ch.close()
