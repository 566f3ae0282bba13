"""`import` writes `.ind` text that parses back to the same indicators, or gives the cell a coded
finding (issue 17 item 10): hostile names, categories, weights and units never reach the file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_dsl.importers import import_files
from indicator_dsl.importers.readback import _plain
from indicator_dsl.parser import parse_document

HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "分值", "单位", "指标解释"]


def imported(tmp_path: Path, *rows: list[str]):
    buf = io.StringIO()
    csv.writer(buf).writerows([HEADER, *rows])
    path = tmp_path / "t.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return import_files([path])


def assert_reads_back(result) -> None:
    doc, diags = parse_document(result.text(), "<out>")
    assert [d.render() for d in diags] == []
    assert [_plain(s) for s in doc.statements] == [_plain(s) for s in result.statements]


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        (["产出指标", "数量指标", "（30分）", "≥90%", "10", "", ""], "W710"),
        (["(50分)", "数量指标", "完成率", "≥90%", "10", "", ""], None),
        (["产出指标", "质量指标", "合格率", "≥95%", "-6", "", ""], "E760"),
        (["产出指标", "质量指标", "名,称", "≥95%", "5", "", ""], "W710"),
        (["产出指标", "质量指标", "名\x1b[31m称", "≥95%", "5", "", ""], "W710"),
        (["产出指标", "质量指标", "单位率", "95", "5", "不低于95%", ""], "E763"),
    ],
)
def test_fuzz_finds_read_back_or_have_a_finding(tmp_path: Path, cells: list[str], code: str | None) -> None:
    result = imported(tmp_path, cells)
    assert_reads_back(result)
    assert any(s for s in result.statements if getattr(s, "category", None) is not None)
    if code:
        assert code in [d.code for d in result.diagnostics]


def test_weights_past_the_number_limit_are_not_summed_into_the_file(tmp_path: Path) -> None:
    big = "9" * 59
    result = imported(tmp_path, *[["产出指标", "数量指标", f"指标{i}", "≥90%", big, "", ""] for i in range(20)])
    assert_reads_back(result)
    assert "E762" in [d.code for d in result.diagnostics]


TEXT = st.text(
    alphabet=st.sampled_from(list("完成率数量（）()分,，、·:：#\"“”' \t\x01\x1b-=%0123456789ab万元个≥≤<>不低于")),
    max_size=12,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT), min_size=1, max_size=4))
def test_any_table_imports_to_text_that_reads_back(tmp_path: Path, rows) -> None:
    result = imported(tmp_path, *[list(r) for r in rows])
    assert_reads_back(result)
