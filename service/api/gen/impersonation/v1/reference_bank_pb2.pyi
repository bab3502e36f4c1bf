from service.api.gen.impersonation.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BankKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BANK_KIND_UNSPECIFIED: _ClassVar[BankKind]
    BANK_KIND_POSITIVE: _ClassVar[BankKind]
    BANK_KIND_NEGATIVE: _ClassVar[BankKind]
BANK_KIND_UNSPECIFIED: BankKind
BANK_KIND_POSITIVE: BankKind
BANK_KIND_NEGATIVE: BankKind

class Bank(_message.Message):
    __slots__ = ("name", "kind", "description", "pdq_threshold", "min_inliers", "reference_count", "created_at", "pdq_threshold_default", "min_inliers_default", "edge_threshold", "crop_threshold")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PDQ_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    MIN_INLIERS_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    PDQ_THRESHOLD_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    MIN_INLIERS_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    EDGE_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    CROP_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: BankKind
    description: str
    pdq_threshold: int
    min_inliers: int
    reference_count: int
    created_at: str
    pdq_threshold_default: bool
    min_inliers_default: bool
    edge_threshold: int
    crop_threshold: int
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[_Union[BankKind, str]] = ..., description: _Optional[str] = ..., pdq_threshold: _Optional[int] = ..., min_inliers: _Optional[int] = ..., reference_count: _Optional[int] = ..., created_at: _Optional[str] = ..., pdq_threshold_default: _Optional[bool] = ..., min_inliers_default: _Optional[bool] = ..., edge_threshold: _Optional[int] = ..., crop_threshold: _Optional[int] = ...) -> None: ...

class CreateBankRequest(_message.Message):
    __slots__ = ("bank",)
    BANK_FIELD_NUMBER: _ClassVar[int]
    bank: Bank
    def __init__(self, bank: _Optional[_Union[Bank, _Mapping]] = ...) -> None: ...

class UpdateBankRequest(_message.Message):
    __slots__ = ("name", "description", "pdq_threshold", "min_inliers", "reset_thresholds")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PDQ_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    MIN_INLIERS_FIELD_NUMBER: _ClassVar[int]
    RESET_THRESHOLDS_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    pdq_threshold: int
    min_inliers: int
    reset_thresholds: bool
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., pdq_threshold: _Optional[int] = ..., min_inliers: _Optional[int] = ..., reset_thresholds: _Optional[bool] = ...) -> None: ...

class ListBanksRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetBankRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListBanksResponse(_message.Message):
    __slots__ = ("banks",)
    BANKS_FIELD_NUMBER: _ClassVar[int]
    banks: _containers.RepeatedCompositeFieldContainer[Bank]
    def __init__(self, banks: _Optional[_Iterable[_Union[Bank, _Mapping]]] = ...) -> None: ...

class RemoveBankRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class RemoveBankResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Reference(_message.Message):
    __slots__ = ("id", "bank", "entity_id", "category", "label", "enabled", "content_sha256", "width", "height", "pdq_hex", "thumbnail_png", "created_at", "created_by")
    ID_FIELD_NUMBER: _ClassVar[int]
    BANK_FIELD_NUMBER: _ClassVar[int]
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    CONTENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    PDQ_HEX_FIELD_NUMBER: _ClassVar[int]
    THUMBNAIL_PNG_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    id: int
    bank: str
    entity_id: str
    category: _common_pb2.Category
    label: str
    enabled: bool
    content_sha256: str
    width: int
    height: int
    pdq_hex: str
    thumbnail_png: bytes
    created_at: str
    created_by: str
    def __init__(self, id: _Optional[int] = ..., bank: _Optional[str] = ..., entity_id: _Optional[str] = ..., category: _Optional[_Union[_common_pb2.Category, str]] = ..., label: _Optional[str] = ..., enabled: _Optional[bool] = ..., content_sha256: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., pdq_hex: _Optional[str] = ..., thumbnail_png: _Optional[bytes] = ..., created_at: _Optional[str] = ..., created_by: _Optional[str] = ...) -> None: ...

class AddReferenceRequest(_message.Message):
    __slots__ = ("bank", "entity_id", "category", "label", "image")
    BANK_FIELD_NUMBER: _ClassVar[int]
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    bank: str
    entity_id: str
    category: _common_pb2.Category
    label: str
    image: bytes
    def __init__(self, bank: _Optional[str] = ..., entity_id: _Optional[str] = ..., category: _Optional[_Union[_common_pb2.Category, str]] = ..., label: _Optional[str] = ..., image: _Optional[bytes] = ...) -> None: ...

class GetReferenceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class ListReferencesRequest(_message.Message):
    __slots__ = ("bank", "entity_id", "include_disabled", "include_thumbnails", "page_size", "page_token")
    BANK_FIELD_NUMBER: _ClassVar[int]
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DISABLED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_THUMBNAILS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    bank: str
    entity_id: str
    include_disabled: bool
    include_thumbnails: bool
    page_size: int
    page_token: str
    def __init__(self, bank: _Optional[str] = ..., entity_id: _Optional[str] = ..., include_disabled: _Optional[bool] = ..., include_thumbnails: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListReferencesResponse(_message.Message):
    __slots__ = ("references", "next_page_token")
    REFERENCES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    references: _containers.RepeatedCompositeFieldContainer[Reference]
    next_page_token: str
    def __init__(self, references: _Optional[_Iterable[_Union[Reference, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DisableReferenceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class EnableReferenceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class RemoveReferenceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class RemoveReferenceResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
