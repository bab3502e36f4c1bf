"""Reference banks and reference images (avatar screening).

Tables:
- ``image_banks``: one row per bank (positive or negative) with optional
  per-bank thresholds (NULL: the service default);
- ``image_references``: one row per reference image with its entity, its
  feature blob (hashes and keypoints, see :mod:`service.image.banks`) and a PNG
  thumbnail for reviewers;
- ``image_revision``: one counter, bumped in the same transaction as every
  change, so replicas notice a change with one cheap query.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from service.domain.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from service.domain.models import Category
from service.store.audit_repo import AuditRepository
from service.store.db import Database

BANK_KINDS = ("POSITIVE", "NEGATIVE")


@dataclass(frozen=True)
class ImageBank:
    name: str
    kind: str
    description: str
    pdq_threshold: int | None
    min_inliers: int | None
    reference_count: int
    created_at: str


@dataclass(frozen=True)
class ImageReference:
    id: int
    bank: str
    entity_id: str
    category: Category | None
    label: str
    enabled: bool
    content_sha256: str
    width: int
    height: int
    pdq_hex: str
    created_at: str
    created_by: str
    thumbnail: bytes = b""


@dataclass(frozen=True)
class IndexRow:
    """What the index build reads for one enabled reference."""

    id: int
    bank: str
    bank_kind: str
    entity_id: str
    category: Category | None
    label: str
    pdq_threshold: int | None
    min_inliers: int | None
    features: bytes


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def _category(text: str) -> Category | None:
    return Category[text] if text else None


_REF_COLS = ("r.id, r.bank, r.entity_id, r.category, r.label, r.enabled, r.content_sha256, r.width, "
             "r.height, r.pdq_hex, r.created_at, r.created_by")


def _ref(row: tuple, thumbnail: bytes = b"") -> ImageReference:
    return ImageReference(id=int(row[0]), bank=row[1], entity_id=row[2], category=_category(row[3]),
                          label=row[4], enabled=bool(row[5]), content_sha256=row[6], width=int(row[7]),
                          height=int(row[8]), pdq_hex=row[9], created_at=row[10], created_by=row[11],
                          thumbnail=bytes(thumbnail or b""))


class ImageRepository:
    MIGRATIONS = [
        ("0001_image_banks", """
        CREATE TABLE IF NOT EXISTS image_banks (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            description TEXT NOT NULL,
            pdq_threshold {bigint},
            min_inliers {bigint},
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS image_references (
            id {serial_pk},
            bank TEXT NOT NULL REFERENCES image_banks (name),
            entity_id TEXT NOT NULL,
            category TEXT NOT NULL,
            label TEXT NOT NULL,
            enabled {bigint} NOT NULL,
            content_sha256 TEXT NOT NULL,
            width {bigint} NOT NULL,
            height {bigint} NOT NULL,
            pdq_hex TEXT NOT NULL,
            features {blob} NOT NULL,
            thumbnail {blob} NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            UNIQUE (bank, content_sha256)
        );
        CREATE INDEX IF NOT EXISTS image_references_entity ON image_references (entity_id);
        CREATE TABLE IF NOT EXISTS image_revision (
            id {bigint} PRIMARY KEY,
            revision {bigint} NOT NULL
        );
        INSERT INTO image_revision (id, revision) VALUES (1, 0)
        """),
    ]

    def __init__(self, db: Database):
        self.db = db
        self.audit = AuditRepository(db)

    # -- revision ------------------------------------------------------------------
    def revision(self) -> int:
        row = self.db.one("SELECT revision FROM image_revision WHERE id = 1")
        return int(row[0]) if row else 0

    def _bump(self) -> None:
        self.db.execute("UPDATE image_revision SET revision = revision + 1 WHERE id = 1")

    # -- banks ---------------------------------------------------------------------
    def create_bank(self, name: str, kind: str, description: str = "", pdq_threshold: int | None = None,
                    min_inliers: int | None = None, actor: str = "") -> ImageBank:
        if kind not in BANK_KINDS:
            raise InvalidArgument(f"bank kind must be one of {BANK_KINDS}")
        now = _now()
        with self.db.transaction():
            if self.db.one("SELECT 1 FROM image_banks WHERE name = ?", (name,)):
                raise AlreadyExists(f"bank {name!r} exists")
            self.db.execute("INSERT INTO image_banks (name, kind, description, pdq_threshold, min_inliers, "
                            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (name, kind, description, pdq_threshold, min_inliers, now, now))
            self.audit.record(actor, "image_bank.create", f"image_bank:{name}",
                              {"kind": kind, "pdq_threshold": pdq_threshold, "min_inliers": min_inliers})
            self._bump()
        return self.get_bank(name)

    def update_bank(self, name: str, description: str | None = None, pdq_threshold: int | None = None,
                    min_inliers: int | None = None, clear_thresholds: bool = False,
                    actor: str = "") -> ImageBank:
        with self.db.transaction():
            bank = self.get_bank(name)
            desc = bank.description if description is None else description
            pdq = None if clear_thresholds else (pdq_threshold if pdq_threshold is not None else bank.pdq_threshold)
            inl = None if clear_thresholds else (min_inliers if min_inliers is not None else bank.min_inliers)
            self.db.execute("UPDATE image_banks SET description = ?, pdq_threshold = ?, min_inliers = ?, "
                            "updated_at = ? WHERE name = ?", (desc, pdq, inl, _now(), name))
            self.audit.record(actor, "image_bank.update", f"image_bank:{name}",
                              {"pdq_threshold": pdq, "min_inliers": inl})
            self._bump()
        return self.get_bank(name)

    def get_bank(self, name: str) -> ImageBank:
        row = self.db.one("SELECT b.name, b.kind, b.description, b.pdq_threshold, b.min_inliers, b.created_at, "
                          "(SELECT COUNT(*) FROM image_references r WHERE r.bank = b.name) "
                          "FROM image_banks b WHERE b.name = ?", (name,))
        if row is None:
            raise NotFound(f"no bank {name!r}")
        return self._bank(row)

    def list_banks(self) -> list[ImageBank]:
        rows = self.db.query("SELECT b.name, b.kind, b.description, b.pdq_threshold, b.min_inliers, b.created_at, "
                             "(SELECT COUNT(*) FROM image_references r WHERE r.bank = b.name) "
                             "FROM image_banks b ORDER BY b.name")
        return [self._bank(r) for r in rows]

    @staticmethod
    def _bank(row: tuple) -> ImageBank:
        return ImageBank(name=row[0], kind=row[1], description=row[2],
                         pdq_threshold=None if row[3] is None else int(row[3]),
                         min_inliers=None if row[4] is None else int(row[4]),
                         created_at=row[5], reference_count=int(row[6]))

    # -- references ----------------------------------------------------------------
    def add_reference(self, *, bank: str, entity_id: str, category: Category | None, label: str,
                      content_sha256: str, width: int, height: int, pdq_hex: str, features: bytes,
                      thumbnail: bytes, actor: str = "") -> ImageReference:
        with self.db.transaction():
            b = self.get_bank(bank)
            if b.kind == "POSITIVE" and (not entity_id or category is None):
                raise InvalidArgument("a reference in a positive bank needs an entity id and a category")
            dup = self.db.one("SELECT id FROM image_references WHERE bank = ? AND content_sha256 = ?",
                              (bank, content_sha256))
            if dup:
                raise AlreadyExists(f"bank {bank!r} already holds this image as reference {dup[0]}")
            ref_id = self.db.insert_returning_id(
                "INSERT INTO image_references (bank, entity_id, category, label, enabled, content_sha256, width, "
                "height, pdq_hex, features, thumbnail, created_at, created_by) "
                "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
                (bank, entity_id, category.value if category else "", label, content_sha256, width, height,
                 pdq_hex, features, thumbnail, _now(), actor or "unknown"))
            self.audit.record(actor, "image_reference.add", f"image_reference:{ref_id}",
                              {"bank": bank, "entity_id": entity_id, "label": label, "sha256": content_sha256})
            self._bump()
        return self.get_reference(ref_id)

    def get_reference(self, ref_id: int, with_thumbnail: bool = True) -> ImageReference:
        cols = _REF_COLS + (", r.thumbnail" if with_thumbnail else "")
        row = self.db.one(f"SELECT {cols} FROM image_references r WHERE r.id = ?", (ref_id,))
        if row is None:
            raise NotFound(f"no reference {ref_id}")
        return _ref(row, row[12] if with_thumbnail else b"")

    def list_references(self, bank: str = "", entity_id: str = "", after_id: int = 0, limit: int = 100,
                        include_disabled: bool = True, with_thumbnails: bool = False) -> list[ImageReference]:
        where, params = ["r.id > ?"], [after_id]
        if bank:
            where.append("r.bank = ?")
            params.append(bank)
        if entity_id:
            where.append("r.entity_id = ?")
            params.append(entity_id)
        if not include_disabled:
            where.append("r.enabled = 1")
        cols = _REF_COLS + (", r.thumbnail" if with_thumbnails else "")
        rows = self.db.query(f"SELECT {cols} FROM image_references r WHERE {' AND '.join(where)} "
                             "ORDER BY r.id LIMIT ?", (*params, limit))
        return [_ref(r, r[12] if with_thumbnails else b"") for r in rows]

    def set_enabled(self, ref_id: int, enabled: bool, actor: str = "") -> ImageReference:
        with self.db.transaction():
            ref = self.get_reference(ref_id, with_thumbnail=False)
            if ref.enabled != enabled:
                self.db.execute("UPDATE image_references SET enabled = ? WHERE id = ?", (1 if enabled else 0, ref_id))
                self.audit.record(actor, "image_reference.enable" if enabled else "image_reference.disable",
                                  f"image_reference:{ref_id}", {"bank": ref.bank})
                self._bump()
        return self.get_reference(ref_id)

    def remove_reference(self, ref_id: int, actor: str = "") -> None:
        with self.db.transaction():
            ref = self.get_reference(ref_id, with_thumbnail=False)
            self.db.execute("DELETE FROM image_references WHERE id = ?", (ref_id,))
            self.audit.record(actor, "image_reference.remove", f"image_reference:{ref_id}",
                              {"bank": ref.bank, "entity_id": ref.entity_id, "sha256": ref.content_sha256})
            self._bump()

    def remove_bank(self, name: str, actor: str = "") -> None:
        with self.db.transaction():
            bank = self.get_bank(name)
            if bank.reference_count:
                raise FailedPrecondition(f"bank {name!r} still holds {bank.reference_count} references")
            self.db.execute("DELETE FROM image_banks WHERE name = ?", (name,))
            self.audit.record(actor, "image_bank.remove", f"image_bank:{name}", {})
            self._bump()

    # -- index build ---------------------------------------------------------------
    def snapshot(self, attempts: int = 5) -> tuple[int, list[IndexRow]]:
        """Every enabled reference and the revision they belong to (a consistent checkpoint:
        re-read if a change landed while reading)."""
        for _ in range(attempts):
            before = self.revision()
            rows = self.db.query(
                "SELECT r.id, r.bank, b.kind, r.entity_id, r.category, r.label, b.pdq_threshold, b.min_inliers, "
                "r.features FROM image_references r JOIN image_banks b ON b.name = r.bank "
                "WHERE r.enabled = 1 ORDER BY r.id")
            if self.revision() == before:
                break
        return before, [IndexRow(id=int(r[0]), bank=r[1], bank_kind=r[2], entity_id=r[3],
                                 category=_category(r[4]), label=r[5],
                                 pdq_threshold=None if r[6] is None else int(r[6]),
                                 min_inliers=None if r[7] is None else int(r[7]),
                                 features=bytes(r[8])) for r in rows]
