#!/usr/bin/env python3
"""Add every institution of the regular higher-education list to lexicons/sources/education.tsv.

Input: lexicons/sources/raw/chsi_universities.tsv (province, name: the MoE list of
regular higher-education institutions as published on 学信网, see its header).

For each listed name that no curated source file holds yet (as a name or an alias,
compared with ASCII brackets folded to full-width ones), a row is appended to
education.tsv with an empty id, its province as region, severity ``low`` for
vocational and junior colleges (职业, 专科) and ``normal`` otherwise.  Branch campuses
listed separately by the source (北京交通大学（威海校区）) are not institutions and
are skipped.  Rows already in education.tsv keep their ids and their hand-curated
aliases and abbreviations; nothing is removed.  Then run

    .venv/bin/python lexicons/build/build_entities.py --assign-ids

once to give the new rows their ids (stored in education.tsv from then on).
"""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build_entities as be  # noqa: E402

RAW = os.path.join(be.SOURCES, "raw", "chsi_universities.tsv")
EDUCATION = os.path.join(be.SOURCES, "education.tsv")


def fold(name: str) -> str:
    return name.replace("(", "（").replace(")", "）")


def read_raw() -> list[tuple[str, str]]:
    out = []
    with open(RAW, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("#")]
    assert lines[0] == "province\tname", lines[0]
    for l in lines[1:]:
        prov, name = l.split("\t")
        out.append((prov, fold(name)))
    return out


def main() -> None:
    known = set()
    for fname in be.SOURCE_FILES:
        _, rows = be.read_source(os.path.join(be.SOURCES, fname))
        for r in rows:
            known.add(fold(r["name"]))
            known.update(fold(a) for a in be.split_list(r["aliases"]))
    meta, edu_rows = be.read_source(EDUCATION)
    added = 0
    for prov, name in read_raw():
        if name in known or "校区" in name:
            continue
        known.add(name)
        severity = "low" if ("职业" in name or "专科" in name) else "normal"
        edu_rows.append({"id": "", "name": name, "aliases": "", "abbreviations": "", "region": prov,
                         "severity": severity, "flags": "", "group": f"MoE regular HEI list: {prov}"})
        added += 1
    be.write_source(EDUCATION, meta, edu_rows)
    print(f"education.tsv: {added} rows added, {len(edu_rows)} in all")


if __name__ == "__main__":
    main()
