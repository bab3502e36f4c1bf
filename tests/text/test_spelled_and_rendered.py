"""Composed names in pinyin, initials of long aliases and division names, one character written
as its initial or syllable, and rendered-glyph lookalikes that a variant fold would hide.

The examples are built here from the engine's own rules (a division + an organ word, an alias's
initials); none is a held-out or evaluation case."""
from __future__ import annotations

import pytest

from service.domain.models import Category, Decision, Field, Technique


def names(findings):
    return {f.entity_name for f in findings}


@pytest.mark.parametrize("text, expected", [
    ("haidianqujingfang", "海淀区公安机关"),        # division + organ word, all in plain pinyin
    ("hǎidiànqūjǐngfāng", "海淀区公安机关"),        # tone marks
    ("海淀jingfang", "海淀区公安机关"),             # hanzi division, spelled organ word
    ("haidian警方", "海淀区公安机关"),              # spelled division, hanzi organ word
])
def test_composed_names_spelled_in_pinyin(bundled_engine, text, expected):
    found = bundled_engine.screen_text(Field.NAME, text)
    assert expected in names(found), found


@pytest.mark.parametrize("text", ["jingfang", "wo ai haidian", "haidian", "jingfang haidian shenghuo"])
def test_a_spelled_organ_or_division_alone_is_no_composed_name(bundled_engine, text):
    found = bundled_engine.screen_text(Field.NAME, text)
    assert not [f for f in found if f.category is Category.PARTY_GOVERNMENT], found


def test_initials_of_a_long_alias_and_of_a_long_division_name(bundled_engine):
    # 国家密码管理局 is an alias of an entity; 克拉玛依市 a prefecture-level city
    assert "国家密码管理局" in names(bundled_engine.screen_text(Field.NAME, "gjmmglj"))
    found = bundled_engine.screen_text(Field.NAME, "klmys")
    assert "克拉玛依市" in names(found)
    assert all(Technique.PINYIN in f.techniques for f in found)


@pytest.mark.parametrize("text", ["klm", "hello", "zltq"])
def test_short_letter_runs_are_not_initials_of_places(bundled_engine, text):
    # three letters are too many places; four count only where one place has them (smxs is
    # 三门峡市 alone and is found; zltq is 扎鲁特旗 and 扎赉特旗, so it names neither)
    assert not [f for f in bundled_engine.screen_text(Field.NAME, text) if f.category is Category.REGION]


@pytest.mark.parametrize("text, expected", [
    ("外交b新闻司", "外交部新闻司"),   # an initial in the middle
    ("外交bu新闻司", "外交部新闻司"),  # the whole syllable
    ("黄河科技x院", "黄河科技学院"),   # next to the last character
])
def test_one_character_written_as_its_initial_or_syllable(bundled_engine, text, expected):
    found = bundled_engine.screen_text(Field.NAME, text)
    assert expected in {f.entity_name for f in found} | {f.matched_text for f in found} or \
        any(expected in (f.entity_name or "") for f in found), found


@pytest.mark.parametrize("text", ["我的s馆", "外交q新闻司", "黄河科技y院"])
def test_a_letter_that_spells_another_character_is_not_the_name(bundled_engine, text):
    found = bundled_engine.screen_text(Field.NAME, text)
    assert not [f for f in found if f.category is Category.PUBLIC_INSTITUTION and "学院" in f.entity_name]
    assert "外交部新闻司" not in names(found)


def test_a_variant_folded_character_is_compared_as_written(bundled_engine):
    # 蛍 folds to 萤 as a variant, and as written it is the rendered lookalike of 学
    found = bundled_engine.screen_text(Field.NAME, "河北科技蛍院")
    hit = [f for f in found if f.entity_name == "河北科技学院"]
    assert hit and hit[0].severity is Decision.REJECT, found


def test_rendered_glyph_neighbours_of_a_common_character(bundled_engine):
    # 甶 is among 中's nearest rendered neighbours outside GB2312 (shape_glyph.tsv)
    found = bundled_engine.screen_text(Field.NAME, "甶华人民共和国外交部")
    assert "中华人民共和国外交部" in names(found), found
    assert Technique.HOMOGLYPH in [t for f in found for t in f.techniques]


