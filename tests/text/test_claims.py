import pytest

from service.domain.models import Domain, Field


@pytest.mark.parametrize("text,domains", [
    ("王医生聊健康", {Domain.MEDICAL}),
    ("副主任医师，从医二十年", {Domain.MEDICAL}),
    ("周律师普法课", {Domain.LEGAL}),
    ("化学老师阿杰", {Domain.EDUCATION}),
    ("证券分析师", {Domain.FINANCE}),
    ("宠物医生小周", set()),
    ("舞蹈老师阿琳", set()),
    ("数据分析师", set()),
    ("医生的女儿", set()),
    ("想当医生", set()),
    ("", set()),
])
def test_claims(engine, text, domains):
    assert {c.domain for c in engine.screen_field(Field.NAME, text)[1]} == domains


def test_claim_offsets(engine):
    [c] = engine.screen_field(Field.BIO, "我是律师")[1]
    assert (c.start, c.end, c.matched_text) == (2, 4, "律师")
