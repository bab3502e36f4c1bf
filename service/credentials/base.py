"""The credential type contract and the helpers every format module shares.

Each credential type lives in its own module (``cn_lawyer_license`` …) with the
python-stdnum interface:

- ``compact(number) -> str``: strips separators and surrounding blanks, upper-cases;
- ``validate(number) -> str``: the compact number, or raises a subclass of
  :class:`stdnum.exceptions.ValidationError` (``InvalidLength``, ``InvalidFormat``,
  ``InvalidChecksum``, ``InvalidComponent``) and nothing else;
- ``is_valid(number) -> bool``;
- ``parse(number) -> dict``: the fields the number encodes (validates first);

plus the module constants ``TYPE`` (a :class:`CredentialType`), ``NAME`` (the
document's name), ``MATERIAL_NAME`` (the label shown on a profile, e.g. 执业医师)
and, where the law fixes one, ``VALIDITY_YEARS``.

Region and year fields are checked against the administrative-division data
(``lexicons/divisions.tsv``, GB/T 2260 codes, current and abolished), read by
:func:`province_codes`.
"""
from __future__ import annotations

import datetime as dt
import enum
import functools
import importlib
import os
import unicodedata
from pathlib import Path
from types import ModuleType

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.util import clean as _stdnum_clean

from service.domain.models import Domain

__all__ = [
    "CredentialType", "ValidationError", "InvalidComponent", "InvalidFormat", "InvalidLength",
    "DOMAIN_TAGS", "module_for", "spec", "all_types", "clean", "province_codes",
    "check_province", "check_year", "digits_only",
]


class CredentialType(enum.Enum):
    """Credential type codes: part of the contract (proto ``CREDENTIAL_TYPE_<code>``, CLI ``--type``)."""

    CN_LAWYER_LICENSE = "CN_LAWYER_LICENSE"
    CN_LAW_FIRM_LICENSE = "CN_LAW_FIRM_LICENSE"
    CN_LEGAL_QUALIFICATION = "CN_LEGAL_QUALIFICATION"
    CN_PHYSICIAN_QUALIFICATION = "CN_PHYSICIAN_QUALIFICATION"
    CN_PHYSICIAN_LICENSE = "CN_PHYSICIAN_LICENSE"
    CN_NURSE_LICENSE = "CN_NURSE_LICENSE"
    CN_MEDICAL_INSTITUTION_LICENSE = "CN_MEDICAL_INSTITUTION_LICENSE"
    CN_TEACHER_QUALIFICATION = "CN_TEACHER_QUALIFICATION"
    CN_PRIVATE_SCHOOL_LICENSE = "CN_PRIVATE_SCHOOL_LICENSE"
    CN_SAC_PRACTITIONER = "CN_SAC_PRACTITIONER"
    CN_FUTURES_PRACTITIONER = "CN_FUTURES_PRACTITIONER"
    CN_FUTURES_CONSULTANT = "CN_FUTURES_CONSULTANT"
    CN_PRIVATE_FUND_MANAGER = "CN_PRIVATE_FUND_MANAGER"
    CN_SECURITIES_BUSINESS_LICENSE = "CN_SECURITIES_BUSINESS_LICENSE"


#: Which domain each type qualifies for.
_DOMAINS: dict[CredentialType, Domain] = {
    CredentialType.CN_LAWYER_LICENSE: Domain.LEGAL,
    CredentialType.CN_LAW_FIRM_LICENSE: Domain.LEGAL,
    CredentialType.CN_LEGAL_QUALIFICATION: Domain.LEGAL,
    CredentialType.CN_PHYSICIAN_QUALIFICATION: Domain.MEDICAL,
    CredentialType.CN_PHYSICIAN_LICENSE: Domain.MEDICAL,
    CredentialType.CN_NURSE_LICENSE: Domain.MEDICAL,
    CredentialType.CN_MEDICAL_INSTITUTION_LICENSE: Domain.MEDICAL,
    CredentialType.CN_TEACHER_QUALIFICATION: Domain.EDUCATION,
    CredentialType.CN_PRIVATE_SCHOOL_LICENSE: Domain.EDUCATION,
    CredentialType.CN_SAC_PRACTITIONER: Domain.FINANCE,
    CredentialType.CN_FUTURES_PRACTITIONER: Domain.FINANCE,
    CredentialType.CN_FUTURES_CONSULTANT: Domain.FINANCE,
    CredentialType.CN_PRIVATE_FUND_MANAGER: Domain.FINANCE,
    CredentialType.CN_SECURITIES_BUSINESS_LICENSE: Domain.FINANCE,
}

