"""The one loader of ``lexicons/``: reads, validates and versions the bundled data,
then merges the operator's changes kept in the store.
"""
from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from service.domain.errors import InvalidArgument
from service.domain.models import Category, Domain
from service.domain.lexicon import (DIVISION_LEVELS, LEVELS, SEVERITIES, ClaimContext, ClaimTerm,
                                   Division, Entity, LexiconData, OrganPattern)
from service.lexicon.tsv import read_tsv, split_list

ENTITY_CATEGORIES = {c.name for c in Category} - {"REGION", "CLOSED_ACCOUNT"}


def _flags(cell: str) -> frozenset[str]:
    return frozenset(f.strip() for f in cell.replace("|", ",").split(",") if f.strip())


def _category(value: str, where: str, allowed=None) -> Category:
    allowed = allowed or {c.name for c in Category}
    if value not in allowed:
        raise InvalidArgument(f"{where}: unknown category {value!r}")
    return Category[value]


def entity_from_row(row: dict[str, str], where: str, origin: str = "bundled") -> Entity:
    for col in ("id", "name", "category"):
        if not row.get(col):
            raise InvalidArgument(f"{where}: empty {col}")
    level = row.get("level") or "national"
    if level not in LEVELS:
        raise InvalidArgument(f"{where}: unknown level {level!r}")
    severity = row.get("severity") or "normal"
    if severity not in SEVERITIES:
        raise InvalidArgument(f"{where}: unknown severity {severity!r}")
    return Entity(
        id=row["id"], name=row["name"], category=_category(row["category"], where, ENTITY_CATEGORIES),
        aliases=tuple(split_list(row.get("aliases", ""))),
        abbreviations=tuple(split_list(row.get("abbreviations", ""))),
        level=level, region_code=row.get("region_code", ""), severity=severity,
        flags=_flags(row.get("flags", "")), source=row.get("source", ""),
        source_date=row.get("source_date", ""), licence=row.get("licence", ""), origin=origin)


