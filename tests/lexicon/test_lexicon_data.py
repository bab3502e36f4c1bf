"""Data checks for the files under lexicons/ (formats, referential integrity, coverage).

Plain pytest; reads only the committed files (no network, no package downloads).
"""
from __future__ import annotations

import collections
import glob
import json
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LEX = os.path.join(ROOT, "lexicons")
BUILD = os.path.join(LEX, "build")

HEADERS = {
    "divisions.tsv": ["code", "name", "short_name", "level", "parent_code", "status", "flags", "aliases"],
    "organ_patterns.tsv": ["pattern", "canonical", "category", "position", "min_level", "region_form", "flags", "note"],
    "allowlist.tsv": ["phrase", "reason", "source"],
    "common_words.tsv": ["word", "reason", "source"],
}
ENTITY_HEADER = ["id", "name", "category", "aliases", "abbreviations", "level", "region_code", "severity",
                 "flags", "owner_uscc", "source", "source_date", "licence"]
ENTITY_FILES = {
    "party_government.tsv": ("gov.", "PARTY_GOVERNMENT"),
    "military.tsv": ("mil.", "MILITARY"),
    "public_institution.tsv": ("pub.", "PUBLIC_INSTITUTION"),
    "news_media.tsv": ("media.", "NEWS_MEDIA"),
    "education.tsv": ("edu.", "PUBLIC_INSTITUTION"),
    "finance.tsv": ("fin.", "PUBLIC_INSTITUTION"),
}
REQUIRED = {
    "divisions.tsv": ["code", "name", "short_name", "level", "status"],
    "organ_patterns.tsv": ["pattern", "canonical", "category", "position", "min_level", "region_form"],
    "allowlist.tsv": ["phrase", "reason", "source"],
    "common_words.tsv": ["word", "reason", "source"],
    "entity": ["id", "name", "category", "level", "severity", "source", "source_date", "licence"],
}
MAINLAND_PROVINCES = 31


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    assert b"\r" not in raw, f"{path}: CR characters (must be LF only)"
    text = raw.decode("utf-8")
    meta, header, rows = {}, None, []
    lines = text.split("\n")
    assert lines[-1] == "", f"{path}: must end with a newline"
    seen_data = False
    for i, line in enumerate(lines[:-1], 1):
        if line.startswith("#"):
            assert not seen_data, f"{path}:{i}: comment after the header"
            k, _, v = line[1:].strip().partition(":")
            meta[k.strip()] = v.strip()
            continue
        assert line, f"{path}:{i}: empty line"
        cells = line.split("\t")
        if header is None:
            header = cells
            seen_data = True
            continue
        assert len(cells) == len(header), f"{path}:{i}: {len(cells)} cells vs {len(header)}"
        rows.append(dict(zip(header, cells)))
    return meta, header, rows


def all_files():
    files = [os.path.join(LEX, f) for f in HEADERS]
    files += sorted(glob.glob(os.path.join(LEX, "entities", "*.tsv")))
    return files


@pytest.fixture(scope="module")
def divisions():
    return read(os.path.join(LEX, "divisions.tsv"))[2]


@pytest.fixture(scope="module")
def entities():
    out = {}
    for fname in ENTITY_FILES:
        out[fname] = read(os.path.join(LEX, "entities", fname))[2]
    return out


@pytest.fixture(scope="module")
def patterns():
    return read(os.path.join(LEX, "organ_patterns.tsv"))[2]


# --- common format ------------------------------------------------------------------

@pytest.mark.parametrize("path", all_files(), ids=lambda p: os.path.relpath(p, LEX))
def test_file_header_and_meta(path):
    meta, header, rows = read(path)
    for key in ("source", "licence", "date", "built_by"):
        assert meta.get(key), f"{path}: missing # {key}:"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["date"]), meta["date"]
    name = os.path.basename(path)
    expected = HEADERS.get(name, ENTITY_HEADER)
    assert header == expected
    assert rows, f"{path}: no rows"
    required = REQUIRED.get(name, REQUIRED["entity"])
    for r in rows:
        for col in required:
            assert r[col].strip(), f"{path}: empty {col} in {r}"
        for col, val in r.items():
            assert val == val.strip(), f"{path}: stray whitespace in {col}: {val!r}"
            assert "||" not in val and not val.startswith("|") and not val.endswith("|"), f"{path}: empty list item in {col}: {val!r}"


