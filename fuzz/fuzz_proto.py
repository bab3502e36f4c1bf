"""Fuzz target: the protobuf entry points — request bytes → parse → the servicer of each
RPC in service/api/*.py (proto → domain conversion, the domain core over a throw-away
SQLite store and the bundled lexicon, domain → proto) → the response serialised.

The first input byte picks the RPC (every method of every service in
``service.api.server.SERVICE_MODULES``, found from the descriptors, so new RPCs are fuzzed
without touching this file); the rest is the request message. Allowed outcomes, exactly
what the ErrorMappingInterceptor turns into a non-INTERNAL status: a parse error
(DecodeError/ValueError/TypeError, → INVALID_ARGUMENT), a domain error (ZhenweiError),
or the servicer aborting with a status other than INTERNAL. Anything else would be
answered INTERNAL with a traceback in the log: a crash here.

Harness choices: the caller is bound as an admin principal (so role checks let requests
reach the code behind them); lexicon writes are kept but the matcher is not rebuilt after
each (that is seconds per write; rebuilds are covered by the lexicon tests); streaming
RPCs run with ``follow`` off; avatar OCR and keypoints are off.
"""
from __future__ import annotations

import importlib
import zlib

import atheris

import _common

with atheris.instrument_imports(include=["service"]):
    from service.api import server as _server
    from service.app import App

    _API = [importlib.import_module(m) for m in _server.SERVICE_MODULES]

import grpc
from google.protobuf import message_factory
from google.protobuf.message import DecodeError, Message

from service.domain.errors import ZhenweiError


class Aborted(Exception):
    def __init__(self, code, details):
        super().__init__(f"{code}: {details}")
        self.code = code


class FakeContext:
    """What the servicers use of ``grpc.ServicerContext``."""

    def __init__(self):
        self._code = None

    def invocation_metadata(self):
        return ()

    def peer(self):
        return "ipv4:127.0.0.1:1"

    def auth_context(self):
        return {}

    def peer_identities(self):
        return None

    def is_active(self):
        return False

    def time_remaining(self):
        return 5.0

    def set_trailing_metadata(self, _md):
        pass

    def set_code(self, code):
        self._code = code

    def set_details(self, _details):
        pass

    def code(self):
        return self._code

    def abort(self, code, details):
        self._code = code
        raise Aborted(code, details)


def _bind_admin():
    try:
        from service.auth import principal as p
    except ImportError:  # before the auth layer existed
        return
    p.bind(p.Principal(id="fuzz", name="fuzz", roles=frozenset(p.Role)))


APP = App(_common.settings())
_IMAGE = bytes.fromhex(  # a 2x2 RGB PNG
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73"
    "0000001649444154789c63fccfc0c0c0c0c0c4c0c0c0c0c000000d1d01036ac29be9"
    "0000000049454e44ae426082")
APP.lexicons.reload = lambda: False  # keep writes, skip the seconds-long rebuild after each
_bind_admin()


def _methods():
    out = []
    for module in _API:
        servicers = [v for k, v in vars(module).items()
                     if isinstance(v, type) and k.endswith("Servicer") and v.__module__ == module.__name__]
        for cls in servicers:
            servicer = cls(APP)
            base = cls.__mro__[1]
            pb_module = importlib.import_module(base.__module__.removesuffix("_grpc"))
            for service in pb_module.DESCRIPTOR.services_by_name.values():
                if base.__name__ != service.name + "Servicer":
                    continue
                for m in service.methods:
                    handler = getattr(servicer, m.name)
                    if m.client_streaming:  # a request stream (ScreenProfiles): the message as a stream of one
                        handler = (lambda h: lambda request, ctx: h(iter([request]), ctx))(handler)
                    out.append((f"{service.name}.{m.name}", message_factory.GetMessageClass(m.input_type),
                                handler, m.server_streaming))
    return sorted(out, key=lambda t: t[0])


METHODS = _methods()


def _slots(methods):
    """First byte → method: each method sits at crc32(name) mod 256 (the next free slot on
    a collision), so a seed keeps its method when RPCs are added; free bytes wrap around."""
    slots: dict[int, tuple] = {}
    for m in methods:
        s = zlib.crc32(m[0].encode()) & 0xFF
        while s in slots:
            s = (s + 1) & 0xFF
        slots[s] = m
    return [slots.get(b) or methods[b % len(methods)] for b in range(256)], {m[0]: s for s, m in slots.items()}


TABLE, SLOT = _slots(METHODS)  # SLOT: method name → its first byte (used by make_seeds.py)


#: Verification ids the service handed out in this process: a request whose
#: ``verification_id`` is a single digit (or empty) gets one of them, so review and look-up
#: paths see real records, not only NOT_FOUND.
KNOWN_IDS: list[str] = []


def _remember(msg) -> None:
    for field, value in msg.ListFields():
        if field.name == "verification_id" and isinstance(value, str) and value and len(KNOWN_IDS) < 64:
            if value not in KNOWN_IDS:
                KNOWN_IDS.append(value)
        elif isinstance(value, Message):
            _remember(value)
        elif field.message_type is not None and getattr(field, "is_repeated", False):
            for v in value:  # a map's values are not messages: skipped
                if isinstance(v, Message):
                    _remember(v)


#: Strings that have broken parsers elsewhere: Unicode digits (str.isdigit but not int()),
#: numbers past 64 bits or past int()'s digit limit, boundary dates, invisible characters.
INTERESTING = ["", "0", "1", "-1", "²", "①", "٣", "1_0", " 7 ", "9" * 19, "9" * 30, "9" * 4301,
               "9999-12-31", "0001-01-01", "2015-02-29", "2030-01-31T00:00", "\u200b", "\x00", "%s%n",
               "人民日报", "中央电视台", "的", "91110000600037341L", "11010519491231002X", "11101201010452178",
               "x" * 129, "名" * 65, "../../etc/passwd"]


