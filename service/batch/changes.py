"""``zhenwei batch screen IN OUT --only-changed PREV``: re-screen only what a lexicon change can affect.

Every batch run records, in ``OUT.summary.json``, the exact lexicon that decided it
(``lexicon_state``: the bundled files' digest, the store revision, and every operator-managed
difference from the bundled data — entries added, changed or retired, closed-account names,
verified owners) and a fingerprint of the screening code (``code_fingerprint``: the text engine,
normaliser, policy, screener and lexicon loader sources and the versions of pypinyin and
pyahocorasick). A later run given ``--only-changed PREV`` (PREV: an earlier run's OUT) rebuilds
that earlier lexicon from the bundled files and the recorded state, compares it with the live one
(:func:`service.lexicon.draft.lexicon_changes`), and copies a row's earlier result instead of
screening it again only when **all** of these hold:

1. the earlier run recorded its lexicon state and code fingerprint, the code fingerprint and the
   bundled digest are unchanged, and IN is byte-for-byte the input PREV was made from (its
   SHA-256 is in PREV's summary): otherwise every row is screened, and the summary says why;
2. the row has an earlier result (it was not rejected) for the same account id, has no
   ``avatar_path`` (reference banks and the picture file are not part of the lexicon version),
   and is within the current field limits;
3. the account holds no credential verification of any status on any platform (required
   credentials depend on the credential store, not the lexicon; verifications are never
   deleted, so an account without one had none before either);
4. none of the row's earlier findings names a changed target (an entry or closed name added,
   removed or changed in any field: name, aliases, category, severity, flags …);
5. the row's text cannot read as any *changed surface* — every name, alias, abbreviation and
   closed-account name of a changed target, as it was and as it is, and every allowlist phrase
   added or removed. The matcher's readings of a surface all keep at least one of its
   characters as written once normalised (exact, traditional/variant/fullwidth/confusable
   folding, inserted or transposed characters, reordering, at most two lookalike or homophone
   substitutions in names of three characters or more), or spell it in Latin letters (full
   pinyin, initials, a name part in hanzi and part in letters, letter tokens). So the row is
   re-screened when the characters of its normalised (and unfolded, and as-written) name or bio
   share **any single character** with the normalised changed surfaces, or its text holds an
   ASCII letter that begins a reading (pinyin) of any character of a changed surface. This is the
   one-character n-gram rule: coarse on purpose, so that fuzzy matching cannot escape it.

Verified owners only change results for profiles with a subject (an organisation's USCC); batch
rows carry none, so owner changes affect no row. The rule bounds what the *changed surfaces*
can match; the matcher also tunes some work orders and key groupings over the whole lexicon
(rarest-character order, two-substitution key groups), which could in principle change whether a
heavily disguised form of an *unchanged* name is seen. As a check on the rule, a share of the
rows it would copy (``--check-share``, default 2 %, at least one per chunk that copies any) is
screened anyway and compared: a row whose fresh result differs gets the fresh result, is counted
in ``only_changed.check_mismatches``, and the command exits 2 telling the operator to run
without ``--only-changed``.

Copied rows get the current ``lexicon_version`` (their result is the one the current lexicon
gives); the summary counts ``rows_skipped`` (copied) and ``rows_rescreened``.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from service.domain.lexicon import ClosedName, LexiconData

#: Source files whose behaviour decides a row's result besides the lexicon data.
CODE_PATHS = ("text", "policy.py", "screening.py", "domain", "lexicon/loader.py", "lexicon/similarity.py",
              "lexicon/tsv.py", "batch/formats.py", "batch/changes.py")
DEFAULT_CHECK_SHARE = 0.02


def code_fingerprint() -> str:
    """SHA-256 over the screening code and the versions of the libraries it reads text with."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for rel in CODE_PATHS:
        p = root / rel
        files = sorted(p.rglob("*.py")) if p.is_dir() else [p]
        for f in files:
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    for mod in ("pypinyin", "ahocorasick"):
        try:
            from importlib.metadata import version

            h.update(f"{mod}={version('pyahocorasick' if mod == 'ahocorasick' else mod)}".encode())
        except Exception:  # noqa: BLE001 - not installed as a distribution: its absence is the state
            h.update(f"{mod}=?".encode())
    return h.hexdigest()


