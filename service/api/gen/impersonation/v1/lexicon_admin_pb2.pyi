from google.protobuf import field_mask_pb2 as _field_mask_pb2
from service.api.gen.impersonation.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EntryLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENTRY_LEVEL_UNSPECIFIED: _ClassVar[EntryLevel]
    ENTRY_LEVEL_NATIONAL: _ClassVar[EntryLevel]
    ENTRY_LEVEL_PROVINCIAL: _ClassVar[EntryLevel]
    ENTRY_LEVEL_PREFECTURE: _ClassVar[EntryLevel]
    ENTRY_LEVEL_COUNTY: _ClassVar[EntryLevel]
    ENTRY_LEVEL_OTHER: _ClassVar[EntryLevel]

class Severity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEVERITY_UNSPECIFIED: _ClassVar[Severity]
    SEVERITY_HIGH: _ClassVar[Severity]
    SEVERITY_NORMAL: _ClassVar[Severity]
    SEVERITY_LOW: _ClassVar[Severity]

class EntryOrigin(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENTRY_ORIGIN_UNSPECIFIED: _ClassVar[EntryOrigin]
    ENTRY_ORIGIN_BUNDLED: _ClassVar[EntryOrigin]
    ENTRY_ORIGIN_STORE: _ClassVar[EntryOrigin]
ENTRY_LEVEL_UNSPECIFIED: EntryLevel
ENTRY_LEVEL_NATIONAL: EntryLevel
ENTRY_LEVEL_PROVINCIAL: EntryLevel
ENTRY_LEVEL_PREFECTURE: EntryLevel
ENTRY_LEVEL_COUNTY: EntryLevel
ENTRY_LEVEL_OTHER: EntryLevel
SEVERITY_UNSPECIFIED: Severity
SEVERITY_HIGH: Severity
SEVERITY_NORMAL: Severity
SEVERITY_LOW: Severity
ENTRY_ORIGIN_UNSPECIFIED: EntryOrigin
ENTRY_ORIGIN_BUNDLED: EntryOrigin
ENTRY_ORIGIN_STORE: EntryOrigin

class Entry(_message.Message):
    __slots__ = ("id", "name", "category", "aliases", "abbreviations", "level", "region_code", "severity", "flags", "source", "source_date", "licence", "origin")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    ALIASES_FIELD_NUMBER: _ClassVar[int]
    ABBREVIATIONS_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    FLAGS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_DATE_FIELD_NUMBER: _ClassVar[int]
    LICENCE_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    category: _common_pb2.Category
    aliases: _containers.RepeatedScalarFieldContainer[str]
    abbreviations: _containers.RepeatedScalarFieldContainer[str]
    level: EntryLevel
    region_code: str
    severity: Severity
    flags: _containers.RepeatedScalarFieldContainer[str]
    source: str
    source_date: str
    licence: str
    origin: EntryOrigin
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., category: _Optional[_Union[_common_pb2.Category, str]] = ..., aliases: _Optional[_Iterable[str]] = ..., abbreviations: _Optional[_Iterable[str]] = ..., level: _Optional[_Union[EntryLevel, str]] = ..., region_code: _Optional[str] = ..., severity: _Optional[_Union[Severity, str]] = ..., flags: _Optional[_Iterable[str]] = ..., source: _Optional[str] = ..., source_date: _Optional[str] = ..., licence: _Optional[str] = ..., origin: _Optional[_Union[EntryOrigin, str]] = ...) -> None: ...

class AddEntryRequest(_message.Message):
    __slots__ = ("entry",)
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    entry: Entry
    def __init__(self, entry: _Optional[_Union[Entry, _Mapping]] = ...) -> None: ...

