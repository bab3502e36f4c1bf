"""Profile files in and result files out: JSONL, CSV and Parquet, chosen by extension.

Readers yield one :class:`InputRow` per data record, in file order, each with its ordinal
(``row``, 1-based among data records) and, for the text formats, the physical ``line`` it
starts on. A record that cannot be read (invalid UTF-8, bad JSON, no account_id, a field of
the wrong type) comes back with ``error`` set so the job writes it to the rejects file; a
reader never skips a record silently (blank lines in JSONL are not records).

Writers take the result records built by :func:`result_record` and write them in the
output's family; list fields are arrays in JSONL, ``|``-joined in CSV and ``list<string>``
in Parquet; ``findings`` is a nested array in JSONL and compact JSON text in CSV/Parquet.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from service.domain.errors import InvalidArgument
from service.domain.models import ScreenResult

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
INPUT_COLUMNS = ("account_id", "name", "bio", "avatar_path")
OUTPUT_COLUMNS = ("row", "account_id", "decision", "categories", "entities", "techniques",
                  "credential_required", "lexicon_version", "findings")
LIST_COLUMNS = ("categories", "entities", "techniques", "credential_required")
#: A record larger than this is rejected unread (it could not pass the field limits anyway).
MAX_RECORD_BYTES = 1 << 20


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        raise InvalidArgument(f"{Path(path).name}: unknown file type {suffix or '(none)'!r}; "
                              f"use one of {', '.join(sorted(FORMATS))}") from None


@dataclass(frozen=True)
class InputRow:
    row: int
    line: int | None
    account_id: str | None = None
    name: str = ""
    bio: str = ""
    avatar_path: str = ""
    error: str = ""  # why the record was rejected while reading ("" when it was read)
    code: str = ""   # a short reason code for the summary

    def as_tuple(self) -> tuple:
        return (self.row, self.line, self.account_id, self.name, self.bio, self.avatar_path, self.error, self.code)


def _fields(row: int, line: int | None, values: dict) -> InputRow:
    """Checks the types of one record's fields (a dict from JSON, CSV or Parquet)."""
    account_id = values.get("account_id")
    if isinstance(account_id, int) and not isinstance(account_id, bool):
        account_id = str(account_id)
    if account_id is None or account_id == "":
        return InputRow(row, line, error="missing account_id", code="missing_account_id")
    if not isinstance(account_id, str):
        return InputRow(row, line, error="account_id is not a string", code="bad_field")
    out = {}
    for key in ("name", "bio", "avatar_path"):
        value = values.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            return InputRow(row, line, account_id, error=f"{key} is not a string", code="bad_field")
        out[key] = value
    return InputRow(row, line, account_id, **out)


def _decode(raw: bytes) -> tuple[str | None, str]:
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError as exc:
        return None, f"invalid UTF-8 at byte {exc.start}"


# -- readers -------------------------------------------------------------------------------------
def read_jsonl(path: Path) -> Iterator[InputRow]:
    row = 0
    with open(path, "rb") as fh:
        for line_no, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            row += 1
            if len(raw) > MAX_RECORD_BYTES:
                yield InputRow(row, line_no, error=f"line is {len(raw)} bytes; the limit is {MAX_RECORD_BYTES}",
                               code="too_long")
                continue
            text, why = _decode(raw)
            if text is None:
                yield InputRow(row, line_no, error=why, code="invalid_utf8")
                continue
            if line_no == 1 and text.startswith("\ufeff"):
                text = text[1:]
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                yield InputRow(row, line_no, error=f"bad JSON: {exc.msg} at column {exc.colno}", code="bad_json")
                continue
            if not isinstance(value, dict):
                yield InputRow(row, line_no, error="not a JSON object", code="bad_json")
                continue
            yield _fields(row, line_no, value)


def _surrogate_free(values: list[str]) -> int:
    """-1 when every value is valid text; else the index of the first with undecodable bytes."""
    for i, v in enumerate(values):
        if any("\udc80" <= ch <= "\udcff" for ch in v):
            return i
    return -1


def read_csv(path: Path) -> Iterator[InputRow]:
    csv.field_size_limit(MAX_RECORD_BYTES)
    with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidArgument(f"{path.name}: unreadable CSV header ({exc})") from None
        header = [h.strip() for h in header]
        if "account_id" not in header or "name" not in header:
            raise InvalidArgument(f"{path.name}: the CSV header must name the columns account_id and name "
                                  "(bio and avatar_path are optional)")
        index = {c: header.index(c) for c in INPUT_COLUMNS if c in header}
        row = 0
        last_line = reader.line_num
        while True:
            start = last_line + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                row += 1
                last_line = reader.line_num
                yield InputRow(row, start, error=f"bad CSV: {exc}", code="bad_csv")
                continue
            last_line = reader.line_num
            if not values:
                continue  # an empty line is not a record
            row += 1
            if len(values) != len(header):
                yield InputRow(row, start, error=f"{len(values)} fields; the header has {len(header)}",
                               code="bad_csv")
                continue
            bad = _surrogate_free(values)
            if bad >= 0:
                yield InputRow(row, start, error=f"invalid UTF-8 in column {header[bad]}", code="invalid_utf8")
                continue
            yield _fields(row, start, {c: values[i] for c, i in index.items()})


