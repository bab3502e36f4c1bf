"""Adversarial evaluation of the name engine (``bench/adversarial_eval.py``).

The attacks are built from sources the matcher does not read: glyphs rendered
and compared at evaluation time (:mod:`.oracles`), pypinyin's own dictionaries,
OpenCC, the Unicode confusables shipped in ``confusable_homoglyphs``, pinyin
spellings, separators, invisible characters and bidi overrides (:mod:`.attacks`).
Targets are sampled from the bundled lexicons (:mod:`.targets`); a hit is judged
by :mod:`.judge`, which the CI slice test (``tests/accuracy/test_adversarial_slice.py``)
uses too.
"""
