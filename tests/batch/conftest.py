"""Fixtures for the batch tests: a small synthetic lexicon (fast to load in every worker
process), settings and an in-process App over it to compare the batch output with."""
from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path

import pytest

from service.config import Settings

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS / "text"))

import lexfixture  # noqa: E402

BUNDLED = Path(Settings().lexicon_dir)

#: Name pieces: protected names of the fixture lexicon, disguised forms, and ordinary names.
PROTECTED = ["人民日报", "人民曰报", "新华社", "中国科学院", "中科院", "南阳市疾控中心", "河南卫健委", "长城网",
             "最高检", "中国青年报"]
ORDINARY = ["会下车的河流", "小王的店", "阳光生活", "爱吃鱼的猫", "山间清风", "平安夜快乐"]
BIOS = ["", "每天分享生活点滴", "我是主任医师，欢迎咨询", "执业律师，专注合同纠纷", "喜欢旅游和摄影，欢迎关注",
        "新华书店的老顾客"]


def write_lexicon(root: Path) -> Path:
    d = lexfixture.write(root)
    for name in ("sound.tsv", "variants.tsv"):  # the fixture has no readings or variant table
        shutil.copy(BUNDLED / "charsim" / name, d / "charsim" / name)
    return d


@pytest.fixture(scope="session")
def lexdir(tmp_path_factory) -> Path:
    return write_lexicon(tmp_path_factory.mktemp("batchlex"))


@pytest.fixture
def batch_settings(lexdir, tmp_path) -> Settings:
    return Settings(lexicon_dir=str(lexdir), database_url=f"sqlite:///{tmp_path / 'batch.sqlite3'}",
                    secret_key="batch-test-key", avatar_ocr=False)


@pytest.fixture
def batch_env(batch_settings) -> dict:
    import os

    env = dict(os.environ)
    env.update(ZHENWEI_LEXICON_DIR=batch_settings.lexicon_dir, ZHENWEI_DATABASE_URL=batch_settings.database_url,
               ZHENWEI_SECRET_KEY=batch_settings.secret_key, ZHENWEI_AVATAR_OCR="false")
    return env


@pytest.fixture(scope="session")
def direct_app(lexdir, tmp_path_factory):
    from service.app import App

    db = tmp_path_factory.mktemp("directdb") / "d.sqlite3"
    app = App(Settings(lexicon_dir=str(lexdir), database_url=f"sqlite:///{db}", secret_key="batch-test-key",
                       avatar_ocr=False))
    yield app
    app.close()


def profiles(n: int, seed: int = 7) -> list[dict]:
    """``n`` deterministic profiles mixing protected, disguised and ordinary names."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        pool = PROTECTED if rng.random() < 0.5 else ORDINARY
        out.append({"account_id": f"acct-{i:05d}", "name": rng.choice(pool) + rng.choice(["", "官方", str(i % 10)]),
                    "bio": rng.choice(BIOS)})
    return out


def write_jsonl(path: Path, rows: list[dict], extra_lines: dict[int, bytes] | None = None) -> None:
    """Writes rows as JSONL; ``extra_lines`` inserts raw (possibly malformed) lines before row index k."""
    extra_lines = extra_lines or {}
    with open(path, "wb") as fh:
        for i, r in enumerate(rows):
            if i in extra_lines:
                fh.write(extra_lines[i] + b"\n")
            fh.write(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n")


def expected_result(app, profile: dict) -> dict:
    """What the Screener says about one profile, straight from the ScreenResult (not via the batch code)."""
    from service.domain.models import Profile

    res = app.screener.screen(Profile(account_id=profile["account_id"], name=profile.get("name", ""),
                                      bio=profile.get("bio", "")))
    return {"account_id": res.account_id, "decision": res.decision.name,
            "categories": sorted({f.category.value for f in res.findings}),
            "entities": sorted({f.entity_name for f in res.findings}),
            "techniques": sorted({t.value for f in res.findings for t in f.techniques}),
            "credential_required": [d.value for d in res.credential_required],
            "lexicon_version": res.lexicon_version,
            "matched": sorted((f.field.value, f.matched_text, f.start, f.end) for f in res.findings)}


def comparable(record: dict) -> dict:
    """The same view of one batch output row."""
    return {"account_id": record["account_id"], "decision": record["decision"],
            "categories": sorted(record["categories"]), "entities": sorted(record["entities"]),
            "techniques": sorted(record["techniques"]), "credential_required": record["credential_required"],
            "lexicon_version": record["lexicon_version"],
            "matched": sorted((f["field"], f["matched_text"], f["start"], f["end"]) for f in record["findings"])}
