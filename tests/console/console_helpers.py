"""Helpers for console tests: the console's WSGI app over a real ReviewService and store (no
lexicon load: the review core gets the recording lexicon admin of tests/review), logins and
CSRF tokens, a case to work on."""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import SimpleNamespace

from service.config import Settings
from service.console.auth import ConsoleAccounts
from service.console.web import create_console
from service.review.service import ReviewService
from service.store import open_store

_REVIEW_TESTS = Path(__file__).resolve().parent.parent / "review"
sys.path.insert(0, str(_REVIEW_TESTS))  # review_helpers
_spec = importlib.util.spec_from_file_location("review_test_fixtures", _REVIEW_TESTS / "conftest.py")
_review_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_review_fixtures)
Clock, RecordingLexiconAdmin = _review_fixtures.Clock, _review_fixtures.RecordingLexiconAdmin

PASSWORD = "correct horse battery staple"
ROLES = ("reviewer", "admin", "auditor")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    m = _CSRF.search(html)
    assert m, "no CSRF field in the page"
    return m.group(1)


def make_env(url: str, clock, **overrides):
    settings = Settings(database_url=url, secret_key="console-test-secret", review_lease_s=600,
                        review_qa_share=0.0, bootstrap_admin_token=False, console_session_s=3600, **overrides)
    store = open_store(url)
    review = ReviewService(store, settings, lexicon_admin=RecordingLexiconAdmin(), clock=clock)
    app = SimpleNamespace(store=store, review=review, settings=settings)
    web = create_console(app, settings, clock=clock)
    web.testing = True
    accounts = ConsoleAccounts(store, settings.console_session_s, clock=clock)
    return SimpleNamespace(settings=settings, store=store, review=review, app=app, web=web, accounts=accounts,
                           clock=clock)


def login(web, name: str, password: str = PASSWORD, next_: str = "", https: bool = False):
    """A test client after a login as ``name`` (the login's response is ``client.last``)."""
    client = web.test_client()
    kw = {"base_url": "https://localhost"} if https else {}
    page = client.get("/login", **kw)
    resp = client.post("/login", data={"csrf_token": csrf_of(page.get_data(as_text=True)), "name": name,
                                       "password": password, "next": next_}, **kw)
    client.last = resp
    return client


def open_case(env, account="acc-1", name="人民曰报"):
    """A SCREENING case for a disguised news medium (the engine's finding, see tests/review)."""
    from review_helpers import disguised_media

    profile, result = disguised_media(account=account, name=name)
    return env.review.open_from_screening(profile, result, platform="plat-a")
