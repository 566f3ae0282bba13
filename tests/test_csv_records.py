"""`sheets.csv_records`, the one reading of an `eval --input .csv` every engine shares: a row
with more or fewer fields than the header, a blank line, a header with a repeated or missing
name, a quote never closed — each read one stated way, what is not read reported (W830–W833)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from indicator_dsl.sheets.csv_records import FINDINGS_SHOWN, csv_header, read_csv_records, scan_record, shown_findings


def codes(text: str) -> list[tuple[str, int, int]]:
    return [(d.code, *d.location()[1:]) for d in read_csv_records(text, "r.csv").findings]


def test_long_row_reads_the_header_cells_and_reports_the_rest() -> None:
    read = read_csv_records("a,b\n1,2\n3,4,7\n5,6\n", "r.csv")
    assert read.records == [(2, {"a": "1", "b": "2"}), (3, {"a": "3", "b": "4"}), (4, {"a": "5", "b": "6"})]
    [finding] = read.findings
    assert (finding.code, finding.location()) == ("W830", ("r.csv", 3, 5))
    assert finding.args == {"row": 3, "count": 3, "width": 2, "value": "7"}
    assert finding.message("en") == "row 3 has 3 fields, the header 2: '7' beyond the header is not read"
    assert finding.render("en").endswith("    3,4,7\n        ^")


def test_blank_cells_beyond_the_header_lose_nothing() -> None:
    """A trailing comma (as spreadsheet exports leave) or blank extras: no finding."""
    read = read_csv_records("a,b\n1,2,\n3,4, ,\n5,6,,x\n", "r.csv")
    assert [r for _, r in read.records] == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}, {"a": "5", "b": "6"}]
    assert codes("a,b\n1,2,\n3,4, ,\n5,6,,x\n") == [("W830", 4, 6)]


def test_short_row_lacks_its_last_cells() -> None:
    read = read_csv_records("a,b,c\n1\n1,2\n", "r.csv")
    assert read.records == [(2, {"a": "1", "b": None, "c": None}), (3, {"a": "1", "b": "2", "c": None})]
    assert read.findings == []


def test_line_ends_as_the_sql_engines_read_them() -> None:
    """A CR LF inside a quoted cell stays in it (DuckDB and Spark keep it), a CR alone is text of
    its cell (no row of its own), and a file of CRs alone has CR line ends."""
    read = read_csv_records('a,b\r\n"9\r\n0",1\r\nx\ry,2\r\n3,4,5\r\n', "r.csv")
    assert [r for _, r in read.records] == [{"a": "9\r\n0", "b": "1"}, {"a": "x\ry", "b": "2"}, {"a": "3", "b": "4"}]
    assert [(d.code, d.location()[1:]) for d in read.findings] == [("W830", (5, 5))]
    records = read_csv_records("a,b\r1,2\r3,4\r", "r.csv").records
    assert [r for _, r in records] == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]


def test_blank_lines_are_no_records_and_spaces_are_blank_cells() -> None:
    read = read_csv_records("\na,b\n\n1,2\n\n\n   \n\ufeff\n3,4\n\n", "r.csv")
    assert read.records == [
        (2, {"a": "1", "b": "2"}),
        (3, {"a": "   ", "b": None}),
        (4, {"a": "\ufeff", "b": None}),
        (5, {"a": "3", "b": "4"}),
    ]


def test_quoted_line_breaks_stay_in_their_cell_and_rows_count_records() -> None:
    read = read_csv_records('a,b\n"9\n0",1\r\n"x""y",2\n3,4,"5\n6"\n', "r.csv")
    assert read.records == [(2, {"a": "9\n0", "b": "1"}), (3, {"a": 'x"y', "b": "2"}), (4, {"a": "3", "b": "4"})]
    assert codes('a,b\n"9\n0",1\r\n"x""y",2\n3,4,"5\n6"\n') == [("W830", 5, 5)]


def test_header_names_trimmed_repeated_and_missing() -> None:
    text = " a ,b,a,,\n1,2,3,,\n4,5,6,,x\n7,8,9,y,z\n"
    read = read_csv_records(text, "r.csv")
    assert read.names == ("a", "b")
    assert [r for _, r in read.records] == [{"a": "1", "b": "2"}, {"a": "4", "b": "5"}, {"a": "7", "b": "8"}]
    assert codes(text) == [("W831", 1, 7), ("W832", 3, 8), ("W832", 4, 7)]  # each nameless column once
    assert read.findings[0].args == {"column": 3, "name": "a", "first": 1}


def test_a_quote_never_closed_is_reported_at_the_quote() -> None:
    text = 'a,b\n1,2\n"9,100\n60,100\n70,100\n'
    read = read_csv_records(text, "r.csv")
    assert read.records[-1] == (3, {"a": "9,100\n60,100\n70,100\n", "b": None})
    [finding] = read.findings
    assert (finding.code, finding.location()[1:], finding.args) == ("W833", (3, 1), {"lines": 3, "row": 3})
    assert codes('a,b\n"1\n2",3\n') == []  # closed on a later line: nothing to say


def test_empty_and_header_only_files() -> None:
    assert read_csv_records("", "r.csv").records == []
    assert read_csv_records("a,b\n", "r.csv").names == ("a", "b")


def test_scan_record_follows_the_csv_module() -> None:
    text = '"a,""b",c,"d\ne",f\nnext'
    assert scan_record(text, 0) == ([0, 8, 10, 16], None)
    assert scan_record('x,"open\n', 0) == ([0, 2], 2)
    assert scan_record('a"b,"c"d,e', 0) == ([0, 4, 9], None)  # a quote inside a field is text


def test_csv_header_only_for_what_a_strict_scan_reads_alike(tmp_path: Path) -> None:
    def header(data: bytes) -> tuple[str, ...] | None:
        path = tmp_path / "h.csv"
        path.write_bytes(data)
        return csv_header(path)

    assert header(b"\xef\xbb\xbf a ,b\r\n1,2\r\n") == ("a", "b")
    assert header('"x\ny",完成\n'.encode()) == ("x\ny", "完成")
    for refused in (b"a,b,a\n", b"a,,b\n", b"a,b,\n", "完成,计划\n".encode("gb18030"), b"", b"\na,b\n"):
        assert header(refused) is None, refused
    assert header(b'"' + b"x" * (1 << 20) + b'",b\n1,2\n') is None  # a header beyond the first MiB
    path = tmp_path / "crlf.csv"
    path.write_bytes(b'a,b\r\n"1\r\n2",3\r\n')
    assert (csv_header(path), csv_header(path, lf_only=True)) == (("a", "b"), None)  # Spark reads CR LF as LF


# a bare CR is not among them: csv.writer leaves it unquoted, and before a line feed it is a CRLF
cells = st.lists(st.sampled_from(["a", "1", " ", ",", '"', "\n", "\r\n"]), max_size=5).map("".join)


@given(st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=8), st.integers(1, 4))
def test_records_are_the_rows_the_csv_module_writes(rows: list[list[str]], width: int) -> None:
    """Whatever the rows' widths: each record holds its row's first cells (None past its end),
    and a W830 names exactly the rows with text beyond the header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = [f"c{i}" for i in range(width)]
    writer.writerow(names)
    written = [r for r in rows if r != [""]]  # csv writes [""] as an empty line: no record
    writer.writerows(written)
    read = read_csv_records(out.getvalue(), "r.csv")
    expect = [{n: (r[i] if i < len(r) else None) for i, n in enumerate(names)} for r in written]
    assert [rec for _, rec in read.records] == expect
    assert [row for row, _ in read.records] == list(range(2, len(written) + 2))
    long_rows = [k + 2 for k, r in enumerate(written) if any(c.strip() for c in r[width:])]
    assert [d.args["row"] for d in read.findings] == long_rows
    assert {d.code for d in read.findings} <= {"W830"}


def test_many_findings_are_shown_first_then_counted() -> None:
    text = "a,b\n" + "1,2,3\n" * (FINDINGS_SHOWN + 7) + "1,2\n"
    found = read_csv_records(text, "m.csv").findings
    shown = shown_findings(found)
    assert len(found) == FINDINGS_SHOWN + 7 and shown[:FINDINGS_SHOWN] == found[:FINDINGS_SHOWN]
    last = shown[-1]
    assert (last.code, last.args["more"], last.args["codes"]) == ("I834", 7, "W830 ×7")
    assert last.location() == ("m.csv", FINDINGS_SHOWN + 2, 5)  # where the first unlisted one is
    assert shown_findings(found[:3]) == found[:3]