def test_only_expected_entity_files():
    names = {os.path.basename(p) for p in glob.glob(os.path.join(LEX, "entities", "*.tsv"))}
    assert names == set(ENTITY_FILES)


# --- divisions ----------------------------------------------------------------------

def test_division_codes_levels_parents(divisions):
    codes = {r["code"] for r in divisions}
    keys = collections.Counter((r["code"], r["name"]) for r in divisions)
    assert max(keys.values()) == 1, [k for k, v in keys.items() if v > 1][:5]
    for r in divisions:
        assert re.fullmatch(r"\d{6}", r["code"]), r
        assert r["level"] in ("province", "prefecture", "county"), r
        assert r["status"] in ("current", "abolished"), r
        if r["level"] == "province":
            assert r["parent_code"] == "" and r["code"].endswith("0000"), r
        else:
            assert re.fullmatch(r"\d{6}", r["parent_code"]), r
            assert r["parent_code"] in codes, r
            assert r["parent_code"][:2] == r["code"][:2], r
        for f in filter(None, r["flags"].split(",")):
            assert f in ("common_word", "ambiguous"), r
        assert r["name"] != "市辖区"
        assert len(r["short_name"]) >= 2, r


def test_current_codes_unique(divisions):
    cur = collections.Counter(r["code"] for r in divisions if r["status"] == "current")
    assert max(cur.values()) == 1


def test_division_counts(divisions):
    cnt = collections.Counter(r["level"] for r in divisions if r["status"] == "current")
    assert 33 <= cnt["province"] <= 35
    assert 325 <= cnt["prefecture"] <= 340
    assert 2820 <= cnt["county"] <= 2870
    assert sum(1 for r in divisions if r["status"] == "abolished") > 100


@pytest.mark.parametrize("name,short", [
    ("延边朝鲜族自治州", "延边"), ("广西壮族自治区", "广西"), ("内蒙古自治区", "内蒙古"),
    ("恩施土家族苗族自治州", "恩施"), ("大厂回族自治县", "大厂"), ("新疆维吾尔自治区", "新疆"),
    ("阿勒泰地区", "阿勒泰"), ("宁夏回族自治区", "宁夏"), ("西藏自治区", "西藏"),
    ("香港特别行政区", "香港"), ("湘西土家族苗族自治州", "湘西"), ("鄂温克族自治旗", "鄂温克"),
    ("东乡族自治县", "东乡"), ("龙胜各族自治县", "龙胜"), ("博尔塔拉蒙古自治州", "博尔塔拉"),
    ("河南蒙古族自治县", "河南"), ("浦东新区", "浦东"), ("神农架林区", "神农架"),
    ("六枝特区", "六枝"), ("兴安盟", "兴安"), ("管城回族区", "管城"), ("朝阳区", "朝阳"),
    ("赵县", "赵县"), ("东区", "东区"), ("矿区", "矿区"), ("科尔沁左翼中旗", "科尔沁左翼中旗"),
])
def test_short_names(divisions, name, short):
    rows = [r for r in divisions if r["name"] == name and r["status"] == "current"]
    assert rows, name
    for r in rows:
        assert r["short_name"] == short, (name, r["short_name"])


def test_short_name_function_matches_file(divisions):
    sys.path.insert(0, BUILD)
    try:
        import build_divisions as bd
    finally:
        sys.path.remove(BUILD)
    for r in divisions:
        assert bd.short_name(r["name"]) == r["short_name"], r


@pytest.mark.parametrize("short", ["和平", "东方", "光明", "平安", "安宁", "通道", "资源", "比如", "朝阳", "长安", "城区", "矿区"])
def test_common_word_flags(divisions, short):
    rows = [r for r in divisions if r["short_name"] == short and r["status"] == "current"]
    assert rows, short
    for r in rows:
        assert "common_word" in r["flags"].split(","), r


@pytest.mark.parametrize("short", ["朝阳", "鼓楼", "河南", "和平", "长安"])
def test_ambiguous_flags(divisions, short):
    rows = [r for r in divisions if r["short_name"] == short and r["status"] == "current"]
    assert len(rows) >= 2 or short == "河南"
    for r in rows:
        assert "ambiguous" in r["flags"].split(","), r


def test_place_names_not_flagged_common(divisions):
    for short in ("北京", "杭州", "石首", "仙桃", "恩施", "延边"):
        for r in divisions:
            if r["short_name"] == short:
                assert "common_word" not in r["flags"], r


