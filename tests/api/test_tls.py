"""TLS and mutual TLS end to end, with certificates made at test time."""
from __future__ import annotations

import datetime as dt
import ipaddress

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from service.api.gen.impersonation.v1 import reference_bank_pb2 as rb, reference_bank_pb2_grpc
from service.api.gen.impersonation.v1 import screening_pb2, screening_pb2_grpc
from service.auth.tokens import TokenAdmin
from service.domain.errors import AlreadyExists, InvalidArgument


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_cert(cn: str, issuer=None, ca: bool = False, server: bool = False):
    """(cert, key) signed by ``issuer`` = (cert, key), or self-signed."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(_name(cn))
               .issuer_name(issuer[0].subject if issuer else _name(cn))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if server:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    cert = builder.sign(issuer[1] if issuer else key, hashes.SHA256())
    return cert, key


def pem(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


@pytest.fixture
def pki(tmp_path):
    ca = make_cert("zhenwei test CA", ca=True)
    srv = make_cert("localhost", issuer=ca, server=True)
    client = make_cert("platform-a", issuer=ca)
    stranger = make_cert("platform-a", issuer=ca)  # same CN, not registered
    other_ca = make_cert("other CA", ca=True)
    outsider = make_cert("platform-a", issuer=other_ca)
    files = {}
    for label, data in [("ca", pem(ca[0])), ("cert", pem(srv[0])), ("key", key_pem(srv[1]))]:
        path = tmp_path / f"{label}.pem"
        path.write_bytes(data)
        files[label] = str(path)
    return dict(files=files, ca=ca, client=client, stranger=stranger, outsider=outsider)


def tls_channel(address, pki, client=None):
    creds = grpc.ssl_channel_credentials(
        root_certificates=pem(pki["ca"][0]),
        private_key=key_pem(client[1]) if client else None,
        certificate_chain=pem(client[0]) if client else None)
    return grpc.secure_channel(address, creds)


def screen(ch, metadata=None):
    return screening_pb2_grpc.ScreeningServiceStub(ch).ScreenProfile(
        screening_pb2.ScreenProfileRequest(profile=screening_pb2.Profile(name="湖畔读书会")), metadata=metadata,
        timeout=10)


def code_of(fn):
    try:
        fn()
    except grpc.RpcError as err:
        return err.code()
    return grpc.StatusCode.OK


def test_tls_serves_tokens_and_refuses_plaintext(make_server, pki):
    srv = make_server(tls_cert_file=pki["files"]["cert"], tls_key_file=pki["files"]["key"])
    assert srv.tls
    token = srv.token("screening")
    ch = tls_channel(srv.address, pki)
    assert screen(ch, [("authorization", f"Bearer {token}")]).decision == screening_pb2.DECISION_ALLOW
    assert code_of(lambda: screen(ch)) == grpc.StatusCode.UNAUTHENTICATED
    plain = grpc.insecure_channel(srv.address)
    assert code_of(lambda: screen(plain, [("authorization", f"Bearer {token}")])) == grpc.StatusCode.UNAVAILABLE
    ch.close()
    plain.close()


def test_mutual_tls_client_certificate_stands_for_a_token(make_server, pki):
    f = pki["files"]
    srv = make_server(tls_cert_file=f["cert"], tls_key_file=f["key"], tls_client_ca_file=f["ca"])
    admin = TokenAdmin(srv.app.store)
    record, fingerprint = admin.register_certificate("platform-a", "screening", pem(pki["client"][0]), actor="t")
    assert len(fingerprint) == 64 and record.kind == "cert"
    with pytest.raises(AlreadyExists):
        admin.register_certificate("again", "screening", pem(pki["client"][0]), actor="t")
    with pytest.raises(InvalidArgument):
        admin.register_certificate("junk", "screening", b"not a certificate", actor="t")

    ch = tls_channel(srv.address, pki, pki["client"])
    assert screen(ch).decision == screening_pb2.DECISION_ALLOW  # no token: the certificate is the identity
    banks = reference_bank_pb2_grpc.ReferenceBankServiceStub(ch)
    assert code_of(lambda: banks.ListBanks(rb.ListBanksRequest(), timeout=10)) == grpc.StatusCode.PERMISSION_DENIED
    # a bearer token on the same connection takes precedence
    admin_token = srv.token("admin")
    banks.ListBanks(rb.ListBanksRequest(), metadata=[("authorization", f"Bearer {admin_token}")], timeout=10)
    ch.close()

    # same CA and same CN, but never registered: no identity
    ch = tls_channel(srv.address, pki, pki["stranger"])
    assert code_of(lambda: screen(ch)) == grpc.StatusCode.UNAUTHENTICATED
    ch.close()
    # no client certificate, or one from another CA: the handshake fails
    for client in (None, pki["outsider"]):
        ch = tls_channel(srv.address, pki, client)
        assert code_of(lambda: screen(ch)) == grpc.StatusCode.UNAVAILABLE
        ch.close()

    # revoking the registration ends it (within the cache TTL)
    admin.revoke(record.id, actor="t")
    import time

    time.sleep(srv.settings.auth_cache_ttl_s + 0.2)
    ch = tls_channel(srv.address, pki, pki["client"])
    assert code_of(lambda: screen(ch)) == grpc.StatusCode.UNAUTHENTICATED
    ch.close()


def test_missing_tls_files_are_refused_at_start(settings, tmp_path):
    import dataclasses

    with pytest.raises(InvalidArgument, match="ZHENWEI_TLS_CERT_FILE"):
        dataclasses.replace(settings, tls_cert_file=str(tmp_path / "none.pem"), tls_key_file=str(tmp_path / "k.pem"))
    with pytest.raises(InvalidArgument, match="ZHENWEI_TLS_KEY_FILE"):
        dataclasses.replace(settings, tls_cert_file=str(tmp_path))
