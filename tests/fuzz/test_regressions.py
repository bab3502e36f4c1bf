"""Each input the fuzzers (fuzz/) found to crash, or that crashed before a fix the fuzzing
checks, as a plain test: the input now ends in a domain error (INVALID_ARGUMENT) or a
normal answer, never in another exception (which the server answers INTERNAL).
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from stdnum.exceptions import ValidationError

from service.api.gen.impersonation.v1 import reference_bank_pb2 as rb
from service.api.gen.impersonation.v1 import screening_pb2
from service.domain.errors import InvalidArgument
from service.credentials import uscc


class _Repo:
    """A reference-bank repository that records whether it was reached."""

    def __init__(self):
        self.calls = []

    def list_references(self, **kw):
        self.calls.append(kw)
        return []


def _reference_servicer():
    from service.api.reference_banks import ReferenceBankServicer

    repo = _Repo()
    app = SimpleNamespace(avatars=SimpleNamespace(admin=None), store=SimpleNamespace(images=repo))
    return ReferenceBankServicer(app), repo


@pytest.mark.parametrize("token", [
    "²",                 # str.isdigit() is true for superscripts, int() refuses them (ValueError)
    "①",
    "9" * 30,            # past SQLite's/PostgreSQL's 64-bit integer (OverflowError in the driver)
    "9" * 5000,          # past Python's 4,300-digit int() limit (ValueError)
])
def test_list_references_malformed_page_token_is_invalid_argument(token):
    servicer, repo = _reference_servicer()
    with pytest.raises(InvalidArgument):
        servicer.ListReferences(rb.ListReferencesRequest(page_token=token), None)
    assert repo.calls == []


def test_list_references_page_token_we_issue_still_works():
    servicer, repo = _reference_servicer()
    servicer.ListReferences(rb.ListReferencesRequest(page_token="42"), None)
    assert repo.calls[0]["after_id"] == 42


@pytest.mark.parametrize("kind", [3, 7, 2**31 - 1, -1])
def test_unknown_subject_kind_is_invalid_argument(kind):
    """Proto3 enums are open: an unknown SubjectKind number parses; it used to reach
    ``SubjectKind.Name`` and raise ValueError (INTERNAL)."""
    from service.api.screening import profile_from_proto

    profile = screening_pb2.Profile(name="x", subject=screening_pb2.Subject(kind=kind))
    with pytest.raises(InvalidArgument):
        profile_from_proto(profile)


def test_idcard_is_valid_never_raises_where_stdnum_does():
    """python-stdnum 2.2's ``cn.ric.is_valid`` raises KeyError for a number whose county code
    it does not know; the service's parser does not depend on that lookup."""
    from service.credentials import idcard

    assert idcard.is_valid("650404199801234560") is True
    for number in ("650404199801234561", "000000000000000000", "99999999999999999X", "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X"):
        assert isinstance(idcard.is_valid(number), bool)
        try:
            idcard.validate(number)
        except ValidationError:
            pass


# -- a credential valid until 9999-12-31 ("never expires") ---------------------------------
# Found by the proto harness: ReviewVerification(approve, valid_until="9999-12-31") raised
# OverflowError (9999-12-31 has no next day) and answered INTERNAL. The same date from a
# registry roster broke SubmitCredential, and the re-check job's retry when the registry is
# unavailable.

import datetime as dt  # noqa: E402

_FAR = dt.date.max  # 9999-12-31


def test_next_check_at_with_the_last_representable_date():
    from service.credentials.verifier import next_check_at

    now = dt.datetime(2026, 3, 1, 8, tzinfo=dt.timezone.utc)
    assert next_check_at(now, _FAR, now) == dt.datetime(2027, 3, 1, 8, tzinfo=dt.timezone.utc)


