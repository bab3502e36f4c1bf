"""The one interceptor every RPC passes through: identity, roles, limits, errors.

:class:`ServiceInterceptor` wraps every handler. For an RPC of the Zhenwei API, in order:

1. request id (``x-request-id`` metadata, or a fresh one), echoed in the trailers;
2. authentication: ``authorization: Bearer <token>`` metadata, else a registered client
   certificate (mutual TLS), else anonymous — allowed only for ScreenProfile and only with
   ``ZHENWEI_ANONYMOUS_SCREENING``. A token that is sent and not valid is UNAUTHENTICATED;
3. authorization from the one table :mod:`service.auth.rpc_roles` (default deny):
   PERMISSION_DENIED when the caller's roles do not include one the RPC needs;
4. size: the raw request bytes against ``Settings.request_byte_limits()`` *before* decoding
   (INVALID_ARGUMENT naming the limit);
5. admission: unary RPCs take one of ``max_workers`` slots, waiting in a queue of at most
   ``max_queued_rpcs``; server streams take one of ``max_streams`` slots and at most
   ``max_streams_per_caller`` per caller. Full → RESOURCE_EXHAUSTED at once;
6. decoding (malformed → INVALID_ARGUMENT) and a check that every enum value in the request
   is one the contract defines (unknown → INVALID_ARGUMENT naming the field);
7. the handler runs with the caller's :class:`~service.auth.principal.Principal` bound;
   each :class:`~service.domain.errors.ZhenweiError` maps to one status code, anything else
   is logged with the request id and answered INTERNAL. Messages are scrubbed of file paths
   and object reprs.

Health checking and reflection are open: no token, no unary admission (they never wait
behind busy workers); their streams count against the stream caps (caller: peer address).
"""
from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import threading
import uuid
from collections import Counter

import grpc
from google.protobuf.message import DecodeError

from service.auth import principal as auth_principal
from service.auth import rpc_roles
from service.auth.principal import ANONYMOUS, Principal
from service.domain import errors

log = logging.getLogger("zhenwei.api")

_CODES: list[tuple[type[errors.ZhenweiError], grpc.StatusCode]] = [
    (errors.InvalidArgument, grpc.StatusCode.INVALID_ARGUMENT),
    (errors.NotFound, grpc.StatusCode.NOT_FOUND),
    (errors.AlreadyExists, grpc.StatusCode.ALREADY_EXISTS),
    (errors.FailedPrecondition, grpc.StatusCode.FAILED_PRECONDITION),
    (errors.PermissionDenied, grpc.StatusCode.PERMISSION_DENIED),
    (errors.Unauthenticated, grpc.StatusCode.UNAUTHENTICATED),
    (errors.Unavailable, grpc.StatusCode.UNAVAILABLE),
    (errors.DeadlineExceeded, grpc.StatusCode.DEADLINE_EXCEEDED),  # work stopped at the caller's deadline
]

#: Longest a unary RPC waits in the queue for a worker when its deadline allows more.
QUEUE_WAIT_S = 10.0

_PATH = re.compile(r"(?<![\w.:/])(?:[A-Za-z]:\\|~?/)(?:[^\s/'\"]+[/\\])+[^\s'\",;)]*")
_REPR = re.compile(r"<[\w.]+(?: object)? at 0x[0-9a-fA-F]+>")


def status_for(exc: errors.ZhenweiError) -> grpc.StatusCode:
    for cls, code in _CODES:
        if isinstance(exc, cls):
            return code
    return grpc.StatusCode.INTERNAL


def safe_message(text: str) -> str:
    """An error message fit for a caller: no filesystem paths, no object reprs, bounded."""
    text = _REPR.sub("<object>", _PATH.sub("<path>", text))
    return text[:500]


def unknown_enum_field(message, prefix: str = "") -> str | None:
    """Dotted name of the first field holding an enum number the contract does not define."""
    for fd, value in message.ListFields():
        name = prefix + fd.name
        if fd.type == fd.TYPE_ENUM:
            known = fd.enum_type.values_by_number
            for v in (value if fd.is_repeated else (value,)):
                if v not in known:
                    return f"{name} ({fd.enum_type.name} {v})"
        elif fd.type == fd.TYPE_MESSAGE and not fd.message_type.GetOptions().map_entry:
            for i, item in enumerate(value if fd.is_repeated else (value,)):
                found = unknown_enum_field(item, f"{name}[{i}]." if fd.is_repeated else f"{name}.")
                if found:
                    return found
    return None


