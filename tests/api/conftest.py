"""Servers with chosen settings (limits, anonymous screening, TLS) for the API-layer tests."""
from __future__ import annotations

import dataclasses

import pytest


@pytest.fixture
def make_server(settings):
    """``make_server(**overrides)`` → a started Server (stopped after the test) with ``.token``."""
    from authutil import make_token

    from service.api.server import Server

    started = []

    def make(**overrides):
        srv = Server(dataclasses.replace(settings, **overrides)).start()
        srv.token = lambda *roles, **kw: make_token(srv, *roles, **kw)
        started.append(srv)
        return srv

    yield make
    for srv in started:
        srv.stop(grace=1.0)
