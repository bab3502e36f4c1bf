"""Follow-up recall fixes on the bundled lexicon (issue 13), with the project's own examples.

- Kangxi radicals and CJK compatibility ideographs fold by NFKC, but nobody types them
  for the ideograph: a disguise (HOMOGLYPH, REJECT), not a variant form;
- CJK Radicals Supplement characters (category So, no NFKC form) that look like an
  ideograph are kept and folded to it, not dropped as separators;
- rare characters that OpenCC simplifies into CJK Extension B+ still get the fuzzy pass;
- Hangul fillers (letters that draw nothing) are invisible characters;
- two-character short forms read across ordinary words, and insertion readings whose
  inserted characters belong to another name or to words on both sides, are not reported;
- a common_word entity flagged for its short form counts by its long forms alone.
"""
from __future__ import annotations

import unicodedata

import pytest

from service.domain.models import Decision, Field, Technique
from service.text.normalize import LOOKALIKE, VARIANT, Normalizer


def _named(engine, text, name):
    return [f for f in engine.screen_text(Field.NAME, text) if f.entity_name == name]


# ------------------------------------------------------------------ normaliser
def test_kangxi_radical_is_flagged_as_lookalike():
    n = Normalizer()
    out = n.normalize("国家\u2f42物局")  # ⽂ KANGXI RADICAL SCRIPT
    assert out.text == "国家文物局"
    assert out.flags[2] & LOOKALIKE and not out.flags[0]


def test_compatibility_ideograph_is_flagged_as_lookalike():
    n = Normalizer()
    out = n.normalize("交通运\ufac2部")  # 輸 U+FAC2 → 輸 → 输
    assert out.text == "交通运输部"
    assert out.flags[3] & LOOKALIKE


def test_fullwidth_and_traditional_stay_plain_variants():
    n = Normalizer()
    out = n.normalize("ＡＢ國")
    assert out.text == "ab国"
    assert all(f & VARIANT and not f & LOOKALIKE for f in out.flags)


def test_radical_supplement_lookalike_is_kept_not_dropped():
    n = Normalizer(confusables={"\u2ec4": "西", "\u2ed3": "长"})
    out = n.normalize("\u2ec4藏\u2ed3")  # ⻄ ⻓
    assert out.text == "西藏长"
    assert out.removed == ()
    assert out.flags[0] & LOOKALIKE and out.flags[2] & LOOKALIKE
    assert out.span(0, 1) == (0, 1)


def test_radical_without_a_han_confusable_is_still_a_separator():
    n = Normalizer(confusables={"\u2ec4": "西"})
    out = n.normalize("新\u2e8e华")  # ⺎ with no mapping given: dropped as before
    assert out.text == "新华" and out.removed == ((1, "separator"),)


def test_ordinary_symbols_are_still_separators():
    n = Normalizer(confusables={"—": "一"})
    out = n.normalize("新—华★社")
    assert out.text == "新华社"


@pytest.mark.parametrize("filler", ["\u115f", "\u1160", "\u3164", "\uffa0"])
def test_hangul_fillers_are_invisible(filler):
    out = Normalizer().normalize("新" + filler + "华社")
    assert out.text == "新华社" and out.removed == ((1, "invisible"),)


# ------------------------------------------------------------------ engine (bundled)
@pytest.mark.parametrize("text,name,rare", [
    ("国家\u2f42物局", "国家文物局", "\u2f42"),      # Kangxi radical 文
    ("交通运\ufac2部", "交通运输部", "\ufac2"),      # compatibility ideograph 輸
    ("\U0002f901关总署", "海关总署", "\U0002f901"),  # supplementary compatibility ideograph 海
    ("\u2ec4藏日报", "西藏日报", "\u2ec4"),          # CJK radical supplement ⻄
])
def test_lookalike_block_disguise_is_rejected(bundled_engine, text, name, rare):
    assert unicodedata.normalize("NFKC", rare) != rare or unicodedata.category(rare) == "So"
    fs = _named(bundled_engine, text, name)
    assert fs, (text, bundled_engine.screen_text(Field.NAME, text))
    f = fs[0]
    assert Technique.HOMOGLYPH in f.techniques and f.severity is Decision.REJECT
    assert any(s.found == rare and s.technique is Technique.HOMOGLYPH for s in f.substitutions)


def test_hangul_filler_inside_a_name_is_an_invisible_disguise(bundled_engine):
    f = _named(bundled_engine, "国家\u3164文物局", "国家文物局")[0]
    assert Technique.INVISIBLE in f.techniques and f.severity is Decision.REJECT


def test_traditional_form_is_still_review(bundled_engine):
    f = _named(bundled_engine, "國家文物局", "国家文物局")[0]
    assert Technique.HOMOGLYPH not in f.techniques and f.severity is Decision.REVIEW


@pytest.mark.parametrize("text,name", [
    ("漍家文物局", "国家文物局"),  # 漍 simplifies (OpenCC) to an Extension C character; sounds like 国
    ("中央电溡台", "中央电视台"),  # 溡 → Extension C; sounds like 视
])
def test_rare_character_simplified_into_extension_b_plus_is_matched(bundled_engine, text, name):
    folded = bundled_engine.normalizer.normalize(text).text
    assert any(ord(c) >= 0x20000 for c in folded)
    fs = _named(bundled_engine, text, name)
    assert fs and fs[0].severity is Decision.REJECT


