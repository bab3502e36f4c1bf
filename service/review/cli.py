"""``zhenwei audit``: verify, export and prune the hash-chained audit log.

    zhenwei audit verify                      # exit 0: chain intact; 1: tampering found
    zhenwei audit export --since 2026-01-01 out.jsonl   # JSONL for a regulator (with hashes)
    zhenwei audit prune [--older-than-days N]  # never below ZHENWEI_AUDIT_RETENTION_DAYS (≥ 180)
    zhenwei review webhook set --platform P --url https://…   # prints the signing secret once
    zhenwei review webhook remove --platform P
    zhenwei review webhook deliveries [--platform P] [--status FAILED]
    zhenwei review webhook redeliver ID
"""
from __future__ import annotations

import datetime as dt
import json
import sys

from service.config import MIN_AUDIT_RETENTION_DAYS, Settings
from service.domain.errors import InvalidArgument


def _store():
    from service.store import open_store

    return open_store(Settings.from_env().database_url)


def cmd_verify(args) -> int:
    store = _store()
    try:
        report = store.audit.verify()
    finally:
        store.close()
    for p in report.problems:
        print(f"TAMPERED: {p}", file=sys.stderr)
    summary = {"ok": report.ok, "checked": report.checked, "anchor_seq": report.anchor_seq,
               "head_seq": report.head_seq, "head_hash": report.head_hash, "problems": len(report.problems)}
    print(json.dumps(summary))
    return 0 if report.ok else 1


def _since(text: str) -> str:
    if not text:
        return ""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidArgument("--since must be an ISO date or time (2026-01-01 or 2026-01-01T08:00:00+00:00)") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")


def cmd_export(args) -> int:
    since = _since(args.since)
    store = _store()
    n = 0
    try:
        anchor = store.audit.anchor()
        with open(args.out, "w", encoding="utf-8") as fh:
            if anchor and not since:
                fh.write(json.dumps({"anchor": {"seq": anchor[0], "hash": anchor[1], "pruned_at": anchor[2],
                                                "pruned_before": anchor[3]}}, ensure_ascii=False) + "\n")
            for e in store.audit.iter_chain(since):
                fh.write(json.dumps({"seq": e.seq, "id": e.id, "at": e.at, "actor": e.actor, "action": e.action,
                                     "target": e.target, "detail": e.detail, "prev_hash": e.prev_hash,
                                     "hash": e.hash}, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
    finally:
        store.close()
    print(f"exported {n} audit entries to {args.out}", file=sys.stderr)
    return 0


def cmd_prune(args) -> int:
    settings = Settings.from_env()
    days = args.older_than_days if args.older_than_days is not None else settings.audit_retention_days
    floor = max(settings.audit_retention_days, MIN_AUDIT_RETENTION_DAYS)
    if days < floor:
        raise InvalidArgument(f"refusing to prune entries younger than {floor} days (ZHENWEI_AUDIT_RETENTION_DAYS, "
                              f"at least {MIN_AUDIT_RETENTION_DAYS}); asked for {days}")
    before = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)).isoformat(timespec="milliseconds")
    store = _store()
    try:
        removed = store.audit.prune(before, _actor())
        report = store.audit.verify()
    finally:
        store.close()
    print(json.dumps({"removed": removed, "before": before, "chain_ok": report.ok}))
    return 0 if report.ok else 1


def _actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name (containers): still audited
        return "cli"


class _Hooks:
    """The store and a webhook dispatcher with the service's key (no lexicons loaded)."""

    def __init__(self):
        from service.credentials.verifier import CredentialVerifier
        from service.review.webhooks import WebhookDispatcher

        settings = Settings.from_env()
        self.store = _store()
        verifier = CredentialVerifier(self.store, settings)
        self.webhooks = WebhookDispatcher(self.store, verifier.cipher, verifier.now)

    def close(self) -> None:
        self.store.close()


def _app():
    return _Hooks()


def _webhooks_of(app):
    return app.webhooks


def cmd_webhook_set(args) -> int:
    app = _app()
    try:
        print(_webhooks_of(app).set_webhook(args.platform, args.url, _actor()))
        print(f"webhook set for {args.platform}; the secret above is shown only now", file=sys.stderr)
    finally:
        app.close()
    return 0


def cmd_webhook_remove(args) -> int:
    app = _app()
    try:
        _webhooks_of(app).remove_webhook(args.platform, _actor())
    finally:
        app.close()
    return 0


def cmd_webhook_deliveries(args) -> int:
    import dataclasses

    app = _app()
    try:
        for d in _webhooks_of(app).deliveries(args.platform, args.status, args.limit):
            row = dataclasses.asdict(d)
            row.pop("body")
            print(json.dumps(row, ensure_ascii=False))
    finally:
        app.close()
    return 0


def cmd_webhook_redeliver(args) -> int:
    app = _app()
    try:
        _webhooks_of(app).redeliver(args.id, _actor())
    finally:
        app.close()
    return 0


def add_arguments(sub) -> None:
    p = sub.add_parser("audit", help="the hash-chained audit log: verify, export, prune")
    asub = p.add_subparsers(dest="audit_command", required=True)
    v = asub.add_parser("verify", help="recompute the chain; exit 1 if an entry was edited, removed or reordered")
    v.set_defaults(func=cmd_verify)
    e = asub.add_parser("export", help="write the log as JSONL (with seq, prev_hash and hash)")
    e.add_argument("--since", default="", help="only entries at or after this ISO date/time (UTC if no zone)")
    e.add_argument("out", help="output file (.jsonl)")
    e.set_defaults(func=cmd_export)
    r = asub.add_parser("prune", help="remove entries past retention, keeping the chain verifiable (anchor)")
    r.add_argument("--older-than-days", type=int, default=None,
                   help="default ZHENWEI_AUDIT_RETENTION_DAYS; never fewer")
    r.set_defaults(func=cmd_prune)
    rv = sub.add_parser("review", help="manual review: outcome webhooks")
    rsub = rv.add_subparsers(dest="review_command", required=True)
    wh = rsub.add_parser("webhook", help="deliver case outcomes to a platform's HTTPS endpoint (HMAC-SHA256 signed)")
    wsub = wh.add_subparsers(dest="webhook_command", required=True)
    w = wsub.add_parser("set", help="set a platform's webhook; prints its signing secret once")
    w.add_argument("--platform", required=True)
    w.add_argument("--url", required=True)
    w.set_defaults(func=cmd_webhook_set)
    w = wsub.add_parser("remove", help="stop delivering to a platform")
    w.add_argument("--platform", required=True)
    w.set_defaults(func=cmd_webhook_remove)
    w = wsub.add_parser("deliveries", help="the delivery log (newest first, JSON lines)")
    w.add_argument("--platform", default="")
    w.add_argument("--status", default="", choices=["", "PENDING", "DELIVERED", "FAILED"])
    w.add_argument("--limit", type=int, default=100)
    w.set_defaults(func=cmd_webhook_deliveries)
    w = wsub.add_parser("redeliver", help="send a delivery again")
    w.add_argument("id", type=int)
    w.set_defaults(func=cmd_webhook_redeliver)
