"""Front-end robustness (issues 16 and 17): inputs a hostile or careless author writes."""

from __future__ import annotations

from fractions import Fraction

import pytest

from indicator_dsl import loads
from indicator_dsl import semantics as S
from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.parser import parse_document
from indicator_dsl.scoring.actuals import cell_diagnostic
from indicator_dsl.source import Source, Span, display_width, visible


def fan_out(levels: int, step: str) -> str:
    """Each definition uses the one before it several times (issue 16.7)."""
    lines = ["定义 d0 = a + b"]
    lines += [f"定义 d{i} = " + step.format(p=f"d{i - 1}") for i in range(1, levels)]
    lines.append(f"r = d{levels - 1} / c * 100%")
    return "\n".join(lines) + "\n"


def reference(levels: int, step: str, a: int, b: int, c: int) -> Fraction:
    """The same chain in plain Fractions."""
    value = Fraction(a + b)
    for _ in range(1, levels):
        value = {"sum": value + max(value, value) - value / 2, "square": value + value * value}[step]
    return value / c


STEPS = {"sum": "{p} + max({p}, {p}) - {p} / 2", "square": "{p} + {p} * {p}"}


def test_unit_inference_visits_each_definition_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    infer = S.UnitInference.infer

    def counting(self: S.UnitInference, expr: object) -> object:
        nonlocal calls
        calls += 1
        return infer(self, expr)  # type: ignore[arg-type]

    monkeypatch.setattr(S.UnitInference, "infer", counting)
    catalog = loads(fan_out(12, STEPS["square"]))
    assert catalog.check() == []
    # 12 definitions of 6 nodes, checked as statements and once through references: linear,
    # where the unmemoised walk took 3^12 ≈ 500,000 calls.
    assert calls < 400


def test_fan_out_evaluates_exactly_with_reduced_numbers() -> None:
    ind = loads(fan_out(30, STEPS["sum"]))["r"]
    got = ind.evaluate({"a": 1, "b": 2, "c": 3})
    assert got.error is None and got.value == reference(30, "sum", 1, 2, 3)
    # Settled per definition: the pair is as small as the value (unreduced it had 3^29 bits).
    assert got.denominator.bit_length() < 64
    batch = ind.evaluate_batch({"a": [1, 0], "b": [2, 0], "c": [3, 3]})
    assert Fraction(int(batch.n[0]), int(batch.d[0])) == got.value
    assert int(batch.n[1]) == 0 and batch.error[1] is None


def test_a_runaway_chain_of_squares_is_e405_in_both_engines() -> None:
    ind = loads(fan_out(30, STEPS["square"]))["r"]
    assert ind.evaluate({"a": 1, "b": 1, "c": 3}).error == "E405"
    assert ind.evaluate({"a": 0, "b": 0, "c": 3}).value == 0
    batch = ind.evaluate_batch({"a": [1, 0], "b": [1, 0], "c": [3, 3]})
    assert list(batch.error) == ["E405", None]


def test_vector_big_mode_keeps_min_max_of_small_columns_exact() -> None:
    """np.where of two Python ints made an int64 array inside the big-number mode: values wrapped
    to 0 (a zero denominator) once the chain grew past 2^62."""
    ind = loads(fan_out(7, STEPS["sum"]))["r"]
    batch = ind.evaluate_batch({"a": [1], "b": [2], "c": [3]})
    assert Fraction(int(batch.n[0]), int(batch.d[0])) == reference(7, "sum", 1, 2, 3)


def test_a_cell_diagnostic_does_not_build_text_for_the_rows_above() -> None:
    """20,000 findings on rows 1…20,000 built 20,000 texts of up to 20,000 lines (16.8)."""
    diag = cell_diagnostic("E604", "actuals.csv", 20_000, 3, "未知指标", name="未知指标")
    assert len(diag.source.text) == len("未知指标")
    assert diag.location() == ("actuals.csv", 20_000, 3)
    assert diag.render("en").splitlines()[1].strip() == "未知指标"