# ------------------------------------------------------------------ two-character short forms
@pytest.mark.parametrize("text", [
    "工人行动",   # 工人|行动 holds no 人行
    "东北航空",   # 东北|航空 holds no 北航
    "中央行政",   # 中央|行政 holds no 央行
    "中国图书",   # 中国|图书 holds no 国图
    "务农行业",   # 务农|行业 holds no 农行
])
def test_two_character_short_form_across_words_is_not_reported(bundled_engine, text):
    assert bundled_engine.screen_text(Field.NAME, text) == []


@pytest.mark.parametrize("text,name", [
    ("北航校友", "北京航空航天大学"),   # 航校 is a word, but 校 belongs to 校友
    ("央行发布", "中国人民银行"),
    ("国图", "国家图书馆"),
])
def test_two_character_short_form_standing_as_itself_is_reported(bundled_engine, text, name):
    assert _named(bundled_engine, text, name)


def test_short_form_before_a_unit_word_inside_a_long_word_is_still_reported(bundled_engine):
    # 空军基地 is a dictionary word, yet it is the air force's short form and a unit word
    fs = bundled_engine.screen_text(Field.NAME, "空军基地")
    assert any(f.category.name == "MILITARY" for f in fs)


# ------------------------------------------------------------------ insertions that belong elsewhere
@pytest.mark.parametrize("text,written,not_read_as", [
    ("长春大学建筑学院", "长春大学", "长春建筑学院"),   # 大学 belongs to the listed 长春大学
    ("湖南大学女子学院", "湖南大学", "湖南女子学院"),
])
def test_inserted_run_inside_another_listed_name_is_not_an_insertion(bundled_engine, text, written, not_read_as):
    fs = bundled_engine.screen_text(Field.NAME, text)
    assert not [f for f in fs if f.entity_name == not_read_as]
    assert not any(Technique.INSERTION in f.techniques for f in fs)
    assert [f for f in fs if f.entity_name == written]


def test_same_entity_insertion_reading_yields_to_its_exact_name(bundled_engine):
    f = _named(bundled_engine, "复旦大学法学院", "复旦大学")[0]
    assert f.techniques == (Technique.EXACT,) and f.matched_text == "复旦大学"


def test_inserted_run_making_words_on_both_sides_is_not_an_insertion(bundled_engine):
    # 中华|电信|集团: the run 华电 joins 中 and 信 into words, it is no 中信集团 with two inserted
    assert not _named(bundled_engine, "中华电信集团", "中信集团")


@pytest.mark.parametrize("text,name", [
    ("国家文x物局", "国家文物局"),
    ("中央电视大台", "中央电视台"),
    ("长春建x筑学院", "长春建筑学院"),
])
def test_genuine_insertions_are_still_found(bundled_engine, text, name):
    f = _named(bundled_engine, text, name)[0]
    assert Technique.INSERTION in f.techniques


# ------------------------------------------------------------------ common_word entities
def test_long_form_of_common_word_entity_counts_by_itself(bundled_engine):
    # the army is flagged common_word for its short form 陆军; its full name is not a word
    fs = bundled_engine.screen_text(Field.NAME, "中国人民解放军陆军")
    assert [f.entity_id for f in fs] == ["mil.army"]


def test_long_alias_of_common_word_entity_gets_the_lookalike_treatment(bundled_engine):
    fs = [f for f in bundled_engine.screen_text(Field.NAME, "中国陆軍") if f.entity_id == "mil.army"]
    assert fs  # traditional 軍
    fs = [f for f in bundled_engine.screen_text(Field.NAME, "中国陆君") if f.entity_id == "mil.army"]
    assert fs and fs[0].severity is Decision.REJECT  # homophone 君 for 军


@pytest.mark.parametrize("text", ["陆军", "我的陆军梦"])
def test_short_common_word_form_still_needs_context(bundled_engine, text):
    assert not [f for f in bundled_engine.screen_text(Field.NAME, text) if f.entity_id == "mil.army"]


# ------------------------------------------------------------------ common_word titles written to dodge
@pytest.mark.parametrize("text,tech", [
    ("记住\u200d乡愁", Technique.INVISIBLE),       # zero-width joiner inside a programme title
    ("\u202e愁乡住记\u202c", Technique.REORDER),    # reversed under a right-to-left override
    ("国家·宝藏", Technique.SEPARATOR),            # a separator inside a title that is the whole name
])
def test_common_word_title_written_disguised_counts_without_context(bundled_engine, text, tech):
    fs = [f for f in bundled_engine.screen_text(Field.NAME, text) if f.category.name == "NEWS_MEDIA"]
    assert fs and tech in fs[0].techniques


@pytest.mark.parametrize("text", ["记住乡愁", "我想 记住乡愁", "看国家 宝藏展"])
def test_common_word_title_written_plainly_still_needs_context(bundled_engine, text):
    assert not [f for f in bundled_engine.screen_text(Field.NAME, text) if f.category.name == "NEWS_MEDIA"]
