"""Synthetic emblems, benign avatars and attack transforms (no real logos).

Shared by the avatar tests (tests/image) and the robustness benchmark
(bench/avatar_robustness.py). Everything is deterministic given a seed.

- :func:`emblem` draws one official-looking emblem: a seal (ring text around a
  star), a shield, a newspaper masthead or a toothed badge, with CJK text in
  Noto Sans/Serif SC (from the ``pylopdf-fonts-zh-cn`` package, or Debian's
  ``fonts-noto-cjk``).
- :func:`hard_negative` draws an unregistered look-alike of a reference that shares its
  template: the same layout with other text, another central device, other colours (and
  another name), the same ring with a different centre (:data:`HARD_KINDS`).
- :func:`benign` draws an ordinary avatar: gradients and shapes, textures,
  face-like drawings, landscapes, patterns.
- :data:`TRANSFORMS` maps a family name to graded attack transforms.
"""
from __future__ import annotations

import colorsys
import dataclasses
import io
import math
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

SIZE = 256

_REGIONS = ["北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "重庆", "天津",
            "长沙", "郑州", "济南", "沈阳", "昆明", "福州", "合肥", "南昌", "太原", "兰州", "贵阳",
            "海口", "银川", "拉萨", "西宁", "呼和", "石家庄", "哈尔滨", "长春", "南宁", "乌鲁木齐"]
_ORGANS = ["公安局", "人民法院", "人民检察院", "武警支队", "消防救援", "交通警察", "日报社", "电视台",
           "广播电台", "晚报", "税务局", "海关", "边防检查", "司法局", "新闻中心", "融媒体中心"]
_BENIGN_ORGS = ["篮球俱乐部", "读书会", "咖啡馆", "摄影社", "登山协会", "烘焙坊", "动漫社", "宠物店",
                "花艺工作室", "吉他社", "跑步团", "棋社", "茶馆", "书画院", "美食家", "旅行社"]


@lru_cache(maxsize=2)
def cjk_font_path(serif: bool = False) -> str:
    """Path of a CJK font: the pylopdf-fonts-zh-cn package, else Debian's Noto CJK."""
    try:
        import pylopdf_fonts_zh_cn as fonts

        path = fonts.serif_path() if serif else fonts.sans_path()
        if Path(path).exists():
            return str(path)
    except ImportError:
        pass
    for cand in ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc" if serif else
                 "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                 "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"):
        if Path(cand).exists():
            return cand
    raise RuntimeError("no CJK font: install pylopdf-fonts-zh-cn (scripts/install_image_deps.sh) "
                       "or apt-get install fonts-noto-cjk")


