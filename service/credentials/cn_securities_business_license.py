"""经营证券期货业务许可证 (licence to operate securities and futures business).

The CSRC licence identifies the licensed institution by its 统一社会信用代码
(GB 32100-2015). Securities, futures and fund management companies are
companies registered by the market regulator, so the registration authority
is ``9`` (市场监督管理); the rest is checked as any USCC (check character, region).

Sources: 《证券期货业务许可证管理办法》 (CSRC); GB 32100-2015.

>>> validate('91110000600037341L')
'91110000600037341L'
>>> validate('31110000E00017891P')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: not a company registered by the market regulator (must start with 9)
"""
from __future__ import annotations

from stdnum.exceptions import InvalidComponent

from service.credentials import uscc
from service.credentials.base import CredentialType, make_is_valid

TYPE = CredentialType.CN_SECURITIES_BUSINESS_LICENSE
NAME = "经营证券期货业务许可证"
MATERIAL_NAME = "证券期货经营机构"
ORGANIZATIONAL = True


def compact(number: str) -> str:
    return uscc.compact(number)


def validate(number: str) -> str:
    number = uscc.validate(number)
    if number[0] != "9":
        raise InvalidComponent("not a company registered by the market regulator (must start with 9)")
    return number


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    return uscc.parse(validate(number))
