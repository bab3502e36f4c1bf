"""统一社会信用代码 (Unified Social Credit Code, GB 32100-2015).

18 characters over the alphabet ``0-9 A-H J-N P-R T U W-Y`` (no I, O, S, V, Z):

1. registration authority (登记管理部门码): ``1`` 机构编制, ``2`` 外交, ``3`` 司法行政,
   ``4`` 文化, ``5`` 民政, ``6`` 旅游, ``7`` 宗教, ``8`` 工会, ``9`` 市场监督管理 (工商),
   ``A`` 中央军委改革和编制办公室, ``N`` 农业, ``Y`` 其他;
2. entity type (机构类别码), defined per authority;
3. chars 3-8: the GB/T 2260 division of the registering authority (``100000`` for
   national-level registrations);
4. chars 9-17: the organisation code (GB 11714);
5. char 18: the check character, ``31 - (Σ value × weight) mod 31`` with weights
   ``3^i mod 31``.

python-stdnum's ``cn.uscc`` requires the first 8 characters to be digits and so
wrongly rejects codes registered by the authorities ``A``, ``N`` and ``Y``; this
module accepts them (it reuses stdnum's check-character computation only).

Sources: GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》; python-stdnum
``stdnum.cn.uscc``.

>>> validate('91110000600037341L')
'91110000600037341L'
>>> validate('N2110000MA00000014')
'N2110000MA00000014'
>>> validate('91110000600037341M')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('B1110000600037341L')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: registration authority 'B' is not defined by GB 32100
>>> parse('31110000E00017891P')['authority']
'3'
"""
from __future__ import annotations

from stdnum.cn import uscc as _uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from service.credentials.base import clean, digits_only, make_is_valid, province_codes

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

#: GB 32100-2015 登记管理部门码.
AUTHORITIES = {
    "1": "机构编制", "2": "外交", "3": "司法行政", "4": "文化", "5": "民政", "6": "旅游",
    "7": "宗教", "8": "工会", "9": "市场监督管理", "A": "中央军委改革和编制办公室", "N": "农业", "Y": "其他",
}


def compact(number: str) -> str:
    return clean(number)


def calc_check_digit(number: str) -> str:
    """The check character for the first 17 characters."""
    return _uscc.calc_check_digit(number[:17])


def validate(number: str) -> str:
    """Checks length, alphabet, registration authority, region and check character."""
    number = compact(number)
    if len(number) != 18:
        raise InvalidLength()
    if any(c not in ALPHABET for c in number):
        raise InvalidFormat()
    if number[0] not in AUTHORITIES:
        raise InvalidComponent(f"registration authority {number[0]!r} is not defined by GB 32100")
    if not digits_only(number[2:8]):
        raise InvalidFormat()
    if number[-1] != calc_check_digit(number):
        raise InvalidChecksum()
    if number[2:4] != "10" and number[2:4] not in province_codes():
        raise InvalidComponent(f"region code {number[2:8]!r} is not in a GB/T 2260 province")
    return number


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    """Fields: ``authority``, ``authority_name``, ``entity_type``, ``region_code``, ``organization_code``."""
    number = validate(number)
    return {
        "authority": number[0],
        "authority_name": AUTHORITIES[number[0]],
        "entity_type": number[1],
        "region_code": number[2:8],
        "organization_code": number[8:17],
    }
