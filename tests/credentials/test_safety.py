"""Issue 8, credential side: one verified account per number under concurrency (SQLite and
PostgreSQL), idempotent submissions, labels only when verified, reviewers cannot approve a
second holder, platform scoping and masked holder names."""
from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from service.credentials.base import CredentialType
from service.credentials.crypto import mask_name
from service.credentials.models import Reason, Status, Submission
from service.credentials.verifier import CredentialVerifier
from service.domain.errors import FailedPrecondition, InvalidArgument, NotFound
from service.domain.models import Domain
from service.store import open_store

LICENSED = "110110101000218"   # 张三 in the ``physicians`` roster, valid
UNLISTED = "110110101000298"   # well-formed, in no roster: NEEDS_REVIEW


def sub(account="doc-1", number=LICENSED, holder="张三", **kw) -> Submission:
    return Submission(account_id=account, domain=Domain.MEDICAL, ctype=CredentialType.CN_PHYSICIAN_LICENSE,
                      number=number, holder_name=holder, **kw)


def _race(n: int, target) -> list:
    """Runs ``target(i)`` in ``n`` threads released together; returns results (or exceptions)."""
    barrier = threading.Barrier(n)
    out: list = [None] * n

    def run(i):
        barrier.wait()
        try:
            out[i] = target(i)
        except Exception as exc:  # noqa: BLE001 - reported by the caller's assertions
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return out


def test_twelve_accounts_racing_for_one_number_end_with_one_verified(physicians, store, cred_settings, clock):
    # twelve replicas (own store, own connections) submitting the same registry-listed number at once
    verifiers = [physicians] + [CredentialVerifier(open_store(cred_settings.database_url), cred_settings,
                                                   clock=clock) for _ in range(11)]
    try:
        results = _race(12, lambda i: verifiers[i].submit(sub(account=f"acc-{i}")))
    finally:
        for v in verifiers[1:]:
            v.close()
            v.store.close()
    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = sorted(r.status.value for r in results)
    assert statuses.count("VERIFIED") == 1, statuses
    assert {r.reason for r in results if r.status is Status.NEEDS_REVIEW} == {Reason.CLAIMED_BY_OTHER_ACCOUNT}
    holders = store.credentials.verified_holders_of(
        CredentialType.CN_PHYSICIAN_LICENSE.value, physicians.cipher.keyed_hash("CN_PHYSICIAN_LICENSE", LICENSED))
    assert len(holders) == 1


def test_a_retry_with_the_same_idempotency_key_returns_the_first_record(physicians, store):
    first = physicians.submit(sub(platform="p1", idempotency_key="req-1"))
    again = physicians.submit(sub(platform="p1", idempotency_key="req-1"))
    assert again.id == first.id and again.status is first.status is Status.VERIFIED
    assert len(store.credentials.verifications_for("doc-1")) == 1
    assert len(physicians.events("0")) == 1  # the retry added no event either
    # the key is per platform: another platform's same key is its own submission
    other = physicians.submit(sub(platform="p2", idempotency_key="req-1", account="doc-2"))
    assert other.id != first.id
    # a reused key with a different request is refused, and stores nothing
    with pytest.raises(InvalidArgument, match="idempotency_key"):
        physicians.submit(sub(platform="p1", idempotency_key="req-1", holder="张三丰"))
    assert len(store.credentials.verifications_for("doc-1")) == 1


@pytest.mark.parametrize("number", [LICENSED, UNLISTED])
def test_concurrent_retries_with_one_key_create_one_record(physicians, store, number):
    results = _race(6, lambda i: physicians.submit(sub(number=number, platform="p1", idempotency_key="same")))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len({r.id for r in results}) == 1
    assert len(store.credentials.verifications_for("doc-1")) == 1


def test_a_requires_input_retry_is_idempotent_too(physicians, store):
    a = physicians.submit(sub(holder="", idempotency_key="k"))
    b = physicians.submit(sub(holder="", idempotency_key="k"))
    assert a.id == b.id and a.status is Status.REQUIRES_INPUT
    assert len(store.credentials.verifications_for("doc-1")) == 1


@pytest.mark.parametrize("key", ["x" * 129, "tab\there"])
def test_bad_idempotency_keys_are_invalid(physicians, key):
    with pytest.raises(InvalidArgument, match="idempotency_key"):
        physicians.submit(sub(idempotency_key=key))


def test_label_only_when_verified(physicians):
    assert physicians.submit(sub()).label is not None
    pending = physicians.submit(sub(account="doc-2", number=UNLISTED))
    assert pending.status is Status.NEEDS_REVIEW and pending.label is None
    rejected = physicians.submit(sub(account="doc-3", holder="张冒"))
    assert rejected.status is Status.REJECTED and rejected.label is None
    assert physicians.get(pending.id).label is None


