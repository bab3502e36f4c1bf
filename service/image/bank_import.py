"""Loading reference banks from a folder: a manifest and the images it names.

The folder holds ``manifest.csv`` (UTF-8, a header row) or ``manifest.jsonl`` (one JSON
object a line) with the fields

- ``file``: the image, relative to the folder (it may not leave it, symlinks included);
- ``entity_id`` and ``category`` (``PARTY_GOVERNMENT``, ``MILITARY``, ``PUBLIC_INSTITUTION``,
  ``NEWS_MEDIA``, ``REGION`` or ``CLOSED_ACCOUNT``): required in a positive bank;
- ``label``: what reviewers see (default: the entity id);
- ``bank`` (optional): the bank of this line; else the bank given to the import.

A bank that does not exist is created (of the kind given to the import). Every image goes
through :class:`service.image.admin.ReferenceAdmin` (decode under the avatar limits, features,
audit). An image already in its bank — the same decoded pixels, found by their SHA-256 — is
skipped, so importing a folder twice adds nothing. Each line is reported as added, skipped or
refused, with its line number and the reason.
"""
from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from service.domain.errors import AlreadyExists, InvalidArgument, NotFound, ZhenweiError
from service.domain.models import Category
from service.image.admin import ReferenceAdmin, content_sha256

MANIFESTS = ("manifest.csv", "manifest.jsonl")
COLUMNS = ("file", "entity_id", "category", "label", "bank")
MAX_MANIFEST_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Line:
    number: int  # line of the manifest (CSV: the header is line 1)
    values: dict[str, str]

    @property
    def file(self) -> str:
        return self.values.get("file", "")


@dataclass(frozen=True)
class Outcome:
    line: int
    file: str
    status: str  # "added", "skipped" or "refused"
    reason: str = ""
    bank: str = ""
    reference_id: int = 0


