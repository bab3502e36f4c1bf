"""居民身份证号码 (Resident Identity Card number, GB 11643-1999 公民身份号码).

18 characters: a 6-digit address code (GB/T 2260 division where the number was
first issued), the 8-digit date of birth (YYYYMMDD), a 3-digit sequence code
(odd for men, even for women) and a check character computed with ISO 7064
MOD 11-2 over the first 17 digits (``X`` stands for 10).

The check character is the hard rule. The address code is only checked for a
known province (first two digits, GB/T 2260): division codes are retired and
re-used over the decades, and a number issued under a county that no longer
exists is still a valid number, so no county is required to be known
(python-stdnum's ``cn.ric`` rejects those, and in version 2.2 its ``is_valid``
even raises ``KeyError`` for some of them, e.g. ``650404199801234560``).

Source: GB 11643-1999 《公民身份号码》; python-stdnum ``stdnum.cn.ric`` for the
check character.

>>> validate('11010519491231002X')
'11010519491231002X'
>>> validate('110105 19491231 002x')
'11010519491231002X'
>>> validate('110105194912310021')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('650404199801234560')   # unknown county: not a reason to reject
'650404199801234560'
>>> validate('990105194912310023')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: province code '99' is not a GB/T 2260 province code
>>> parse('11010519491231002X')['birth_date']
datetime.date(1949, 12, 31)
>>> parse('11010519491231002X')['gender']
'F'
"""
from __future__ import annotations

import datetime as dt

from stdnum.cn import ric as _ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from service.credentials.base import check_province, clean, digits_only, make_is_valid


def compact(number: str) -> str:
    """Strips separators and blanks; ``x`` becomes ``X``."""
    return clean(number)


def calc_check_digit(number: str) -> str:
    """The check character for the first 17 digits (ISO 7064 MOD 11-2)."""
    return _ric.calc_check_digit(number[:17] + "0")


def _birth_date(number: str) -> dt.date:
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidComponent("the birth date is not a calendar date") from None
    if born.year < 1850 or born > dt.date.today():
        raise InvalidComponent("the birth date is out of range")
    return born


def validate(number: str) -> str:
    """Checks length, digits, check character, province and birth date; returns the compact form."""
    number = compact(number)
    if len(number) != 18:
        raise InvalidLength()
    if not digits_only(number[:17]) or not (digits_only(number[17]) or number[17] == "X"):
        raise InvalidFormat()
    if number[17] != calc_check_digit(number):
        raise InvalidChecksum()
    check_province(number[:2])
    _birth_date(number)
    return number


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    """Fields of a valid number: ``region_code``, ``province_code``, ``birth_date``, ``gender`` (M/F)."""
    number = validate(number)
    return {
        "region_code": number[:6],
        "province_code": number[:2],
        "birth_date": _birth_date(number),
        "sequence": number[14:17],
        "gender": "M" if int(number[16]) % 2 else "F",
    }


def validate_legacy15(number: str) -> str:
    """A first-generation 15-digit number (GB 11643-1989): digits, province and YYMMDD birth date.

    It has no check character.

    >>> validate_legacy15('110105491231002')
    '110105491231002'
    >>> validate_legacy15('110105491331002')
    Traceback (most recent call last):
        ...
    stdnum.exceptions.InvalidComponent: the birth date is not a calendar date
    """
    number = compact(number)
    if len(number) != 15:
        raise InvalidLength()
    if not digits_only(number):
        raise InvalidFormat()
    check_province(number[:2])
    try:
        dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        raise InvalidComponent("the birth date is not a calendar date") from None
    return number
