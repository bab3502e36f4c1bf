"""Fuzz target: the normaliser (service/text/normalize.py) with the bundled tables.

Checks, for any string: no exception; one span, one flag and one unfolded character per
output character; every span inside the original and in order (unless bidi controls put
the text in displayed order: ``reordered``); removed positions inside
the original, ascending, and never also the start of an output character; the fast path
(str.translate) and the per-character path agree whenever the fast one applies; the
result does not depend on what the caches saw before.
"""
from __future__ import annotations


import atheris

import _common

with atheris.instrument_imports(include=["service"]):
    from service.config import Settings
    from service.lexicon.similarity import CharSimilarity
    from service.text.normalize import Normalizer

_SIM = CharSimilarity.load(f"{Settings().lexicon_dir}/charsim")
NORMALIZER = Normalizer(_SIM.variants, _SIM.confusables)


def check(n, text: str) -> None:
    r = n.normalize(text)
    k = len(r.text)
    assert r.original == text
    assert len(r.starts) == len(r.ends) == len(r.flags) == k, "one span and one flag per output char"
    assert len(r.unfolded) == k, "unfolded text has the folded text's length"
    prev = 0
    for i in range(k):
        s, e = r.starts[i], r.ends[i]
        assert r.flags[i] >= 0
        assert 0 <= s < e <= len(text), (i, s, e, len(text))
        # spans go forward, except where bidi controls put the text in displayed order
        assert s >= prev or getattr(r, "reordered", False), "spans go forward"
        prev = s
        assert r.span(i, i + 1) == (s, e)
    kept = set(r.starts)
    last = -1
    for pos, kind in r.removed:
        assert 0 <= pos < len(text) and pos > last, "removed positions ascend inside the text"
        assert kind in ("invisible", "separator")
        assert pos not in kept, "a removed character is not also an output character"
        last = pos
    if k >= 2:
        for i, j in ((0, k), (k // 2, k), (0, 1 + k // 2)):
            lo, hi = r.span(i, j)
            assert 0 <= lo < hi <= len(text), (i, j, lo, hi)
            for p, _ in r.removed_inside(i, j):
                assert lo < p < hi


def TestOneInput(data: bytes) -> None:
    text = _common.text_from(data)
    check(NORMALIZER, text)
    fast = NORMALIZER._fast_fold(text)
    if fast is not None:
        slow = NORMALIZER._slow_fold(text)
        assert tuple(map(list, fast)) == tuple(map(list, slow)), "fast and per-character folds differ"
    if len(data) % 7 == 0:  # now and then: a fresh normaliser (empty caches) agrees with the warm one
        fresh = Normalizer(_SIM.variants, _SIM.confusables, converter=NORMALIZER._t2s)
        assert fresh.normalize(text) == NORMALIZER.normalize(text), "result depends on the cache"


def tokens():
    toks = [" ", "\u200b", "\u200d", "\ufe0f", "\u3000", "·", "\u0301", "①", "⑴", "㈱", "ﬁ", "Ⅻ",
            "ǎ", "ü", "\U000e0041", "\U00020000", "⼈", "Ａ", "а", "ο"]
    toks += list(_SIM.variants)[:200] + list(_SIM.confusables)[:200]
    return toks


if __name__ == "__main__":
    _common.main(TestOneInput, tokens)
