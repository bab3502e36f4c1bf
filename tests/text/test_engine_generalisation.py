"""Issue 13 classes 2, 4, 5, 6 and 9 on the bundled lexicon, with the project's own examples.

Each case is built from a mechanism, not a listed name: a region followed by a disguised
organ word, a disguised division before an exact organ word, military unit words over
numbers and places, place names that are also words, place + product words, and
professional claims by context.
"""
from __future__ import annotations

import pytest

from service.domain.models import Category, Decision, Domain, Field, Technique


def findings(engine, text):
    return engine.screen_text(Field.NAME, text)


def rejected(fs):
    return [f for f in fs if f.severity is Decision.REJECT]


# ---------------------------------------------------------------- class 2: composed disguises
@pytest.mark.parametrize("text,canonical,found,expected", [
    ("海淀区市场监督菅理局", "海淀区市场监督管理局", "菅", "管"),   # lookalike inside the organ word
    ("福田区卫生健慷局", "福田区卫生健康局", "慷", "康"),         # homophone inside the organ word
    ("苏州市税务焗", "苏州市税务局", "焗", "局"),                 # the organ word's last character
    ("朝阳区教育菊", "朝阳区教育局", "菊", "局"),
    ("海殿区市场监督管理局", "海淀区市场监督管理局", "殿", "淀"),  # the division name disguised
])
def test_disguised_composed_name_is_rejected_with_its_canonical_name(bundled_engine, text, canonical, found, expected):
    fs = rejected(findings(bundled_engine, text))
    assert [f.entity_name for f in fs] == [canonical], findings(bundled_engine, text)
    f = fs[0]
    assert f.category is Category.PARTY_GOVERNMENT
    assert Technique.EXACT not in f.techniques
    assert [(s.found, s.expected) for s in f.substitutions] == [(found, expected)]
    assert expected in f.explanation or found in f.explanation


def test_swapped_last_character_is_not_reported_as_exact(bundled_engine):
    fs = findings(bundled_engine, "苏州市税务焗")
    assert all(Technique.EXACT not in f.techniques for f in fs if f.entity_name == "苏州市税务局")


def test_inserted_character_inside_a_composed_organ_word(bundled_engine):
    [f] = findings(bundled_engine, "海淀区市场监之督管理局")
    assert f.entity_name == "海淀区市场监督管理局"
    assert Technique.INSERTION in f.techniques


@pytest.mark.parametrize("text", ["海淀区市场很大", "苏州市税务知识分享", "朝阳区教育资源"])
def test_region_before_ordinary_words_is_not_a_disguised_organ(bundled_engine, text):
    assert not rejected(findings(bundled_engine, text))


def test_fuzzy_organ_word_needs_a_region(bundled_engine):
    assert not findings(bundled_engine, "我的市场监督菅理局")


@pytest.mark.parametrize("text,division", [("海殿区", "海淀区"), ("杭洲市", "杭州市")])
def test_disguised_division_name_alone_is_rejected(bundled_engine, text, division):
    assert [f.entity_name for f in rejected(findings(bundled_engine, text))] == [division]


@pytest.mark.parametrize("text", ["包头巾", "海淀区的朋友们"])
def test_swap_that_makes_a_word_or_a_disguise_inside_a_phrase_is_not_a_disguised_division(bundled_engine, text):
    assert not rejected(findings(bundled_engine, text))


# ---------------------------------------------------------------- class 4: military units
@pytest.mark.parametrize("text", [
    "第七十二集团军", "陆军第81集团军", "兰州军区", "成都军区司令部", "总后勤部", "总装备部",
    "战略支援部队", "61398部队", "某旅政治部", "第十三师",
])
def test_unlisted_military_units_are_found(bundled_engine, text):
    fs = findings(bundled_engine, text)
    assert any(f.category is Category.MILITARY for f in fs), fs
    assert max(f.end - f.start for f in fs if f.category is Category.MILITARY) >= len(text) - 1


@pytest.mark.parametrize("text", ["合唱团", "旅游团", "第一团购", "跟团旅行", "政治部分", "后勤部门经理"])
def test_unit_characters_in_ordinary_words_are_not_units(bundled_engine, text):
    assert not any(f.category is Category.MILITARY for f in findings(bundled_engine, text))


