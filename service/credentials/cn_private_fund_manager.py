"""私募基金管理人登记编号 (private fund manager registration number).

``P`` followed by 7 digits (P1000001 onward), assigned by the 中国证券投资基金业
协会 (AMAC) on registration and shown by its public 私募基金管理人公示. No layout of
the digits or check digit is documented, so only the shape is checked.

Source: 中国证券投资基金业协会《私募投资基金管理人登记和基金备案办法(试行)》 (2014)
and its public registry.

>>> validate('p1000001')
'P1000001'
>>> validate('P100001')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> validate('S1000001')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: The number has an invalid format.
"""
from __future__ import annotations

from service.credentials._prefixed import validate_prefixed
from service.credentials.base import CredentialType, clean, make_is_valid

TYPE = CredentialType.CN_PRIVATE_FUND_MANAGER
NAME = "私募基金管理人登记证明"
MATERIAL_NAME = "私募基金管理人"
ORGANIZATIONAL = True


def compact(number: str) -> str:
    return clean(number)


def validate(number: str) -> str:
    return validate_prefixed(number, "P", 7, 7)


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    return {"registration_number": validate(number)}
