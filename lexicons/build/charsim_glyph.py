"""Rendered-glyph neighbours in two more type designs: lexicons/charsim/shape_glyph.tsv.

``shape.tsv`` compares glyphs of one font (Noto Sans SC) with a chamfer score and keeps a rare
character's best common matches.  That leaves two holes: a common character's own nearest
lookalikes (the pairs an evader searching *from* the name finds: 中 → 甶, 使 → 㑛, 家 → 宣) and any
lookalike that only shows in another type design.  This build fills them from two fonts that
Debian ships and the Noto build never saw:

* WenQuanYi Zen Hei (``fonts-wqy-zenhei``, a sans/黑体 design, GPL-2 with font embedding exception)
* AR PL UMing (``fonts-arphic-uming``, a Ming/宋体 design, Arphic Public License)

Method (all glyphs the two fonts both draw in the URO, Extension A, the compatibility ideographs,
the Kangxi radicals and the radicals supplement):

1. each character is drawn on the em box (fixed origin, so position inside the box counts) at
   ``PX`` pixels; a 16×16 blurred grey-level vector of each font's drawing, concatenated and
   normalised, gives one cosine per pair (a matrix product per chunk);
2. for every common character (GB2312) its ``PREFILTER_K`` best partners among all characters, and
   for every rare character its best common partners, become candidates;
3. a candidate is scored per font by the tolerant overlap of the two drawings (the harmonic mean
   of the share of each glyph's ink that lies within one pixel of the other's ink), and the pair's
   score is the best of the fonts' scores: a pair that looks alike in one widely used design is a
   usable disguise wherever that design is shown;
4. kept: a pair among the ``KEEP_K`` best common partners of either character (``KEEP_K_RARE``
   best where one of the two is rare) with score ≥ ``KEEP`` (``KEEP_RARE``); its
   similarity is ``0.5 + (score − KEEP) × SLOPE``, capped at ``CAP`` (the matcher's shape scale;
   rare-for-common pairs are then made cheaper by the matcher itself).

Run: ``apt-get install fonts-wqy-zenhei fonts-arphic-uming`` then
``.venv/bin/python lexicons/build/charsim_glyph.py`` (≈ 2 minutes on two cores).  The output
states both fonts' versions and this file's parameters.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "lexicons" / "charsim" / "shape_glyph.tsv"

def _wheel_font(member: str) -> Path:
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:      # pip install -e '.[bench]'
        return Path("/nonexistent") / member
    return Path(pylopdf_fonts_zh_cn.__file__).parent / member


FONTS = (
    ("Noto Sans SC Regular", _wheel_font("NotoSansSC-Regular.otf"), 0, "pylopdf-fonts-zh-cn"),
    ("Noto Serif SC Regular", _wheel_font("NotoSerifSC-Regular.otf"), 0, "pylopdf-fonts-zh-cn"),
    ("WenQuanYi Zen Hei", Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0, "fonts-wqy-zenhei"),
    ("AR PL UMing CN", Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 1, "fonts-arphic-uming"),
)
BLOCKS = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F),
          (0x2F00, 0x2FDF), (0x2E80, 0x2EFF))
PX = 48          # em size of the drawing
CANVAS = 56      # drawing canvas (em box plus a margin)
FEATURE = 16     # prefilter vector side, per font
PREFILTER_K = 48
KEEP_K = 4        # a character's best common partners kept (common-for-common: usually another word)
KEEP_K_RARE = 10  # its best rare partners kept (a rare lookalike is a disguise; evaders search wide)
KEEP = 0.78       # common-for-common pairs (usually another word: kept only when clearly alike)
KEEP_RARE = 0.70  # pairs with a character outside GB2312
SLOPE = 1.5
CAP = 0.85
CHUNK = 1024


def gb2312_hanzi() -> set[str]:
    out = set()
    for cp in range(0x4E00, 0xA000):
        ch = chr(cp)
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        out.add(ch)
    return out


class Font:
    def __init__(self, path: Path, index: int):
        self.font = ImageFont.truetype(str(path), PX, index=index)
        self.tofu = {self.draw(c).tobytes() for c in ("\ue000", "\U0010fffd", "\u0378", "\uffff")}

    def draw(self, ch: str) -> np.ndarray:
        im = Image.new("L", (CANVAS, CANVAS), 0)
        ImageDraw.Draw(im).text((4, 4), ch, font=self.font, fill=255)
        return np.asarray(im)

    def bitmap(self, ch: str) -> np.ndarray | None:
        a = self.draw(ch)
        if not a.any() or a.tobytes() in self.tofu:
            return None
        return a


def feature(a: np.ndarray) -> np.ndarray:
    im = Image.fromarray(a).filter(ImageFilter.GaussianBlur(2)).resize((FEATURE, FEATURE), Image.BOX)
    v = np.asarray(im, dtype=np.float32).ravel()
    return v / (np.linalg.norm(v) + 1e-6)


def dilate(b: np.ndarray) -> np.ndarray:
    """One-pixel (3×3) dilation of a stack of boolean images (n, h, w)."""
    p = np.pad(b, ((0, 0), (1, 1), (1, 1)))
    out = np.zeros_like(b)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            out |= p[:, dy:dy + b.shape[1], dx:dx + b.shape[2]]
    return out


def overlap(ink: np.ndarray, near: np.ndarray, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """Tolerant overlap of glyph pairs (ia[k], ib[k]) for one font."""
    out = np.empty(len(ia), dtype=np.float32)
    for s in range(0, len(ia), 20_000):
        a, b = ink[ia[s:s + 20_000]], ink[ib[s:s + 20_000]]
        na, nb = near[ia[s:s + 20_000]], near[ib[s:s + 20_000]]
        pa = (a & nb).sum(axis=(1, 2)) / np.maximum(a.sum(axis=(1, 2)), 1)
        pb = (b & na).sum(axis=(1, 2)) / np.maximum(b.sum(axis=(1, 2)), 1)
        out[s:s + 20_000] = 2 * pa * pb / np.maximum(pa + pb, 1e-6)
    return out


def debian_version(pkg: str) -> str:
    import subprocess
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> int:
    for _, path, _, pkg in FONTS:
        if not path.exists():
            print(f"missing {path}: apt-get install {pkg}", file=sys.stderr)
            return 2
    fonts = [Font(p, i) for _, p, i, _ in FONTS]
    common = gb2312_hanzi()
    chars: list[str] = []
    drawings: list[list[np.ndarray | None]] = [[] for _ in fonts]
    blank = np.zeros((CANVAS, CANVAS), dtype=np.uint8)
    for lo, hi in BLOCKS:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            got = [f.bitmap(ch) for f in fonts]
            if got[0] is None:          # the first (widest-coverage) font must draw it
                continue
            chars.append(ch)
            for k, g in enumerate(got):
                drawings[k].append(g)
    n = len(chars)
    drawn = [np.array([d is not None for d in dr]) for dr in drawings]
    print(f"{n} characters drawn; by each font: {[int(x.sum()) for x in drawn]}", file=sys.stderr)
    feats = np.stack([feature(a) for a in drawings[0]])
    ink = [np.stack([d if d is not None else blank for d in dr]) > 127 for dr in drawings]
    near = [dilate(b) for b in ink]
    is_common = np.array([c in common for c in chars])
    ic = np.nonzero(is_common)[0]
    ir = np.nonzero(~is_common)[0]

    cand: set[tuple[int, int]] = set()
    # every common character against everything; every rare one against the common ones
    for rows, cols in ((ic, np.arange(n)), (ir, ic)):
        for s in range(0, len(rows), CHUNK):
            r = rows[s:s + CHUNK]
            S = feats[r] @ feats[cols].T
            S[cols[None, :] == r[:, None]] = -1
            top = np.argpartition(-S, PREFILTER_K, axis=1)[:, :PREFILTER_K]
            for a, row in zip(r.tolist(), cols[top].tolist()):
                for b in row:
                    cand.add((min(a, b), max(a, b)))
    pairs = np.array(sorted(cand), dtype=np.int64)
    print(f"{len(pairs)} candidate pairs", file=sys.stderr)
    # the best score over the fonts that draw both characters: a pair that looks alike in one
    # widely used design is a usable disguise on every screen that shows that design
    score = np.zeros(len(pairs), dtype=np.float32)
    for k in range(len(fonts)):
        sk = overlap(ink[k], near[k], pairs[:, 0], pairs[:, 1])
        both = drawn[k][pairs[:, 0]] & drawn[k][pairs[:, 1]]
        score = np.where(both, np.maximum(score, sk), score)

    # the KEEP_K best of either character, among candidates over the threshold of their kind
    # (character, partner is common) -> candidates: each character keeps its KEEP_K best common
    # partners and its KEEP_K best rare ones, so a crowd of rare twins never hides a common one
    best: dict[tuple[int, bool], list[tuple[float, int]]] = {}
    for (a, b), s in zip(pairs.tolist(), score.tolist()):
        if not is_common[a] and not is_common[b]:
            continue
        rare_pair = not (is_common[a] and is_common[b])
        if s < (KEEP_RARE if rare_pair else KEEP):
            continue
        best.setdefault((a, bool(is_common[b])), []).append((s, b))
        best.setdefault((b, bool(is_common[a])), []).append((s, a))
    kept: dict[tuple[int, int], float] = {}
    for (a, partner_common), lst in best.items():
        k = KEEP_K if (partner_common and is_common[a]) else KEEP_K_RARE
        for s, b in sorted(lst, reverse=True)[:k]:
            kept[(min(a, b), max(a, b))] = s
    rows = []
    for (a, b), s in sorted(kept.items(), key=lambda kv: tuple(sorted((chars[kv[0][0]], chars[kv[0][1]])))):
        ca, cb = sorted((chars[a], chars[b]))
        rare = "".join(c for c in (ca, cb) if c not in common)
        floor = KEEP_RARE if rare else KEEP
        sim = min(CAP, 0.5 + (s - floor) * SLOPE)
        rows.append(f"{ca}\t{cb}\t{sim:.3f}\tglyph2={s:.3f}\t{rare}")
    versions = ", ".join(f"{name} (Debian {pkg} {debian_version(pkg)})" for name, _, _, pkg in FONTS)
    header = [
        f"# source: rendered-glyph comparison in four type designs: {versions}; candidates by a blurred "
        f"{FEATURE}x{FEATURE} cosine over every ideograph both fonts draw (URO, Ext A, compatibility, "
        "Kangxi and supplement radicals), scored by one-pixel-tolerant ink overlap, the best of the fonts that draw both",
        "# licence: data derived by rendering; fonts used for rendering only: WenQuanYi Zen Hei "
        "(GPL-2.0 with font embedding exception), AR PL UMing (Arphic Public License)",
        f"# date: {dt.date.today().isoformat()} (built); parameters: PX={PX} PREFILTER_K={PREFILTER_K} "
        f"KEEP_K={KEEP_K} KEEP_K_RARE={KEEP_K_RARE} KEEP={KEEP} KEEP_RARE={KEEP_RARE} SLOPE={SLOPE} CAP={CAP}",
        "# built_by: lexicons/build/charsim_glyph.py",
        "# unordered pairs a<b (code point), at least one of them common (GB2312); similarity on shape.tsv's "
        "scale; evidence glyph2 = the pair's overlap score; rare = the pair's characters outside GB2312",
        "a\tb\tsimilarity\tevidence\trare",
    ]
    OUT.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} pairs to {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
