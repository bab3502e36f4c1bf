"""``zhenwei bank import DIR``: a folder's manifest into reference banks, idempotent, every
line reported; then the imported emblems are found by the avatar detector."""
from __future__ import annotations

import io
import json
import os
import random

import pytest

from bench import emblems as E
from service.cli import build_parser
from service.domain.errors import InvalidArgument
from service.domain.models import Category, Field
from service.image.screener import AvatarScreener
from service.store import open_store
from tests.image.conftest import make_settings


class _App:
    """What the CLI needs of the application (``args.make_app``)."""

    def __init__(self, avatars):
        self.avatars = avatars
        self.screener = None
        self.closed = 0

    def close(self):
        self.closed += 1


@pytest.fixture
def av(image_store, sqlite_url):
    return AvatarScreener(image_store, make_settings(sqlite_url))


def run(av, argv):
    """Runs ``zhenwei <argv>`` as the CLI parses it; (exit status, stdout)."""
    args = build_parser().parse_args(argv)
    app = _App(av)
    args.make_app = lambda: app
    out = io.StringIO()
    rc = args.func(args, out=out)
    assert app.closed == 1
    return rc, out.getvalue()


def write_bank(folder, seeds, rows=None):
    folder.mkdir(parents=True, exist_ok=True)
    for s in seeds:
        E.emblem(s)[0].save(folder / f"e{s}.png")
    rows = rows if rows is not None else [f"e{s}.png,ent-{s},PARTY_GOVERNMENT,emblem {s}" for s in seeds]
    (folder / "manifest.csv").write_text("file,entity_id,category,label\n" + "\n".join(rows) + "\n",
                                         encoding="utf-8")
    return folder


@pytest.fixture
def av_any(store_url):
    """An AvatarScreener over SQLite and over PostgreSQL."""
    store = open_store(store_url)
    try:
        yield AvatarScreener(store, make_settings(store_url)), store
    finally:
        store.close()


def test_import_is_idempotent_and_audited(av_any, tmp_path):
    av, image_store = av_any
    folder = write_bank(tmp_path / "bank", [501, 502, 503])
    rc, out = run(av, ["bank", "import", str(folder), "--bank", "official"])
    assert rc == 0, out
    assert "created bank official" in out and "added 3, skipped 0, refused 0" in out
    refs = image_store.images.list_references(bank="official")
    assert sorted(r.entity_id for r in refs) == ["ent-501", "ent-502", "ent-503"]
    assert {r.label for r in refs} == {"emblem 501", "emblem 502", "emblem 503"}
    assert all(r.created_by.startswith("cli:") or r.created_by == "cli" for r in refs)
    revision = image_store.images.revision()
    rc, out = run(av, ["bank", "import", str(folder), "--bank", "official", "--json"])
    report = json.loads(out)
    assert rc == 0 and (report["added"], report["skipped"], report["refused"]) == (0, 3, 0)
    assert [line["line"] for line in report["lines"]] == [2, 3, 4]
    assert {line["reference_id"] for line in report["lines"]} == {r.id for r in refs}
    assert len(image_store.images.list_references(bank="official")) == 3
    assert image_store.images.revision() == revision  # nothing written the second time
    actions = [(e.actor, e.action) for e in image_store.audit.iter_chain()]
    assert sum(a == "image_reference.add" for _, a in actions) == 3
    assert all(actor.startswith("cli") for actor, a in actions if a.startswith("image_"))


def test_refusals_name_the_line_and_the_reason(av, image_store, tmp_path):
    folder = tmp_path / "bank"
    write_bank(folder, [601, 602], rows=[
        "e601.png,ent-601,NEWS_MEDIA,ok",
        "e602.png,ent-602,NOT_A_CATEGORY,bad category",
        "missing.png,ent-9,MILITARY,gone",
        "broken.png,ent-10,MILITARY,not an image",
        "../outside.png,ent-11,MILITARY,escape",
        f"{tmp_path / 'outside.png'},ent-12,MILITARY,absolute",
        "link.png,ent-13,MILITARY,symlink out",
        "e601.png,ent-601,NEWS_MEDIA,same image again",
        "e602.png,,NEWS_MEDIA,no entity",
    ])
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    E.emblem(603)[0].save(tmp_path / "outside.png")
    os.symlink(tmp_path / "outside.png", folder / "link.png")
    rc, out = run(av, ["bank", "import", str(folder), "--bank", "media", "--json"])
    assert rc == 1
    report = json.loads(out)
    by_line = {line["line"]: line for line in report["lines"]}
    assert by_line[2]["status"] == "added"
    expect = {3: "unknown category", 4: "no such file", 5: "avatar: cannot decode", 6: "outside the folder",
              7: "absolute", 8: "outside the folder", 10: "needs an entity_id"}
    for number, reason in expect.items():
        assert by_line[number]["status"] == "refused" and reason in by_line[number]["reason"], by_line[number]
    assert by_line[9]["status"] == "skipped" and by_line[9]["reference_id"] == by_line[2]["reference_id"]
    assert (report["added"], report["skipped"], report["refused"]) == (1, 1, 7)
    assert [r.entity_id for r in image_store.images.list_references(bank="media")] == ["ent-601"]
    # the plain report names each line too
    rc, text = run(av, ["bank", "import", str(folder), "--bank", "media"])
    assert rc == 1 and "refused  line 6\t../outside.png\tthe path leads outside the folder" in text


