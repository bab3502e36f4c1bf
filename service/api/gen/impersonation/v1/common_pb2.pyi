from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from typing import ClassVar as _ClassVar

DESCRIPTOR: _descriptor.FileDescriptor

class Category(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CATEGORY_UNSPECIFIED: _ClassVar[Category]
    CATEGORY_PARTY_GOVERNMENT: _ClassVar[Category]
    CATEGORY_MILITARY: _ClassVar[Category]
    CATEGORY_PUBLIC_INSTITUTION: _ClassVar[Category]
    CATEGORY_NEWS_MEDIA: _ClassVar[Category]
    CATEGORY_REGION: _ClassVar[Category]
    CATEGORY_CLOSED_ACCOUNT: _ClassVar[Category]

class Domain(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DOMAIN_UNSPECIFIED: _ClassVar[Domain]
    DOMAIN_FINANCE: _ClassVar[Domain]
    DOMAIN_EDUCATION: _ClassVar[Domain]
    DOMAIN_MEDICAL: _ClassVar[Domain]
    DOMAIN_LEGAL: _ClassVar[Domain]
CATEGORY_UNSPECIFIED: Category
CATEGORY_PARTY_GOVERNMENT: Category
CATEGORY_MILITARY: Category
CATEGORY_PUBLIC_INSTITUTION: Category
CATEGORY_NEWS_MEDIA: Category
CATEGORY_REGION: Category
CATEGORY_CLOSED_ACCOUNT: Category
DOMAIN_UNSPECIFIED: Domain
DOMAIN_FINANCE: Domain
DOMAIN_EDUCATION: Domain
DOMAIN_MEDICAL: Domain
DOMAIN_LEGAL: Domain
