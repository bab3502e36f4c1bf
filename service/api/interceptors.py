"""The one interceptor every RPC passes through: identity, roles, limits, errors.

:class:`ServiceInterceptor` wraps every handler. For an RPC of the Zhenwei API, in order:

1. request id (``x-request-id`` metadata, or a fresh one), echoed in the initial metadata and
   the trailers and bound to every log line of the call (:mod:`service.ops.logging`); when the
   call ends, one access-log line (caller, RPC, status, duration) and its metrics
   (:mod:`service.ops.metrics`);
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
   and object reprs. A database that cannot be reached (PostgreSQL down or restarting, a lost
   connection, SQLite locked past its timeout or failing I/O: :func:`store_unavailable`) is
   UNAVAILABLE, wherever in the call it shows up (the token lookup included): the caller
   retries; the next call on that thread opens a fresh connection.

Health checking and reflection are open: no token, no unary admission (they never wait
behind busy workers); their streams count against the stream caps (caller: peer address).
"""
from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import threading
import time
import uuid
from collections import Counter

import grpc
from google.protobuf.message import DecodeError

from service.auth import principal as auth_principal
from service.auth import rpc_roles
from service.auth.principal import ANONYMOUS, Principal
from service.domain import errors
from service.ops import logging as oplog

log = logging.getLogger("zhenwei.api")
access_log = logging.getLogger("zhenwei.access")

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


#: SQLite errors that mean "cannot be used right now" (busy past the timeout, I/O), not a bug
_SQLITE_UNAVAILABLE = ("database is locked", "database is busy", "disk i/o error", "unable to open database",
                       "database or disk is full")


