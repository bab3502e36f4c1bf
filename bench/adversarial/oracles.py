"""Independent sources of disguises, computed at evaluation time.

None of these reads ``lexicons/charsim`` or anything else the matcher loads:

- :class:`GlyphOracle`: every ideograph a CJK font can draw (URO, Extension A, the
  unified compatibility ideographs, the CJK radicals supplement) is rendered and
  compared pixel by pixel (mean-centred cosine of a blurred 24×24 bitmap); the
  nearest glyphs of a character are its lookalikes.
- :class:`HomophoneOracle`: characters sharing a reading, from pypinyin's own
  per-character dictionary (``pypinyin.pinyin_dict``), the reading of the target
  character taken in context (``lazy_pinyin`` of the whole name).
- :class:`VariantOracle`: traditional and variant forms from OpenCC (s2t, s2tw,
  s2hk, and Japanese shinjitai via t2jp).
- :class:`ConfusableOracle`: Unicode's confusables (UTS #39 data as shipped in the
  PyPI package ``confusable_homoglyphs``), both directions.
"""
from __future__ import annotations

import hashlib
import os
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = Path(os.environ.get("ZHENWEI_BENCH_CACHE", ROOT / "var" / "bench-cache"))

#: Blocks whose characters an evader can type and the font may draw.
GLYPH_BLOCKS = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x2E80, 0x2EFF))


def is_han(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in GLYPH_BLOCKS) or 0x20000 <= cp <= 0x3FFFF


def in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def gb2312_level1(ch: str) -> bool:
    """GB 2312 level-1 hanzi (the 3,755 most common characters, rows 16–55)."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7


def default_font() -> Path:
    """Noto Sans SC from the pinned PyPI package (installed with the avatar stack),
    else Debian's Noto Sans CJK."""
    try:
        import pylopdf_fonts_zh_cn

        p = Path(pylopdf_fonts_zh_cn.sans_path())
        if p.is_file():
            return p
    except ImportError:
        pass
    for p in (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
              Path("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc")):
        if p.is_file():
            return p
    raise FileNotFoundError("no CJK font: install pylopdf-fonts-zh-cn (scripts/install_image_deps.sh) "
                            "or Debian's fonts-noto-cjk")


