"""Avatar screening through a real gRPC server: banks, emblem matches, OCR, hostile images."""
from __future__ import annotations

import random
import time

import grpc
import pytest
from PIL import Image, ImageDraw

from bench import emblems as E
from service.api.gen.impersonation.v1 import (common_pb2, lexicon_admin_pb2, lexicon_admin_pb2_grpc,
                                              reference_bank_pb2 as rb, reference_bank_pb2_grpc,
                                              screening_pb2, screening_pb2_grpc)

OWNER = "91110000600037341L"  # a valid unified social credit code
ENTITY = "media.peoples-daily"  # 人民日报, in the bundled lexicon


@pytest.fixture
def banks(channel):
    return reference_bank_pb2_grpc.ReferenceBankServiceStub(channel)


@pytest.fixture
def screener(channel):
    return screening_pb2_grpc.ScreeningServiceStub(channel)


@pytest.fixture
def emblem(banks):
    """A bank with one synthetic masthead registered for 人民日报."""
    banks.CreateBank(rb.CreateBankRequest(bank=rb.Bank(name="media", kind=rb.BANK_KIND_POSITIVE,
                                                       description="news mastheads")), timeout=10)
    img, _ = E.emblem(8080, name="甄伪晨光刊物")  # no protected name for OCR to find
    ref = banks.AddReference(rb.AddReferenceRequest(bank="media", entity_id=ENTITY,
                                                    category=common_pb2.CATEGORY_NEWS_MEDIA, label="人民日报报头",
                                                    image=E.to_bytes(img)), timeout=30)
    return ref, img


def screen(stub, avatar: bytes, name: str = "", **subject):
    profile = screening_pb2.Profile(account_id="acct", name=name, avatar=avatar,
                                    subject=screening_pb2.Subject(**subject))
    return stub.ScreenProfile(screening_pb2.ScreenProfileRequest(profile=profile), timeout=30)


