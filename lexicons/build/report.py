#!/usr/bin/env python3
"""Lexicon coverage report (``make lexicon-report``).

Prints, for every file under lexicons/: row counts broken down the useful way
(entities per category and level with alias/abbreviation counts, divisions per
level and status, patterns per category, allowlist and common-word sizes), the
source/licence/date header of each file, and what changed since the committed
snapshot lexicons/build/last_report.json (ids added/removed per file).

    .venv/bin/python lexicons/build/report.py            # report + diff against snapshot
    .venv/bin/python lexicons/build/report.py --update   # also rewrite the snapshot
    .venv/bin/python lexicons/build/report.py --json     # machine-readable summary

Exit status is 0 unless a file is missing or malformed.
"""
from __future__ import annotations

import argparse
import collections
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEXICONS = os.path.dirname(HERE)
SNAPSHOT = os.path.join(HERE, "last_report.json")


def read_tsv(path: str):
    meta = {}
    header = None
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("#"):
                key, _, value = line[1:].strip().partition(":")
                meta[key.strip()] = value.strip()
                continue
            if not line:
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            if len(cells) != len(header):
                raise SystemExit(f"{path}:{lineno}: {len(cells)} cells, header has {len(header)}")
            rows.append(dict(zip(header, cells)))
    if header is None:
        raise SystemExit(f"{path}: no header row")
    return meta, header, rows


def key_of(fname: str, row: dict) -> str:
    if fname.startswith("entities/"):
        return row["id"]
    if fname == "divisions.tsv":
        return f"{row['code']}:{row['name']}"
    if fname == "organ_patterns.tsv":
        return f"{row['pattern']}:{row['position']}"
    if fname == "allowlist.tsv":
        return row["phrase"]
    if fname == "common_words.tsv":
        return row["word"]
    return "\t".join(row.values())


def collect() -> dict:
    files = ["divisions.tsv", "organ_patterns.tsv", "allowlist.tsv", "common_words.tsv"]
    files += sorted(os.path.relpath(p, LEXICONS) for p in glob.glob(os.path.join(LEXICONS, "entities", "*.tsv")))
    summary = {"files": {}}
    for fname in files:
        path = os.path.join(LEXICONS, fname)
        if not os.path.exists(path):
            raise SystemExit(f"missing {path}")
        meta, header, rows = read_tsv(path)
        info = {"rows": len(rows), "meta": meta, "ids": sorted(key_of(fname, r) for r in rows)}
        if fname.startswith("entities/"):
            by = collections.Counter((r["category"], r["level"]) for r in rows)
            info["by_category_level"] = {f"{c}/{l}": n for (c, l), n in sorted(by.items())}
            info["aliases"] = sum(len([a for a in r["aliases"].split("|") if a]) for r in rows)
            info["abbreviations"] = sum(len([a for a in r["abbreviations"].split("|") if a]) for r in rows)
            info["by_severity"] = dict(sorted(collections.Counter(r["severity"] for r in rows).items()))
            flags = collections.Counter(f for r in rows for f in r["flags"].split(",") if f)
            info["by_flag"] = dict(sorted(flags.items()))
        elif fname == "divisions.tsv":
            by = collections.Counter((r["level"], r["status"]) for r in rows)
            info["by_level_status"] = {f"{l}/{s}": n for (l, s), n in sorted(by.items())}
            flags = collections.Counter(f for r in rows for f in r["flags"].split(",") if f)
            info["by_flag"] = dict(sorted(flags.items()))
            info["aliases"] = sum(len([a for a in r["aliases"].split("|") if a]) for r in rows)
        elif fname == "organ_patterns.tsv":
            by = collections.Counter((r["category"], r["position"]) for r in rows)
            info["by_category_position"] = {f"{c}/{p}": n for (c, p), n in sorted(by.items())}
            flags = collections.Counter(f for r in rows for f in r["flags"].split(",") if f)
            info["by_flag"] = dict(sorted(flags.items()))
        summary["files"][fname] = info
    ent = [i for f, i in summary["files"].items() if f.startswith("entities/")]
    summary["entities_total"] = sum(i["rows"] for i in ent)
    media = 0
    for f, i in summary["files"].items():
        if f == "entities/news_media.tsv":
            media += i["rows"]
        elif f.startswith("entities/"):
            media += i.get("by_flag", {}).get("news_media", 0)
    summary["media_entities_total"] = media
    return summary


def print_report(summary: dict) -> None:
    for fname, info in summary["files"].items():
        print(f"== {fname}: {info['rows']} rows")
        for k in ("source", "licence", "date", "built_by"):
            if k in info["meta"]:
                print(f"   {k}: {info['meta'][k]}")
        for k in ("by_category_level", "by_level_status", "by_category_position", "by_severity", "by_flag"):
            if k in info:
                print(f"   {k}: " + ", ".join(f"{a}={b}" for a, b in info[k].items()))
        for k in ("aliases", "abbreviations"):
            if k in info:
                print(f"   {k}: {info[k]}")
    print(f"== entities total: {summary['entities_total']} (media, incl. military media: {summary['media_entities_total']})")


def print_diff(summary: dict, snapshot: dict) -> None:
    print("== changes since lexicons/build/last_report.json")
    any_change = False
    old_files = snapshot.get("files", {})
    for fname in sorted(set(summary["files"]) | set(old_files)):
        new_ids = set(summary["files"].get(fname, {}).get("ids", []))
        old_ids = set(old_files.get(fname, {}).get("ids", []))
        added, removed = sorted(new_ids - old_ids), sorted(old_ids - new_ids)
        if not added and not removed:
            continue
        any_change = True
        print(f"   {fname}: +{len(added)} -{len(removed)}")
        for a in added[:50]:
            print(f"     + {a}")
        if len(added) > 50:
            print(f"     ... {len(added) - 50} more added")
        for r in removed[:50]:
            print(f"     - {r}")
        if len(removed) > 50:
            print(f"     ... {len(removed) - 50} more removed")
    if not any_change:
        print("   no ids added or removed")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--update", action="store_true", help="rewrite lexicons/build/last_report.json")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON instead of text")
    args = ap.parse_args()
    summary = collect()
    if args.json:
        json.dump({k: v for k, v in summary.items()}, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_report(summary)
        if os.path.exists(SNAPSHOT):
            with open(SNAPSHOT, encoding="utf-8") as f:
                print_diff(summary, json.load(f))
        else:
            print("== no snapshot yet (run with --update to create lexicons/build/last_report.json)")
    if args.update:
        with open(SNAPSHOT, "w", encoding="utf-8", newline="\n") as f:
            json.dump(summary, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.write("\n")
        print(f"snapshot written to {os.path.relpath(SNAPSHOT, os.getcwd())}")


if __name__ == "__main__":
    main()
