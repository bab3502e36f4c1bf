"""Issue 13, classes 2, 3 and 7 on the bundled lexicon: letters standing for one character of a
composed name, a division name with two characters swapped, and a composed name disguised in
both parts. The cases are built by mechanism (the project's own examples), each with a case
that must stay clean.
"""
from __future__ import annotations

import pytest

from service.domain.models import Category, Decision, Field, Technique
from service.lexicon.similarity import TOKEN_BASE, TOKEN_LAST


def findings(engine, text):
    return engine.screen_text(Field.NAME, text)


def named(fs, name):
    return [f for f in fs if f.entity_name == name]


# ------------------------------------------------------------ letters for one character
@pytest.mark.parametrize("text,canonical,letters,expected", [
    ("海淀区市chang监督管理局", "海淀区市场监督管理局", "chang", "场"),  # a whole syllable
    ("朝阳区教y局", "朝阳区教育局", "y", "育"),                       # an initial
])
def test_letters_for_one_character_of_a_composed_name(bundled_engine, text, canonical, letters, expected):
    fs = findings(bundled_engine, text)
    [f] = named(fs, canonical)
    assert f.category is Category.PARTY_GOVERNMENT
    assert f.severity is Decision.REVIEW          # letters are not a disguise the policy rejects
    assert Technique.PINYIN in f.techniques
    # the evidence shows the letters as the user typed them, never the internal token
    assert [(s.found, s.expected) for s in f.substitutions if s.technique is Technique.PINYIN] == [
        (letters, expected)]
    assert f.matched_text == text
    assert not any(TOKEN_BASE <= ord(c) <= TOKEN_LAST for s in f.substitutions for c in s.found)


@pytest.mark.parametrize("text", ["小明de小店", "k歌之王", "我是小a", "abc的日常", "今天chi什么"])
def test_letters_between_ordinary_words_stay_clean(bundled_engine, text):
    assert findings(bundled_engine, text) == []


def test_letters_that_spell_no_character_there_are_not_read_as_it(bundled_engine):
    # "q" is not the initial of 场: no composed name is made of it
    assert not named(findings(bundled_engine, "海淀区市q监督管理局"), "海淀区市场监督管理局")


def test_private_use_characters_typed_by_a_caller_are_not_letter_tokens(bundled_engine):
    # the normaliser drops private-use characters, so a caller cannot send a token itself
    token = chr(TOKEN_BASE + 5)
    fs = findings(bundled_engine, "海淀区市" + token + "监督管理局")
    assert not any(Technique.PINYIN in f.techniques for f in fs)


# ------------------------------------------------------------ two swaps in a division name
@pytest.mark.parametrize("text,canonical", [
    ("㕿䅂里拉市", "香格里拉市"),   # two rare lookalikes in a five-character name
    ("顎尔古䌷市", "额尔古纳市"),
])
def test_division_name_with_two_swapped_characters_alone(bundled_engine, text, canonical):
    [f] = named(findings(bundled_engine, text), canonical)
    assert f.category is Category.REGION
    assert f.severity is Decision.REJECT
    assert len([s for s in f.substitutions if s.technique is Technique.HOMOGLYPH]) >= 1
    assert len(f.substitutions) == 2


@pytest.mark.parametrize("text", ["格里拉市场", "香里拉", "拉市古纳"])
def test_near_division_words_are_not_two_swap_divisions(bundled_engine, text):
    fs = findings(bundled_engine, text)
    assert not [f for f in fs if f.category is Category.REGION and len(f.substitutions) == 2], fs


# ------------------------------------------------------------ both parts of a composed name
def test_composed_name_disguised_in_place_and_organ_word(bundled_engine):
    fs = findings(bundled_engine, "海殿区税务菊")
    [f] = named(fs, "海淀区税务局")
    assert f.severity is Decision.REJECT
    assert {(s.found, s.expected) for s in f.substitutions} == {("殿", "淀"), ("菊", "局")}


def test_disguised_organ_word_at_the_end_needs_a_place_before_it(bundled_engine):
    # an organ word written with a lookalike after ordinary words names no composed body
    assert [f for f in findings(bundled_engine, "我爱税务菊") if f.severity is Decision.REJECT] == []


# ------------------------------------------------------------ ü spelled u, stroke separators
@pytest.mark.parametrize("text", ["changshawenluju", "chángshāwénlǚjú", "长沙文lu局"])
def test_u_umlaut_spelled_as_u_reads_as_the_name(bundled_engine, text):
    # 旅 is lǚ: tone marks fold to lu, and people type lu as often as lv
    assert named(findings(bundled_engine, text), "长沙市文化和旅游局")


@pytest.mark.parametrize("text,canonical", [("沅丨江市", "沅江市"), ("杭州丶发布", "杭州市人民政府新闻办公室")])
def test_single_stroke_ideographs_are_separators(bundled_engine, text, canonical):
    [f] = named(findings(bundled_engine, text), canonical)
    assert Technique.SEPARATOR in f.techniques


# ------------------------------------------------------------ initials of four-character places
def test_initials_of_a_four_character_division_that_no_other_name_shares(bundled_engine):
    [f] = named(findings(bundled_engine, "mhks"), "梅河口市")
    assert f.category is Category.REGION and Technique.PINYIN in f.techniques
    m = bundled_engine.matcher
    # every such key names exactly one place, and no name of another length has the same letters
    four = [k for k, g in m._initials.items() if len(k) == 4 and any(len(s.text) == 4 and s.kind.name == "REGION_FULL"
                                                                     for s in g)]
    assert four and all(len({s.target for s in m._initials[k]}) == 1 for k in four)


@pytest.mark.parametrize("text", ["hello", "lmao", "love", "wtfq", "abcd"])
def test_ordinary_four_letter_words_are_no_place_initials(bundled_engine, text):
    assert findings(bundled_engine, text) == []


@pytest.mark.parametrize("text,canonical", [("pingdingxian", "平定县"), ("píng shùn xiàn", "平顺县")])
def test_a_spelled_full_name_is_the_place_even_when_its_short_name_is_a_word(bundled_engine, text, canonical):
    assert named(findings(bundled_engine, text), canonical)


@pytest.mark.parametrize("text", ["pingan", "changshou"])
def test_a_spelled_short_name_that_is_a_word_stays_the_word(bundled_engine, text):
    assert not [f for f in findings(bundled_engine, text) if f.category is Category.REGION]


def test_a_disguise_that_stands_equally_for_two_places_names_both(bundled_engine):
    # 瓶 (ping) for 平 or for 屏: 平山县 and 屏山县 are both counties
    fs = findings(bundled_engine, "瓶山县")
    assert {"平山县", "屏山县"} <= {f.entity_name for f in fs}
    assert all(f.severity is Decision.REJECT for f in fs)


def test_one_spelling_of_two_composed_names_reports_both(bundled_engine):
    # shuiwuju spells 水务局 and 税务局 alike: letters carry no tone to choose by
    found = {f.entity_name for f in findings(bundled_engine, "hangzhoushishuiwuju")}
    assert {"杭州市水务局", "杭州市税务局"} <= found
