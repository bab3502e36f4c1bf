"""``zhenwei console``: reviewer console accounts.

    zhenwei console user add --name 张三 --role reviewer        # password from a prompt (twice)
    printf '%s\\n' "$PW" | zhenwei console user add --name audit-1 --role auditor   # or from stdin
    zhenwei console user list [--all] [--json]
    zhenwei console user disable 张三                           # ends the user's sessions at once
"""
from __future__ import annotations

import getpass
import json
import sys

from service.domain.errors import InvalidArgument


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name (containers): still audited
        return "cli"


def _accounts(args):
    from service.config import Settings
    from service.console.auth import ConsoleAccounts
    from service.store import open_store

    settings = Settings.from_env()
    store = open_store(settings.database_url)
    return store, ConsoleAccounts(store, settings.console_session_s)


def read_password(stdin=None) -> str:
    """Twice from a prompt on a terminal; otherwise the first line of standard input."""
    stdin = stdin or sys.stdin
    if stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("password again: ") != first:
            raise InvalidArgument("the two passwords differ")
        return first
    line = stdin.readline()
    return line[:-1] if line.endswith("\n") else line


def cmd_add(args) -> int:
    password = read_password()
    store, accounts = _accounts(args)
    try:
        user = accounts.add_user(args.name, args.role, password, _actor())
    finally:
        store.close()
    print(f"created console user {user.id} {user.name} (roles: {', '.join(user.roles)})", file=sys.stderr)
    return 0


def cmd_list(args) -> int:
    store, accounts = _accounts(args)
    try:
        users = accounts.list_users(include_disabled=args.all)
    finally:
        store.close()
    if args.json:
        print(json.dumps([{"id": u.id, "name": u.name, "roles": list(u.roles), "created_at": u.created_at,
                           "created_by": u.created_by, "disabled_at": u.disabled_at,
                           "last_login_at": u.last_login_at, "locked_until": u.locked_until} for u in users],
                         ensure_ascii=False, indent=2))
        return 0
    for u in users:
        state = f"disabled {u.disabled_at}" if u.disabled_at else "active"
        print(f"{u.id}\t{u.name}\t{','.join(u.roles)}\tcreated {u.created_at} by {u.created_by}\t"
              f"last login {u.last_login_at or '-'}\t{state}")
    return 0


def cmd_disable(args) -> int:
    store, accounts = _accounts(args)
    try:
        user = accounts.disable_user(args.user, _actor())
    finally:
        store.close()
    print(f"disabled console user {user.id} ({user.name}); its sessions ended", file=sys.stderr)
    return 0


def add_arguments(sub) -> None:
    p = sub.add_parser("console", help="reviewer console accounts")
    csub = p.add_subparsers(dest="console_command", required=True)
    u = csub.add_parser("user", help="console users (reviewer, admin, auditor)")
    usub = u.add_subparsers(dest="console_user_command", required=True)
    a = usub.add_parser("add", help="create a console user; the password comes from a prompt or stdin")
    a.add_argument("--name", required=True, help="login name, shown in the audit log")
    a.add_argument("--role", required=True, help="reviewer, admin or auditor; several separated by commas")
    a.set_defaults(func=cmd_add)
    ls = usub.add_parser("list", help="list console users (never the password hashes)")
    ls.add_argument("--all", action="store_true", help="include disabled users")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
    d = usub.add_parser("disable", help="disable a console user (by name or id) and end its sessions")
    d.add_argument("user")
    d.set_defaults(func=cmd_disable)