@pytest.mark.parametrize("code,abbr", [
    ("510000", "川"), ("420000", "鄂"), ("310000", "沪"), ("110000", "京"), ("120000", "津"),
    ("500000", "渝"), ("130000", "冀"), ("140000", "晋"), ("150000", "内蒙"), ("440000", "粤"),
])
def test_province_aliases(divisions, code, abbr):
    row = next(r for r in divisions if r["code"] == code and r["status"] == "current")
    assert abbr in row["aliases"].split("|")


def test_history_rows(divisions):
    names = {(r["name"], r["status"]) for r in divisions}
    assert ("襄樊市", "abolished") in names
    assert ("郫县", "abolished") in names
    assert ("襄阳市", "current") in names


def test_common_words_file():
    rows = read(os.path.join(LEX, "common_words.tsv"))[2]
    words = [r["word"] for r in rows]
    assert len(words) == len(set(words))
    for w in ("和平", "东方", "光明", "平安", "安宁", "通道", "资源", "比如"):
        assert w in words


# --- entities -----------------------------------------------------------------------

def test_entity_ids_and_categories(entities, divisions):
    cur_codes = {r["code"]: r["level"] for r in divisions if r["status"] == "current"}
    level_map = {"province": "provincial", "prefecture": "prefecture", "county": "county"}
    ids, names = set(), set()
    for fname, rows in entities.items():
        prefix, category = ENTITY_FILES[fname]
        for r in rows:
            assert re.fullmatch(r"[a-z]+\.[a-z0-9][a-z0-9-]*", r["id"]), r["id"]
            assert r["id"].startswith(prefix), r["id"]
            assert r["id"] not in ids, r["id"]
            ids.add(r["id"])
            assert r["name"] not in names, r["name"]
            names.add(r["name"])
            assert r["category"] == category, r
            assert r["severity"] in ("high", "normal", "low"), r
            assert r["owner_uscc"] == "", r
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["source_date"]), r
            if r["level"] == "national":
                assert r["region_code"] == "", r
            else:
                assert r["level"] in ("provincial", "prefecture", "county"), r
                assert r["region_code"] in cur_codes, r
                assert level_map[cur_codes[r["region_code"]]] == r["level"], r
            for a in filter(None, r["aliases"].split("|") + r["abbreviations"].split("|")):
                assert a != r["name"], r


def test_surface_forms_belong_to_one_entity(entities):
    owners = collections.defaultdict(set)
    for rows in entities.values():
        for r in rows:
            forms = [r["name"]] + r["aliases"].split("|") + r["abbreviations"].split("|")
            for form in filter(None, forms):
                owners[form].add(r["id"])
    shared = {f: sorted(o) for f, o in owners.items() if len(o) > 1}
    assert not shared, list(shared.items())[:5]


def test_entity_counts(entities):
    assert len(entities["party_government.tsv"]) >= 300
    assert len(entities["military.tsv"]) >= 100
    assert len(entities["public_institution.tsv"]) >= 150
    media = len(entities["news_media.tsv"]) + sum(
        1 for r in entities["military.tsv"] if "news_media" in r["flags"].split(","))
    assert media >= 800
    assert len(entities["news_media.tsv"]) >= 1500
    assert len(entities["education.tsv"]) >= 2600  # the MoE list of regular HEIs, less those held elsewhere
    assert len(entities["finance.tsv"]) >= 60


def test_former_names_are_flagged_history(entities):
    for name in ("中国人民解放军战略支援部队", "中国人民解放军第二炮兵", "中国人民解放军总参谋部", "南京军区",
                 "中国银行保险监督管理委员会", "国家工商行政管理总局"):
        assert "history" in _find(entities, name)["flags"].split(","), name


def test_every_mainland_province_has_an_examination_authority(entities, divisions):
    provinces = {r["code"] for r in divisions if r["level"] == "province" and r["status"] == "current"
                 and r["code"][:2] not in ("71", "81", "82")}
    have = {r["region_code"] for r in entities["education.tsv"]
            if r["level"] == "provincial" and ("考试" in r["name"]) }
    assert provinces <= have, sorted(provinces - have)


@pytest.mark.parametrize("name", [
    "新民周刊", "北京时间", "长安街知事", "浙江交通之声", "广东珠江经济台", "上海新闻广播", "主播说联播",
    "国际锐评", "新闻晚高峰", "香港中国通讯社", "中国新闻社西藏分社", "新华社亚太总分社", "观察者网",
])
def test_extended_media_present(entities, name):
    r = _find(entities, name)
    assert r["category"] == "NEWS_MEDIA"


