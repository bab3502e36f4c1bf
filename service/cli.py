"""``zhenwei`` command line: serve, screen, and the subsystems' commands.

    zhenwei serve                      # gRPC server (ZHENWEI_* settings)
    zhenwei screen --name 人民曰报 [--bio …]   # one profile, JSON out
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
EXTENSIONS = ["service.credentials.cli"]


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

    serve(Settings.from_env())
    return 0


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
