"""期货投资咨询从业证书编号 (futures investment consultant number).

``Z`` followed by digits, assigned by the 中国期货业协会 (CFA) and shown by its
public practitioner query (期货从业人员信息公示). Public sources settle only that
shape: numbers in the public query have 7 or 8 digits after the letter, and no
layout of the digits or check digit is documented, so 6 to 10 digits after the
letter are accepted and nothing else is checked.

Source: 中国期货业协会《期货从业人员执业行为准则》 and its public practitioner query.

>>> validate('z0012345')
'Z0012345'
>>> validate('Z00123456')
'Z00123456'
>>> validate('Z001')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> validate('F0012345')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: The number has an invalid format.
"""
from __future__ import annotations

from service.credentials._prefixed import validate_prefixed
from service.credentials.base import CredentialType, clean, make_is_valid

TYPE = CredentialType.CN_FUTURES_CONSULTANT
NAME = "期货投资咨询从业资格"
MATERIAL_NAME = "期货投资咨询"


def compact(number: str) -> str:
    return clean(number)


def validate(number: str) -> str:
    return validate_prefixed(number, "Z", 6, 10)


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    return {"registration_number": validate(number)}
