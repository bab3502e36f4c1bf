"""Tokens: generation, hashed storage, roles, the lookup cache and revocation."""
from __future__ import annotations

import time

import pytest

from service.auth.principal import Role
from service.auth.tokens import Authenticator, TokenAdmin, hash_secret, new_token, parse_roles
from service.domain.errors import InvalidArgument, NotFound
from service.store import open_store


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


def test_tokens_are_long_random_and_distinct():
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(t.startswith("zw_") and len(t) >= 40 for t in tokens)


def test_only_a_hash_is_stored(store):
    record, token = TokenAdmin(store).create_token("platform-a", "screening", actor="t")
    dumped = repr(store.db.query("SELECT * FROM api_credentials"))
    assert token not in dumped and token[3:] not in dumped
    assert hash_secret(token) in dumped
    assert record.roles == ("screening",) and record.platform == "platform-a" and record.id.startswith("tok_")


@pytest.mark.parametrize("text,roles", [
    ("screening", {Role.SCREENING}),
    ("screening,reviewer", {Role.SCREENING, Role.REVIEWER}),
    (" Admin , auditor ", {Role.ADMIN, Role.AUDITOR}),
])
def test_parse_roles(text, roles):
    assert parse_roles(text) == roles


@pytest.mark.parametrize("text", ["", " , ", "root", "screening,superuser"])
def test_unknown_or_missing_roles_are_refused(text):
    with pytest.raises(InvalidArgument):
        parse_roles(text)


@pytest.mark.parametrize("name", ["", "   ", "x" * 200, "bad\nname"])
def test_bad_names_are_refused(store, name):
    with pytest.raises(InvalidArgument):
        TokenAdmin(store).create_token(name, "screening", actor="t")


def test_authenticator_resolves_roles_and_platform(store):
    _, token = TokenAdmin(store).create_token("ops", "screening,reviewer", actor="t", platform="weibo")
    p = Authenticator(store).by_token(token)
    assert p.roles == {Role.SCREENING, Role.REVIEWER} and p.platform == "weibo" and p.name == "ops"
    assert p.has(Role.REVIEWER) and not p.has(Role.ADMIN)
    assert p.actor == f"ops ({p.id})"


@pytest.mark.parametrize("bogus", ["", "zw_", "zw_" + "x" * 43, "not-a-token", "zw_" + "a" * 5000])
def test_unknown_tokens_resolve_to_nothing(store, bogus):
    assert Authenticator(store).by_token(bogus) is None


def test_revocation_takes_effect_within_the_cache_ttl(store):
    admin = TokenAdmin(store)
    record, token = admin.create_token("p", "screening", actor="t")
    auth = Authenticator(store, ttl_s=0.3)
    assert auth.by_token(token) is not None
    admin.revoke(record.id, actor="t")
    time.sleep(0.35)
    assert auth.by_token(token) is None
    assert admin.list() == [] and admin.list(include_revoked=True)[0].revoked_at
    with pytest.raises(NotFound):
        admin.revoke("tok_nonexistent", actor="t")


def test_a_token_created_later_is_seen_at_once(store):
    auth = Authenticator(store, ttl_s=30)
    assert auth.by_token("zw_" + "q" * 43) is None
    _, token = TokenAdmin(store).create_token("late", "admin", actor="t")
    assert auth.by_token(token).has(Role.ADMIN)  # a new token is a new key: never negatively cached


def test_create_and_revoke_are_audited(store):
    admin = TokenAdmin(store)
    record, _ = admin.create_token("p", "auditor", actor="cli:alice")
    admin.revoke(record.id, actor="cli:bob")
    log = store.audit.list(target=record.id)
    assert [(e.actor, e.action) for e in log] == [("cli:bob", "token.revoke"), ("cli:alice", "token.create")]


def test_first_start_creates_one_admin_token(store, capsys):
    admin = TokenAdmin(store)
    token = admin.ensure_admin_token()
    err = capsys.readouterr().err
    assert token and token in err
    assert Authenticator(store).by_token(token).has(Role.ADMIN)
    assert admin.ensure_admin_token() is None  # an admin exists: nothing new, nothing printed
    assert capsys.readouterr().err == ""
