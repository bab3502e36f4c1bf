"""The one place where domain errors become gRPC status codes.

:class:`ErrorMappingInterceptor` wraps every unary-unary and unary-stream handler:
- the request is parsed inside the handler, so a malformed message becomes
  INVALID_ARGUMENT (grpc's own deserializer would answer INTERNAL);
- each :class:`~service.domain.errors.ZhenweiError` subclass maps to one code;
- anything else is logged with the request id and answered INTERNAL — the
  server process never dies of a request;
- a request id (``x-request-id`` metadata, or a fresh one) is echoed in the
  trailing metadata and attached to log lines.
"""
from __future__ import annotations

import logging
import uuid

import grpc
from google.protobuf.message import DecodeError

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
]


def status_for(exc: errors.ZhenweiError) -> grpc.StatusCode:
    for cls, code in _CODES:
        if isinstance(exc, cls):
            return code
    return grpc.StatusCode.INTERNAL


def _request_id(context: grpc.ServicerContext) -> str:
    for key, value in context.invocation_metadata() or ():
        if key == "x-request-id" and value:
            return str(value)[:64]
    return uuid.uuid4().hex[:16]


def _begin(raw, parse, context) -> tuple[object, str]:
    """Request id (echoed in the trailers) and the parsed request; malformed → INVALID_ARGUMENT."""
    rid = _request_id(context)
    context.set_trailing_metadata((("x-request-id", rid),))
    try:
        return (parse(raw) if parse else raw), rid
    except (DecodeError, ValueError, TypeError) as exc:
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"malformed request: {exc}")


def _fail(exc: Exception, context, method: str, rid: str):
    """Ends the call with the status the error maps to; never lets it kill the server."""
    if isinstance(exc, errors.ZhenweiError):
        context.abort(status_for(exc), str(exc) or type(exc).__name__)
    if context.code() is not None and context.code() != grpc.StatusCode.OK:
        raise exc  # the servicer aborted on purpose: keep its status
    log.error("unhandled error in %s (request %s)", method, rid, exc_info=exc)
    context.abort(grpc.StatusCode.INTERNAL, f"internal error (request id {rid})")


class ErrorMappingInterceptor(grpc.ServerInterceptor):
    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None or handler.request_streaming:
            return handler
        method = handler_call_details.method
        parse = handler.request_deserializer

        if handler.unary_unary:
            inner = handler.unary_unary

            def unary_unary(raw, context):
                request, rid = _begin(raw, parse, context)
                try:
                    return inner(request, context)
                except Exception as exc:  # noqa: BLE001 - mapped or logged, never fatal
                    _fail(exc, context, method, rid)

            return grpc.unary_unary_rpc_method_handler(
                unary_unary, request_deserializer=None, response_serializer=handler.response_serializer)

        inner_stream = handler.unary_stream

        def unary_stream(raw, context):
            request, rid = _begin(raw, parse, context)
            try:
                yield from inner_stream(request, context)
            except Exception as exc:  # noqa: BLE001
                _fail(exc, context, method, rid)

        return grpc.unary_stream_rpc_method_handler(
            unary_stream, request_deserializer=None, response_serializer=handler.response_serializer)
