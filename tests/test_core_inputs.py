"""What users hand us: GBK files, tabs, colons after keywords, broken headers, bad paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicator_dsl import load, loads
from indicator_dsl.cli import main
from indicator_dsl.parser import parse_document
from indicator_dsl.source import Source, Span, display_width


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_gbk_files_are_read_and_noted(tmp_path: Path) -> None:
    f = tmp_path / "gbk.ind"
    f.write_bytes("完成率 = 完成数 / 计划数 * 100%\n".encode("gbk"))
    cat = load(f)
    assert [d.code for d in cat.check()] == ["I112"]
    assert cat["完成率"].evaluate({"完成数": 1, "计划数": 4}).display == "25.00%"


def test_binary_and_missing_files_do_not_stop_the_others(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "bin.ind").write_bytes(b"\x00\x01\x02garbage")
    (tmp_path / "ok.ind").write_text("指标 x\n  公式 a / b * 100%\n  等级 ≥90优 60差\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(tmp_path), "--lang", "en")
    assert code == 2
    assert "bin.ind: E110 cannot read file: not a text file (UTF-8 or GBK)" in err
    assert "E321" in out and "1 indicator: " in out


def test_directory_without_indicator_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 2 and "E111" in err


def test_colon_after_a_keyword() -> None:
    cat = loads("指标 x\n  公式： a / b * 100%\n  目标: ≥90%\n  来源：某表\n")
    assert cat.check() == [] or all(d.code.startswith(("W", "I")) for d in cat.check())
    assert cat["x"].node.source == "某表" and cat["x"].resolved.target is not None


def test_a_broken_block_header_is_one_error_not_one_per_clause() -> None:
    text = '指标 r "标题"多余\n  类别 产出指标 / 数量指标\n  公式 r = c / p * 100%\n  目标 ≥90%\nx = a\n'
    doc, diags = parse_document(text)
    assert [(d.code, d.location()[1]) for d in diags] == [("E101", 1)]
    assert [s.name for s in doc.statements] == ["x"]


def test_keyword_typo_gets_a_suggestion() -> None:
    _, diags = parse_document("指标 y\n  公试 a / b\n")
    assert diags[0].fix == "“公试”是否应为关键字“公式”？"
    assert "did you mean the keyword '公式'" in diags[0].render("en")


def test_caret_sits_under_the_text_after_tabs_and_cjk() -> None:
    src = Source("t", "\t公式 a = 完成数 + @\n")
    pos = src.text.index("@")
    line, caret = src.excerpt(Span(pos, pos + 1)).splitlines()
    assert caret.index("^") == display_width(line[: line.index("@")])
    assert line.startswith("    公式")


def test_eval_refuses_files_it_cannot_use(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "b.ind"
    broken.write_text("x = a +\n", encoding="utf-8")
    code, out, err = run(capsys, "eval", str(broken), "--set", "a=1")
    assert code == 2 and "E103" in err and out == ""
    code, _, err = run(capsys, "eval", str(tmp_path / "nosuch.ind"))
    assert code == 2 and "E110" in err
    empty = tmp_path / "e.ind"
    empty.write_text("# nothing\n", encoding="utf-8")
    code, _, err = run(capsys, "eval", str(empty))
    assert code == 2 and "E409" in err


def test_eval_reads_gbk_csv_and_reports_unreadable_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ind = tmp_path / "r.ind"
    ind.write_text("完成率 = 完成数 / 计划数 * 100%\n", encoding="utf-8")
    data = tmp_path / "r.csv"
    data.write_bytes("完成数,计划数\n1,4\n".encode("gbk"))
    code, out, _ = run(capsys, "eval", str(ind), "--input", str(data), "--format", "csv")
    assert code == 0 and "25.00%" in out
    data.write_bytes(b"\x00\x00binary")
    code, _, err = run(capsys, "eval", str(ind), "--input", str(data), "--lang", "en")
    assert code == 2 and "E406 cannot read input data: not a text file" in err


@pytest.mark.parametrize("places", ["-1", "7", "x"])
def test_eval_places_out_of_range_is_a_usage_error(places: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["eval", "examples/rate.ind", "--places", places])
    assert exc.value.code == 2


def test_eval_refuses_a_file_with_any_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "dup.ind"
    f.write_text("x = a\ny = x\nx = y\n", encoding="utf-8")
    code, out, err = run(capsys, "eval", str(f), "--set", "a=1")
    assert code == 2 and "E203" in err and out == ""


@pytest.mark.parametrize("engine", ["exact", "vector", "duckdb"])
def test_group_by_sums_percent_cells_once(capsys: pytest.CaptureFixture[str], tmp_path: Path, engine: str) -> None:
    """`29%` in a column declared in % is already a ratio: the group sum is 30%, not 0.30%."""
    ind = tmp_path / "g.ind"
    ind.write_text("输入 达标数: %\n指标 r\n  公式 达标数\n", encoding="utf-8")
    data = tmp_path / "g.csv"
    data.write_text("项目,达标数\nA,29%\nA,1%\nB,5\n", encoding="utf-8")
    code, out, _ = run(
        capsys, "eval", str(ind), "--input", str(data), "--group-by", "项目", "--engine", engine, "--format", "csv"
    )
    assert code == 0 and out.splitlines()[1:] == ["A,r,30.00%,,,", "B,r,5.00%,,,"]


def test_duckdb_reads_json_records(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ind = tmp_path / "g.ind"
    ind.write_text("r = a / b * 100%\n", encoding="utf-8")
    data = tmp_path / "g.json"
    data.write_text('[{"a": "1", "b": "4"}, {"a": "1", "b": "0"}]', encoding="utf-8")
    code, out, _ = run(capsys, "eval", str(ind), "--input", str(data), "--engine", "duckdb", "--format", "csv")
    assert code == 1 and out.splitlines()[1].startswith("1,r,25.00%") and "E401" in out.splitlines()[2]