#: The domain tag shown next to the credential name on a profile.
DOMAIN_TAGS: dict[Domain, str] = {
    Domain.FINANCE: "金融财经",
    Domain.EDUCATION: "教育",
    Domain.MEDICAL: "医疗卫生",
    Domain.LEGAL: "法律",
}


class TypeSpec:
    """What the verifier needs to know about one credential type."""

    __slots__ = ("type", "domain", "module", "name", "material_name", "validity_years", "organizational")

    def __init__(self, ctype: CredentialType, module: ModuleType):
        self.type = ctype
        self.domain = _DOMAINS[ctype]
        self.module = module
        self.name: str = module.NAME
        self.material_name: str = module.MATERIAL_NAME
        self.validity_years: int | None = getattr(module, "VALIDITY_YEARS", None)
        #: Held by an organisation (licence of a firm, school, institution), not a person.
        self.organizational: bool = bool(getattr(module, "ORGANIZATIONAL", False))


def module_for(ctype: CredentialType) -> ModuleType:
    return spec(ctype).module


@functools.lru_cache(maxsize=None)
def spec(ctype: CredentialType) -> TypeSpec:
    module = importlib.import_module(f"service.credentials.{ctype.value.lower()}")
    if module.TYPE is not ctype:  # pragma: no cover - a wiring mistake, caught by the unit tests
        raise RuntimeError(f"{module.__name__}.TYPE is {module.TYPE}, expected {ctype}")
    return TypeSpec(ctype, module)


def all_types() -> list[CredentialType]:
    return list(CredentialType)


# -- shared format helpers -------------------------------------------------------------

_SEPARATORS = " -./_\u3000"


def clean(number: str, extra: str = "") -> str:
    """NFKC-folds (fullwidth digits and letters become ASCII), strips separators, upper-cases.

    >>> clean(' s０５７０ 1180-7002 9 ')
    'S0570118070029'
    """
    if not isinstance(number, str):
        raise InvalidFormat("not a string")
    text = unicodedata.normalize("NFKC", number)
    return _stdnum_clean(text, _SEPARATORS + extra).strip().upper()


def digits_only(text: str) -> bool:
    """ASCII digits only (``str.isdigit`` accepts other scripts' digits too)."""
    return bool(text) and all("0" <= c <= "9" for c in text)


#: GB/T 2260 province-level codes: stable facts, used when the division file is absent.
_STABLE_PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82",
})


def _divisions_path() -> Path:
    from service.config import PROJECT_ROOT

    return Path(os.environ.get("ZHENWEI_LEXICON_DIR", PROJECT_ROOT / "lexicons")) / "divisions.tsv"


def read_divisions(path: Path | None = None) -> list[dict[str, str]]:
    """Rows of ``divisions.tsv`` (``#`` comments, then a header row); [] if the file is absent."""
    path = path or _divisions_path()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    header: list[str] | None = None
    rows = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        rows.append(dict(zip(header, cells)))
    return rows


@functools.lru_cache(maxsize=1)
def province_codes() -> frozenset[str]:
    """Two-digit province codes: those in the division data (any status) plus GB/T 2260's set."""
    found = {r["code"][:2] for r in read_divisions()
             if r.get("level") == "province" and len(r.get("code", "")) == 6}
    return frozenset(found) | _STABLE_PROVINCES


def check_province(code: str, what: str = "province code") -> None:
    if code not in province_codes():
        raise InvalidComponent(f"{what} {code!r} is not a GB/T 2260 province code")


def check_year(year_text: str, first: int, what: str = "year") -> int:
    """A four-digit year between ``first`` (when the document began to be issued) and this year."""
    year = int(year_text)
    if not first <= year <= dt.date.today().year:
        raise InvalidComponent(f"{what} {year} is outside {first}..{dt.date.today().year}")
    return year


def make_is_valid(validate):
    def is_valid(number: str) -> bool:
        try:
            return bool(validate(number))
        except ValidationError:
            return False

    is_valid.__doc__ = "True when :func:`validate` accepts the number."
    return is_valid
