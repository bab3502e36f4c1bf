#!/usr/bin/env python3
"""Builds tests/accuracy/generated_cases.jsonl: labelled profiles made from the lexicon.

    .venv/bin/python tests/accuracy/build_cases.py

Positives take real protected names and disguise them the way impersonators do
(lookalike and homophone swaps from the similarity tables, traditional script,
separators, zero-width characters, pinyin, region + organ words). Benign names
combine ordinary words (pypinyin's phrase list) with nickname endings, skipping
words that contain a protected name. Seeded, so the file is reproducible; it is
committed, and the regression test scores it.
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pypinyin import Style, lazy_pinyin  # noqa: E402
from pypinyin.phrases_dict import phrases_dict  # noqa: E402

from service.lexicon.loader import load_bundled  # noqa: E402
from service.lexicon.similarity import CharSimilarity  # noqa: E402

OUT = Path(__file__).with_name("generated_cases.jsonl")
ENDINGS = ["日记", "小屋", "的日常", "酱", "君", "星球", "杂货铺", "不说话", "控", "迷", "手记", "笔记", "时光", "达人"]
LOCAL = ["本地", "同城", "头条", "生活圈"]


def case(i, kind, name, decision, categories=(), entities=(), bio=""):
    return {"id": f"g-{i:04d}", "name": name, "bio": bio,
            "expect": {"decision": list(decision), "categories": list(categories), "entities": list(entities),
                       "credential": [], "kind": kind}}


def main() -> int:
    rng = random.Random(20261122)
    data = load_bundled(ROOT / "lexicons")
    sim = CharSimilarity.load(ROOT / "lexicons" / "charsim")
    import opencc

    s2t = opencc.OpenCC("s2t")
    ents = sorted((e for e in data.entities.values() if "common_word" not in e.flags and 4 <= len(e.name) <= 10
                   and all("\u4e00" <= c <= "\u9fff" for c in e.name)), key=lambda e: e.id)
    shape = {}
    for (a, b), s in sim.shape.items():
        if s >= 0.75:
            shape.setdefault(a, []).append(b)
    by_reading = {}
    for ch, rs in sim.readings.items():
        if len(rs) == 1 and "\u4e00" <= ch <= "\u9fff":
            by_reading.setdefault(rs[0], []).append(ch)
    cases, i = [], 0

    def add(*args, **kw):
        nonlocal i
        i += 1
        cases.append(case(i, *args, **kw))

    for e in rng.sample(ents, 30):
        add("exact", e.name, ["REVIEW", "REJECT"], [e.category.name], [e.name])
    for e in rng.sample(ents, 60):
        spots = [k for k, c in enumerate(e.name) if c in shape]
        if not spots:
            continue
        k = rng.choice(spots)
        add("homoglyph", e.name[:k] + rng.choice(sorted(shape[e.name[k]])) + e.name[k + 1:], ["REJECT"],
            [e.category.name], [e.name])
    for e in rng.sample(ents, 60):
        k = rng.randrange(len(e.name))
        rs = sim.readings.get(e.name[k], ())
        pool = sorted(set(by_reading.get(rs[0], [])) - {e.name[k]}) if len(rs) == 1 else []
        if pool:
            add("homophone", e.name[:k] + rng.choice(pool) + e.name[k + 1:], ["REJECT"], [e.category.name], [e.name])
    for e in rng.sample(ents, 40):
        t = s2t.convert(e.name)
        if t != e.name:
            add("variant", t, ["REVIEW", "REJECT"], [e.category.name], [e.name])
    for e in rng.sample(ents, 20):
        k = rng.randrange(1, len(e.name))
        add("separator", e.name[:k] + rng.choice([" ", "·", "-", "　"]) + e.name[k:], ["REVIEW", "REJECT"],
            [e.category.name], [e.name])
    for e in rng.sample(ents, 20):
        k = rng.randrange(1, len(e.name))
        add("invisible", e.name[:k] + rng.choice(["\u200b", "\u200d", "\u2060"]) + e.name[k:], ["REJECT"],
            [e.category.name], [e.name])
    for e in rng.sample(ents, 15):
        add("pinyin", "".join(lazy_pinyin(e.name, style=Style.NORMAL)), ["REVIEW", "REJECT"], [e.category.name])
    divs = sorted((d for d in data.divisions.values() if d.status == "current" and d.level != "county"
                   and not d.flags & {"common_word", "ambiguous"}), key=lambda d: d.code)
    for d in rng.sample(divs, 30):
        add("region", d.short_name + rng.choice(LOCAL), ["REVIEW", "REJECT"], ["REGION", "NEWS_MEDIA"])
    organs = sorted((p for p in data.patterns if p.category.name == "PARTY_GOVERNMENT"
                     and p.position == "suffix" and p.region_form != "full" and p.min_level != "province"
                     and not p.flags), key=lambda p: p.pattern)
    for d in rng.sample(divs, 30):
        p = rng.choice(organs)
        add("region+organ", d.short_name + p.pattern, ["REVIEW", "REJECT"], ["PARTY_GOVERNMENT"])
    for e in rng.sample(ents, 15):
        add("bio", rng.choice(["生活分享", "每日一问", "小林说"]), ["REVIEW", "REJECT"], [e.category.name],
            [e.name], bio=f"本号转载自{e.name}，欢迎关注")

    protected = {e.name for e in data.entities.values()} | {a for e in data.entities.values() for a in e.aliases}
    protected |= {d.short_name for d in data.divisions.values() if not d.flags & {"common_word", "ambiguous"}}
    words = sorted(w for w in phrases_dict if len(w) == 2 and all("\u4e00" <= c <= "\u9fff" for c in w))
    benign = 0
    while benign < 400:
        w = rng.choice(words) + rng.choice(ENDINGS)
        if any(p in w for p in protected if len(p) >= 2):
            continue
        benign += 1
        add("benign", w, ["ALLOW"])
    with open(OUT, "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} cases to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
