#!/usr/bin/env python3
"""Rebuild lexicons/entities/*.tsv from the curated source files in lexicons/sources/.

Each source file (``lexicons/sources/<file>.tsv``, one per entity file) starts with
``#`` provenance lines (source, licence, date, category, prefix) and has the columns

    id  name  aliases  abbreviations  region  severity  flags  group

``id`` is the entity's stable identifier, stored in the source file.  It is never
derived again once stored: renaming a body or upgrading pypinyin changes nothing.
A row added without an id fails the build unless ``--assign-ids`` is given; then
the script gives it ``<prefix>.<toneless pinyin of the name>`` (plus a short hash on
a collision) and writes the id back into the source file, once.

The script resolves ``region`` (a division name or short name; empty = national)
against lexicons/divisions.tsv to a code and level, adds ``common_word`` to the
flags where the name, an alias or an abbreviation is in lexicons/common_words.tsv,
validates (unique ids and names, each surface form naming one entity, known severities) and
writes the entity files deterministically (sorted by id).

Run after build_divisions.py:  .venv/bin/python lexicons/build/build_entities.py
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import io
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEXICONS = os.path.dirname(HERE)
SOURCES = os.path.join(LEXICONS, "sources")
ENT_DIR = os.path.join(LEXICONS, "entities")
DIVISIONS = os.path.join(LEXICONS, "divisions.tsv")
COMMON_WORDS = os.path.join(LEXICONS, "common_words.tsv")

#: source files in lexicons/sources/, each written to lexicons/entities/ under the same name
SOURCE_FILES = ["party_government.tsv", "military.tsv", "public_institution.tsv", "news_media.tsv",
                "education.tsv", "finance.tsv"]
SOURCE_HEADER = ["id", "name", "aliases", "abbreviations", "region", "severity", "flags", "group"]
HEADER = ["id", "name", "category", "aliases", "abbreviations", "level", "region_code", "severity",
          "flags", "owner_uscc", "source", "source_date", "licence"]
SEVERITIES = {"high", "normal", "low"}
CATEGORIES = {"PARTY_GOVERNMENT", "MILITARY", "PUBLIC_INSTITUTION", "NEWS_MEDIA"}
LEVEL_OF_DIVISION = {"province": "provincial", "prefecture": "prefecture", "county": "county"}
ID_RE = re.compile(r"^[a-z]+\.[a-z0-9][a-z0-9-]*$")


def read_source(path: str):
    """(meta, rows) of a source file; rows are dicts of SOURCE_HEADER plus ``line``."""
    meta, rows, header = {}, [], None
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("#") and header is None:
                k, _, v = line[1:].strip().partition(":")
                meta[k.strip()] = v.strip()
                continue
            if not line.strip():
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                if header != SOURCE_HEADER:
                    raise SystemExit(f"{path}: header {header} != {SOURCE_HEADER}")
                continue
            if len(cells) != len(header):
                raise SystemExit(f"{path}:{lineno}: {len(cells)} cells, expected {len(header)}")
            row = dict(zip(header, (c.strip() for c in cells)))
            row["line"] = lineno
            rows.append(row)
    for key in ("source", "licence", "date", "category", "prefix"):
        if not meta.get(key):
            raise SystemExit(f"{path}: missing '# {key}:' line")
    if meta["category"] not in CATEGORIES:
        raise SystemExit(f"{path}: unknown category {meta['category']!r}")
    return meta, rows


def write_source(path: str, meta: dict, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for k, v in meta.items():
            f.write(f"# {k}: {v}\n")
        f.write("\t".join(SOURCE_HEADER) + "\n")
        for r in rows:
            f.write("\t".join(r[c] for c in SOURCE_HEADER) + "\n")


def load_divisions():
    by_name = {}
    by_short = collections.defaultdict(list)
    with open(DIVISIONS, encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f if not l.startswith("#")]
    header = rows[0]
    for r in rows[1:]:
        d = dict(zip(header, r))
        if d["status"] != "current":
            continue
        by_name.setdefault(d["name"], []).append(d)
        by_short[d["short_name"]].append(d)
    return by_name, by_short


def resolve_region(region: str, by_name, by_short):
    if not region:
        return "national", ""
    cands = by_name.get(region) or by_short.get(region) or []
    if len(cands) > 1:
        # prefer the highest level (河南 → 河南省, not 河南县)
        rank = {"province": 0, "prefecture": 1, "county": 2}
        cands = sorted(cands, key=lambda d: rank[d["level"]])
        if rank[cands[0]["level"]] == rank[cands[1]["level"]]:
            raise SystemExit(f"ambiguous region {region!r}: {[c['code'] for c in cands]}")
    if not cands:
        raise SystemExit(f"unknown region {region!r}")
    d = cands[0]
    return LEVEL_OF_DIVISION[d["level"]], d["code"]


def load_common_words() -> set[str]:
    out = set()
    with open(COMMON_WORDS, encoding="utf-8") as f:
        lines = [l for l in f if not l.startswith("#")]
    for l in lines[1:]:
        out.add(l.split("\t")[0])
    return out


def slugify(name: str) -> str:
    """Toneless pinyin of a name: used only once, to assign the id of a new row."""
    from pypinyin import lazy_pinyin

    parts = []
    for p in lazy_pinyin(name):
        p = re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-")
        if p:
            parts.append(p)
    slug = "".join(parts) if all(re.fullmatch(r"[a-z]+", p) for p in parts) else "-".join(parts)
    slug = re.sub(r"-+", "-", slug).strip("-")
    return slug or hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def split_list(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


def surface_forms(row: dict) -> list[str]:
    """The aliases and abbreviations of a built row."""
    return split_list(row["aliases"]) + split_list(row["abbreviations"])


def entity_row(meta: dict, src: dict, by_name, by_short, common, where: str) -> dict:
    name = src["name"]
    if not name:
        raise SystemExit(f"{where}: empty name")
    severity = src["severity"] or "normal"
    if severity not in SEVERITIES:
        raise SystemExit(f"{where}: bad severity {severity!r}")
    flag_list = [f for f in (x.strip() for x in src["flags"].split(",")) if f]
    level, code = resolve_region(src["region"], by_name, by_short)
    alias_list = [a for a in split_list(src["aliases"]) if a != name]
    abbr_list = [a for a in split_list(src["abbreviations"]) if a != name and a not in alias_list]
    if any(w in common for w in [name] + alias_list + abbr_list) and "common_word" not in flag_list:
        flag_list.append("common_word")
    return {
        "id": src["id"], "name": name, "category": meta["category"], "aliases": "|".join(alias_list),
        "abbreviations": "|".join(abbr_list), "level": level, "region_code": code,
        "severity": severity, "flags": ",".join(flag_list), "owner_uscc": "",
        "source": meta["source"], "source_date": meta["date"], "licence": meta["licence"],
    }


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--assign-ids", action="store_true",
                    help="give rows without an id a new one and store it in the source file")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; fail if an entity file differs from what the sources give")
    args = ap.parse_args(argv)
    by_name, by_short = load_divisions()
    common = load_common_words()
    os.makedirs(ENT_DIR, exist_ok=True)
    sources = []
    seen_ids: dict[str, str] = {}
    for fname in SOURCE_FILES:
        path = os.path.join(SOURCES, fname)
        meta, rows = read_source(path)
        for r in rows:
            if r["id"]:
                if not ID_RE.match(r["id"]) or not r["id"].startswith(meta["prefix"] + "."):
                    raise SystemExit(f"{fname}:{r['line']}: bad id {r['id']!r} (prefix {meta['prefix']}.)")
                if r["id"] in seen_ids:
                    raise SystemExit(f"{fname}:{r['line']}: duplicate id {r['id']!r} (also in {seen_ids[r['id']]})")
                seen_ids[r["id"]] = fname
        sources.append((fname, path, meta, rows))
    for fname, path, meta, rows in sources:  # new rows: assign once, store
        missing = [r for r in rows if not r["id"]]
        if not missing:
            continue
        if not args.assign_ids or args.check:
            raise SystemExit(f"{fname}: {len(missing)} rows without an id (first: {missing[0]['name']!r}, "
                             f"line {missing[0]['line']}); run with --assign-ids once")
        for r in missing:
            base = f"{meta['prefix']}.{slugify(r['name'])}"
            ident = base
            if ident in seen_ids:
                ident = f"{base}-{hashlib.sha1(r['name'].encode('utf-8')).hexdigest()[:6]}"
            if ident in seen_ids:
                raise SystemExit(f"id collision {ident}")
            seen_ids[ident] = fname
            r["id"] = ident
        write_source(path, meta, rows)
        print(f"{fname}: assigned {len(missing)} new ids")
    seen_names: dict[str, str] = {}
    summary = []
    stale: list[str] = []
    seen_forms: dict[str, str] = {}
    for fname, path, meta, rows in sources:
        out = []
        for r in rows:
            where = f"{fname}:{r['line']}"
            if r["name"] in seen_names:
                raise SystemExit(f"{where}: duplicate entity name {r['name']!r} (also in {seen_names[r['name']]})")
            seen_names[r["name"]] = fname
            out.append(entity_row(meta, r, by_name, by_short, common, where))
            for form in [r["name"]] + surface_forms(out[-1]):
                if seen_forms.setdefault(form, r["id"]) != r["id"]:
                    raise SystemExit(f"{where}: {form!r} names both {seen_forms[form]} and {r['id']}")
        out.sort(key=lambda r: r["id"])
        f = io.StringIO()
        f.write(f"# source: {meta['source']}\n")
        f.write(f"# licence: {meta['licence']}" + (f"; {meta['licence_note']}" if meta.get("licence_note") else "") + "\n")
        f.write(f"# date: {meta['date']}\n")
        f.write(f"# built_by: lexicons/build/build_entities.py from lexicons/sources/{fname}"
                + (f" ({meta['built_by']})" if meta.get("built_by") else "") + "\n")
        f.write("\t".join(HEADER) + "\n")
        for r in out:
            f.write("\t".join(r[c] for c in HEADER) + "\n")
        target = os.path.join(ENT_DIR, fname)
        if args.check:
            with open(target, encoding="utf-8", newline="") as fh:
                if fh.read() != f.getvalue():
                    stale.append(fname)
        else:
            with open(target, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(f.getvalue())
        summary.append(f"{fname}: {len(out)}")
    if stale:
        raise SystemExit(f"out of date (rebuild with build_entities.py): {', '.join(stale)}")
    print("checked" if args.check else "wrote", ", ".join(summary))


if __name__ == "__main__":
    main()
