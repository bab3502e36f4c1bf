"""The server cannot be stalled: idle follow streams, busy workers, stream caps, shutdown."""
from __future__ import annotations

import threading
import time

import grpc
import pytest
from authutil import authed_channel
from grpc_health.v1 import health_pb2, health_pb2_grpc

from service.api.gen.impersonation.v1 import credential_pb2 as cpb, credential_pb2_grpc
from service.api.gen.impersonation.v1 import screening_pb2, screening_pb2_grpc


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0.02)


def follow(channel):
    stub = credential_pb2_grpc.CredentialServiceStub(channel)
    return stub.WatchVerificationEvents(cpb.WatchVerificationEventsRequest(follow=True), timeout=60)


def first_error(call, timeout=5.0) -> grpc.StatusCode | None:
    """The status a stream ended with, or None while it is still open and idle."""
    box = []
    t = threading.Thread(target=lambda: box.append(_drain(call)), daemon=True)
    t.start()
    t.join(timeout)
    return box[0] if box else None


def _drain(call):
    try:
        for _ in call:
            pass
    except grpc.RpcError as err:
        return err.code()
    return grpc.StatusCode.OK


def quick_health(address) -> float:
    ch = grpc.insecure_channel(address)
    t0 = time.monotonic()
    status = health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(), timeout=5).status
    elapsed = time.monotonic() - t0
    ch.close()
    assert status == health_pb2.HealthCheckResponse.SERVING
    return elapsed


def screen_once(channel) -> float:
    t0 = time.monotonic()
    r = screening_pb2_grpc.ScreeningServiceStub(channel).ScreenProfile(
        screening_pb2.ScreenProfileRequest(profile=screening_pb2.Profile(name="湖畔读书会")), timeout=10)
    assert r.decision == screening_pb2.DECISION_ALLOW
    return time.monotonic() - t0


def test_idle_followers_do_not_freeze_the_server(make_server):
    """The reported attack: more idle follow streams than workers (8). Health and screening still answer."""
    srv = make_server(max_workers=8, max_streams=32, max_streams_per_caller=4)
    channels = [authed_channel(srv.address, srv.token("screening", name=f"follower-{i}")) for i in range(3)]
    calls = [follow(ch) for ch in channels for _ in range(4)]  # 12 idle streams
    try:
        wait_for(lambda: srv.admission.open_streams == 12)
        assert quick_health(srv.address) < 2.0
        screener = authed_channel(srv.address, srv.token("screening", name="platform"))
        assert all(screen_once(screener) < 3.0 for _ in range(5))
        # a fifth stream for a caller that holds four is refused at once, not queued
        assert first_error(follow(channels[0])) == grpc.StatusCode.RESOURCE_EXHAUSTED
    finally:
        for c in calls:
            c.cancel()
    wait_for(lambda: srv.admission.open_streams == 0)  # cancelled streams give their slots back


def test_total_stream_cap(make_server):
    srv = make_server(max_streams=6, max_streams_per_caller=3)
    a = authed_channel(srv.address, srv.token("screening", name="a"))
    b = authed_channel(srv.address, srv.token("reviewer", name="b"))
    c = authed_channel(srv.address, srv.token("screening", name="c"))
    calls = [follow(a) for _ in range(3)] + [follow(b) for _ in range(3)]
    try:
        wait_for(lambda: srv.admission.open_streams == 6)
        assert first_error(follow(c)) == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert quick_health(srv.address) < 2.0
    finally:
        for call in calls:
            call.cancel()


def test_busy_workers_answer_resource_exhausted_and_health_still_answers(make_server, monkeypatch):
    srv = make_server(max_workers=2, max_queued_rpcs=1)
    release = threading.Event()
    real = srv.app.screener.screen

    def slow(profile, deadline=None, platform=None):
        release.wait(20)
        return real(profile, deadline, platform)

    monkeypatch.setattr(srv.app.screener, "screen", slow)
    ch = authed_channel(srv.address, srv.token("screening"))
    stub = screening_pb2_grpc.ScreeningServiceStub(ch)
    req = screening_pb2.ScreenProfileRequest(profile=screening_pb2.Profile(name="x"))
    pending = [stub.ScreenProfile.future(req, timeout=30) for _ in range(3)]  # 2 running + 1 queued
    try:
        wait_for(lambda: srv.admission._admitted == 3)
        t0 = time.monotonic()
        with pytest.raises(grpc.RpcError) as err:
            stub.ScreenProfile(req, timeout=10)
        assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert time.monotonic() - t0 < 2.0  # refused at once, not queued
        assert quick_health(srv.address) < 2.0
    finally:
        release.set()
    assert all(f.result(timeout=20).decision == screening_pb2.DECISION_ALLOW for f in pending)


def test_health_watch_streams_are_capped_per_peer(make_server):
    srv = make_server(max_streams=8, max_streams_per_caller=2)
    ch = grpc.insecure_channel(srv.address)
    health = health_pb2_grpc.HealthStub(ch)
    watches = [health.Watch(health_pb2.HealthCheckRequest(), timeout=30) for _ in range(2)]
    try:
        for w in watches:
            assert next(w).status == health_pb2.HealthCheckResponse.SERVING
        extra = health.Watch(health_pb2.HealthCheckRequest(), timeout=30)
        assert first_error(extra) == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert quick_health(srv.address) < 2.0
    finally:
        for w in watches:
            w.cancel()
        ch.close()


def test_graceful_stop_with_open_followers_is_prompt(make_server):
    srv = make_server(max_streams=16, max_streams_per_caller=8)
    ch = authed_channel(srv.address, srv.token("reviewer"))
    calls = [follow(ch) for _ in range(8)]
    wait_for(lambda: srv.admission.open_streams == 8)
    t0 = time.monotonic()
    srv.stop(grace=5.0)
    assert time.monotonic() - t0 < 4.0
    for c in calls:
        assert first_error(c, timeout=5) is not None  # every stream ended