@lru_cache(maxsize=64)
def font(size: int, serif: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(cjk_font_path(serif), size)


def _color(rng: random.Random, sat=(0.6, 1.0), val=(0.45, 0.9)) -> tuple[int, int, int]:
    r, g, b = colorsys.hsv_to_rgb(rng.random(), rng.uniform(*sat), rng.uniform(*val))
    return int(r * 255), int(g * 255), int(b * 255)


def _star(cx, cy, r_out, r_in, points=5, rot=-math.pi / 2):
    pts = []
    for i in range(points * 2):
        r = r_out if i % 2 == 0 else r_in
        a = rot + i * math.pi / points
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


_SYMBOLS = ["star", "star", "polygon", "gear", "cross", "torch", "scales", "rings"]


def _symbol(d: ImageDraw.ImageDraw, rng: random.Random, cx, cy, r, fill, accent, avoid: str | None = None) -> str:
    """A central device: star, polygon, gear, cross, torch, scales or concentric rings (not ``avoid``)."""
    kind = rng.choice(_SYMBOLS)
    if avoid is not None:
        kind = rng.choice([k for k in _SYMBOLS if k != avoid])
    rot = rng.uniform(0, 2 * math.pi)
    if kind == "star":
        d.polygon(_star(cx, cy, r, r * rng.uniform(0.35, 0.5), rng.choice([5, 6, 7, 8]),
                        rot=rng.choice([-math.pi / 2, rot])), fill=fill)
    elif kind == "polygon":
        n = rng.randint(3, 8)
        d.polygon([(cx + r * math.cos(rot + 2 * math.pi * i / n), cy + r * math.sin(rot + 2 * math.pi * i / n))
                   for i in range(n)], fill=fill)
        d.polygon(_star(cx, cy, r * 0.5, r * 0.2, 5), fill=accent)
    elif kind == "gear":
        d.polygon(_star(cx, cy, r, r * 0.8, rng.randint(8, 14), rot=rot), fill=fill)
        d.ellipse([cx - r * 0.45, cy - r * 0.45, cx + r * 0.45, cy + r * 0.45], fill=accent)
    elif kind == "cross":
        t = r * rng.uniform(0.25, 0.4)
        d.rectangle([cx - t, cy - r, cx + t, cy + r], fill=fill)
        d.rectangle([cx - r, cy - t, cx + r, cy + t], fill=fill)
    elif kind == "torch":
        d.polygon([(cx - r * 0.3, cy - r * 0.1), (cx + r * 0.3, cy - r * 0.1), (cx + r * 0.12, cy + r),
                   (cx - r * 0.12, cy + r)], fill=fill)
        d.ellipse([cx - r * 0.35, cy - r, cx + r * 0.35, cy - r * 0.05], fill=accent)
        d.polygon(_star(cx, cy - r * 0.55, r * 0.3, r * 0.12, 5), fill=fill)
    elif kind == "scales":
        d.rectangle([cx - r * 0.06, cy - r * 0.8, cx + r * 0.06, cy + r * 0.8], fill=fill)
        d.line([(cx - r, cy - r * 0.5), (cx + r, cy - r * 0.5)], fill=fill, width=max(2, int(r * 0.1)))
        for sx in (-1, 1):
            d.pieslice([cx + sx * r * 0.7 - r * 0.3, cy - r * 0.2, cx + sx * r * 0.7 + r * 0.3, cy + r * 0.4],
                       0, 180, fill=accent)
        d.rectangle([cx - r * 0.5, cy + r * 0.75, cx + r * 0.5, cy + r * 0.9], fill=fill)
    else:
        for i, k in enumerate(np.linspace(1.0, 0.25, rng.randint(2, 4))):
            d.ellipse([cx - r * k, cy - r * k, cx + r * k, cy + r * k], fill=fill if i % 2 == 0 else accent)
    return kind


def _text_center(draw, xy, text, fnt, fill):
    draw.text(xy, text, font=fnt, fill=fill, anchor="mm")


def _ring_text(img: Image.Image, text: str, cx, cy, radius, fnt, fill, span_deg=250.0):
    """Draws text along the upper arc of a circle (seal style)."""
    n = len(text)
    if n == 0:
        return
    span = math.radians(min(span_deg, 26 * n))
    start = -math.pi / 2 - span / 2
    for i, ch in enumerate(text):
        a = start + span * (i + 0.5) / n
        box = int(fnt.size * 1.5)
        glyph = Image.new("L", (box, box), 0)
        ImageDraw.Draw(glyph).text((box / 2, box / 2), ch, font=fnt, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a + math.pi / 2), resample=Image.BICUBIC)
        x = cx + radius * math.cos(a) - box / 2
        y = cy + radius * math.sin(a) - box / 2
        img.paste(Image.new("RGB", (box, box), fill), (int(x), int(y)), glyph)


def random_name(rng: random.Random, official: bool = True) -> str:
    pool = _ORGANS if official else _BENIGN_ORGS
    return rng.choice(_REGIONS) + rng.choice(pool)


@dataclass(frozen=True)
class Variant:
    """What a layout-sharing look-alike changes in a reference's drawing; everything else (the
    template: kind, shapes, positions, fonts, sizes) is drawn exactly as in the reference."""

    name: str | None = None  # other text (the name written on it)
    symbol: bool = False  # another central device
    colours: bool = False  # other colours
    centre: bool = False  # the inner region redrawn, the ring/outline/layout kept
    seed: int = 0  # draws the replacements


