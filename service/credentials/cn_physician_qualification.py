"""医师资格证书编码 (physician qualification certificate code).

The code embeds the holder's identity number: 4 digits for the year the
qualification was obtained, 2 digits for the province (GB/T 2260), 1 digit for
the level (执业医师 / 执业助理医师), 2 digits for the practice category, then the
holder's 居民身份证号码 — 18 characters (27 in all), or 15 digits for a holder
with a first-generation card (24 in all).

What is checked: the length (24 or 27), the year (1999, the first year of the
national qualification under the 执业医师法, up to this year), the province, and
the embedded identity number (GB 11643: its check character is the hard rule;
see :mod:`service.credentials.idcard`). The level and category digits are not
checked: public descriptions disagree on their code values.

Sources: 《医师资格考试暂行办法》 (卫生部, 1999) and the code description printed
with the certificate; GB 11643-1999.

>>> validate('2005 11 1 11 11010519491231002x')
'20051111111010519491231002X'
>>> validate('20051111111010519491231002')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> validate('20051111111010519491231003X')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('19981111111010519491231002X')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: qualification year 1998 is outside 1999...
>>> validate('20059911111010519491231002X')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: province code '99' is not a GB/T 2260 province code
>>> parse('20051111111010519491231002X')['id_number_masked']
'1101**********002X'
"""
from __future__ import annotations

from stdnum.exceptions import InvalidFormat, InvalidLength

from service.credentials import idcard
from service.credentials.base import CredentialType, check_province, check_year, clean, digits_only, make_is_valid
from service.credentials.crypto import mask

TYPE = CredentialType.CN_PHYSICIAN_QUALIFICATION
NAME = "医师资格证书"
MATERIAL_NAME = "医师资格"


def compact(number: str) -> str:
    return clean(number)


def validate(number: str) -> str:
    number = compact(number)
    if len(number) not in (24, 27):
        raise InvalidLength()
    if not digits_only(number[:9]):
        raise InvalidFormat()
    check_year(number[:4], 1999, "qualification year")
    check_province(number[4:6])
    if len(number) == 27:
        idcard.validate(number[9:])
    else:
        idcard.validate_legacy15(number[9:])
    return number


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    """Fields; the embedded identity number is returned masked only."""
    number = validate(number)
    return {
        "year": int(number[:4]),
        "province_code": number[4:6],
        "level_code": number[6],
        "category_code": number[7:9],
        "id_number_masked": mask(number[9:]),
    }
