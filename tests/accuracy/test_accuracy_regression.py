"""Accuracy regression over the project's own labelled cases.

``hand_cases.jsonl`` (hand-written: real disguises, traps, professional claims) and
``generated_cases.jsonl`` (``build_cases.py``: lexicon names disguised, and
ordinary nicknames) are screened in-process. Scoring follows the rules of the
shared evaluator: the decision must be an accepted one, some finding must carry
an accepted category and (where given) name an accepted entity, expected
credential domains must be required, and a benign case must require none.

The test fails when flagged-recall or credential-recall falls below, or
benign-FPR rises above, ``baseline.json``. After a real improvement, raise the
baseline with ``ZHENWEI_UPDATE_ACCURACY_BASELINE=1 pytest tests/accuracy``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from service.app import App
from service.config import Settings
from service.domain.models import Profile

HERE = Path(__file__).parent
BASELINE = HERE / "baseline.json"


def load_cases():
    cases = []
    for name in ("hand_cases.jsonl", "generated_cases.jsonl"):
        with open(HERE / name, encoding="utf-8") as fh:
            cases.extend(json.loads(line) for line in fh if line.strip())
    return cases


def passes(expect, result) -> bool:
    categories = {f.category.name for f in result.findings}
    entities = {f.entity_name for f in result.findings}
    required = {d.name for d in result.credential_required}
    return (result.decision.name in expect["decision"]
            and (not expect["categories"] or bool(categories & set(expect["categories"])))
            and (not expect["entities"] or bool(entities & set(expect["entities"])))
            and set(expect["credential"]) <= required
            and not (expect["decision"] == ["ALLOW"] and required))


def group(expect) -> str:
    if expect["decision"] == ["ALLOW"]:
        return "benign"
    return "credential" if expect["credential"] and not expect["categories"] else "flag"


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    app = App(Settings(database_url=f"sqlite:///{tmp_path_factory.mktemp('acc') / 'a.sqlite3'}",
                       secret_key="accuracy-test"))
    try:
        out = []
        for c in load_cases():
            r = app.screener.screen(Profile(account_id=c["id"], name=c["name"], bio=c.get("bio", "")))
            out.append((c, r, passes(c["expect"], r)))
        return out
    finally:
        app.close()


def metrics(scored):
    tally = {"flag": [0, 0], "benign": [0, 0], "credential": [0, 0]}
    for c, _, ok in scored:
        t = tally[group(c["expect"])]
        t[0] += ok
        t[1] += 1
    return {"flag_recall": round(tally["flag"][0] / tally["flag"][1], 4),
            "benign_fpr": round(1 - tally["benign"][0] / tally["benign"][1], 4),
            "credential_recall": round(tally["credential"][0] / tally["credential"][1], 4),
            "cases": len(scored)}


def test_accuracy_does_not_regress(scored):
    got = metrics(scored)
    misses = "\n".join(f"  {c['id']} {c['name']!r} bio={c.get('bio', '')!r}: want {c['expect']['decision']} "
                       f"{c['expect']['categories']}, got {r.decision.name} "
                       f"{[(f.category.name, f.entity_name) for f in r.findings]}"
                       for c, r, ok in scored if not ok)
    if os.environ.get("ZHENWEI_UPDATE_ACCURACY_BASELINE") == "1":
        BASELINE.write_text(json.dumps(got, indent=2) + "\n", encoding="utf-8")
    base = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert got["cases"] == base["cases"], "the labelled set changed: rebuild the baseline"
    assert got["flag_recall"] >= base["flag_recall"], f"recall fell: {got} vs {base}\n{misses}"
    assert got["credential_recall"] >= base["credential_recall"], f"credential recall fell: {got}\n{misses}"
    assert got["benign_fpr"] <= base["benign_fpr"], f"false positives rose: {got} vs {base}\n{misses}"


def test_every_technique_family_is_mostly_caught(scored):
    """A floor per kind, so a whole technique cannot silently stop working."""
    by_kind: dict[str, list[int]] = {}
    for c, _, ok in scored:
        by_kind.setdefault(c["expect"]["kind"], [0, 0])
        by_kind[c["expect"]["kind"]][0] += ok
        by_kind[c["expect"]["kind"]][1] += 1
    weak = {k: v for k, v in by_kind.items() if v[0] / v[1] < 0.8}
    assert not weak, f"kinds under 80 %: {weak}"
