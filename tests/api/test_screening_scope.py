"""ScreenProfile counts only the calling platform's verified credentials.

A credential verified through platform A must not lift platform B's ``credential_required``
for an account id that happens to be the same string on both platforms.
"""
from __future__ import annotations

from types import SimpleNamespace

from service.api.gen.impersonation.v1 import common_pb2, screening_pb2
from service.api.screening import ScreeningServicer
from service.auth.principal import Principal, Role, bind, unbind
from service.config import Settings
from service.domain.models import Domain, Profile
from service.screening import Screener


class _Lexicons:
    """The smallest lexicon the screener needs: no findings, one finance claim in the bio."""

    def current(self):
        from service.domain.models import Claim, Evidence, Field

        def detect(field, text, deadline=None):
            if field is Field.BIO and text:
                return Evidence(claims=(Claim(field, Domain.FINANCE, text, 0, len(text)),))
            return Evidence()

        return SimpleNamespace(detect=detect, owners_of=lambda _id: frozenset(), version="t")


def _screener(calls):
    def verified_domains(account, platform=None):
        calls.append((account, platform))
        return frozenset({Domain.FINANCE}) if platform in (None, "platform-a") else frozenset()

    return Screener(_Lexicons(), Settings(), verified_domains=verified_domains)


class _Context:
    def time_remaining(self):
        return None


def _call(servicer, principal):
    token = bind(principal)
    try:
        req = screening_pb2.ScreenProfileRequest(profile=screening_pb2.Profile(account_id="acct-1", bio="基金经理"))
        return servicer.ScreenProfile(req, _Context())
    finally:
        unbind(token)


def test_screener_passes_the_platform_to_the_credential_lookup():
    calls = []
    result = _screener(calls).screen(Profile(account_id="acct-1", bio="基金经理"), platform="platform-b")
    assert calls == [("acct-1", "platform-b")]
    assert result.credential_required == (Domain.FINANCE,)


def test_servicer_scopes_credentials_to_the_callers_platform():
    calls = []
    servicer = ScreeningServicer(SimpleNamespace(screener=_screener(calls)))
    own = _call(servicer, Principal("tok_a", "a", frozenset({Role.SCREENING}), platform="platform-a"))
    other = _call(servicer, Principal("tok_b", "b", frozenset({Role.SCREENING}), platform="platform-b"))
    assert list(own.credential_required) == []
    assert list(other.credential_required) == [common_pb2.DOMAIN_FINANCE]
    assert calls == [("acct-1", "platform-a"), ("acct-1", "platform-b")]


def test_reviewers_are_not_confined_to_one_platform():
    calls = []
    servicer = ScreeningServicer(SimpleNamespace(screener=_screener(calls)))
    _call(servicer, Principal("tok_r", "r", frozenset({Role.REVIEWER, Role.SCREENING}), platform="platform-b"))
    assert calls == [("acct-1", None)]
