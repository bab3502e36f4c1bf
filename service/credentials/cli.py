"""Command-line entries of credential verification (called by ``zhenwei``, :mod:`service.cli`).

    zhenwei registry import --type CN_PHYSICIAN_LICENSE roster.csv [--source NAME]
    zhenwei credentials recheck [--now 2027-01-01T00:00:00Z] [--limit 1000]
    zhenwei credentials purge-evidence

The roster is UTF-8 CSV with a header row naming the columns
``number,holder_name,organization,status,valid_until`` (status ``valid``, ``revoked``
or ``suspended``; valid_until an ISO date, empty for no expiry). Importing the same
file twice changes nothing; each rejected row is reported with its line number.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from service.credentials.base import CredentialType
from service.domain.errors import InvalidArgument


def _app(args):
    """The application, from the factory the main CLI hands every command (``args.make_app``):
    this package does not import the wiring above it."""
    return args.make_app()


def _ctype(text: str) -> CredentialType:
    code = text.strip().upper()
    if code.startswith("CREDENTIAL_TYPE_"):
        code = code[len("CREDENTIAL_TYPE_"):]
    try:
        return CredentialType(code)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"unknown type {text!r}; one of {', '.join(t.value for t in CredentialType)}") from None


def iso_time(text: str) -> dt.datetime:
    """argparse type: an ISO date or time (``Z`` allowed); UTC when no zone is given."""
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date or time: {text!r}") from None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def import_roster(app, ctype: CredentialType, path: Path, source: str = "", out=None) -> int:
    """Imports one roster file; prints the report; 0 when no row was rejected, else 1."""
    out = out or sys.stdout
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InvalidArgument(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        try:
            report = app.credentials.local.import_roster(ctype, handle, source or path.name)
        except UnicodeDecodeError as exc:
            raise InvalidArgument(f"{path} is not UTF-8 (byte {exc.start})") from None
    print(f"{ctype.value} {path.name}: {report.summary()}", file=out)
    for line, reason in report.rejected:
        print(f"  line {line}: {reason}", file=out)
    return 1 if report.rejected else 0


def cmd_registry_import(args) -> int:
    app = _app(args)
    try:
        return import_roster(app, args.type, Path(args.file), args.source)
    finally:
        app.close()


def cmd_recheck(args) -> int:
    """One batch of ``zhenwei batch reverify`` (kept for scripts that call it; the batch command
    walks every due credential)."""
    app = _app(args)
    try:
        report = app.credentials.recheck_due(args.now, limit=args.limit)
        print(report.summary())
        return 0
    finally:
        app.close()


def cmd_purge_evidence(args) -> int:
    app = _app(args)
    try:
        print(f"{app.credentials.purge_evidence()} evidence image(s) purged")
        return 0
    finally:
        app.close()


def add_arguments(subparsers) -> None:
    """Adds ``registry import`` and ``credentials recheck|purge-evidence`` to the ``zhenwei`` parser."""
    reg = subparsers.add_parser("registry", help="credential registries (authority rosters)")
    reg_sub = reg.add_subparsers(dest="registry_command", required=True)
    p = reg_sub.add_parser("import", help="import an authority's roster (CSV) into the embedded registry",
                           description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--type", required=True, type=_ctype, help="credential type code, e.g. CN_PHYSICIAN_LICENSE")
    p.add_argument("--source", default="", help="name of the roster's source (default: the file name)")
    p.add_argument("file", help="UTF-8 CSV: number,holder_name,organization,status,valid_until")
    p.set_defaults(func=cmd_registry_import)

    cred = subparsers.add_parser("credentials", help="credential verification maintenance")
    cred_sub = cred.add_subparsers(dest="credentials_command", required=True)
    p = cred_sub.add_parser("recheck", help="re-check verified credentials that are due (expiry, registry)")
    p.add_argument("--now", type=iso_time, default=None, help="ISO time to act as now (default: the current time)")
    p.add_argument("--limit", type=int, default=1000, help="at most this many credentials per run")
    p.set_defaults(func=cmd_recheck)
    p = cred_sub.add_parser("purge-evidence", help="delete evidence images past Settings.evidence_retention_days")
    p.set_defaults(func=cmd_purge_evidence)
