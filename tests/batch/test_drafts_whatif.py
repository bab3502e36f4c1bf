"""Lexicon drafts end to end: ops validated against live + draft, what-if lists exactly the rows a
draft changes, publish goes through the audited admin path (CLI included) and changes the live lexicon."""
from __future__ import annotations

import json

import pytest
from conftest import write_jsonl

from service.domain.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from service.domain.models import Profile

NEW = {"id": "media.hongyan", "name": "鸿雁传书网", "category": "NEWS_MEDIA"}
#: rows of the what-if input; the ones holding the new name (as written, traditional, pinyin, in a bio)
ROWS = [
    {"account_id": "a0", "name": "鸿雁传书网官方", "bio": ""},
    {"account_id": "a1", "name": "会下车的河流", "bio": "每天分享生活点滴"},
    {"account_id": "a2", "name": "鴻雁傳書網", "bio": ""},
    {"account_id": "a3", "name": "人民日报", "bio": ""},
    {"account_id": "a4", "name": "小王的店", "bio": "关注鸿雁传书网，每天更新"},
    {"account_id": "a5", "name": "hongyanchuanshuwang", "bio": ""},
    {"account_id": "a6", "name": "爱吃鱼的猫", "bio": "新华书店的老顾客"},
    {"account_id": "a7", "name": "中国青年报", "bio": ""},
]
HOLDING = {1, 3, 5, 6}  # 1-based rows with the new name in some form


@pytest.fixture
def app(batch_settings):
    from service.app import App

    a = App(batch_settings)
    yield a
    a.close()


def _draft_with_entry(app):
    d = app.drafts.create("add 鸿雁传书网", "ticket 7", "tester")
    app.drafts.add_op(d.id, "entry.add", {"entity": NEW}, "tester")
    return d


def test_ops_are_validated_against_live_plus_draft(app):
    d = _draft_with_entry(app)
    with pytest.raises(AlreadyExists):  # already added by operation 1
        app.drafts.add_op(d.id, "entry.add", {"entity": NEW}, "tester")
    with pytest.raises(InvalidArgument):  # an ordinary word / one character, as LexiconAdmin refuses
        app.drafts.add_op(d.id, "closed.add", {"name": "的", "account_id": "", "reason": ""}, "tester")
    with pytest.raises(InvalidArgument):
        app.drafts.add_op(d.id, "entry.update", {"id": "media.hongyan", "changes": {"origin": "x"}}, "tester")
    with pytest.raises(NotFound):
        app.drafts.add_op(d.id, "entry.retire", {"id": "media.nothing", "reason": ""}, "tester")
    with pytest.raises(InvalidArgument):
        app.drafts.add_op(d.id, "entity.explode", {}, "tester")
    # an update of the entry the draft adds, and an alias: fine
    app.drafts.add_op(d.id, "entry.update", {"id": "media.hongyan", "changes": {"aliases": ["鸿雁网"]}}, "tester")
    assert [o.kind for o in app.drafts.show(d.id).ops] == ["entry.add", "entry.update"]
    data = app.drafts.draft_data(d.id)
    assert data.entities["media.hongyan"].aliases == ("鸿雁网",)
    assert "media.hongyan" not in app.lexicons.current().data.entities  # not served


def test_whatif_lists_exactly_the_rows_holding_the_added_entry(app, tmp_path):
    from service.batch.whatif import format_whatif, run_whatif

    d = _draft_with_entry(app)
    inp = tmp_path / "in.jsonl"
    write_jsonl(inp, ROWS)
    report = tmp_path / "whatif.jsonl"
    summary = run_whatif(app, d.id, inp, report, sample=2)
    lines = [json.loads(x) for x in report.read_text(encoding="utf-8").splitlines()]
    assert {x["row"] for x in lines} == HOLDING
    assert summary["rows_differ"] == len(HOLDING) and summary["rows_screened"] == len(ROWS)
    assert summary["categories"] == {"NEWS_MEDIA": len(HOLDING)}
    assert sum(summary["decision_changes"].values()) == summary["by_kind"].get("decision", 0)
    for x in lines:
        assert x["removed"] == [] and {f["entity_id"] for f in x["added"]} == {"media.hongyan"}
        assert x["live_decision"] == "ALLOW" and x["draft_decision"] in ("REVIEW", "REJECT")
    assert len(summary["sample"]) == 2 and json.loads((tmp_path / "whatif.jsonl.summary.json").read_text())
    assert "鸿雁传书网" in format_whatif(summary)
    # the draft changed nothing live
    assert app.screener.screen(Profile(account_id="a0", name="鸿雁传书网官方")).findings == ()


