"""Two reviewers (and two replicas) claiming one case at the same moment: exactly one wins."""
from __future__ import annotations

import threading

from review_helpers import plain_region

from service.domain.errors import FailedPrecondition
from service.review.service import ReviewService
from service.store import open_store


def test_concurrent_claims_exactly_one_wins(desk, store, review_settings, clock):
    replica = open_store(review_settings.database_url)  # a second replica: its own connections
    other = ReviewService(replica, review_settings, clock=clock)
    try:
        for round_ in range(3):
            case = desk.open_from_screening(*plain_region(account=f"race-{round_}"), platform="p")
            barrier = threading.Barrier(8)
            wins, losses, errors = [], [], []

            def claim(service, actor):
                barrier.wait()
                try:
                    service.claim(case.id, actor)
                    wins.append(actor)
                except FailedPrecondition:
                    losses.append(actor)
                except Exception as exc:  # noqa: BLE001 - reported below
                    errors.append(repr(exc))

            threads = [threading.Thread(target=claim, args=(desk if i % 2 else other, f"reviewer-{i}"))
                       for i in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            assert not errors
            assert len(wins) == 1 and len(losses) == 7
            assert desk.get(case.id).claimed_by == wins[0]
            claims = [e for e in store.audit.list(f"case:{case.id}") if e.action == "case.claim"]
            assert [e.actor for e in claims] == wins
        assert store.audit.verify().ok  # concurrent audited writers did not fork the chain
    finally:
        other.close()
        replica.close()
