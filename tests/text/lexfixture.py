"""A small synthetic lexicon written to a temp folder, for engine unit tests that must
not move when the bundled national data grows."""
from __future__ import annotations

from pathlib import Path

HEADER = "# source: test fixture\n# licence: CC0-1.0\n# date: 2026-11-22\n# built_by: tests/text/lexfixture.py\n"

ENTITIES = {
    "news_media.tsv": [
        ("media.peoples-daily", "人民日报", "NEWS_MEDIA", "People's Daily", "", "national"),
        ("media.xinhua", "新华社", "NEWS_MEDIA", "新华通讯社|Xinhua", "", "national"),
        ("media.cctv", "中央广播电视总台", "NEWS_MEDIA", "中央电视台|CCTV", "央视", "national"),
        ("media.cctv-news", "央视新闻", "NEWS_MEDIA", "", "", "national"),
        ("media.youth-daily", "中国青年报", "NEWS_MEDIA", "", "中青报", "national"),
        ("media.great-wall-net", "长城网", "NEWS_MEDIA", "", "", "provincial"),
    ],
    "party_government.tsv": [
        ("gov.spp", "最高人民检察院", "PARTY_GOVERNMENT", "", "最高检", "national"),
        ("gov.moe", "教育部", "PARTY_GOVERNMENT", "中华人民共和国教育部", "", "national"),
    ],
    "public_institution.tsv": [
        ("inst.cas", "中国科学院", "PUBLIC_INSTITUTION", "", "中科院", "national"),
        ("inst.cass", "中国社会科学院", "PUBLIC_INSTITUTION", "", "社科院", "national"),
    ],
    "military.tsv": [
        ("mil.airforce", "中国人民解放军空军", "MILITARY", "", "空军", "national"),
    ],
}

DIVISIONS = [
    ("410000", "河南省", "河南", "province", "", "current", "", "豫"),
    ("411300", "南阳市", "南阳", "prefecture", "410000", "current", "", ""),
    ("510000", "四川省", "四川", "province", "", "current", "", "川"),
    ("110000", "北京市", "北京", "province", "", "current", "", "京"),
    ("120101", "和平区", "和平", "county", "120100", "current", "common_word", ""),
    ("310113", "宝山区", "宝山", "county", "310000", "current", "", ""),
    ("630203", "平安区", "平安", "county", "630200", "current", "common_word", ""),
    ("510600", "德阳市", "德阳", "prefecture", "510000", "current", "", ""),
    ("140400", "长治市", "长治", "prefecture", "140000", "current", "", ""),
    ("420600", "襄樊市", "襄樊", "prefecture", "420000", "abolished", "", ""),
]

PATTERNS = [
    ("卫健", "卫生健康委员会", "PARTY_GOVERNMENT", "suffix", "county", "short", "", ""),
    ("卫健委", "卫生健康委员会", "PARTY_GOVERNMENT", "suffix", "county", "both", "", ""),
    ("疾控中心", "疾病预防控制中心", "PUBLIC_INSTITUTION", "suffix", "county", "both", "", ""),
    ("平安", "公安局", "PARTY_GOVERNMENT", "prefix", "county", "short", "", ""),
    ("日报", "日报", "NEWS_MEDIA", "suffix", "prefecture", "short", "", ""),
    ("本地", "本地", "REGION", "suffix", "county", "both", "local_cue", ""),
    ("生活", "地方综合信息", "REGION", "suffix", "county", "both", "local_cue,weak", ""),
    ("公安局", "公安局", "PARTY_GOVERNMENT", "suffix", "county", "both", "", ""),
    ("特种部队", "特种部队", "MILITARY", "suffix", "county", "both", "unit_cue", ""),
    ("部队", "部队", "MILITARY", "suffix", "county", "both", "unit_cue", ""),
]

ALLOW = [("新华书店", "bookshop chain"), ("空军一号", "the US presidential aircraft"), ("平安夜", "Christmas Eve")]

SHAPE = [("日", "曰", 0.93), ("人", "入", 0.9), ("华", "桦", 0.8), ("明", "朋", 0.82), ("部", "郜", 0.8)]


def write(root: Path) -> Path:
    (root / "entities").mkdir(parents=True, exist_ok=True)
    for name, rows in ENTITIES.items():
        with open(root / "entities" / name, "w", encoding="utf-8") as f:
            f.write(HEADER + "id\tname\tcategory\taliases\tabbreviations\tlevel\tregion_code\tseverity\tflags\n")
            for r in rows:
                f.write("\t".join(r) + "\t\tnormal\t\n")
    with open(root / "divisions.tsv", "w", encoding="utf-8") as f:
        f.write(HEADER + "code\tname\tshort_name\tlevel\tparent_code\tstatus\tflags\taliases\n")
        for r in DIVISIONS:
            f.write("\t".join(r) + "\n")
    with open(root / "organ_patterns.tsv", "w", encoding="utf-8") as f:
        f.write(HEADER + "pattern\tcanonical\tcategory\tposition\tmin_level\tregion_form\tflags\tnote\n")
        for r in PATTERNS:
            f.write("\t".join(r) + "\n")
    with open(root / "allowlist.tsv", "w", encoding="utf-8") as f:
        f.write(HEADER + "phrase\treason\n")
        for r in ALLOW:
            f.write("\t".join(r) + "\n")
    with open(root / "context_cues.tsv", "w", encoding="utf-8") as f:
        f.write(HEADER + "cue\teffect\tnote\n路\taddress\tstreet\n网络\tstraddle\tnetwork\n报名\tstraddle\tsign-up\n")
    with open(root / "claims.tsv", "w", encoding="utf-8") as f:
        f.write(HEADER + "term\tdomain\tnote\n医生\tMEDICAL\t\n主任医师\tMEDICAL\t\n律师\tLEGAL\t\n老师\tEDUCATION\t\n"
                "分析师\tFINANCE\t\n宠物医生\tNONE\t\n舞蹈老师\tNONE\t\n数据分析师\tNONE\t\n")
    with open(root / "claim_context.tsv", "w", encoding="utf-8") as f:
        f.write(HEADER + "phrase\teffect\tnote\n的女儿\texclude_after\t\n想当\texclude_before\t\n")
    with open(root / "words.tsv", "w", encoding="utf-8") as f:
        f.write(HEADER + "word\tfreq\n阳光\t3451\n长治久安\t677\n")
    (root / "charsim").mkdir(exist_ok=True)
    with open(root / "charsim" / "shape.tsv", "w", encoding="utf-8") as f:
        f.write(HEADER + "a\tb\tsimilarity\tevidence\n")
        for a, b, s in SHAPE:
            a, b = sorted((a, b))
            f.write(f"{a}\t{b}\t{s}\ttest\n")
    with open(root / "charsim" / "confusables.tsv", "w", encoding="utf-8") as f:
        f.write(HEADER + "char\ttarget\tsource\n\u0421\tc\ttest\n\u0430\ta\ttest\n\u043e\to\ttest\n")
    return root
