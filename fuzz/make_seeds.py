"""Writes the seed corpora under fuzz/corpus/<target>/ (small, deterministic).

    .venv/bin/python fuzz/make_seeds.py

Seeds are built from the bundled lexicon and the modules' own documented examples, with
disguises applied by rule (a separator, a zero-width character, a lookalike from the
similarity table, fullwidth forms, pinyin), plus hand-made hostile images (truncated,
oversized headers). Run it again after changing a harness's input format.
"""
from __future__ import annotations

import hashlib
import io
import random
import re
import shutil
import struct
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _common  # noqa: E402

CORPUS = HERE / "corpus"


def _write(target: str, seeds: list[bytes]) -> None:
    d = CORPUS / target
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    for s in dict.fromkeys(seeds):  # unique, in order
        (d / hashlib.sha1(s).hexdigest()[:16]).write_bytes(s)
    print(f"{target}: {len(list(d.iterdir()))} seeds")


def _utf8(text: str) -> bytes:
    return b"\x00" + text.encode("utf-8")  # text_from mode 0


def _disguises(name: str, rng: random.Random, lookalike: dict[str, str]) -> list[str]:
    out = [name]
    if len(name) >= 2:
        k = rng.randrange(1, len(name))
        out.append(name[:k] + " " + name[k:])
        out.append(name[:k] + "\u200b" + name[k:])
        out.append(name[:k] + "·" + name[k:])
    swaps = [i for i, c in enumerate(name) if c in lookalike]
    if swaps:
        i = rng.choice(swaps)
        out.append(name[:i] + lookalike[name[i]] + name[i + 1:])
    out.append("".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name))
    return out


def text_seeds() -> tuple[list[str], list[str]]:
    """(names, bios) from the bundled lexicon, some disguised."""
    from pypinyin import lazy_pinyin

    lex = _common.lexicons()
    data = lex.bundled
    sim = lex.similarity
    lookalike: dict[str, str] = {}
    if sim is not None:
        for (a, b), s in sorted(sim.shape.items()):
            if s >= 0.8 and a not in lookalike:
                lookalike[a] = b
    rng = random.Random(20261130)
    ents = sorted((e for e in data.entities.values() if 2 <= len(e.name) <= 12), key=lambda e: e.id)
    picked = rng.sample(ents, 24)
    divs = sorted((d for d in data.divisions.values() if d.status == "current"), key=lambda d: d.code)
    pats = sorted({p.pattern for p in data.patterns})
    names: list[str] = []
    for e in picked:
        names.extend(_disguises(e.name, rng, lookalike))
    for d in rng.sample(divs, 8):
        names.append(d.short_name + rng.choice(pats))
    for e in picked[:6]:
        names.append("".join(lazy_pinyin(e.name)))
    names += ["楼下那只橘猫", "ＡＢＣ１２３", "Ｚｈｅｎｗｅｉ", "ǎǒǔǘ", "аbсdеf", "①②⑴⑵㈱ﬁ", "\u200b\u200d\ufeff",
              "🙂👍🏻🇨🇳", "e\u0301\u0301\u0301", "\U00020000\U0002a6d6", "⼈⺠", "𝐀𝐁𝐂"]
    bios = []
    for i in range(0, len(picked), 4):
        chunk = [n for e in picked[i:i + 4] for n in _disguises(e.name, rng, lookalike)[:2]]
        bios.append("，".join(chunk) + "。主任医师，执业律师，欢迎关注")
    bios.append((picked[0].name + " ") * 40)
    bios.append("哈" * 300)
    return names, bios


def normalize_seeds() -> list[bytes]:
    names, bios = text_seeds()
    seeds = [_utf8(t) for t in names + bios[:2]]
    seeds += [b"\x01" + t.encode("utf-16-le") for t in names[:10]]
    seeds += [b"\x02" + b"".join(struct.pack("<I", ord(c)) for c in t) for t in names[-12:]]
    return seeds


def engine_seeds() -> list[bytes]:
    names, bios = text_seeds()
    seeds = [bytes([1]) + _utf8(t) for t in names]          # name field
    seeds += [bytes([0]) + _utf8(t) for t in bios]          # bio field
    seeds += [bytes([1 | 0x08 | 0x40]) + _utf8(t) for t in names[:8]]  # organisation subject with a USCC
    seeds += [bytes([1 | 2 | 4]) + _utf8(names[0])]         # over the name limit
    return seeds


def credential_seeds() -> list[bytes]:
    import fuzz_credentials as fc

    seeds = []
    for i, module in enumerate(fc.MODULES):
        for example in re.findall(r">>> (?:validate|parse|validate_legacy15)\('([^']*)'\)", module.__doc__ or ""):
            seeds.append(bytes([i]) + _utf8(example))
            seeds.append(bytes([i]) + _utf8(example.lower()))
    return seeds