@dataclass
class ImportReport:
    manifest: str
    outcomes: list[Outcome] = field(default_factory=list)
    banks_created: list[str] = field(default_factory=list)

    def _of(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def added(self) -> list[Outcome]:
        return self._of("added")

    @property
    def skipped(self) -> list[Outcome]:
        return self._of("skipped")

    @property
    def refused(self) -> list[Outcome]:
        return self._of("refused")

    def summary(self) -> str:
        return f"added {len(self.added)}, skipped {len(self.skipped)}, refused {len(self.refused)}"


def find_manifest(folder: Path) -> Path:
    found = [folder / name for name in MANIFESTS if (folder / name).is_file()]
    if not found:
        raise InvalidArgument(f"{folder} holds no manifest.csv or manifest.jsonl")
    if len(found) > 1:
        raise InvalidArgument(f"{folder} holds both manifest.csv and manifest.jsonl; keep one")
    return found[0]


def read_manifest(path: Path) -> list[Line]:
    """The manifest's lines; a malformed manifest (no header, not UTF-8, bad JSON) is an
    :class:`InvalidArgument` for the whole import, a bad value is refused line by line later."""
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise InvalidArgument(f"{path.name} is over {MAX_MANIFEST_BYTES} bytes")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidArgument(f"{path.name} is not UTF-8 (byte {exc.start})") from None
    if path.suffix == ".jsonl":
        lines = []
        for number, raw in enumerate(text.splitlines(), 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise InvalidArgument(f"{path.name} line {number}: not JSON ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise InvalidArgument(f"{path.name} line {number}: not a JSON object")
            lines.append(Line(number, {k: "" if v is None else str(v).strip() for k, v in obj.items()}))
        return lines
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if "file" not in header:
        raise InvalidArgument(f"{path.name}: the header row must name the columns {', '.join(COLUMNS[:4])} "
                              "(and optionally bank)")
    reader.fieldnames = header
    lines = []
    for row in reader:
        values = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if not any(values.values()):
            continue
        lines.append(Line(reader.line_num, values))
    return lines


def parse_category(text: str) -> Category | None:
    code = text.strip().upper().removeprefix("CATEGORY_")
    if not code:
        return None
    try:
        return Category[code]
    except KeyError:
        raise InvalidArgument(f"unknown category {text!r} (one of {', '.join(c.name for c in Category)})") from None


def resolve_inside(folder: Path, name: str) -> Path:
    """``name`` relative to ``folder``; refused when it is absolute or leads outside the folder
    (``..``, a symlink pointing out)."""
    if not name:
        raise InvalidArgument("no file named")
    if os.path.isabs(name) or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise InvalidArgument("the path is absolute; name files relative to the folder")
    root = folder.resolve()
    target = (root / name).resolve()
    if target != root and root not in target.parents:
        raise InvalidArgument("the path leads outside the folder")
    return target


class BankImporter:
    def __init__(self, admin: ReferenceAdmin, actor: str):
        self.admin = admin
        self.actor = actor
        self._hashes: dict[str, dict[str, object]] = {}  # bank → content_sha256 → reference

    def run(self, folder: Path, bank: str = "", kind: str | None = None, description: str = "") -> ImportReport:
        folder = Path(folder)
        if bank:
            self.admin.check_bank_name(bank)
        if not folder.is_dir():
            raise InvalidArgument(f"{folder} is not a folder")
        manifest = find_manifest(folder)
        lines = read_manifest(manifest)
        report = ImportReport(manifest=str(manifest))
        for line in lines:
            report.outcomes.append(self._one(folder, line, bank, kind, description, report))
        return report

    def _bank(self, name: str, kind: str | None, description: str, report: ImportReport):
        try:
            b = self.admin.repo.get_bank(name)
        except NotFound:
            b = self.admin.create_bank(name, kind or "POSITIVE", description, actor=self.actor)
            report.banks_created.append(name)
        if kind is not None and b.kind != kind:
            raise InvalidArgument(f"bank {name!r} is a {b.kind} bank, not {kind}")
        if name not in self._hashes:
            self._hashes[name] = self.admin.content_hashes(name)
        return b

    def _one(self, folder: Path, line: Line, default_bank: str, kind: str | None, description: str,
             report: ImportReport) -> Outcome:
        v = line.values
        bank = v.get("bank") or default_bank
        out = dict(line=line.number, file=line.file, bank=bank)
        try:
            if not bank:
                raise InvalidArgument("no bank: give --bank or a bank column")
            self.admin.check_bank_name(bank)
            category = parse_category(v.get("category", ""))
            entity_id = v.get("entity_id", "")
            path = resolve_inside(folder, line.file)
            if not path.is_file():
                raise InvalidArgument("no such file (or not a regular file)")
            size = path.stat().st_size
            if size > self.admin.settings.max_avatar_bytes:
                raise InvalidArgument(f"{size} bytes is over the {self.admin.settings.max_avatar_bytes}-byte limit")
            b = self._bank(bank, kind, description, report)
            if b.kind == "POSITIVE" and (not entity_id or category is None):
                raise InvalidArgument("a positive bank needs an entity_id and a category")
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise InvalidArgument(f"cannot read the file ({exc.strerror})") from None
            decoded = self.admin.decode(data)
            sha = content_sha256(decoded.rgb)
            known = self._hashes[bank].get(sha)
            if known is not None:
                note = "" if known.entity_id == entity_id else f", entity {known.entity_id or '-'}"
                return Outcome(**out, status="skipped", reference_id=known.id,
                               reason=f"bank {bank} already holds this image as reference {known.id}{note}")
            ref = self.admin.add_reference(bank=bank, entity_id=entity_id, category=category,
                                           label=v.get("label", ""), decoded=decoded, actor=self.actor)
            self._hashes[bank][sha] = ref
            return Outcome(**out, status="added", reference_id=ref.id, reason=f"reference {ref.id}")
        except AlreadyExists as exc:  # added meanwhile by someone else
            return Outcome(**out, status="skipped", reason=str(exc))
        except ZhenweiError as exc:
            return Outcome(**out, status="refused", reason=str(exc))