def read_parquet(path: Path, batch_size: int = 4096) -> Iterator[InputRow]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InvalidArgument(f"{path.name}: not a readable Parquet file ({exc})") from None
    names = pf.schema_arrow.names
    if "account_id" not in names or "name" not in names:
        raise InvalidArgument(f"{path.name}: the Parquet schema must have the columns account_id and name "
                              "(bio and avatar_path are optional)")
    columns = [c for c in INPUT_COLUMNS if c in names]
    row = 0
    for batch in pf.iter_batches(batch_size=batch_size, columns=columns):
        cols = {c: _column_values(batch.column(c)) for c in columns}
        for i in range(batch.num_rows):
            row += 1
            values = {}
            problem = ""
            for c in columns:
                v = cols[c][i]
                if isinstance(v, bytes):
                    v, why = _decode(v)
                    if v is None:
                        problem = f"invalid UTF-8 in column {c} ({why})"
                        break
                values[c] = v
            if problem:
                yield InputRow(row, None, error=problem, code="invalid_utf8")
            else:
                yield _fields(row, None, values)


def _column_values(array) -> list:
    """Python values of one column; string columns holding invalid UTF-8 come back as bytes."""
    import pyarrow as pa

    try:
        return array.to_pylist()
    except (UnicodeDecodeError, pa.ArrowException):
        return array.cast(pa.binary()).to_pylist()


def read_rows(path: str | Path) -> Iterator[InputRow]:
    path = Path(path)
    fmt = format_of(path)
    if not path.is_file():
        raise InvalidArgument(f"{path}: no such file")
    return {"jsonl": read_jsonl, "csv": read_csv, "parquet": read_parquet}[fmt](path)


# -- results -------------------------------------------------------------------------------------
def _unique(values) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        seen.setdefault(v, None)
    return list(seen)


def finding_record(f) -> dict:
    out = {"field": f.field.value, "category": f.category.value, "entity_id": f.entity_id,
           "entity_name": f.entity_name, "matched_text": f.matched_text, "start": f.start, "end": f.end,
           "techniques": [t.value for t in f.techniques], "score": round(f.score, 4),
           "severity": f.severity.name}
    if f.substitutions:
        out["substitutions"] = [{"found": s.found, "expected": s.expected, "technique": s.technique.value,
                                 "position": s.position} for s in f.substitutions]
    if f.owner_verified:
        out["owner_verified"] = True
    if f.explanation:
        out["explanation"] = f.explanation
    return out


def result_record(row: int, result: ScreenResult) -> dict:
    """One output row (the JSONL shape) for one screened profile."""
    findings = result.findings
    return {
        "row": row,
        "account_id": result.account_id,
        "decision": result.decision.name,
        "categories": sorted(_unique(f.category.value for f in findings)),
        "entities": _unique(f.entity_name for f in findings),
        "techniques": sorted(_unique(t.value for f in findings for t in f.techniques)),
        "credential_required": [d.value for d in result.credential_required],
        "lexicon_version": result.lexicon_version,
        "findings": [finding_record(f) for f in findings],
    }


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _JsonlWriter:
    def __init__(self, fh):
        self.fh = io.TextIOWrapper(fh, encoding="utf-8", newline="\n", write_through=False)

    def write(self, records: list[dict]) -> None:
        self.fh.writelines(_compact(r) + "\n" for r in records)

    def close(self) -> None:
        self.fh.flush()
        self.fh.detach()


class _CsvWriter:
    def __init__(self, fh):
        self.fh = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        self.writer = csv.writer(self.fh)  # RFC 4180 CRLF: fields holding CR or LF are quoted
        self.writer.writerow(OUTPUT_COLUMNS)

    def write(self, records: list[dict]) -> None:
        for r in records:
            self.writer.writerow([
                "|".join(r[c]) if c in LIST_COLUMNS else _compact(r[c]) if c == "findings" else r[c]
                for c in OUTPUT_COLUMNS])

    def close(self) -> None:
        self.fh.flush()
        self.fh.detach()


def parquet_schema():
    import pyarrow as pa

    text_list = pa.list_(pa.string())
    return pa.schema([("row", pa.int64()), ("account_id", pa.string()), ("decision", pa.string()),
                      ("categories", text_list), ("entities", text_list), ("techniques", text_list),
                      ("credential_required", text_list), ("lexicon_version", pa.string()),
                      ("findings", pa.string())])


class _ParquetWriter:
    def __init__(self, fh):
        import pyarrow.parquet as pq

        self.schema = parquet_schema()
        self.writer = pq.ParquetWriter(fh, self.schema, compression="zstd")

    def write(self, records: list[dict]) -> None:
        import pyarrow as pa

        if not records:
            return
        cols = {c: [r[c] for r in records] for c in OUTPUT_COLUMNS}
        cols["findings"] = [_compact(v) for v in cols["findings"]]
        self.writer.write_table(pa.table(cols, schema=self.schema))

    def close(self) -> None:
        self.writer.close()


def open_writer(fmt: str, fh):
    """A writer for ``fmt`` over the binary file ``fh``: ``write(records)``, ``close()``."""
    return {"jsonl": _JsonlWriter, "csv": _CsvWriter, "parquet": _ParquetWriter}[fmt](fh)


def iter_results(path: str | Path) -> Iterator[dict]:
    """:func:`read_results` one record at a time (a large earlier output is never held whole)."""
    path = Path(path)
    fmt = format_of(path)
    if fmt == "jsonl":
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)
        return
    if fmt == "csv":
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                rec: dict = dict(r)
                rec["row"] = int(rec["row"])
                for c in LIST_COLUMNS:
                    rec[c] = rec[c].split("|") if rec[c] else []
                rec["findings"] = json.loads(rec["findings"])
                yield rec
        return
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=4096):
        for rec in batch.to_pylist():
            rec["findings"] = json.loads(rec["findings"])
            yield rec


def read_results(path: str | Path) -> list[dict]:
    """Output rows of any family back as JSONL-shaped dicts (lists as lists, findings parsed)."""
    return list(iter_results(path))
