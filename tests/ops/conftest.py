"""tests/ops: the ``slow`` marker (fault runs over ~20 s, or ones that run a PostgreSQL cluster of
their own) — they run only with ``ZHENWEI_SLOW_TESTS=1`` (``-m "not slow"`` leaves them out too)."""
from __future__ import annotations

import os

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a fault run over ~20 s; runs with ZHENWEI_SLOW_TESTS=1")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("ZHENWEI_SLOW_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="slow fault run: set ZHENWEI_SLOW_TESTS=1 (bench/faults.py runs it too)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
