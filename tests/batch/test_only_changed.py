"""``batch screen --only-changed PREV``: rows a lexicon change cannot affect keep their earlier
result, rows holding a changed surface (as written, traditional, pinyin) are screened again, and
the output always equals a full run's; when the change set cannot be derived, every row is screened."""
from __future__ import annotations

import json
import dataclasses

import pytest
from conftest import profiles, write_jsonl

from service.batch import formats
from service.batch.job import JobConfig, run
from service.domain.models import Profile

NEW = {"id": "media.hongyan", "name": "鸿雁传书网", "category": "NEWS_MEDIA"}
#: every character a row may share with the new entry (as written, normalised, traditional)
SURFACE_CHARS = set("鸿雁传书网鴻傳書網")
EXTRA = [
    {"account_id": "x-plain", "name": "鸿雁传书网官方", "bio": ""},
    {"account_id": "x-trad", "name": "鴻雁傳書網", "bio": ""},
    {"account_id": "x-bio", "name": "山间清风", "bio": "关注鸿雁传书网"},
    {"account_id": "x-pinyin", "name": "hongyanchuanshuwang", "bio": ""},
]


def _input(tmp_path):
    data = profiles(60, seed=5) + EXTRA
    inp = tmp_path / "in.jsonl"
    write_jsonl(inp, data)
    return inp, data


def _cfg(inp, out, **kw):
    return JobConfig(inp, out, workers=1, chunk_size=16, progress="none", **kw)


def _publish(settings, entity=NEW, actor="cli:tester"):
    from service.app import App

    app = App(settings)
    try:
        d = app.drafts.create("add", "", actor)
        app.drafts.add_op(d.id, "entry.add", {"entity": entity}, actor)
        return app.drafts.publish(d.id, actor)[1]
    finally:
        app.close()


def _touches(row: dict) -> bool:
    text = row["name"] + row["bio"]
    return bool(SURFACE_CHARS & set(text)) or any(c.isascii() and c.isalpha() for c in text)


def test_only_changed_copies_unaffected_rows_and_rescreens_the_rest(tmp_path, batch_settings):
    inp, data = _input(tmp_path)
    first = tmp_path / "first.jsonl"
    s1 = run(_cfg(inp, first), batch_settings)
    assert s1["lexicon_state"]["version"] == s1["lexicon_version"] and s1["code_fingerprint"]
    version = _publish(batch_settings)

    second = tmp_path / "second.jsonl"
    s2 = run(_cfg(inp, second, only_changed=first, check_share=0.0), batch_settings)
    full = tmp_path / "full.jsonl"
    run(_cfg(inp, full), batch_settings)

    only = s2["only_changed"]
    assert only["mode"] == "rule" and only["changes"]["entries_added"] == 1
    touching = [r for r in data if _touches(r)]
    assert only["rows_skipped"] == len(data) - len(touching) > 0
    assert only["rows_rescreened"] == len(touching)
    # the output is the one a full run gives under the new lexicon, version included
    assert formats.read_results(second) == formats.read_results(full)
    got = {r["account_id"]: r for r in formats.read_results(second)}
    for x in EXTRA:  # every form of the added entry was screened again and found
        assert "media.hongyan" in {f["entity_id"] for f in got[x["account_id"]]["findings"]}, x
        assert got[x["account_id"]]["lexicon_version"] == version
    assert "copied from first.jsonl" in __import__("service.batch.job", fromlist=["x"]).format_summary(s2)


def test_checked_copies_agree_and_a_second_only_changed_run_copies_everything(tmp_path, batch_settings):
    inp, data = _input(tmp_path)
    first = tmp_path / "first.jsonl"
    run(_cfg(inp, first), batch_settings)
    _publish(batch_settings)
    second = tmp_path / "second.csv"
    s2 = run(_cfg(inp, second, only_changed=first, check_share=0.5), batch_settings)
    assert s2["only_changed"]["rows_checked"] > 0 and s2["only_changed"]["check_mismatches"] == 0
    # nothing changed since the second run: every screened row is copied (from a CSV this time)
    third = tmp_path / "third.parquet"
    s3 = run(_cfg(inp, third, only_changed=second, check_share=0.0), batch_settings)
    assert s3["only_changed"]["changes"]["surfaces"] == 0
    assert s3["only_changed"]["rows_skipped"] == s3["rows_screened"] == len(data)
    assert formats.read_results(third) == formats.read_results(second)


