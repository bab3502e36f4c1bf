"""教师资格证书编号 (teacher qualification certificate number), 17 digits.

The Ministry of Education's national numbering of teacher qualification
certificates (教师资格证书管理规定; 教师资格认定工作 system, 2001 onward):

=======  ===================================================================
digits   meaning
=======  ===================================================================
1-4      year of certification
5-6      province of the certifying body (GB/T 2260 province code)
7-9      certifying body, numbered by each provincial education department
10       school level: 1 幼儿园, 2 小学, 3 初级中学, 4 高级中学, 5 中等职业学校,
         6 中等职业学校实习指导, 7 高等学校
11       gender of the holder (0 or 1 on older certificates, 1 or 2 on newer
         ones; sources disagree on which value meant which gender before 2009)
12-17    serial number within the body and year
=======  ===================================================================

What is checked: 17 ASCII digits, the year (1996, when certification under the
1995 教师资格条例 began, up to this year), the province, the school level (1-7)
and the gender code (0, 1 or 2). The certifying-body code is provincial and
not published as a list, so it is not checked; the gender's meaning is
reported raw. There is no check digit.

Sources: 《教师资格条例》 (国务院令第188号, 1995); 《教师资格证书管理规定》
(教育部, 2001) and the numbering notes published by provincial 教师资格 offices.

>>> validate('2015 11 001 2 1 000123')
'20151100121000123'
>>> parse('20151100121000123')['school_level']
'小学'
>>> validate('20151100181000123')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: school level 8 is not 1-7
>>> validate('20159900121000123')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: province code '99' is not a GB/T 2260 province code
>>> validate('19901100121000123')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: certification year 1990 is outside 1996...
>>> validate('20151100123000123')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: gender code 3 is not 0, 1 or 2
"""
from __future__ import annotations

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from service.credentials.base import CredentialType, check_province, check_year, clean, digits_only, make_is_valid

TYPE = CredentialType.CN_TEACHER_QUALIFICATION
NAME = "教师资格证书"
MATERIAL_NAME = "教师资格"

SCHOOL_LEVELS = {"1": "幼儿园", "2": "小学", "3": "初级中学", "4": "高级中学", "5": "中等职业学校",
                 "6": "中等职业学校实习指导", "7": "高等学校"}


def compact(number: str) -> str:
    return clean(number)


def validate(number: str) -> str:
    number = compact(number)
    if len(number) != 17:
        raise InvalidLength()
    if not digits_only(number):
        raise InvalidFormat()
    check_year(number[:4], 1996, "certification year")
    check_province(number[4:6])
    if number[9] not in SCHOOL_LEVELS:
        raise InvalidComponent(f"school level {number[9]} is not 1-7")
    if number[10] not in "012":
        raise InvalidComponent(f"gender code {number[10]} is not 0, 1 or 2")
    return number


is_valid = make_is_valid(validate)


def parse(number: str) -> dict:
    number = validate(number)
    return {
        "year": int(number[:4]),
        "province_code": number[4:6],
        "certifying_body": number[6:9],
        "school_level_code": number[9],
        "school_level": SCHOOL_LEVELS[number[9]],
        "gender_code": number[10],
        "serial": number[11:],
    }
