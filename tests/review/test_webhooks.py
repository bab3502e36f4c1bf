"""Outcome webhooks: HMAC-SHA256 signed bodies, retries with backoff, the delivery log, redelivery."""
from __future__ import annotations

import http.server
import json
import threading

import pytest
from review_helpers import plain_region

from service.credentials.crypto import cipher_for
from service.domain.errors import InvalidArgument
from service.review.webhooks import WebhookDispatcher, http_post, sign


class FakeReceiver:
    def __init__(self, codes):
        self.codes = list(codes)
        self.calls = []

    def __call__(self, url, body, headers, timeout_s):
        self.calls.append((url, body, headers))
        code = self.codes.pop(0) if self.codes else 200
        if code == 0:
            raise ConnectionError("refused")
        return code


def _dispatcher(store, clock, post):
    return WebhookDispatcher(store, cipher_for("unit-test-secret", lambda: ""), clock, post=post, max_attempts=3,
                             base_backoff_s=10)


def test_signed_delivery_retries_with_backoff_and_redelivery(desk, store, clock):
    receiver = FakeReceiver([500, 0, 200])
    hooks = _dispatcher(store, clock, receiver)
    with pytest.raises(InvalidArgument):
        hooks.set_webhook("p", "ftp://x", "ops")
    secret = hooks.set_webhook("p", "https://platform.example/hook", "ops")
    case = desk.open_from_screening(*plain_region(account="w1"), platform="p")
    desk.open_from_screening(*plain_region(account="w2"), platform="no-hook")
    assert hooks.run_once() == 1
    [(url, body, headers)] = receiver.calls
    assert url == "https://platform.example/hook"
    assert headers["X-Zhenwei-Signature"] == sign(secret, int(headers["X-Zhenwei-Timestamp"]), body)
    assert json.loads(body)["case_id"] == case.id and json.loads(body)["outcome"] == "OPENED"
    [d] = hooks.deliveries("p")
    assert (d.status, d.attempts, d.last_status) == ("PENDING", 1, 500)
    assert hooks.run_once() == 0  # not due before the backoff
    clock.advance(seconds=10)
    assert hooks.run_once() == 1  # second attempt: no answer
    [d] = hooks.deliveries("p")
    assert (d.status, d.attempts, d.last_status) == ("PENDING", 2, 0) and "refused" in d.last_error
    clock.advance(seconds=19)
    assert hooks.run_once() == 0  # backoff doubled to 20 s
    clock.advance(seconds=1)
    assert hooks.run_once() == 1
    [d] = hooks.deliveries("p")
    assert (d.status, d.attempts, d.last_status) == ("DELIVERED", 3, 200)
    hooks.redeliver(d.id, "ops")
    assert hooks.run_once() == 1 and len(receiver.calls) == 4
    assert [e.action for e in store.audit.list("webhook:p")] == ["webhook.set"]


def test_gives_up_after_max_attempts(desk, store, clock):
    receiver = FakeReceiver([503] * 10)
    hooks = _dispatcher(store, clock, receiver)
    hooks.set_webhook("p", "https://platform.example/hook", "ops")
    desk.open_from_screening(*plain_region(account="w1"), platform="p")
    for _ in range(5):
        hooks.run_once()
        clock.advance(seconds=3600)
    [d] = hooks.deliveries("p")
    assert (d.status, d.attempts) == ("FAILED", 3) and len(receiver.calls) == 3


def test_real_http_post_carries_a_verifiable_signature(desk, store, clock):
    got = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        hooks = _dispatcher(store, clock, http_post)
        secret = hooks.set_webhook("p", f"http://127.0.0.1:{srv.server_port}/hook", "ops")
        desk.open_from_screening(*plain_region(account="w1"), platform="p")
        assert hooks.run_once() == 1
        [(headers, body)] = got
        assert headers["X-Zhenwei-Signature"] == sign(secret, int(headers["X-Zhenwei-Timestamp"]), body)
        assert hooks.deliveries()[0].status == "DELIVERED"
    finally:
        srv.shutdown()


def test_cli_sets_lists_and_redelivers(sqlite_url, monkeypatch, capsys):
    from service.cli import main

    monkeypatch.setenv("ZHENWEI_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("ZHENWEI_SECRET_KEY", "cli-test-secret")
    assert main(["review", "webhook", "set", "--platform", "p", "--url", "https://platform.example/h"]) == 0
    assert capsys.readouterr().out.startswith("whsec_")
    assert main(["review", "webhook", "deliveries"]) == 0
    assert main(["review", "webhook", "redeliver", "99"]) == 2  # no such delivery
    assert main(["review", "webhook", "remove", "--platform", "p"]) == 0
    assert main(["review", "webhook", "remove", "--platform", "p"]) == 2