@pytest.fixture
def far_verifier(sqlite_url):
    from service.config import Settings
    from service.credentials.base import CredentialType
    from service.credentials.verifier import CredentialVerifier
    from service.store import open_store

    class Clock:
        now = dt.datetime(2026, 3, 1, 8, tzinfo=dt.timezone.utc)

        def __call__(self):
            return self.now

    store = open_store(sqlite_url)
    clock = Clock()
    v = CredentialVerifier(store, Settings(database_url=sqlite_url, secret_key="unit-test-secret"), clock=clock)
    report = v.local.import_roster(
        CredentialType.CN_PHYSICIAN_LICENSE,
        "number,holder_name,organization,status,valid_until\n110110101000218,张三,,valid,9999-12-31\n",
        "roster.csv")
    assert report.added == 1
    v.clock_for_test = clock
    yield v
    v.close()
    store.close()


def _submission(number, ctype_name="CN_PHYSICIAN_LICENSE"):
    from service.credentials.base import CredentialType
    from service.credentials.models import Submission
    from service.domain.models import Domain

    ctype = CredentialType[ctype_name]
    domain = Domain.MEDICAL if ctype_name == "CN_PHYSICIAN_LICENSE" else Domain.LEGAL
    return Submission(account_id="acc-1", domain=domain, ctype=ctype, number=number, holder_name="张三")


def test_registry_record_valid_until_9999_12_31_verifies(far_verifier):
    from service.credentials.models import Status

    v = far_verifier.submit(_submission("110110101000218"))
    assert v.status is Status.VERIFIED and v.valid_until == _FAR
    assert v.next_check_at == dt.datetime(2027, 3, 1, 8, tzinfo=dt.timezone.utc)


def test_recheck_with_registry_unavailable_and_valid_until_9999_12_31(far_verifier):
    from service.domain.errors import Unavailable

    far_verifier.submit(_submission("110110101000218"))

    class Down:
        name = "down"

        def lookup(self, ctype, number):
            raise Unavailable("registry down")

    far_verifier.registries = [Down()]
    far_verifier.clock_for_test.now = dt.datetime(2027, 3, 2, tzinfo=dt.timezone.utc)
    report = far_verifier.recheck_due()
    assert report.unavailable == 1


def test_review_approve_with_valid_until_9999_12_31(far_verifier):
    """Approving a NEEDS_REVIEW credential (a number no registry lists) until 9999-12-31."""
    from service.credentials.models import Status

    pending = far_verifier.submit(_submission("11101201010452178", "CN_LAWYER_LICENSE"))
    assert pending.status is Status.NEEDS_REVIEW
    done = far_verifier.review(pending.id, True, reviewer="reviewer-1", valid_until=_FAR)
    assert done.status is Status.VERIFIED and done.valid_until == _FAR


# -- str.isdigit() accepts ², ① and other non-ASCII digits that int() refuses ---------------
# Found by the proto harness in LexiconAdmin.ListClosedAccounts (page_token "①": ValueError,
# INTERNAL); the same check was then fixed in ReferenceBank.ListReferences (above) and in the
# listen-address validation of the settings.

class _ClosedRepo:
    def __init__(self):
        self.calls = []

    def list_closed(self, after, limit):
        self.calls.append((after, limit))
        return []


@pytest.mark.parametrize("token", ["①", "²", "9" * 19, "9" * 5000])
def test_list_closed_malformed_page_token_is_invalid_argument(token):
    from service.lexicon.admin import LexiconAdmin

    repo = _ClosedRepo()
    admin = LexiconAdmin(SimpleNamespace(lexicon=repo), manager=None, validate_uscc=uscc.validate)
    with pytest.raises(InvalidArgument):
        admin.list_closed(10, token)
    assert repo.calls == []
    admin.list_closed(10, "7")
    assert repo.calls == [(7, 11)]


@pytest.mark.parametrize("addr", ["127.0.0.1:²", "127.0.0.1:①", "127.0.0.1:" + "9" * 5000])
def test_listen_address_with_unicode_digits_is_a_clear_error(addr):
    from service.config import _address_problem

    assert "port must be a number" in _address_problem(addr)
