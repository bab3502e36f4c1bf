"""Property-based tests (hypothesis) for the normaliser and the matcher."""
from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from service.domain.models import Decision, Field, Technique

PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def neighbours(bundled_engine):
    n = defaultdict(list)
    for (a, b), s in bundled_engine.similarity.shape.items():
        if s >= 0.6:
            n[a].append(b)
    return n


@pytest.fixture(scope="module")
def long_names(bundled_engine, neighbours):
    names = []
    for e in bundled_engine.data.entities.values():
        for text in (e.name, *e.aliases):
            if len(text) >= 4 and all("\u4e00" <= c <= "\u9fff" for c in text) and "common_word" not in e.flags:
                if any(c in neighbours for c in text):
                    names.append((e.id, text))
    assert len(names) > 100
    return sorted(names)


@given(data=st.data())
@PROFILE
def test_one_lookalike_swap_is_found(bundled_engine, neighbours, long_names, data):
    """Swap one character of a protected name (≥ 4 chars) for a shape neighbour: the entity is found."""
    ent_id, name = data.draw(st.sampled_from(long_names))
    positions = [i for i, c in enumerate(name) if c in neighbours]
    i = data.draw(st.sampled_from(positions))
    swap = data.draw(st.sampled_from(sorted(neighbours[name[i]])))
    variant = name[:i] + swap + name[i + 1:]
    norm = bundled_engine.normalizer.normalize(variant).text
    assume(norm != bundled_engine.normalizer.normalize(name).text)  # not folded back by OpenCC
    # the variant must not itself be another protected surface or an allowlisted phrase
    assume(not bundled_engine.matcher.exact(norm) or all(
        h.surface.target == ent_id for h in bundled_engine.matcher.exact(norm) if len(h.surface.text) >= len(norm)))
    # short texts (names) take the masked-search path, long ones (bios) the anchor-vote path
    prefix = data.draw(st.sampled_from(["", "我是", "关注", "今天天气不错我们一起去公园散步然后吃饭再回家看书写字休息一下吧明天继续努力学习工作关注"]))
    findings = bundled_engine.screen_text(Field.NAME, prefix + variant)
    hits = [f for f in findings if f.entity_id == ent_id]
    if not hits:
        # the swap may make the variant a cheaper disguise of another protected name of the
        # same place (禄 is a lookalike of 福 and a homophone of 泸): that reading must be
        # a disguise over the whole variant
        hits = [f for f in findings if f.start <= len(prefix) and len(prefix) + len(variant) <= f.end
                and any(s.position == len(prefix) + i for s in f.substitutions)]
    assert hits, (variant, findings)
    f = hits[0]
    assert f.severity is Decision.REJECT
    assert any(s.found == swap and s.position == len(prefix) + i for s in f.substitutions)


@given(st.text(max_size=80))
@PROFILE
def test_screen_never_raises_and_offsets_are_valid(bundled_engine, text):
    for f in bundled_engine.screen_text(Field.BIO, text):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.matched_text
        assert f.techniques
        for s in f.substitutions:
            assert 0 <= s.position < len(text)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
@PROFILE
def test_normalizer_maps_every_output_char_back(bundled_engine, text):
    n = bundled_engine.normalizer.normalize(text)
    assert len(n.text) == len(n.starts) == len(n.ends) == len(n.flags)
    assert all(0 <= s < e <= len(text) for s, e in zip(n.starts, n.ends))
    # in typed order unless bidi controls reordered the text for display
    assert list(n.starts) == sorted(n.starts) or n.reordered


@given(st.lists(st.sampled_from(["\u200b", "\u200d", "\u2060", "\ufeff", " ", "·", "-", "\u3000"]),
                min_size=1, max_size=3), st.integers(min_value=1, max_value=3))
@PROFILE
def test_split_names_are_found_and_invisibles_reject(bundled_engine, seps, at):
    name = "人民日报"
    text = name[:at] + "".join(seps) + name[at:]
    hits = [f for f in bundled_engine.screen_text(Field.NAME, text) if f.entity_name == name]
    assert hits
    invisible = any(s in "\u200b\u200d\u2060\ufeff" for s in seps)
    assert (Technique.INVISIBLE in hits[0].techniques) == invisible
    assert (hits[0].severity is Decision.REJECT) == invisible