def test_publish_is_audited_and_changes_the_live_lexicon(app):
    before = app.lexicon_version()
    d = _draft_with_entry(app)
    app.drafts.add_op(d.id, "closed.add", {"name": "某某闭号官方", "account_id": "x9", "reason": "closed"}, "tester")
    draft, version = app.drafts.publish(d.id, "cli:operator")
    assert draft.status == "published" and draft.result == version and version != before
    assert app.lexicon_version() == version
    found = app.screener.screen(Profile(account_id="p", name="鸿雁传书网")).findings
    assert [f.entity_id for f in found] == ["media.hongyan"]
    assert app.screener.screen(Profile(account_id="p", name="某某闭号官方")).decision.name == "REJECT"
    log = app.store.audit.list(limit=20)
    admin_actions = [(e.actor, e.action, e.target) for e in log if e.action in ("entity.add", "closed.add")]
    assert ("cli:operator", "entity.add", "media.hongyan") in admin_actions
    assert [(a, act) for a, act, _ in admin_actions if act == "closed.add"] == [("cli:operator", "closed.add")]
    assert ("cli:operator", "draft.publish") in [(e.actor, e.action) for e in log]
    assert app.store.audit.verify().ok
    with pytest.raises(FailedPrecondition):  # published: closed
        app.drafts.publish(d.id, "cli:operator")
    with pytest.raises(FailedPrecondition):
        app.drafts.add_op(d.id, "entry.retire", {"id": "media.hongyan", "reason": ""}, "tester")


def test_publish_refuses_a_draft_that_no_longer_applies(app):
    d = _draft_with_entry(app)
    other = _draft_with_entry(app)
    app.drafts.publish(other.id, "cli:operator")
    before = app.lexicon_version()
    with pytest.raises(AlreadyExists):  # the entry is live now: nothing of this draft is applied
        app.drafts.publish(d.id, "cli:operator")
    assert app.lexicon_version() == before and app.drafts.show(d.id).draft.status == "open"


def test_cli_create_add_publish_with_the_operator_identity(batch_env, monkeypatch, capsys, tmp_path):
    from service.cli import main
    from service.lexicon.draft_cli import cli_actor

    for k, v in batch_env.items():
        if k.startswith("ZHENWEI_"):
            monkeypatch.setenv(k, v)
    assert main(["lexicon", "draft", "create", "--name", "cli draft"]) == 0
    draft_id = capsys.readouterr().out.strip()
    assert main(["lexicon", "draft", "add-op", draft_id, "entry.add", "--json", json.dumps({"entity": NEW})]) == 0
    assert main(["lexicon", "draft", "add-op", draft_id, "entry.add", "--json", "{bad"]) == 2
    capsys.readouterr()
    assert main(["lexicon", "draft", "show", draft_id, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "open" and [o["kind"] for o in shown["ops"]] == ["entry.add"]
    inp = tmp_path / "in.jsonl"
    write_jsonl(inp, ROWS)
    assert main(["batch", "whatif", "--draft", draft_id, str(inp), "--json", "--sample", "0"]) == 0
    assert json.loads(capsys.readouterr().out)["rows_differ"] == len(HOLDING)
    assert main(["lexicon", "draft", "publish", draft_id]) == 0
    assert "published draft" in capsys.readouterr().out
    assert main(["lexicon", "draft", "list", "--all", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(x["status"], x["closed_by"]) for x in listed] == [("published", cli_actor())]
    from service.store import open_store

    store = open_store(batch_env["ZHENWEI_DATABASE_URL"])
    try:
        adds = [e for e in store.audit.list("media.hongyan") if e.action == "entity.add"]
        assert [e.actor for e in adds] == [cli_actor()]
    finally:
        store.close()
    assert main(["lexicon", "draft", "discard", draft_id, "--reason", "late"]) == 2  # published already
