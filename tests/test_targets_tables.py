"""A 申报表 with every target notation: imports, checks and scores as a careful evaluator reads
it (golden files per kind of target: the .ind the import writes and the scored rows)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicator_dsl import ast as A
from indicator_dsl import loads
from indicator_dsl.cli import main
from tests.conftest import ROOT, assert_golden

FIXTURES = ROOT / "tests" / "fixtures" / "targets"
KINDS = {
    "培训人次": A.QuantTarget,
    "新建监测点": A.QuantTarget,
    "整改问题数": A.QuantTarget,
    "资金到位率": A.IntervalTarget,
    "验收合格率": A.IntervalTarget,
    "预算偏差率": A.ToleranceTarget,
    "水质达标率": A.ToleranceTarget,
    "项目完工时间": A.DeadlineTarget,
    "建设周期": A.PeriodTarget,
    "报送时限": A.DeadlineTarget,
    "单位成本": A.QuantTarget,
    "项目总成本": A.BaselineTarget,
    "是否发生安全事故": A.YesNoTarget,
    "群众满意情况": A.QualTarget,
    "覆盖率": A.AnyTarget,
}


@pytest.fixture
def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "declaration.ind"
    assert main(["import", str(FIXTURES / "declaration.csv"), "-o", str(out)]) == 0
    capsys.readouterr()
    return out


def test_every_notation_imports_as_its_kind(imported: Path) -> None:
    text = imported.read_text("utf-8")
    assert_golden("targets_declaration.ind", text.replace(str(FIXTURES), "tests/fixtures/targets"))
    cat = loads(text)
    assert {i.name: type(i.node.target) for i in cat.indicators} == KINDS
    codes = sorted(d.code for d in cat.check())
    assert codes == ["I336", "I336"]  # both baselines: scoring needs 预算 and 上年


def test_the_table_scores_row_by_row(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    actuals = FIXTURES / "actuals.csv"
    main(["score", str(imported), str(actuals), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    rows = [
        f"{r['indicator']}\t{r['score']}\t{r['explanation']['zh']}\t{r['explanation']['en']}" for r in report["rows"]
    ]
    assert_golden("targets_declaration_scores.txt", "\n".join(rows) + f"\n总分 {report['total']}\n")
    assert [p["code"] for p in report["problems"]] == []
