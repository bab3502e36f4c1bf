"""``zhenwei batch whatif --draft ID IN``: what a lexicon draft would change on a file of profiles.

Every readable row of IN is screened twice in one process: under the live lexicon, and under
the live lexicon with the draft applied (:meth:`service.lexicon.draft.DraftService.draft_data`,
compiled aside by :func:`service.screening.build_engine`; the avatar is decoded and read once
and its evidence reused). A row is reported when the two results differ in decision, findings
(field, category, entity, matched text and place, techniques, severity) or required
credentials. The report (``--out``, JSONL) holds one line per differing row with both
decisions and the findings only one side has; the summary (printed, and the report's
``.summary.json``) counts rows, differing rows by kind (``decision`` or ``findings``), by
decision change (``ALLOW→REVIEW``) and by the category of the findings added or removed, and
shows the first ``--sample`` differing rows.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TextIO

from service.batch import formats
from service.domain.errors import InvalidArgument


def _finding_brief(f) -> dict:
    return {"field": f.field.value, "category": f.category.value, "entity_id": f.entity_id,
            "entity_name": f.entity_name, "matched_text": f.matched_text, "start": f.start, "end": f.end,
            "techniques": sorted(t.value for t in f.techniques), "severity": f.severity.name}


def run_whatif(app, draft_id: int, input_path: str | Path, report_path: str | Path | None = None,
               sample: int = 20) -> dict:
    """Screens ``input_path`` under the live lexicon and under live + draft; returns the summary."""
    from service.batch.job import _read_avatar
    from service.domain.errors import InvalidArgument as Invalid
    from service.domain.models import Profile
    from service.screening import build_engine, compare_results

    input_path = Path(input_path)
    if sample < 0:
        raise InvalidArgument("--sample must not be negative")
    live = app.lexicons.current()
    draft = app.drafts.repo.get(draft_id)
    engine = build_engine(app.lexicons, app.drafts.draft_data(draft_id, base=live.data))
    screener = app.screener
    rows = screened = rejected = 0
    kinds: Counter = Counter()
    transitions: Counter = Counter()
    categories: Counter = Counter()
    shown: list[dict] = []
    report: TextIO | None = None
    if report_path is not None:
        report_path = Path(report_path)
        report = open(report_path.with_name(report_path.name + ".tmp"), "w", encoding="utf-8", newline="\n")
    try:
        for r in formats.read_rows(input_path):
            rows += 1
            if r.error:
                rejected += 1
                continue
            try:
                avatar = (_read_avatar(input_path.parent, r.avatar_path, app.settings.max_avatar_bytes)
                          if r.avatar_path else b"")
                profile = Profile(account_id=r.account_id or "", name=r.name, bio=r.bio, avatar=avatar)
                screener.validate(profile)
                a, evidence = screener.screen_under(profile, live)
                b, _ = screener.screen_under(profile, engine, avatar=evidence)
            except Invalid:
                rejected += 1
                continue
            screened += 1
            diff = compare_results(a, b)
            if diff is None:
                continue
            kinds[diff["kind"]] += 1
            if diff["kind"] == "decision":
                transitions[f"{diff['live']}→{diff['draft']}"] += 1
            cats = {f.category.value for f in (*diff["removed"], *diff["added"])}
            categories.update(cats or {"credentials"})
            line = {"row": r.row, "account_id": r.account_id, "kind": diff["kind"],
                    "live_decision": diff["live"], "draft_decision": diff["draft"],
                    "removed": [_finding_brief(f) for f in diff["removed"]],
                    "added": [_finding_brief(f) for f in diff["added"]]}
            if a.credential_required != b.credential_required:
                line["credential_required"] = {"live": [d.value for d in a.credential_required],
                                               "draft": [d.value for d in b.credential_required]}
            if len(shown) < sample:
                shown.append(line)
            if report is not None:
                report.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
        summary = {"draft": draft_id, "draft_name": draft.name, "input": str(input_path),
                   "live_version": live.version, "rows_in": rows, "rows_screened": screened,
                   "rows_rejected": rejected, "rows_differ": sum(kinds.values()),
                   "by_kind": dict(sorted(kinds.items())), "decision_changes": dict(transitions.most_common()),
                   "categories": dict(categories.most_common()), "sample": shown}
        if report is not None:
            report.close()
            Path(report.name).replace(report_path)
            report = None
            summary["report"] = str(report_path)
            report_path.with_name(report_path.name + ".summary.json").write_text(
                json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return summary
    finally:
        if report is not None:
            report.close()
            Path(report.name).unlink(missing_ok=True)


def format_whatif(summary: dict) -> str:
    def counts(d: dict) -> str:
        return ", ".join(f"{k} {v:,}" for k, v in d.items()) or "none"

    lines = [f"draft {summary['draft']} ({summary['draft_name']}) over lexicon {summary['live_version']}: "
             f"{summary['rows_differ']:,} of {summary['rows_screened']:,} screened rows would change "
             f"({summary['rows_rejected']:,} rows not screenable)",
             f"by kind: {counts(summary['by_kind'])}",
             f"decision changes: {counts(summary['decision_changes'])}",
             f"categories of changed findings: {counts(summary['categories'])}"]
    for s in summary["sample"]:
        ents = lambda fs: ", ".join(sorted({f["entity_name"] for f in fs})) or "-"  # noqa: E731
        lines.append(f"  row {s['row']} ({s['account_id']}): {s['live_decision']} → {s['draft_decision']}; "
                     f"+[{ents(s['added'])}] -[{ents(s['removed'])}]")
    if summary.get("report"):
        lines.append(f"every differing row: {summary['report']}")
    return "\n".join(lines)
