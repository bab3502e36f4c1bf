"""Registries: the embedded roster table and the HTTP adapter (against a server on 127.0.0.1)."""
from __future__ import annotations

import http.server
import json
import threading
import time

import pytest

from conftest import ROSTER_HEADER, roster
from service.credentials.base import CredentialType as T
from service.credentials.models import Reason, Status, Submission
from service.credentials.registries import CircuitBreaker, HttpRegistry
from service.credentials.verifier import CredentialVerifier
from service.domain.errors import InvalidArgument, Unavailable
from service.domain.models import Domain


# -- roster import -------------------------------------------------------------------------

def test_import_reports_added_updated_unchanged_and_rejected_lines(verifier):
    text = roster(
        "S0570118070029,张三,中信证券,valid,2027-06-30",     # line 2
        "S0570118070030,李四,,revoked,",                      # line 3
        "S05701180700,王五,,valid,",                          # line 4: too short
        "S0570118070031,,,valid,",                            # line 5: no holder
        "S0570118070032,赵六,,expired,",                      # line 6: bad status
        "S0570118070033,钱七,,valid,2027-02-30",              # line 7: bad date
        "S0570118070034,孙八,,valid",                         # line 8: a column short
    )
    r = verifier.local.import_roster(T.CN_SAC_PRACTITIONER, text, "sac.csv")
    assert (r.added, r.updated, r.unchanged) == (2, 0, 0)
    assert [line for line, _ in r.rejected] == [4, 5, 6, 7, 8]
    assert "InvalidLength" in r.rejected[0][1] and "S05701180700" not in r.rejected[0][1]
    assert "status" in r.rejected[2][1] and "ISO date" in r.rejected[3][1]
    # idempotent
    again = verifier.local.import_roster(T.CN_SAC_PRACTITIONER, text, "sac.csv")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    changed = verifier.local.import_roster(T.CN_SAC_PRACTITIONER, roster(
        "S0570118070029,张三,中信证券,suspended,2027-06-30", "S0570118070040,周九,,valid,"), "sac2.csv")
    assert (changed.added, changed.updated, changed.unchanged) == (1, 1, 0)
    assert verifier.store.credentials.registry_count("CN_SAC_PRACTITIONER") == 3
    rec = verifier.local.lookup(T.CN_SAC_PRACTITIONER, "S0570118070029")
    assert rec.status == "suspended" and rec.organization == "中信证券" and rec.source == "local:sac2.csv"


def test_import_handles_column_order_bom_and_duplicates(verifier):
    text = ("\ufeffholder_name,number,valid_until,status,organization\n"
            "张三,P1000001,,valid,某私募\n"
            "张三,P1000001,,revoked,某私募\n")
    r = verifier.local.import_roster(T.CN_PRIVATE_FUND_MANAGER, text, "amac.csv")
    assert (r.added, r.updated) == (1, 1)
    assert verifier.local.lookup(T.CN_PRIVATE_FUND_MANAGER, "P1000001").status == "revoked"


def test_import_refuses_a_bad_header_or_empty_file(verifier):
    with pytest.raises(InvalidArgument, match="valid_until"):
        verifier.local.import_roster(T.CN_SAC_PRACTITIONER, "number,holder_name,organization,status\n", "x")
    with pytest.raises(InvalidArgument):
        verifier.local.import_roster(T.CN_SAC_PRACTITIONER, "", "x")


def test_nurse_rows_need_a_validity_date(verifier):
    r = verifier.local.import_roster(T.CN_NURSE_LICENSE, ROSTER_HEADER + "201911010012,李护士,,valid,\n"
                                     "201911010013,王护士,,valid,2029-01-01\n", "nurses.csv")
    assert r.added == 1 and r.rejected[0][0] == 2 and "5 years" in r.rejected[0][1]


# -- HTTP adapter --------------------------------------------------------------------------

class Authority(http.server.BaseHTTPRequestHandler):
    """A toy authority: scripted answers, one per request (the last repeats)."""

    script: list = []
    seen: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append(body)
        step = type(self).script.pop(0) if len(type(self).script) > 1 else type(self).script[0]
        if step == "sleep":
            time.sleep(0.5)
            step = 200
        if step == 200:
            payload = {"found": body["number"] == "P1000001", "holder_name": "某某投资管理有限公司",
                       "organization": "", "status": "valid", "valid_until": "2030-01-01"}
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        else:
            self.send_response(step)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def authority():
    Authority.script = [200]
    Authority.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Authority)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/query"
    finally:
        server.shutdown()
        server.server_close()