class GlyphOracle:
    """Nearest rendered glyphs. ``neighbours(ch)`` → [(char, similarity)], best first.

    Each glyph is drawn at 48 px on its em box (so proportions and position count)
    and binarised. Candidates are the 240 best by a coarse layout score (centred cosine
    of a blurred 16×16 thumbnail); they are ranked by stroke overlap with a 1-pixel
    tolerance: 1 − (ink of A off B's dilation + ink of B off A's dilation) / (ink A + ink B).
    """

    SIZE = 48
    THUMB = 16
    PREFILTER = 240

    def __init__(self, font_path: Path | None = None, *, top: int = 10):
        self.font_path = Path(font_path or default_font())
        self.top = top
        self.chars, bits = self._load()
        self.index = {c: i for i, c in enumerate(self.chars)}
        n = len(self.chars)
        ink = np.unpackbits(bits, axis=1)[:, :self.SIZE * self.SIZE].astype(bool)
        img = ink.reshape(n, self.SIZE, self.SIZE)
        pad = np.pad(img, ((0, 0), (1, 1), (1, 1)))
        dil = np.zeros_like(img)
        for dy in range(3):
            for dx in range(3):
                dil |= pad[:, dy:dy + self.SIZE, dx:dx + self.SIZE]
        self.ink, self.dil = ink, dil.reshape(n, -1)
        self.count = ink.sum(axis=1)
        k = self.SIZE // self.THUMB
        th = img.reshape(n, self.THUMB, k, self.THUMB, k).mean(axis=(2, 4)).astype(np.float32)
        pad = np.pad(th, ((0, 0), (1, 1), (1, 1)))
        blur = sum(pad[:, dy:dy + self.THUMB, dx:dx + self.THUMB] for dy in range(3) for dx in range(3))
        blur = blur.reshape(n, -1)
        blur -= blur.mean(axis=1, keepdims=True)
        blur /= np.linalg.norm(blur, axis=1, keepdims=True) + 1e-9
        self.thumb = blur
        self._nb: dict[str, list[tuple[str, float]]] = {}

    def _render_all(self) -> tuple[list[str], np.ndarray]:
        from PIL import ImageFont

        s = self.SIZE
        font = ImageFont.truetype(str(self.font_path), s)
        ascent, _ = font.getmetrics()
        notdef = bytes(font.getmask("\U0010FFFD"))
        chars, rows = [], []
        for lo, hi in GLYPH_BLOCKS:
            for cp in range(lo, hi + 1):
                ch = chr(cp)
                if unicodedata.category(ch) != "Lo" and not (0x2E80 <= cp <= 0x2EFF):
                    continue
                if 0xF900 <= cp <= 0xFAFF and unicodedata.normalize("NFKC", ch) != ch:
                    continue  # compatibility ideographs fold to their unified twin under NFKC
                mask, (ox, oy) = font.getmask2(ch, mode="L", anchor="ls")
                if mask.size[0] == 0 or bytes(mask) == notdef:
                    continue
                w, h = mask.size
                a = np.asarray(mask, dtype=np.uint8).reshape(h, w)
                img = np.zeros((s, s), np.uint8)
                y0, x0 = ascent + oy - round(s * 0.08), ox  # baseline at the ascent, a little headroom
                ys, xs, ye, xe = max(0, y0), max(0, x0), min(s, y0 + h), min(s, x0 + w)
                if ye <= ys or xe <= xs:
                    continue
                img[ys:ye, xs:xe] = a[ys - y0:ye - y0, xs - x0:xe - x0]
                if img.max() <= 100:
                    continue
                chars.append(ch)
                rows.append(np.packbits(img.ravel() > 100))
        return chars, np.stack(rows)

    def _load(self) -> tuple[list[str], np.ndarray]:
        digest = hashlib.sha1(self.font_path.read_bytes()).hexdigest()[:12]
        cache = CACHE_DIR / f"glyphs-{digest}-{self.SIZE}-v3.npz"
        if cache.is_file():
            z = np.load(cache)
            return list(str(z["chars"])), z["bits"]
        chars, bits = self._render_all()
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(cache, chars="".join(chars), bits=bits)
        return chars, bits

    def describe(self) -> str:
        return (f"{len(self.chars)} glyphs drawn by {self.font_path.name} at {self.SIZE} px "
                f"(URO, Ext A, unified compatibility ideographs, radicals supplement)")

    def similarity(self, a: str, b: str) -> float:
        i, j = self.index[a], self.index[b]
        return float(self._fine(i, np.array([j]))[0])

    def _fine(self, i: int, cand: np.ndarray) -> np.ndarray:
        miss_a = (self.ink[i][None, :] & ~self.dil[cand]).sum(axis=1)
        miss_b = (self.ink[cand] & ~self.dil[i][None, :]).sum(axis=1)
        return 1.0 - (miss_a + miss_b) / (self.count[i] + self.count[cand])

    def prepare(self, chars) -> None:
        """Neighbours for many characters at once (the coarse pass is one matrix product)."""
        todo = [c for c in dict.fromkeys(chars) if c in self.index and c not in self._nb]
        for s in range(0, len(todo), 256):
            block = todo[s:s + 256]
            coarse = self.thumb[[self.index[c] for c in block]] @ self.thumb.T
            for row, c in zip(coarse, block):
                i = self.index[c]
                row[i] = -9.0
                cand = np.argpartition(-row, self.PREFILTER)[:self.PREFILTER]
                fine = self._fine(i, cand)
                order = np.argsort(-fine, kind="stable")[:self.top]
                self._nb[c] = [(self.chars[cand[j]], round(float(fine[j]), 4)) for j in order]
        for c in chars:
            self._nb.setdefault(c, [])

    def neighbours(self, ch: str) -> list[tuple[str, float]]:
        if ch not in self._nb:
            self.prepare([ch])
        return self._nb[ch]


