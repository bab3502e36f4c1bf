"""Rare-to-common lookalikes in the committed charsim data, and how similarity.py weighs them.

Reads lexicons/charsim/shape.tsv (no build dependencies): characters outside GB2312 from the
rest of the URO, CJK Extension A, the compatibility ideographs and the radical blocks must be
paired with the common characters they can stand for, and a rare-for-common swap must cost
less than a common-for-common one of the same similarity.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

from service.domain.models import Technique
from service.lexicon.similarity import RARE_FOR_COMMON_FACTOR, CharSimilarity

CHARSIM = Path(__file__).resolve().parents[2] / "lexicons" / "charsim"


@lru_cache(maxsize=None)
def gb2312() -> frozenset[str]:
    out = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(out)


@lru_cache(maxsize=None)
def shape_rows() -> list[list[str]]:
    lines = (CHARSIM / "shape.tsv").read_text(encoding="utf-8").splitlines()
    body = [ln for ln in lines if not ln.startswith("#")]
    assert body[0].split("\t") == ["a", "b", "similarity", "evidence", "rare"]
    return [ln.split("\t") for ln in body[1:]]


@lru_cache(maxsize=None)
def rare_pairs() -> dict[tuple[str, str], tuple[float, str]]:
    """(rare, common) -> (similarity, evidence)."""
    out = {}
    for a, b, s, ev, rare in shape_rows():
        if len(rare) == 1:
            common = b if a == rare else a
            out[(rare, common)] = (float(s), ev)
    return out


# (rare character, the common character it stands for, block it comes from)
KNOWN = [
    ("囻", "民", "URO"),      # 民 enclosed in 囗 (containment, inner region)
    ("啇", "商", "URO"),
    ("扱", "报", "URO"),
    ("丗", "世", "URO"),
    ("曱", "甲", "URO"),      # mirror image
    ("亊", "事", "URO"),      # Unihan kSemanticVariant
    ("囯", "国", "URO"),
    ("晥", "院", "URO"),
    ("夬", "央", "URO"),
    ("鄐", "部", "URO"),
    ("㬰", "央", "ExtA"),
    ("䅐", "税", "ExtA"),
    ("㭘", "检", "ExtA"),
    ("\u2f47", "日", "Kangxi"),           # ⽇ KANGXI RADICAL SUN (NFKC)
    ("\u2ea0", "民", "Radicals"),         # ⺠ CJK RADICAL CIVILIAN (EquivalentUnifiedIdeograph)
    ("\uf900", "岂", "Compat"),           # 豈 compatibility ideograph -> 豈 -> 岂
    ("\U0002f800", "丽", "CompatSup"),   # 丽 compatibility ideograph (NFKC)
]


@pytest.mark.parametrize("rare,common,block", KNOWN)
def test_known_rare_lookalikes_are_in_the_table(rare, common, block):
    assert rare not in gb2312() and common in gb2312()
    hit = rare_pairs().get((rare, common))
    assert hit is not None, f"{rare} (U+{ord(rare):04X}, {block}) / {common} missing from shape.tsv"
    assert hit[0] >= 0.5, (rare, common, hit)


@pytest.mark.parametrize("rare,common", [("\u2f47", "日"), ("\u2ea0", "民"), ("\uf900", "岂")])
def test_unicode_equivalents_are_near_identical(rare, common):
    sim, ev = rare_pairs()[(rare, common)]
    assert sim >= 0.95
    assert any(t in ev for t in ("nfkc", "unicode_equivalent", "unihan_kCompatibilityVariant"))


BLOCKS = {  # block: (first, last, least share of its non-GB2312 ideographs that must be paired)
    "URO": (0x4E00, 0x9FFF, 0.95),
    "ExtA": (0x3400, 0x4DBF, 0.95),
    "CompatIdeographs": (0xF900, 0xFAFF, 0.90),
    "CompatSupplement": (0x2F800, 0x2FA1F, 0.75),  # the font draws 437 of its 542
    "Kangxi": (0x2F00, 0x2FDF, 0.98),
}


@pytest.mark.parametrize("block", sorted(BLOCKS))
def test_every_block_is_covered(block):
    lo, hi, least = BLOCKS[block]
    paired = {r for r, _ in rare_pairs()}
    chars = [chr(c) for c in range(lo, hi + 1)
             if unicodedata.name(chr(c), "") and chr(c) not in gb2312()]
    # a character NFKC folds is covered by its unified form's pairs (the normaliser folds it
    # before any lookup); its own row exists when that form is, or simplifies to, a common one
    covered = sum(c in paired or unicodedata.normalize("NFKC", c) in paired for c in chars)
    assert covered / len(chars) >= least, f"{block}: {covered} of {len(chars)} paired"


def test_rare_pairs_point_at_common_characters_only():
    for (rare, common), (sim, ev) in rare_pairs().items():
        assert common in gb2312(), (rare, common)
        assert 0 < sim <= 1


def test_nfkc_folded_characters_keep_only_their_equivalence():
    # the normaliser folds them first, so any other pair would be their unified twin's
    for (rare, common), (_sim, ev) in rare_pairs().items():
        if unicodedata.normalize("NFKC", rare) != rare:
            assert any(t in ev for t in ("nfkc", "unicode_equivalent", "unihan_kCompatibilityVariant")), \
                (rare, common, ev)


# ---------------------------------------------------------------- similarity.py

def test_rare_for_common_costs_less_than_common_for_common():
    sim = CharSimilarity(shape={("㬰", "央"): 0.7, ("夹", "央"): 0.7, ("央", "夹"): 0.7}, rare={"㬰"})
    rare_cost, tech = sim.cost("㬰", "央")
    common_cost, tech2 = sim.cost("夹", "央")
    assert tech is Technique.HOMOGLYPH and tech2 is Technique.HOMOGLYPH
    assert rare_cost < common_cost
    assert rare_cost == pytest.approx(max(0.1, common_cost * RARE_FOR_COMMON_FACTOR), abs=0.002)
    assert sim.is_rare("㬰") and not sim.is_rare("夹")


def test_loader_reads_the_rare_column(tmp_path):
    d = tmp_path / "charsim"
    d.mkdir()
    (d / "shape.tsv").write_text(
        "# source: test\n# licence: test\n# date: 2026-11-30\n# built_by: test\n"
        "a\tb\tsimilarity\tevidence\trare\n"
        "夹\t央\t0.700\tglyph=0.880,test\t\n"
        "央\t㬰\t0.800\tglyph=0.920,test\t㬰\n"
        "人\t入\t0.300\tglyph=0.720,test\t\n",
        encoding="utf-8")
    (d / "shape_curated.tsv").write_text(  # the older four-column format still loads
        "# source: test\na\tb\tsimilarity\tevidence\n日\t曰\t0.800\tcurated\n", encoding="utf-8")
    sim = CharSimilarity.load(d)
    assert sim.rare == {"㬰"}
    assert sim.shape[("夹", "央")] == sim.shape[("央", "夹")] == 0.7
    assert sim.shape[("㬰", "央")] == 0.8
    assert ("央", "㬰") not in sim.shape      # rare pairs are looked up as found -> expected only
    assert ("人", "入") not in sim.shape      # below MIN_SHAPE_SIMILARITY
    assert sim.shape[("曰", "日")] == 0.8
    assert sim.cost("㬰", "央")[0] < sim.cost("夹", "央")[0]
    assert sim.sources["shape.tsv"]["source"] == "test"


@pytest.fixture(scope="module")
def bundled_similarity():
    return CharSimilarity.load(CHARSIM)


def test_bundled_rare_costs_fit_a_three_character_budget(bundled_similarity):
    # the matcher's budget for a three-character name is 0.5: a good rare lookalike fits it
    for rare, common, _ in KNOWN:
        if unicodedata.normalize("NFKC", rare) != rare:
            continue   # folded by the normaliser before any cost is asked
        cost, tech = bundled_similarity.cost(rare, common)
        assert tech is not None and cost <= 0.5, (rare, common, cost, tech)
