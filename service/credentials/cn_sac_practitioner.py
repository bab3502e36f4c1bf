"""证券从业人员执业编号 (Securities Association of China practitioner registration number).

``S`` followed by 13 digits, assigned by the 中国证券业协会 (SAC) when a
practitioner is registered through a securities firm, and shown by SAC's public
practitioner query (证券从业人员信息公示). Public sources do not document what
the 13 digits encode, and there is no check digit, so only the shape is checked.

Source: 中国证券业协会《证券从业人员执业注册管理规则》 and its public query.

>>> validate('s0570 1180 70029')
'S0570118070029'
>>> validate('S057011807002')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> validate('F0570118070029')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: The number has an invalid format.
"""
from __future__ import annotations

from service.credentials._prefixed import validate_prefixed
from service.credentials.base import CredentialType, clean, make_is_valid

TYPE = CredentialType.CN_SAC_PRACTITIONER
NAME = "证券从业人员执业证书"
MATERIAL_NAME = "证券从业人员"


def compact(number: str) -> str:
    return clean(number)


def validate(number: str) -> str:
    return validate_prefixed(number, "S", 13, 13)


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    return {"registration_number": validate(number)}
