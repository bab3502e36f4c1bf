#!/usr/bin/env python3
"""Rebuild lexicons/entities/*.tsv from the hand-curated data modules.

Data modules (same directory): build_entities_gov.py, build_entities_mil.py,
build_entities_pub.py, build_entities_media.py.  Each defines PREFIX, CATEGORY,
FILE, SOURCE, SOURCE_DATE and DATA (one entity per line, see the module
docstrings).  This script

  * parses the lines, applying ``@key=value`` defaults,
  * resolves region names against lexicons/divisions.tsv (current rows) to a
    6-digit code and sets level (national / provincial / prefecture / county),
  * derives a stable ascii id ``<prefix>.<slug>`` (slug = toneless pinyin of the
    canonical name via pypinyin, or an override from SLUG_OVERRIDES),
  * adds ``common_word`` to flags where the name, an alias or an abbreviation is
    listed in lexicons/common_words.tsv,
  * validates (unique ids and names across all files, no empty required cells)
    and writes the TSVs deterministically.

Run after build_divisions.py.  Requires pypinyin (already in the project venv).
"""
from __future__ import annotations

import collections
import hashlib
import importlib
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
LEXICONS = os.path.dirname(HERE)
ENT_DIR = os.path.join(LEXICONS, "entities")
DIVISIONS = os.path.join(LEXICONS, "divisions.tsv")
COMMON_WORDS = os.path.join(LEXICONS, "common_words.tsv")

MODULES = ["build_entities_gov", "build_entities_mil", "build_entities_pub", "build_entities_media"]
HEADER = ["id", "name", "category", "aliases", "abbreviations", "level", "region_code", "severity",
          "flags", "owner_uscc", "source", "source_date", "licence"]
LICENCE = "public-domain fact (names of public bodies and media)"
SEVERITIES = {"high", "normal", "low"}
LEVEL_OF_DIVISION = {"province": "provincial", "prefecture": "prefecture", "county": "county"}

# Readable English slugs for the best-known entities (ids must never change once published).
SLUG_OVERRIDES = {
    "最高人民检察院": "supreme-procuratorate",
    "最高人民法院": "supreme-court",
    "中华人民共和国国务院": "state-council",
    "中国共产党中央委员会": "cpc-central-committee",
    "中央纪律检查委员会": "ccdi",
    "国家监察委员会": "nsc",
    "全国人民代表大会": "npc",
    "全国人民代表大会常务委员会": "npc-standing-committee",
    "中国人民政治协商会议全国委员会": "cppcc",
    "外交部": "foreign-ministry",
    "公安部": "public-security-ministry",
    "国家卫生健康委员会": "nhc",
    "国家市场监督管理总局": "samr",
    "国家税务总局": "sta",
    "海关总署": "customs",
    "中国共产主义青年团中央委员会": "cyl-central",
    "中华全国妇女联合会": "acwf",
    "中华全国总工会": "acftu",
    "中华人民共和国中央军事委员会": "cmc",
    "中华人民共和国国防部": "defense-ministry",
    "中国人民解放军": "pla",
    "中国人民解放军陆军": "army",
    "中国人民解放军海军": "navy",
    "中国人民解放军空军": "air-force",
    "中国人民解放军火箭军": "rocket-force",
    "中国人民武装警察部队": "pap",
    "中国海警局": "coast-guard",
    "解放军报": "pla-daily",
    "中国科学院": "cas",
    "中国工程院": "cae",
    "中国社会科学院": "cass",
    "中国疾病预防控制中心": "china-cdc",
    "人民日报": "peoples-daily",
    "新华通讯社": "xinhua",
    "中央广播电视总台": "cmg",
    "中央电视台": "cctv",
    "中国国际电视台": "cgtn",
    "中央人民广播电台": "cnr",
    "光明日报": "guangming-daily",
    "经济日报": "economic-daily",
    "中国日报": "china-daily",
    "求是": "qiushi",
    "中国新闻社": "china-news-service",
    "环球时报": "global-times",
    "新闻联播": "xinwen-lianbo",
}


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
    from pypinyin import lazy_pinyin

    if name in SLUG_OVERRIDES:
        return SLUG_OVERRIDES[name]
    parts = []
    for p in lazy_pinyin(name):
        p = p.lower()
        p = re.sub(r"[^a-z0-9]+", "-", p).strip("-")
        if p:
            parts.append(p)
    slug = "".join(parts) if all(re.fullmatch(r"[a-z]+", p) for p in parts) else "-".join(parts)
    slug = re.sub(r"-+", "-", slug).strip("-")
    return slug or hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def split_list(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(",") if x.strip()]