@pytest.mark.parametrize("text, expected", [
    ("网信办", "网络安全和信息化委员会办公室"),   # an organ's short form with no region
    ("公安局官方", "公安局"),                     # with an official tail
])
def test_a_strong_organ_word_alone_is_reviewed(bundled_engine, text, expected):
    found = bundled_engine.screen_text(Field.NAME, text)
    assert [f.entity_name for f in found] == [expected]
    assert found[0].severity is Decision.REVIEW


@pytest.mark.parametrize("text", ["我爱公安局", "公安局长", "日报", "人民医院"])
def test_an_organ_word_inside_a_phrase_or_a_weak_one_alone_is_not(bundled_engine, text):
    assert not bundled_engine.screen_text(Field.NAME, text)


@pytest.mark.parametrize("text, expected", [
    ("浙江考试院", "浙江省教育考试院"),
    ("北京证监局", "中国证券监督管理委员会北京市监管局"),
    ("上海金融监管局", "国家金融监督管理总局上海市监管局"),
    ("浙江海警局", "浙江省海警局"),
])
def test_regulators_and_examination_authorities_compose_with_a_region(bundled_engine, text, expected):
    assert expected in names(bundled_engine.screen_text(Field.NAME, text))


@pytest.mark.parametrize("text, expected", [
    ("z国人民j放军", "中国人民解放军"),   # two characters written as initials
    ("n方日报", "南方日报"),             # a four-character name, the first as its initial
])
def test_two_characters_written_as_letters(bundled_engine, text, expected):
    assert expected in names(bundled_engine.screen_text(Field.NAME, text))


def test_a_three_character_name_needs_two_of_its_hanzi_beside_the_letter(bundled_engine):
    assert "海淀区" in names(bundled_engine.screen_text(Field.NAME, "海淀q"))
    assert not bundled_engine.screen_text(Field.NAME, "hq")


@pytest.mark.parametrize("text, expected", [
    ("紫云苗族布依族恣治县", "紫云苗族布依族自治县"),   # a long county name, disguised, as the whole name
])
def test_a_long_county_name_disguised_as_the_whole_name(bundled_engine, text, expected):
    assert expected in names(bundled_engine.screen_text(Field.NAME, text))


@pytest.mark.parametrize("text, expected", [("日报人民", "人民日报"), ("日报光明", "光明日报")])
def test_a_name_with_its_two_words_swapped_is_a_disguise(bundled_engine, text, expected):
    found = [f for f in bundled_engine.screen_text(Field.NAME, text) if f.entity_name == expected]
    assert found and Technique.REORDER in found[0].techniques and found[0].severity is Decision.REJECT


@pytest.mark.parametrize("text", ["青年中国", "中国青年"])
def test_a_swap_that_is_itself_a_phrase_or_a_common_name_is_not(bundled_engine, text):
    assert not [f for f in bundled_engine.screen_text(Field.NAME, text) if Technique.REORDER in f.techniques]


def test_an_everyday_phrase_name_is_disguised_only_by_a_rare_lookalike(bundled_engine):
    # 艺术人生 (a programme title, flagged common_word): 芀 (outside GB2312) for 艺 is a disguise;
    # a common character in its place is another phrase
    found = bundled_engine.screen_text(Field.NAME, "芀术人生")
    assert "艺术人生" in names(found) and found[0].severity is Decision.REJECT
    assert not bundled_engine.screen_text(Field.NAME, "人巫故事")


@pytest.mark.parametrize("text, expected", [("十堰市特㓠旅", "十堰市特战旅"), ("北京指辉部", "北京指挥部")])
def test_a_disguised_unit_word_after_a_place_is_a_disguised_unit(bundled_engine, text, expected):
    found = [f for f in bundled_engine.screen_text(Field.NAME, text) if f.category is Category.MILITARY]
    assert found and found[0].entity_name == expected and found[0].severity is Decision.REJECT


def test_a_unit_word_after_ordinary_words_is_not_a_unit(bundled_engine):
    assert not bundled_engine.screen_text(Field.NAME, "我的指挥部")
