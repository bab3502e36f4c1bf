"""Safe avatar decoding: every hostile input becomes ``InvalidArgument``.

Order of checks, cheapest first:
1. byte cap (``max_avatar_bytes``);
2. format allowlist by magic bytes (JPEG, PNG, WebP, GIF) — Pillow is told to try
   only that one plugin;
3. pixel limit from the header, before any pixel is decoded
   (``max_avatar_pixels``), and Pillow's ``DecompressionBombWarning`` turned into
   an error as a second net;
4. decode (JPEG via ``draft`` at reduced DCT scale when large; GIF first frame
   only), EXIF orientation applied, alpha composited on white;
5. downsized to ``work_side`` (area resampling) so later stages see bounded work.

Truncated or corrupt data, unsupported modes and anything else Pillow raises
become ``InvalidArgument`` with the reason.
"""
from __future__ import annotations

import io
import struct
import warnings
import zlib
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFile, ImageOps

from service.domain.errors import InvalidArgument

# Pillow's own safety net: a warning at MAX_IMAGE_PIXELS becomes an error here.
warnings.filterwarnings("error", category=Image.DecompressionBombWarning)
ImageFile.LOAD_TRUNCATED_IMAGES = False

_MAGIC = [
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
]


@dataclass(frozen=True)
class Decoded:
    """An avatar ready for screening."""

    rgb: np.ndarray  # H×W×3 uint8, at most work_side on the long side
    format: str
    width: int  # as declared in the file (after EXIF rotation)
    height: int


def sniff(data: bytes) -> str | None:
    for magic, fmt in _MAGIC:
        if data.startswith(magic):
            return fmt
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def decode(data: bytes, *, max_bytes: int, max_pixels: int, work_side: int = 512) -> Decoded:
    """Decodes ``data`` or raises :class:`InvalidArgument` saying why."""
    if not data:
        raise InvalidArgument("avatar: empty image")
    if len(data) > max_bytes:
        raise InvalidArgument(f"avatar: {len(data)} bytes is over the {max_bytes}-byte limit")
    fmt = sniff(data)
    if fmt is None:
        raise InvalidArgument("avatar: not a JPEG, PNG, WebP or GIF image")
    try:
        im = Image.open(io.BytesIO(data), formats=[fmt])
        w, h = im.size
        if w <= 0 or h <= 0:
            raise InvalidArgument("avatar: image has no pixels")
        if w * h > max_pixels:
            raise InvalidArgument(
                f"avatar: {w}x{h} = {w * h} pixels is over the {max_pixels}-pixel limit")
        if Image.MAX_IMAGE_PIXELS and w * h > Image.MAX_IMAGE_PIXELS:
            # where Pillow only warns (and the process-wide filter may have been changed)
            raise InvalidArgument(f"avatar: decompression bomb ({w}x{h} pixels)")
        if fmt == "JPEG" and max(w, h) > 2 * work_side:
            im.draft("RGB", (work_side, work_side))  # decode at 1/2, 1/4 or 1/8 scale
        if fmt == "GIF":
            im.seek(0)  # first frame only; the frame count is never read
        im.load()
        im = _orient(im)
        im = _to_rgb(im)
        if max(im.size) > work_side:
            scale = work_side / max(im.size)
            im = im.resize((max(1, round(im.width * scale)), max(1, round(im.height * scale))),
                           Image.Resampling.BOX)
        rgb = np.asarray(im, dtype=np.uint8)
    except InvalidArgument:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidArgument(f"avatar: decompression bomb ({exc})") from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error, TypeError,
            IndexError, KeyError, MemoryError, NotImplementedError, RuntimeError) as exc:
        raise InvalidArgument(f"avatar: cannot decode {fmt} image ({type(exc).__name__}: {exc})") from None
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.shape[0] == 0 or rgb.shape[1] == 0:
        raise InvalidArgument("avatar: unsupported image layout")
    return Decoded(rgb=np.ascontiguousarray(rgb), format=fmt, width=w, height=h)


def _orient(im: Image.Image) -> Image.Image:
    try:
        orientation = im.getexif().get(0x0112, 1)
    except Exception:  # noqa: BLE001 - a broken EXIF block is ignored, not fatal
        return im
    if orientation in (None, 1) or not isinstance(orientation, int) or not 2 <= orientation <= 8:
        return im
    try:
        return ImageOps.exif_transpose(im)
    except Exception:  # noqa: BLE001 - an orientation that cannot be applied is ignored
        return im


def _to_rgb(im: Image.Image) -> Image.Image:
    """Composites transparency over white and returns an RGB image."""
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode in ("LA", "La", "PA") or (im.mode == "L" and "transparency" in im.info):
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "RGBa"):
        bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
        return Image.alpha_composite(bg, im.convert("RGBA")).convert("RGB")
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(im, dtype=np.float64)
        top = arr.max() or 1.0
        return Image.fromarray((arr / top * 255).astype(np.uint8)).convert("RGB")
    if im.mode == "F":
        arr = np.nan_to_num(np.asarray(im, dtype=np.float64))
        lo, hi = arr.min(), arr.max()
        return Image.fromarray(((arr - lo) / ((hi - lo) or 1.0) * 255).astype(np.uint8)).convert("RGB")
    return im.convert("RGB")

