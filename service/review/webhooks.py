"""Outcome delivery by webhook, for platforms that want a push instead of the stream.

A platform's webhook (URL and a secret shown once) is set by an operator. Every outcome event
of that platform's cases becomes one *delivery* (unique per platform and event), POSTed as JSON
with the headers

    X-Zhenwei-Event-Id:  the event's cursor
    X-Zhenwei-Timestamp: Unix seconds of this attempt
    X-Zhenwei-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>

(the convention of identity-verification services: the receiver recomputes the HMAC over the
timestamp and the raw body, compares in constant time and refuses old timestamps). A 2xx answer
delivers it; anything else (or no answer within ``timeout_s``) is retried after
``base_backoff_s × 2^(attempt−1)`` (capped at an hour) until ``max_attempts``, then FAILED. Every
attempt is in the delivery log; a FAILED or DELIVERED delivery can be sent again (``redeliver``).

Several replicas may run the dispatcher: the enqueue cursor moves by compare-and-set and each
delivery is taken with a conditional UPDATE (a short lease), so each attempt is made once.
Secrets are stored encrypted with the service's key (``ZHENWEI_SECRET_KEY``).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Callable

from service.domain.errors import InvalidArgument, NotFound

log = logging.getLogger("zhenwei.review.webhooks")

MAX_URL = 2000
_KIND = "review-webhook"


def _ts(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Zhenwei-Signature`` value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


@dataclass(frozen=True)
class Delivery:
    id: int
    platform: str
    event_cursor: str
    case_id: str
    body: str
    status: str           # PENDING | DELIVERED | FAILED
    attempts: int
    next_attempt_at: str
    last_attempt_at: str
    last_status: int      # HTTP status of the last attempt (0: no answer)
    last_error: str
    created_at: str


def http_post(url: str, body: bytes, headers: dict[str, str], timeout_s: float) -> int:
    """POSTs and returns the HTTP status (0 and an exception message when there was no answer)."""
    req = urllib.request.Request(url, data=body, method="POST", headers={**headers,
                                                                          "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout_s) as resp:  # noqa: S310 - operator-set http(s) URL
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


class WebhookDispatcher:
    def __init__(self, store, cipher, clock: Callable[[], dt.datetime],
                 post: Callable[[str, bytes, dict, float], int] = http_post, max_attempts: int = 8,
                 base_backoff_s: float = 30.0, timeout_s: float = 5.0):
        self.store = store
        self.repo = store.review
        self.cipher = cipher
        self.clock = clock
        self.post = post
        self.max_attempts = max_attempts
        self.base_backoff_s = base_backoff_s
        self.timeout_s = timeout_s

    # -- management ------------------------------------------------------------------------------
    def set_webhook(self, platform: str, url: str, actor: str) -> str:
        """Sets (or replaces) ``platform``'s webhook; returns the new signing secret (shown once)."""
        if not platform or len(platform) > 120 or not platform.isprintable():
            raise InvalidArgument("platform is required")
        if not url.startswith(("https://", "http://")) or len(url) > MAX_URL or not url.isprintable():
            raise InvalidArgument("url must be an http(s) URL")
        secret = "whsec_" + secrets.token_urlsafe(32)
        with self.store.db.transaction():
            self.repo.set_webhook(platform, url, self.cipher.encrypt(_KIND, secret), _ts(self.clock()), actor)
            self.store.audit.record(actor, "webhook.set", f"webhook:{platform}", {"url": url})
        return secret

    def remove_webhook(self, platform: str, actor: str) -> None:
        with self.store.db.transaction():
            if not self.repo.remove_webhook(platform):
                raise NotFound(f"no webhook for {platform}")
            self.store.audit.record(actor, "webhook.remove", f"webhook:{platform}", {})

    def deliveries(self, platform: str = "", status: str = "", limit: int = 100) -> list[Delivery]:
        return [self._delivery(r) for r in self.repo.deliveries(platform, status, min(max(limit, 1), 1000))]

    def redeliver(self, delivery_id: int, actor: str) -> None:
        with self.store.db.transaction():
            if not self.repo.redeliver(int(delivery_id), _ts(self.clock())):
                raise NotFound(f"no delivery {delivery_id}")
            self.store.audit.record(actor, "webhook.redeliver", f"delivery:{delivery_id}", {})

    # -- work --------------------------------------------------------------------------------------
    def enqueue(self, batch: int = 500) -> int:
        """Turns outcome events after the enqueue cursor into deliveries; returns how many."""
        hooks = self.repo.webhooks()
        cursor = self.repo.webhook_cursor()
        events = self.repo.events_after(cursor, batch)
        if not events:
            return 0
        made = 0
        now = _ts(self.clock())
        with self.store.db.transaction():
            if not self.repo.advance_webhook_cursor(cursor, events[-1].id):
                return 0  # another replica enqueued this batch
            for e in events:
                if e.platform not in hooks:
                    continue
                body = json.dumps({"cursor": str(e.id), "at": e.at, "case_id": e.case_id, "kind": e.kind,
                                   "outcome": e.outcome, "status": e.status, "account_id": e.account_id,
                                   "verdict": e.verdict, "actions": [a for a in e.actions.split(",") if a],
                                   "reason_code": e.reason_code}, ensure_ascii=False, sort_keys=True)
                self.repo.add_delivery(e.platform, e.id, e.case_id, body, now)
                made += 1
        return made

    def deliver_due(self, limit: int = 50) -> int:
        """Attempts the deliveries that are due; returns how many were attempted."""
        now = self.clock()
        hooks = self.repo.webhooks()
        rows = self.repo.claim_due_deliveries(_ts(now), _ts(now + dt.timedelta(seconds=self.timeout_s * 3)), limit)
        for r in rows:
            d = self._delivery(r)
            hook = hooks.get(d.platform)
            attempts = d.attempts + 1
            if hook is None:
                self.repo.finish_delivery(d.id, "FAILED", attempts, d.next_attempt_at, _ts(now), 0,
                                          "the platform has no webhook any more")
                continue
            url, secret_enc = hook
            secret = self.cipher.decrypt(_KIND, secret_enc)
            stamp = int(now.timestamp())
            body = d.body.encode("utf-8")
            headers = {"X-Zhenwei-Event-Id": d.event_cursor, "X-Zhenwei-Timestamp": str(stamp),
                       "X-Zhenwei-Signature": sign(secret, stamp, body)}
            try:
                code, error = self.post(url, body, headers, self.timeout_s), ""
            except Exception as exc:  # noqa: BLE001 - no answer: retried
                code, error = 0, f"{type(exc).__name__}: {exc}"
            if 200 <= code < 300:
                self.repo.finish_delivery(d.id, "DELIVERED", attempts, "", _ts(now), code, "")
                continue
            error = error or f"HTTP {code}"
            if attempts >= self.max_attempts:
                self.repo.finish_delivery(d.id, "FAILED", attempts, "", _ts(now), code, error)
                log.warning("webhook delivery %s to platform %s failed after %d attempts", d.id, d.platform, attempts)
                continue
            delay = min(self.base_backoff_s * 2 ** (attempts - 1), 3600.0)
            self.repo.finish_delivery(d.id, "PENDING", attempts, _ts(now + dt.timedelta(seconds=delay)), _ts(now),
                                      code, error)
        return len(rows)

    def run_once(self) -> int:
        self.enqueue()
        return self.deliver_due()

    @staticmethod
    def _delivery(r: tuple) -> Delivery:
        return Delivery(int(r[0]), r[1], str(r[2]), r[3], r[4], r[5], int(r[6]), r[7], r[8], int(r[9]), r[10], r[11])
