"""Fuzz target: the name engine end to end — :meth:`service.screening.Screener.screen` over
the bundled lexicon (built once per process): normalise, exact, fuzzy and pinyin passes,
context rules, claims and the decision policy.

Checks: only domain errors escape (InvalidArgument for an over-limit field); every
finding and claim points into its field (0 ≤ start < end ≤ len, ``matched_text`` is that
slice); every substitution lies inside its finding and ``found`` is what was typed there;
scores in [0, 1]; at least one technique; a decision from the enum.
"""
from __future__ import annotations

import atheris

import _common

with atheris.instrument_imports(include=["service"]):
    from service.domain.models import Decision, Field, Profile, Subject, SubjectKind
    from service.screening import Screener
    import service.lexicon.loader  # noqa: F401  (instrumented before the engine is built)
    import service.text.engine  # noqa: F401

from service.domain.errors import ZhenweiError

LEX = _common.lexicons()
SETTINGS = _common.settings()
SCREENER = Screener(LEX, SETTINGS)
_KINDS = list(SubjectKind)


def _check_spans(text: str, items) -> None:
    for f in items:
        assert 0 <= f.start < f.end <= len(text), (f, len(text))
        assert f.matched_text == text[f.start:f.end], f


def TestOneInput(data: bytes) -> None:
    if not data:
        return
    ctl, body = data[0], data[1:]
    text = _common.text_from(body)
    if ctl & 1:
        name, bio = text[:SETTINGS.max_name_chars], ""
    else:
        name, bio = "", text
    if ctl & 2:  # over the limit on purpose now and then: must be InvalidArgument
        name = name + "名" * (SETTINGS.max_name_chars + 1 - len(name)) if ctl & 4 else name
    subject = Subject(kind=_KINDS[(ctl >> 3) % len(_KINDS)], uscc="91110000600037341L" if ctl & 0x40 else "")
    try:
        result = SCREENER.screen(Profile(account_id="fuzz", name=name, bio=bio, subject=subject))
    except ZhenweiError:
        return
    assert isinstance(result.decision, Decision)
    fields = {Field.NAME: name, Field.BIO: bio}
    for f in result.findings:
        t = fields[f.field]
        _check_spans(t, [f])
        assert f.techniques, f
        assert 0.0 <= f.score <= 1.0, f
        for s in f.substitutions:
            assert f.start <= s.position < f.end, (f, s)
            assert t[s.position:s.position + len(s.found)] == s.found, (f, s)
    for c in result.claims:
        _check_spans(fields[c.field], [c])


def tokens():
    data = LEX.bundled
    words = []
    ents = sorted(data.entities.values(), key=lambda e: e.id)
    for e in ents[:: max(1, len(ents) // 400)]:
        words.append(e.name)
        words.extend(e.abbreviations[:1])
    divs = sorted(data.divisions.values(), key=lambda d: d.code)
    for d in divs[:: max(1, len(divs) // 150)]:
        words.extend([d.name, d.short_name])
    words.extend(sorted({p.pattern for p in data.patterns})[:150])
    words.extend(["\u200b", "·", " ", "ｉ", "а", "rmrb", "renmin", "zhongyang", "人 民", "主任医师", "律师", "基金经理"])
    return words


if __name__ == "__main__":
    _common.main(TestOneInput, tokens)