def store_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` says the database cannot be reached or used right now (retry later),
    as opposed to a bug: psycopg's OperationalError (connection refused or lost, server
    shutting down or restarting, a serialization failure), psycopg's InterfaceError on a
    closed connection, and SQLite's lock/I-O errors."""
    import sqlite3
    import sys

    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        return any(t in text for t in _SQLITE_UNAVAILABLE)
    psycopg = sys.modules.get("psycopg")  # loaded only by PostgreSQL deployments
    if psycopg is not None:
        if isinstance(exc, psycopg.OperationalError):
            return True
        if isinstance(exc, psycopg.InterfaceError) and "closed" in str(exc).lower():
            return True
    return False


def status_for(exc: errors.ZhenweiError) -> grpc.StatusCode:
    for cls, code in _CODES:
        if isinstance(exc, cls):
            return code
    return grpc.StatusCode.INTERNAL


def item_status(exc: errors.ZhenweiError) -> tuple[int, str]:
    """(google.rpc.Code number, message) for one item of a stream that could not be served:
    the same mapping as a whole call's status."""
    return status_for(exc).value[0], safe_message(str(exc)) or type(exc).__name__


class RefusedItem:
    """A message of a request stream that the interceptor refused before decoding (over the
    size limit, not a valid message, an unknown enum value): handed to the servicer in its
    place, so that the servicer answers that item with a status and the stream goes on."""

    __slots__ = ("code", "message")

    def __init__(self, code: grpc.StatusCode, message: str):
        self.code, self.message = code.value[0], message


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

    def __init__(self, settings, authenticator, admission: Admission | None = None, metrics=None,
                 tracer=None):
        self.settings = settings
        self.metrics = metrics  # a service.ops.metrics.Metrics, or None
        self.tracer = tracer  # a service.ops.tracing.Tracer, or None
        self.access_log = getattr(settings, "access_log", True)
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

    def _authenticate(self, context, method: str, call: "_Call") -> Principal:
        """:meth:`authenticate`, with a token lookup that fails (the store is down) answered
        like any other failure of the call: UNAVAILABLE, or INTERNAL and logged."""
        try:
            return self.authenticate(context, method)
        except Exception as exc:  # noqa: BLE001 - mapped by _fail (an abort is re-raised as is)
            _fail(exc, context, method, call.rid)
            raise  # not reached: _fail always raises

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

    # -- call bookkeeping: request id, access log, metrics, trace span ---------------------------
    def _start(self, method: str, context, echo: bool = True) -> "_Call":
        rid = _request_id(context)
        call = _Call(method, rid, time.perf_counter(),
                     oplog.request_id.set(rid), oplog.rpc.set(_short(method)), oplog.caller.set(None))
        if echo:
            context.set_trailing_metadata((("x-request-id", rid),))
            with contextlib.suppress(Exception):  # the call may already be over
                context.send_initial_metadata((("x-request-id", rid),))
        if self.tracer is not None and echo:  # health checks are not traced
            call.span = self.tracer.start(method, context, rid)
        return call

    def _identify(self, call: "_Call", principal: Principal) -> None:
        call.principal = principal
        oplog.caller.set((principal.name, principal.id))

    def _finish(self, call: "_Call", context, ok: bool, response=None, quiet: bool = False,
                cancelled: bool = False) -> None:
        """Ends a call's bookkeeping; never raises (it runs in ``finally`` blocks)."""
        try:
            code = _code_name(context, ok, cancelled)
            seconds = time.perf_counter() - call.t0
            if self.metrics is not None:
                self.metrics.observe_rpc(call.method, code, seconds)
                if response is not None and code == "OK":
                    self.metrics.observe_response(call.method, response)
            if call.span is not None:
                self.tracer.end(call.span, code)
            if self.access_log:
                access_log.log(logging.DEBUG if quiet else logging.INFO, "rpc %s %s", _short(call.method), code,
                               extra={"status": code, "duration_ms": round(seconds * 1e3, 3)})
        except Exception:  # noqa: BLE001 - bookkeeping must never fail a call
            log.exception("could not record the end of %s", call.method)
        finally:
            with contextlib.suppress(ValueError):  # a stream closed from another context
                oplog.caller.reset(call.caller_token)
                oplog.rpc.reset(call.rpc_token)
                oplog.request_id.reset(call.rid_token)

    # -- wrapping ---------------------------------------------------------------------------
    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        if rpc_roles.is_open(method):
            if handler.response_streaming:
                return self._open_stream_handler(handler)
            return self._observed_open_unary(handler, method) if handler.unary_unary else handler
        parse = handler.request_deserializer
        interceptor = self
        if handler.request_streaming and handler.response_streaming:
            return self._bidi_handler(handler, method, parse)
        if handler.request_streaming:
            return self._denied_handler(handler)  # the API has no client-streaming RPCs

        def begin(raw, context, call: _Call) -> Principal:
            principal = interceptor._authenticate(context, method, call)
            interceptor._identify(call, principal)
            interceptor.authorize(principal, method, context)
            interceptor._check_size(raw, method, context)
            return principal

        if handler.unary_unary:
            inner = handler.unary_unary

            def unary_unary(raw, context):
                call = interceptor._start(method, context)
                ok, response = False, None
                try:
                    principal = begin(raw, context, call)
                    with interceptor.admission.unary(context):
                        request = interceptor._parse(raw, parse, context)
                        ctx = contextvars.copy_context()
                        try:
                            response = ctx.run(_bound, principal, inner, request, context)
                        except Exception as exc:  # noqa: BLE001 - mapped or logged, never fatal
                            _fail(exc, context, method, call.rid)
                    ok = True
                    return response
                finally:
                    interceptor._finish(call, context, ok, response)

            return grpc.unary_unary_rpc_method_handler(
                unary_unary, request_deserializer=None, response_serializer=handler.response_serializer)

        inner_stream = handler.unary_stream

        def unary_stream(raw, context):
            call = interceptor._start(method, context)
            ok = False
            try:
                principal = begin(raw, context, call)
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
                            ok = True
                            return
                        yield item
                except Exception as exc:  # noqa: BLE001
                    _fail(exc, context, method, call.rid)
                finally:
                    interceptor.admission.close_stream(principal.id)
            finally:
                interceptor._finish(call, context, ok, cancelled=not ok and not context.is_active())

        return grpc.unary_stream_rpc_method_handler(
            unary_stream, request_deserializer=None, response_serializer=handler.response_serializer)

    def _bidi_handler(self, handler, method: str, parse):
        """A request stream answered by a response stream (ScreenProfiles): identity, role and
        the caller's stream cap once, at the start; each message's size and form on its own
        (a refused message becomes a :class:`RefusedItem` the servicer answers, the stream goes
        on). Requests are read one at a time, as the servicer asks for them: flow control."""
        interceptor = self
        inner = handler.stream_stream
        limit = self.limits.get(method, self.default_limit)

        def items(raw_iter, context):
            for raw in raw_iter:
                if len(raw) > limit:
                    yield RefusedItem(grpc.StatusCode.INVALID_ARGUMENT,
                                      f"message is {len(raw)} bytes; {_short(method)} accepts at most "
                                      f"{limit} bytes a message")
                    continue
                try:
                    request = parse(raw) if parse else raw
                except (DecodeError, ValueError, TypeError):
                    yield RefusedItem(grpc.StatusCode.INVALID_ARGUMENT, "malformed message: not a valid protobuf message")
                    continue
                bad = unknown_enum_field(request) if hasattr(request, "ListFields") else None
                if bad:
                    yield RefusedItem(grpc.StatusCode.INVALID_ARGUMENT, f"unknown enum value in {bad}")
                    continue
                yield request

        def stream_stream(raw_iter, context):
            call = interceptor._start(method, context)
            ok = False
            try:
                principal = interceptor._authenticate(context, method, call)
                interceptor._identify(call, principal)
                interceptor.authorize(principal, method, context)
                interceptor.admission.open_stream(principal.id, context)
                try:
                    ctx = contextvars.copy_context()
                    ctx.run(auth_principal.bind, principal)
                    stream = ctx.run(inner, items(raw_iter, context), context)
                    while True:
                        try:
                            item = ctx.run(next, stream)
                        except StopIteration:
                            ok = True
                            return
                        yield item
                except Exception as exc:  # noqa: BLE001
                    _fail(exc, context, method, call.rid)
                finally:
                    interceptor.admission.close_stream(principal.id)
            finally:
                interceptor._finish(call, context, ok, cancelled=not ok and not context.is_active())

        return grpc.stream_stream_rpc_method_handler(
            stream_stream, request_deserializer=None, response_serializer=handler.response_serializer)

    def _observed_open_unary(self, handler, method: str):
        """Health Check: no identity, no admission; counted, logged at DEBUG only."""
        if self.metrics is None and not self.access_log:
            return handler
        inner = handler.unary_unary
        interceptor = self

        def run(request, context):
            call = interceptor._start(method, context, echo=False)
            ok = False
            try:
                response = inner(request, context)
                ok = True
                return response
            finally:
                interceptor._finish(call, context, ok, quiet=True)

        return grpc.unary_unary_rpc_method_handler(run, request_deserializer=handler.request_deserializer,
                                                   response_serializer=handler.response_serializer)

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


class _Call:
    """One RPC in flight: what its end needs to log, count and trace."""

    __slots__ = ("method", "rid", "t0", "rid_token", "rpc_token", "caller_token", "principal", "span")

    def __init__(self, method, rid, t0, rid_token, rpc_token, caller_token):
        self.method, self.rid, self.t0 = method, rid, t0
        self.rid_token, self.rpc_token, self.caller_token = rid_token, rpc_token, caller_token
        self.principal = None
        self.span = None


def _code_name(context, ok: bool, cancelled: bool = False) -> str:
    """The status the call ended with: what was set on the context, else OK / CANCELLED / UNKNOWN."""
    code = None
    with contextlib.suppress(Exception):
        code = context.code()
    if code is None:
        return "OK" if ok else "CANCELLED" if cancelled else "UNKNOWN"
    return code.name if isinstance(code, grpc.StatusCode) else str(code)


def _bound(principal: Principal, inner, request, context):
    auth_principal.bind(principal)  # inside a copied context: gone when the call returns
    return inner(request, context)


def _fail(exc: Exception, context, method: str, rid: str):
    """Ends the call with the status the error maps to; never lets it kill the server."""
    if isinstance(exc, errors.ZhenweiError):
        context.abort(status_for(exc), safe_message(str(exc)) or type(exc).__name__)
    if context.code() is not None and context.code() != grpc.StatusCode.OK:
        raise exc  # aborted on purpose (here or by the servicer): keep its status
    if store_unavailable(exc):
        log.warning("database unavailable in %s (request %s): %s", _short(method), rid, type(exc).__name__)
        context.abort(grpc.StatusCode.UNAVAILABLE, "the database cannot be reached right now; retry with backoff "
                      f"(request id {rid})")
    log.error("unhandled error in %s (request %s)", method, rid, exc_info=exc)
    context.abort(grpc.StatusCode.INTERNAL, f"internal error (request id {rid})")
