"""``zhenwei`` command line: serve, screen, and the subsystems' commands.

    zhenwei serve                      # gRPC server (ZHENWEI_* settings)
    zhenwei screen --name 人民曰报 [--bio …]   # one profile, JSON out
    zhenwei token create --role screening --name platform-a   # prints only the token
    zhenwei token create --role admin --name ops --cert client.pem  # mTLS identity
    zhenwei token list [--all]
    zhenwei token revoke tok_0123456789ab
"""
from __future__ import annotations

import argparse
import dataclasses
import enum
import importlib
import json
import sys

from service.config import Settings

#: Modules that add their own subcommands: ``add_arguments(subparsers)``.
EXTENSIONS = ["service.credentials.cli", "service.batch.cli", "service.review.cli", "service.console.cli",
              "service.image.cli", "service.lexicon.draft_cli"]


def _jsonable(obj):
    if dataclasses.is_dataclass(obj):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(obj).items()}
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, enum.Enum):
        return obj.name
    if isinstance(obj, bytes):
        return f"<{len(obj)} bytes>"
    return obj


def cmd_serve(args) -> int:
    from service.api.server import serve

    return serve(Settings.from_env())


def cmd_screen(args) -> int:
    from service.app import App
    from service.domain.models import Profile

    app = App(Settings.from_env())
    try:
        result = app.screener.screen(Profile(account_id=args.account_id, name=args.name, bio=args.bio))
        print(json.dumps(_jsonable(result), ensure_ascii=False, indent=2))
    finally:
        app.close()
    return 0


def _cli_actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name (containers): still audited
        return "cli"


def _token_admin():
    from service.auth.tokens import TokenAdmin
    from service.store import open_store

    store = open_store(Settings.from_env().database_url)
    return store, TokenAdmin(store)


def cmd_token_create(args) -> int:
    store, admin = _token_admin()
    try:
        if args.cert:
            with open(args.cert, "rb") as fh:
                pem = fh.read()
            record, fingerprint = admin.register_certificate(args.name, args.role, pem, _cli_actor(), args.platform)
            print(fingerprint)
            print(f"registered client certificate {record.id} for {record.name} "
                  f"(roles: {', '.join(record.roles)})", file=sys.stderr)
        else:
            record, token = admin.create_token(args.name, args.role, _cli_actor(), args.platform)
            print(token)
            print(f"created {record.id} for {record.name} (roles: {', '.join(record.roles)}); "
                  "the token is shown only now", file=sys.stderr)
    finally:
        store.close()
    return 0


def cmd_token_list(args) -> int:
    store, admin = _token_admin()
    try:
        rows = admin.list(include_revoked=args.all)
        if args.json:
            print(json.dumps([_jsonable(r) for r in rows], ensure_ascii=False, indent=2))
            return 0
        for r in rows:
            state = f"revoked {r.revoked_at}" if r.revoked_at else "active"
            print(f"{r.id}\t{r.kind}\t{r.name}\t{','.join(r.roles)}\tplatform={r.platform}\t"
                  f"created {r.created_at} by {r.created_by}\t{state}")
    finally:
        store.close()
    return 0


def cmd_token_revoke(args) -> int:
    store, admin = _token_admin()
    try:
        record = admin.revoke(args.id, _cli_actor())
        print(f"revoked {record.id} ({record.name}); servers stop accepting it within "
              f"{Settings.from_env().auth_cache_ttl_s:g} s", file=sys.stderr)
    finally:
        store.close()
    return 0


def _add_token_commands(sub) -> None:
    p = sub.add_parser("token", help="API tokens and client certificates (roles)")
    tsub = p.add_subparsers(dest="token_command", required=True)
    c = tsub.add_parser("create", help="create a token and print it (only it, once) on stdout")
    c.add_argument("--role", required=True,
                   help="screening, reviewer, admin or auditor; several separated by commas")
    c.add_argument("--name", required=True, help="who holds it (a platform, a person); shown in the audit log")
    c.add_argument("--platform", default="", help="scope of a screening caller (default: the name)")
    c.add_argument("--cert", help="register this PEM client certificate (mutual TLS) instead; "
                                  "prints its SHA-256 fingerprint")
    c.set_defaults(func=cmd_token_create)
    ls = tsub.add_parser("list", help="list tokens and certificates (never the secrets)")
    ls.add_argument("--all", action="store_true", help="include revoked ones")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_token_list)
    r = tsub.add_parser("revoke", help="revoke a token or certificate by id")
    r.add_argument("id")
    r.set_defaults(func=cmd_token_revoke)


def _make_app():
    from service.app import App
    from service.config import Settings

    return App(Settings.from_env())


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="zhenwei", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="run the gRPC server")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("screen", help="screen one profile and print the result as JSON")
    p.add_argument("--name", default="")
    p.add_argument("--bio", default="")
    p.add_argument("--account-id", default="cli")
    p.set_defaults(func=cmd_screen)
    _add_token_commands(sub)
    ap.set_defaults(make_app=_make_app)  # commands in the packages below get the wiring from here
    for module_name in EXTENSIONS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.add_arguments(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from service.domain.errors import ZhenweiError

    try:
        return int(args.func(args) or 0)
    except ZhenweiError as exc:
        print(f"zhenwei: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
