"""The one reader of lexicon TSV files.

Format: ``#`` comment lines (``# key: value`` pairs give provenance: source,
licence, date, built_by), one header row, then tab-separated rows. Lists inside
a cell are ``|``-separated.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from service.domain.errors import InvalidArgument


def read_tsv(path: str | Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Returns (provenance, rows as dicts keyed by the header)."""
    meta: dict[str, str] = {}
    rows = list(iter_tsv(path, meta))
    return meta, rows


def iter_tsv(path: str | Path, meta: dict[str, str]) -> Iterator[dict[str, str]]:
    """The rows one at a time, ``meta`` filled with the provenance: for tables too big to
    hold as a list of dicts at once (charsim/shape.tsv)."""
    header: list[str] | None = None
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                continue
            if line.startswith("#"):
                if header is None and ":" in line:
                    key, _, value = line[1:].partition(":")
                    meta.setdefault(key.strip().lower(), value.strip())
                continue
            cells = line.split("\t")
            if header is None:
                header = [c.strip() for c in cells]
                continue
            if len(cells) > len(header):
                raise InvalidArgument(f"{path}:{lineno}: {len(cells)} cells, header has {len(header)}")
            cells += [""] * (len(header) - len(cells))
            yield {h: c.strip() for h, c in zip(header, cells)}
    if header is None:
        raise InvalidArgument(f"{path}: no header row")


def split_list(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()] if cell else []
