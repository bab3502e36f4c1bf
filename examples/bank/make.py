#!/usr/bin/env python3
"""Regenerates the example reference bank: 8 synthetic emblems (bench/emblems.py, no real
logos) and the manifest that ``zhenwei bank import examples/bank --bank examples`` reads.

    .venv/bin/python examples/bank/make.py      # deterministic: same seeds, same files
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from bench import emblems as E  # noqa: E402

#: (seed, entity id, category, name written on the emblem) — fictitious organisations of a city
#: that does not exist (甄伪市), so no name on them is in the bundled lexicon
EMBLEMS = [
    (9101, "example.zhenwei-city-police", "PARTY_GOVERNMENT", "甄伪市公安局"),
    (9102, "example.zhenwei-city-court", "PARTY_GOVERNMENT", "甄伪市人民法院"),
    (9103, "example.zhenwei-city-procuratorate", "PARTY_GOVERNMENT", "甄伪市人民检察院"),
    (9104, "example.zhenwei-customs", "PARTY_GOVERNMENT", "甄伪海关"),
    (9105, "example.zhenwei-fire-rescue", "PUBLIC_INSTITUTION", "甄伪消防救援"),
    (9106, "example.zhenwei-daily", "NEWS_MEDIA", "甄伪日报社"),
    (9107, "example.zhenwei-tv", "NEWS_MEDIA", "甄伪电视台"),
    (9108, "example.zhenwei-armed-police", "MILITARY", "甄伪武警支队"),
]


def main() -> None:
    rows = []
    for seed, entity_id, category, name in EMBLEMS:
        img, _ = E.emblem(seed, name=name)
        file = f"{entity_id.split('.', 1)[1]}.png"
        img.quantize(colors=64, method=2, dither=0).convert("RGB").save(HERE / file, optimize=True)
        rows.append({"file": file, "entity_id": entity_id, "category": category, "label": f"{name}徽标"})
    with open(HERE / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["file", "entity_id", "category", "label"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} emblems and manifest.csv to {HERE}")


if __name__ == "__main__":
    main()