@pytest.mark.parametrize("name", ["北京时间", "看天下", "小康", "拉呱", "乡约", "生命线", "见字如面", "梨园春"])
def test_extended_media_ordinary_names_are_common_word(entities, name):
    assert "common_word" in _find(entities, name)["flags"].split(",")


def test_cctv_channel_number_forms(entities):
    abbrs = set()
    for r in entities["news_media.tsv"]:
        abbrs.update(r["abbreviations"].split("|"))
    for form in ("央视二套", "央视六套", "央视八套", "央视十套", "央视十二套"):
        assert form in abbrs, form


def _find(entities, name):
    for rows in entities.values():
        for r in rows:
            if r["name"] == name:
                return r
    raise AssertionError(f"{name} not found")


@pytest.mark.parametrize("name,short", [
    ("最高人民检察院", "最高检"), ("最高人民法院", "最高法"), ("国家卫生健康委员会", "国家卫健委"),
    ("国家市场监督管理总局", "市场监管总局"), ("国家税务总局", "税务总局"), ("中共中央组织部", "中组部"),
    ("中共中央宣传部", "中宣部"), ("中国共产主义青年团中央委员会", "团中央"), ("中华全国妇女联合会", "全国妇联"),
    ("中国残疾人联合会", "中国残联"), ("中国科学技术协会", "中国科协"), ("中央纪律检查委员会", "中纪委"),
    ("中央电视台", "央视"), ("中华人民共和国中央军事委员会", "中央军委"), ("中国海警局", "中国海警"),
    ("国家外汇管理局", "外汇局"), ("中国投资有限责任公司", "中投公司"), ("中央汇金投资有限责任公司", "中央汇金"),
    ("上海证券交易所", "上交所"), ("中国证券登记结算有限责任公司", "中国结算"), ("中国银联", "银联"),
    ("复旦大学", "复旦"), ("清华大学", "清华"), ("交通大学", "交大"), ("中国人民解放军第二炮兵", "二炮"),
    ("中国银行保险监督管理委员会", "银保监会"), ("国家新闻出版署", "新闻出版署"),
])
def test_key_abbreviations(entities, name, short):
    r = _find(entities, name)
    assert short in r["abbreviations"].split("|") + r["aliases"].split("|")


@pytest.mark.parametrize("name", [
    "海关总署", "中共中央办公厅", "中共中央统一战线工作部", "中共中央政法委员会", "全国人民代表大会",
    "中国人民政治协商会议全国委员会", "中华人民共和国国务院", "外交部", "公安部", "中华全国总工会",
    "中国人民解放军海军", "中国人民解放军火箭军", "中国人民解放军东部战区", "中国人民武装警察部队",
    "解放军报", "中国军网", "八一电视", "中国科学院", "中国工程院", "中国社会科学院", "国家图书馆",
    "中国国家博物馆", "中国疾病预防控制中心", "国家气候中心", "人民日报", "新华通讯社", "中央广播电视总台",
    "光明日报", "经济日报", "中国日报", "求是", "中国新闻社", "中国青年报", "法治日报", "科技日报",
    "工人日报", "农民日报", "央视新闻", "人民网", "新华网", "央广网", "中国网", "学习强国", "南方日报",
    "大众日报", "浙江日报", "东方卫视", "湖南卫视", "浙江卫视", "南方都市报", "新京报", "扬子晚报",
    "钱江晚报", "北京青年报", "南方周末", "环球时报", "中国之声", "新闻联播", "朝闻天下", "焦点访谈",
    "今日说法", "新闻调查", "东方时空", "共同关注", "新闻1+1", "等着我",
])
def test_key_entities_present(entities, name):
    _find(entities, name)


def test_cctv_channels(entities):
    aliases = set()
    for r in entities["news_media.tsv"]:
        aliases.update(r["aliases"].split("|"))
    for n in range(1, 18):
        assert f"CCTV-{n}" in aliases, n
    assert "CCTV" in aliases and "CGTN" in aliases


def test_every_mainland_province_has_party_paper_and_satellite_tv(entities, divisions):
    provinces = [r["code"] for r in divisions if r["level"] == "province" and r["status"] == "current"
                 and r["code"][:2] not in ("71", "81", "82")]
    assert len(provinces) == MAINLAND_PROVINCES
    media = entities["news_media.tsv"]
    for code in provinces:
        here = [r for r in media if r["region_code"] == code]
        assert any(r["name"].endswith("日报") and r["severity"] == "high" for r in here), code
        assert any(r["name"].endswith("卫视") for r in here), code
        assert any("广播" in r["name"] for r in here), code