class UpdateEntryRequest(_message.Message):
    __slots__ = ("entry", "update_mask")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    entry: Entry
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, entry: _Optional[_Union[Entry, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class RetireEntryRequest(_message.Message):
    __slots__ = ("id", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class GetEntryRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class EntryResponse(_message.Message):
    __slots__ = ("entry", "retired", "owner_uscc", "lexicon_version")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    RETIRED_FIELD_NUMBER: _ClassVar[int]
    OWNER_USCC_FIELD_NUMBER: _ClassVar[int]
    LEXICON_VERSION_FIELD_NUMBER: _ClassVar[int]
    entry: Entry
    retired: bool
    owner_uscc: _containers.RepeatedScalarFieldContainer[str]
    lexicon_version: str
    def __init__(self, entry: _Optional[_Union[Entry, _Mapping]] = ..., retired: _Optional[bool] = ..., owner_uscc: _Optional[_Iterable[str]] = ..., lexicon_version: _Optional[str] = ...) -> None: ...

class AddOwnerRequest(_message.Message):
    __slots__ = ("entity_id", "unified_social_credit_code")
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    UNIFIED_SOCIAL_CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    entity_id: str
    unified_social_credit_code: str
    def __init__(self, entity_id: _Optional[str] = ..., unified_social_credit_code: _Optional[str] = ...) -> None: ...

class RemoveOwnerRequest(_message.Message):
    __slots__ = ("entity_id", "unified_social_credit_code")
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    UNIFIED_SOCIAL_CREDIT_CODE_FIELD_NUMBER: _ClassVar[int]
    entity_id: str
    unified_social_credit_code: str
    def __init__(self, entity_id: _Optional[str] = ..., unified_social_credit_code: _Optional[str] = ...) -> None: ...

class OwnerResponse(_message.Message):
    __slots__ = ("entity_id", "owner_uscc", "lexicon_version")
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_USCC_FIELD_NUMBER: _ClassVar[int]
    LEXICON_VERSION_FIELD_NUMBER: _ClassVar[int]
    entity_id: str
    owner_uscc: _containers.RepeatedScalarFieldContainer[str]
    lexicon_version: str
    def __init__(self, entity_id: _Optional[str] = ..., owner_uscc: _Optional[_Iterable[str]] = ..., lexicon_version: _Optional[str] = ...) -> None: ...

class AddClosedAccountRequest(_message.Message):
    __slots__ = ("name", "account_id", "reason")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    account_id: str
    reason: str
    def __init__(self, name: _Optional[str] = ..., account_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class AddClosedAccountResponse(_message.Message):
    __slots__ = ("closed_id", "lexicon_version")
    CLOSED_ID_FIELD_NUMBER: _ClassVar[int]
    LEXICON_VERSION_FIELD_NUMBER: _ClassVar[int]
    closed_id: str
    lexicon_version: str
    def __init__(self, closed_id: _Optional[str] = ..., lexicon_version: _Optional[str] = ...) -> None: ...

class ClosedAccount(_message.Message):
    __slots__ = ("closed_id", "name", "account_id", "reason", "closed_at", "keep_until", "added_by")
    CLOSED_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    KEEP_UNTIL_FIELD_NUMBER: _ClassVar[int]
    ADDED_BY_FIELD_NUMBER: _ClassVar[int]
    closed_id: str
    name: str
    account_id: str
    reason: str
    closed_at: str
    keep_until: str
    added_by: str
    def __init__(self, closed_id: _Optional[str] = ..., name: _Optional[str] = ..., account_id: _Optional[str] = ..., reason: _Optional[str] = ..., closed_at: _Optional[str] = ..., keep_until: _Optional[str] = ..., added_by: _Optional[str] = ...) -> None: ...

class ListClosedAccountsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListClosedAccountsResponse(_message.Message):
    __slots__ = ("closed_accounts", "next_page_token")
    CLOSED_ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    closed_accounts: _containers.RepeatedCompositeFieldContainer[ClosedAccount]
    next_page_token: str
    def __init__(self, closed_accounts: _Optional[_Iterable[_Union[ClosedAccount, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RemoveClosedAccountRequest(_message.Message):
    __slots__ = ("closed_id", "reason")
    CLOSED_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    closed_id: str
    reason: str
    def __init__(self, closed_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RemoveClosedAccountResponse(_message.Message):
    __slots__ = ("removed", "lexicon_version")
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    LEXICON_VERSION_FIELD_NUMBER: _ClassVar[int]
    removed: ClosedAccount
    lexicon_version: str
    def __init__(self, removed: _Optional[_Union[ClosedAccount, _Mapping]] = ..., lexicon_version: _Optional[str] = ...) -> None: ...

class ListAuditLogRequest(_message.Message):
    __slots__ = ("target", "limit")
    TARGET_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    target: str
    limit: int
    def __init__(self, target: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class AuditEntry(_message.Message):
    __slots__ = ("id", "at", "actor", "action", "target", "detail_json")
    ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    DETAIL_JSON_FIELD_NUMBER: _ClassVar[int]
    id: int
    at: str
    actor: str
    action: str
    target: str
    detail_json: str
    def __init__(self, id: _Optional[int] = ..., at: _Optional[str] = ..., actor: _Optional[str] = ..., action: _Optional[str] = ..., target: _Optional[str] = ..., detail_json: _Optional[str] = ...) -> None: ...

class ListAuditLogResponse(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AuditEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[AuditEntry, _Mapping]]] = ...) -> None: ...

class GetLexiconVersionRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetLexiconVersionResponse(_message.Message):
    __slots__ = ("lexicon_version", "store_revision", "counts")
    class CountsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    LEXICON_VERSION_FIELD_NUMBER: _ClassVar[int]
    STORE_REVISION_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    lexicon_version: str
    store_revision: int
    counts: _containers.ScalarMap[str, int]
    def __init__(self, lexicon_version: _Optional[str] = ..., store_revision: _Optional[int] = ..., counts: _Optional[_Mapping[str, int]] = ...) -> None: ...
