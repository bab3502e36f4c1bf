"""The matcher's fast paths give the same answers as the paths they stand in for, and
the work cap per field (issue 8) truncates only dense long texts, saying so."""
from __future__ import annotations

import random

import pytest

import service.text.matcher as matcher_mod
from service.domain.models import Decision, Field
from service.text.matcher import FIELD_MAX_EXACT, TRUNCATED_NOTE, Hit

FILLER = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"


def _names(engine, k, seed):
    names = sorted({e.name for e in engine.data.entities.values() if "common_word" not in e.flags
                    and len(e.name) >= 4 and all("\u4e00" <= c <= "\u9fff" for c in e.name)})
    return random.Random(seed).sample(names, k)


def _disguise(engine, name, rng):
    shape = {}
    for a, b in sorted(engine.similarity.shape):
        shape.setdefault(a, []).append(b)
    s = list(name)
    places = [i for i, c in enumerate(s) if c in shape]
    if places:
        i = rng.choice(places)
        s[i] = rng.choice(shape[s[i]])
    return "".join(s)


def _texts(engine, n=40, seed=5):
    rng = random.Random(seed)
    out = []
    for k in range(n):
        body = [rng.choice(FILLER) for _ in range(rng.choice((60, 200, 600)))]
        for name in _names(engine, rng.randint(0, 6), seed * 100 + k):
            name = _disguise(engine, name, rng) if rng.random() < 0.5 else name
            at = rng.randrange(len(body))
            body[at:at] = list(name)
        out.append("".join(body))
    return out


def _automaton_hits(m, text):
    out = []
    for end, group in m._auto.iter(text):
        start = end - len(group[0].text) + 1
        out.extend(Hit(s, start, end + 1) for s in group)
    return out


def test_exact_long_is_the_automatons_answer_in_its_order(bundled_engine):
    m = bundled_engine.matcher
    for text in _texts(bundled_engine):
        t = bundled_engine.normalizer.normalize(text).text
        assert m._exact_long(t) == _automaton_hits(m, t)


@pytest.mark.parametrize("seed", [3, 11])
def test_capped_exact_scan_cuts_where_the_full_scan_cuts(bundled_engine, seed):
    """exact(t, FIELD_MAX_EXACT) may stop early on a dense text; the cut and every hit before
    it are those of the full scan (dense bios of names, and ordinary texts)."""
    m = bundled_engine.matcher
    rng = random.Random(seed)
    texts = ["".join(_names(bundled_engine, 150, seed=seed))]
    texts += ["".join(rng.choice(_names(bundled_engine, 20, seed=seed + 1)) + rng.choice(FILLER) * rng.randint(0, 3)
                      for _ in range(120))]
    texts += _texts(bundled_engine, n=20, seed=seed)
    for text in texts:
        t = bundled_engine.normalizer.normalize(text).text
        full, capped = m.exact(t), m.exact(t, FIELD_MAX_EXACT)
        cut = m.exact_cut(t, full)
        assert m.exact_cut(t, capped) == cut
        assert (sorted((h.surface.target, h.start, h.end) for h in capped if h.end <= cut)
                == sorted((h.surface.target, h.start, h.end) for h in full if h.end <= cut))
    assert any(len(m.exact(t, FIELD_MAX_EXACT)) < len(m.exact(t)) for t in texts[:2])  # it does stop early


@pytest.mark.parametrize("votes,windows", [(10 ** 9, 0), (10 ** 9, 10 ** 9), (0, 10 ** 9)])
def test_plain_python_vote_matches_numpy(bundled_engine, monkeypatch, votes, windows):
    """The Python counting and per-window filter against the numpy counting and the
    vectorised filter, over texts with exact and disguised names."""
    m = bundled_engine.matcher
    for text in _texts(bundled_engine, seed=9):
        norm = bundled_engine.normalizer.normalize(text)
        monkeypatch.setattr(matcher_mod, "_NUMPY_VOTES", votes)
        monkeypatch.setattr(matcher_mod, "_NUMPY_WINDOWS", windows)
        fast = m._vote(norm.text, norm.unfolded)
        monkeypatch.setattr(matcher_mod, "_NUMPY_WINDOWS", 0)
        slow = m._vote_numpy(norm.text, norm.unfolded)
        assert fast == slow


def test_dense_bio_is_truncated_and_still_reviewed(bundled_engine):
    names = _names(bundled_engine, 120, seed=3)
    bio = "".join(names)[:2000]
    findings, _ = bundled_engine.screen_field(Field.BIO, bio)
    assert findings
    assert TRUNCATED_NOTE in findings[0].explanation
    assert findings[0].severity >= Decision.REVIEW
    assert sum(TRUNCATED_NOTE in f.explanation for f in findings) == 1
    # the names in the screened part are found
    found = {f.entity_name for f in findings}
    assert len(found & set(names[:FIELD_MAX_EXACT])) >= FIELD_MAX_EXACT // 2


def test_ordinary_bio_is_not_truncated(bundled_engine):
    name = _names(bundled_engine, 1, seed=4)[0]
    rng = random.Random(4)
    bio = "".join(rng.choice(FILLER) for _ in range(150)) + name + "".join(rng.choice(FILLER) for _ in range(40))
    findings, _ = bundled_engine.screen_field(Field.BIO, bio)
    assert findings
    assert not any(TRUNCATED_NOTE in f.explanation for f in findings)


def test_exact_cut_keeps_short_texts_and_sparse_texts_whole(bundled_engine):
    m = bundled_engine.matcher
    short = "".join(_names(bundled_engine, 8, seed=6))[:matcher_mod._SHORT_TEXT]
    assert m.exact_cut(short, m.exact(short)) == len(short)
    dense = "".join(_names(bundled_engine, 60, seed=6))
    cut = m.exact_cut(dense, m.exact(dense))
    assert 0 < cut < len(dense)
    assert len({h.start for h in m.exact(dense) if h.end <= cut}) >= FIELD_MAX_EXACT


def test_fuzzy_bounded_stops_where_the_votes_run_out(bundled_engine):
    m = bundled_engine.matcher
    dense = "".join(_disguise(bundled_engine, n, random.Random(i))
                    for i, n in enumerate(_names(bundled_engine, 200, seed=8)))[:2000]
    hits, covered = m.fuzzy_bounded(dense, m.exact(dense), None, max_votes=5_000)
    assert covered < len(dense)
    assert all(h.end <= covered for h in hits)
    whole, covered_all = m.fuzzy_bounded(dense[:300], m.exact(dense[:300]), None, max_votes=10 ** 9)
    assert covered_all == 300
    assert whole == m.fuzzy(dense[:300], m.exact(dense[:300]))


def test_fuzzy_bounded_without_a_cap_is_fuzzy(bundled_engine):
    m = bundled_engine.matcher
    dense = "".join(_disguise(bundled_engine, n, random.Random(i))
                    for i, n in enumerate(_names(bundled_engine, 60, seed=12)))[:600]
    hits, covered = m.fuzzy_bounded(dense, m.exact(dense), None, max_votes=None)
    assert covered == len(dense)
    assert hits == m.fuzzy(dense, m.exact(dense))
