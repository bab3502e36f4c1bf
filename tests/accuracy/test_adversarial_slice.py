"""CI gate on a fixed slice of the adversarial evaluation (``bench/adversarial_eval.py``).

``adversarial_slice.jsonl`` holds attacks built from sources the matcher does not read
(rendered glyphs, pypinyin homophones, OpenCC, Unicode confusables, pinyin spellings,
separators, invisible characters, bidi overrides; 12 per technique × one/two swaps) on
lexicon names, and 2,000 profiles of the benign corpus. It was written once by
``bench/adversarial_eval.py --write-slice`` (seed 13) and is screened here in-process.

A hit is REVIEW/REJECT with a finding naming the target (``bench/adversarial/judge.py``);
a false positive is a benign profile whose decision is not ALLOW. Benign profiles that the
current lexicon makes non-benign (a newly listed name in them: ``benign_filter.py`` rules
1–4) are left out and counted.

The test fails when recall falls below ``adversarial_baseline.json`` for any technique or
for one or two swaps overall, or when the FPR rises above it. After a real improvement,
record the new level with ``ZHENWEI_UPDATE_ADVERSARIAL_BASELINE=1 pytest tests/accuracy``.
"""
from __future__ import annotations

import collections
import json
import os
import sys
from pathlib import Path

import pytest

from service.app import App
from service.config import Settings
from service.domain.models import Profile

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
SLICE = HERE / "adversarial_slice.jsonl"
BASELINE = HERE / "adversarial_baseline.json"

sys.path.insert(0, str(ROOT / "bench"))
from adversarial.attacks import apply_edits  # noqa: E402
from adversarial.benign_filter import BenignFilter  # noqa: E402
from adversarial.judge import is_hit  # noqa: E402


def load_slice() -> list[dict]:
    with open(SLICE, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    a = App(Settings(database_url=f"sqlite:///{tmp_path_factory.mktemp('adv') / 'a.sqlite3'}",
                     secret_key="adversarial-slice"))
    try:
        yield a
    finally:
        a.close()


@pytest.fixture(scope="module")
def benign_filter(app):
    return BenignFilter(app.lexicons.current().data)


@pytest.fixture(scope="module")
def scored(app, benign_filter):
    out = []
    for c in load_slice():
        if c["kind"] == "benign" and (benign_filter.reason(c["name"]) or benign_filter.reason(c["bio"])):
            out.append((c, None, None))  # no longer benign under this lexicon
            continue
        r = app.screener.screen(Profile(account_id=c["id"], name=c["name"], bio=c.get("bio", "")))
        findings = [(f.category.name, f.entity_name) for f in r.findings]
        ok = (is_hit(c["target"], r.decision.name, findings) if c["kind"] == "attack"
              else r.decision.name == "ALLOW")
        out.append((c, r, ok))
    return out


def metrics(scored) -> dict:
    per = collections.defaultdict(lambda: [0, 0])
    benign = [0, 0]
    dropped = 0
    for c, r, ok in scored:
        if c["kind"] == "attack":
            for key in (c["technique"], f"all-{c['k']}"):
                per[key][0] += ok
                per[key][1] += 1
        elif r is None:
            dropped += 1
        else:
            benign[0] += not ok
            benign[1] += 1
    return {"recall": {k: round(v[0] / v[1], 4) for k, v in sorted(per.items())},
            "fpr": round(benign[0] / benign[1], 4),
            "attacks": sum(v[1] for k, v in per.items() if not k.startswith("all-")),
            "benign": benign[1] + dropped, "benign_dropped": dropped}


def describe(scored, limit: int = 40) -> str:
    lines = []
    for c, r, ok in scored:
        if r is not None and not ok and len(lines) < limit:
            want = c["target"]["text"] if c["kind"] == "attack" else "ALLOW"
            lines.append(f"  {c['id']} {c.get('technique', c.get('benign_kind'))} {c['name']!r} "
                         f"(want {want}): {r.decision.name} "
                         f"{[(f.category.name, f.entity_name) for f in r.findings][:3]}")
    return "\n".join(lines)


def test_slice_is_the_recorded_one():
    cases = load_slice()
    attacks = [c for c in cases if c["kind"] == "attack"]
    techniques = collections.Counter(c["technique"] for c in attacks)
    assert len(attacks) >= 300 and len([c for c in cases if c["kind"] == "benign"]) == 2000
    assert len(techniques) >= 15 and min(techniques.values()) >= 12, techniques
    assert len({c["id"] for c in cases}) == len(cases)


def test_adversarial_recall_and_fpr_do_not_regress(scored):
    got = metrics(scored)
    if os.environ.get("ZHENWEI_UPDATE_ADVERSARIAL_BASELINE") == "1":
        BASELINE.write_text(json.dumps(got, indent=2) + "\n", encoding="utf-8")
    base = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert got["attacks"] == base["attacks"] and got["benign"] == base["benign"], \
        "the slice changed: record a new baseline"
    fell = {k: (got["recall"].get(k, 0.0), v) for k, v in base["recall"].items()
            if got["recall"].get(k, 0.0) < v}
    assert not fell, f"recall fell (now, baseline): {fell}\n{describe(scored)}"
    assert got["fpr"] <= base["fpr"], f"false positives rose: {got['fpr']} > {base['fpr']}\n{describe(scored)}"


def test_judge_wants_the_composed_name_not_the_bare_region():
    target = {"category": "COMPOSED", "finding_category": "PARTY_GOVERNMENT", "accept": ["甲市税务局"],
              "division": "甲市", "short": "甲", "canonical": "税务局", "pattern": "税务局"}
    assert is_hit(target, "REJECT", [("PARTY_GOVERNMENT", "甲市税务局")])
    assert not is_hit(target, "REVIEW", [("REGION", "甲市")])
    assert not is_hit(target, "ALLOW", [("PARTY_GOVERNMENT", "甲市税务局")])
    entity = {"category": "NEWS_MEDIA", "accept": ["乙日报", "乙报"]}
    assert is_hit(entity, "REVIEW", [("NEWS_MEDIA", "乙报")])
    assert not is_hit(entity, "REJECT", [("NEWS_MEDIA", "丙日报")])


def test_benign_filter_drops_protected_names_and_keeps_ordinary_words(app, benign_filter):
    data = app.lexicons.current().data
    entity = next(e for e in sorted(data.entities.values(), key=lambda e: e.id) if len(e.name) >= 4)
    div = next(d for d in sorted(data.divisions.values(), key=lambda d: d.code)
               if d.status == "current" and d.level == "prefecture" and len(d.short_name) == 2)
    suffix = next(p.pattern for p in data.patterns if p.position == "suffix" and len(p.pattern) >= 2)
    assert benign_filter.reason("我爱" + entity.name + "的早餐")
    assert benign_filter.reason(div.name + "美食")  # a full division name
    assert benign_filter.reason(div.short_name)  # a bare division
    assert benign_filter.reason(div.short_name + suffix)  # region + organ/media word
    phrase = "小" + div.short_name + "啊"
    assert benign_filter.reason(phrase) == ""  # rules 1-4 see no region here …
    assert benign_filter.reason(phrase, segment=lambda t: ["小", div.short_name, "啊"])  # … a segmenter does
    assert benign_filter.reason("温柔的晚风") == ""


def test_edits_apply_from_the_end_swaps_before_inserts():
    edits = [(1, "b", "B", "glyph"), (1, "", "-", "separator"), (3, "", "\u200b", "invisible")]
    assert apply_edits("abcd", edits) == "a-Bc\u200bd"