def test_jsonl_manifest_with_bank_column_and_negative_bank(av, image_store, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for s in (701, 702, 703):
        E.emblem(s)[0].save(folder / f"e{s}.png")
    lines = [{"file": "e701.png", "entity_id": "ent-701", "category": "MILITARY", "label": "a", "bank": "army"},
             {"file": "e702.png", "entity_id": "ent-702", "category": "CATEGORY_MILITARY", "label": "b"},
             {"file": "e703.png", "label": "platform default", "bank": "defaults"}]
    (folder / "manifest.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    rc, out = run(av, ["bank", "import", str(folder), "--bank", "army"])
    # the negative line lands in a new POSITIVE bank (the default kind) and is refused there
    assert rc == 1 and "refused  line 3\te703.png\ta positive bank needs an entity_id" in out
    rc, out = run(av, ["bank", "import", str(folder), "--bank", "army", "--kind", "NEGATIVE"])
    assert rc == 1 and "is a POSITIVE bank, not NEGATIVE" in out
    image_store.images.remove_bank("defaults", "test")
    (folder / "manifest.jsonl").write_text(json.dumps(lines[2]) + "\n", encoding="utf-8")
    rc, out = run(av, ["bank", "import", str(folder), "--bank", "defaults", "--kind", "NEGATIVE"])
    assert rc == 0 and "added 1" in out
    assert image_store.images.get_bank("defaults").kind == "NEGATIVE"
    assert sorted(r.entity_id for r in image_store.images.list_references(bank="army")) == ["ent-701", "ent-702"]


def test_a_malformed_manifest_stops_the_whole_import(av, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "manifest.csv").write_text("name,entity\nx.png,e\n", encoding="utf-8")
    with pytest.raises(InvalidArgument, match="header row"):
        run(av, ["bank", "import", str(folder), "--bank", "b"])
    with pytest.raises(InvalidArgument, match="no manifest"):
        run(av, ["bank", "import", str(tmp_path), "--bank", "b"])
    with pytest.raises(InvalidArgument, match="bank name"):
        run(av, ["bank", "import", str(folder), "--bank", "Bad Name"])


def test_imported_emblems_are_found_by_the_avatar_detector(av, tmp_path):
    seeds = [801, 802, 803, 804]
    rc, _ = run(av, ["bank", "import", str(write_bank(tmp_path / "bank", seeds)), "--bank", "official"])
    assert rc == 0
    av.reload_if_changed()
    rng = random.Random(4)
    for s in seeds:
        img, _ = E.emblem(s)
        attacked = E.to_bytes(E.pad(E.mirror(img), 0.3, rng), "JPEG", 85)
        found = av.detect(Field.AVATAR, attacked).findings
        assert [f.entity_id for f in found][:1] == [f"ent-{s}"]
        assert found[0].category is Category.PARTY_GOVERNMENT and found[0].entity_name == f"emblem {s}"
    assert av.detect(Field.AVATAR, E.to_bytes(E.benign(99), "JPEG")).findings == ()


def test_bank_list_shows_the_thresholds_in_force(av, tmp_path):
    av.admin.create_bank("strict", "POSITIVE", pdq_threshold=8, actor="test")
    av.admin.create_bank("defaults", "NEGATIVE", actor="test")
    rc, out = run(av, ["bank", "list", "--json"])
    rows = {r["name"]: r for r in json.loads(out)}
    assert rc == 0
    assert rows["strict"]["thresholds"] == {"pdq": 8, "pdq_default": False, "min_inliers": 24,
                                            "min_inliers_default": True, "edge": 32, "crop": 50}
    assert rows["defaults"]["thresholds"]["pdq"] == 32 and rows["defaults"]["thresholds"]["pdq_default"]


def test_the_example_bank_imports_and_its_emblems_are_found(av, image_store):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "examples" / "bank"
    rc, out = run(av, ["bank", "import", str(folder), "--bank", "examples", "--json"])
    report = json.loads(out)
    assert rc == 0 and (report["added"], report["refused"]) == (8, 0), out
    av.reload_if_changed()
    from PIL import Image

    rng = random.Random(8)
    for line in report["lines"]:
        ref = image_store.images.get_reference(line["reference_id"])
        with Image.open(folder / line["file"]) as im:
            avatar = E.to_bytes(E.pad(im.convert("RGB"), 0.3, rng), "JPEG", 85)
        assert [f.entity_id for f in av.detect(Field.AVATAR, avatar).findings] == [ref.entity_id]
    rc, out = run(av, ["bank", "import", str(folder), "--bank", "examples"])
    assert rc == 0 and "added 0, skipped 8, refused 0" in out
