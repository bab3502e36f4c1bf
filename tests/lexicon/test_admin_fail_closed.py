"""Issue 8: a missing, empty or unreadable lexicon folder or similarity table refuses to
start with a clear error (it used to start SERVING and allow every name). A failed hot
reload keeps the old lexicon: tests/store/test_lexicon_reload.py."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from service.config import Settings
from service.text.manager import REQUIRED_FILES, REQUIRED_SIMILARITY, LexiconManager, LexiconUnavailable
from service.store import open_store

BUNDLED = Path(Settings().lexicon_dir)


@pytest.fixture
def store(sqlite_url):
    s = open_store(sqlite_url)
    yield s
    s.close()


@pytest.fixture
def lexdir(tmp_path):
    """A copy of the bundled lexicon a test may break."""
    d = tmp_path / "lexicons"
    shutil.copytree(BUNDLED, d, ignore=shutil.ignore_patterns("build", "sources", "*.md", "*.json"))
    return d


def refuses(directory, store, *expect: str) -> str:
    with pytest.raises(LexiconUnavailable) as err:
        LexiconManager(directory, store)
    msg = str(err.value)
    assert "refusing to start" in msg, msg
    for e in expect:
        assert e in msg, msg
    return msg


def test_missing_folder(tmp_path, store):
    refuses(tmp_path / "nowhere", store, "does not exist")


def test_empty_folder(tmp_path, store):
    (tmp_path / "empty").mkdir()
    refuses(tmp_path / "empty", store, "no entities")


def test_entities_folder_without_files(lexdir, store):
    for f in (lexdir / "entities").glob("*.tsv"):
        f.unlink()
    refuses(lexdir, store, "no entities")


@pytest.mark.parametrize("name", REQUIRED_FILES)
def test_missing_required_file(lexdir, store, name):
    (lexdir / name).unlink()
    refuses(lexdir, store, name, "missing")


@pytest.mark.parametrize("name", REQUIRED_SIMILARITY)
def test_missing_similarity_table(lexdir, store, name):
    (lexdir / "charsim" / name).unlink()
    refuses(lexdir, store, name, "missing")


def test_missing_similarity_folder(lexdir, store):
    shutil.rmtree(lexdir / "charsim")
    refuses(lexdir, store, "charsim", "missing")


@pytest.mark.parametrize("name", ["entities/news_media.tsv", "divisions.tsv", "charsim/shape.tsv"])
def test_empty_file(lexdir, store, name):
    (lexdir / name).write_bytes(b"")
    refuses(lexdir, store, "empty")


@pytest.mark.parametrize("name", REQUIRED_SIMILARITY)
def test_similarity_table_with_a_header_and_no_rows(lexdir, store, name):
    path = lexdir / "charsim" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    path.write_text("\n".join(lines[:header + 1]) + "\n", encoding="utf-8")
    refuses(lexdir, store, name, "no rows")


def test_entity_files_with_a_header_and_no_rows(lexdir, store):
    for f in (lexdir / "entities").glob("*.tsv"):
        lines = f.read_text(encoding="utf-8").splitlines()
        header = next(i for i, line in enumerate(lines) if not line.startswith("#"))
        f.write_text("\n".join(lines[:header + 1]) + "\n", encoding="utf-8")
    refuses(lexdir, store, "no entities")


@pytest.mark.parametrize("name", ["divisions.tsv", "charsim/sound.tsv"])
def test_unreadable_file(lexdir, store, name):
    (lexdir / name).write_bytes(b"\xff\xfe\x00garbage\x80\x81\n")
    refuses(lexdir, store, "cannot be loaded")


def test_a_folder_in_place_of_a_file(lexdir, store):
    (lexdir / "words.tsv").unlink()
    (lexdir / "words.tsv").mkdir()
    refuses(lexdir, store, "words.tsv")


def test_the_server_refuses_to_start(tmp_path, settings):
    from service.app import App

    with pytest.raises(LexiconUnavailable):
        App(dataclasses.replace(settings, lexicon_dir=str(tmp_path / "missing")))


def test_the_cli_reports_it_and_exits_non_zero(tmp_path, monkeypatch, capsys):
    from service.cli import main

    monkeypatch.setenv("ZHENWEI_LEXICON_DIR", str(tmp_path / "missing"))
    monkeypatch.setenv("ZHENWEI_DATABASE_URL", f"sqlite:///{tmp_path / 'z.sqlite3'}")
    monkeypatch.setenv("ZHENWEI_LISTEN_ADDR", "127.0.0.1:0")
    assert main(["serve"]) == 2
    assert "refusing to start" in capsys.readouterr().err


def test_the_intact_copy_starts(lexdir, store):
    assert LexiconManager(lexdir, store).current().data.entities