def _png(w: int, h: int, color_type: int = 2, bit_depth: int = 8, body: bytes | None = None) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 0)
    if body is None:
        body = zlib.compress(b"\x00" * min(h * (w * 3 + 1), 4096))  # a header-only bomb past 4 KiB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def image_seeds() -> list[bytes]:
    from PIL import Image

    def save(im, fmt, **kw) -> bytes:
        buf = io.BytesIO()
        im.save(buf, fmt, **kw)
        return buf.getvalue()

    rgb = Image.new("RGB", (24, 16), (200, 30, 30))
    rgb.paste((20, 20, 220), (4, 4, 12, 12))
    seeds = [save(rgb, "PNG"), save(rgb.convert("RGBA"), "PNG"), save(rgb.convert("L"), "PNG"),
             save(rgb.convert("P"), "PNG", transparency=0), save(rgb.convert("LA"), "PNG"),
             save(rgb.convert("I;16"), "PNG"), save(rgb.convert("1"), "PNG"),
             save(rgb, "JPEG", quality=60), save(rgb.convert("L"), "JPEG"), save(rgb.convert("CMYK"), "JPEG"),
             save(rgb, "GIF"), save(rgb, "GIF", save_all=True, append_images=[rgb.rotate(90)], loop=0)]
    exif = Image.Exif()
    exif[0x0112] = 6
    seeds.append(save(rgb, "JPEG", exif=exif.tobytes()))
    try:
        seeds += [save(rgb, "WEBP", quality=50), save(rgb.convert("RGBA"), "WEBP", lossless=True)]
    except (KeyError, OSError):  # Pillow built without WebP
        pass
    seeds += [_png(50_000, 50_000), _png(1, 1, body=zlib.compress(b"\x00" * 4_000_000, 9)),
              b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x00\x00\x00;", seeds[0][:40], seeds[7][:60]]
    return seeds


def proto_seeds() -> list[bytes]:
    import fuzz_proto as fp

    from service.api.gen.impersonation.v1 import credential_pb2 as cpb, screening_pb2 as spb

    names, bios = text_seeds()
    png = image_seeds()[0]
    examples: dict[str, list] = {
        "ScreeningService.ScreenProfile": [
            spb.ScreenProfileRequest(profile=spb.Profile(account_id="a1", name=n, bio=b))
            for n, b in zip(names[:8], bios + [""] * 8)]
        + [spb.ScreenProfileRequest(profile=spb.Profile(account_id="a2", name=names[1], avatar=png,
                                                         subject=spb.Subject(kind=2, unified_social_credit_code="91110000600037341L")))],
        "CredentialService.SubmitCredential": [
            cpb.SubmitCredentialRequest(account_id="a1", domain=4, credential_type=1, number="11101201010452178",
                                        holder_name="张三"),
            cpb.SubmitCredentialRequest(account_id="a2", domain=3, credential_type=5, number="110 1101 0100 0218",
                                        holder_name="李四", organization_uscc="91110000600037341L",
                                        evidence=[cpb.Evidence(content=png, content_type="image/png")])],
        "CredentialService.ReviewVerification": [cpb.ReviewVerificationRequest(
            verification_id="0" * 32, approve=True, valid_until="2030-01-31")],
        "CredentialService.WatchVerificationEvents": [cpb.WatchVerificationEventsRequest(cursor="0")],
    }
    seeds = []
    for name, msgs in examples.items():
        if name in fp.SLOT:
            seeds += [bytes([fp.SLOT[name], 0]) + m.SerializeToString() for m in msgs]
    for name, request_cls, _handler, _stream in fp.METHODS:  # one default-filled message per RPC
        msg = request_cls()
        for f in request_cls.DESCRIPTOR.fields:
            if getattr(f, "is_repeated", False) or f.message_type is not None:
                continue
            if f.type == f.TYPE_STRING:
                setattr(msg, f.name, "x1" if f.name != "name" else names[0])
            elif f.type in (f.TYPE_INT32, f.TYPE_INT64, f.TYPE_UINT32, f.TYPE_ENUM):
                setattr(msg, f.name, 1)
            elif f.type == f.TYPE_BOOL:
                setattr(msg, f.name, True)
        seeds.append(bytes([fp.SLOT[name], 0]) + msg.SerializeToString())
        rng = random.Random(name)  # and two field-by-field builds (fuzz_proto.build) per RPC
        seeds += [bytes([fp.SLOT[name], 1]) + rng.randbytes(96) for _ in range(2)]
    return seeds


TARGETS = {"normalize": normalize_seeds, "engine": engine_seeds, "credentials": credential_seeds,
           "image": image_seeds, "proto": proto_seeds}

if __name__ == "__main__":
    for t in sys.argv[1:] or TARGETS:
        _write(t, TARGETS[t]())
