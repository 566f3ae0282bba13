"""What happens to the rows of an actuals file: every problem is a finding at its row."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given as for_all
from hypothesis import strategies as st

from indicator_dsl import loads
from indicator_dsl.cli import main
from indicator_dsl.rational import round_half_up
from indicator_dsl.scoring import ScoringError, score

CARD = """
指标 完成率
  公式 完成数 / 计划数 * 100%
  目标 ≥90%
  权重 40
指标 建成座数
  目标 ≥5座
  权重 30
指标 满意度
  类型 定性
  权重 30
评分表 t
"""


@pytest.fixture
def cat():  # type: ignore[no-untyped-def]
    return loads(CARD)


def problems(report):  # type: ignore[no-untyped-def]
    return [(p.code, p.row, p.column) for p in report.problems]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_zero_divisor_is_reported_at_the_divisor_row(cat, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "a.csv", "指标,实际完成值\n计划数,0\n完成数,5\n建成座数,5\n")
    found = problems(score(cat, path))
    assert ("E612", 2, 2) in found  # the 0 is on row 2, the numerator on row 3


@pytest.mark.parametrize(("text", "why"), [("", "empty"), ("指标,实际完成值\n", "header"), ("指标\n,\n\n", "header")])
def test_an_actuals_file_without_data_is_an_error_not_a_zero_table(
    cat,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    text: str,
    why: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write(tmp_path, "a.csv", text)
    with pytest.raises(ScoringError) as exc:
        score(cat, path)
    (diag,) = [d for d in exc.value.diagnostics if d.code == "E640"]
    assert ("header" in diag.message("en")) == (why == "header")
    ind = write(tmp_path, "card.ind", CARD)
    assert main(["score", str(ind), str(path)]) == 2
    out = capsys.readouterr()
    assert "E640" in out.err and "总分" not in out.out


def test_an_empty_workbook_is_an_error(cat, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "a.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ScoringError) as exc:
        score(cat, path)
    assert [d.code for d in exc.value.diagnostics] == ["E640"]


def test_a_negative_count_warns_at_its_cell(cat, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "a.csv", "指标,实际完成值\n建成座数,-3座\n")
    report = score(cat, path)
    assert ("W641", 2, 2) in problems(report)
    positive = write(tmp_path, "b.csv", "指标,实际完成值\n建成座数,3\n")
    assert all(code != "W641" for code, *_ in problems(score(cat, positive)))


def test_a_negative_amount_of_money_is_not_a_count_warning() -> None:
    cat = loads("指标 结余\n  目标 ≥0万元\n  权重 100\n评分表 t\n")
    assert all(p.code != "W641" for p in score(cat, [{"指标": "结余", "实际完成值": "-3万元"}]).problems)


def test_rows_with_values_but_no_indicator_name_are_reported(cat, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "a.csv", "指标,实际完成值,等级\n建成座数,5,\n,6,\n ,,达成\n,,\n")
    found = problems(score(cat, path))
    assert ("E643", 3, 2) in found and ("E643", 4, 3) in found
    assert [c for c, *_ in found].count("E643") == 2  # the fully blank row is just blank


def test_many_nameless_rows_are_reported_in_bounded_memory(cat, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = "".join(",1\n" for _ in range(20_000))
    found = problems(score(cat, write(tmp_path, "a.csv", "指标,实际完成值\n建成座数,5\n" + rows)))
    assert [c for c, *_ in found].count("E643") == 20_000
    assert ("E643", 20_002, 2) in found


def test_an_unknown_tier_carries_file_row_and_indicator(cat, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "a.csv", "指标,实际完成值,等级\n建成座数,5,\n满意度,,很好\n")
    report = score(cat, path)
    (e606,) = [p for p in report.problems if p.code == "E606"]
    assert (e606.file, e606.row, e606.column, e606.indicator) == (str(path), 3, 3, "满意度")
    as_actual = write(tmp_path, "b.csv", "指标,实际完成值\n建成座数,5\n满意度,很好\n")
    (e606,) = [p for p in score(cat, as_actual).problems if p.code == "E606"]
    assert (e606.row, e606.column) == (3, 2) and e606.message.zh.split("可用：")[1].startswith("达成")


def test_a_duplicate_json_key_is_a_finding_at_its_row(cat, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = '[{"指标": "建成座数", "实际完成值": 5}, {"指标": "完成数", "实际完成值": 5, "实际完成值": 9}]'
    report = score(cat, write(tmp_path, "a.json", text))
    assert ("E642", 3, 2) in problems(report)


def test_a_4299_digit_json_integer_is_not_a_crash(cat, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (
        '[{"指标": "建成座数", "实际完成值": ' + "9" * 4299 + "},"
        ' {"指标": "完成数", "实际完成值": 5}, {"指标": "计划数", "实际完成值": 5}]'
    )
    report = score(cat, write(tmp_path, "a.json", text))
    assert ("E603", 2, 2) in problems(report)
    assert next(r for r in report.rows if r.indicator == "完成率").score == 40


def test_huge_python_integers_are_not_a_crash(cat) -> None:  # type: ignore[no-untyped-def]
    report = score(cat, [{"指标": "建成座数", "实际完成值": 10**5000}])
    assert [p.code for p in report.problems if p.code == "E603"] == ["E603"]
    assert len(str(round_half_up(10**4400))) == 4404  # 4,401 digits and .00: never through int text


def test_eval_reads_5000_digit_integers_and_refuses_deep_nesting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ind = write(tmp_path, "r.ind", "x = a / b * 100%\n")
    big = write(tmp_path, "big.json", '[{"a": ' + "9" * 5000 + ', "b": 2}, {"a": 1, "b": 4}]')
    assert main(["eval", str(ind), "--input", str(big)]) == 1
    out = capsys.readouterr().out
    assert "E403" in out and "25.00%" in out and "5000" in out
    deep = write(tmp_path, "deep.json", "[" * 50_000 + "]" * 50_000)
    assert main(["eval", str(ind), "--input", str(deep)]) == 2
    assert "E406" in capsys.readouterr().err


def test_file_names_are_shown_relative_to_the_working_directory_as_path_resolve_gives_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`display_name` keeps its answer per (path, working directory): a change of directory
    or a symlink gives what `Path.resolve().relative_to(cwd)` gives."""
    from indicator_dsl.scoring.actuals import display_name

    (tmp_path / "sub").mkdir()
    real = tmp_path / "sub" / "a.csv"
    real.write_text("指标,实际完成值\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "sub")
    monkeypatch.chdir(tmp_path)
    assert display_name("sub/a.csv") == display_name(real) == str(Path("sub") / "a.csv")
    assert display_name("link/a.csv") == str(Path("sub") / "a.csv")  # resolved, as before
    assert display_name(tmp_path) == "."
    monkeypatch.chdir(tmp_path / "sub")
    assert display_name(real) == "a.csv"
    assert display_name("a.csv") == "a.csv"
    outside = tmp_path.parent / "elsewhere.csv"
    assert display_name(outside) == str(outside)  # not below the working directory: as given
    for given in ("sub/a.csv", real, "../link/a.csv"):
        try:
            expected = str(Path(given).resolve().relative_to(Path.cwd()))
        except ValueError:
            expected = str(given)
        assert display_name(given) == expected


def test_a_row_skips_blank_cells_as_the_long_way_does() -> None:
    """`_getter` builds no Cell for a blank cell: the fields it finds are the ones whose Cell text
    is not empty (control characters, full-width spaces, numbers and None included)."""
    from indicator_dsl.scoring.actuals import Cell, _getter

    values = ["", " ", "\u3000", "\t\n", "\x01", "\x01a", None, "x", " x ", 0, 1.5, "\u200b", "\x85"]
    columns = {f"f{i}": i + 1 for i in range(len(values))} | {"past_the_end": len(values) + 3}
    get = _getter(2, tuple(values), columns)
    for name, col in columns.items():
        long_way = Cell(2, col, values[col - 1]) if col <= len(values) else None
        expected = long_way if long_way is not None and long_way.text else None
        assert get(name) == expected, name


@for_all(st.text() | st.integers() | st.floats(allow_nan=False) | st.none())
def test_a_cells_text_is_its_value_without_control_characters_stripped(value: object) -> None:
    """The printable fast path (`cell_text`) gives what removing control characters then
    stripping gives, for any text (control, format and separator characters included)."""
    import re

    from indicator_dsl.scoring.actuals import Cell

    control = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
    expected = "" if value is None else control.sub("", str(value)).strip()
    assert Cell(1, 1, value).text == expected
