"""Test helpers for calling an authenticated server: tokens made through the store, and
channels that send them. Imported by tests/conftest.py and by tests that start extra servers."""
from __future__ import annotations

import collections

import grpc

ALL_ROLES = ("screening", "reviewer", "admin", "auditor")


def make_token(srv, *roles: str, name: str | None = None, platform: str = "") -> str:
    """A bearer token with ``roles`` created directly in ``srv``'s store."""
    from service.auth.tokens import TokenAdmin

    roles = roles or ALL_ROLES
    _, token = TokenAdmin(srv.app.store).create_token(name or "test-" + "-".join(roles), list(roles),
                                                      actor="tests", platform=platform)
    return token


class _Details(collections.namedtuple("_Details", "method timeout metadata credentials wait_for_ready compression"),
               grpc.ClientCallDetails):
    pass


class BearerInterceptor(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                        grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """Adds ``authorization: Bearer <token>`` to every call of a channel."""

    def __init__(self, token: str):
        self.pair = ("authorization", f"Bearer {token}")

    def _details(self, d):
        return _Details(d.method, d.timeout, (*(d.metadata or ()), self.pair), d.credentials,
                        d.wait_for_ready, d.compression)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._details(details), request)

    intercept_unary_stream = intercept_unary_unary

    def intercept_stream_unary(self, continuation, details, request_iterator):
        return continuation(self._details(details), request_iterator)

    intercept_stream_stream = intercept_stream_unary


def authed_channel(address: str, token: str | None) -> grpc.Channel:
    ch = grpc.insecure_channel(address)
    grpc.channel_ready_future(ch).result(timeout=10)
    return grpc.intercept_channel(ch, BearerInterceptor(token)) if token else ch