def test_disguised_listed_entity_outranks_an_invented_unit(bundled_engine):
    """Regression (flaky property test): a lookalike in a listed military name is the listed
    name disguised, not an invented unit built from the unit word 卫戍区."""
    fs = findings(bundled_engine, "仲国人民解放军北京卫戍区")
    assert [f.entity_name for f in fs] == ["中国人民解放军北京卫戍区"]
    assert fs[0].severity is Decision.REJECT
    assert fs[0].substitutions[0].found == "仲"


# ---------------------------------------------------------------- class 5: places that are words
@pytest.mark.parametrize("text,division", [
    ("萧山", "萧山区"),            # a county's short name as the whole name
    ("平安热线", "平安区"),        # an everyday word + a local-service cue
    ("仙居在线", "仙居县"),
])
def test_place_name_alone_or_with_a_local_cue_is_the_region(bundled_engine, text, division):
    fs = findings(bundled_engine, text)
    assert [(f.category, f.entity_name) for f in fs] == [(Category.REGION, division)]
    assert fs[0].severity is Decision.REVIEW


@pytest.mark.parametrize("text", ["平安", "光明", "平安喜乐", "平安生活", "城区", "郊区"])
def test_everyday_words_alone_or_in_phrases_stay_allowed(bundled_engine, text):
    assert not findings(bundled_engine, text)


# ---------------------------------------------------------------- class 6: words around places
@pytest.mark.parametrize("text", ["武汉热干面馆", "景德镇瓷器行", "北京烤鸭店", "德州烧鸡铺"])
def test_place_before_a_product_word_is_the_origin_not_the_account(bundled_engine, text):
    assert not findings(bundled_engine, text)


def test_product_word_does_not_hide_a_composed_organ(bundled_engine):
    assert [f.entity_name for f in findings(bundled_engine, "武汉日报")] == ["武汉日报"]


@pytest.mark.parametrize("text", ["商城新闻", "小店新闻", "盐湖新闻", "长子新闻"])
def test_swap_that_forms_a_place_is_the_region_media_not_a_disguise(bundled_engine, text):
    fs = findings(bundled_engine, text)
    assert not rejected(fs), fs
    assert [(f.category, f.entity_name) for f in fs] == [(Category.NEWS_MEDIA, text)]


# ---------------------------------------------------------------- class 9: claims
@pytest.mark.parametrize("text,domains", [
    ("聊基金的张老师", {Domain.FINANCE}),
    ("炒股的李老师", {Domain.FINANCE}),
    ("股市专家老王", {Domain.FINANCE}),
    ("免费法律咨询", {Domain.LEGAL}),
    ("法务咨询找小刘", {Domain.LEGAL}),
    ("王主治", {Domain.MEDICAL}),
    ("刘大夫谈养生", {Domain.MEDICAL}),
    ("持牌投顾老李", {Domain.FINANCE}),
    ("券商分析师小周", {Domain.FINANCE}),
    ("红圈所出身", {Domain.LEGAL}),
    ("区教研员", {Domain.EDUCATION}),
    ("备战高考的陈老师", {Domain.EDUCATION}),
    ("李老师", {Domain.EDUCATION}),
    ("画画老师小美", set()),
    ("美食专家", set()),
    ("士大夫精神", set()),
    ("功能主治", set()),
    ("人生导师", set()),
    ("旅游达人", set()),
])
def test_claims_in_colloquial_form_and_by_context(bundled_engine, text, domains):
    assert {c.domain for c in bundled_engine.screen_field(Field.NAME, text)[1]} == domains


def test_context_phrase_inside_a_role_term_does_not_count(bundled_engine):
    # 基金 inside 基金从业 is part of the role, not a context for 老师 elsewhere
    claims = bundled_engine.screen_field(Field.BIO, "基金从业十年，也是老师")[1]
    assert {c.domain for c in claims} == {Domain.FINANCE, Domain.EDUCATION}


def test_current_division_before_a_former_one_of_the_same_name(bundled_engine):
    [f] = findings(bundled_engine, "安宁热线")
    assert f.category is Category.REGION and not f.entity_id.endswith(".history")