def eventually(fn, timeout=10.0):
    """The reload poller runs every 0.2 s in tests: wait until ``fn()`` holds."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def avatar_hits(resp):
    return [f for f in resp.findings if f.field == screening_pb2.FIELD_AVATAR
            and screening_pb2.TECHNIQUE_IMAGE_HASH in f.techniques]


def test_emblem_in_avatar_needs_review_and_name_makes_it_reject(banks, screener, emblem):
    ref, img = emblem
    assert ref.id > 0 and ref.thumbnail_png.startswith(b"\x89PNG") and len(ref.pdq_hex) == 64
    attacked = E.to_bytes(E.pad(E.mirror(img), 0.3, random.Random(1)), "JPEG", 80)
    r = eventually(lambda: avatar_hits(screen(screener, attacked)) and screen(screener, attacked))
    assert r.decision == screening_pb2.DECISION_REVIEW
    [f] = avatar_hits(r)
    assert f.entity_id == ENTITY and f.category == common_pb2.CATEGORY_NEWS_MEDIA
    assert f.matched_text == f'reference {ref.id} "人民日报报头" (bank media)'
    assert (f.start, f.end) == (0, 0) and 0 < f.score <= 1 and "PDQ distance" in f.explanation
    r = screen(screener, attacked, name="人民日报")
    assert r.decision == screening_pb2.DECISION_REJECT
    embedded = E.to_bytes(E.embed(img, 0.5, random.Random(3)), "JPEG", 85)
    assert avatar_hits(screen(screener, embedded))


def test_verified_owner_is_allowed(channel, screener, emblem):
    ref, img = emblem
    admin = lexicon_admin_pb2_grpc.LexiconAdminServiceStub(channel)
    admin.AddOwner(lexicon_admin_pb2.AddOwnerRequest(entity_id=ENTITY, unified_social_credit_code=OWNER),
                   timeout=10)
    data = E.to_bytes(img)
    assert eventually(lambda: avatar_hits(screen(screener, data)))
    r = eventually(lambda: (x := screen(screener, data, kind=screening_pb2.SUBJECT_KIND_ORGANIZATION,
                                        unified_social_credit_code=OWNER)).decision
                   == screening_pb2.DECISION_ALLOW and x)
    last = screen(screener, data, kind=screening_pb2.SUBJECT_KIND_ORGANIZATION, unified_social_credit_code=OWNER)
    assert r and r.decision == screening_pb2.DECISION_ALLOW and avatar_hits(r)[0].owner_verified, last


def test_benign_avatar_is_allowed(screener, emblem):
    r = screen(screener, E.to_bytes(E.benign(12345), "JPEG"))
    assert r.decision == screening_pb2.DECISION_ALLOW and not r.findings


def test_disable_and_remove_reach_screening_without_restart(banks, screener, emblem):
    ref, img = emblem
    data = E.to_bytes(img)
    assert eventually(lambda: avatar_hits(screen(screener, data)))
    got = banks.DisableReference(rb.DisableReferenceRequest(id=ref.id), timeout=10)
    assert not got.enabled
    assert eventually(lambda: not avatar_hits(screen(screener, data)))
    banks.EnableReference(rb.EnableReferenceRequest(id=ref.id), timeout=10)
    assert eventually(lambda: avatar_hits(screen(screener, data)))
    banks.RemoveReference(rb.RemoveReferenceRequest(id=ref.id), timeout=10)
    assert eventually(lambda: not avatar_hits(screen(screener, data)))
    with pytest.raises(grpc.RpcError) as err:
        banks.GetReference(rb.GetReferenceRequest(id=ref.id), timeout=10)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def test_negative_bank_and_listing(banks, screener, emblem):
    ref, img = emblem
    banks.CreateBank(rb.CreateBankRequest(bank=rb.Bank(name="defaults", kind=rb.BANK_KIND_NEGATIVE)),
                     timeout=10)
    banks.AddReference(rb.AddReferenceRequest(bank="defaults", label="default avatar", image=E.to_bytes(img)),
                       timeout=30)
    assert eventually(lambda: not avatar_hits(screen(screener, E.to_bytes(img))))
    listed = banks.ListBanks(rb.ListBanksRequest(), timeout=10).banks
    assert [(b.name, b.kind, b.reference_count) for b in listed] == [
        ("defaults", rb.BANK_KIND_NEGATIVE, 1), ("media", rb.BANK_KIND_POSITIVE, 1)]
    page = banks.ListReferences(rb.ListReferencesRequest(page_size=1), timeout=10)
    assert [r.id for r in page.references] == [ref.id] and page.next_page_token
    assert page.references[0].thumbnail_png == b""
    rest = banks.ListReferences(rb.ListReferencesRequest(page_size=1, page_token=page.next_page_token,
                                                         include_thumbnails=True), timeout=10)
    assert len(rest.references) == 1 and not rest.next_page_token and rest.references[0].thumbnail_png
    updated = banks.UpdateBank(rb.UpdateBankRequest(name="media", pdq_threshold=12), timeout=10)
    assert updated.pdq_threshold == 12


def test_text_written_in_the_avatar_is_screened(screener):
    img = Image.new("RGB", (320, 320), (200, 30, 30))
    ImageDraw.Draw(img).text((160, 160), "人民日报", font=E.font(64), fill="white", anchor="mm")
    r = screen(screener, E.to_bytes(img))
    hits = [f for f in r.findings if f.field == screening_pb2.FIELD_AVATAR
            and screening_pb2.TECHNIQUE_IMAGE_TEXT in f.techniques]
    assert hits and hits[0].entity_name == "人民日报" and hits[0].matched_text == "人民日报"
    assert r.decision != screening_pb2.DECISION_ALLOW


def many_frame_gif(frames: int) -> bytes:
    import struct

    head = b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    frame = b"!\xf9\x04\x00\x01\x00\x00\x00" + b",\x00\x00\x00\x00\x01\x00\x01\x00\x00" + b"\x02\x02\x44\x01\x00"
    return head + frame * frames + b";"


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00u0\x00\x00u0\x08\x00\x00\x00\x00" + b"\x00" * 20,
    b"\xff\xd8\xff\xe0" + b"\x00" * 64,
    b"BM" + b"\x00" * 64,
    b"just text",
], ids=["30000x30000-png", "truncated-jpeg", "bmp", "text"])
def test_hostile_avatars_are_invalid_argument(screener, data):
    with pytest.raises(grpc.RpcError) as err:
        screen(screener, data)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "avatar" in err.value.details()


def test_many_frame_gif_is_screened_from_its_first_frame(screener):
    r = screen(screener, many_frame_gif(10_000))
    assert r.decision == screening_pb2.DECISION_ALLOW


def test_bank_admin_errors(banks):
    with pytest.raises(grpc.RpcError) as err:
        banks.AddReference(rb.AddReferenceRequest(bank="nope", entity_id="e", category=common_pb2.CATEGORY_MILITARY,
                                                  image=E.to_bytes(E.emblem(1)[0])), timeout=10)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as err:
        banks.CreateBank(rb.CreateBankRequest(bank=rb.Bank(name="x")), timeout=10)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.RpcError) as err:
        banks.ListReferences(rb.ListReferencesRequest(page_token="abc"), timeout=10)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