def _other_colour(col: tuple[int, int, int], rng: random.Random) -> tuple[int, int, int]:
    """A colour whose hue is 90–270° away from ``col``'s, its brightness redrawn."""
    h, s, v = colorsys.rgb_to_hsv(*(x / 255 for x in col))
    r, g, b = colorsys.hsv_to_rgb((h + rng.uniform(0.25, 0.75)) % 1.0, max(0.6, s), rng.uniform(0.35, 0.95))
    return int(r * 255), int(g * 255), int(b * 255)


def _device(d, rng, alt, swap: bool, cx, cy, r, fill, accent) -> str:
    """The central device; with ``swap`` another one (``rng`` consumed as for the original)."""
    if not swap:
        return _symbol(d, rng, cx, cy, r, fill, accent)
    k = _symbol(ImageDraw.Draw(Image.new("RGB", (SIZE, SIZE))), rng, cx, cy, r, fill, accent)
    return _symbol(d, alt, cx, cy, r, fill, accent, avoid=k)


def emblem(seed: int, name: str | None = None, official: bool = True,
           variant: Variant | None = None) -> tuple[Image.Image, str]:
    """One synthetic emblem (RGB, SIZE×SIZE) and the name written on it.

    With ``variant`` it is a look-alike of ``emblem(seed)``: the same template with what the
    variant names changed (see :func:`hard_negative`)."""
    rng = random.Random(seed)
    v = variant or Variant()
    alt = random.Random(v.seed)
    if variant is not None:  # the layout must not move: draw the name as the reference did
        drawn = random_name(rng, official)
        name = v.name or name or drawn
    else:
        name = name or random_name(rng, official)
    other = random_name(alt, official)  # the centre variant's replacement text
    kind = rng.choice(["seal", "shield", "masthead", "badge"])
    bg = (255, 255, 255) if rng.random() < 0.6 else _color(rng, sat=(0.0, 0.25), val=(0.85, 1.0))
    img = Image.new("RGB", (SIZE, SIZE), bg)
    d = ImageDraw.Draw(img)
    main = _color(rng)
    accent = _color(rng, val=(0.7, 1.0))
    if v.colours:
        main, accent = _other_colour(main, alt), _other_colour(accent, alt)
    c = SIZE / 2
    if kind == "seal":
        r = rng.uniform(100, 120)
        d.ellipse([c - r, c - r, c + r, c + r], outline=main, width=rng.randint(5, 10))
        r2 = r - rng.uniform(38, 46)
        d.ellipse([c - r2, c - r2, c + r2, c + r2], outline=main, width=rng.randint(2, 5))
        if (rng.random() < 0.5) != v.centre:
            d.ellipse([c - r2 + 6, c - r2 + 6, c + r2 - 6, c + r2 - 6], fill=accent)
        _device(d, rng, alt, v.symbol or v.centre, c + rng.uniform(-6, 6), c - rng.uniform(0, 12),
                r2 * rng.uniform(0.5, 0.7), main, accent)
        _ring_text(img, name, c, c, r - 22, font(24, serif=rng.random() < 0.5), main)
        words = ["★", "专用章", "警", "印"]
        word = rng.choice(words)
        if v.centre:
            word = alt.choice([w for w in words if w != word])
        _text_center(d, (c, c + r2 * 0.7), word, font(18), main)
    elif kind == "shield":
        w, h = rng.uniform(70, 110), rng.uniform(95, 120)
        top = c - h * rng.uniform(0.85, 1.0)
        waist = rng.uniform(-0.2, 0.4)
        style = rng.choice(["point", "round", "hex", "notch"])
        if style == "point":
            shape = [(c - w, top), (c + w, top), (c + w, c + h * waist), (c, c + h), (c - w, c + h * waist)]
        elif style == "round":
            shape = [(c - w, top), (c + w, top)] + [
                (c + w * math.cos(a), c + h * waist + (h * (1 - waist)) * math.sin(a))
                for a in np.linspace(0, math.pi, 12)]
        elif style == "hex":
            shape = [(c - w * 0.6, top), (c + w * 0.6, top), (c + w, c - h * 0.3), (c + w, c + h * waist),
                     (c, c + h), (c - w, c + h * waist), (c - w, c - h * 0.3)]
        else:
            shape = [(c - w, top), (c - w * 0.3, top), (c, top + 18), (c + w * 0.3, top), (c + w, top),
                     (c + w, c + h * waist), (c, c + h), (c - w, c + h * waist)]
        d.polygon(shape, fill=main)
        if rng.random() < 0.6:
            d.polygon(shape, outline=accent, width=rng.randint(3, 8))
        stripes = rng.choice(["h", "v", "diag", "none", "chevron"])
        n = rng.randint(2, 6)
        for i in range(n):
            t = rng.uniform(-0.6, 0.6)
            if stripes == "h":
                y = top + 30 + i * rng.uniform(10, 24)
                d.line([(c - w * 0.7, y), (c + w * 0.7, y)], fill=accent, width=rng.randint(2, 6))
            elif stripes == "v":
                x = c - w * 0.6 + i * (1.2 * w / n)
                d.line([(x, top + 20), (x, c + h * 0.3)], fill=accent, width=rng.randint(2, 6))
            elif stripes == "diag":
                x = c - w + i * (2 * w / n)
                d.line([(x, top + 10), (x + w * 0.6, c + h * 0.4)], fill=accent, width=rng.randint(2, 6))
            elif stripes == "chevron":
                y = c + i * 14 + t * 10
                d.line([(c - w * 0.6, y - 20), (c, y), (c + w * 0.6, y - 20)], fill=accent, width=4)
        sy = rng.choice([top + 45, c - 10, c + h * 0.45])
        _device(d, rng, alt, v.symbol or v.centre, c + rng.uniform(-20, 20), sy, rng.uniform(18, 38), accent, main)
        fnt = font(rng.randint(18, 28) if len(name) <= 6 else 20, serif=rng.random() < 0.5)
        ty = rng.choice([c + 25, top + 40, c + h * 0.55]) if sy != top + 45 else rng.choice([c + 25, c + h * 0.5])
        txt = name[-4:] if len(name) > 6 else name
        if v.centre:
            txt = other[-4:] if len(other) > 6 else other
        if rng.random() < 0.6:
            d.rectangle([c - w * rng.uniform(0.6, 1.0), ty - 20, c + w * rng.uniform(0.6, 1.0), ty + 20], fill=accent)
        _text_center(d, (c + rng.uniform(-10, 10), ty), txt, fnt, main)
    elif kind == "masthead":
        band = _color(rng)
        if v.colours:
            band = _other_colour(band, alt)
        filled = rng.random() < 0.5
        d.rectangle([0, 0, SIZE, SIZE], fill=band if filled else bg)
        fg = ((255, 255, 255) if sum(band) < 380 else (20, 20, 20)) if filled else band
        title = name[-3:] if len(name) > 4 else name
        if v.centre:
            title = other[-3:] if len(other) > 4 else other
        head = name[:-3] if len(name) > 4 else ""
        vertical = rng.random() < 0.3
        ty = c + rng.uniform(-40, 30)
        if vertical:
            fs = rng.randint(48, 60)
            x = rng.choice([c - 40, c + 40, c])
            for i, ch in enumerate(title):
                _text_center(d, (x, 40 + fs * 0.5 + i * fs * 1.05), ch, font(fs, serif=True), fg)
            if head:
                for i, ch in enumerate(head[:5]):
                    _text_center(d, (x + (70 if x < c + 1 else -70), 40 + i * 30), ch, font(26), fg)
        else:
            _text_center(d, (c + rng.uniform(-20, 20), ty), title, font(rng.randint(50, 72), serif=rng.random() < 0.8), fg)
            if head:
                _text_center(d, (c + rng.uniform(-30, 30), ty - rng.uniform(60, 75)), head, font(rng.randint(22, 32)), fg)
        deco = rng.choice(["lines", "frame", "bar", "dots"])
        y = min(SIZE - 60, ty + rng.uniform(38, 50))
        if deco == "lines":
            d.line([(24, y), (SIZE - 24, y)], fill=fg, width=rng.randint(3, 6))
            d.line([(24, y + 10), (SIZE - 24, y + 10)], fill=fg, width=2)
        elif deco == "frame":
            m = rng.randint(8, 20)
            d.rectangle([m, m, SIZE - m, SIZE - m], outline=fg, width=rng.randint(3, 7))
        elif deco == "bar":
            d.rectangle([0, SIZE - rng.randint(30, 60), SIZE, SIZE], fill=accent)
        else:
            for i in range(rng.randint(5, 12)):
                d.ellipse([20 + i * 20, y, 28 + i * 20, y + 8], fill=fg)
        has_device = rng.random() < 0.6
        if has_device:
            _device(d, rng, alt, v.symbol, rng.choice([40, SIZE - 40]), rng.choice([40, SIZE - 40]),
                    rng.uniform(18, 30), fg, accent)
        elif v.symbol:  # the look-alike adds a device where the reference has none
            _symbol(d, alt, alt.choice([40, SIZE - 40]), alt.choice([40, SIZE - 40]), alt.uniform(18, 30), fg,
                    accent)
        _text_center(d, (c + rng.uniform(-60, 60), min(SIZE - 20, y + 38)),
                     rng.choice(["官方", "新闻", "权威发布", "融媒", "客户端", "主办"]), font(rng.randint(18, 28)), fg)
    else:  # badge
        teeth = rng.randint(10, 18)
        r_out, r_in = rng.uniform(110, 122), rng.uniform(96, 104)
        d.polygon(_star(c, c, r_out, r_in, teeth, rot=rng.uniform(0, 1)), fill=main)
        r3 = r_in - rng.uniform(8, 16)
        d.ellipse([c - r3, c - r3, c + r3, c + r3], fill=accent)
        r4 = r3 - rng.uniform(8, 14)
        d.ellipse([c - r4, c - r4, c + r4, c + r4], outline=main, width=3)
        short = name[-3:-1] if len(name) >= 3 else name
        if v.centre:
            short = other[-3:-1] if len(other) >= 3 else other
        _text_center(d, (c, c + 10), short, font(rng.randint(44, 56), serif=rng.random() < 0.5), main)
        _device(d, rng, alt, v.symbol or v.centre, c + rng.uniform(-30, 30), c - r4 + 26, rng.uniform(12, 18),
                main, accent)
        _text_center(d, (c, c + r4 - 20), name[:2], font(18), main)
    return img, name


