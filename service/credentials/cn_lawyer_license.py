"""律师执业证号 (lawyer's practising certificate number), 17 digits.

Layout set by the Ministry of Justice's numbering rules for 律师执业证 and
律师事务所执业许可证 (司法部《律师执业证号、律师事务所执业许可证号编排规则》, 2008):

=======  =====================================================================
digits   meaning
=======  =====================================================================
1        certificate text type (``1`` = 律师执业证)
2-3      province of the practice institution (GB/T 2260 province code)
4-5      city (prefecture) — or, in a municipality, district — of the institution
6-9      year the holder was first licensed
10       practice category: 1 专职, 2 兼职, 3 香港居民, 4 澳门居民, 5 台湾居民, further
         codes for 公职/公司/法律援助/军队 lawyers' work certificates
11       gender of the holder
12-17    serial number
=======  =====================================================================

What is checked: 17 ASCII digits, the province code, the year (1979, when the
lawyer system was restored, up to this year) and that the category is assigned
(1-9; the published list starts at 1). Not checked, because public sources do not
settle them: the text-type values other than 1, the city/district code (its
meaning differs between provinces and municipalities), and the gender code's
values (reported raw in ``parse``). There is no check digit.

Sources: 司法部《律师执业管理办法》 and its numbering rules for 律师执业证号 (17 digits,
2008 edition of the certificates); GB/T 2260 for the province code.

>>> validate('1 1101 2010 1 0 452178')
'11101201010452178'
>>> validate('11101201010452')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> validate('19901201010452178')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: province code '99' is not a GB/T 2260 province code
>>> validate('11101197010452178')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: year first licensed 1970 is outside 1979...
>>> validate('11101201000452178')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: practice category 0 is not assigned
>>> parse('13101200820012345')['province_code'], parse('13101200820012345')['category']
('31', '兼职')
"""
from __future__ import annotations

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from service.credentials.base import CredentialType, check_province, check_year, clean, digits_only, make_is_valid

TYPE = CredentialType.CN_LAWYER_LICENSE
NAME = "律师执业证"
MATERIAL_NAME = "执业律师"

CATEGORIES = {"1": "专职", "2": "兼职", "3": "香港居民", "4": "澳门居民", "5": "台湾居民"}


def compact(number: str) -> str:
    return clean(number)


def validate(number: str) -> str:
    number = compact(number)
    if len(number) != 17:
        raise InvalidLength()
    if not digits_only(number):
        raise InvalidFormat()
    check_province(number[1:3])
    check_year(number[5:9], 1979, "year first licensed")
    if number[9] == "0":
        raise InvalidComponent("practice category 0 is not assigned")
    return number


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    number = validate(number)
    return {
        "text_type": number[0],
        "province_code": number[1:3],
        "city_code": number[3:5],
        "first_licensed_year": int(number[5:9]),
        "category_code": number[9],
        "category": CATEGORIES.get(number[9], ""),
        "gender_code": number[10],
        "serial": number[11:],
    }