def _value(field, fdp: atheris.FuzzedDataProvider, depth: int):
    t = field.type
    if t == field.TYPE_STRING:
        if fdp.ConsumeBool():
            return INTERESTING[fdp.ConsumeIntInRange(0, len(INTERESTING) - 1)]
        return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 80))
    if t == field.TYPE_BYTES:
        return _IMAGE if fdp.ConsumeBool() else fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 256))
    if t == field.TYPE_BOOL:
        return fdp.ConsumeBool()
    if t == field.TYPE_ENUM:
        top = max(v.number for v in field.enum_type.values)
        return fdp.ConsumeIntInRange(-1, top + 2)  # proto3 enums are open: unknown numbers parse
    if t in (field.TYPE_DOUBLE, field.TYPE_FLOAT):
        return fdp.ConsumeFloat()
    if t in (field.TYPE_INT32, field.TYPE_SINT32, field.TYPE_SFIXED32):
        return fdp.ConsumeIntInRange(-2**31, 2**31 - 1) if fdp.ConsumeBool() else fdp.ConsumeIntInRange(-2, 1100)
    if t in (field.TYPE_UINT32, field.TYPE_FIXED32):
        return fdp.ConsumeIntInRange(0, 2**32 - 1) if fdp.ConsumeBool() else fdp.ConsumeIntInRange(0, 1100)
    if t in (field.TYPE_INT64, field.TYPE_SINT64, field.TYPE_SFIXED64):
        return fdp.ConsumeIntInRange(-2**63, 2**63 - 1) if fdp.ConsumeBool() else fdp.ConsumeIntInRange(-2, 1100)
    if t in (field.TYPE_UINT64, field.TYPE_FIXED64):
        return fdp.ConsumeIntInRange(0, 2**64 - 1) if fdp.ConsumeBool() else fdp.ConsumeIntInRange(0, 1100)
    return None


def build(msg, fdp: atheris.FuzzedDataProvider, depth: int = 0):
    """Fills ``msg`` field by field from the fuzz data: always a well-formed message, so the
    servicers are reached far more often than from raw bytes."""
    for field in msg.DESCRIPTOR.fields:
        if fdp.remaining_bytes() == 0 or not fdp.ConsumeBool():
            continue
        repeated = getattr(field, "is_repeated", False)
        count = fdp.ConsumeIntInRange(0, 6) if repeated else 1
        for _ in range(count):
            if field.message_type is not None:
                if depth >= 3:
                    break
                sub = getattr(msg, field.name).add() if repeated else getattr(msg, field.name)
                if field.message_type.full_name == "google.protobuf.Timestamp":
                    sub.seconds = fdp.ConsumeIntInRange(-62135596800, 253402300799)
                    sub.nanos = fdp.ConsumeIntInRange(0, 999_999_999)
                else:
                    build(sub, fdp, depth + 1)
                continue
            value = _value(field, fdp, depth)
            if value is None:
                break
            try:
                if repeated:
                    getattr(msg, field.name).append(value)
                else:
                    setattr(msg, field.name, value)
            except (ValueError, TypeError):  # a value protobuf refuses to hold (e.g. NaN in none)
                break
    return msg


def call(index: int, body: bytes, structured: bool = False):
    name, request_cls, handler, streaming = TABLE[index & 0xFF]
    if structured:
        request = build(request_cls(), atheris.FuzzedDataProvider(body))
        request = request_cls.FromString(request.SerializeToString())  # what the server would parse
    else:
        try:
            request = request_cls.FromString(body)
        except (DecodeError, ValueError, TypeError):
            return None
    vid = getattr(request, "verification_id", None)
    if isinstance(vid, str) and KNOWN_IDS and (vid == "" or (len(vid) == 1 and "0" <= vid <= "9")):
        request.verification_id = KNOWN_IDS[int(vid or "0") % len(KNOWN_IDS)]
    if streaming and "follow" in request_cls.DESCRIPTOR.fields_by_name:
        request.follow = False
    ctx = FakeContext()
    try:
        if streaming:
            responses = []
            for r in handler(request, ctx):
                responses.append(r)
                if len(responses) >= 50:
                    break
        else:
            responses = [handler(request, ctx)]
    except ZhenweiError:
        return None
    except Aborted as exc:
        assert exc.code != grpc.StatusCode.INTERNAL, f"{name} aborted with INTERNAL: {exc}"
        return None
    for r in responses:
        assert isinstance(r, Message), (name, type(r))
        r.SerializeToString()
        _remember(r)
    return responses


def TestOneInput(data: bytes) -> None:
    """data[0]: the RPC; data[1]: odd → the message is built field by field from the rest
    (:func:`build`), even → the rest is the serialised message as sent."""
    if len(data) >= 2:
        call(data[0], data[2:], structured=bool(data[1] & 1))


def tokens():
    ids = sorted(APP.lexicons.bundled.entities)[::500][:20]
    return ids + ["\x0a", "\x12", "\x1a", "\x22", "\x08", "\x10", "\x18", "\x20", "\x28", "\x42",
            "人民日报", "中央", "律师", "91110000600037341L", "11010519491231002X", "2015-02-29", "9999-12-31",
            "²", "①", "٣", "0", "-1", "99999999999999999999", "1e3", " 7", "1_0",
            "\xff\xff\xff\xff\x0f", "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01"]


if __name__ == "__main__":
    # "\xff…" tokens are raw bytes (varints); the others are text
    _common.main(TestOneInput, lambda: [t.encode("latin-1") if t.startswith(("\xff", "\x80")) else t.encode()
                                        for t in tokens()])
