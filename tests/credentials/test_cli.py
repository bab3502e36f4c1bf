"""``zhenwei registry import`` and ``zhenwei credentials recheck`` through the real entry point."""
from __future__ import annotations

import pytest

from conftest import roster
from service import cli


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("ZHENWEI_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("ZHENWEI_SECRET_KEY", "cli-secret")
    return tmp_path


def test_registry_import_is_idempotent_and_reports_lines(env, capsys):
    path = env / "lawyers.csv"
    path.write_text(roster("11101201010452178,张律师,某某律师事务所,valid,",
                           "1110120101045217,李律师,,valid,"), encoding="utf-8")
    assert cli.main(["registry", "import", "--type", "CN_LAWYER_LICENSE", str(path)]) == 1
    out = capsys.readouterr().out
    assert "1 added, 0 updated, 0 unchanged, 1 rejected" in out and "line 3:" in out
    assert "1110120101045217" not in out, "numbers are shown masked"
    assert cli.main(["registry", "import", "--type", "CREDENTIAL_TYPE_CN_LAWYER_LICENSE", str(path)]) == 1
    assert "0 added, 0 updated, 1 unchanged" in capsys.readouterr().out


def test_unknown_type_and_missing_file(env, capsys):
    with pytest.raises(SystemExit):
        cli.main(["registry", "import", "--type", "CN_PILOT_LICENSE", "x.csv"])
    assert "unknown type" in capsys.readouterr().err
    assert cli.main(["registry", "import", "--type", "CN_LAWYER_LICENSE", str(env / "absent.csv")]) == 2


def test_credentials_recheck(env, capsys):
    assert cli.main(["credentials", "recheck", "--now", "2030-01-01T00:00:00Z"]) == 0
    assert "0 checked" in capsys.readouterr().out
    assert cli.main(["credentials", "purge-evidence"]) == 0
    assert "purged" in capsys.readouterr().out
