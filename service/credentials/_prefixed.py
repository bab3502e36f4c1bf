"""A letter prefix followed by ASCII digits: the shape of the SAC, CFA and AMAC numbers."""
from __future__ import annotations

from stdnum.exceptions import InvalidFormat, InvalidLength

from service.credentials.base import clean, digits_only


def validate_prefixed(number: str, prefix: str, min_digits: int, max_digits: int) -> str:
    number = clean(number)
    if not number.startswith(prefix) or not digits_only(number[len(prefix):]):
        raise InvalidFormat()
    if not min_digits <= len(number) - len(prefix) <= max_digits:
        raise InvalidLength()
    return number
