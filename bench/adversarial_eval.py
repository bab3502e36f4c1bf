#!/usr/bin/env python3
"""Adversarial evaluation with an independent oracle, beside two plain anchors.

    .venv/bin/python bench/adversarial_eval.py [--per-cell 25] [--seed 13] [--no-anchors]
                                               [--benign bench/data/benign_corpus.jsonl.gz]
                                               [--json out.json] [--show-misses N]
                                               [--write-slice]

Builds attacks from sources the matcher does not read (``bench/adversarial/``:
rendered glyphs compared at run time, pypinyin's dictionary, OpenCC, Unicode
confusables from ``confusable_homoglyphs``, pinyin spellings, separators,
invisible characters, bidi overrides) on names sampled from the bundled lexicons
(entities, divisions, division × organ pattern), one and two at a time, with a
fixed seed: ``--per-cell`` targets for every technique × swap count × category.
Every attack goes into the name field of a profile screened in-process by
``App(...).screener``; a hit is REVIEW/REJECT with a finding naming the target
(``bench/adversarial/judge.py``). The benign corpus (``bench/benign_corpus.py``)
gives the false-positive rate (decision ≠ ALLOW).

Anchors, same lexicon, same run: plain substring search, and RapidFuzz
``partial_ratio`` at the threshold where its benign FPR is closest to the engine's
without exceeding it (and at 90).

``--write-slice`` writes the fixed CI slice (``tests/accuracy/adversarial_slice.jsonl``:
a seeded subset of these attacks and 2,000 benign profiles); the gate itself is
``tests/accuracy/test_adversarial_slice.py``.

Needs: Pillow, numpy, pypinyin, opencc (runtime deps), ``confusable-homoglyphs`` and a
CJK font (``pylopdf-fonts-zh-cn``, else Debian's Noto Sans CJK); the glyph bitmaps are
cached under ``var/bench-cache/``.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from adversarial.attacks import TECHNIQUES, Attacker, NotApplicable  # noqa: E402
from adversarial.judge import is_hit  # noqa: E402
from adversarial.targets import CATEGORIES, TargetPool  # noqa: E402

DEFAULT_BENIGN = ROOT / "bench" / "data" / "benign_corpus.jsonl.gz"
SLICE = ROOT / "tests" / "accuracy" / "adversarial_slice.jsonl"
MAX_NAME = 64


def die(msg: str) -> None:
    print(f"adversarial_eval: {msg}", file=sys.stderr)
    sys.exit(2)


def load_benign(path: Path) -> list[dict]:
    if not path.is_file():
        die(f"benign corpus not found: {path} (build it with .venv/bin/python bench/benign_corpus.py)")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def build_oracles():
    try:
        from adversarial.oracles import ConfusableOracle, GlyphOracle, HomophoneOracle, VariantOracle
        t0 = time.perf_counter()
        glyph = GlyphOracle()
        oracles = (glyph, HomophoneOracle(), VariantOracle(), ConfusableOracle())
    except (ImportError, FileNotFoundError) as e:
        die(f"an oracle cannot be built ({e}); pip install confusable-homoglyphs==3.3.1 and a CJK font")
    print(f"oracles: {glyph.describe()}; pypinyin dictionary; OpenCC; confusable_homoglyphs "
          f"{oracles[3].version} ({time.perf_counter() - t0:.1f} s)")
    return oracles


def make_attacks(pool: TargetPool, attacker: Attacker, per_cell: int, seed: int, surfaces: set[str]):
    attacks = []
    for technique in TECHNIQUES:
        for k in (1, 2):
            if technique == "combo" and k == 1:
                continue
            for category in CATEGORIES:
                rng = random.Random(f"{seed}|{technique}|{k}|{category}")
                got, seen, tries = 0, set(), 0
                while got < per_cell and tries < per_cell * 40:
                    tries += 1
                    target = pool.sample(category, rng)
                    try:
                        text, edits = attacker.attack(technique, k, target.text, rng)
                    except NotApplicable:
                        continue
                    folded = unicodedata.normalize("NFKC", text).lower()
                    if (text in seen or len(text) > MAX_NAME or folded == target.text
                            or folded in surfaces):
                        continue  # unchanged, too long for a name, or itself another protected name
                    seen.add(text)
                    attacks.append({"technique": technique, "k": k, "text": text,
                                    "target": target.as_dict(),
                                    "edits": [[p, o, n, t] for p, o, n, t in edits]})
                    got += 1
    return attacks


def prepare_glyphs(pool: TargetPool, glyph) -> None:
    chars = set()
    for targets in pool.entities.values():
        for t in targets:
            chars.update(t.text)
    for t in pool.regions:
        chars.update(t.text)
    for p in pool.patterns:
        chars.update(p.pattern)
    for d in pool.divisions:
        chars.update(d.short_name)
    glyph.prepare(sorted(chars))


def rate(hits: int, n: int, digits: int = 3) -> str:
    return f"{hits / n:.{digits}f} ({hits}/{n})" if n else "-"


def table(rows, header) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*header), *(fmt.format(*map(str, r)) for r in rows)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-cell", type=int, default=25, help="targets per technique × swaps × category")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--benign", type=Path, default=DEFAULT_BENIGN, help='a jsonl.gz, or "none"')
    ap.add_argument("--benign-limit", type=int, default=0, help="score only the first N benign profiles")
    ap.add_argument("--no-anchors", action="store_true")
    ap.add_argument("--anchor-benign", type=int, default=2000,
                    help="benign profiles (seeded sample) scored by the anchors (RapidFuzz is slow on bios)")
    ap.add_argument("--json", type=Path, help="write every attack and result here")
    ap.add_argument("--show-misses", type=int, default=0, metavar="N", help="print N misses per technique")
    ap.add_argument("--write-slice", action="store_true", help=f"write the fixed CI slice to {SLICE}")
    args = ap.parse_args()

    from service.app import App
    from service.config import Settings
    from service.domain.models import Profile

    benign = [] if str(args.benign) == "none" else load_benign(args.benign)
    if args.benign_limit:
        benign = benign[:args.benign_limit]

    with tempfile.TemporaryDirectory(prefix="zhenwei-adv-") as tmp:
        t0 = time.perf_counter()
        app = App(Settings(database_url=f"sqlite:///{tmp}/a.sqlite3", secret_key="adversarial-eval"))
        engine = app.lexicons.current()
        data = engine.data
        print(f"engine: lexicon {app.lexicon_version()} built in {time.perf_counter() - t0:.1f} s")
        from adversarial.benign_filter import BenignFilter
        filt = BenignFilter(data)
        kept = [b for b in benign if not (filt.reason(b["name"]) or filt.reason(b.get("bio", "")))]
        if benign:
            print(f"benign corpus: {len(benign)} profiles, {len(benign) - len(kept)} dropped because this "
                  f"lexicon makes them non-benign (benign_filter rules 1-4)")
        benign = kept
        pool = TargetPool(data)
        print("target pool:", ", ".join(f"{k} {v}" for k, v in pool.counts().items()))
        glyph, homo, var, conf = build_oracles()
        t0 = time.perf_counter()
        prepare_glyphs(pool, glyph)
        print(f"glyph neighbours prepared in {time.perf_counter() - t0:.1f} s")
        from adversarial.anchors import lexicon_surfaces
        surfaces = {unicodedata.normalize("NFKC", s).lower() for s, _, _ in lexicon_surfaces(data)}
        t0 = time.perf_counter()
        attacks = make_attacks(pool, Attacker(glyph, homo, var, conf), args.per_cell, args.seed, surfaces)
        print(f"{len(attacks)} attacks built in {time.perf_counter() - t0:.1f} s (seed {args.seed}); "
              f"{len(benign)} benign profiles from {args.benign.name}")

        t0 = time.perf_counter()
        for a in attacks:
            r = app.screener.screen(Profile(account_id="adv", name=a["text"]))
            a["ours"] = {"decision": r.decision.name,
                         "findings": [[f.category.name, f.entity_name] for f in r.findings]}
            a["hit"] = is_hit(a["target"], r.decision.name, a["ours"]["findings"])
        t_att = time.perf_counter() - t0
        t0 = time.perf_counter()
        for b in benign:
            r = app.screener.screen(Profile(account_id="benign", name=b["name"], bio=b.get("bio", "")))
            b["ours"] = {"decision": r.decision.name,
                         "findings": [[f.category.name, f.entity_name] for f in r.findings],
                         "claims": [d.name for d in r.credential_required]}
        t_ben = time.perf_counter() - t0
        print(f"screened in-process: attacks {t_att:.1f} s, benign {t_ben:.1f} s")
        app.close()

    fp = [b for b in benign if b["ours"]["decision"] != "ALLOW"]
    report_ours(attacks, benign, fp, args.show_misses)

    if not args.no_anchors:
        run_anchors(data, attacks, benign, args.anchor_benign, args.seed)

    if args.json:
        args.json.write_text(json.dumps({"attacks": attacks, "benign_fp": fp}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
        print(f"wrote {args.json}")
    if args.write_slice:
        write_slice(attacks, benign, args.seed)


def report_ours(attacks, benign, fp, show_misses: int) -> None:
    by = collections.defaultdict(lambda: [0, 0, 0])  # hits, total, REJECT among hits
    for a in attacks:
        for key in ((a["technique"], a["k"]), ("cat", a["target"]["category"], a["k"]), ("all", a["k"])):
            by[key][0] += a["hit"]
            by[key][1] += 1
            by[key][2] += a["hit"] and a["ours"]["decision"] == "REJECT"
    rows = []
    for t in TECHNIQUES:
        one, two = by.get((t, 1)), by.get((t, 2))
        rows.append((t, rate(*one[:2]) if one else "-", rate(*two[:2]) if two else "-",
                     f"{(one[2] / one[0]) if one and one[0] else 0:.2f}"))
    rows.append(("ALL", rate(*by[("all", 1)][:2]), rate(*by[("all", 2)][:2]),
                 f"{by[('all', 1)][2] / max(1, by[('all', 1)][0]):.2f}"))
    print("\n== ours: recall per technique (hit = REVIEW/REJECT naming the target)")
    print(table(rows, ("technique", "one swap", "two swaps", "REJECT share (one)")))
    rows = [(c, rate(*by[("cat", c, 1)][:2]), rate(*by[("cat", c, 2)][:2])) for c in CATEGORIES]
    print("\n== ours: recall per category")
    print(table(rows, ("category", "one swap", "two swaps")))
    cell = collections.defaultdict(lambda: [0, 0])
    for a in attacks:
        cell[(a["technique"], a["target"]["category"], a["k"])][0] += a["hit"]
        cell[(a["technique"], a["target"]["category"], a["k"])][1] += 1
    for k in (1, 2):
        rows = [(t, *(f"{cell[(t, c, k)][0]}/{cell[(t, c, k)][1]}" if cell[(t, c, k)][1] else "-"
                      for c in CATEGORIES)) for t in TECHNIQUES]
        print(f"\n== ours: hits per technique × category, {'one swap' if k == 1 else 'two swaps'}")
        print(table(rows, ("technique", *(c[:10] for c in CATEGORIES))))
    kinds = collections.Counter(b["kind"] for b in benign)
    fk = collections.Counter(b["kind"] for b in fp)
    claims = sum(bool(b["ours"]["claims"]) for b in benign)
    print(f"\n== ours: benign FPR {rate(len(fp), len(benign), 4)}; per kind: "
          + ", ".join(f"{k} {fk[k]}/{n}" for k, n in sorted(kinds.items()))
          + f"; profiles with a credential claim (decision unaffected): {claims}")
    if show_misses:
        for t in TECHNIQUES:
            misses = [a for a in attacks if a["technique"] == t and not a["hit"]][:show_misses]
            for a in misses:
                print(f"  miss {t}/{a['k']} {a['text']!r} ← {a['target']['text']} "
                      f"got {a['ours']['decision']} {a['ours']['findings'][:3]}")
        for b in fp[:show_misses]:
            print(f"  FP {b['kind']} {b['name']!r} {b.get('bio', '')!r}: {b['ours']['findings'][:3]}")


def run_anchors(data, attacks, benign, n_benign: int, seed: int) -> None:
    """Both anchors on every attack and on a seeded sample of the benign corpus; each is shown
    at its best setting whose FPR on that sample does not exceed the engine's (where one exists)."""
    from adversarial.anchors import Fuzzy, Substring

    rng = random.Random(f"{seed}|anchor-benign")
    sample = rng.sample(benign, min(n_benign, len(benign)))
    eng_fp = sum(b["ours"]["decision"] != "ALLOW" for b in sample)
    eng_fpr = eng_fp / max(1, len(sample))
    btexts = [(b["name"] + " " + b.get("bio", "")).strip() for b in sample]
    ks = collections.Counter(a["k"] for a in attacks)
    print(f"\n== anchors: same lexicon, same {len(attacks)} attacks, {len(sample)} benign profiles "
          f"(seeded sample; engine FPR on it {rate(eng_fp, len(sample), 4)})")

    def summary(label, hit_of, fpn):
        per = collections.defaultdict(lambda: [0, 0])
        for a in attacks:
            h = hit_of(a)
            per[(a["technique"], a["k"])][0] += h
            per[(a["technique"], a["k"])][1] += 1
            per[("all", a["k"])][0] += h
            per[("all", a["k"])][1] += 1
        return {"label": label, "per": per, "fp": fpn, "one": per[("all", 1)][0] / max(1, ks[1])}

    variants = []
    for min_len in (2, 3, 4, 5):
        sub = Substring(data, min_len)
        fpn = sum(bool(sub.findings(t)) for t in btexts)
        variants.append(summary(f"substring, surfaces ≥ {min_len} chars",
                                lambda a, sub=sub: is_hit(a["target"], *sub.screen(a["text"])), fpn))
    t0 = time.perf_counter()
    fz = Fuzzy(data)
    sa = fz.score([a["text"] for a in attacks])
    sb = fz.score(btexts)
    t_fz = time.perf_counter() - t0
    for min_len in (2, 3, 4, 5):
        bmax = [fz.max_score(x, min_len) for x in sb]
        tsc = [fz.target_score(a["target"], x, min_len) for a, x in zip(attacks, sa)]
        for t in range(fz.cutoff, 101, 5):  # 60, 65 … 100
            fpn = sum(m >= t for m in bmax)
            hits = {id(a): sc >= t for a, sc in zip(attacks, tsc)}
            variants.append(summary(f"rapidfuzz partial_ratio ≥ {t}, surfaces ≥ {min_len} chars",
                                    lambda a, hits=hits: hits[id(a)], fpn))
    rows = []
    shown = []
    plain = {"substring": "substring, surfaces ≥ 2 chars",
             "rapidfuzz": "rapidfuzz partial_ratio ≥ 90, surfaces ≥ 2 chars"}
    for kind in ("substring", "rapidfuzz"):
        vs = [v for v in variants if v["label"].startswith(kind)]
        ok = [v for v in vs if v["fp"] <= eng_fp]
        best = max(ok, key=lambda v: v["one"]) if ok else None
        default = next(v for v in vs if v["label"] == plain[kind])
        for v, note in ((best, "best setting at ≤ engine FPR"), (default, "plain setting")):
            if v is None:
                rows.append((f"{kind}: no setting reaches the engine's FPR", "-", "-", "-"))
                continue
            if any(v is s for s, _ in shown):
                continue
            shown.append((v, note))
            rows.append((f"{v['label']} ({note})", rate(*v["per"][("all", 1)]), rate(*v["per"][("all", 2)]),
                         rate(v["fp"], len(sample), 4)))
    print(table(rows, ("anchor", "one swap", "two swaps", "benign FPR")))
    print(f"rapidfuzz: {len(fz.surfaces)} surfaces + {len(fz.patterns)} patterns, "
          f"{len(attacks) + len(btexts)} texts scored in {t_fz:.1f} s")
    rows = []
    for t in TECHNIQUES:
        cells = []
        for v, _ in shown:
            for k in (1, 2):
                c = v["per"].get((t, k))
                cells.append(f"{c[0] / c[1]:.2f}" if c and c[1] else "-")
        rows.append((t, *cells))
    print("\nanchors per technique (recall one / two swaps):")
    for i, (v, note) in enumerate(shown):
        print(f"  [{i}] {v['label']} ({note})")
    print(table(rows, ("technique", *(f"[{i}] {w}" for i in range(len(shown)) for w in ("one", "two")))))


def write_slice(attacks, benign, seed: int, per_cell: int = 12, n_benign: int = 2000) -> None:
    rng = random.Random(f"{seed}|slice")
    cells = collections.defaultdict(list)
    for a in attacks:
        cells[(a["technique"], a["k"])].append(a)
    picked = []
    for key in sorted(cells):
        picked += rng.sample(cells[key], min(per_cell, len(cells[key])))
    ben = rng.sample(benign, min(n_benign, len(benign)))
    with open(SLICE, "w", encoding="utf-8") as f:
        for i, a in enumerate(picked):
            f.write(json.dumps({"id": f"adv-{i:04d}", "kind": "attack", "technique": a["technique"],
                                "k": a["k"], "name": a["text"], "target": a["target"]},
                               ensure_ascii=False) + "\n")
        for b in ben:
            f.write(json.dumps({"id": b["id"], "kind": "benign", "benign_kind": b["kind"],
                                "name": b["name"], "bio": b.get("bio", "")}, ensure_ascii=False) + "\n")
    print(f"wrote {SLICE}: {len(picked)} attacks, {len(ben)} benign")


if __name__ == "__main__":
    main()
