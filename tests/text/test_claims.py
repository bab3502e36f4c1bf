import pytest

from service.domain.models import Domain, Field


@pytest.mark.parametrize("text,domains", [
    ("刘医生谈养生", {Domain.MEDICAL}),
    ("副主任医师，从医二十年", {Domain.MEDICAL}),
    ("陈律师说法", {Domain.LEGAL}),
    ("物理老师老王", {Domain.EDUCATION}),
    ("证券分析师", {Domain.FINANCE}),
    ("宠物医生日记", set()),
    ("舞蹈老师小雅", set()),
    ("数据分析师", set()),
    ("医生的女儿", set()),
    ("想当医生", set()),
    ("", set()),
])
def test_claims(engine, text, domains):
    assert {c.domain for c in engine.claims_in(Field.NAME, text)} == domains


def test_claim_offsets(engine):
    [c] = engine.claims_in(Field.BIO, "我是律师")
    assert (c.start, c.end, c.matched_text) == (2, 4, "律师")
