"""ScreenProfiles (the streaming RPC for batch jobs) through a real gRPC server."""
from __future__ import annotations

import threading
import time

import grpc
import pytest
from authutil import authed_channel

from service.api.gen.impersonation.v1 import screening_pb2, screening_pb2_grpc


def req(account_id, name="", bio="", **kw):
    return screening_pb2.ScreenProfileRequest(
        profile=screening_pb2.Profile(account_id=account_id, name=name, bio=bio, **kw))


@pytest.fixture
def stub(channel):
    return screening_pb2_grpc.ScreeningServiceStub(channel)


def test_one_response_per_request_in_order_with_the_same_answers_as_the_unary_call(stub):
    names = ["人民曰报", "会下车的河流", "河南卫健", "小明的日常", "人民日报"] * 20
    requests = [req(f"acc-{i}", n) for i, n in enumerate(names)]
    got = list(stub.ScreenProfiles(iter(requests), timeout=60))
    assert [r.account_id for r in got] == [f"acc-{i}" for i in range(len(names))]
    for r, q in zip(got[:5], requests[:5]):
        one = stub.ScreenProfile(q, timeout=10)
        assert r.decision == one.decision and [f.entity_name for f in r.findings] == \
            [f.entity_name for f in one.findings]
        assert r.status.code == 0


def test_a_bad_profile_gets_a_status_and_the_stream_goes_on(stub):
    requests = [req("ok-1", "人民曰报"), req("too-long", "名" * 65), req("ok-2", "会下车的河流"),
                req("bad-avatar", "x", avatar=b"\x89PNG\r\n\x1a\n" + b"\x00" * 40), req("ok-3", "新华杜")]
    got = list(stub.ScreenProfiles(iter(requests), timeout=30))
    assert [r.account_id for r in got] == ["ok-1", "too-long", "ok-2", "bad-avatar", "ok-3"]
    assert got[1].status.code == grpc.StatusCode.INVALID_ARGUMENT.value[0] and "64" in got[1].status.message
    assert got[1].decision == screening_pb2.DECISION_UNSPECIFIED and not got[1].findings
    assert got[3].status.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert got[0].decision == screening_pb2.DECISION_REJECT and got[4].decision == screening_pb2.DECISION_REJECT
    assert got[2].decision == screening_pb2.DECISION_ALLOW


def test_a_message_over_the_size_limit_is_refused_alone(server, stub):
    big = req("huge", "x", avatar=b"\0" * (server.settings.max_avatar_bytes + 200_000))
    got = list(stub.ScreenProfiles(iter([req("a", "人民曰报"), big, req("b", "小明")]), timeout=30))
    assert [r.status.code for r in got] == [0, grpc.StatusCode.INVALID_ARGUMENT.value[0], 0]
    assert "bytes" in got[1].status.message
    assert [r.account_id for r in got] == ["a", "", "b"]  # a refused message is not decoded


MANY_NAMES = "，".join(["人民日报", "新华社", "央视新闻", "光明日报", "经济日报", "中国日报", "解放军报", "中国青年报",
                        "工人日报", "科技日报", "法治日报", "农民日报", "学习时报", "环球时报", "参考消息", "人民网"])


def test_flow_control_a_slow_reader_holds_the_server_back(server, stub, monkeypatch):
    """The server screens a request only after the previous response went out: when the reader
    stops, the server stops screening once the transport's flow-control window is full (a few MB of
    ~1 KB answers), instead of screening the whole stream into memory. Counted on the server (the
    client's transport may buffer requests ahead: that is the client's memory, bounded by the
    windows, and not what this test is about)."""
    screener = server.app.screener
    real = screener.screen
    screened = []

    def counting(*a, **kw):
        screened.append(1)
        return real(*a, **kw)

    monkeypatch.setattr(screener, "screen", counting)
    total = 20_000

    def requests():
        for i in range(total):
            yield req(f"r{i}", "小明的日常", bio=MANY_NAMES)

    call = stub.ScreenProfiles(requests(), timeout=180)
    try:
        first = next(call)
        assert first.account_id == "r0" and len(first.findings) >= 5
        # stop reading: once the transport windows are full the server stops screening
        # (polled, so a slow machine only takes longer to get there)
        held, deadline = len(screened), time.monotonic() + 90
        while time.monotonic() < deadline:
            time.sleep(1.5)
            now = len(screened)
            if now - held < 5:
                break
            held = now
        else:
            pytest.fail(f"the server kept screening while nobody read its answers ({len(screened)})")
        assert held < total
        # reading again resumes the stream where it stopped, in order
        assert [next(call).account_id for _ in range(3)] == ["r1", "r2", "r3"]
    finally:
        call.cancel()


def test_anonymous_and_wrong_role_callers_are_refused(server, anon_channel):
    anon = screening_pb2_grpc.ScreeningServiceStub(anon_channel)
    with pytest.raises(grpc.RpcError) as err:
        list(anon.ScreenProfiles(iter([req("a", "x")]), timeout=10))
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    ch = authed_channel(server.address, server.token("auditor", name="only-audit"))
    try:
        with pytest.raises(grpc.RpcError) as err:
            list(screening_pb2_grpc.ScreeningServiceStub(ch).ScreenProfiles(iter([req("a", "x")]), timeout=10))
        assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    finally:
        ch.close()


def test_streams_count_against_the_callers_stream_cap(server):
    ch = authed_channel(server.address, server.token("screening", name="greedy"))
    stub = screening_pb2_grpc.ScreeningServiceStub(ch)
    stop = threading.Event()

    def idle():
        while not stop.is_set():
            time.sleep(0.05)
        return
        yield  # pragma: no cover

    calls = [stub.ScreenProfiles(idle(), timeout=20) for _ in range(server.settings.max_streams_per_caller)]
    try:
        time.sleep(0.5)
        with pytest.raises(grpc.RpcError) as err:
            list(stub.ScreenProfiles(iter([req("a", "x")]), timeout=10))
        assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    finally:
        stop.set()
        for c in calls:
            c.cancel()
        ch.close()


def test_an_item_whose_case_the_store_cannot_take_answers_unavailable_and_the_stream_goes_on(server, stub,
                                                                                              monkeypatch):
    import sqlite3

    review = server.app.review
    real = review.open_from_screening
    calls = {"n": 0}

    def flaky(profile, result, platform, actor):
        calls["n"] += 1
        if calls["n"] == 1:
            raise sqlite3.OperationalError("database is locked")
        return real(profile, result, platform, actor)

    monkeypatch.setattr(review, "open_from_screening", flaky)
    got = list(stub.ScreenProfiles(iter([req("s-1", "人民曰报"), req("s-2", "新华杜"), req("s-3", "小明")]), timeout=30))
    assert [r.account_id for r in got] == ["s-1", "s-2", "s-3"]
    assert got[0].status.code == grpc.StatusCode.UNAVAILABLE.value[0] and "retry" in got[0].status.message
    assert got[1].status.code == 0 and got[1].decision == screening_pb2.DECISION_REJECT
    assert got[2].status.code == 0


def test_a_bug_in_one_item_still_ends_the_stream_internal(server, stub, monkeypatch):
    def broken(*_a):
        raise RuntimeError("a bug")

    monkeypatch.setattr(server.app.review, "open_from_screening", broken)
    with pytest.raises(grpc.RpcError) as err:
        list(stub.ScreenProfiles(iter([req("b-1", "人民曰报")]), timeout=30))
    assert err.value.code() == grpc.StatusCode.INTERNAL
