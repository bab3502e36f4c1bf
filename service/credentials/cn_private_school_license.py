"""民办学校办学许可证编号 (private school operating licence number): 教民 + digits.

Licences issued under the 民办教育促进法 are numbered 教民 followed by digits
(人社 departments issue 人社民 licences to vocational-training schools; those are
not this type). The 2004 numbering notes give 13 digits: a 6-digit GB/T 2260
division of the approving authority, a school-level digit and a 6-digit serial;
licences issued later in several provinces carry 15 digits, with the same
leading division code. So what is checked: the 教民 prefix, 13 to 18 ASCII digits
(a trailing 号 is dropped), and a known province in the first two digits.

Sources: 《中华人民共和国民办教育促进法》 and its 实施条例; 教育部《民办学校办学许可证》
管理 notes (2004).

>>> validate('教民 1101083 700012 号')
'教民1101083700012'
>>> parse('教民110108370001234')['region_code']
'110108'
>>> validate('人社民1101083700012')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> validate('教民9901083700012')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: province code '99' is not a GB/T 2260 province code
>>> validate('教民110108370')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
"""
from __future__ import annotations

from stdnum.exceptions import InvalidFormat, InvalidLength

from service.credentials.base import CredentialType, check_province, clean, digits_only, make_is_valid

TYPE = CredentialType.CN_PRIVATE_SCHOOL_LICENSE
NAME = "民办学校办学许可证"
MATERIAL_NAME = "民办学校"
ORGANIZATIONAL = True

PREFIX = "教民"


def compact(number: str) -> str:
    number = clean(number)
    return number[:-1] if number.endswith("号") else number


def validate(number: str) -> str:
    number = compact(number)
    if not number.startswith(PREFIX) or not digits_only(number[len(PREFIX):]):
        raise InvalidFormat()
    digits = number[len(PREFIX):]
    if not 13 <= len(digits) <= 18:
        raise InvalidLength()
    check_province(digits[:2])
    return number


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    digits = validate(number)[len(PREFIX):]
    return {"region_code": digits[:6], "province_code": digits[:2], "rest": digits[6:]}
