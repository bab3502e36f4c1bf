#!/usr/bin/env python3
"""Detection quality of the engine beside two standard confusable-detection anchors.

    .venv/bin/python bench/compare_anchors.py [--cases ../shared/eval/dev_names.jsonl]
                                              [--eval-script ../shared/eval/screen_eval.py]
                                              [--show-misses]

Scores the labelled cases with three screeners in one run, using the pass/fail
rule of the shared evaluator (its ``judge``, ``group_of`` and ``summarize`` are
imported from ``screen_eval.py`` by path, not copied):

1. ``ours``: the project's data plane in-process, ``App(...).screener.screen(Profile)``
   on a fresh SQLite store, timed per case.
2. ``icu-skeleton``: UTS #39 skeletons from ICU's SpoofChecker (PyICU,
   ``SpoofChecker().getSkeleton(0, text)``). A protected name matches a field
   when its skeleton is a substring of the field's skeleton.
3. ``disarm``: ``disarm.nearest_match(canonicalize(field), [canonicalize(p) ...])``
   with its documented default ``max_distance=1`` (Levenshtein over code points,
   after disarm's ``canonicalize``: NFKC, invisible/bidi stripping, TR39 fold),
   so a field matches when the *whole* field is within one edit of a protected
   name; its docs name ``canonicalize`` as the reduction to apply first.

Protected names for both anchors: every entity name, alias and abbreviation
(category and canonical name from the entity) and every division name and short
name (category REGION, canonical name the division's name) of the bundled
lexicon. A finding names the entity's canonical name, except that an alias
written wholly in Han characters is named as written (新华社 for 新华通讯社):
that is how the engine reports it, and the labels follow the engine. Anchor decision rule, per matched protected name in the name or bio:
REJECT when the raw field does not contain the protected name itself (a
confusable), REVIEW when it does; the profile's decision is the strictest, and
every matched name is reported as a finding. Anchors detect no credential claims
(``credential_required`` is always empty).

Exit status: 0 when every case was screened by every screener; 1 when any screen
call raised (the case is scored as a miss and listed); 2 when the anchors, the
evaluator or the cases cannot be loaded.
"""
from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_CASES = ROOT.parent / "shared" / "eval" / "dev_names.jsonl"
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "screen_eval.py"
STRICTNESS = {"ALLOW": 0, "REVIEW": 1, "REJECT": 2}


def die(msg: str) -> None:
    print(f"compare_anchors: {msg}", file=sys.stderr)
    sys.exit(2)


try:
    import disarm
    import icu
except ImportError as e:  # fail loudly: an anchor that is not there is not a score of zero
    die(f"an anchor package is missing ({e}); install them with "
        f"scripts/install_bench_deps.sh .venv/bin/pip (or `make bench`)")

from service.app import App  # noqa: E402
from service.config import Settings  # noqa: E402
from service.domain.models import Profile  # noqa: E402
from service.lexicon.loader import load_bundled  # noqa: E402


def load_evaluator(path: Path):
    if not path.is_file():
        die(f"evaluator not found: {path}")
    spec = importlib.util.spec_from_file_location("screen_eval", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("judge", "group_of", "summarize", "summary_line"):
        if not callable(getattr(module, name, None)):
            die(f"{path} has no function {name}()")
    return module


def load_cases(path: Path) -> list[dict]:
    if not path.is_file():
        die(f"cases not found: {path}")
    cases = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
                case["id"], case["name"], case["expect"]  # noqa: B018 - required keys
            except (ValueError, KeyError) as e:
                die(f"{path} line {n}: bad case ({e})")
            cases.append(case)
    if not cases:
        die(f"{path} has no cases")
    return cases


# ---------------------------------------------------------------- protected names

@dataclass(frozen=True)
class Protected:
    surface: str  # the string as written in the lexicon
    category: str  # Category enum name
    entity_name: str  # canonical name reported in findings


def is_cjk_text(s: str) -> bool:
    return bool(s) and all("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in s)


def protected_names(lexicon_dir: str) -> list[Protected]:
    data = load_bundled(lexicon_dir)
    out: set[Protected] = set()
    for ent in data.entities.values():
        for surface in (ent.name, *ent.abbreviations):
            if surface:
                out.add(Protected(surface, ent.category.name, ent.name))
        for alias in ent.aliases:
            if alias:  # named the way the project reports it, which the labels follow
                out.add(Protected(alias, ent.category.name, alias if is_cjk_text(alias) else ent.name))
    for div in data.divisions.values():
        for surface in (div.name, div.short_name):
            if surface:
                out.add(Protected(surface, "REGION", div.name))
    if not out:
        die(f"no protected names in {lexicon_dir}")
    return sorted(out, key=lambda p: (p.surface, p.category, p.entity_name))


def anchor_result(hits: list[tuple[Protected, str]]) -> dict:
    """hits: (protected name, raw field text it matched in) -> the dict judge() reads."""
    findings, seen, decision = [], set(), "ALLOW"
    for prot, raw in hits:
        d = "REVIEW" if prot.surface in raw else "REJECT"
        if STRICTNESS[d] > STRICTNESS[decision]:
            decision = d
        key = (prot.category, prot.entity_name, d)
        if key not in seen:
            seen.add(key)
            findings.append({"category": prot.category, "entity_name": prot.entity_name,
                             "techniques": ["EXACT"] if d == "REVIEW" else ["HOMOGLYPH"]})
    return {"decision": decision, "findings": findings, "credential_required": []}


# ---------------------------------------------------------------- screeners

class Ours:
    name = "ours"

    def __init__(self, tmpdir: str):
        self.app = App(Settings(database_url=f"sqlite:///{tmpdir}/x.sqlite3"))
        self.describe = f"service.app.App, lexicon {self.app.lexicon_version()}"

    def screen(self, case: dict) -> dict:
        r = self.app.screener.screen(Profile(account_id=case["id"], name=case["name"],
                                             bio=case.get("bio", "")))
        return {
            "decision": r.decision.name,
            "findings": [{"category": f.category.name, "entity_name": f.entity_name,
                          "techniques": [t.name for t in f.techniques]} for f in r.findings],
            "credential_required": [d.name for d in r.credential_required],
        }

    def close(self) -> None:
        self.app.close()


class IcuSkeleton:
    name = "icu-skeleton"

    def __init__(self, names: list[Protected]):
        self.checker = icu.SpoofChecker()
        self.names = [(s, p) for p in names if (s := self.skeleton(p.surface))]
        self.describe = (f"PyICU {icu.VERSION}, ICU {icu.ICU_VERSION}, Unicode {icu.UNICODE_VERSION}; "
                         f"SpoofChecker.getSkeleton substring, {len(self.names)} protected names")

    def skeleton(self, text: str) -> str:
        return self.checker.getSkeleton(0, text)  # type argument ignored since ICU 58

    def screen(self, case: dict) -> dict:
        hits = []
        for raw in (case["name"], case.get("bio", "")):
            if not raw:
                continue
            skel = self.skeleton(raw)
            hits.extend((p, raw) for s, p in self.names if s in skel)
        return anchor_result(hits)

    def close(self) -> None:
        pass


class Disarm:
    name = "disarm"

    def __init__(self, names: list[Protected]):
        by_key: dict[str, list[Protected]] = collections.defaultdict(list)
        for p in names:
            key = disarm.canonicalize(p.surface)
            if key:
                by_key[key].append(p)
        self.by_key = dict(by_key)
        self.candidates = sorted(self.by_key)  # ties go to the first: make the order explicit
        self.describe = (f"disarm {disarm.__version__}; nearest_match(canonicalize(field), "
                         f"{len(self.candidates)} canonicalized names), default max_distance=1")

    def screen(self, case: dict) -> dict:
        hits = []
        for raw in (case["name"], case.get("bio", "")):
            value = disarm.canonicalize(raw) if raw else ""
            if not value:
                continue
            m = disarm.nearest_match(value, self.candidates)
            if m is not None:
                hits.extend((p, raw) for p in self.by_key[m.value])
        return anchor_result(hits)

    def close(self) -> None:
        pass


# ---------------------------------------------------------------- scoring

def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(q / 100 * (len(values) - 1)))))
    return values[k]