# ------------------------------------------------------- layout-sharing look-alikes
#: the kinds of :func:`hard_negative`: what a look-alike shares with the reference it imitates
HARD_KINDS = ("text", "symbol", "colour", "centre")


def _other_name(rng: random.Random, name: str, official: bool) -> str:
    """Another name: another region, and half the time the same organ (a seal of 上海公安局 for 北京公安局)."""
    organ = next((o for o in _ORGANS + _BENIGN_ORGS if name.endswith(o)), None)
    while True:
        new = (rng.choice(_REGIONS) + organ) if organ and rng.random() < 0.5 else random_name(rng, official)
        if new != name and not new.startswith(name[:2]):
            return new


def _changed(img: Image.Image, ref: np.ndarray) -> float:
    return float((np.abs(np.asarray(img, dtype=np.int16) - ref).max(axis=2) > 40).mean())


def hard_negative(ref_seed: int, kind: str, seed: int, official: bool = True) -> tuple[Image.Image, str] | None:
    """An unregistered look-alike of the reference ``emblem(ref_seed)`` that shares its template:

    - ``text``: the same layout (shapes, colours, device, positions, fonts) with another name written on it;
    - ``symbol``: the same seal/shield/badge/masthead with the same text and another central device;
    - ``colour``: the same template in other colours, with another name (the same name in other colours is
      the reference recoloured — the hue and grayscale families, which must match);
    - ``centre``: the same ring text / outline / layout with a different centre (seal: device, inner fill
      and centre word; shield: device and the name band; masthead: the title; badge: the big text and device).

    The look-alike always differs visibly from the reference (≥ 1 % of the pixels): when the drawn
    change happens to vanish (a short name that keeps the shown characters), another draw is taken; a
    device the reference hides under its name band cannot be swapped visibly, and ``symbol`` then
    redraws the centre (as ``centre``). None when the template cannot show the change (a name written
    in the colour it is written on)."""
    if kind not in HARD_KINDS:
        raise ValueError(f"unknown look-alike kind {kind!r}")
    ref, ref_name = emblem(ref_seed, official=official)
    a = np.asarray(ref, dtype=np.int16)
    for attempt in range(12):
        rng = random.Random(seed * 7919 + attempt)
        centre = kind == "centre" or (kind == "symbol" and attempt >= 6)
        var = Variant(name=_other_name(rng, ref_name, official) if kind in ("text", "colour") else None,
                      symbol=kind == "symbol", colours=kind == "colour", centre=centre,
                      seed=rng.randrange(10**9))
        img, name = emblem(ref_seed, official=official, variant=var)
        if _changed(img, a) < 0.01:
            continue
        # other colours only would be the reference recoloured: the other name must show too
        if kind == "colour" and _changed(emblem(ref_seed, official=official,
                                                variant=dataclasses.replace(var, colours=False))[0], a) < 0.01:
            continue
        return img, name
    return None


