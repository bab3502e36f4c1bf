"""Fuzz target: every credential parser (service/credentials/<type>.py for the 14 types,
idcard.py, uscc.py) — ``compact``, ``validate``, ``is_valid``, ``parse`` and, for the ID
card, ``validate_legacy15``.

The contract (service/credentials/base.py): ``validate``/``parse``/``compact`` raise
python-stdnum's ``ValidationError`` subclasses and nothing else; ``is_valid`` never
raises and returns a bool. Also checked: ``is_valid`` agrees with ``validate``; a
validated number validates to itself (the compact form is a fixed point); ``parse``
accepts exactly what ``validate`` accepts.
"""
from __future__ import annotations

import atheris

import _common

with atheris.instrument_imports(include=["service"]):
    from service.credentials import idcard, uscc
    from service.credentials.base import all_types, module_for

    MODULES = [module_for(t) for t in all_types()] + [idcard, uscc]  # imported here: instrumented

from stdnum.exceptions import ValidationError


def _validate(module, text):
    try:
        return module.validate(text)
    except ValidationError:
        return None


def check(module, text: str) -> None:
    try:
        module.compact(text)
    except ValidationError:
        pass
    ok = module.is_valid(text)
    assert isinstance(ok, bool), (module.__name__, ok)
    number = _validate(module, text)
    assert ok == (number is not None), (module.__name__, text)
    if number is not None:
        assert isinstance(number, str)
        assert _validate(module, number) == number, (module.__name__, text, number)
        fields = module.parse(text)
        assert isinstance(fields, dict)
    else:
        try:
            module.parse(text)
        except ValidationError:
            pass
        else:
            raise AssertionError(f"{module.__name__}: parse accepted what validate refused: {text!r}")
    if module is idcard:
        try:
            idcard.validate_legacy15(text)
        except ValidationError:
            pass


def TestOneInput(data: bytes) -> None:
    if not data:
        return
    module = MODULES[data[0] % len(MODULES)]
    check(module, _common.text_from(data[1:]))


def tokens():
    return ["0", "9", "X", "x", "-", " ", "\u3000", "１", "Ｘ", "号", "教民", "人社民", "PDY", "F", "Z", "P", "S",
            "11", "31", "44", "65", "99", "100000", "2015", "1979", "19491231", "20000229", "20010229",
            "\u0661", "\u00b2", "ⅰ"]


if __name__ == "__main__":
    _common.main(TestOneInput, tokens)
