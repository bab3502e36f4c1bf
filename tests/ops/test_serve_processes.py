"""``zhenwei serve`` as an operator runs it, in a subprocess: two worker processes on one port,
metrics across them, JSON logs without personal data, and the graceful stop on SIGTERM."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import grpc
import pytest
from ops_server import ROOT, ServerProcess, base_env

from service.api.gen.impersonation.v1 import (
    common_pb2, credential_pb2 as cpb, credential_pb2_grpc, lexicon_admin_pb2 as lpb, lexicon_admin_pb2_grpc,
    screening_pb2 as spb, screening_pb2_grpc,
)

ID_NUMBER = "11010519491231002X"
LICENCE = "110110101000299"
HOLDER = "欧阳娜娜"
CHANNELS = 16


def _token(url: str, roles: list[str], name: str) -> str:
    from service.auth.tokens import TokenAdmin
    from service.store import open_store

    store = open_store(url)
    try:
        return TokenAdmin(store).create_token(name, roles, actor="tests", platform="ops-platform")[1]
    finally:
        store.close()


def _metrics(url: str) -> dict[str, float]:
    text = urllib.request.urlopen(url, timeout=10).read().decode()
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            out[key] = float(value)
    return out


def _flow(address: str, token: str, i: int) -> None:
    ch = grpc.insecure_channel(address)  # a new connection: the kernel picks a worker for it
    try:
        md = [("authorization", f"Bearer {token}"), ("x-request-id", f"ops-flow-{i}")]
        screen = screening_pb2_grpc.ScreeningServiceStub(ch)
        r, call = screen.ScreenProfile.with_call(spb.ScreenProfileRequest(profile=spb.Profile(
            account_id=f"acct-{i}", name="人民曰报", bio=f"实名 {HOLDER} 身份证 {ID_NUMBER}")), metadata=md, timeout=20)
        assert r.decision == spb.DECISION_REJECT
        assert ("x-request-id", f"ops-flow-{i}") in [tuple(m) for m in call.initial_metadata()]
        creds = credential_pb2_grpc.CredentialServiceStub(ch)
        v = creds.SubmitCredential(cpb.SubmitCredentialRequest(
            account_id=f"acct-{i}", domain=common_pb2.DOMAIN_MEDICAL,
            credential_type=cpb.CREDENTIAL_TYPE_CN_PHYSICIAN_LICENSE, number=LICENCE, holder_name=HOLDER),
            metadata=md, timeout=20).verification
        assert v.status == cpb.VERIFICATION_STATUS_NEEDS_REVIEW
        creds.GetVerification(cpb.GetVerificationRequest(verification_id=v.verification_id), metadata=md, timeout=20)
    finally:
        ch.close()


def test_two_workers_share_the_port_metrics_logs_and_stop(tmp_path):
    url = f"sqlite:///{tmp_path / 'z.sqlite3'}"
    token = _token(url, ["screening", "reviewer"], "ops-test-caller")  # no admin yet: the server makes one
    bad_token = "zw_" + "Q" * 43
    srv = ServerProcess(base_env(tmp_path, ZHENWEI_WORKERS="2", ZHENWEI_METRICS_ADDR="127.0.0.1:0",
                                 ZHENWEI_LOG_LEVEL="DEBUG", ZHENWEI_BOOTSTRAP_ADMIN_TOKEN="1"),
                        r"serving on \S+ with 2 worker processes")
    try:
        metrics_line = srv.wait_for(r"metrics on http://", timeout=5)
        metrics_url = re.search(r"(http://\S+/metrics)", metrics_line).group(1)
        prom_dir = re.search(r"samples in (\S+)\)", metrics_line).group(1)
        assert os.path.isdir(prom_dir)
        for i in range(CHANNELS):
            _flow(srv.address, token, i)
        with grpc.insecure_channel(srv.address) as ch:
            with pytest.raises(grpc.RpcError) as err:
                screening_pb2_grpc.ScreeningServiceStub(ch).ScreenProfile(
                    spb.ScreenProfileRequest(profile=spb.Profile(name="x")),
                    metadata=[("authorization", f"Bearer {bad_token}")], timeout=20)
            assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED

        m = _metrics(metrics_url)
        assert m['zhenwei_rpc_requests_total{code="OK",rpc="ScreeningService/ScreenProfile"}'] == CHANNELS
        assert m['zhenwei_rpc_requests_total{code="UNAUTHENTICATED",rpc="ScreeningService/ScreenProfile"}'] == 1
        assert m['zhenwei_rpc_requests_total{code="OK",rpc="CredentialService/SubmitCredential"}'] == CHANNELS
        assert m['zhenwei_credential_verifications_total{rpc="CredentialService/SubmitCredential",'
                 'status="NEEDS_REVIEW"}'] == CHANNELS
        assert m['zhenwei_screen_decisions_total{decision="REJECT"}'] == CHANNELS
        assert m['zhenwei_screen_decision_reasons_total{category="NEWS_MEDIA",decision="REJECT",'
                 'technique="HOMOGLYPH"}'] == CHANNELS
        assert m['zhenwei_rpc_duration_seconds_count{code="OK",rpc="ScreeningService/ScreenProfile"}'] == CHANNELS
        assert m["zhenwei_workers_alive"] == 2
        memory = [k for k in m if k.startswith("zhenwei_process_resident_memory_bytes{")]
        lexicon = [k for k, v in m.items() if k.startswith("zhenwei_lexicon_info{") and v == 1]
        assert len(memory) == 2 and all(m[k] > 50e6 for k in memory)
        assert len(lexicon) == 2 and len({re.search(r'version="([^"]+)"', k).group(1) for k in lexicon}) == 1

        # both workers got traffic
        access = [r for r in srv.records() if r["logger"] == "zhenwei.access" and r["rpc"] != "Check"]
        assert {r["worker"] for r in access} == {0, 1}
        flow0 = [r for r in access if r.get("request_id") == "ops-flow-0"]
        assert [r["rpc"] for r in flow0] == ["ScreenProfile", "SubmitCredential", "GetVerification"]
        assert all(r["caller"] == "ops-test-caller" and r["caller_id"].startswith("tok_") and r["status"] == "OK"
                   and r["duration_ms"] > 0 for r in flow0)
        denied = [r for r in access if r["status"] == "UNAUTHENTICATED"]
        assert len(denied) == 1 and "caller" not in denied[0] and re.fullmatch(r"[0-9a-f]{16}", denied[0]["request_id"])

        # a lexicon change made through one worker reaches every worker (each polls the store)
        admin = _token(url, ["admin"], "ops-admin")
        with grpc.insecure_channel(srv.address) as ch:
            changed = lexicon_admin_pb2_grpc.LexiconAdminServiceStub(ch).AddClosedAccount(
                lpb.AddClosedAccountRequest(name="甄伪运维测试号", account_id="closed-ops-1", reason="ops test"),
                metadata=[("authorization", f"Bearer {admin}")], timeout=60)
        new_version = changed.lexicon_version
        assert new_version and new_version not in lexicon[0]
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            served = {k for k, v in _metrics(metrics_url).items() if k.startswith("zhenwei_lexicon_info{") and v == 1}
            if len(served) == 2 and all(f'version="{new_version}"' in k for k in served):
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"workers did not all reload to {new_version}: {served}")

        # a worker killed with SIGKILL is replaced; the new one serves the same port
        victim = next(r["pid"] for r in srv.records() if r.get("worker") == 1)
        os.kill(victim, signal.SIGKILL)
        srv.wait_for(rf"worker 1 \(pid {victim}\) exited unexpectedly", timeout=10)
        srv.wait_for(r"restarted worker 1 \(pid", timeout=10)
        assert _metrics(metrics_url)["zhenwei_worker_restarts_total"] == 1
        # (SIGTERM below reaches the new worker while it still loads: it leaves at once)
    finally:
        code = srv.terminate()
        srv.kill()
    assert code == 0
    records = srv.records()  # every line the server wrote is one JSON object
    stops = [r for r in records if r["msg"].startswith("stopped: in-flight calls finished")]
    assert [r["worker"] for r in stops] == [0]  # worker 1 was killed; its replacement was still loading
    assert records[-1]["logger"] == "zhenwei.supervisor"
    assert records[-1]["msg"] == "stopped: 2 workers exited (exit codes [0, 0])"
    assert not os.path.exists(prom_dir)
    # the first admin token was made once, by the supervisor, not once per worker
    boot = [r for r in records if r.get("secret_shown_once")]
    assert len(boot) == 1 and boot[0]["role"] == "supervisor"
    from service.store import open_store

    store = open_store(url)
    try:
        assert [r.name for r in store.tokens.list(False)].count("bootstrap-admin") == 1
    finally:
        store.close()
    # no personal data, no caller token, anywhere in the logs (DEBUG level)
    text = "\n".join(srv.lines)
    for secret in (ID_NUMBER, LICENCE, HOLDER, token, bad_token, token[3:20], admin):
        assert secret not in text, secret


def test_single_process_stops_gracefully_with_a_stream_open(tmp_path):
    url = f"sqlite:///{tmp_path / 'z.sqlite3'}"
    token = _token(url, ["screening"], "watcher")
    srv = ServerProcess(base_env(tmp_path, ZHENWEI_WORKERS="1", ZHENWEI_GRACE_PERIOD_S="5"),
                        r"serving on \S+ \(plaintext")
    ch = grpc.insecure_channel(srv.address)
    try:
        stream = credential_pb2_grpc.CredentialServiceStub(ch).WatchVerificationEvents(
            cpb.WatchVerificationEventsRequest(follow=True), metadata=[("authorization", f"Bearer {token}")], timeout=30)
        ended = threading.Event()

        def follow():
            try:
                for _ in stream:
                    pass
            except grpc.RpcError:
                pass
            ended.set()

        threading.Thread(target=follow, daemon=True).start()
        health = subprocess.run([sys.executable, "-m", "service.ops.healthcheck", srv.address], cwd=ROOT,
                                capture_output=True, text=True, timeout=30)
        assert health.returncode == 0 and health.stdout.strip() == "serving"
        time.sleep(0.3)  # the stream is open on the server
        code = srv.terminate(timeout=30)
    finally:
        ch.close()
        srv.kill()
    assert code == 0
    assert ended.wait(5)
    records = srv.records()
    msgs = [r["msg"] for r in records]
    i_signal = next(i for i, m in enumerate(msgs) if m.startswith("signal SIGTERM"))
    assert any(m.startswith("rpc WatchVerificationEvents") for m in msgs[i_signal:]), msgs  # the stream ended first
    assert msgs[-1] == "stopped: in-flight calls finished, background threads ended, store closed"
    assert all(json.dumps(r) for r in records)


def test_a_worker_that_cannot_start_stops_the_server(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHENWEI_")}
    env.update(base_env(tmp_path, ZHENWEI_WORKERS="2", ZHENWEI_LEXICON_DIR=str(tmp_path / "missing")))
    out = subprocess.run([sys.executable, "-m", "service", "serve"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 2
    records = [json.loads(line) for line in out.stderr.splitlines()]
    failed = [r for r in records if r["logger"] == "zhenwei.supervisor" and r["level"] == "CRITICAL"]
    assert failed and "refusing to start" in failed[0]["msg"]
    assert records[-1]["msg"].startswith("stopped: 2 workers exited")
