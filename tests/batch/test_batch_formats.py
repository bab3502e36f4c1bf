"""Readers, writers and the per-chunk screening of service.batch, without a process pool."""
from __future__ import annotations

import json

import pytest
from conftest import comparable, expected_result, profiles, write_jsonl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.batch import formats
from service.batch.job import screen_rows
from service.domain.errors import InvalidArgument


def test_format_by_extension():
    assert formats.format_of("a/b.JSONL") == "jsonl"
    assert formats.format_of("x.ndjson") == "jsonl"
    assert formats.format_of("x.csv") == "csv"
    assert formats.format_of("x.pq") == "parquet"
    with pytest.raises(InvalidArgument, match="unknown file type"):
        formats.format_of("x.xlsx")


def test_jsonl_malformed_rows_carry_their_line_numbers(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_bytes(b'{"account_id": "a1", "name": "x"}\n'
                  b"\n"                                   # line 2: blank, not a record
                  b"{not json\n"                          # line 3
                  b'{"name": "no id"}\n'                  # line 4
                  b'{"account_id": "a5", "name": "\xff\xfe"}\n'   # line 5: invalid UTF-8
                  b'["a", "list"]\n'                      # line 6
                  b'{"account_id": "a7", "name": 12}\n'   # line 7
                  b'{"account_id": 8, "bio": null}\n')    # line 8: a numeric id is kept as text
    rows = list(formats.read_rows(p))
    assert [(r.row, r.line, r.code) for r in rows] == [
        (1, 1, ""), (2, 3, "bad_json"), (3, 4, "missing_account_id"), (4, 5, "invalid_utf8"),
        (5, 6, "bad_json"), (6, 7, "bad_field"), (7, 8, "")]
    assert rows[3].error == "invalid UTF-8 at byte 30"
    assert rows[5].error == "name is not a string" and rows[5].account_id == "a7"
    assert (rows[6].account_id, rows[6].name, rows[6].bio) == ("8", "", "")


def test_csv_line_numbers_follow_quoted_newlines(tmp_path):
    p = tmp_path / "in.csv"
    p.write_bytes("\ufeffaccount_id,name,bio\n"
                  'a1,人民日报,"two\nlines"\n'            # lines 2-3
                  "a2,only two fields\n"                  # line 4
                  "a3,ok,fine\n".encode("utf-8")          # line 5
                  + b"a4,\xc3\x28bad,x\n"                 # line 6: invalid UTF-8
                  b",noid,x\n")                           # line 7
    rows = list(formats.read_rows(p))
    assert [(r.row, r.line, r.code) for r in rows] == [
        (1, 2, ""), (2, 4, "bad_csv"), (3, 5, ""), (4, 6, "invalid_utf8"), (5, 7, "missing_account_id")]
    assert rows[0].bio == "two\nlines" and rows[0].account_id == "a1"
    assert rows[1].error == "2 fields; the header has 3"
    assert rows[3].error == "invalid UTF-8 in column name"


def test_csv_without_the_required_columns_is_refused(tmp_path):
    p = tmp_path / "in.csv"
    p.write_text("id,name\n1,x\n", encoding="utf-8")
    with pytest.raises(InvalidArgument, match="account_id and name"):
        list(formats.read_rows(p))


def test_parquet_rows_nulls_and_invalid_utf8(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    p = tmp_path / "in.parquet"
    table = pa.table({"account_id": pa.array(["a1", None, "a3"]),
                      "name": pa.array([b"ok", b"ok", b"\xff"], type=pa.binary()),
                      "bio": pa.array(["b", None, None])})
    pq.write_table(table, p)
    rows = list(formats.read_rows(p))
    assert [(r.row, r.line, r.code) for r in rows] == [(1, None, ""), (2, None, "missing_account_id"),
                                                      (3, None, "invalid_utf8")]
    assert (rows[0].name, rows[0].bio) == ("ok", "b")


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_item = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="|"), min_size=1, max_size=8)
_finding = st.fixed_dictionaries({"field": st.sampled_from(["NAME", "BIO"]), "matched_text": _text,
                                  "start": st.integers(0, 100), "score": st.floats(0, 1)})
_record = st.fixed_dictionaries({
    "row": st.integers(1, 10**9), "account_id": _text.filter(bool), "decision": st.sampled_from(["ALLOW", "REJECT"]),
    "categories": st.lists(_item, max_size=3), "entities": st.lists(_item, max_size=3),
    "techniques": st.lists(_item, max_size=3), "credential_required": st.lists(_item, max_size=2),
    "lexicon_version": _text, "findings": st.lists(_finding, max_size=2)})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(_record, max_size=6), fmt=st.sampled_from(["jsonl", "csv", "parquet"]))
def test_writers_round_trip(tmp_path, records, fmt):
    path = tmp_path / f"out.{fmt}"
    with open(path, "wb") as fh:
        w = formats.open_writer(fmt, fh)
        w.write(records[:2])
        w.write(records[2:])
        w.close()
    assert formats.read_results(path) == records


def test_screen_rows_equal_the_screener(direct_app, tmp_path):
    data = profiles(60, seed=3)
    p = tmp_path / "in.jsonl"
    write_jsonl(p, data, {10: b'{"account_id": "long", "name": "' + "名" .encode() * 65 + b'"}'})
    rows = [r.as_tuple() for r in formats.read_rows(p)]
    out = screen_rows(direct_app, rows, tmp_path)
    results = [v for k, v in out if k == "r"]
    rejects = [v for k, v in out if k == "x"]
    assert [comparable(r) for r in results] == [expected_result(direct_app, d) for d in data]
    assert {r["decision"] for r in results} == {"ALLOW", "REVIEW", "REJECT"}  # the sample exercises all three
    assert rejects == [{"row": 11, "line": 11, "account_id": "long", "code": "too_long",
                        "reason": "name is 65 code points; the limit is 64"}]
    assert json.dumps(results, ensure_ascii=False)  # plain JSON values only


def test_unreadable_or_oversized_avatar_is_a_reject(direct_app, tmp_path):
    (tmp_path / "big.png").write_bytes(b"\0" * (direct_app.settings.max_avatar_bytes + 1))
    (tmp_path / "junk.png").write_bytes(b"not an image")
    rows = [(1, 1, "a1", "x", "", "missing.png", "", ""), (2, 2, "a2", "x", "", "big.png", "", ""),
            (3, 3, "a3", "x", "", "junk.png", "", "")]
    out = screen_rows(direct_app, rows, tmp_path)
    assert [k for k, _ in out] == ["x", "x", "x"]
    assert "cannot be read" in out[0][1]["reason"]
    assert "the limit is" in out[1][1]["reason"]
    assert all(v["code"] == "avatar" for _, v in out)