def _registry(url, **kw):
    kw.setdefault("timeout_s", 0.2)
    kw.setdefault("backoff_s", 0.01)
    return HttpRegistry("amac", url, **kw)


def test_http_found_and_not_found(authority):
    reg = _registry(authority)
    rec = reg.lookup(T.CN_PRIVATE_FUND_MANAGER, "P1000001")
    assert rec.holder_name == "某某投资管理有限公司" and rec.valid_until.isoformat() == "2030-01-01"
    assert reg.lookup(T.CN_PRIVATE_FUND_MANAGER, "P1000002") is None
    Authority.script = [404]
    assert reg.lookup(T.CN_PRIVATE_FUND_MANAGER, "P1000003") is None
    assert Authority.seen[0] == {"type": "CN_PRIVATE_FUND_MANAGER", "number": "P1000001"}
    assert _registry(authority, types=[T.CN_SAC_PRACTITIONER]).lookup(T.CN_PRIVATE_FUND_MANAGER, "P1000001") is None


def test_http_retries_with_backoff_then_succeeds(authority):
    Authority.script = [503, 500, 200]
    sleeps = []
    reg = _registry(authority, retries=2, backoff_s=0.05, sleep=sleeps.append)
    assert reg.lookup(T.CN_PRIVATE_FUND_MANAGER, "P1000001") is not None
    assert sleeps == [0.05, 0.1] and len(Authority.seen) == 3


def test_http_timeout_and_client_error_are_unavailable(authority):
    Authority.script = ["sleep"]
    reg = _registry(authority, retries=1)
    with pytest.raises(Unavailable):
        reg.lookup(T.CN_PRIVATE_FUND_MANAGER, "P1000001")
    assert len(Authority.seen) == 2
    Authority.script = [400]
    Authority.seen.clear()
    with pytest.raises(Unavailable):
        _registry(authority, retries=3).lookup(T.CN_PRIVATE_FUND_MANAGER, "P1000001")
    assert len(Authority.seen) == 1, "a 4xx is not retried"


def test_http_circuit_breaker_opens_and_recovers(authority):
    now = [0.0]
    breaker = CircuitBreaker(threshold=2, reset_s=10, clock=lambda: now[0])
    reg = _registry(authority, retries=0, breaker=breaker)
    Authority.script = [500]
    for _ in range(2):
        with pytest.raises(Unavailable):
            reg.lookup(T.CN_PRIVATE_FUND_MANAGER, "P1000001")
    assert breaker.state == "open"
    calls = len(Authority.seen)
    with pytest.raises(Unavailable, match="circuit open"):
        reg.lookup(T.CN_PRIVATE_FUND_MANAGER, "P1000001")
    assert len(Authority.seen) == calls, "an open breaker does not call the authority"
    now[0] = 11
    assert breaker.state == "half-open"
    Authority.script = [200]
    assert reg.lookup(T.CN_PRIVATE_FUND_MANAGER, "P1000001") is not None
    assert breaker.state == "closed"


def test_http_unreachable_is_unavailable():
    reg = HttpRegistry("gone", "http://127.0.0.1:9/query", timeout_s=0.2, retries=1, backoff_s=0.01)
    with pytest.raises(Unavailable):
        reg.lookup(T.CN_PRIVATE_FUND_MANAGER, "P1000001")


def test_verifier_with_http_registry_behind_the_local_one(store, cred_settings, clock, authority):
    local_first = CredentialVerifier(store, cred_settings, clock=clock)
    v = CredentialVerifier(store, cred_settings, [local_first.local, _registry(authority)], clock=clock)
    got = v.submit(Submission("fund-1", Domain.FINANCE, T.CN_PRIVATE_FUND_MANAGER, "P1000001", "某某投资管理有限公司"))
    assert (got.status, got.registry) == (Status.VERIFIED, "amac")
    Authority.script = [500]
    down = v.submit(Submission("fund-2", Domain.FINANCE, T.CN_PRIVATE_FUND_MANAGER, "P1000009", "某某"))
    assert (down.status, down.reason) == (Status.NEEDS_REVIEW, Reason.REGISTRY_UNAVAILABLE)