def _files_digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def load_bundled(directory: str | Path) -> LexiconData:
    """Reads every bundled lexicon file; raises InvalidArgument naming file and row on bad data."""
    d = Path(directory)
    used: list[Path] = []
    sources: dict[str, dict[str, str]] = {}

    def read(path: Path):
        meta, rows = read_tsv(path)
        used.append(path)
        sources[str(path.relative_to(d))] = meta
        return rows

    entities: dict[str, Entity] = {}
    for path in sorted((d / "entities").glob("*.tsv")):
        for i, row in enumerate(read(path), 1):
            where = f"{path.name} row {i}"
            ent = entity_from_row(row, where)
            if ent.id in entities:
                raise InvalidArgument(f"{where}: duplicate id {ent.id!r}")
            entities[ent.id] = ent

    divisions: dict[str, Division] = {}
    if (d / "divisions.tsv").exists():
        for i, row in enumerate(read(d / "divisions.tsv"), 1):
            where = f"divisions.tsv row {i}"
            if row.get("level") not in DIVISION_LEVELS or not row.get("name") or not row.get("code"):
                raise InvalidArgument(f"{where}: bad division {row}")
            div = Division(code=row["code"], name=row["name"], short_name=row.get("short_name") or row["name"],
                           level=row["level"], parent_code=row.get("parent_code", ""),
                           status=row.get("status") or "current", flags=_flags(row.get("flags", "")),
                           aliases=tuple(split_list(row.get("aliases", ""))))
            key = div.entity_id
            if key in divisions:  # same code twice (renamed in place): keep both as history
                key = f"{key}.{i}"
                div = dataclasses.replace(div, status="abolished")
            divisions[key] = div

    patterns: list[OrganPattern] = []
    if (d / "organ_patterns.tsv").exists():
        for i, row in enumerate(read(d / "organ_patterns.tsv"), 1):
            where = f"organ_patterns.tsv row {i}"
            if not row.get("pattern") or row.get("position") not in ("suffix", "prefix"):
                raise InvalidArgument(f"{where}: bad pattern {row}")
            patterns.append(OrganPattern(
                pattern=row["pattern"], canonical=row.get("canonical") or row["pattern"],
                category=_category(row["category"], where), position=row["position"],
                min_level=row.get("min_level") or "county", region_form=row.get("region_form") or "both",
                flags=_flags(row.get("flags", "")), note=row.get("note", "")))

    allowlist: list[tuple[str, str]] = []
    if (d / "allowlist.tsv").exists():
        for i, row in enumerate(read(d / "allowlist.tsv"), 1):
            if not row.get("phrase"):
                raise InvalidArgument(f"allowlist.tsv row {i}: empty phrase")
            allowlist.append((row["phrase"], row.get("reason", "")))

    claims: list[ClaimTerm] = []
    if (d / "claims.tsv").exists():
        for i, row in enumerate(read(d / "claims.tsv"), 1):
            dom = row.get("domain", "")
            if dom != "NONE" and dom not in Domain.__members__:
                raise InvalidArgument(f"claims.tsv row {i}: unknown domain {dom!r}")
            claims.append(ClaimTerm(row["term"], None if dom == "NONE" else Domain[dom], row.get("note", "")))
    contexts: list[ClaimContext] = []
    if (d / "claim_context.tsv").exists():
        for i, row in enumerate(read(d / "claim_context.tsv"), 1):
            if row.get("effect") not in ("exclude_before", "exclude_after", "generic", "context"):
                raise InvalidArgument(f"claim_context.tsv row {i}: unknown effect {row.get('effect')!r}")
            cdom = row.get("domain") or ""
            if (row["effect"] == "context") != bool(cdom) or (cdom and cdom not in Domain.__members__):
                raise InvalidArgument(f"claim_context.tsv row {i}: a context row needs a domain, others none")
            contexts.append(ClaimContext(row["phrase"], row["effect"], row.get("note", ""),
                                         Domain[cdom] if cdom else None))

    cues: list[str] = []
    straddles: list[str] = []
    if (d / "context_cues.tsv").exists():
        for i, row in enumerate(read(d / "context_cues.tsv"), 1):
            if row.get("effect") not in ("address", "straddle") or not row.get("cue"):
                raise InvalidArgument(f"context_cues.tsv row {i}: bad cue {row}")
            (cues if row["effect"] == "address" else straddles).append(row["cue"])

    words: set[str] = set()
    if (d / "words.tsv").exists():
        for row in read(d / "words.tsv"):
            if 2 <= len(row.get("word", "")) <= 4:
                words.add(row["word"])
    products: set[str] = set()
    if (d / "product_words.tsv").exists():
        products = {row["word"] for row in read(d / "product_words.tsv") if row.get("word")}

    used.extend(sorted((d / "charsim").glob("*.tsv")))  # similarity data decides too: part of the version
    return LexiconData(entities=entities, divisions=divisions, patterns=tuple(patterns),
                       allowlist=tuple(allowlist), claims=tuple(claims), claim_contexts=tuple(contexts),
                       address_cues=tuple(cues), straddle_cues=tuple(straddles), words=frozenset(words),
                       product_words=frozenset(products),
                       sources=sources, digest=_files_digest(used))


def merge_store(data: LexiconData, changes) -> LexiconData:
    """Applies the store's entity changes, owners and closed names to the bundled data.

    ``changes`` is a :class:`service.store.lexicon_repo.LexiconSnapshot`.
    """
    entities = dict(data.entities)
    for ent in changes.entities:
        entities[ent.id] = ent
    for ent_id in changes.retired:
        entities.pop(ent_id, None)
    return dataclasses.replace(data, entities=entities, closed=tuple(changes.closed),
                               owners={k: frozenset(v) for k, v in changes.owners.items()},
                               revision=changes.revision)
