"""Names: the printed form kept, one normalisation for matching, aliases unique."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicator_dsl import loads
from indicator_dsl.importers import import_files
from indicator_dsl.naming import NameIndex, name_key
from indicator_dsl.scoring import score

PRINTED = ["设施(设备)完好率", "项目期内,群众对项目实施的满意度"]


def test_one_normalisation_for_width_spaces_and_punctuation() -> None:
    assert name_key("设施(设备)完好率") == name_key("设施（设备）完好率") == name_key("设施 （设备） 完好率")
    assert name_key("项目期内,群众满意度") == name_key("项目期内，群众满意度") == name_key("项目期内群众满意度")
    assert name_key("ＡＢＣ率") == name_key("abc率")
    assert name_key("一季度完成率") != name_key("二季度完成率")
    index = NameIndex({"a（b）": "x", "a(b)": "y", "c": "z"})
    assert index.get("a(b)") == "y" and index.get("a（b）") == "x" and index.get("a [b]") is None  # shared key
    assert index.get(" c ") == "z"


def _declaration(tmp_path: Path) -> Path:
    path = tmp_path / "decl.csv"
    rows = ["一级指标,二级指标,三级指标,指标值,分值"]
    rows += [f'产出指标,质量指标,"{PRINTED[0]}",≥95%,50', f'满意度指标,服务对象满意度指标,"{PRINTED[1]}",≥90%,50']
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_import_keeps_the_printed_name_as_an_alias(tmp_path: Path) -> None:
    result = import_files([_declaration(tmp_path)])
    text = result.text()
    assert "别名 “设施(设备)完好率”" in text and "别名 “项目期内,群众对项目实施的满意度”" in text
    cat = loads(text)
    assert not [d for d in cat.check() if d.severity.value == "error"]
    by_alias = {a: ind.name for ind in cat for a in ind.aliases}
    assert set(PRINTED) <= set(by_alias)


@pytest.mark.parametrize(
    "written",
    [
        PRINTED,
        ["设施（设备）完好率", "项目期内，群众对项目实施的满意度"],
        ["设施 (设备) 完好率", "项目期内 群众对项目实施的满意度"],
    ],
)
def test_actuals_in_the_tables_own_spelling_match(tmp_path: Path, written: list[str]) -> None:
    cat = loads(import_files([_declaration(tmp_path)]).text())
    rows = [{"指标": written[0], "实际完成值": "96%"}, {"指标": written[1], "实际完成值": "91%"}]
    report = score(cat, rows)
    assert [p.code for p in report.problems if p.severity == "error"] == []
    assert sum(r.score or 0 for r in report.rows) == 100


def test_an_alias_shared_by_two_indicators_is_an_error_at_both_places() -> None:
    text = "指标 甲率\n  公式 a / b * 100%\n  别名 完成率\n指标 乙率\n  公式 c / d * 100%\n  别名 完成率\n"
    found = [(d.code, d.location()[1:]) for d in loads(text).check()]
    assert ("E208", (3, 6)) in found and ("E208", (6, 6)) in found


def test_an_alias_equal_to_another_indicators_name_is_an_error_at_both_places() -> None:
    text = "指标 采纳率\n  公式 a / b * 100%\n指标 采纳率（办公用房租赁费）\n  公式 c / d * 100%\n  别名 采纳率\n"
    diags = [d for d in loads(text).check() if d.code == "E208"]
    assert sorted(d.location()[1:] for d in diags) == [(1, 4), (5, 6)]
    assert "采纳率（办公用房租赁费）" in diags[0].message("en") or "采纳率（办公用房租赁费）" in diags[1].message("en")


def test_names_that_differ_only_in_punctuation_collide_and_own_spellings_do_not() -> None:
    text = '指标 设施（设备）完好率\n  公式 a / b * 100%\n  别名 "设施(设备)完好率"\n'
    assert [d.code for d in loads(text).check()] == []
    twins = 'x率 = a / b * 100%\n指标 乙\n  公式 c / d * 100%\n  别名 "x 率"\n'
    assert [d.code for d in loads(twins).check()].count("E208") == 2


def test_import_makes_repeated_names_unique_without_colliding_aliases(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text(
        "表名,一级指标,二级指标,三级指标,指标值\n"
        "表1,效果指标,社会效益指标,采纳率,≥70%\n表2,效果指标,社会效益指标,采纳率,≥70%\n",
        encoding="utf-8",
    )
    cat = loads(import_files([path]).text())
    assert len(list(cat)) == 2
    assert not [d for d in cat.check() if d.code == "E208"]
