"""The console's HTTP server (waitress in a thread): serves on an ephemeral port, stops cleanly,
refuses a taken port by name; the console settings are validated."""
from __future__ import annotations

import dataclasses
import socket
import urllib.error
import urllib.request

import pytest

from service.config import Settings
from service.console.server import ConsoleServer
from service.domain.errors import InvalidArgument


def test_serves_and_stops(env):
    srv = ConsoleServer(env.app, dataclasses.replace(env.settings, console_addr="127.0.0.1:0")).start()
    try:
        with urllib.request.urlopen(f"{srv.url}/login", timeout=5) as resp:
            assert resp.status == 200
            assert resp.headers["X-Frame-Options"] == "DENY"
            assert "审核员登录" in resp.read().decode("utf-8")
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(urllib.request.Request(f"{srv.url}/logout", data=b"", method="POST"), timeout=5)
        assert err.value.code == 401
    finally:
        srv.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", srv.port), timeout=1).close()


def test_a_taken_port_is_refused_by_name(env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InvalidArgument, match="ZHENWEI_CONSOLE_ADDR"):
            ConsoleServer(env.app, dataclasses.replace(env.settings, console_addr=f"127.0.0.1:{port}"))


@pytest.mark.parametrize("env_vars, variable", [
    ({"ZHENWEI_CONSOLE_ADDR": "nohost"}, "ZHENWEI_CONSOLE_ADDR"),
    ({"ZHENWEI_CONSOLE_ADDR": "127.0.0.1:99999"}, "ZHENWEI_CONSOLE_ADDR"),
    ({"ZHENWEI_CONSOLE_ADDR": "127.0.0.1:50051"}, "ZHENWEI_CONSOLE_ADDR"),  # the gRPC port
    ({"ZHENWEI_CONSOLE_SESSION_S": "10"}, "ZHENWEI_CONSOLE_SESSION_S"),
    ({"ZHENWEI_CONSOLE_SESSION_S": str(30 * 86400)}, "ZHENWEI_CONSOLE_SESSION_S"),
    ({"ZHENWEI_CONSOLE_TRUSTED_PROXY": "a b"}, "ZHENWEI_CONSOLE_TRUSTED_PROXY"),
    ({"ZHENWEI_CONSOLE_SECURE_COOKIE": "maybe"}, "ZHENWEI_CONSOLE_SECURE_COOKIE"),
])
def test_settings_are_checked(env_vars, variable):
    with pytest.raises(InvalidArgument, match=variable):
        Settings.from_env(env_vars)


def test_console_is_off_by_default():
    s = Settings.from_env({})
    assert s.console_addr == "" and s.console_session_s == 28800 and not s.console_secure_cookie
    assert Settings.from_env({"ZHENWEI_CONSOLE_ADDR": "0.0.0.0:8080"}).console_addr == "0.0.0.0:8080"
