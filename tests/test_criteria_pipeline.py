"""The 评分 clause through the pipeline: grammar and unparse, check, scoring, import, audit."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, assert_golden

from indicator_dsl import load, loads, score
from indicator_dsl.cli import main
from indicator_dsl.parser import parse_document
from indicator_dsl.scoring import score_indicator
from indicator_dsl.unparse import document_text

RULES = ROOT / "examples" / "rules.ind"


def codes(text: str) -> list[str]:
    return [d.code for d in loads(text).check()]


def test_clause_parses_and_prints_back_including_a_multi_line_rule() -> None:
    text = (
        "指标 满意度\n  目标 ≥85%\n  权重 5\n"
        '  评分标准 """满意度85%以上得5分，\n每降低5个百分点扣1分，扣完为止。"""\n'
        "  评分读作 按值: [85%, +∞) 得5分; (-∞, 85%) 自85% 5分起 每5个百分点扣1分; 扣完为止\n"
    )
    doc, diags = parse_document(text)
    assert diags == []
    printed = document_text(doc)
    assert '评分 """满意度85%以上得5分，\n每降低5个百分点扣1分，扣完为止。"""' in printed
    again, _ = parse_document(printed)
    assert document_text(again) == printed
    assert codes(text) == []  # the declared reading is what the printed text reads as


def test_examples_score_by_their_printed_rules() -> None:
    report = score(str(RULES), str(ROOT / "examples" / "rules_actuals.csv"))
    got = {r.indicator: r.score for r in report.rows}
    # worked out by hand from each printed rule and actual
    assert got == {
        "公用经费控制率": Decimal("3.00"),  # 102.5%: 2.5 点 × 0.4 = 1 → 4 − 1
        "项目完成率": Decimal("8.00"),  # 88% in [85%, 95%)
        "预算调整率": Decimal("1.00"),  # 15% in (5%, 15%]
        "预算编制准确率": Decimal("2.00"),  # deviation 7% in (5%, 10%]
        "工程完工时间": Decimal("3.00"),  # 2025年12月 vs 10月底: 2 months × 1
        "违规使用资金": Decimal("2.00"),  # 2 × 2 from 6
        "管理制度": Decimal("2.00"),  # ① and ③
        "结转结余率": Decimal("1.00"),  # 4% ≤ 上年 5%
        "满意度": Decimal("3.60"),  # 7 点 / 5 × 1 = 1.4
    }
    assert all(r.rule == "rule" for r in report.rows)
    assert [p.code for p in report.problems if p.severity == "error"] == []


def test_a_rescaled_row_keeps_the_rules_proportions() -> None:
    catalog = load(RULES)
    row = score_indicator(catalog["满意度"], "78%", 10)  # declared 5, scored on 10
    assert row.score == Decimal("7.20")
    assert "折算" in row.explanation.zh


def test_lateness_from_the_deadline_target_and_the_completion_date() -> None:
    ind = load(RULES)["工程完工时间"]
    scores = {a: score_indicator(ind, a, 5).score for a in ("2025年10月", "2025年11月1日", "2026年3月", "延期1个月")}
    assert scores == {
        "2025年10月": Decimal("5.00"),
        "2025年11月1日": Decimal("4.00"),  # a day into the next month is a month late
        "2026年3月": Decimal("0.00"),
        "延期1个月": Decimal("4.00"),
    }


def test_lateness_takes_the_scorecards_plan_year() -> None:
    """A month-only deadline (`10月底前`) takes its year from the 评分表's 年度 when the
    indicator has none of its own, as the target reading does (it was E658 here)."""
    text = (
        "指标 完工时间\n  目标 10月底前完工\n  权重 5\n  评分 按期完工得满分，每延期一个月扣1分，扣完为止。\n"
        "评分表 项目\n  年度 2025\n  指标 完工时间\n"
    )
    ind = loads(text)["完工时间"]
    assert ind.resolved.node.plan_year is None and ind.resolved.plan_year == 2025
    assert score_indicator(ind, "2025年12月", 5).score == Decimal("3.00")


def test_an_unreadable_rule_never_falls_back_to_the_scheme() -> None:
    catalog = loads("指标 到位率\n  目标 ≥90%\n  权重 5\n  评分 资金到位及时得5分，否则酌情扣分。\n")
    from indicator_dsl.scoring.indicator import ScoreInputError

    with pytest.raises(ScoreInputError) as exc:
        score_indicator(catalog["到位率"], "95%", 5)
    assert exc.value.code == "E659"


def test_check_output_for_a_gap_and_an_unreadable_rule(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(ROOT / "examples" / "rules_problems.ind").replace(str(ROOT) + "/", ""), "--lang", "en"])
    assert_golden("criteria_check_problems.txt", capsys.readouterr().out)


@pytest.mark.parametrize(
    ("rule", "target", "code"),
    [
        ("完成率≥90%得10分，低于90%不得分。", "≥95%", "W673"),  # full marks before the target is met
        ("完成率≥95%得5分；85%（含）-95%得10分；低于85%不得分。", "≥95%", "W674"),  # 正向 yet points fall
        ("完成率≥95%得12分；低于95%不得分。", "≥95%", "W670"),  # above the weight 10
        ("完成率≥95%得8分；低于95%不得分。", "≥95%", "W676"),  # best score below the weight
        ("完成率≥95%得10分；85%-95%得8分；75%-85%得6分；低于75%不得分。", "≥95%", "E661"),
        ("完成率≥95%得10分；85%（含）-95%得8分；低于80%不得分。", "≥95%", "W671"),
    ],
)
def test_checker_findings(rule: str, target: str, code: str) -> None:
    assert code in codes(f"指标 完成率\n  目标 {target}\n  权重 10\n  评分 {rule}\n")


def test_a_declared_reading_that_differs_is_used_and_flagged() -> None:
    text = "指标 满意度\n  目标 ≥85%\n  权重 5\n  评分 满意度85%以上得5分，每降低5个百分点扣1分，扣完为止。\n"
    text += "  评分读作 按值: [85%, +∞) 得5分; (-∞, 85%) 自85% 5分起 每1个百分点扣1分; 扣完为止\n"
    assert codes(text) == ["W675"]
    row = score_indicator(loads(text)["满意度"], "84%", 5)
    assert row.score == Decimal("4.00")  # the declared reading: 1 point per point


def test_structured_syntax_error_is_at_its_offset() -> None:
    text = "指标 x\n  目标 ≥95%\n  权重 10\n  评分 按值: [95%, +∞) 得10分; (-∞, 95%) 按什么\n"
    (d,) = loads(text).check()
    assert d.code == "E680"
    assert text[d.span.start : d.span.start + 2] == "按什"


IMPORT = """一级指标,二级指标,三级指标,指标值,分值,评(扣)分标准
产出指标,数量指标,项目完成率,≥95%,10,"项目完成率≥95%，得10分；85%（含）-95%，得8分；低于85%不得分。"
产出指标,质量指标,公用经费控制率,≤100%,4,公用经费控制率很好得4分
效益指标,社会效益指标,采纳率,≥70%,5,"≥70 优, ≥60 良, <60 差"
"""


def test_import_reads_the_rule_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "表.csv"
    src.write_text(IMPORT, encoding="utf-8")
    main(["import", str(src)])
    captured = capsys.readouterr()
    out = captured.out
    assert "  评分 项目完成率≥95%，得10分；85%（含）-95%，得8分；低于85%不得分。\n" in out
    assert "  评分读作 按值: [95%, +∞) 得10分; [85%, 95%) 得8分; (-∞, 85%) 得0分\n" in out
    assert "  评分 公用经费控制率很好得4分\n" in out and out.count("评分读作") == 1
    assert "  等级 ≥70 优, ≥60 良, <60 差\n" in out  # a 评分标准 cell of grade bands stays bands
    assert "W681" in captured.out + captured.err


AUDIT = """一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,评(扣)分标准
产出指标,数量指标,项目完成率,≥95%,88%,10,10,"项目完成率≥95%，得10分；85%（含）-95%，得8分；低于85%不得分。"
产出指标,时效指标,完工时间,2025年10月底前,2025年12月,5,3,"按期完工得满分，每延期一个月扣1分，扣完为止。"
产出指标,质量指标,坏规则,≥95%,96%,4,4,大概还行就给分
"""


def test_audit_cli_names_the_rule_and_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "自评表.csv"
    src.write_text(AUDIT, encoding="utf-8")
    main(["audit", str(src)])
    out = capsys.readouterr().out
    assert "读作 按值: [95%, +∞) 得10分" in out
    assert "按逾期月数" in out and "逾期 2 个月" in out
    assert "W682" in out


def test_export_writes_the_rule_column_and_import_reads_it_back(tmp_path: Path) -> None:
    from indicator_dsl import ast as A
    from indicator_dsl.importers.export import export_xlsx

    text = "指标 满意度\n  目标 ≥85%\n  权重 5\n  评分 满意度85%以上得5分，每降低5个百分点扣1分，扣完为止。\n"
    export_xlsx(loads(text).statements(A.Indicator), tmp_path / "t.xlsx")
    main(["import", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "t.ind")])
    back = load(tmp_path / "t.ind")["满意度"].node
    assert back.rule is not None and back.rule.text == "满意度85%以上得5分，每降低5个百分点扣1分，扣完为止。"
    assert back.rule_reading is not None
    assert back.rule_reading.text == "按值: [85%, +∞) 得5分; (-∞, 85%) 自85% 5分起 每5个百分点扣1分; 扣完为止"


def test_score_year_flag_gives_month_only_deadlines_their_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`score --year` (a file or a folder) is the plan year of `11月底前`, as `check --year` is."""
    from indicator_dsl.cli import main

    card = tmp_path / "p.ind"
    card.write_text(
        "指标 完工时间\n  类别 产出指标 / 时效指标\n  目标 11月底前完工\n  权重 100\n"
        "评分表 项目\n  分组 产出指标 权重 100\n",
        encoding="utf-8",
    )
    (tmp_path / "p_actuals.csv").write_text("指标,实际完成值\n完工时间,2024年12月\n", encoding="utf-8")
    assert main(["score", str(card), "--format", "json"]) == 2  # E334: no year at all
    assert "E334" in capsys.readouterr().err
    totals = {}
    for year in (2024, 2025):
        assert main(["score", str(card), "--year", str(year), "--format", "json"]) == 0
        totals[year] = json.loads(capsys.readouterr().out)["total"]
    assert totals == {2024: "0.00", 2025: "100.00"}
    assert main(["score", str(tmp_path), "--year", "2025", "--format", "json"]) == 0
    assert '"100.00"' in capsys.readouterr().out