# ---------------------------------------------------------------------- benign
def _noise_texture(rng: random.Random, scale: int) -> np.ndarray:
    small = np.array([[rng.random() for _ in range(scale)] for _ in range(scale)], dtype=np.float32)
    img = Image.fromarray((small * 255).astype(np.uint8)).resize((SIZE, SIZE), Image.BICUBIC)
    return np.asarray(img, dtype=np.float32) / 255.0


def benign(seed: int) -> Image.Image:
    """An ordinary avatar: scenes, textures, face-like drawings, patterns."""
    rng = random.Random(seed)
    kind = rng.choice(["shapes", "texture", "face", "landscape", "pattern", "photo"])
    a, b = _color(rng), _color(rng)
    if kind == "texture":
        t = _noise_texture(rng, rng.choice([4, 8, 16, 32]))
        arr = np.stack([t * a[i] + (1 - t) * b[i] for i in range(3)], axis=-1)
        return Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    img = Image.new("RGB", (SIZE, SIZE), a)
    d = ImageDraw.Draw(img)
    if kind in ("shapes", "photo"):
        for y in range(SIZE):
            f = y / SIZE
            d.line([(0, y), (SIZE, y)], fill=tuple(int(a[i] * (1 - f) + b[i] * f) for i in range(3)))
        for _ in range(rng.randint(2, 9)):
            x0, y0 = rng.uniform(-40, SIZE), rng.uniform(-40, SIZE)
            s = rng.uniform(20, 140)
            col = _color(rng, sat=(0.2, 1.0), val=(0.2, 1.0))
            shape = rng.choice(["ellipse", "rect", "line", "poly"])
            if shape == "ellipse":
                d.ellipse([x0, y0, x0 + s, y0 + s * rng.uniform(0.5, 1.5)], fill=col)
            elif shape == "rect":
                d.rectangle([x0, y0, x0 + s, y0 + s * rng.uniform(0.3, 1.5)], fill=col)
            elif shape == "line":
                d.line([(x0, y0), (x0 + s, y0 + rng.uniform(-s, s))], fill=col, width=rng.randint(2, 12))
            else:
                d.polygon([(x0 + rng.uniform(0, s), y0 + rng.uniform(0, s)) for _ in range(rng.randint(3, 6))],
                          fill=col)
        if kind == "photo":
            img = img.filter(ImageFilter.GaussianBlur(rng.uniform(1.5, 4)))
            arr = np.asarray(img, dtype=np.float32)
            arr += np.random.default_rng(seed).normal(0, rng.uniform(3, 12), arr.shape)
            img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
        return img
    if kind == "face":
        skin = rng.choice([(240, 200, 170), (210, 160, 120), (160, 110, 80), (250, 220, 200)])
        cx, cy = SIZE / 2 + rng.uniform(-20, 20), SIZE / 2 + rng.uniform(-10, 20)
        rw, rh = rng.uniform(60, 90), rng.uniform(80, 110)
        hair = _color(rng, sat=(0.0, 0.6), val=(0.05, 0.5))
        d.ellipse([cx - rw - 10, cy - rh - 20, cx + rw + 10, cy + rh * 0.3], fill=hair)
        d.ellipse([cx - rw, cy - rh, cx + rw, cy + rh], fill=skin)
        ey = cy - rh * rng.uniform(0.1, 0.3)
        for sx in (-1, 1):
            ex = cx + sx * rw * 0.4
            d.ellipse([ex - 12, ey - 7, ex + 12, ey + 7], fill=(255, 255, 255))
            d.ellipse([ex - 5, ey - 5, ex + 5, ey + 5], fill=_color(rng, val=(0.1, 0.5)))
        my = cy + rh * 0.45
        d.arc([cx - 25, my - 15, cx + 25, my + 10], 10, 170, fill=(150, 40, 40), width=4)
        d.rectangle([cx - rw * 1.4, cy + rh * 0.9, cx + rw * 1.4, SIZE], fill=b)
        return img.filter(ImageFilter.GaussianBlur(rng.uniform(0, 1.5)))
    if kind == "landscape":
        sky, ground = _color(rng, sat=(0.2, 0.6), val=(0.7, 1.0)), _color(rng, val=(0.2, 0.6))
        h = rng.uniform(0.4, 0.7) * SIZE
        d.rectangle([0, 0, SIZE, h], fill=sky)
        d.rectangle([0, h, SIZE, SIZE], fill=ground)
        for _ in range(rng.randint(1, 4)):
            x = rng.uniform(-50, SIZE)
            w = rng.uniform(60, 180)
            d.polygon([(x, h), (x + w / 2, h - rng.uniform(30, 120)), (x + w, h)],
                      fill=_color(rng, sat=(0.1, 0.5), val=(0.3, 0.7)))
        sx, sy, sr = rng.uniform(20, SIZE - 20), rng.uniform(10, h - 40), rng.uniform(10, 30)
        d.ellipse([sx - sr, sy - sr, sx + sr, sy + sr], fill=(255, 230, 120))
        return img
    # pattern
    step = rng.randint(12, 48)
    style = rng.choice(["stripes", "checker", "dots"])
    for i in range(-SIZE, SIZE * 2, step):
        if style == "stripes":
            d.line([(i, 0), (i + SIZE * rng.uniform(-0.3, 0.3), SIZE)], fill=b, width=step // 3)
        else:
            for j in range(0, SIZE, step):
                if style == "checker" and ((i // step + j // step) % 2 == 0) and 0 <= i < SIZE:
                    d.rectangle([i, j, i + step, j + step], fill=b)
                elif style == "dots" and 0 <= i < SIZE:
                    d.ellipse([i + 2, j + 2, i + step // 2, j + step // 2], fill=b)
    return img


# ------------------------------------------------------------------ transforms
def to_bytes(img: Image.Image, fmt: str = "PNG", quality: int = 90) -> bytes:
    buf = io.BytesIO()
    if fmt == "JPEG":
        img.convert("RGB").save(buf, "JPEG", quality=quality)
    else:
        img.save(buf, fmt)
    return buf.getvalue()


def jpeg(img: Image.Image, q: int) -> Image.Image:
    return Image.open(io.BytesIO(to_bytes(img, "JPEG", q))).convert("RGB")


def downscale(img: Image.Image, px: int = 64) -> Image.Image:
    return img.resize((px, px), Image.BILINEAR)


def grayscale(img: Image.Image) -> Image.Image:
    return img.convert("L").convert("RGB")


def hue_shift(img: Image.Image, deg: float = 120) -> Image.Image:
    hsv = np.asarray(img.convert("HSV")).copy()
    hsv[..., 0] = ((hsv[..., 0].astype(int) + int(deg / 360 * 255)) % 256).astype(np.uint8)
    return Image.fromarray(hsv, "HSV").convert("RGB")


def invert(img: Image.Image) -> Image.Image:
    return ImageOps.invert(img.convert("RGB"))


def crop(img: Image.Image, frac: float, rng: random.Random) -> Image.Image:
    """Removes ``frac`` of the width and height, split randomly between the sides."""
    w, h = img.size
    dx, dy = int(w * frac), int(h * frac)
    left, top = rng.randint(0, dx), rng.randint(0, dy)
    return img.crop((left, top, w - (dx - left), h - (dy - top)))


def pad(img: Image.Image, frac: float, rng: random.Random) -> Image.Image:
    w, h = img.size
    pw, ph = int(w * frac), int(h * frac)
    col = _color(rng, sat=(0, 1), val=(0.3, 1))
    out = Image.new("RGB", (w + pw, h + ph), col)
    out.paste(img, (rng.randint(0, pw), rng.randint(0, ph)))
    return out


def rotate(img: Image.Image, deg: float, rng: random.Random) -> Image.Image:
    if deg % 90 == 0:
        return img.rotate(deg * rng.choice([1, -1]), expand=True)
    fill = img.getpixel((0, 0))
    return img.rotate(deg * rng.choice([1, -1]), resample=Image.BICUBIC, expand=True, fillcolor=fill)


def mirror(img: Image.Image) -> Image.Image:
    return ImageOps.mirror(img)


def caption(img: Image.Image, rng: random.Random) -> Image.Image:
    """A text banner over the lower part, as meme captions are written."""
    out = img.copy().convert("RGB")
    w, h = out.size
    d = ImageDraw.Draw(out)
    band = int(h * rng.uniform(0.14, 0.22))
    y = h - band - rng.randint(0, h // 10)
    if rng.random() < 0.6:
        d.rectangle([0, y, w, y + band], fill=(0, 0, 0) if rng.random() < 0.5 else (255, 255, 255))
    text = rng.choice(["官方认证", "欢迎关注", "本号唯一", "扫码加群", "诚信经营", "粉丝福利"])
    col = (255, 255, 0) if rng.random() < 0.5 else (255, 0, 0)
    d.text((w / 2, y + band / 2), text, font=font(int(band * 0.7)), fill=col, anchor="mm",
           stroke_width=2, stroke_fill=(0, 0, 0))
    return out


def embed(img: Image.Image, scale: float, rng: random.Random, scene_seed: int | None = None) -> Image.Image:
    """Shrinks the emblem to ``scale`` of a benign scene's side and pastes it in."""
    scene = benign(scene_seed if scene_seed is not None else rng.randrange(10**9)).resize((384, 384))
    side = int(384 * scale)
    small = img.resize((side, side), Image.LANCZOS)
    x, y = rng.randint(0, 384 - side), rng.randint(0, 384 - side)
    scene.paste(small, (x, y))
    return scene


def _fam(fn: Callable, *args) -> Callable[[Image.Image, random.Random], Image.Image]:
    return lambda img, rng: fn(img, *args)


#: family -> [(level, transform(img, rng) -> img)], graded by severity.
TRANSFORMS: dict[str, list[tuple[str, Callable[[Image.Image, random.Random], Image.Image]]]] = {
    "jpeg": [("q90", _fam(jpeg, 90)), ("q50", _fam(jpeg, 50)), ("q20", _fam(jpeg, 20))],
    "downscale": [("64px", _fam(downscale, 64))],
    "grayscale": [("gray", _fam(grayscale))],
    "hue": [("hue120", _fam(hue_shift, 120))],
    "invert": [("invert", _fam(invert))],
    "crop": [(f"crop{int(f * 100)}", (lambda f: lambda img, rng: crop(img, f, rng))(f)) for f in (0.05, 0.15, 0.30)],
    "pad": [(f"pad{int(f * 100)}", (lambda f: lambda img, rng: pad(img, f, rng))(f)) for f in (0.10, 0.30, 0.50)],
    "rotate": [(f"rot{d}", (lambda d: lambda img, rng: rotate(img, d, rng))(d)) for d in (5, 12, 90)],
    "mirror": [("mirror", _fam(mirror))],
    "caption": [("caption", lambda img, rng: caption(img, rng))],
    "embed": [(f"embed{int(s * 100)}", (lambda s: lambda img, rng: embed(img, s, rng))(s)) for s in (0.5, 0.3)],
}