def run(screener, cases: list[dict], ev) -> dict:
    by_kind = collections.defaultdict(lambda: [0, 0])
    times, misses, errors = [], [], 0
    for case in cases:
        t0 = time.perf_counter()
        try:
            got = screener.screen(case)
        except Exception as e:  # noqa: BLE001 - scored as a miss, counted, and fails the run
            got = {"decision": f"ERROR {type(e).__name__}: {e}", "findings": [], "credential_required": []}
            errors += 1
        times.append(time.perf_counter() - t0)
        ok = ev.judge(case["expect"], got)
        kind = f"{ev.group_of(case['expect'])}:{case['expect']['kind'] or '-'}"
        by_kind[kind][0] += ok
        by_kind[kind][1] += 1
        if not ok:
            misses.append((case, got))
    return {"by_kind": by_kind, "summary": ev.summarize(by_kind), "times": times,
            "misses": misses, "errors": errors}


def report(screener, res: dict, ev, show_misses: bool) -> None:
    print(f"\n== {screener.name}: {screener.describe}")
    print(f"{'kind':<28} pass/total")
    for k in sorted(res["by_kind"]):
        print(f"{k:<28} {res['by_kind'][k][0]}/{res['by_kind'][k][1]}")
    t = res["times"]
    print(f"per case: p50 {statistics.median(t) * 1e3:.3f} ms  p99 {pct(t, 99) * 1e3:.3f} ms  "
          f"({len(t)} cases, {sum(t):.2f} s), {res['errors']} errors")
    if show_misses:
        print("misses:")
        for case, got in res["misses"]:
            print(f"  {case['id']} {case['name']!r} bio={case.get('bio', '')!r}\n"
                  f"    expected {case['expect']}\n    got      {got}")
    print(ev.summary_line(res["summary"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    ap.add_argument("--eval-script", type=Path, default=DEFAULT_EVAL,
                    help="the shared screen_eval.py whose judge/group_of/summarize decide pass/fail")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()

    ev = load_evaluator(args.eval_script)
    cases = load_cases(args.cases)
    print(f"{len(cases)} cases from {args.cases}; pass rule from {args.eval_script}")

    with tempfile.TemporaryDirectory(prefix="zhenwei-anchors-") as tmpdir:
        t0 = time.perf_counter()
        ours = Ours(tmpdir)
        print(f"ours: App built in {time.perf_counter() - t0:.2f} s")
        names = protected_names(ours.app.settings.lexicon_dir)
        t0 = time.perf_counter()
        anchors = [IcuSkeleton(names), Disarm(names)]
        print(f"anchors: {len(names)} protected names, built in {time.perf_counter() - t0:.2f} s")
        results = []
        try:
            for screener in (ours, *anchors):
                res = run(screener, cases, ev)
                report(screener, res, ev, args.show_misses)
                results.append((screener, res))
        finally:
            for screener in (ours, *anchors):
                screener.close()

    print("\nsummary:")
    width = max(len(s.name) for s, _ in results)
    for screener, res in results:
        print(f"{screener.name:<{width}}  {ev.summary_line(res['summary'])}")
    errors = sum(res["errors"] for _, res in results)
    if errors:
        print(f"compare_anchors: {errors} screen calls raised (see the misses with --show-misses)",
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
