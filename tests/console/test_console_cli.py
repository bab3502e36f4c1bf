"""``zhenwei console user add|list|disable`` against a SQLite store named by ZHENWEI_DATABASE_URL;
the password comes from standard input (never an argument)."""
from __future__ import annotations

import io
import json

from service.cli import main
from service.console.auth import ConsoleAccounts
from service.store import open_store

PASSWORD = "a long enough console password"


def test_add_list_disable(monkeypatch, sqlite_url, capsys):
    monkeypatch.setenv("ZHENWEI_DATABASE_URL", sqlite_url)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["console", "user", "add", "--name", "张三", "--role", "reviewer,admin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["console", "user", "add", "--name", "李四", "--role", "reviewer"]) == 2  # refused, named why
    assert "password" in capsys.readouterr().err
    assert main(["console", "user", "list", "--json"]) == 0
    users = json.loads(capsys.readouterr().out)
    assert [(u["name"], u["roles"]) for u in users] == [("张三", ["admin", "reviewer"])]
    assert "password_hash" not in users[0]
    store = open_store(sqlite_url)
    try:
        accounts = ConsoleAccounts(store, 600)
        assert accounts.login("张三", PASSWORD) is not None  # the newline was not part of the password
        assert main(["console", "user", "disable", "张三"]) == 0
        assert accounts.login("张三", PASSWORD) is None
    finally:
        store.close()
    assert main(["console", "user", "list"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["console", "user", "list", "--all"]) == 0
    assert "disabled" in capsys.readouterr().out
