"""The avatar emblem detector passes the detector contract (tests/detector_contract.py)."""
from __future__ import annotations

import pytest

from bench import emblems as E
from service.domain.models import Field
from detector_contract import DetectorContract


class TestAvatarDetector(DetectorContract):
    empty = b""
    positives = [(Field.AVATAR, E.to_bytes(E.emblem(4242)[0])), (Field.AVATAR, E.to_bytes(E.emblem(4243)[0]))]
    negatives = [(Field.AVATAR, E.to_bytes(E.benign(3)))]

    @pytest.fixture
    def detector(self, avatars):
        return avatars
