"""Format modules: the python-stdnum interface, valid and invalid examples per type, doctests."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest
from hypothesis import given, settings, strategies as st
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

import service.credentials as pkg
from service.credentials import base, idcard, uscc
from service.credentials.base import CredentialType, spec
from service.domain.models import Domain

MODULES = sorted(m.name for m in pkgutil.iter_modules(pkg.__path__))
FORMAT_MODULES = [base.module_for(t) for t in CredentialType] + [idcard, uscc]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(f"service.credentials.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.parametrize("module", [base.module_for(t) for t in CredentialType], ids=lambda m: m.__name__)
def test_type_modules_follow_the_contract(module):
    for attr in ("compact", "validate", "is_valid", "parse", "TYPE", "NAME", "MATERIAL_NAME"):
        assert hasattr(module, attr), attr
    assert module.__doc__ and ("Source" in module.__doc__), "docstring must cite its source"
    assert ">>> validate(" in module.__doc__


def test_every_type_has_a_domain_and_label():
    domains = {spec(t).domain for t in CredentialType}
    assert domains == set(Domain)
    assert spec(CredentialType.CN_PHYSICIAN_LICENSE).material_name == "执业医师"
    assert spec(CredentialType.CN_NURSE_LICENSE).validity_years == 5


VALID = [
    (CredentialType.CN_LAWYER_LICENSE, "11101201010452178"),
    (CredentialType.CN_LAWYER_LICENSE, "14401199520012345"),
    (CredentialType.CN_LAW_FIRM_LICENSE, "31110000E00017891P"),
    (CredentialType.CN_LEGAL_QUALIFICATION, "A20181101000123"),
    (CredentialType.CN_LEGAL_QUALIFICATION, "20051101000123"),
    (CredentialType.CN_PHYSICIAN_QUALIFICATION, "20051111111010519491231002X"),
    (CredentialType.CN_PHYSICIAN_QUALIFICATION, "200511111110105491231002"),
    (CredentialType.CN_PHYSICIAN_LICENSE, "110110101000218"),
    (CredentialType.CN_NURSE_LICENSE, "201911010012"),
    (CredentialType.CN_MEDICAL_INSTITUTION_LICENSE, "PDY00058X11010512A1001"),
    (CredentialType.CN_TEACHER_QUALIFICATION, "20151100121000123"),
    (CredentialType.CN_TEACHER_QUALIFICATION, "20034400170000001"),
    (CredentialType.CN_PRIVATE_SCHOOL_LICENSE, "教民1101083700012"),
    (CredentialType.CN_SAC_PRACTITIONER, "S0570118070029"),
    (CredentialType.CN_FUTURES_PRACTITIONER, "F0301234"),
    (CredentialType.CN_FUTURES_PRACTITIONER, "F03012345"),
    (CredentialType.CN_FUTURES_CONSULTANT, "Z0012345"),
    (CredentialType.CN_PRIVATE_FUND_MANAGER, "P1000001"),
    (CredentialType.CN_SECURITIES_BUSINESS_LICENSE, "91110000600037341L"),
]

INVALID = [
    # (type, number, error class): checksum, length, region, year, category …
    (CredentialType.CN_LAWYER_LICENSE, "1110120101045217", InvalidLength),
    (CredentialType.CN_LAWYER_LICENSE, "1110120101045217A", InvalidFormat),
    (CredentialType.CN_LAWYER_LICENSE, "10001201010452178", InvalidComponent),   # province 00
    (CredentialType.CN_LAWYER_LICENSE, "11101197810452178", InvalidComponent),   # year 1978
    (CredentialType.CN_LAWYER_LICENSE, "11101209910452178", InvalidComponent),   # year 2099
    (CredentialType.CN_LAWYER_LICENSE, "11101201000452178", InvalidComponent),   # category 0
    (CredentialType.CN_LAW_FIRM_LICENSE, "31110000E00017891A", InvalidChecksum),
    (CredentialType.CN_LAW_FIRM_LICENSE, "91110000600037341L", InvalidComponent),  # not a justice bureau code
    (CredentialType.CN_LAW_FIRM_LICENSE, "32110000E0001789", InvalidLength),
    (CredentialType.CN_LEGAL_QUALIFICATION, "E20181101000123", InvalidFormat),
    (CredentialType.CN_LEGAL_QUALIFICATION, "A123", InvalidLength),
    (CredentialType.CN_PHYSICIAN_QUALIFICATION, "20051111111010519491231002Y", InvalidFormat),
    (CredentialType.CN_PHYSICIAN_QUALIFICATION, "200511111110105194912310021", InvalidChecksum),
    (CredentialType.CN_PHYSICIAN_QUALIFICATION, "20057711111010519491231002X", InvalidComponent),  # province 77
    (CredentialType.CN_PHYSICIAN_QUALIFICATION, "19971111111010519491231002X", InvalidComponent),  # year
    (CredentialType.CN_PHYSICIAN_QUALIFICATION, "2005111111101051949123100", InvalidLength),
    (CredentialType.CN_PHYSICIAN_LICENSE, "1101101010002189", InvalidLength),
    (CredentialType.CN_PHYSICIAN_LICENSE, "11011010100021A", InvalidFormat),
    (CredentialType.CN_NURSE_LICENSE, "20191101001A", InvalidFormat),
    (CredentialType.CN_NURSE_LICENSE, "2019", InvalidLength),
    (CredentialType.CN_MEDICAL_INSTITUTION_LICENSE, "PDY00058X11010512O1001", InvalidFormat),
    (CredentialType.CN_MEDICAL_INSTITUTION_LICENSE, "PDY00058X", InvalidLength),
    (CredentialType.CN_TEACHER_QUALIFICATION, "2015110012100012", InvalidLength),
    (CredentialType.CN_TEACHER_QUALIFICATION, "20151100101000123", InvalidComponent),  # school level 0
    (CredentialType.CN_TEACHER_QUALIFICATION, "20153000121000123", InvalidComponent),  # province 30
    (CredentialType.CN_TEACHER_QUALIFICATION, "19951100121000123", InvalidComponent),  # year
    (CredentialType.CN_TEACHER_QUALIFICATION, "20151100125000123", InvalidComponent),  # gender code 5
    (CredentialType.CN_PRIVATE_SCHOOL_LICENSE, "教1101083700012", InvalidFormat),
    (CredentialType.CN_PRIVATE_SCHOOL_LICENSE, "教民1001083700012", InvalidComponent),
    (CredentialType.CN_PRIVATE_SCHOOL_LICENSE, "教民110108", InvalidLength),
    (CredentialType.CN_SAC_PRACTITIONER, "S05701180700291", InvalidLength),
    (CredentialType.CN_SAC_PRACTITIONER, "05701180700291", InvalidFormat),
    (CredentialType.CN_FUTURES_PRACTITIONER, "F03", InvalidLength),
    (CredentialType.CN_FUTURES_PRACTITIONER, "F03O1234", InvalidFormat),
    (CredentialType.CN_FUTURES_CONSULTANT, "F0012345", InvalidFormat),
    (CredentialType.CN_PRIVATE_FUND_MANAGER, "P10000011", InvalidLength),
    (CredentialType.CN_PRIVATE_FUND_MANAGER, "P100000A", InvalidFormat),
    (CredentialType.CN_SECURITIES_BUSINESS_LICENSE, "91110000600037341K", InvalidChecksum),
    (CredentialType.CN_SECURITIES_BUSINESS_LICENSE, "51110000600037341Q", InvalidComponent),
]


@pytest.mark.parametrize("ctype,number", VALID)
def test_valid_examples(ctype, number):
    module = base.module_for(ctype)
    assert module.validate(number) == module.compact(number)
    assert module.is_valid(number)
    assert isinstance(module.parse(number), dict)


@pytest.mark.parametrize("ctype,number,error", INVALID)
def test_invalid_examples(ctype, number, error):
    module = base.module_for(ctype)
    with pytest.raises(error):
        module.validate(number)
    assert not module.is_valid(number)


def test_separators_and_fullwidth_are_compacted():
    m = base.module_for(CredentialType.CN_SAC_PRACTITIONER)
    assert m.validate("Ｓ０５７０-１１８０ ７００２９") == "S0570118070029"


def test_parse_fields():
    p = base.module_for(CredentialType.CN_LAWYER_LICENSE).parse("11101201010452178")
    assert p["province_code"] == "11" and p["first_licensed_year"] == 2010 and p["category"] == "专职"
    t = base.module_for(CredentialType.CN_TEACHER_QUALIFICATION).parse("20151100171000123")
    assert t["school_level"] == "高等学校" and t["certifying_body"] == "001" and t["year"] == 2015
    q = base.module_for(CredentialType.CN_PHYSICIAN_QUALIFICATION).parse("20051111111010519491231002X")
    assert "11010519491231002X" not in repr(q), "the embedded ID number is only shown masked"


# -- identity numbers ---------------------------------------------------------------------

def test_idcard_check_character_is_the_hard_rule():
    assert idcard.validate("11010519491231002X") == "11010519491231002X"
    with pytest.raises(InvalidChecksum):
        idcard.validate("110105194912310021")


def test_idcard_unknown_county_is_accepted_and_stdnum_fault_is_guarded():
    from stdnum.cn import ric

    with pytest.raises(KeyError):  # python-stdnum 2.2's fault that this module guards against
        ric.is_valid("650404199801234560")
    assert idcard.is_valid("650404199801234560") is True
    assert idcard.parse("650404199801234560")["gender"] == "F"  # sequence 456: even


def test_idcard_rejects_bad_dates_and_provinces():
    with pytest.raises(InvalidComponent):
        idcard.validate("110105194902310026")  # 31 February, with the right check character
    with pytest.raises(InvalidComponent):
        idcard.validate("990105194912310023")


def test_uscc_accepts_authorities_stdnum_rejects():
    from stdnum.cn import uscc as stdnum_uscc

    for code in ("N2110000MA00000014", "Y1440300MA5F00001L", "A1100000MA0000001F"):
        assert not stdnum_uscc.is_valid(code)
        assert uscc.is_valid(code), code
    assert uscc.parse("Y1440300MA5F00001L")["authority_name"] == "其他"
    assert uscc.parse("11100000000013127D")["region_code"] == "100000"  # national-level registration
    with pytest.raises(InvalidComponent):
        uscc.validate("B1110000600037341L")


def test_province_codes_come_from_the_division_file(tmp_path, monkeypatch):
    rows = base.read_divisions()
    if rows:  # the shipped file: every province there is known
        assert {r["code"][:2] for r in rows if r["level"] == "province"} <= base.province_codes()
    (tmp_path / "divisions.tsv").write_text(
        "# comment\ncode\tname\tshort_name\tlevel\tparent_code\tstatus\tflags\taliases\n"
        "110000\t北京市\t北京\tprovince\t\tcurrent\t\t\n", encoding="utf-8")
    monkeypatch.setenv("ZHENWEI_LEXICON_DIR", str(tmp_path))
    assert [r["code"] for r in base.read_divisions()] == ["110000"]
    monkeypatch.setenv("ZHENWEI_LEXICON_DIR", str(tmp_path / "absent"))
    assert base.read_divisions() == []


# -- hypothesis: validate raises only the library's validation errors ------------------------

_alphabet = st.sampled_from(list("0123456789XSFZPABCNYIO教民号 -.·０１Ｘ\u200b")) | st.characters()
_numbers = st.text(_alphabet, max_size=40)


@pytest.mark.parametrize("module", FORMAT_MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
@settings(max_examples=300, deadline=None)
@given(number=_numbers)
def test_validate_raises_only_validation_errors(module, number):
    try:
        result = module.validate(number)
    except ValidationError:
        return
    assert isinstance(result, str) and result == module.validate(result)


@settings(max_examples=300, deadline=None)
@given(prefix=st.text("0123456789", min_size=17, max_size=17))
def test_idcard_any_digits_with_right_check_character_is_never_a_crash(prefix):
    number = prefix + idcard.calc_check_digit(prefix + "0")
    try:
        idcard.validate(number)
    except ValidationError as exc:
        assert not isinstance(exc, InvalidChecksum)