def test_reviewer_cannot_approve_a_second_account_onto_a_verified_number(physicians):
    holder = physicians.submit(sub(account="owner"))
    assert holder.status is Status.VERIFIED
    claim = physicians.submit(sub(account="intruder"))
    assert claim.status is Status.NEEDS_REVIEW and claim.reason is Reason.CLAIMED_BY_OTHER_ACCOUNT
    with pytest.raises(FailedPrecondition, match="another account"):
        physicians.review(claim.id, True, "reviewer-1")
    assert physicians.get(claim.id).status is Status.NEEDS_REVIEW  # nothing changed
    assert physicians.review(claim.id, False, "reviewer-1").status is Status.REJECTED


def test_two_pending_claims_of_one_unlisted_number_cannot_both_be_approved(physicians):
    a = physicians.submit(sub(account="a", number=UNLISTED))
    b = physicians.submit(sub(account="b", number=UNLISTED))
    assert physicians.review(a.id, True, "r").status is Status.VERIFIED
    with pytest.raises(FailedPrecondition):
        physicians.review(b.id, True, "r")


def test_concurrent_approvals_of_one_number_verify_one_account(physicians):
    pending = [physicians.submit(sub(account=f"acc-{i}", number=UNLISTED)) for i in range(6)]
    results = _race(6, lambda i: physicians.review(pending[i].id, True, "r"))
    assert sum(1 for r in results if not isinstance(r, Exception) and r.status is Status.VERIFIED) == 1
    assert all(isinstance(r, FailedPrecondition) for r in results if isinstance(r, Exception))


def test_reads_are_scoped_to_the_submitting_platform(physicians):
    mine = physicians.submit(sub(platform="alpha"))
    assert mine.platform == "alpha"
    assert physicians.get(mine.id, platform="alpha").id == mine.id
    assert physicians.get(mine.id).id == mine.id  # unscoped (reviewer, admin)
    with pytest.raises(NotFound) as err:
        physicians.get(mine.id, platform="beta")
    assert mine.id not in str(err.value)
    assert physicians.check_publishing("doc-1", Domain.MEDICAL, platform="alpha").allowed
    other = physicians.check_publishing("doc-1", Domain.MEDICAL, platform="beta")
    assert not other.allowed and other.reason is Reason.NO_CREDENTIAL
    assert physicians.verified_domains("doc-1", platform="beta") == frozenset()
    assert [e.verification_id for e in physicians.events("0", platform="alpha")] == [mine.id]
    assert physicians.events("0", platform="beta") == []
    assert list(physicians.watch("0", follow=False, platform="beta")) == []
    assert [e.platform for e in physicians.watch("0", follow=False, platform="alpha")] == ["alpha"]


def test_the_other_holder_check_is_per_platform(physicians):
    # the same person verifies on two platforms; on one platform a second account is held back
    assert physicians.submit(sub(account="zs", platform="alpha")).status is Status.VERIFIED
    assert physicians.submit(sub(account="zs-b", platform="beta")).status is Status.VERIFIED
    assert physicians.submit(sub(account="other", platform="alpha")).reason is Reason.CLAIMED_BY_OTHER_ACCOUNT


def test_holder_names_are_masked_unless_revealed(physicians):
    v = physicians.submit(sub(), reveal_names=False)
    assert v.holder_name == "张*"
    assert physicians.get(v.id, reveal_names=False).holder_name == "张*"
    assert physicians.get(v.id).holder_name == "张三"


@pytest.mark.parametrize("name,masked", [("张三丰", "张*丰"), ("张三", "张*"), ("欧阳娜娜", "欧**娜"), ("王", "王"),
                                         ("", ""), (" Li Lei ", "L****i")])
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_error_messages_carry_no_repr(physicians):
    with pytest.raises(InvalidArgument) as err:
        physicians.events("abc")
    assert "'" not in str(err.value) and "abc" not in str(err.value)
    with pytest.raises(NotFound) as err:
        physicians.get("nope-" + "x" * 10)
    assert "nope" not in str(err.value)
    with pytest.raises(InvalidArgument):
        physicians.get("x" * 65)


def test_submissions_record_their_platform(physicians, store):
    v = physicians.submit(replace(sub(), platform="gamma"))
    row = store.credentials.get_verification(v.id)
    assert row.platform == "gamma"
    assert [e.platform for e in store.credentials.events_after(0)] == ["gamma"]
