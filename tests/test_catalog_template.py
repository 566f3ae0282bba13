"""Starting a 自评 scorecard from the catalog (issue 16 item 17): `catalog copy` of template
indicators keeps the template's 评分表; `catalog new TEMPLATE` writes the whole template."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicator_dsl import ast as A
from indicator_dsl import loads
from indicator_dsl.cli import main


def test_copy_of_template_indicators_keeps_the_scorecard(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "copy", "项目数量指标示例", "项目质量指标示例"]) == 0
    text = capsys.readouterr().out
    cat = loads(text, "copy.ind")
    cards = [st for doc in cat.documents for st in doc.statements if isinstance(st, A.Scorecard)]
    assert [c.name for c in cards] == ["项目支出绩效自评"]
    assert cards[0].budget is not None and len(cards[0].groups) == 3
    assert text.count("评分表 ") == 1


def test_copy_of_seed_indicators_adds_no_scorecard(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "copy", "赔偿达标率"]) == 0
    assert "评分表" not in capsys.readouterr().out


@pytest.mark.parametrize("template", ["project", "department"])
def test_new_writes_a_scorecard_that_checks_clean(
    template: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "new.ind"
    assert main(["catalog", "new", template, "-o", str(out)]) == 0
    cat = loads(out.read_text(encoding="utf-8"), str(out))
    assert any(isinstance(st, A.Scorecard) for doc in cat.documents for st in doc.statements)
    assert len(cat) >= 3
    assert [d.code for d in cat.check() if d.severity.value == "error"] == []
    assert main(["catalog", "new", template, "-o", str(out)]) == 2  # never overwrites without --force
    assert "E583" in capsys.readouterr().err


def test_unknown_template_lists_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "new", "nope", "--lang", "en"]) == 2
    assert "E872 no template 'nope'; available: department, project" in capsys.readouterr().err
