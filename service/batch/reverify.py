"""``zhenwei batch reverify``: the periodic re-verification run (动态核验巡查) over every credential
whose next check is due.

It walks the due credentials in batches (``CredentialVerifier.recheck_due``): each is re-checked
against the registries; what lapsed is expired, suspended, revoked or sent back for a re-check,
and each change emits its verification event (which ``WatchVerificationEvents`` and publishing
checks see at once). Each credential is committed on its own, and a re-checked one gets its next
check date, so a run killed at any point (``kill -9``) and started again goes on with the
credentials still due: none is checked twice in one period, none is skipped.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import time
from typing import Callable

from service.credentials.models import RecheckReport

#: safety stop: a run never loops more batches than this (a registry that keeps answering
#: "unavailable" reschedules its credentials, so the loop ends well before)
MAX_BATCHES = 100_000


def reverify(verifier, now: dt.datetime | None = None, batch_size: int = 500, max_rows: int | None = None,
             progress: Callable[[RecheckReport, float], None] | None = None) -> RecheckReport:
    """Re-checks due credentials until none is due (or ``max_rows`` were checked); the counts."""
    total = RecheckReport()
    t0 = time.monotonic()
    for _ in range(MAX_BATCHES):
        n = batch_size if max_rows is None else min(batch_size, max_rows - total.checked)
        if n <= 0:
            break
        report = verifier.recheck_due(now, limit=n)
        for f in dataclasses.fields(RecheckReport):
            setattr(total, f.name, getattr(total, f.name) + getattr(report, f.name))
        if progress is not None and report.checked:
            progress(total, time.monotonic() - t0)
        if report.checked < n:
            break  # nothing more is due
    return total
