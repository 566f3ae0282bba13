"""A target's note on whether its bound counts (`≥90%（含）`, `90%以上（不含）`), read alike by
the importer and the auditor: agreed, overriding a word's default, or contradicting (no reading)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicator_dsl import ast as A
from indicator_dsl import loads
from indicator_dsl.importers import import_files
from indicator_dsl.target_cells import read_bound_note
from indicator_dsl.unparse import target_text


@pytest.mark.parametrize(
    ("text", "read", "changed"),
    [
        ("≥90%（含）", "≥90%", False),
        ("≥90%(含90%)", "≥90%", False),
        ("≥90%（含90）", "≥90%", False),  # the note may leave the unit out
        ("≤5%（含本数）", "≤5%", False),
        ("90%及以上（含）", "90%及以上", False),
        (">90%（不含）", ">90%", False),
        ("不低于95%（包含95%）", "≥95%", False),
        ("90%以上（不含90%）", ">90%", True),
        ("30万元以下（不含）", "<30万元", True),
    ],
)
def test_a_note_that_agrees_or_overrides_a_word(text: str, read: str, changed: bool) -> None:
    note = read_bound_note(text)
    assert note is not None and note.target is not None
    assert (target_text(note.target), note.changed) == (read, changed)
    assert text[note.at] in "（("


@pytest.mark.parametrize(
    "text",
    ["＞90%（含）", "≥90%（不含）", "90%及以上（不含）", "≥90%（含95%）", "≥90%（含90万元）"]
    + ["90%（含）", "达标（含）"],
)
def test_a_note_that_contradicts_has_no_reading(text: str) -> None:
    note = read_bound_note(text)
    assert note is not None and note.target is None and not note.changed


@pytest.mark.parametrize("text", ["≥90%", "支出（万元）", "（含）", "≥90%（累计）"])
def test_no_note(text: str) -> None:
    assert read_bound_note(text) is None


HEAD = "一级指标,二级指标,三级指标,指标值\n"


def test_import_reads_the_note_and_says_what_it_changed(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    rows = ["产出指标,质量指标,a,≥90%（含）", ",,b,90%以上（不含90%）", ",,c,＞90%（含）"]
    path.write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    result = import_files([path])
    found = [(d.code, d.location()[1:]) for d in result.diagnostics]
    assert found == [("I702", (3, 4)), ("E765", (4, 4))]
    cat = loads(result.text())
    assert cat["a"].evaluate({"a": "90%"}).met is True
    assert cat["b"].evaluate({"b": "90%"}).met is False
    assert cat["b"].evaluate({"b": "90.01%"}).met is True
    assert cat["c"].resolved.target is None and "括注矛盾" in result.text()


@pytest.mark.parametrize("cell", ["不高于5万元/人", "≤ 300元/人·次", "≥2次/年"])
def test_a_slash_in_a_unit_is_a_target_not_a_formula(tmp_path: Path, cell: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEAD + f"成本指标,经济成本指标,人均成本,{cell}\n", encoding="utf-8")
    result = import_files([path])
    ind = next(st for st in result.statements if isinstance(st, A.Indicator))
    assert ind.formula is None and isinstance(ind.target, A.QuantTarget)
    assert [d.code for d in result.diagnostics] == []


def test_a_formula_cell_is_still_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEAD + "产出指标,质量指标,完成率,完成数/计划数×100%\n", encoding="utf-8")
    result = import_files([path])
    ind = next(st for st in result.statements if isinstance(st, A.Indicator))
    assert ind.formula is not None and [d.code for d in result.diagnostics] == ["W704"]


def test_punctuation_after_a_target_is_set_aside_and_said(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEAD + '产出指标,质量指标,a,≥95%；\n,,b,"≥90%（含）。"\n,,c,≥95%\n', encoding="utf-8")
    result = import_files([path])
    assert [(d.code, d.location()[1:]) for d in result.diagnostics] == [("W724", (2, 4)), ("W724", (3, 4))]
    cat = loads(result.text())
    assert cat["a"].evaluate({"a": "95%"}).met is True and cat["b"].evaluate({"b": "90%"}).met is True


def test_the_auditor_reads_the_same_cells() -> None:
    from indicator_dsl.audit.cells import ReadingKind, read_cell

    for text, printed in [("≥95%；", "≥95%"), ("≥90%（含）。", "≥90%"), ("90%以上（不含）", ">90%")]:
        reading = read_cell(text)
        assert reading.kind is ReadingKind.NUMBER and target_text(reading.node) == printed  # type: ignore[arg-type]
    assert read_cell("＞90%（含）").kind is ReadingKind.UNREADABLE
