"""Every current division's full name may be spelled in pinyin, county level included."""
from __future__ import annotations

import pytest

from service.domain.models import Category, Field, Technique


@pytest.mark.parametrize("text, expected", [
    ("haidianqu", "海淀区"),            # a district, plain pinyin
    ("Hǎidiànqū", "海淀区"),            # tone marks
    ("hai3dian4qu1", "海淀区"),         # tone numbers
    ("pudongxinqu official", "浦东新区"),  # followed by ordinary Latin
])
def test_county_level_full_name_in_pinyin_is_the_region(bundled_engine, text, expected):
    found = bundled_engine.screen_text(Field.NAME, text)
    hits = [f for f in found if f.category is Category.REGION and f.entity_name == expected]
    assert hits, found
    assert Technique.PINYIN in hits[0].techniques


@pytest.mark.parametrize("text", ["I love xian food", "fengxian", "hello anxian", "changshu"])
def test_pinyin_fragments_in_ordinary_latin_are_not_regions(bundled_engine, text):
    assert not [f for f in bundled_engine.screen_text(Field.NAME, text) if f.category is Category.REGION]
