"""Coverage of the enumerated sources: the engine finds what the source lists hold.

Names are sampled from the raw and curated SOURCE files under lexicons/sources/
(the MoE list as published, the curated rows with their short forms), never from
the engine's own tables, and each must come back as the entity the sources give it.
Also: the entity files are exactly what the sources build (ids stored, not derived).
"""
from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCES = os.path.join(ROOT, "lexicons", "sources")
BUILD = os.path.join(ROOT, "lexicons", "build")
sys.path.insert(0, BUILD)

import build_entities as be  # noqa: E402

SAMPLE = 60  # per class; fixed seed, so a failure names the same rows every run


def _fold(s: str) -> str:
    return s.replace("(", "（").replace(")", "）")


@pytest.fixture(scope="module")
def sources():
    """file name -> (meta, rows) of every curated source file."""
    return {f: be.read_source(os.path.join(SOURCES, f)) for f in be.SOURCE_FILES}


@pytest.fixture(scope="module")
def owner_of(sources):
    """surface form (name, alias, abbreviation) -> id, as the source files give it."""
    out = {}
    for _, rows in sources.values():
        for r in rows:
            for form in [r["name"]] + be.split_list(r["aliases"]) + be.split_list(r["abbreviations"]):
                out[_fold(form)] = r["id"]
    return out


@pytest.fixture(scope="module")
def raw_universities():
    with open(os.path.join(SOURCES, "raw", "chsi_universities.tsv"), encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("#")]
    assert lines[0] == "province\tname"
    return [tuple(l.split("\t")) for l in lines[1:]]


@pytest.fixture(scope="module")
def allowlisted():
    """Phrases lexicons/allowlist.tsv declares benign (中国银行 the brand): suppressed by design."""
    with open(os.path.join(ROOT, "lexicons", "allowlist.tsv"), encoding="utf-8") as f:
        return {l.split("\t")[0] for l in f if not l.startswith("#")}


@pytest.fixture(scope="module")
def engine():
    from service.config import Settings
    from service.lexicon.loader import load_bundled
    from service.lexicon.similarity import CharSimilarity
    from service.text.engine import Engine

    d = Settings().lexicon_dir
    return Engine(load_bundled(d), CharSimilarity.load(f"{d}/charsim"))


def _found(engine, text: str) -> set[str]:
    from service.domain.models import Field

    return {f.entity_id for f in engine.screen_text(Field.NAME, text)}


def test_entity_files_are_built_from_the_sources():
    out = subprocess.run([sys.executable, os.path.join(BUILD, "build_entities.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_source_row_stores_its_id(sources):
    for fname, (meta, rows) in sources.items():
        for r in rows:
            assert r["id"].startswith(meta["prefix"] + "."), (fname, r["name"], r["id"])


def test_every_listed_university_is_an_entity(raw_universities, owner_of):
    missing = [n for _, n in raw_universities if _fold(n) not in owner_of and "校区" not in n]
    assert not missing, missing[:10]


def test_sample_of_listed_universities_is_found(engine, raw_universities, owner_of):
    rows = [(p, n) for p, n in raw_universities if "校区" not in n]
    misses = []
    for _, name in random.Random(13).sample(rows, SAMPLE):
        if owner_of[_fold(name)] not in _found(engine, name):
            misses.append(name)
    assert not misses, misses


@pytest.mark.parametrize("fname", be.SOURCE_FILES)
def test_sample_of_names_and_short_forms_is_found(engine, sources, allowlisted, fname):
    meta, rows = sources[fname]
    rng = random.Random(fname)
    # common-word names count only with an organ word beside them: not a bare-name check
    rows = [r for r in rows if "common_word" not in r["flags"] and r["name"] not in allowlisted]
    misses = []
    for r in rng.sample(rows, min(SAMPLE, len(rows))):
        if r["id"] not in _found(engine, r["name"]):
            misses.append(("name", r["name"]))
    with_short = [r for r in rows if be.split_list(r["abbreviations"])]
    for r in rng.sample(with_short, min(SAMPLE, len(with_short))):
        for short in be.split_list(r["abbreviations"]):
            if r["id"] not in _found(engine, short):
                misses.append(("short form", short, r["name"]))
    assert not misses, misses


@pytest.mark.parametrize("text", ["复旦", "交大", "外汇局", "中投公司", "上交所", "中国结算", "二炮", "南京军区",
                                  "浙江考试院", "银保监会"])
def test_short_forms_named_in_issue_13_are_found(engine, owner_of, text):
    assert owner_of[text] in _found(engine, text)


@pytest.mark.parametrize("text,name", [
    ("身上外套很好看", "上海外国语大学"), ("河南开封人", "南开大学"), ("四川大熊猫", "四川大学"),
    ("总参加人数", "中国人民解放军总参谋部"), ("化工行业", "中国工商银行"), ("表扬大会", "扬州大学"),
    ("对华政策", "华东政法大学"), ("床上戏", "上海戏剧学院"), ("监察部门", "中华人民共和国监察部"),
])
def test_short_forms_that_straddle_ordinary_words_are_not_listed(engine, owner_of, text, name):
    """Two-character forms read across ordinary words (身上|外套) were dropped from the sources."""
    assert owner_of[name] not in _found(engine, text)
