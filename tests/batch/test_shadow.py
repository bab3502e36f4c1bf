"""Shadow mode (ZHENWEI_SHADOW_DRAFT): every profile is screened under the draft too; responses are
unchanged, differences are counted and logged without the name, and a failing shadow never fails
the live call."""
from __future__ import annotations

import dataclasses
import logging

import pytest

from service.config import Settings
from service.domain.errors import InvalidArgument
from service.domain.models import Profile

NEW = {"id": "media.hongyan", "name": "鸿雁传书网", "category": "NEWS_MEDIA"}


def _draft(settings) -> int:
    from service.app import App

    app = App(settings)
    try:
        d = app.drafts.create("shadow", "", "tester")
        app.drafts.add_op(d.id, "entry.add", {"entity": NEW}, "tester")
        return d.id
    finally:
        app.close()


@pytest.fixture
def apps(batch_settings):
    from service.app import App

    draft_id = _draft(batch_settings)
    live = App(batch_settings)
    shadowed = App(dataclasses.replace(batch_settings, shadow_draft=f"draft.{draft_id}"))
    shadowed.screener.shadow.source.refresh(block=True)
    yield live, shadowed, draft_id
    shadowed.close()
    live.close()


def _same(a, b) -> bool:
    return (a.decision, a.findings, a.credential_required, a.lexicon_version, a.claims, a.review_priority) == \
        (b.decision, b.findings, b.credential_required, b.lexicon_version, b.claims, b.review_priority)


def test_shadow_leaves_responses_unchanged_and_counts_differences(apps, caplog):
    live, shadowed, draft_id = apps
    shadow = shadowed.screener.shadow
    profiles = [Profile(account_id="acct-secret-1", name="鸿雁传书网官方"),
                Profile(account_id="acct-2", name="会下车的河流", bio="每天分享生活点滴"),
                Profile(account_id="acct-3", name="人民日报"),
                Profile(account_id="acct-4", name="小王的店", bio="关注鴻雁傳書網")]
    with caplog.at_level(logging.INFO, logger="zhenwei.shadow"):
        for p in profiles:
            assert _same(shadowed.screener.screen(p), live.screener.screen(p))
    assert shadow.counts["screened"] == 4 and shadow.counts["differ"] == 2
    assert shadow.counts["decision_changed"] + shadow.counts["findings_changed"] == 2
    assert shadow.counts["failed"] == 0 and shadow.counts["skipped"] == 0
    lines = [r.getMessage() for r in caplog.records if r.name == "zhenwei.shadow" and "differs" in r.getMessage()]
    assert len(lines) == 2
    text = "\n".join(lines)
    assert "NEWS_MEDIA:media.hongyan" in text and f"draft.{draft_id}" in text
    assert shadow.account_hash("acct-secret-1") in text
    for secret in ("acct-secret-1", "鸿雁传书网官方", "小王的店", "鴻雁傳書網"):
        assert secret not in text  # no personal data in clear


def test_a_failing_shadow_never_fails_the_live_call(apps):
    live, shadowed, _ = apps
    shadow = shadowed.screener.shadow
    p = Profile(account_id="a", name="鸿雁传书网")

    class Broken:
        def engine(self, version):
            raise RuntimeError("draft store down")

    shadow.source = Broken()
    assert _same(shadowed.screener.screen(p), live.screener.screen(p))
    assert shadow.counts["failed"] == 1
    seen = []
    shadow.listeners.append(seen.append)

    class NotReady:
        def engine(self, version):
            return None

    shadow.source = NotReady()  # the draft engine is still being built: skipped, not waited for
    assert _same(shadowed.screener.screen(p), live.screener.screen(p))
    assert shadow.counts["skipped"] == 1 and seen == ["skipped"]


def test_the_shadow_follows_live_changes_and_stops_on_a_closed_draft(apps):
    live, shadowed, draft_id = apps
    source = shadowed.screener.shadow.source
    version = shadowed.lexicon_version()
    assert source.engine(version) is not None
    assert source.engine("other+r9") is None  # built for another live version: not used
    shadowed.lexicon_admin.add_closed("某某闭号官方", "x1", "closed", "tester")  # the live lexicon moves on
    moved = shadowed.lexicon_version()
    assert moved != version and source.engine(moved) is None  # not rebuilt yet: skipped, never waited for
    source.refresh(block=True)
    assert source.engine(moved) is not None
    shadowed.drafts.add_op(draft_id, "closed.add", {"name": "另一闭号官方", "account_id": "", "reason": ""}, "t")
    source.refresh(block=True)  # the draft moved on too: rebuilt with its new operation
    p = Profile(account_id="z", name="另一闭号官方")
    assert shadowed.screener.screen(p).decision.name == "ALLOW"
    assert shadowed.screener.shadow.counts["decision_changed"] >= 1
    version = moved
    shadowed.drafts.discard(draft_id, "done", "tester")
    source.refresh(block=True)
    assert source.engine(version) is None


def test_the_setting_is_validated():
    assert Settings(shadow_draft="draft.3").shadow_draft == "draft.3"
    assert Settings.from_env({"ZHENWEI_SHADOW_DRAFT": "12"}).shadow_draft == "12"
    for bad in ("abc", "draft.", "0", "-1", "draft.x"):
        with pytest.raises(InvalidArgument, match="ZHENWEI_SHADOW_DRAFT"):
            Settings(shadow_draft=bad)


def test_shadow_through_the_grpc_server_leaves_responses_unchanged(batch_settings, tmp_path):
    """ScreenProfile over gRPC with ZHENWEI_SHADOW_DRAFT set answers byte for byte what a server
    without the shadow answers, and the shadow counts the differing profile."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from authutil import authed_channel, make_token

    from service.api.gen.impersonation.v1 import screening_pb2, screening_pb2_grpc
    from service.api.server import Server

    draft_id = _draft(batch_settings)
    base = dataclasses.replace(batch_settings, listen_addr="127.0.0.1:0", bootstrap_admin_token=False,
                               grace_period_s=1.0)
    answers = {}
    for label, settings in (("live", base), ("shadow", dataclasses.replace(base, shadow_draft=str(draft_id)))):
        srv = Server(settings).start()
        try:
            if label == "shadow":
                srv.app.screener.shadow.source.refresh(block=True)
            ch = authed_channel(srv.address, make_token(srv, "screening"))
            stub = screening_pb2_grpc.ScreeningServiceStub(ch)
            answers[label] = [stub.ScreenProfile(screening_pb2.ScreenProfileRequest(
                profile=screening_pb2.Profile(account_id=f"a{i}", name=name))).SerializeToString(deterministic=True)
                for i, name in enumerate(["鸿雁传书网", "会下车的河流", "人民日报"])]
            ch.close()
            if label == "shadow":
                counts = srv.app.screener.shadow.counts
                assert counts["screened"] == 3 and counts["differ"] == 1 and counts["failed"] == 0
        finally:
            srv.stop(grace=1.0)
    assert answers["live"] == answers["shadow"]
