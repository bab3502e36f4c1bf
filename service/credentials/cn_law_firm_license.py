"""律师事务所执业许可证号 (law firm practising licence number).

Since the 2016 switch to unified codes the licence number of a law firm is its
统一社会信用代码 (GB 32100-2015), issued by the justice administration: the
registration authority is ``3`` (司法行政) and the entity type ``1`` (律师执业机构;
``2`` 公证处, ``3`` 基层法律服务所, ``4`` 司法鉴定机构, ``5`` 仲裁委员会 are other
justice-registered bodies and are not law firms).

Sources: GB 32100-2015 annex (登记管理部门码和机构类别码); 司法部《律师事务所管理办法》.

>>> validate('31110000E00017891P')
'31110000E00017891P'
>>> validate('91110000600037341L')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: not issued by a justice bureau to a law firm (must start with 31)
>>> validate('31110000E00017891Q')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
"""
from __future__ import annotations

from stdnum.exceptions import InvalidComponent

from service.credentials import uscc
from service.credentials.base import CredentialType, make_is_valid

TYPE = CredentialType.CN_LAW_FIRM_LICENSE
NAME = "律师事务所执业许可证"
MATERIAL_NAME = "律师事务所"
ORGANIZATIONAL = True


def compact(number: str) -> str:
    return uscc.compact(number)


def validate(number: str) -> str:
    number = uscc.validate(number)
    if number[:2] != "31":
        raise InvalidComponent("not issued by a justice bureau to a law firm (must start with 31)")
    return number


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    return uscc.parse(validate(number))