def _request_id(context: grpc.ServicerContext) -> str:
    for key, value in context.invocation_metadata() or ():
        if key == "x-request-id" and value:
            return re.sub(r"[^\w.\-:]", "", str(value))[:64] or uuid.uuid4().hex[:16]
    return uuid.uuid4().hex[:16]


def _short(method: str) -> str:
    return method.rsplit("/", 1)[-1]


def _peer_host(context) -> str:
    peer = context.peer() or ""
    return "peer:" + (peer.rsplit(":", 1)[0] if peer.count(":") >= 2 else peer)


class Admission:
    """Bounded concurrency: unary work slots with a bounded queue, stream slots per caller."""

    def __init__(self, workers: int, queued: int, streams: int, per_caller: int):
        self.workers, self.queued, self.streams, self.per_caller = workers, queued, streams, per_caller
        self._work = threading.BoundedSemaphore(workers)
        self._lock = threading.Condition()
        self._admitted = 0
        self._open: Counter[str] = Counter()

    def wait_idle(self, timeout: float) -> bool:
        """Waits until no admitted call is running (server stop); False if some still are."""
        with self._lock:
            return self._lock.wait_for(lambda: self._admitted == 0 and not self._open, timeout)

    @property
    def open_streams(self) -> int:
        with self._lock:
            return sum(self._open.values())

    @contextlib.contextmanager
    def unary(self, context):
        with self._lock:
            if self._admitted >= self.workers + self.queued:
                context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED,
                              "server busy: every worker is taken and the queue is full; retry with backoff")
            self._admitted += 1
        try:
            remaining = context.time_remaining()
            wait = QUEUE_WAIT_S if remaining is None else max(0.0, min(QUEUE_WAIT_S, remaining))
            if not self._work.acquire(timeout=wait):
                context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "server busy: no worker became free in time")
            try:
                yield
            finally:
                self._work.release()
        finally:
            with self._lock:
                self._admitted -= 1
                self._lock.notify_all()

    def open_stream(self, caller: str, context) -> None:
        with self._lock:
            total = sum(self._open.values())
            if total >= self.streams:
                context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED,
                              f"too many open streams on this server (limit {self.streams})")
            if self._open[caller] >= self.per_caller:
                context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED,
                              f"too many open streams for this caller (limit {self.per_caller})")
            self._open[caller] += 1

    def close_stream(self, caller: str) -> None:
        with self._lock:
            self._open[caller] -= 1
            if self._open[caller] <= 0:
                del self._open[caller]
            self._lock.notify_all()


