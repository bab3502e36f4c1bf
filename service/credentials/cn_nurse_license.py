"""护士执业证书编号 (nurse practising certificate number).

A nurse's practice registration is valid for five years (《护士条例》第十条;
《护士执业注册管理办法》), so a roster row for this type must carry a
``valid_until`` date (the registry import rejects one without).

Public sources do not settle the layout of the number (published descriptions
give 12, 15 or 16 digits with different field meanings), so this module checks
only what is certain: the number is made of ASCII digits, 8 to 20 of them.

Sources: 《护士条例》 (国务院令第517号, 2008) art. 10; 《护士执业注册管理办法》.

>>> validate('2019 1101 0012 3')
'2019110100123'
>>> validate('2019-11O1-00123')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> validate('1234567')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
"""
from __future__ import annotations

from stdnum.exceptions import InvalidFormat, InvalidLength

from service.credentials.base import CredentialType, clean, digits_only, make_is_valid

TYPE = CredentialType.CN_NURSE_LICENSE
NAME = "护士执业证书"
MATERIAL_NAME = "执业护士"
#: 《护士条例》第十条: 护士执业注册有效期为5年.
VALIDITY_YEARS = 5


def compact(number: str) -> str:
    return clean(number)


def validate(number: str) -> str:
    number = compact(number)
    if not digits_only(number):
        raise InvalidFormat()
    if not 8 <= len(number) <= 20:
        raise InvalidLength()
    return number


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    return {"code": validate(number)}
