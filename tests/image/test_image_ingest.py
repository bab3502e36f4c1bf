"""Safe ingest: formats, orientation, alpha, limits, hostile images, random bytes."""
from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from PIL import Image

from service.domain.errors import InvalidArgument
from service.image import ingest

LIMITS = dict(max_bytes=2 * 1024 * 1024, max_pixels=16_000_000)


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def red_square(mode="RGB") -> Image.Image:
    img = Image.new(mode, (40, 30), "white")
    img.paste(Image.new(mode, (10, 10), "red"), (0, 0))
    return img


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_allowed_formats_decode_to_rgb(fmt):
    d = ingest.decode(encode(red_square(), fmt), **LIMITS)
    assert d.format == fmt and d.rgb.shape == (30, 40, 3) and d.rgb.dtype == np.uint8
    assert d.rgb[2, 2, 0] > 200 and d.rgb[2, 2, 1] < 60  # the red corner survived


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO", "PPM"])
def test_other_formats_are_refused(fmt):
    with pytest.raises(InvalidArgument, match="not a JPEG, PNG, WebP or GIF"):
        ingest.decode(encode(red_square(), fmt), **LIMITS)


def test_svg_and_text_are_refused():
    for data in (b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"hello", b"\x00" * 100):
        with pytest.raises(InvalidArgument):
            ingest.decode(data, **LIMITS)


def test_empty_and_over_the_byte_cap():
    with pytest.raises(InvalidArgument, match="empty"):
        ingest.decode(b"", **LIMITS)
    data = encode(red_square(), "PNG")
    with pytest.raises(InvalidArgument, match="byte limit"):
        ingest.decode(data, max_bytes=len(data) - 1, max_pixels=10**6)


def test_exif_orientation_is_applied():
    img = red_square()  # 40 wide, 30 high, red at top-left
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    d = ingest.decode(encode(img, "JPEG", exif=exif.tobytes(), quality=95), **LIMITS)
    assert d.rgb.shape[:2] == (40, 30)
    assert d.rgb[2, -3, 0] > 200 and d.rgb[2, -3, 1] < 80  # red now top-right


def test_alpha_is_composited_on_white():
    img = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    img.paste((0, 0, 255, 255), (0, 0, 5, 5))
    d = ingest.decode(encode(img, "PNG"), **LIMITS)
    assert tuple(d.rgb[10, 10]) == (255, 255, 255) and tuple(d.rgb[1, 1]) == (0, 0, 255)
    pal = Image.new("P", (8, 8), 0)
    pal.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    pal.info["transparency"] = 0
    d = ingest.decode(encode(pal, "GIF", transparency=0), **LIMITS)
    assert tuple(d.rgb[0, 0]) == (255, 255, 255)


def test_large_images_are_downsized_for_work():
    img = Image.new("RGB", (2000, 1000), "blue")
    d = ingest.decode(encode(img, "JPEG"), **LIMITS)
    assert max(d.rgb.shape[:2]) == 512 and (d.width, d.height) == (2000, 1000)


# ------------------------------------------------------------------ hostile images
def png_header_only(width: int, height: int, idat: bytes = b"") -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def bomb_png(side: int) -> bytes:
    """A real greyscale PNG of side×side zero pixels: tiny on the wire, huge decoded."""
    raw = zlib.compressobj(9)
    row = b"\x00" * (side + 1)
    out = b"".join(raw.compress(row) for _ in range(side)) + raw.flush()
    return png_header_only(side, side, out)


def many_frame_gif(frames: int) -> bytes:
    head = b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    head += b"!\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    frame = b"!\xf9\x04\x00\x01\x00\x00\x00" + b",\x00\x00\x00\x00\x01\x00\x01\x00\x00" + b"\x02\x02\x44\x01\x00"
    return head + frame * frames + b";"


def truncated_jpeg() -> bytes:
    rng = np.random.default_rng(1)
    data = encode(Image.fromarray(rng.integers(0, 255, (300, 300, 3), dtype=np.uint8)), "JPEG", quality=90)
    return data[: len(data) // 2]


HOSTILE = {
    "30000x30000 png": lambda: png_header_only(30000, 30000),
    "decompression bomb (5000x5000 zeros, 25 MB raw)": lambda: bomb_png(5000),
    "truncated jpeg": truncated_jpeg,
    "zero-size png": lambda: png_header_only(0, 10),
    "png with garbage idat": lambda: png_header_only(64, 64, b"\x78\x9c" + b"\xff" * 100),
}


def timed_decode(data: bytes) -> tuple[float, int, Exception | None]:
    tracemalloc.start()
    t0 = time.perf_counter()
    err = None
    try:
        ingest.decode(data, **LIMITS)
    except InvalidArgument as exc:
        err = exc
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak, err


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_images_are_invalid_argument_fast_and_bounded(name):
    data = HOSTILE[name]()
    assert len(data) <= LIMITS["max_bytes"]
    runs = [timed_decode(data) for _ in range(3)]
    assert all(isinstance(err, InvalidArgument) for _, _, err in runs), runs
    assert min(t for t, _, _ in runs) < 0.100, runs
    assert max(p for _, p, _ in runs) < 32 * 2**20, runs  # never the 900 MB a 30000² image would need


def test_ten_thousand_frame_gif_reads_only_the_first_frame():
    data = many_frame_gif(10_000)
    assert len(data) < LIMITS["max_bytes"]
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        d = ingest.decode(data, **LIMITS)
        runs.append(time.perf_counter() - t0)
    assert d.rgb.shape == (1, 1, 3)
    assert min(runs) < 0.100, runs


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")  # as service.image sets it
def test_pillow_bomb_warning_is_an_error_even_under_a_generous_pixel_cap():
    # a cap above Pillow's own limit: Pillow's DecompressionBombWarning still stops it
    data = png_header_only(10000, 9000)
    with pytest.raises(InvalidArgument, match="bomb"):
        ingest.decode(data, max_bytes=LIMITS["max_bytes"], max_pixels=10**10)


def test_opencv_pixel_cap_is_set_before_cv2_loads():
    import os

    import cv2  # noqa: F401

    assert os.environ["OPENCV_IO_MAX_IMAGE_PIXELS"] == str(16_000_000)


# ------------------------------------------------------------------ property tests
VALID = [encode(red_square(), f) for f in ("JPEG", "PNG", "WEBP", "GIF")]


def _decode_or_invalid(data: bytes) -> None:
    try:
        d = ingest.decode(data, max_bytes=LIMITS["max_bytes"], max_pixels=1_000_000)
    except InvalidArgument:
        return
    assert d.rgb.ndim == 3 and d.rgb.shape[2] == 3 and d.rgb.dtype == np.uint8


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_random_bytes_never_crash(data):
    _decode_or_invalid(data)


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(VALID), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=12),
       st.integers(0, 10**6))
def test_mutated_images_never_crash(base, edits, cut):
    data = bytearray(base)
    for pos, val in edits:
        data[pos % len(data)] = val
    _decode_or_invalid(bytes(data[: max(1, cut % (len(data) + 1))]))


@hsettings(max_examples=100, deadline=None)
@given(st.sampled_from([b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\x10\x00\x00\x00WEBPVP8 "]),
       st.binary(max_size=2048))
def test_valid_magic_with_garbage_never_crashes(magic, tail):
    _decode_or_invalid(magic + tail)