class HomophoneOracle:
    """Characters whose first (most common) reading in pypinyin's dictionary is the
    reading the target character has in its name."""

    def __init__(self):
        from pypinyin import pinyin_dict
        from pypinyin.contrib.tone_convert import to_normal, to_tone3

        self.by_tone3: dict[str, list[str]] = defaultdict(list)
        self.by_plain: dict[str, list[str]] = defaultdict(list)
        for cp, readings in pinyin_dict.pinyin_dict.items():
            ch = chr(cp)
            if not in_gb2312(ch):  # homophone disguises use characters people can type
                continue
            first = readings.split(",")[0]
            self.by_tone3[to_tone3(first, neutral_tone_with_five=True)].append(ch)
            self.by_plain[to_normal(first)].append(ch)
        for d in (self.by_tone3, self.by_plain):
            for k in d:  # level-1 (common) characters first, then code point: deterministic
                d[k].sort(key=lambda c: (not gb2312_level1(c), ord(c)))

    @staticmethod
    @lru_cache(maxsize=65536)
    def readings_in(name: str) -> tuple[str, ...]:
        """TONE3 reading per character of ``name`` (non-Han characters: themselves)."""
        from pypinyin import Style, lazy_pinyin

        ctx = lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: list(s))
        if len(ctx) != len(name):  # never expected: one item per character
            raise ValueError(f"pinyin of {name!r} has {len(ctx)} items")
        return tuple(r if is_han(c) else c for c, r in zip(name, ctx))

    def same_tone(self, name: str, i: int) -> list[str]:
        r = self.readings_in(name)[i]
        return [c for c in self.by_tone3.get(r, []) if c != name[i]]

    def other_tone(self, name: str, i: int) -> list[str]:
        """Same syllable, another tone (the near homophones evaders do not bother to match)."""
        r = self.readings_in(name)[i]
        plain = r.rstrip("12345")
        same = set(self.by_tone3.get(r, []))
        return [c for c in self.by_plain.get(plain, []) if c != name[i] and c not in same]


class VariantOracle:
    CONFIGS = ("s2t", "s2tw", "s2hk")

    def __init__(self):
        import opencc

        self.conv = {c: opencc.OpenCC(c) for c in (*self.CONFIGS, "t2jp", "t2s")}

    @lru_cache(maxsize=65536)
    def forms(self, ch: str) -> tuple[str, ...]:
        out = []
        for cfg in self.CONFIGS:
            out.append(self.conv[cfg].convert(ch))
        out.append(self.conv["t2jp"].convert(self.conv["s2t"].convert(ch)))
        return tuple(dict.fromkeys(f for f in out if len(f) == 1 and f != ch))

    def whole(self, name: str) -> str:
        return self.conv["s2t"].convert(name)

    def folds_to(self, a: str, b: str) -> bool:
        """OpenCC t2s maps ``a`` to ``b`` (a variant form, not a disguise)."""
        return self.conv["t2s"].convert(a) == b or b in self.forms(a) or a in self.forms(b)


class ConfusableOracle:
    def __init__(self):
        import json

        import confusable_homoglyphs

        path = Path(confusable_homoglyphs.__file__).with_name("confusables.json")
        data = json.loads(path.read_text(encoding="utf-8"))
        pairs: dict[str, set[str]] = defaultdict(set)
        for src, entries in data.items():
            if len(src) != 1:
                continue
            for e in entries:
                c = e["c"]
                if len(c) == 1 and c != src and unicodedata.category(c)[0] in "LNS":
                    pairs[src].add(c)
                    pairs[c].add(src)
        self.pairs = {k: sorted(v) for k, v in pairs.items()}
        from importlib.metadata import version

        self.version = version("confusable-homoglyphs")

    def of(self, ch: str) -> list[str]:
        # an ASCII lookalike of a non-ASCII letter is no disguise of it; the other way round is
        return [c for c in self.pairs.get(ch, []) if not c.isascii()]
