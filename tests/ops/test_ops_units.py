"""Units of service/ops: log scrubbing and format, metrics read off responses, settings, bootstrap."""
from __future__ import annotations

import dataclasses
import io
import json
import logging
import threading

import pytest

from service.config import Settings
from service.domain.errors import InvalidArgument
from service.ops import logging as oplog
from service.ops.metrics import Metrics, decode_failure_reason, rpc_label
from service.ops.workers import STOP_WAIT_S, settings_env


@pytest.mark.parametrize("text,hidden", [
    ("id 11010519491231002X here", "11010519491231002X"),
    ("licence 110110101000218.", "110110101000218"),
    ("qualification 200511111110105194912310021", "200511111110105194912310021"),
    ("mobile 13812345678", "13812345678"),
    ("Bearer zw_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "zw_abcdefghijklmnopqrstuvwxyz"),
    ("uscc 91110000100006717P", "91110000100006717P"),
])
def test_redact_hides_numbers_tokens_and_codes(text, hidden):
    out = oplog.redact(text)
    assert hidden not in out and out != text


def test_redact_keeps_ordinary_text():
    text = "serving on 127.0.0.1:50051 (plaintext, lexicon 9b10ca52acd8+r0) in 12.5 ms on 2026-11-30"
    assert oplog.redact(text) == text
    assert oplog.redact("1101*******0218") == "1101*******0218"


def _capture(fmt="json"):
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(oplog.JsonFormatter() if fmt == "json" else oplog.TextFormatter())
    logger = logging.getLogger("zhenwei.test.ops")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, buf


def test_json_lines_carry_the_request_context_and_extra_fields():
    logger, buf = _capture()
    tokens = (oplog.request_id.set("rid-1"), oplog.caller.set(("platform-a", "tok_0123")), oplog.rpc.set("ScreenProfile"))
    try:
        logger.info("number %s\nnext line", "11010519491231002X", extra={"status": "OK", "duration_ms": 1.5})
        try:
            raise ValueError("bad 11010519491231002X")
        except ValueError:
            logger.exception("failed")
    finally:
        oplog.rpc.reset(tokens[2]), oplog.caller.reset(tokens[1]), oplog.request_id.reset(tokens[0])
    logger.warning("outside")
    lines = buf.getvalue().splitlines()
    assert len(lines) == 3  # the newline in the message stays inside one JSON line
    first, second, third = map(json.loads, lines)
    assert first["request_id"] == "rid-1" and first["caller"] == "platform-a" and first["caller_id"] == "tok_0123"
    assert first["rpc"] == "ScreenProfile" and first["status"] == "OK" and first["duration_ms"] == 1.5
    assert first["level"] == "INFO" and first["ts"].endswith("Z") and "11010519491231002X" not in first["msg"]
    assert "ValueError" in second["exc"] and "11010519491231002X" not in second["exc"]
    assert "request_id" not in third and "caller" not in third


def test_text_format_is_scrubbed_too():
    logger, buf = _capture("text")
    logger.info("token zw_abcdefghijklmnopqrstuvwxyz0123")
    assert "zw_[redacted]" in buf.getvalue()


def test_the_first_admin_token_line_is_json_and_shown_once():
    buf = io.StringIO()
    stream = oplog.SecretOnceStream("json", buf)
    print("zhenwei: first admin token (shown once, store it now): zw_secret_value_123456", file=stream, flush=True)
    record = json.loads(buf.getvalue())
    assert record["secret_shown_once"] is True and "zw_secret_value_123456" in record["msg"].split()


def _screen_response():
    from service.api.gen.impersonation.v1 import common_pb2, screening_pb2 as spb

    return spb.ScreenProfileResponse(decision=spb.DECISION_REJECT, lexicon_version="v1", findings=[
        spb.Finding(field=spb.FIELD_NAME, category=common_pb2.CATEGORY_NEWS_MEDIA,
                    techniques=[spb.TECHNIQUE_HOMOGLYPH, spb.TECHNIQUE_EXACT]),
        spb.Finding(field=spb.FIELD_BIO, category=common_pb2.CATEGORY_NEWS_MEDIA, techniques=[spb.TECHNIQUE_HOMOGLYPH]),
    ])


def test_metrics_read_decisions_findings_and_statuses_off_responses():
    from service.api.gen.impersonation.v1 import credential_pb2 as cpb

    m = Metrics()
    m.observe_rpc("/impersonation.v1.ScreeningService/ScreenProfile", "OK", 0.002)
    m.observe_response("/impersonation.v1.ScreeningService/ScreenProfile", _screen_response())
    m.observe_response("/impersonation.v1.CredentialService/SubmitCredential", cpb.SubmitCredentialResponse(
        verification=cpb.Verification(status=cpb.VERIFICATION_STATUS_VERIFIED)))
    get = m.registry.get_sample_value
    assert get("zhenwei_rpc_requests_total", {"rpc": "ScreeningService/ScreenProfile", "code": "OK"}) == 1
    assert get("zhenwei_rpc_duration_seconds_bucket",
               {"rpc": "ScreeningService/ScreenProfile", "code": "OK", "le": "0.0025"}) == 1
    assert get("zhenwei_screen_decisions_total", {"decision": "REJECT"}) == 1
    assert get("zhenwei_screen_findings_total", {"field": "NAME", "category": "NEWS_MEDIA"}) == 1
    assert get("zhenwei_screen_findings_total", {"field": "BIO", "category": "NEWS_MEDIA"}) == 1
    reasons = {"decision": "REJECT", "category": "NEWS_MEDIA"}
    assert get("zhenwei_screen_decision_reasons_total", {**reasons, "technique": "HOMOGLYPH"}) == 1  # once a pair
    assert get("zhenwei_screen_decision_reasons_total", {**reasons, "technique": "EXACT"}) == 1
    assert get("zhenwei_credential_verifications_total",
               {"rpc": "CredentialService/SubmitCredential", "status": "VERIFIED"}) == 1
    assert get("zhenwei_lexicon_info", {"version": "v1"}) == 1
    m.set_lexicon_version("v2")
    assert get("zhenwei_lexicon_info", {"version": "v1"}) is None
    assert get("zhenwei_lexicon_info", {"version": "v2"}) == 1


def test_instrumented_app_counts_decode_failures_and_reload_failures():
    class Avatars:
        ocr = None

        def decode(self, data):
            raise InvalidArgument("avatar: not a JPEG, PNG, WebP or GIF image")

        def reload_if_changed(self):
            return False

    class Lexicons:
        def reload_if_changed(self):
            raise RuntimeError("corrupt file")

    class App:
        avatars, lexicons = Avatars(), Lexicons()

        def lexicon_version(self):
            return "v9"

    m, app = Metrics(), App()
    m.instrument_app(app)
    try:
        with pytest.raises(InvalidArgument):
            app.avatars.decode(b"xx")
        with pytest.raises(RuntimeError):
            app.lexicons.reload_if_changed()
        get = m.registry.get_sample_value
        assert get("zhenwei_avatar_decode_failures_total", {"reason": "unsupported_format"}) == 1
        assert get("zhenwei_reload_failures_total", {"what": "lexicon"}) == 1
        assert get("zhenwei_process_resident_memory_bytes") > 10e6
        assert get("zhenwei_lexicon_info", {"version": "v9"}) == 1
    finally:
        m.close()


def test_shadow_outcomes_are_counted_when_a_draft_runs_in_shadow():
    class Shadow:
        def __init__(self):
            self.listeners = []

        def count(self, kind):
            for listener in self.listeners:
                listener(kind)

    class App:
        screener = type("Screener", (), {"shadow": Shadow()})()

        def lexicon_version(self):
            return "v9"

    m, app = Metrics(), App()
    m.instrument_app(app)
    try:
        for kind in ("screened", "screened", "differ", "decision_changed"):
            app.screener.shadow.count(kind)
        get = m.registry.get_sample_value
        assert get("zhenwei_shadow_screenings_total", {"outcome": "screened"}) == 2
        assert get("zhenwei_shadow_screenings_total", {"outcome": "decision_changed"}) == 1
        assert get("zhenwei_shadow_screenings_total", {"outcome": "failed"}) is None
    finally:
        m.close()


def test_review_queue_depth_and_oldest_age():
    import datetime as dt

    from service.review.models import QueueCounts

    m = Metrics()
    old = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=2)
    m.sample_review(lambda: QueueCounts({"CREDENTIAL": 3, "REPORT": 1}, {}, {}, old, 2))
    get = m.registry.get_sample_value
    assert get("zhenwei_review_open_cases", {"kind": "CREDENTIAL"}) == 3
    assert 7100 < get("zhenwei_review_oldest_open_age_seconds") < 7300
    assert get("zhenwei_review_overdue_cases") == 2
    m.sample_review(lambda: QueueCounts({"CREDENTIAL": 1}, {}, {}, None, 0))
    assert get("zhenwei_review_open_cases", {"kind": "REPORT"}) == 0  # a kind that emptied reads 0
    assert get("zhenwei_review_oldest_open_age_seconds") == 0


