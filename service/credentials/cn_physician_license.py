"""医师执业证书编码 (physician practising certificate code), 15 digits.

The certificate issued on registration under the 医师法 carries a 15-digit code.
Public descriptions of what the digits encode disagree (level, category,
region and serial are placed differently by different sources), and no check
digit is documented, so this module validates only the certain part: exactly
15 ASCII digits. The registry decides whether the code exists.

Source: 《医师执业注册管理办法》 (国家卫生计生委令第13号, 2017) and the certificate
specimen (15-digit 执业证书编码).

>>> validate('110 1101 0100 0218')
'110110101000218'
>>> validate('11011010100021')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> validate('11011010100021X')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: The number has an invalid format.
"""
from __future__ import annotations

from stdnum.exceptions import InvalidFormat, InvalidLength

from service.credentials.base import CredentialType, clean, digits_only, make_is_valid

TYPE = CredentialType.CN_PHYSICIAN_LICENSE
NAME = "医师执业证书"
MATERIAL_NAME = "执业医师"


def compact(number: str) -> str:
    return clean(number)


def validate(number: str) -> str:
    number = compact(number)
    if len(number) != 15:
        raise InvalidLength()
    if not digits_only(number):
        raise InvalidFormat()
    return number


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    return {"code": validate(number)}
