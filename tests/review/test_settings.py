"""The review settings: parsed from ZHENWEI_* variables and validated."""
from __future__ import annotations

import pytest

from service.config import Settings
from service.domain.errors import InvalidArgument


def test_review_settings_parse_and_validate():
    s = Settings.from_env({"ZHENWEI_REVIEW_LEASE_S": "120", "ZHENWEI_REVIEW_FOUR_EYES": "off",
                           "ZHENWEI_REPORT_DEADLINE_H": "24", "ZHENWEI_APPEAL_DEADLINE_H": "168",
                           "ZHENWEI_AUDIT_RETENTION_DAYS": "365", "ZHENWEI_REVIEW_QA_SHARE": "0.1"})
    assert (s.review_lease_s, s.review_four_eyes, s.report_deadline_h, s.appeal_deadline_h,
            s.audit_retention_days, s.review_qa_share) == (120, False, 24, 168, 365, 0.1)
    d = Settings()
    assert (d.review_four_eyes, d.audit_retention_days) == (True, 180)
    for env in ({"ZHENWEI_AUDIT_RETENTION_DAYS": "179"}, {"ZHENWEI_REVIEW_QA_SHARE": "1.5"},
                {"ZHENWEI_REVIEW_LEASE_S": "0"}, {"ZHENWEI_REPORT_DEADLINE_H": "-1"},
                {"ZHENWEI_REVIEW_FOUR_EYES": "maybe"}):
        with pytest.raises(InvalidArgument) as err:
            Settings.from_env(env)
        assert next(iter(env)) in str(err.value)