def parse_module(mod, by_name, by_short, common):
    defaults = {"severity": "normal", "flags": "", "region": ""}
    rows = []
    for lineno, raw in enumerate(mod.DATA.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            key, _, value = line[1:].partition("=")
            defaults[key.strip()] = value.strip()
            continue
        fields = [f.strip() for f in re.split(r"\s*/\s*", line)]
        fields += [""] * (6 - len(fields))
        if len(fields) > 6:
            raise SystemExit(f"{mod.__name__}:{lineno}: too many fields: {raw!r}")
        name, aliases, abbrs, region, severity, flags = fields
        if not name:
            raise SystemExit(f"{mod.__name__}:{lineno}: empty name")
        region = region or defaults["region"]
        severity = severity or defaults["severity"]
        if severity not in SEVERITIES:
            raise SystemExit(f"{mod.__name__}:{lineno}: bad severity {severity!r}")
        flag_list = split_list(flags.replace(",", ",")) if flags else split_list(defaults["flags"])
        level, code = resolve_region(region, by_name, by_short)
        alias_list = [a for a in split_list(aliases) if a != name]
        abbr_list = [a for a in split_list(abbrs) if a != name and a not in alias_list]
        if any(w in common for w in [name] + alias_list + abbr_list) and "common_word" not in flag_list:
            flag_list.append("common_word")
        rows.append({
            "name": name, "category": mod.CATEGORY, "aliases": "|".join(alias_list),
            "abbreviations": "|".join(abbr_list), "level": level, "region_code": code,
            "severity": severity, "flags": ",".join(flag_list), "owner_uscc": "",
            "source": mod.SOURCE, "source_date": mod.SOURCE_DATE, "licence": LICENCE,
        })
    return rows


def main() -> None:
    by_name, by_short = load_divisions()
    common = load_common_words()
    os.makedirs(ENT_DIR, exist_ok=True)
    seen_ids = set()
    seen_names = {}
    summary = []
    for modname in MODULES:
        mod = importlib.import_module(modname)
        rows = parse_module(mod, by_name, by_short, common)
        for r in rows:
            if r["name"] in seen_names:
                raise SystemExit(f"duplicate entity name {r['name']!r} ({seen_names[r['name']]} and {mod.FILE})")
            seen_names[r["name"]] = mod.FILE
            base = f"{mod.PREFIX}.{slugify(r['name'])}"
            ident = base
            if ident in seen_ids:
                ident = f"{base}-{hashlib.sha1(r['name'].encode('utf-8')).hexdigest()[:6]}"
            if ident in seen_ids:
                raise SystemExit(f"id collision {ident}")
            seen_ids.add(ident)
            r["id"] = ident
        rows.sort(key=lambda r: r["id"])
        path = os.path.join(ENT_DIR, mod.FILE)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(f"# source: {mod.SOURCE}\n")
            f.write(f"# licence: {LICENCE}; compiled by the Zhenwei project\n")
            f.write(f"# date: {mod.SOURCE_DATE}\n")
            f.write(f"# built_by: hand-curated, see README (data in lexicons/build/{mod.__name__}.py, written by lexicons/build/build_entities.py)\n")
            f.write("\t".join(HEADER) + "\n")
            for r in rows:
                f.write("\t".join(r[c] for c in HEADER) + "\n")
        summary.append(f"{mod.FILE}: {len(rows)}")
    print("wrote", ", ".join(summary))


if __name__ == "__main__":
    main()
