"""The text engine passes the detector contract (tests/detector_contract.py)."""
from __future__ import annotations

import pytest

from service.domain.models import Field
from detector_contract import DetectorContract


class TestTextDetector(DetectorContract):
    positives = [(Field.NAME, "人民曰报"), (Field.NAME, "人民日报"), (Field.BIO, "本号是央视新闻合作账号"),
                 (Field.AVATAR, "新 华 社"), (Field.NAME, "zhongguorenmindaxue")]
    negatives = [(Field.NAME, "小明的日常"), (Field.BIO, "喜欢爬山和摄影")]

    @pytest.fixture
    def detector(self, bundled_engine):
        return bundled_engine.detector  # the engine itself, not the test's engine + policy pair
