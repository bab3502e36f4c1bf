#!/usr/bin/env python3
"""Worst-case CPU per bio: the screening time of hostile 2,000-character bios.

    .venv/bin/python bench/worst_case.py [--per-family 12] [--seed 11] [--length 2000]

Issue 8 asks that no valid bio (≤ 2,000 code points) costs more than 5 ms at p99.
Ordinary bios are cheap; the matcher's cost grows with how many protected names (or
pieces of them) a text holds, so this corpus is built to be as dense in those as
possible. Families (generated deterministically from the bundled lexicon and the
similarity table with ``--seed``, no evaluation data):

- ``repeat_name``   one protected name written over and over;
- ``repeat_sep``    the same with a space, a zero-width space or punctuation between copies;
- ``many_names``    distinct protected names back to back;
- ``disguised``     protected names each with one or two lookalike swaps, back to back;
- ``one_char``      a single character repeated (a name character, a common one, a Latin letter, a digit);
- ``lookalike``     characters drawn from the shape-similarity table (every one a lookalike of something);
- ``name_chars``    characters drawn from protected names, in random order;
- ``random_cjk``    uniform over the CJK Unified Ideographs block;
- ``pinyin``        the pinyin of protected names, run together, with and without hanzi between;
- ``bidi``          reversed protected names under right-to-left overrides;
- ``letters``       protected names with a Latin letter after every (or every other) character.

Each bio is screened once to warm the caches, then timed ``--repeats`` times on the
thread's CPU clock (what the code costs, without the time the shared machine takes the
CPU away) and on the wall clock; the median of the repeats is the bio's time. Reported
per family: p50, p99 and max over its bios, and the slowest family overall.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.config import Settings  # noqa: E402
from service.domain.models import Field  # noqa: E402
from service.lexicon.loader import load_bundled  # noqa: E402
from service.lexicon.similarity import CharSimilarity  # noqa: E402
from service.text.engine import Engine  # noqa: E402

COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定"


def pct(values, q):
    values = sorted(values)
    return values[max(0, min(len(values) - 1, int(round(q / 100 * (len(values) - 1)))))]


def fill(parts, length, sep=""):
    out, i = [], 0
    while sum(map(len, out)) < length:
        out.append(parts[i % len(parts)])
        out.append(sep)
        i += 1
    return "".join(out)[:length]


def corpus(engine: Engine, per: int, length: int, rng: random.Random) -> dict[str, list[str]]:
    """Family name → bios (deterministic for one lexicon and seed)."""
    names = sorted({e.name for e in engine.data.entities.values() if "common_word" not in e.flags}
                   | {d.name for d in engine.data.divisions.values()})
    cjk_names = [n for n in names if all("\u4e00" <= c <= "\u9fff" for c in n) and len(n) >= 3]
    neighbours: dict[str, list[str]] = {}
    for a, b in sorted(engine.similarity.shape):
        neighbours.setdefault(a, []).append(b)
    lookalikes = sorted(neighbours)
    pool = "".join(cjk_names)

    def disguise(name: str) -> str:
        s = list(name)
        places = [i for i, c in enumerate(s) if c in neighbours]
        for i in rng.sample(places, min(len(places), rng.choice((1, 2)))):
            s[i] = rng.choice(neighbours[s[i]])
        return "".join(s)

    from pypinyin import lazy_pinyin

    fam: dict[str, list[str]] = {}
    fam["repeat_name"] = [fill([rng.choice(cjk_names)], length) for _ in range(per)]
    fam["repeat_sep"] = [fill([rng.choice(cjk_names)], length, rng.choice((" ", "\u200b", "，", "·")))
                         for _ in range(per)]
    fam["many_names"] = [fill(rng.sample(cjk_names, 400), length) for _ in range(per)]
    fam["disguised"] = [fill([disguise(n) for n in rng.sample(cjk_names, 400)], length) for _ in range(per)]
    chars = [rng.choice(pool) for _ in range(per // 2)] + [rng.choice(COMMON) for _ in range(per // 4)] + ["a", "1"]
    fam["one_char"] = [c * length for c in chars[:per]]
    fam["lookalike"] = ["".join(rng.choice(lookalikes) for _ in range(length)) for _ in range(per)]
    fam["name_chars"] = ["".join(rng.choice(pool) for _ in range(length)) for _ in range(per)]
    fam["random_cjk"] = ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(length)) for _ in range(per)]
    fam["pinyin"] = []
    for k in range(per):
        picked = rng.sample(cjk_names, 200)
        if k % 2:  # hanzi and pinyin mixed inside each name
            parts = [n[: len(n) // 2] + "".join(lazy_pinyin(n[len(n) // 2:])) for n in picked]
        else:
            parts = ["".join(lazy_pinyin(n)) for n in picked]
        fam["pinyin"].append(fill(parts, length, " " if k % 3 == 0 else ""))
    fam["bidi"] = [fill(["\u202e" + n[::-1] + "\u202c" for n in rng.sample(cjk_names, 300)], length)
                   for _ in range(per)]
    # a letter between every one or two characters of protected names: each letter is a place
    # where a character may be written as its initial (中国驻越南大s馆)
    fam["letters"] = [fill(["".join(c + rng.choice("abcdefghjklmnpqrstwxyz") * (k % 2 or rng.randint(0, 1))
                                    for c in n) for n in rng.sample(cjk_names, 300)], length)
                      for k in range(per)]
    return fam


def time_bio(engine: Engine, bio: str, repeats: int) -> tuple[float, float]:
    engine.screen_field(Field.BIO, bio)  # warm the caches for this text
    cpu, wall = [], []
    for _ in range(repeats):
        w, c = time.perf_counter_ns(), time.thread_time_ns()
        engine.screen_field(Field.BIO, bio)
        cpu.append((time.thread_time_ns() - c) / 1e6)
        wall.append((time.perf_counter_ns() - w) / 1e6)
    return statistics.median(cpu), statistics.median(wall)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-family", type=int, default=12)
    ap.add_argument("--length", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--goal-ms", type=float, default=5.0)
    ap.add_argument("--no-cap", action="store_true",
                    help="switch the work cap per field off (service/text/matcher.py FIELD_MAX_*)")
    args = ap.parse_args()
    if args.no_cap:
        from service.text.matcher import SurfaceMatcher
        SurfaceMatcher.exact_cut.__defaults__ = (10 ** 9,)
        SurfaceMatcher.fuzzy_bounded.__defaults__ = SurfaceMatcher.fuzzy_bounded.__defaults__[:-1] + (None,)
    d = Settings().lexicon_dir
    engine = Engine(load_bundled(d), CharSimilarity.load(f"{d}/charsim"))
    fam = corpus(engine, args.per_family, args.length, random.Random(args.seed))
    print(f"lexicon {engine.version}; {args.per_family} bios of {args.length} characters per family; "
          f"median of {args.repeats} runs per bio; ms; work cap {'off' if args.no_cap else 'on'}")
    print(f"{'family':<14}{'cpu p50':>9}{'cpu p99':>9}{'cpu max':>9}{'wall p50':>10}{'wall p99':>10}")
    worst = []
    every = []
    for name, bios in fam.items():
        times = [time_bio(engine, b, args.repeats) for b in bios]
        cpu = [t[0] for t in times]
        wall = [t[1] for t in times]
        every.extend(cpu)
        worst.append((max(cpu), name))
        print(f"{name:<14}{pct(cpu, 50):>9.2f}{pct(cpu, 99):>9.2f}{max(cpu):>9.2f}"
              f"{pct(wall, 50):>10.2f}{pct(wall, 99):>10.2f}")
    print(f"all families: cpu p50 {pct(every, 50):.2f} ms, p99 {pct(every, 99):.2f} ms, max {max(every):.2f} ms "
          f"(slowest family: {max(worst)[1]}); goal p99 ≤ {args.goal_ms} ms: "
          f"{'met' if pct(every, 99) <= args.goal_ms else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