def test_a_changed_alias_rescreens_rows_with_the_old_and_the_new_alias(tmp_path, batch_settings):
    from service.app import App

    rows = [{"account_id": "old", "name": "中科院官方", "bio": ""},      # the abbreviation that goes
            {"account_id": "new", "name": "科学院北分", "bio": ""},      # shares characters with the new one
            {"account_id": "none", "name": "会下车的河流", "bio": ""}]
    inp = tmp_path / "in.jsonl"
    write_jsonl(inp, rows)
    first = tmp_path / "first.jsonl"
    run(_cfg(inp, first), batch_settings)
    app = App(batch_settings)
    try:
        d = app.drafts.create("rename", "", "t")
        app.drafts.add_op(d.id, "entry.update", {"id": "inst.cas", "changes": {"abbreviations": ["国科院"]}}, "t")
        app.drafts.publish(d.id, "t")
    finally:
        app.close()
    second = tmp_path / "second.jsonl"
    s2 = run(_cfg(inp, second, only_changed=first, check_share=0.0), batch_settings)
    assert s2["only_changed"]["rows_skipped"] == 1 and s2["only_changed"]["rows_rescreened"] == 2
    full = tmp_path / "full.jsonl"
    run(_cfg(inp, full), batch_settings)
    assert formats.read_results(second) == formats.read_results(full)


