"""One test per technique, over the synthetic fixture lexicon."""
from __future__ import annotations

import pytest

from service.domain.models import Category, Decision, Field, Technique as T


def one(engine, text, entity_name=None):
    found = engine.screen_text(Field.NAME, text)
    if entity_name is not None:
        found = [f for f in found if f.entity_name == entity_name]
    assert found, f"no finding for {text!r}"
    return found[0]


def test_exact(engine):
    f = one(engine, "人民日报", "人民日报")
    assert f.techniques == (T.EXACT,)
    assert (f.start, f.end, f.matched_text) == (0, 4, "人民日报")
    assert f.category is Category.NEWS_MEDIA and f.severity is Decision.REVIEW
    assert f.score == 1.0


def test_homoglyph_substitution_is_reported(engine):
    f = one(engine, "关注人民曰报", "人民日报")
    assert T.HOMOGLYPH in f.techniques and f.severity is Decision.REJECT
    assert (f.start, f.end) == (2, 6)
    [sub] = f.substitutions
    assert (sub.found, sub.expected, sub.technique, sub.position) == ("曰", "日", T.HOMOGLYPH, 4)


def test_homoglyph_first_character(engine):
    f = one(engine, "入民日报官方", "人民日报")
    assert f.substitutions[0].found == "入" and f.substitutions[0].expected == "人"


def test_homophone(engine):
    f = one(engine, "中国青年豹", "中国青年报")
    assert T.HOMOPHONE in f.techniques and f.severity is Decision.REJECT
    assert f.substitutions[0].found == "豹"


def test_homophone_three_characters(engine):
    f = one(engine, "最高人民捡察院", "最高人民检察院")
    assert T.HOMOPHONE in f.techniques


def test_variant_form_traditional(engine):
    f = one(engine, "人民日報", "人民日报")
    assert f.techniques == (T.VARIANT_FORM,) and f.severity is Decision.REVIEW
    assert f.substitutions[0].found == "報" and f.substitutions[0].expected == "报"


def test_fullwidth_latin_alias(engine):
    f = one(engine, "ＣＣＴＶ-13", "中央广播电视总台")
    assert T.VARIANT_FORM in f.techniques and f.severity is Decision.REVIEW


def test_latin_alias_needs_word_boundary(engine):
    assert not engine.screen_text(Field.NAME, "acctvb")


def test_separator(engine):
    f = one(engine, "新 华 社", "新华社")
    assert f.techniques == (T.SEPARATOR,) and (f.start, f.end) == (0, 5)


def test_invisible_splits_name_and_rejects(engine):
    f = one(engine, "新\u200d华社", "新华社")
    assert T.INVISIBLE in f.techniques and f.severity is Decision.REJECT


def test_mixed_script(engine):
    f = one(engine, "\u0421CTV", "中央广播电视总台")  # Cyrillic Es
    assert T.MIXED_SCRIPT in f.techniques and f.severity is Decision.REJECT
    assert f.substitutions[0].found == "\u0421" and f.substitutions[0].expected == "c"


def test_pinyin_full_and_tone_marks(engine):
    assert T.PINYIN in one(engine, "xinhuashe", "新华社").techniques
    assert T.PINYIN in one(engine, "Rénmín Rìbào", "人民日报").techniques


def test_pinyin_initials_of_long_names(engine):
    assert T.PINYIN in one(engine, "rmrb", "人民日报").techniques


def test_abbreviation(engine):
    f = one(engine, "最高检发布", "最高人民检察院")
    assert T.ABBREVIATION in f.techniques


def test_insertion(engine):
    f = one(engine, "中国社会科学研院", "中国社会科学院")
    assert T.INSERTION in f.techniques and f.severity is Decision.REVIEW


def test_region_plus_organ(engine):
    f = one(engine, "河南卫健", "河南省卫生健康委员会")
    assert f.category is Category.PARTY_GOVERNMENT and (f.start, f.end) == (0, 4)
    f = one(engine, "南阳市疾控中心")
    assert f.category is Category.PUBLIC_INSTITUTION and f.entity_name == "南阳市疾病预防控制中心"


def test_prefix_pattern(engine):
    f = one(engine, "平安北京")
    assert f.category is Category.PARTY_GOVERNMENT and f.entity_name == "北京市公安局"


def test_media_pattern(engine):
    f = one(engine, "南阳日报")
    assert f.category is Category.NEWS_MEDIA and f.entity_name == "南阳日报"


def test_bare_place_name_with_local_cue(engine):
    f = one(engine, "四川本地")
    assert f.category is Category.REGION


def test_common_word_place_names_need_context(engine):
    assert engine.screen_text(Field.NAME, "和平鸽") == []
    assert engine.screen_text(Field.NAME, "宝山路小吃") == []  # county short name + address


def test_ordinary_word_places_need_a_strong_organ_word(engine):
    assert engine.screen_text(Field.NAME, "平安生活") == []  # 平安 is a county and a word; 生活 is weak
    f = one(engine, "平安区公安局")
    assert f.category is Category.PARTY_GOVERNMENT and f.entity_name == "平安区公安局"
    assert one(engine, "南阳生活").category is Category.REGION  # a real place name + a weak cue


def test_a_name_read_into_an_ordinary_word_is_not_that_name(engine):
    assert engine.screen_text(Field.NAME, "长城网络科技") == []  # 长城网 | 网络
    assert one(engine, "长城网官方").entity_name == "长城网"


def test_place_names_read_across_or_inside_ordinary_words(engine):
    assert engine.screen_text(Field.NAME, "德阳光") == []      # 德 + 阳光
    assert engine.screen_text(Field.NAME, "长治久安") == []    # an idiom
    assert one(engine, "德阳本地").category is Category.REGION
    assert one(engine, "长治").category is Category.REGION


def test_allowlist(engine):
    assert engine.screen_text(Field.NAME, "新华书店") == []
    assert engine.screen_text(Field.NAME, "空军一号玩具") == []
    assert engine.screen_text(Field.NAME, "平安夜祝福") == []


def test_military_unit_cue(engine):
    f = one(engine, "空军特种部队")
    assert f.category is Category.MILITARY


def test_abolished_division_is_history(engine):
    f = one(engine, "襄樊本地")
    assert f.category is Category.REGION and f.entity_id.endswith(".history")
    assert f.score <= 0.5 and "former" in f.explanation


def test_province_abbreviation_counts_only_before_an_organ_word(engine):
    f = one(engine, "川公安局")
    assert f.category is Category.PARTY_GOVERNMENT and f.entity_name == "四川省公安局"
    assert engine.screen_text(Field.NAME, "川菜馆") == []
    assert engine.screen_text(Field.NAME, "川生活") == []  # a weak cue is not enough


def test_offsets_point_into_the_original(engine):
    text = "看 人民曰報 啦"
    f = one(engine, text, "人民日报")
    assert text[f.start:f.end] == f.matched_text == "人民曰報"


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "hello world", "今天天气不错"])
def test_nothing_found_in_ordinary_text(engine, text):
    assert engine.screen_text(Field.NAME, text) == []
