"""`zhenwei token …` against the server's database, and settings validation at start."""
from __future__ import annotations

import pytest

from service.auth.principal import Role
from service.auth.tokens import Authenticator
from service.cli import main
from service.config import Settings
from service.domain.errors import InvalidArgument
from service.store import open_store


@pytest.fixture
def db_env(sqlite_url, monkeypatch):
    monkeypatch.setenv("ZHENWEI_DATABASE_URL", sqlite_url)
    return sqlite_url


def test_token_create_prints_only_the_token(db_env, capsys):
    assert main(["token", "create", "--role", "screening,reviewer", "--name", "platform-a"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("zw_")
    assert "platform-a" in err
    store = open_store(db_env)
    try:
        p = Authenticator(store).by_token(lines[0])
        assert p.roles == {Role.SCREENING, Role.REVIEWER}
    finally:
        store.close()


def test_token_list_and_revoke(db_env, capsys):
    main(["token", "create", "--role", "auditor", "--name", "audit-team"])
    token = capsys.readouterr().out.strip()
    assert main(["token", "list"]) == 0
    listing = capsys.readouterr().out
    assert "audit-team" in listing and token not in listing
    token_id = listing.split("\t", 1)[0]
    assert main(["token", "revoke", token_id]) == 0
    capsys.readouterr()
    main(["token", "list"])
    assert "audit-team" not in capsys.readouterr().out
    main(["token", "list", "--all"])
    assert "revoked" in capsys.readouterr().out


def test_token_create_refuses_unknown_roles(db_env, capsys):
    assert main(["token", "create", "--role", "root", "--name", "x"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "unknown role root" in err


def test_server_sees_cli_tokens_and_revocations_while_running(server, capsys, monkeypatch):
    import grpc
    from authutil import authed_channel

    from service.api.gen.impersonation.v1 import screening_pb2, screening_pb2_grpc

    monkeypatch.setenv("ZHENWEI_DATABASE_URL", server.settings.database_url)
    main(["token", "create", "--role", "screening", "--name", "live"])
    token = capsys.readouterr().out.strip()
    ch = authed_channel(server.address, token)
    stub = screening_pb2_grpc.ScreeningServiceStub(ch)
    req = screening_pb2.ScreenProfileRequest(profile=screening_pb2.Profile(name="x"))
    stub.ScreenProfile(req, timeout=10)
    main(["token", "list"])
    token_id = next(line.split("\t")[0] for line in capsys.readouterr().out.splitlines() if "\tlive\t" in line)
    main(["token", "revoke", token_id])
    import time

    time.sleep(server.settings.auth_cache_ttl_s + 0.3)
    with pytest.raises(grpc.RpcError) as err:
        stub.ScreenProfile(req, timeout=10)
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    ch.close()


@pytest.mark.parametrize("env,needle", [
    ({"ZHENWEI_MAX_NAME_CHARS": "-1"}, "ZHENWEI_MAX_NAME_CHARS"),
    ({"ZHENWEI_MAX_WORKERS": "0"}, "ZHENWEI_MAX_WORKERS"),
    ({"ZHENWEI_MAX_STREAMS": "2", "ZHENWEI_MAX_STREAMS_PER_CALLER": "3"}, "ZHENWEI_MAX_STREAMS_PER_CALLER"),
    ({"ZHENWEI_RELOAD_INTERVAL_S": "nan"}, "ZHENWEI_RELOAD_INTERVAL_S"),
    ({"ZHENWEI_LISTEN_ADDR": "50051"}, "ZHENWEI_LISTEN_ADDR"),
    ({"ZHENWEI_LISTEN_ADDR": "127.0.0.1:99999"}, "ZHENWEI_LISTEN_ADDR"),
    ({"ZHENWEI_LISTEN_ADDR": "bad host:1"}, "ZHENWEI_LISTEN_ADDR"),
    ({"ZHENWEI_LOG_LEVEL": "verbose"}, "ZHENWEI_LOG_LEVEL"),
    ({"ZHENWEI_DATABASE_URL": "mysql://x"}, "ZHENWEI_DATABASE_URL"),
    ({"ZHENWEI_ANONYMOUS_SCREENING": "maybe"}, "ZHENWEI_ANONYMOUS_SCREENING"),
    ({"ZHENWEI_AVATAR_MIN_COVERAGE": "1.5"}, "ZHENWEI_AVATAR_MIN_COVERAGE"),
    ({"ZHENWEI_TLS_CLIENT_CA_FILE": "/etc/hostname"}, "ZHENWEI_TLS_CLIENT_CA_FILE"),
    ({"ZHENWEI_AUTH_CACHE_TTL_S": "3600"}, "ZHENWEI_AUTH_CACHE_TTL_S"),
])
def test_bad_settings_are_refused_with_a_clear_message(env, needle):
    with pytest.raises(InvalidArgument, match=needle):
        Settings.from_env(env)


def test_bad_settings_stop_the_cli_with_exit_2(monkeypatch, capsys):
    monkeypatch.setenv("ZHENWEI_MAX_BIO_CHARS", "-5")
    assert main(["token", "list"]) == 2
    assert "ZHENWEI_MAX_BIO_CHARS" in capsys.readouterr().err


def test_defaults_are_valid_and_anonymous_screening_is_off():
    s = Settings.from_env({})
    assert s.anonymous_screening is False
    assert Settings.from_env({"ZHENWEI_LISTEN_ADDR": "[::]:50051"}).listen_addr == "[::]:50051"
