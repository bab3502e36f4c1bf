"""Similarity-weighted edit distance between a protected name and a text window.

Substitutions cost what the character-similarity table says (cheap for
lookalikes and homophones, 1 otherwise, and a substitution of cost 1 is not
allowed: an unexplained change is not a disguise); characters inserted inside
the name cost :data:`INSERTION_COST` each (at most :data:`MAX_INSERTIONS`).
The name must be aligned from its first to its last character.
"""
from __future__ import annotations

from dataclasses import dataclass

from service.domain.models import Technique

INSERTION_COST = 0.3
MAX_INSERTIONS = 3


@dataclass(frozen=True)
class Alignment:
    cost: float
    length: int  # characters of text consumed
    substitutions: tuple[tuple[int, str, str, Technique], ...]  # (text index, found, expected, technique)
    insertions: tuple[int, ...]  # text indices of inserted characters


def _cost(sim, text, alt, k, expected, reading=None):
    """Cost of text[k] for ``expected``; ``alt`` holds the same position before folding."""
    c = sim.cost(text[k], expected, reading)
    if alt is not None and alt[k] != text[k] and c[0]:
        c2 = sim.cost(alt[k], expected, reading)
        if c2[0] < c[0]:
            return c2
    return c


def align(pattern: str, text: str, start: int, sim, budget: float, alt: str | None = None,
          readings: tuple[str, ...] | None = None, insertions: bool = True,
          order: tuple[int, ...] = ()) -> Alignment | None:
    """Best alignment of ``pattern`` to ``text[start:]`` within ``budget``, or None.

    ``alt`` (same length as ``text``) is the text before traditional→simplified
    folding; a character counts as a lookalike if either form looks like the expected one.
    ``readings`` gives each pattern character's reading in the name (for homophones);
    ``insertions=False`` tries the same-length alignment only; ``order`` is the order in
    which to compare its positions (rarest characters first fail fastest).
    """
    rd = readings if readings and len(readings) == len(pattern) else (None,) * len(pattern)
    plen = len(pattern)
    n = len(text)
    if start < 0 or start >= n:
        return None
    # same length, substitutions only: the common case, O(plen)
    if start + plen <= n:
        cost = 0.0
        subs = []
        for i in (order if len(order) == plen else range(plen)):
            c, tech = _cost(sim, text, alt, start + i, pattern[i], rd[i])
            if c:
                if tech is None:
                    cost = budget + 1
                    break
                cost += c
                if cost > budget:
                    break
                subs.append((start + i, text[start + i], pattern[i], tech))
        if cost <= budget and (plen - len(subs)) * 2 >= plen:
            return Alignment(round(cost, 3), plen, tuple(sorted(subs)), ())
    if plen < 4 or not insertions:
        return None
    return _align_with_insertions(pattern, text, start, sim, budget, alt, rd)


def _align_with_insertions(pattern, text, start, sim, budget, alt, rd):
    plen = len(pattern)
    width = min(plen + MAX_INSERTIONS, len(text) - start)
    if width < plen:
        return None
    inf = float("inf")
    # dp[i][j]: pattern[:i] aligned with text[start:start+j], pattern[i-1] on text[start+j-1]
    dp = [[inf] * (width + 1) for _ in range(plen + 1)]
    back = [[None] * (width + 1) for _ in range(plen + 1)]
    dp[0][0] = 0.0
    for i in range(1, plen + 1):
        row, prev = dp[i], dp[i - 1]
        lo = i
        hi = min(width, i + MAX_INSERTIONS)
        for j in range(lo, hi + 1):
            c, tech = _cost(sim, text, alt, start + j - 1, pattern[i - 1], rd[i - 1])
            best, how = inf, None
            if tech is not None or c == 0:
                if prev[j - 1] + c < best:
                    best, how = prev[j - 1] + c, "sub"
            row[j] = best
            back[i][j] = how
        # insertion transitions after pattern[i-1] (so the name goes on afterwards)
        if i < plen:
            for j in range(lo + 1, hi + 1):
                if row[j - 1] + INSERTION_COST < row[j]:
                    row[j] = row[j - 1] + INSERTION_COST
                    back[i][j] = "ins"
    best_j, best_cost = None, inf
    for j in range(plen, width + 1):
        if dp[plen][j] < best_cost and back[plen][j] == "sub":
            best_cost, best_j = dp[plen][j], j
    if best_j is None or best_cost > budget:
        return None
    subs, ins = [], []
    i, j = plen, best_j
    while i > 0:
        how = back[i][j]
        if how == "ins":
            ins.append(start + j - 1)
            j -= 1
            continue
        found, expected = text[start + j - 1], pattern[i - 1]
        if found != expected:
            subs.append((start + j - 1, found, expected, _cost(sim, text, alt, start + j - 1, expected, rd[i - 1])[1]))
        i -= 1
        j -= 1
    if not ins:
        return None  # the same-length pass already judged this window
    if (plen - len(subs)) * 2 < plen + len(subs):
        return None
    return Alignment(round(best_cost, 3), best_j, tuple(reversed(subs)), tuple(sorted(ins)))
