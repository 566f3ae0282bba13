"""Rows the audit used to crash on (issue 16 item 10, issue 17 item 6): they become findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_dsl.audit.engine import audit_paths

HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
PROCESS = ["项目决策", "决策过程", "程序规范", "规范", "达成", "10", "10"]


def table(tmp_path: Path, *rows: list[str], header: list[str] = HEADER) -> Path:
    path = tmp_path / "t.csv"
    path.write_text("\n".join(",".join(r) for r in (header, *rows)) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("none", ["—", "-", "无"])
def test_a_dash_actual_is_not_judged_at_its_cell(tmp_path: Path, none: str) -> None:
    run = audit_paths([table(tmp_path, ["产出指标", "数量指标", "完成率", "≥95%", none, "10", "10"])])
    (finding,) = [f for f in run.tables[0].findings if f.code.startswith(("I916", "W9"))]
    assert (finding.code, finding.cell, finding.args["what"]) == ("I916", "E2", "实际完成值")


def test_missing_weight_beside_qualitative_process_rows(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "分值"]
    rows = [PROCESS[:5] + ["10"], ["产出指标", "数量指标", "完成率", "≥95%", "96%", "10"], PROCESS[:5] + ["8"]]
    run = audit_paths([table(tmp_path, *rows, header=header)])
    by_row = {f.row: f.code for f in run.tables[0].findings}
    assert by_row[3] == "I916" and run.tables[0].rows[1].status == "not-judged"


TARGETS = ["≥95%", "达成预期", "有效提升", "—", "-", "100%", "≤30万元", "无", "10个", "", "/"]
ACTUALS = ["96%", "—", "-", "达成", "/", "", "95", "无", "12个", "-3", "良"]
NUMBERS = ["10", "", "—", "-", "10%", "abc", "-1", "0"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(TARGETS), st.sampled_from(ACTUALS), st.sampled_from(NUMBERS), st.sampled_from(NUMBERS)
        ),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_any_mix_of_printed_cells_audits_without_crashing(tmp_path: Path, cells, with_weight: bool) -> None:
    rows = [["产出指标", "数量指标", f"指标{i}", t, a, w, s] for i, (t, a, w, s) in enumerate(cells)]
    header = HEADER
    if not with_weight:
        header = [h for h in HEADER if h != "分值"]
        rows = [r[:5] + r[6:] for r in rows]
    run = audit_paths([table(tmp_path, PROCESS if with_weight else PROCESS[:5] + ["10"], *rows, header=header)])
    assert len(run.tables) == 1 and len(run.tables[0].rows) == len(rows) + 1