def test_line_table_is_built_once_per_source() -> None:
    source = Source("f.ind", "a\nb\nc\n" * 1000)
    first = source._line_starts
    assert source.location(5) == (3, 2)
    assert source._line_starts is first  # cached, not rebuilt per diagnostic


def test_excerpts_show_control_characters_instead_of_sending_them() -> None:
    text = '指标 a "\x1b[2J\x1b]0;pwned\x07标题"\n  公式 x / y\n  目标 ≥ 5 坏\x1b[31m\n'
    _, diags = parse_document(text, "f.ind")
    assert diags
    for diag in diags:
        rendered = diag.render("en")
        assert "\x1b" not in rendered and "\x07" not in rendered
    line, caret = diags[0].render("en").splitlines()[1:3]
    assert "␛[31m" in line
    # the caret still sits under the offending character (CJK counted double)
    assert display_width(line[: line.index("␛")]) == caret.index("^")
    quoted = Diagnostic("E101", Span(5, 6), Source("f.ind", text), {"found": "", "found_en": "", "expected_en": ""})
    assert "\x1b" not in quoted.render("en") and "␛[2J␛]0;pwned␇标题" in quoted.render("en")


def test_visible_keeps_ordinary_text_and_tabs() -> None:
    assert visible("完成率\t≥95%") == "完成率\t≥95%"
    assert visible("\u202eevil") == "⟨U+202E⟩evil"
    assert visible("\x85") == "⟨U+0085⟩"


def test_catalog_show_prints_no_raw_escapes(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    from indicator_dsl.cli import main

    folder = Path(str(tmp_path))
    (folder / "x.ind").write_text('指标 甲 "\x1b[2J标题"\n  公式 a / b * 100%\n  目标 ≥95%\n', encoding="utf-8")
    assert main(["catalog", "show", "甲", "--catalog", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "␛[2J标题" in out


@pytest.mark.parametrize("sep", ["、", ",", "，", ";", "；", " "])
def test_bands_separated_by_enumeration_comma(sep: str) -> None:
    doc, diags = parse_document(f"指标 a\n  公式 x / y * 100%\n  等级 ≥95优{sep}≥70良{sep}<70差\n")
    assert diags == []
    assert [b.grade for b in doc.statements[0].bands] == ["优", "良", "差"]


def test_one_line_definition_named_like_a_keyword_is_not_swallowed() -> None:
    """17.8: `目标 = x` after a block is a definition of 目标, not the block's target clause."""
    doc, diags = parse_document("指标 a\n  公式 x / y\n目标 = x * 2\n")
    assert diags == []
    assert [s.name for s in doc.statements] == ["a", "目标"]
    assert doc.statements[0].target is None
    assert doc.statements[1].one_line


def test_indented_or_numeric_keyword_lines_stay_clauses() -> None:
    for text in ("指标 a\n  公式 x / y * 100%\n  目标 = 100%\n", "指标 a\n  公式 x / y * 100%\n目标 =95%\n"):
        doc, diags = parse_document(text)
        assert diags == []
        assert len(doc.statements) == 1
        assert doc.statements[0].target is not None


@pytest.mark.parametrize("year", ["20242024", "2024.5", "0", "1899"])
def test_a_plan_year_that_is_no_year_is_e330(year: str) -> None:
    """`年度 20242024` crashed check (`year 20242024 is out of range` dating 6月底前); found by
    benchmarks/fuzz/front_end.py, seed 29."""
    from indicator_dsl.catalog import Catalog

    doc, diags = parse_document(f"评分表 项目\n  年度 {year}\n指标 r\n  目标 6月底前\n")
    assert [d.code for d in diags] == ["E330"] and diags[0].args["text"] == year
    assert "E330" in [d.code for d in Catalog([doc], diags).check()]
    assert loads("评分表 项目\n  年度 2024\n指标 r\n  目标 6月底前\n").context.env.plan_year == 2024