def _rewrite_summary(path, change):
    p = path.with_name(path.name + ".summary.json")
    s = json.loads(p.read_text(encoding="utf-8"))
    change(s)
    p.write_text(json.dumps(s, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("case,why", [
    ("no_state", "does not record its lexicon state"),
    ("other_input", "different input"),
    ("other_code", "screening code"),
    ("other_base", "bundled lexicon files changed"),
])
def test_everything_is_rescreened_when_the_change_set_cannot_be_derived(tmp_path, batch_settings, case, why):
    inp, data = _input(tmp_path)
    first = tmp_path / "first.jsonl"
    run(_cfg(inp, first), batch_settings)
    if case == "no_state":
        _rewrite_summary(first, lambda s: s.pop("lexicon_state"))
    elif case == "other_input":
        _rewrite_summary(first, lambda s: s["key"].update(input_sha256="0" * 64))
    elif case == "other_code":
        _rewrite_summary(first, lambda s: s.update(code_fingerprint="f" * 64))
    else:
        _rewrite_summary(first, lambda s: s["lexicon_state"].update(digest="e" * 64))
    second = tmp_path / "second.jsonl"
    s2 = run(_cfg(inp, second, only_changed=first), batch_settings)
    assert s2["only_changed"]["mode"] == "all" and why in s2["only_changed"]["reason"]
    assert s2["only_changed"]["rows_skipped"] == 0 and s2["only_changed"]["rows_rescreened"] == len(data)


def test_rows_of_accounts_with_credentials_or_avatars_are_rescreened(tmp_path, batch_settings):
    from service.app import App
    from service.batch.changes import SkipRule
    from service.batch.job import screen_rows

    app = App(batch_settings)
    try:
        rule = SkipRule(frozenset("鸿"), frozenset(), frozenset({"media.x"}), check_share=0.0)
        from service.domain.models import Profile

        def earlier(row, account_id, **extra):
            rec = formats.result_record(row, app.screener.screen(Profile(account_id=account_id, name="会下车的河流")))
            return {**rec, "lexicon_version": "old", **extra}

        prev = {1: earlier(1, "a"), 2: earlier(2, "b"), 3: earlier(3, "c", findings=[{"entity_id": "media.x"}]),
                4: earlier(4, "other")}
        rows = [(1, 1, "a", "会下车的河流", "", "", "", ""), (2, 2, "b", "会下车的河流", "", "pic.png", "", ""),
                (3, 3, "c", "会下车的河流", "", "", "", ""), (4, 4, "d", "会下车的河流", "", "", "", ""),
                (5, 5, "e", "鸿运当头", "", "", "", "")]
        out = screen_rows(app, rows, tmp_path, rule, prev)
        kinds = [k for k, _ in out]
        # copied; avatar → screened (reject: no such file); finding of a changed target; other account;
        # a row holding a changed surface's character (and no earlier result)
        assert kinds == ["c", "x", "r", "r", "r"]
        assert out[0][1]["lexicon_version"] == app.lexicon_version()
        # an account that holds a credential verification (any status) is screened again
        real = app.store.credentials.verifications_for
        app.store.credentials.verifications_for = lambda account_id, *a, **k: ["v"] if account_id == "a" else []
        try:
            assert screen_rows(app, rows[:1], tmp_path, rule, prev)[0][0] == "r"
        finally:
            app.store.credentials.verifications_for = real
        # a copy picked for the check is screened and compared
        checked = screen_rows(app, rows[:1], tmp_path, dataclasses.replace(rule, check_share=1.0), prev)
        assert checked[0][0] == "v"
        wrong = {1: {**prev[1], "decision": "REJECT"}}
        assert screen_rows(app, rows[:1], tmp_path, dataclasses.replace(rule, check_share=1.0), wrong)[0][0] == "m"
    finally:
        app.close()


def test_the_rule_covers_folded_and_spelled_forms(batch_settings):
    from service.app import App
    from service.batch.changes import make_rule
    from service.lexicon.draft import LexiconChanges

    app = App(batch_settings)
    try:
        lex = app.lexicons
        rule = make_rule(LexiconChanges(frozenset({"media.hongyan"}), frozenset({"鸿雁传书网"}), frozenset(), {}),
                         lex.normalizer, lex.similarity)
        n = lex.normalizer
        for text in ("鸿雁传书网", "鴻雁傳書網", "ｈｏｎｇｙａｎ", "HYCSW", "鸿 雁", "关注鴻"):
            assert rule.text_may_match(n, text), text
        for text in ("会下车的河流", "人民日报", "1234", ""):
            assert not rule.text_may_match(n, text), text
    finally:
        app.close()


def test_every_row_a_change_affects_is_flagged_by_the_rule(batch_settings):
    """Soundness on disguised forms: texts holding the added name with lookalike and homophone swaps,
    inserted characters, pinyin, initials and mixed scripts, next to ordinary and protected names;
    every text whose result differs under the new lexicon must be one the rule re-screens."""
    import itertools

    from service.app import App
    from service.batch.changes import make_rule
    from service.domain.lexicon import Entity
    from service.domain.models import Category
    from service.lexicon.draft import lexicon_changes
    from service.screening import build_engine, compare_results

    app = App(batch_settings)
    try:
        lex = app.lexicons
        old = lex.current().data
        new_entity = Entity(id="media.hongyan", name="鸿雁传书网", category=Category.NEWS_MEDIA,
                            aliases=("鸿雁传书",), origin="store")
        new = dataclasses.replace(old, entities={**old.entities, new_entity.id: new_entity})
        changes, why = lexicon_changes(old, new)
        assert changes is not None and changes.targets == {"media.hongyan"}, why
        rule = make_rule(changes, lex.normalizer, lex.similarity)
        engine_old, engine_new = build_engine(lex, old), build_engine(lex, new)
        sim = lex.similarity
        name = "鸿雁传书网"
        variants = {name, "鴻雁傳書網", "hongyanchuanshuwang", "hycsw", "鸿雁chuan书网", "hong雁传书网", "鸿雁传书大网",
                    "网书传雁鸿", "鸿 雁 传 书 网"}
        for i, ch in enumerate(name):  # one lookalike or homophone swapped in
            swaps = [b for (a, b) in sim.shape if a == ch][:3]
            reading = sim.primary_reading(ch)
            swaps += [c for c, rs in list(sim.readings.items())[:20000] if rs and rs[0] == reading and c != ch][:3]
            variants.update(name[:i] + s + name[i + 1:] for s in swaps)
        for i, j in itertools.combinations(range(len(name)), 2):  # two homophones swapped in
            ri, rj = sim.primary_reading(name[i]), sim.primary_reading(name[j])
            a = next((c for c, rs in sim.readings.items() if rs and rs[0] == ri and c != name[i]), None)
            b = next((c for c, rs in sim.readings.items() if rs and rs[0] == rj and c != name[j]), None)
            if a and b:
                t = list(name)
                t[i], t[j] = a, b
                variants.add("".join(t))
        texts = [v + tail for v in variants for tail in ("", "官方", "，人民日报")] + \
            ["会下车的河流", "人民日报", "新华书店的老顾客", "长城网", "中国青年报官方", "hello world", "abc123"]
        flagged_changes = 0
        for text in texts:
            p = Profile(account_id="t", name=text[:60])
            a, _ = app.screener.screen_under(p, engine_old)
            b, _ = app.screener.screen_under(p, engine_new)
            if compare_results(a, b) is not None:
                flagged_changes += 1
                assert rule.text_may_match(lex.normalizer, p.name), text
        assert flagged_changes >= 10  # the corpus does exercise the change
    finally:
        app.close()