class ServiceInterceptor(grpc.ServerInterceptor):
    """See the module docstring. ``authenticator`` is a :class:`service.auth.tokens.Authenticator`."""

    def __init__(self, settings, authenticator, admission: Admission | None = None):
        self.settings = settings
        self.auth = authenticator
        self.anonymous_screening = settings.anonymous_screening
        self.admission = admission or Admission(settings.max_workers, settings.max_queued_rpcs,
                                                settings.max_streams, settings.max_streams_per_caller)
        self.limits = settings.request_byte_limits()
        self.default_limit = settings.max_request_bytes

    # -- identity ---------------------------------------------------------------------------
    def authenticate(self, context, method: str) -> Principal:
        header = None
        for key, value in context.invocation_metadata() or ():
            if key == "authorization":
                header = str(value)
        if header is not None:
            scheme, _, token = header.strip().partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                context.abort(grpc.StatusCode.UNAUTHENTICATED,
                              "the authorization metadata must be 'Bearer <token>'")
            found = self.auth.by_token(token.strip())
            if found is None:
                context.abort(grpc.StatusCode.UNAUTHENTICATED, "the token is not valid or was revoked")
            return found
        pems = (context.auth_context() or {}).get("x509_pem_cert")
        if pems:
            found = self.auth.by_certificate(pems[0])
            if found is not None:
                return found
        if self.anonymous_screening and method in rpc_roles.ANONYMOUS_WHEN_ALLOWED:
            return ANONYMOUS
        context.abort(grpc.StatusCode.UNAUTHENTICATED,
                      "this RPC needs a caller identity: send 'authorization: Bearer <token>' metadata")

    def authorize(self, principal: Principal, method: str, context) -> None:
        if principal is ANONYMOUS:
            return  # only reached for ANONYMOUS_WHEN_ALLOWED
        needed = rpc_roles.roles_for(method)
        if not needed & principal.roles:
            have = ", ".join(sorted(r.value for r in principal.roles)) or "none"
            want = ", ".join(sorted(r.value for r in needed)) or "no role (not open to callers)"
            context.abort(grpc.StatusCode.PERMISSION_DENIED,
                          f"{principal.name} (roles: {have}) may not call {_short(method)}; it needs: {want}")

    def _check_size(self, raw: bytes, method: str, context) -> None:
        limit = self.limits.get(method, self.default_limit)
        if len(raw) > limit:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                          f"request is {len(raw)} bytes; {_short(method)} accepts at most {limit} bytes")

    @staticmethod
    def _parse(raw, parse, context):
        try:
            request = parse(raw) if parse else raw
        except (DecodeError, ValueError, TypeError):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "malformed request: not a valid protobuf message")
        if hasattr(request, "ListFields"):
            bad = unknown_enum_field(request)
            if bad:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"unknown enum value in {bad}")
        return request

    # -- wrapping ---------------------------------------------------------------------------
    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        if rpc_roles.is_open(method):
            return self._open_stream_handler(handler) if handler.response_streaming else handler
        if handler.request_streaming:
            return self._denied_handler(handler)  # the API has no client-streaming RPCs
        parse = handler.request_deserializer
        interceptor = self

        def begin(raw, context) -> tuple[str, Principal]:
            rid = _request_id(context)
            context.set_trailing_metadata((("x-request-id", rid),))
            principal = interceptor.authenticate(context, method)
            interceptor.authorize(principal, method, context)
            interceptor._check_size(raw, method, context)
            return rid, principal

        if handler.unary_unary:
            inner = handler.unary_unary

            def unary_unary(raw, context):
                rid, principal = begin(raw, context)
                with interceptor.admission.unary(context):
                    request = interceptor._parse(raw, parse, context)
                    ctx = contextvars.copy_context()
                    try:
                        return ctx.run(_bound, principal, inner, request, context)
                    except Exception as exc:  # noqa: BLE001 - mapped or logged, never fatal
                        _fail(exc, context, method, rid)

            return grpc.unary_unary_rpc_method_handler(
                unary_unary, request_deserializer=None, response_serializer=handler.response_serializer)

        inner_stream = handler.unary_stream

        def unary_stream(raw, context):
            rid, principal = begin(raw, context)
            interceptor.admission.open_stream(principal.id, context)
            try:
                request = interceptor._parse(raw, parse, context)
                ctx = contextvars.copy_context()
                ctx.run(auth_principal.bind, principal)
                stream = ctx.run(inner_stream, request, context)
                while True:
                    try:
                        item = ctx.run(next, stream)
                    except StopIteration:
                        return
                    yield item
            except Exception as exc:  # noqa: BLE001
                _fail(exc, context, method, rid)
            finally:
                interceptor.admission.close_stream(principal.id)

        return grpc.unary_stream_rpc_method_handler(
            unary_stream, request_deserializer=None, response_serializer=handler.response_serializer)

    def _open_stream_handler(self, handler):
        """Health Watch and reflection: open, but under the stream caps (caller: peer address)."""
        admission = self.admission

        def guarded(inner):
            def run(request, context):
                caller = _peer_host(context)
                admission.open_stream(caller, context)
                try:
                    yield from inner(request, context)
                finally:
                    admission.close_stream(caller)
            return run

        kwargs = dict(request_deserializer=handler.request_deserializer,
                      response_serializer=handler.response_serializer)
        if handler.request_streaming:
            return grpc.stream_stream_rpc_method_handler(guarded(handler.stream_stream), **kwargs)
        return grpc.unary_stream_rpc_method_handler(guarded(handler.unary_stream), **kwargs)

    @staticmethod
    def _denied_handler(handler):
        def deny(_request, context):
            context.abort(grpc.StatusCode.PERMISSION_DENIED, "not open to callers")

        kwargs = dict(request_deserializer=handler.request_deserializer,
                      response_serializer=handler.response_serializer)
        if handler.response_streaming:
            return grpc.stream_stream_rpc_method_handler(deny, **kwargs)
        return grpc.stream_unary_rpc_method_handler(deny, **kwargs)


def _bound(principal: Principal, inner, request, context):
    auth_principal.bind(principal)  # inside a copied context: gone when the call returns
    return inner(request, context)


def _fail(exc: Exception, context, method: str, rid: str):
    """Ends the call with the status the error maps to; never lets it kill the server."""
    if isinstance(exc, errors.ZhenweiError):
        context.abort(status_for(exc), safe_message(str(exc)) or type(exc).__name__)
    if context.code() is not None and context.code() != grpc.StatusCode.OK:
        raise exc  # aborted on purpose (here or by the servicer): keep its status
    log.error("unhandled error in %s (request %s)", method, rid, exc_info=exc)
    context.abort(grpc.StatusCode.INTERNAL, f"internal error (request id {rid})")
