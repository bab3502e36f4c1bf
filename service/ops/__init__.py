"""Operations: structured logs, Prometheus metrics, worker processes, first-start bootstrap,
optional tracing. Nothing here is imported by the domain core; the server and the interceptor
call it, and :func:`service.ops.metrics.Metrics.instrument_app` wraps a few core methods from
the outside (avatar decoding, OCR, reloads) so the core never imports prometheus.

Like ``service.api``, this package is outside the domain core: ``healthcheck`` is a gRPC client
and ``metrics`` reads the protobuf responses the interceptor hands it."""
