"""医疗机构执业许可证登记号 (medical institution practising licence registration number).

The registration number printed on a 医疗机构执业许可证 has changed form over
time: the older 22-character code of 《全国卫生单位代码编制规则》 (a 9-character
organisation code followed by 13 attribute digits: a 6-digit GB/T 2260 division,
economic type, institution category and management class), and later numbers
built on the institution's 统一社会信用代码 with attribute digits appended.
Public sources do not settle one current layout, so this module checks only
what is certain of all of them: 15 to 30 characters from the GB 32100 / GB 11714
code alphabet (digits and capital letters without I, O, S, V, Z), with at least
one digit. The registry decides whether the number exists.

Sources: 《医疗机构管理条例实施细则》 (登记号); 《全国卫生单位代码编制规则》.

>>> validate('PDY00058-X 110105 1 2 A100 1')
'PDY00058X11010512A1001'
>>> validate('PDY00058X110105IZA1001')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> validate('PDY0005811')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
"""
from __future__ import annotations

from stdnum.exceptions import InvalidFormat, InvalidLength

from service.credentials.base import CredentialType, clean, make_is_valid
from service.credentials.uscc import ALPHABET

TYPE = CredentialType.CN_MEDICAL_INSTITUTION_LICENSE
NAME = "医疗机构执业许可证"
MATERIAL_NAME = "医疗机构"
ORGANIZATIONAL = True


def compact(number: str) -> str:
    return clean(number)


def validate(number: str) -> str:
    number = compact(number)
    if any(c not in ALPHABET for c in number) or not any(c.isdigit() for c in number):
        raise InvalidFormat()
    if not 15 <= len(number) <= 30:
        raise InvalidLength()
    return number


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    return {"registration_number": validate(number)}
