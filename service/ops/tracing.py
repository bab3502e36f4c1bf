"""Optional OpenTelemetry tracing: one SERVER span per RPC, exported over OTLP/HTTP.

Off by default. Only when ``ZHENWEI_OTLP_ENDPOINT`` is set does the server construct a
:class:`Tracer`, and only then is ``opentelemetry`` imported (install the ``tracing`` extra:
``pip install 'zhenwei[tracing]'``). A caller's W3C ``traceparent`` / ``tracestate`` metadata
makes the span a child of the caller's trace, so a platform can follow a registration through
this service. Span attributes: ``rpc.system``, ``rpc.service``, ``rpc.method``,
``rpc.grpc.status_code`` and the request id; never a request field (no personal data).
"""
from __future__ import annotations

import logging

log = logging.getLogger("zhenwei.tracing")


class _Metadata:
    """Reads the propagation headers from gRPC invocation metadata."""

    @staticmethod
    def get(carrier, key):
        values = [str(v) for k, v in carrier if k == key]
        return values or None

    @staticmethod
    def keys(carrier):
        return [k for k, _ in carrier]


class Tracer:
    def __init__(self, settings, exporter=None):
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
        from opentelemetry.trace import SpanKind, Status, StatusCode
        from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

        if exporter is None:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            endpoint = settings.otlp_endpoint.rstrip("/")
            if not endpoint.endswith("/v1/traces"):
                endpoint += "/v1/traces"
            exporter, processor_cls = OTLPSpanExporter(endpoint=endpoint), BatchSpanProcessor
        else:
            processor_cls = SimpleSpanProcessor  # tests: spans are visible as soon as they end
        self.provider = TracerProvider(resource=Resource.create({"service.name": "zhenwei"}))
        self.provider.add_span_processor(processor_cls(exporter))
        self.tracer = self.provider.get_tracer("zhenwei.api")
        self.propagator = TraceContextTextMapPropagator()
        self._kind, self._status, self._code = SpanKind.SERVER, Status, StatusCode
        log.info("tracing to %s", settings.otlp_endpoint or "an in-process exporter")

    def start(self, method: str, context, request_id: str):
        service, _, name = method.strip("/").rpartition("/")
        parent = self.propagator.extract(tuple(context.invocation_metadata() or ()), getter=_Metadata)
        return self.tracer.start_span(f"{service}/{name}", context=parent, kind=self._kind, attributes={
            "rpc.system": "grpc", "rpc.service": service, "rpc.method": name, "zhenwei.request_id": request_id})

    def end(self, span, code: str) -> None:
        span.set_attribute("rpc.grpc.status_code", code)
        if code != "OK":
            span.set_status(self._status(self._code.ERROR, code))
        span.end()

    def close(self) -> None:
        self.provider.shutdown()
