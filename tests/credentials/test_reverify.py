"""``zhenwei batch reverify``: every due credential re-checked once, in batches, resumable."""
from __future__ import annotations

import datetime as dt

from conftest import roster
from service.batch.reverify import reverify
from service.credentials.base import CredentialType as T
from service.credentials.models import EventKind, Status, Submission
from service.domain.models import Domain


def _verified(physicians, n):
    rows = [f"1101101011{i:05d},持证人{i},,valid,2030-12-31" for i in range(n)]
    physicians.local.import_roster(T.CN_PHYSICIAN_LICENSE, roster(*rows), "big-roster.csv")
    out = []
    for i in range(n):
        v = physicians.submit(Submission(account_id=f"acc-{i}", domain=Domain.MEDICAL, ctype=T.CN_PHYSICIAN_LICENSE,
                                         number=f"1101101011{i:05d}", holder_name=f"持证人{i}"))
        assert v.status is Status.VERIFIED
        out.append(v)
    return out


def test_every_due_credential_is_checked_once_in_batches_and_a_second_run_finds_none(physicians, clock):
    vs = _verified(physicians, 23)
    # the registry revokes two, the rest stay valid; a year later all are due
    physicians.local.import_roster(T.CN_PHYSICIAN_LICENSE, roster(
        "110110101100003,持证人3,,revoked,", "110110101100007,持证人7,,suspended,"), "update.csv")
    later = clock.now + dt.timedelta(days=400)
    seen = []
    report = reverify(physicians, now=later, batch_size=5, progress=lambda total, _s: seen.append(total.checked))
    assert report.checked == 23 and report.revoked == 1 and report.suspended == 1 and report.still_valid == 21
    assert seen == sorted(seen) and len(seen) >= 5, "progress after every batch"
    assert reverify(physicians, now=later, batch_size=5).checked == 0
    kinds = [e.kind for e in physicians.events("0")]
    assert kinds.count(EventKind.REVOKED) == 1 and kinds.count(EventKind.SUSPENDED) == 1
    assert physicians.get(vs[3].id).status is Status.REVOKED


def test_an_interrupted_run_goes_on_with_what_is_still_due(physicians, clock):
    _verified(physicians, 12)
    later = clock.now + dt.timedelta(days=400)
    first = reverify(physicians, now=later, batch_size=4, max_rows=5)   # stopped part-way
    rest = reverify(physicians, now=later, batch_size=4)
    assert (first.checked, rest.checked) == (5, 7)
    assert reverify(physicians, now=later).checked == 0


def test_the_command_line_reports_counts_as_json(tmp_path):
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, ZHENWEI_DATABASE_URL=f"sqlite:///{tmp_path}/r.sqlite3", ZHENWEI_SECRET_KEY="k" * 32)
    out = subprocess.run([sys.executable, "-m", "service", "batch", "reverify", "--json", "--quiet"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1])["checked"] == 0
    assert "reverify done: 0 checked" in out.stderr
