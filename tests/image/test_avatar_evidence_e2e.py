"""Structured avatar evidence and the thresholds in force, through a real gRPC server."""
from __future__ import annotations

import time

import grpc
import pytest
from PIL import Image, ImageDraw

from bench import emblems as E
from service.api.gen.impersonation.v1 import (common_pb2, reference_bank_pb2 as rb, reference_bank_pb2_grpc,
                                              screening_pb2, screening_pb2_grpc)


@pytest.fixture
def banks(channel):
    return reference_bank_pb2_grpc.ReferenceBankServiceStub(channel)


@pytest.fixture
def screener(channel):
    return screening_pb2_grpc.ScreeningServiceStub(channel)


def screen(stub, avatar: bytes):
    profile = screening_pb2.Profile(account_id="acct", avatar=avatar)
    return stub.ScreenProfile(screening_pb2.ScreenProfileRequest(profile=profile), timeout=30)


def image_hits(stub, avatar: bytes, timeout=10.0):
    """The IMAGE_HASH findings, once the server's reload poller has picked the bank up."""
    deadline = time.monotonic() + timeout
    while True:
        hits = [f for f in screen(stub, avatar).findings if screening_pb2.TECHNIQUE_IMAGE_HASH in f.techniques]
        if hits or time.monotonic() > deadline:
            return hits
        time.sleep(0.1)


def placed(img: Image.Image, canvas: int, side: int, at: tuple[int, int], background) -> Image.Image:
    out = background if isinstance(background, Image.Image) else Image.new("RGB", (canvas, canvas), background)
    out = out.resize((canvas, canvas))
    out.paste(img.resize((side, side), Image.LANCZOS), at)
    return out


def test_banks_return_the_thresholds_in_force(banks):
    made = banks.CreateBank(rb.CreateBankRequest(bank=rb.Bank(name="media", kind=rb.BANK_KIND_POSITIVE)), timeout=10)
    assert (made.pdq_threshold, made.pdq_threshold_default, made.min_inliers, made.min_inliers_default,
            made.edge_threshold, made.crop_threshold) == (12, True, 24, True, 32, 50)
    banks.CreateBank(rb.CreateBankRequest(bank=rb.Bank(name="defaults", kind=rb.BANK_KIND_NEGATIVE,
                                                       min_inliers=40)), timeout=10)
    got = banks.GetBank(rb.GetBankRequest(name="defaults"), timeout=10)
    assert (got.pdq_threshold, got.pdq_threshold_default, got.min_inliers, got.min_inliers_default) == \
        (32, True, 40, False)  # a negative bank's default is ZHENWEI_AVATAR_NEGATIVE_THRESHOLD
    banks.UpdateBank(rb.UpdateBankRequest(name="media", pdq_threshold=9), timeout=10)
    listed = {b.name: b for b in banks.ListBanks(rb.ListBanksRequest(), timeout=10).banks}
    assert (listed["media"].pdq_threshold, listed["media"].pdq_threshold_default) == (9, False)
    reset = banks.UpdateBank(rb.UpdateBankRequest(name="media", reset_thresholds=True), timeout=10)
    assert (reset.pdq_threshold, reset.pdq_threshold_default) == (12, True)
    with pytest.raises(grpc.RpcError) as err:
        banks.GetBank(rb.GetBankRequest(name="nope"), timeout=10)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def test_image_findings_carry_reference_stage_distance_and_box(banks, screener):
    banks.CreateBank(rb.CreateBankRequest(bank=rb.Bank(name="official", kind=rb.BANK_KIND_POSITIVE)), timeout=10)
    img, _ = E.emblem(4301, name="甄伪测试徽标局")
    ref = banks.AddReference(rb.AddReferenceRequest(bank="official", entity_id="ent-a",
                                                    category=common_pb2.CATEGORY_PARTY_GOVERNMENT, label="徽标A",
                                                    image=E.to_bytes(img)), timeout=30)
    # stage 1: the emblem, mirrored, at 500 px on a 1000 px plain pad (the box is in the file's pixels,
    # not the 512 px work copy)
    avatar = placed(E.mirror(img), 1000, 500, (300, 200), (40, 90, 160))
    [f] = image_hits(screener, E.to_bytes(avatar))
    e = f.image
    assert f.HasField("image") and e.stage == screening_pb2.IMAGE_STAGE_HASH
    assert (e.reference_id, e.bank, f.entity_id) == (ref.id, "official", "ent-a")
    assert e.view in ("trim", "trim2", "edge_trim") and 0 <= e.distance <= e.threshold and e.threshold > 0
    assert e.inliers == 0 and not e.recognized_text
    box = (e.box.x, e.box.y, e.box.width, e.box.height)
    assert e.HasField("box") and all(abs(a - b) <= 12 for a, b in zip(box, (300, 200, 500, 500))), box
    # the prose is still there for people
    assert f.matched_text == f'reference {ref.id} "徽标A" (bank official)' and "PDQ distance" in f.explanation

    # stage 2: the emblem at half the side of a busy scene; the box lies on the pasted emblem
    scene = E.benign(777)
    avatar = placed(img, 384, 192, (150, 40), scene)
    hits = image_hits(screener, E.to_bytes(avatar, "JPEG", 90))
    assert [h.image.reference_id for h in hits] == [ref.id]
    e = hits[0].image
    assert e.stage == screening_pb2.IMAGE_STAGE_KEYPOINTS and e.view == "keypoints"
    assert e.inliers >= 24 and 0 <= e.distance <= e.threshold
    x0, y0, x1, y1 = e.box.x, e.box.y, e.box.x + e.box.width, e.box.y + e.box.height
    assert 150 - 8 <= x0 and 40 - 8 <= y0 and x1 <= 150 + 192 + 8 and y1 <= 40 + 192 + 8, (x0, y0, x1, y1)
    assert e.box.width * e.box.height >= 0.4 * 192 * 192


def test_text_read_in_the_avatar_is_returned_with_offsets(screener):
    img = Image.new("RGB", (320, 320), (200, 30, 30))
    ImageDraw.Draw(img).text((160, 160), "人民日报", font=E.font(64), fill="white", anchor="mm")
    r = screen(screener, E.to_bytes(img))
    hits = [f for f in r.findings if screening_pb2.TECHNIQUE_IMAGE_TEXT in f.techniques]
    assert hits
    for f in hits:
        e = f.image
        assert f.field == screening_pb2.FIELD_AVATAR and e.stage == screening_pb2.IMAGE_STAGE_TEXT
        assert "人民日报" in e.recognized_text and e.reference_id == 0 and not e.HasField("box")
        assert e.recognized_text[f.start:f.end] == f.matched_text and f.end > f.start


def test_text_fields_have_no_image_evidence(screener):
    profile = screening_pb2.Profile(account_id="acct", name="人民日报")
    r = screener.ScreenProfile(screening_pb2.ScreenProfileRequest(profile=profile), timeout=30)
    assert r.findings and not any(f.HasField("image") for f in r.findings)
