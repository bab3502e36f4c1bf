"""法律职业资格证书编号 (legal professional qualification certificate number).

Issued by the Ministry of Justice after the national unified legal professional
qualification examination (before 2018: 国家司法考试). Public sources do not
settle the layout of the number: published descriptions disagree on its length
and on what its digits encode, and the class of the certificate (A, B or C) is
printed on it, sometimes as a leading letter. So this module validates only
what is certain: the number is a run of ASCII digits of a plausible length
(8 to 20), optionally preceded by the class letter A, B or C. Whether the
number exists is for the registry to say.

Source: 《法律职业资格管理办法》 (司法部令第146号, 2018), which does not publish a layout.

>>> validate('A 2018 1101 0001 23')
'A20181101000123'
>>> parse('A20181101000123')['certificate_class']
'A'
>>> validate('D20181101000123')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> validate('A1234')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
"""
from __future__ import annotations

from stdnum.exceptions import InvalidFormat, InvalidLength

from service.credentials.base import CredentialType, clean, digits_only, make_is_valid

TYPE = CredentialType.CN_LEGAL_QUALIFICATION
NAME = "法律职业资格证书"
MATERIAL_NAME = "法律职业资格"


def compact(number: str) -> str:
    return clean(number)


def validate(number: str) -> str:
    number = compact(number)
    body = number[1:] if number[:1] in ("A", "B", "C") else number
    if not digits_only(body):
        raise InvalidFormat()
    if not 8 <= len(body) <= 20:
        raise InvalidLength()
    return number


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    number = validate(number)
    return {"certificate_class": number[0] if number[0] in "ABC" else "", "serial": number.lstrip("ABC")}
