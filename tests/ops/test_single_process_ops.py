"""One in-process server with metrics served by itself (one worker), tracing through an
in-memory exporter, and the container health check."""
from __future__ import annotations

import urllib.request

import grpc
import pytest
from authutil import authed_channel, make_token

from service.api.gen.impersonation.v1 import screening_pb2 as spb, screening_pb2_grpc


@pytest.fixture
def traced_server(settings, monkeypatch):
    import dataclasses

    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from service.api.server import Server
    from service.ops import tracing

    exporter = InMemorySpanExporter()
    real = tracing.Tracer
    monkeypatch.setattr(tracing, "Tracer", lambda s: real(s, exporter=exporter))
    srv = Server(dataclasses.replace(settings, metrics_addr="127.0.0.1:0", workers=1,
                                     otlp_endpoint="http://127.0.0.1:4318")).start()
    srv.exporter = exporter
    try:
        yield srv
    finally:
        srv.stop(grace=1.0)


def test_metrics_traces_and_health_of_one_process(traced_server):
    srv = traced_server
    ch = authed_channel(srv.address, make_token(srv, "screening"))
    parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    stub = screening_pb2_grpc.ScreeningServiceStub(ch)
    r = stub.ScreenProfile(spb.ScreenProfileRequest(profile=spb.Profile(name="人民曰报")),
                           metadata=[("traceparent", parent), ("x-request-id", "trace-me")], timeout=20)
    assert r.decision == spb.DECISION_REJECT
    with pytest.raises(grpc.RpcError):
        stub.ScreenProfile(spb.ScreenProfileRequest(profile=spb.Profile(name="x" * 1000)), timeout=20)
    ch.close()

    text = urllib.request.urlopen(f"http://127.0.0.1:{srv.metrics_port}/metrics", timeout=10).read().decode()
    assert 'zhenwei_rpc_requests_total{code="OK",rpc="ScreeningService/ScreenProfile"} 1.0' in text
    assert 'zhenwei_rpc_requests_total{code="INVALID_ARGUMENT",rpc="ScreeningService/ScreenProfile"} 1.0' in text
    assert 'zhenwei_screen_decisions_total{decision="REJECT"} 1.0' in text
    assert "zhenwei_process_resident_memory_bytes " in text

    spans = srv.exporter.get_finished_spans()
    ok = [s for s in spans if s.attributes.get("zhenwei.request_id") == "trace-me"]
    assert len(ok) == 1 and ok[0].name == "impersonation.v1.ScreeningService/ScreenProfile"
    assert format(ok[0].context.trace_id, "032x") == "0af7651916cd43dd8448eb211c80319c"  # the caller's trace
    assert ok[0].parent is not None and format(ok[0].parent.span_id, "016x") == "b7ad6b7169203331"
    assert ok[0].attributes["rpc.grpc.status_code"] == "OK"
    failed = [s for s in spans if s.attributes.get("rpc.grpc.status_code") == "INVALID_ARGUMENT"]
    assert len(failed) == 1 and not failed[0].status.is_ok

    from service.ops.healthcheck import main as healthcheck

    assert healthcheck([srv.address]) == 0
    assert healthcheck(["127.0.0.1:1"]) == 1