def test_labels_are_bounded():
    assert rpc_label("/impersonation.v1.ScreeningService/ScreenProfile") == "ScreeningService/ScreenProfile"
    assert decode_failure_reason("avatar: cannot decode PNG image (OSError: 张三 110105...)") == "undecodable"
    assert decode_failure_reason("something new") == "other"


def test_operations_settings_are_validated():
    with pytest.raises(InvalidArgument, match="ZHENWEI_WORKERS"):
        Settings(workers=0)
    with pytest.raises(InvalidArgument, match="ZHENWEI_METRICS_ADDR"):
        Settings(metrics_addr="nohost")
    with pytest.raises(InvalidArgument, match="ZHENWEI_LOG_FORMAT"):
        Settings(log_format="xml")
    with pytest.raises(InvalidArgument, match="ZHENWEI_OTLP_ENDPOINT"):
        Settings(otlp_endpoint="collector:4318")
    assert Settings().workers >= 1


def test_workers_read_back_the_supervisors_settings():
    s = Settings(workers=3, metrics_addr="127.0.0.1:9100", anonymous_screening=True, grace_period_s=2.5,
                 database_url="sqlite:////tmp/x.sqlite3")
    assert Settings.from_env(settings_env(s)) == s
    assert dataclasses.replace(s, workers=1).workers == 1


def test_supervisor_waits_as_long_as_the_server():
    from service.api.server import STOP_WAIT_S as server_wait

    assert STOP_WAIT_S == server_wait


def test_first_admin_token_is_created_once_by_concurrent_starts(store_url, capsys):
    from service.ops.bootstrap import ensure_admin_token
    from service.store import open_store

    stores = [open_store(store_url) for _ in range(4)]
    barrier = threading.Barrier(len(stores))
    made = []

    def start(store):
        barrier.wait()
        made.append(ensure_admin_token(store, "json"))

    threads = [threading.Thread(target=start, args=(s,)) for s in stores]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert len(made) == 4 and sum(t is not None for t in made) == 1
        admins = [r for r in stores[0].tokens.list(False) if "admin" in r.roles]
        assert len(admins) == 1
    finally:
        for s in stores:
            s.close()
