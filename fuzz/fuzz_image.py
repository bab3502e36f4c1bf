"""Fuzz target: avatar ingest (service/image/ingest.py ``decode``) on hostile bytes.

Anything that is not a decodable JPEG/PNG/WebP/GIF within the byte and pixel caps —
truncated or corrupt data, decompression bombs, odd modes — must become
``InvalidArgument``; nothing else may escape. A decoded image must be H×W×3 uint8,
non-empty and no larger than ``work_side`` on its long side.

The pixel cap is lowered to 1,000,000 here (the service's default is 16,000,000) so that
header-declared bombs are reached by small mutations and each run stays fast; byte cap
as the service's.
"""
from __future__ import annotations

import atheris

import _common

with atheris.instrument_imports(include=["service", "PIL"]):
    from PIL import Image

    from service.image import ingest

    Image.init()  # imports every format plugin now, so they are instrumented too

import numpy as np

from service.domain.errors import ZhenweiError

SETTINGS = _common.settings()
MAX_PIXELS = 1_000_000
WORK_SIDE = 256


def TestOneInput(data: bytes) -> None:
    try:
        d = ingest.decode(data, max_bytes=SETTINGS.max_avatar_bytes, max_pixels=MAX_PIXELS, work_side=WORK_SIDE)
    except ZhenweiError:
        return
    assert d.rgb.dtype == np.uint8 and d.rgb.ndim == 3 and d.rgb.shape[2] == 3, d.rgb.shape
    assert 0 < d.rgb.shape[0] <= WORK_SIDE and 0 < d.rgb.shape[1] <= WORK_SIDE, d.rgb.shape
    assert d.width > 0 and d.height > 0 and d.width * d.height <= MAX_PIXELS
    assert d.format in ("JPEG", "PNG", "GIF", "WEBP")


def tokens():
    """Chunk names and markers, as latin-1 strings of raw bytes."""
    return ["\x89PNG\r\n\x1a\n", "IHDR", "IDAT", "IEND", "PLTE", "tRNS", "eXIf", "acTL", "fcTL", "iCCP", "zTXt",
            "\xff\xd8\xff", "\xff\xc0", "\xff\xc2", "\xff\xda", "\xff\xd9", "\xff\xe1", "Exif\x00\x00", "MM\x00*",
            "II*\x00", "GIF89a", "GIF87a", "NETSCAPE2.0", "RIFF", "WEBP", "VP8 ", "VP8L", "VP8X", "ALPH", "ANIM",
            "\xff\xff\xff\x7f", "\x00\x00\xff\xff"]


if __name__ == "__main__":
    _common.main(TestOneInput, lambda: [t.encode("latin-1") for t in tokens()])