# --- organ patterns -----------------------------------------------------------------

def test_pattern_values(patterns):
    keys = collections.Counter((r["pattern"], r["position"]) for r in patterns)
    assert max(keys.values()) == 1
    for r in patterns:
        assert r["category"] in ("PARTY_GOVERNMENT", "PUBLIC_INSTITUTION", "NEWS_MEDIA", "MILITARY", "REGION"), r
        assert r["position"] in ("suffix", "prefix"), r
        assert r["min_level"] in ("province", "prefecture", "county"), r
        assert r["region_form"] in ("full", "short", "both"), r
        for f in filter(None, r["flags"].split(",")):
            assert f in ("weak", "local_cue", "unit_cue", "history", "word_ok", "numbered", "standalone"), r
        if "local_cue" in r["flags"]:
            assert r["category"] == "REGION"
        if "unit_cue" in r["flags"]:
            assert r["category"] == "MILITARY" and r["position"] == "suffix" and r["region_form"] == "both"
            assert "service name" in r["note"]


@pytest.mark.parametrize("pattern", [
    "卫健委", "卫健", "卫生健康委员会", "公安局", "公安", "公安厅", "派出所", "交警", "交警支队", "消防",
    "人民政府", "政府", "发布", "疾控中心", "疾控", "疾病预防控制中心", "档案馆", "法院", "中级人民法院",
    "人民法院", "检察院", "人民检察院", "税务局", "市场监管", "教育局", "教育厅", "纪委", "团委", "妇联",
    "融媒体中心", "日报", "晚报", "都市报", "广播电视台", "电视台", "新闻",
])
def test_suffix_patterns_present(patterns, pattern):
    assert any(r["pattern"] == pattern and r["position"] == "suffix" for r in patterns), pattern


def test_prefix_patterns(patterns):
    prefixes = {r["pattern"]: r for r in patterns if r["position"] == "prefix"}
    assert prefixes["平安"]["canonical"] == "公安局"
    assert "纪律检查委员会" in prefixes["清风"]["canonical"]
    assert "卫生健康委员会" in prefixes["健康"]["canonical"]


def test_pattern_levels(patterns):
    by = {(r["pattern"], r["position"]): r for r in patterns}
    assert by[("卫健委", "suffix")]["min_level"] == "county"
    assert by[("公安厅", "suffix")]["min_level"] == "province"
    assert by[("教育厅", "suffix")]["min_level"] == "province"
    assert by[("发布", "suffix")]["canonical"] == "人民政府新闻办公室"
    assert by[("卫健", "suffix")]["canonical"] == "卫生健康委员会"


def test_local_and_unit_cues(patterns):
    local = {r["pattern"] for r in patterns if "local_cue" in r["flags"]}
    assert {"本地", "本地宝", "同城", "生活通", "身边事", "头条", "旅游攻略", "热线", "资讯", "在线"} <= local
    units = {r["pattern"] for r in patterns if "unit_cue" in r["flags"]}
    assert {"部队", "指挥部", "军分区", "卫戍区", "特种部队", "某部", "武装部"} <= units


# --- allowlist ----------------------------------------------------------------------

def test_allowlist():
    rows = read(os.path.join(LEX, "allowlist.tsv"))[2]
    phrases = [r["phrase"] for r in rows]
    assert len(phrases) >= 100
    assert len(phrases) == len(set(phrases))
    for r in rows:
        assert r["phrase"].strip() and r["reason"].strip() and r["source"].strip()
    for p in ("新华书店", "人民路", "中央空调", "和平精英", "东方甄选", "长安汽车", "光明乳业", "平安夜", "海军蓝"):
        assert p in phrases


# --- report -------------------------------------------------------------------------

def test_report_runs_and_snapshot_is_valid():
    out = subprocess.run([sys.executable, os.path.join(BUILD, "report.py"), "--json"],
                         capture_output=True, text=True, check=True)
    summary = json.loads(out.stdout)
    assert summary["entities_total"] > 1000
    with open(os.path.join(BUILD, "last_report.json"), encoding="utf-8") as f:
        snap = json.load(f)
    assert set(snap["files"]) == set(summary["files"])
