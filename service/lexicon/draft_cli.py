"""``zhenwei lexicon draft`` (registered by :mod:`service.cli`): staged lexicon changes.

    zhenwei lexicon draft create --name NAME [--note TEXT]            # prints the draft id
    zhenwei lexicon draft add-op ID KIND --json '{…}'   (or --file op.json)
    zhenwei lexicon draft show ID [--json]
    zhenwei lexicon draft list [--all] [--json]
    zhenwei lexicon draft publish ID          # through LexiconAdmin, audited as cli:<login>
    zhenwei lexicon draft discard ID --reason TEXT

KIND is one of ``entry.add``, ``entry.update``, ``entry.retire``, ``owner.add``, ``owner.remove``,
``closed.add``, ``closed.remove`` (bodies: :mod:`service.lexicon.draft`). A draft is never served;
``zhenwei batch whatif --draft ID IN`` shows what it would change, ``ZHENWEI_SHADOW_DRAFT=ID`` runs
it in shadow beside the live lexicon. The CLI writes to the server's database
(``ZHENWEI_DATABASE_URL``): servers pick a published draft up like any admin change.
"""
from __future__ import annotations

import json
import sys

from service.domain.errors import InvalidArgument
from service.lexicon.draft import OP_KINDS, parse_draft_id


def cli_actor() -> str:
    """The operator identity of admin CLI commands (as ``zhenwei token``): ``cli:<login>``."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name (containers): still audited
        return "cli"


def _draft_dict(d) -> dict:
    return {"id": d.id, "name": d.name, "note": d.note, "status": d.status, "operations": d.revision,
            "base_version": d.base_version, "created_at": d.created_at, "created_by": d.created_by,
            "updated_at": d.updated_at, "published_ops": d.published_ops, "closed_at": d.closed_at,
            "closed_by": d.closed_by, "result": d.result}


def _with_app(args, fn) -> int:
    app = args.make_app()
    try:
        return fn(app)
    finally:
        app.close()


def cmd_create(args, out=None) -> int:
    out = out or sys.stdout

    def run(app):
        d = app.drafts.create(args.name, args.note or "", cli_actor())
        print(d.id, file=out)
        print(f"created draft {d.id} ({d.name}) over lexicon {d.base_version}", file=sys.stderr)
        return 0
    return _with_app(args, run)


def cmd_add_op(args, out=None) -> int:
    out = out or sys.stdout
    if (args.json is None) == (args.file is None):
        raise InvalidArgument("give the operation's body with --json or --file (one of them)")
    text = args.json if args.json is not None else open(args.file, encoding="utf-8").read()
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise InvalidArgument(f"the operation's body is not JSON ({exc})") from None

    def run(app):
        op = app.drafts.add_op(parse_draft_id(args.id), args.kind, body, cli_actor())
        print(f"draft {op.draft_id}: operation {op.seq} ({op.kind}) added", file=out)
        return 0
    return _with_app(args, run)


def cmd_show(args, out=None) -> int:
    out = out or sys.stdout

    def run(app):
        view = app.drafts.show(parse_draft_id(args.id))
        ops = [{"seq": o.seq, "kind": o.kind, "body": o.body, "added_at": o.added_at, "added_by": o.added_by}
               for o in view.ops]
        if args.json:
            print(json.dumps({**_draft_dict(view.draft), "ops": ops}, ensure_ascii=False, indent=2), file=out)
            return 0
        d = view.draft
        print(f"draft {d.id} ({d.name}): {d.status}, {len(ops)} operations, created {d.created_at} by "
              f"{d.created_by} over lexicon {d.base_version}" + (f"; {d.result}" if d.result else ""), file=out)
        for o in ops:
            print(f"  {o['seq']:>4} {o['kind']:14} {json.dumps(o['body'], ensure_ascii=False)}", file=out)
        return 0
    return _with_app(args, run)


def cmd_list(args, out=None) -> int:
    out = out or sys.stdout

    def run(app):
        rows = app.drafts.list(include_closed=args.all)
        if args.json:
            print(json.dumps([_draft_dict(d) for d in rows], ensure_ascii=False, indent=2), file=out)
            return 0
        for d in rows:
            print(f"{d.id}\t{d.status}\t{d.revision} ops\t{d.name}\tcreated {d.created_at} by {d.created_by}",
                  file=out)
        return 0
    return _with_app(args, run)


def cmd_publish(args, out=None) -> int:
    out = out or sys.stdout

    def run(app):
        d, version = app.drafts.publish(parse_draft_id(args.id), cli_actor())
        print(f"published draft {d.id} ({d.revision} operations); the live lexicon is now {version}", file=out)
        return 0
    return _with_app(args, run)


def cmd_discard(args, out=None) -> int:
    out = out or sys.stdout

    def run(app):
        d = app.drafts.discard(parse_draft_id(args.id), args.reason, cli_actor())
        print(f"discarded draft {d.id} ({d.name})", file=out)
        return 0
    return _with_app(args, run)


def add_arguments(sub) -> None:
    p = sub.add_parser("lexicon", help="lexicon drafts: stage changes, see what they would change, publish")
    lsub = p.add_subparsers(dest="lexicon_command", required=True)
    d = lsub.add_parser("draft", help="staged lexicon changes that are not served until published",
                        description=__doc__.split("\n\n", 1)[1] if __doc__ else None)
    dsub = d.add_subparsers(dest="draft_command", required=True)
    c = dsub.add_parser("create", help="create an empty draft and print its id")
    c.add_argument("--name", required=True)
    c.add_argument("--note", default="")
    c.set_defaults(func=cmd_create)
    a = dsub.add_parser("add-op", help="add one operation (validated against the live lexicon + the draft)")
    a.add_argument("id", metavar="ID")
    a.add_argument("kind", metavar="KIND", choices=OP_KINDS, help=", ".join(OP_KINDS))
    a.add_argument("--json", default=None, help="the operation's body as JSON")
    a.add_argument("--file", default=None, help="a file holding the body as JSON")
    a.set_defaults(func=cmd_add_op)
    s = dsub.add_parser("show", help="a draft and its operations")
    s.add_argument("id", metavar="ID")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_show)
    ls = dsub.add_parser("list", help="open drafts (--all: published and discarded ones too)")
    ls.add_argument("--all", action="store_true")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
    pb = dsub.add_parser("publish", help="apply the draft to the live lexicon through the audited admin path")
    pb.add_argument("id", metavar="ID")
    pb.set_defaults(func=cmd_publish)
    ds = dsub.add_parser("discard", help="close a draft without publishing it")
    ds.add_argument("id", metavar="ID")
    ds.add_argument("--reason", required=True)
    ds.set_defaults(func=cmd_discard)
