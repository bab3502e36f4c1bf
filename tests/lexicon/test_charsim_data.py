"""Checks on the committed character-similarity data in lexicons/charsim/.

The files are built by lexicons/build/build_charsim.py; these tests read only
the committed TSVs (no build dependencies needed).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

CHARSIM = Path(__file__).resolve().parents[2] / "lexicons" / "charsim"

HEADERS = {
    "shape.tsv": ["a", "b", "similarity", "evidence", "rare"],
    "sound.tsv": ["char", "readings", "freq_rank"],
    "confusables.tsv": ["char", "target", "source"],
    "variants.tsv": ["variant", "standard", "source"],
}


def is_han(ch: str) -> bool:
    return len(ch) == 1 and unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH")


def is_ideograph_like(ch: str) -> bool:
    """Unified or compatibility ideograph, Kangxi radical or CJK radical (supplement)."""
    return len(ch) == 1 and unicodedata.name(ch, "").startswith(
        ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "KANGXI RADICAL", "CJK RADICAL"))


@lru_cache(maxsize=None)
def gb2312() -> frozenset[str]:
    out = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            out.add(ch)
    return frozenset(out)


@lru_cache(maxsize=None)
def load(name: str) -> tuple[list[str], list[str], list[list[str]]]:
    """-> (comment lines, header, rows)"""
    raw = (CHARSIM / name).read_bytes()
    assert b"\r" not in raw, f"{name}: CR found, expected LF line endings"
    text = raw.decode("utf-8")
    assert text.endswith("\n")
    lines = text[:-1].split("\n")
    comments = []
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        comments.append(lines[i])
        i += 1
    header = lines[i].split("\t")
    rows = [ln.split("\t") for ln in lines[i + 1:]]
    return comments, header, rows


@lru_cache(maxsize=None)
def shape_pairs() -> dict[tuple[str, str], float]:
    return {(a, b): float(s) for a, b, s, *_ in load("shape.tsv")[2]}


def shape_sim(x: str, y: str) -> float | None:
    return shape_pairs().get((x, y) if x < y else (y, x))


@lru_cache(maxsize=None)
def readings() -> dict[str, set[str]]:
    return {c: set(r.split("|")) for c, r, _ in load("sound.tsv")[2]}


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_file_structure(name):
    comments, header, rows = load(name)
    assert comments[0].startswith("# source: ")
    keys = [c[2:].split(":", 1)[0] for c in comments]
    for key in ("source", "licence", "date", "built_by"):
        assert key in keys, f"{name}: missing '# {key}:' line"
    date_line = next(c for c in comments if c.startswith("# date: "))
    assert re.match(r"# date: \d{4}-\d{2}-\d{2}", date_line)
    assert "# built_by: lexicons/build/build_charsim.py" in comments
    assert header == HEADERS[name]
    assert rows, f"{name}: no data rows"
    for r in rows:
        assert len(r) == len(header), f"{name}: bad row {r!r}"
        assert all(f == f.strip() for f in r)
    keys_ = [tuple(r[:2]) for r in rows]
    assert keys_ == sorted(keys_), f"{name}: rows not sorted"
    assert len(set(keys_)) == len(keys_), f"{name}: duplicate keys"


def test_file_sizes_reasonable():
    assert (CHARSIM / "shape.tsv").stat().st_size < 10 * 1024 * 1024
    assert 10_000 <= len(load("shape.tsv")[2]) <= 200_000


# ---------------------------------------------------------------- shape.tsv

def test_shape_rows_valid_and_symmetric_by_construction():
    gb = gb2312()
    for a, b, sim, evidence, rare in load("shape.tsv")[2]:
        assert is_ideograph_like(a) and is_ideograph_like(b), (a, b)
        assert rare == "".join(c for c in (a, b) if c not in gb), (a, b, rare)
        assert len(rare) < 2 or not (is_han(a) and is_han(b)) or "pycorrector_stroke" in evidence, \
            "rare pairs are rare-to-common, except pycorrector's curated groups"
        assert a < b, "unordered pairs are stored once, with a < b by code point"
        assert re.fullmatch(r"[01]\.\d{3}", sim), sim
        assert 0.0 < float(sim) <= 1.0
        parts = evidence.split(",")
        assert parts and all(parts), evidence
        assert any(not p.startswith(("glyph=", "contain=", "part_glyph=")) for p in parts), \
            f"{a}{b}: no candidate source named in {evidence}"


@pytest.mark.parametrize("pair", [
    "日曰", "人入", "己已", "已巳", "己巳", "未末", "土士", "戊戌", "戌戍",
    "检捡", "检俭", "捡俭", "郜部", "居局", "口囗", "汩汨", "拨拔", "候侯",
    "于干", "王玉", "大太", "免兔", "鸟乌", "折拆", "宇字", "晴睛",
])
def test_shape_contains_well_known_pairs(pair):
    a, b = pair
    assert shape_sim(a, b) is not None, f"{a}/{b} missing from shape.tsv"


@pytest.mark.parametrize("component,compound", [("华", "桦"), ("央", "泱")])
def test_shape_contains_component_pairs(component, compound):
    assert shape_sim(component, compound) is not None


def test_shape_similarity_orders_sensibly():
    # near-identical glyphs score above pairs that only share a component
    assert shape_sim("未", "末") > shape_sim("华", "桦")
    assert shape_sim("己", "已") > shape_sim("捡", "俭")
    assert shape_sim("土", "士") >= 0.85
    assert shape_sim("己", "已") >= 0.85


@pytest.mark.parametrize("pair", ["人民", "日报", "中国", "我你", "天地"])
def test_shape_excludes_unrelated_pairs(pair):
    assert shape_sim(*pair) is None


# ---------------------------------------------------------------- sound.tsv

def test_sound_covers_gb2312_and_readings_are_toneless_ascii():
    rd = readings()
    missing = [c for c in gb2312() if is_han(c) and c not in rd]
    assert not missing, f"GB2312 hanzi without readings: {missing[:20]}"
    for c, rs in rd.items():
        for r in rs:
            assert re.fullmatch(r"[a-z]+", r), (c, r)


def test_sound_homophones_and_heteronyms():
    rd = readings()
    assert rd["报"] & rd["抱"], "报/抱 must share a reading"
    assert "bao" in rd["报"]
    assert {"le", "liao"} <= rd["了"]
    assert "lv" in rd["绿"], "ü is written v"
    assert "ri" in rd["日"] and "yue" in rd["曰"]


def test_sound_freq_rank():
    rows = load("sound.tsv")[2]
    ranks = [int(r) for _, _, r in rows if r != ""]
    assert all(re.fullmatch(r"\d*", r) for _, _, r in rows)
    assert sorted(ranks) == list(range(1, len(ranks) + 1)), "ranks are 1..N without gaps"
    rank = {c: int(r) for c, _, r in rows if r}
    assert rank["人"] < rank["抱"] < rank.get("曰", 10**9)
    assert max(rank[c] for c in "一人中国大") <= 50


# ---------------------------------------------------------------- confusables.tsv

def test_confusables_rows_valid():
    for char, target, source in load("confusables.tsv")[2]:
        assert len(char) == 1 and not is_han(char), char
        assert (target.isascii() and target.isalnum() and len(target) == 1) or is_han(target), target
        assert char != target
        assert source.startswith("unicode-confusables-")


@pytest.mark.parametrize("char,target", [
    ("\u0430", "a"),   # Cyrillic а
    ("\u03bf", "o"),   # Greek ο
    ("\u2f08", "人"),  # Kangxi radical ⼈
    ("\u3007", "O"),   # 〇
    ("\u3007", "0"),
    ("\u30fc", "一"),  # katakana prolonged sound mark ー
])
def test_confusables_known(char, target):
    pairs = {(c, t) for c, t, _ in load("confusables.tsv")[2]}
    assert (char, target) in pairs


# ---------------------------------------------------------------- variants.tsv

def test_variants_rows_valid():
    gb = gb2312()
    for variant, standard, source in load("variants.tsv")[2]:
        assert is_han(variant) and is_han(standard)
        assert standard in gb, f"{standard} is not a GB2312 (simplified) hanzi"
        assert variant not in gb
        assert variant != standard
        assert unicodedata.normalize("NFKC", variant) == variant
        assert source.startswith("opencc-")


@pytest.mark.parametrize("variant,standard", [("検", "检"), ("営", "营"), ("両", "两"), ("転", "转")])
def test_variants_known(variant, standard):
    pairs = {(v, s) for v, s, _ in load("variants.tsv")[2]}
    assert (variant, standard) in pairs


def test_variants_not_already_folded_by_t2s():
    opencc = pytest.importorskip("opencc")
    t2s = opencc.OpenCC("t2s")
    for variant, standard, _ in load("variants.tsv")[2]:
        assert t2s.convert(variant) == variant, f"t2s already folds {variant}"
