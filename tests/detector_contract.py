"""The contract every detector passes (ThreatExchange's SignalType pattern): subclass
:class:`DetectorContract`, give it a ``detector`` fixture and the inputs it should be tried on.

A detector returns :class:`~service.domain.models.Evidence` only: findings on the field it was
asked about, with offsets inside the content, a score in (0, 1], an explanation, an entity
severity from the lexicon's scale, and no decision of its own (the severity stays at the
default; :mod:`service.policy` sets it). Empty content gives empty evidence; the same content
gives the same evidence; a field it does not read is refused or ignored, never misread.
"""
from __future__ import annotations

import dataclasses

import pytest

from service.domain.errors import InvalidArgument
from service.domain.models import Decision, Evidence, Field, Finding


class DetectorContract:
    #: (field, content) pairs that should yield at least one finding
    positives: list = []
    #: (field, content) pairs that should yield no finding
    negatives: list = []
    #: content of this detector's type that is empty
    empty: object = ""

    def test_declares_its_fields(self, detector):
        assert detector.fields and all(isinstance(f, Field) for f in detector.fields)

    def test_empty_content_gives_empty_evidence(self, detector):
        for field in detector.fields:
            try:
                ev = detector.detect(field, self.empty)
            except InvalidArgument:
                continue  # refusing empty content is also fine
            assert isinstance(ev, Evidence) and ev.findings == ()

    def test_findings_are_evidence_only(self, detector):
        assert self.positives, "a contract needs inputs that it finds"
        for field, content in self.positives:
            ev = detector.detect(field, content)
            assert isinstance(ev, Evidence)
            assert ev.findings, (field, content)
            for f in ev.findings:
                self.check_finding(f, field, content)

    def test_negatives_find_nothing(self, detector):
        for field, content in self.negatives:
            assert detector.detect(field, content).findings == (), (field, content)

    def test_deterministic(self, detector):
        for field, content in self.positives:
            assert detector.detect(field, content) == detector.detect(field, content)

    def test_a_field_it_does_not_read(self, detector):
        other = [f for f in Field if f not in detector.fields]
        for field in other:
            with pytest.raises(InvalidArgument):
                detector.detect(field, self.positives[0][1])

    @staticmethod
    def check_finding(f: Finding, field: Field, content) -> None:
        assert f.field is field
        assert f.severity is Decision.REVIEW, "detectors leave the severity to the policy"
        assert not f.owner_verified, "ownership is the policy's"
        assert 0 < f.score <= 1
        assert f.explanation and f.entity_id and f.entity_name
        assert f.entity_severity in ("high", "normal", "low")
        if isinstance(content, str):
            assert 0 <= f.start < f.end <= len(content)
            assert f.matched_text == content[f.start:f.end]
        else:
            assert (f.start, f.end) == (0, 0)
        for s in f.substitutions:
            assert isinstance(content, str) and content[s.position:s.position + len(s.found)] == s.found
        assert dataclasses.replace(f) == f