# -- the lexicon a run used, recorded and restored ---------------------------------------------
def lexicon_state(data: LexiconData, bundled: LexiconData) -> dict:
    """What a run's lexicon adds to the bundled files (JSON, for OUT.summary.json)."""
    from service.lexicon.draft import entity_to_dict

    changed = [entity_to_dict(e) for i, e in sorted(data.entities.items())
               if dataclasses.replace(e, origin="") != dataclasses.replace(bundled.entities.get(i, e), origin="")
               or i not in bundled.entities]
    retired = sorted(set(bundled.entities) - set(data.entities))
    return {"version": data.version, "digest": data.digest, "revision": data.revision, "entities": changed,
            "retired": retired, "closed": [dataclasses.asdict(c) for c in data.closed],
            "owners": {k: sorted(v) for k, v in sorted(data.owners.items())},
            "allowlist": [list(x) for x in data.allowlist]}


def restore(state: dict, bundled: LexiconData) -> LexiconData:
    """The lexicon recorded by :func:`lexicon_state`, over the same bundled files."""
    from service.lexicon.draft import entity_from_dict

    entities = dict(bundled.entities)
    for d in state["entities"]:
        e = entity_from_dict({k: v for k, v in d.items() if k != "origin"})
        entities[e.id] = e
    for i in state["retired"]:
        entities.pop(i, None)
    return dataclasses.replace(bundled, entities=entities, digest=state["digest"], revision=int(state["revision"]),
                               closed=tuple(ClosedName(**c) for c in state["closed"]),
                               owners={k: frozenset(v) for k, v in state["owners"].items()},
                               allowlist=tuple((p, r) for p, r in state.get("allowlist", bundled.allowlist)))


# -- the rule ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SkipRule:
    """Which rows may keep their earlier result (see the module docstring); picklable."""

    chars: frozenset[str]       # characters of the changed surfaces (normalised, unfolded, as written)
    letters: frozenset[str]     # ASCII letters that begin a reading of one of them
    targets: frozenset[str]     # changed entry and closed-name ids
    check_share: float = DEFAULT_CHECK_SHARE

    def text_may_match(self, normalizer, text: str) -> bool:
        if not text:
            return False
        if not self.chars.isdisjoint(text):
            return True
        n = normalizer.normalize(text)
        for s in (n.text, n.unfolded or ""):
            if not self.chars.isdisjoint(s):
                return True
            if self.letters and any("a" <= c <= "z" and c in self.letters for c in s):
                return True
        return any(c.isascii() and c.lower() in self.letters for c in text)

    def findings_touch(self, record: dict) -> bool:
        return any(f.get("entity_id") in self.targets for f in record.get("findings", ()))


def make_rule(changes, normalizer, similarity, check_share: float = DEFAULT_CHECK_SHARE) -> SkipRule:
    """The rule for a :class:`~service.lexicon.draft.LexiconChanges`: its surfaces' characters in
    every form the normaliser gives, and the first letters of every reading of each of them."""
    from service.text.matcher import readings_of

    chars: set[str] = set()
    for s in changes.surfaces:
        n = normalizer.normalize(s)
        for form in (s, n.text, n.unfolded or ""):
            chars.update(c for c in form if not c.isspace())
    letters: set[str] = set()
    for c in list(chars):
        if c.isascii():
            if c.isalpha():
                chars.add(c.lower())
                chars.add(c.upper())
            continue
        readings = set(similarity.readings_of(c) or ()) | set(readings_of(c))
        letters.update(r[0].lower() for r in readings if r and r[0].isascii() and r[0].isalpha())
    for s in changes.surfaces:  # readings in context (长 in 长沙 is chang), as the engine spells names
        n = normalizer.normalize(s).text
        letters.update(r[0].lower() for r in readings_of(n) if r and r[0].isascii() and r[0].isalpha())
    return SkipRule(frozenset(chars), frozenset(letters), frozenset(changes.targets), check_share)


def checked(row: int, share: float) -> bool:
    """Whether a copyable row is screened anyway as a check (deterministic in the row number)."""
    if share <= 0:
        return False
    digest = hashlib.blake2b(str(row).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64 < share


def comparable(record: dict) -> str:
    """A result record without its lexicon version (to compare a copy with a fresh result)."""
    return json.dumps({k: v for k, v in record.items() if k != "lexicon_version"}, ensure_ascii=False,
                      sort_keys=True)
