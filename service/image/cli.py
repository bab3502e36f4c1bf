"""Command-line entries of avatar screening (called by ``zhenwei``, :mod:`service.cli`).

    zhenwei bank import DIR [--bank NAME] [--kind POSITIVE|NEGATIVE] [--json]
    zhenwei bank list [--json]
    zhenwei avatar screen FILE [--name 人民日报] [--bio …]   # one profile with this avatar, JSON out

``bank import`` loads the images a folder's ``manifest.csv`` / ``manifest.jsonl`` names
(:mod:`service.image.bank_import`): every line is reported as added, skipped (the bank holds
the image already) or refused (with the reason); the exit status is 1 when a line was
refused. Running servers pick the new references up without a restart.
"""
from __future__ import annotations

import dataclasses
import enum
import json
import sys
from pathlib import Path

from service.domain.errors import InvalidArgument
from service.image.bank_import import BankImporter


def _app(args):
    """The application, from the factory the main CLI hands every command (``args.make_app``):
    this package does not import the wiring above it."""
    return args.make_app()


def cli_actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name (containers): still audited
        return "cli"


def _jsonable(obj):
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, enum.Enum):
        return obj.name
    if isinstance(obj, bytes):
        return f"<{len(obj)} bytes>"
    return obj


def cmd_import(args, out=None) -> int:
    out = out or sys.stdout
    app = _app(args)
    try:
        importer = BankImporter(app.avatars.admin, cli_actor())
        report = importer.run(Path(args.dir), bank=args.bank or "", kind=args.kind,
                              description=args.description or "")
    finally:
        app.close()
    if args.json:
        print(json.dumps({"manifest": report.manifest, "banks_created": report.banks_created,
                          "added": len(report.added), "skipped": len(report.skipped),
                          "refused": len(report.refused),
                          "lines": [_jsonable(o) for o in report.outcomes]}, ensure_ascii=False, indent=2),
              file=out)
    else:
        for name in report.banks_created:
            print(f"created bank {name}", file=out)
        for o in report.outcomes:
            print(f"{o.status:8} line {o.line}\t{o.file}\t{o.reason}", file=out)
        print(f"{Path(report.manifest).name}: {report.summary()}", file=out)
    return 1 if report.refused else 0


def cmd_list(args, out=None) -> int:
    out = out or sys.stdout
    app = _app(args)
    try:
        admin = app.avatars.admin
        rows = []
        for b in admin.repo.list_banks():
            t = admin.thresholds_in_force(b)
            rows.append({"name": b.name, "kind": b.kind, "references": b.reference_count,
                         "description": b.description, "thresholds": _jsonable(t)})
    finally:
        app.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2), file=out)
        return 0
    for r in rows:
        t = r["thresholds"]
        print(f"{r['name']}\t{r['kind']}\t{r['references']} references\tpdq ≤ {t['pdq']}"
              f"{' (default)' if t['pdq_default'] else ''}\tmin inliers {t['min_inliers']}"
              f"{' (default)' if t['min_inliers_default'] else ''}\tedge ≤ {t['edge']}\tcrop ≤ {t['crop']}",
              file=out)
    return 0


def cmd_screen_avatar(args, out=None) -> int:
    from service.domain.models import Profile

    out = out or sys.stdout
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise InvalidArgument(f"cannot read {args.file}: {exc.strerror}") from None
    app = _app(args)
    try:
        app.avatars.reload_if_changed()
        result = app.screener.screen(Profile(account_id=args.account_id, name=args.name, bio=args.bio,
                                             avatar=data))
    finally:
        app.close()
    print(json.dumps(_jsonable(result), ensure_ascii=False, indent=2), file=out)
    return 0


def add_arguments(sub) -> None:
    p = sub.add_parser("bank", help="reference banks of emblems for avatar screening")
    bsub = p.add_subparsers(dest="bank_command", required=True)
    i = bsub.add_parser("import", help="add the images a folder's manifest.csv / manifest.jsonl names "
                                       "(idempotent; exit 1 when a line was refused)")
    i.add_argument("dir", help="the folder holding the manifest and the images")
    i.add_argument("--bank", help="bank of lines without a bank column (created when missing)")
    i.add_argument("--kind", choices=["POSITIVE", "NEGATIVE"],
                   help="kind of a bank to create (default POSITIVE); an existing bank must be of this kind")
    i.add_argument("--description", help="description of a bank created by the import")
    i.add_argument("--json", action="store_true", help="the report as JSON")
    i.set_defaults(func=cmd_import)
    ls = bsub.add_parser("list", help="banks with their reference counts and the thresholds in force")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
    a = sub.add_parser("avatar", help="avatar screening from the command line")
    asub = a.add_subparsers(dest="avatar_command", required=True)
    s = asub.add_parser("screen", help="screen one profile with this avatar image and print the result as JSON")
    s.add_argument("file", help="the avatar (JPEG, PNG, WebP or GIF)")
    s.add_argument("--name", default="")
    s.add_argument("--bio", default="")
    s.add_argument("--account-id", default="cli")
    s.set_defaults(func=cmd_screen_avatar)
