"""Export to the XLSX 申报表 / 自评表 layouts, and the round trip: importing the export gives the
same catalog (names, categories, formulas, targets, weights, bands), checked on seeds and on
catalogs hypothesis generates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from indicator_dsl import ast as A
from indicator_dsl import loads
from indicator_dsl.cli import main
from indicator_dsl.importers import import_files
from indicator_dsl.importers.export import HEADER_ROW, LAYOUTS, export_xlsx
from indicator_dsl.importers.result import indicator_data
from indicator_dsl.unparse import scorecard_text

openpyxl = pytest.importorskip("openpyxl")
GOLDEN = Path(__file__).parent / "golden"
EXAMPLE = Path(__file__).parent.parent / "examples" / "department_2022.ind"
_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,})\1")
FIELDS = ("name", "category", "formula", "target", "weight", "bands")


def _fields(statements) -> list[list]:
    return [[indicator_data(s)[f] for f in FIELDS] for s in statements if isinstance(s, A.Indicator)]


def _cards(statements) -> list[str]:
    return [scorecard_text(s) for s in statements if isinstance(s, A.Scorecard)]


def _round_trip(text: str, path: Path, layout: str) -> tuple[list, list]:
    """Indicator fields and scorecard texts before and after export → import."""
    catalog = loads(text)
    indicators, cards = catalog.statements(A.Indicator), catalog.statements(A.Scorecard)
    export_xlsx(indicators, path, layout, scorecards=cards)
    result = import_files([path])
    assert not result.failed, [d.message("en") for d in result.failed]
    if not cards:  # an export without 评分表 gets one made up from its 分值, as any table does
        return _fields(indicators), _fields(result.statements)
    return _fields(indicators) + _cards(cards), _fields(result.statements) + _cards(result.statements)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("golden", ["import_seed000.ind", "import_seed001.ind"])
def test_seed_round_trip(tmp_path: Path, layout: str, golden: str) -> None:
    text = (GOLDEN / golden).read_text(encoding="utf-8")
    before, after = _round_trip(text, tmp_path / "out.xlsx", layout)
    assert after == before


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_scorecard_round_trip(tmp_path: Path, layout: str) -> None:
    """方案, 等级, 分组 weights, 预算执行 with its weight and the title survive export → import."""
    before, after = _round_trip(EXAMPLE.read_text(encoding="utf-8"), tmp_path / "card.xlsx", layout)
    assert after == before
    assert "  预算执行 全年执行数 / 全年预算数 权重 10" in after[-1] and "方案 national-2020" in after[-1]
    wb = openpyxl.load_workbook(tmp_path / "card.xlsx")
    assert wb.sheetnames[-1] == "评分表" and wb.active["A1"].value == "2022 年度部门整体支出绩效自评表"


def test_unreadable_scorecard_row_is_reported(tmp_path: Path) -> None:
    card = '评分表 卡 "标题"\n  等级 ≥90 优, <90 差\n  分组 产出指标 权重 50\n'
    catalog = loads(card + "\n指标 完成率\n  类别 产出指标\n  目标 ≥90%\n  权重 50\n")
    export_xlsx(catalog.statements(A.Indicator), tmp_path / "c.xlsx", scorecards=catalog.statements(A.Scorecard))
    wb = openpyxl.load_workbook(tmp_path / "c.xlsx")
    wb["评分表"]["B4"] = "≥90 优, 差"
    wb.save(tmp_path / "c.xlsx")
    result = import_files([tmp_path / "c.xlsx"])
    (bad,) = [d for d in result.diagnostics if d.code == "E709"]
    assert bad.render("en").startswith("c.xlsx!评分表:4:2: E709")
    (sc,) = _cards(result.statements)
    assert sc == '评分表 卡 "标题"\n  分组 产出指标 权重 50'


def test_cli_export_import_example_is_clean(tmp_path: Path) -> None:
    """A clean export imports with exit 0: formula-name notes are infos (I701), as check's I204."""
    out, back = tmp_path / "exp.xlsx", tmp_path / "back.ind"
    assert main(["export", str(EXAMPLE), "-o", str(out)]) == 0
    assert main(["import", str(out), "-o", str(back)]) == 0
    text = back.read_text(encoding="utf-8")
    assert '评分表 越秀区检察院2022 "2022 年度部门整体支出绩效自评表"' in text and "申报表 " not in text.split("\n")[2]
    assert main(["check", str(back)]) == 0


def test_export_refuses_a_non_xlsx_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`-o x.csv` would hold XLSX bytes under a CSV name: refused with E711, nothing written."""
    out = tmp_path / "x.csv"
    assert main(["export", str(EXAMPLE), "-o", str(out), "--lang", "en"]) == 2
    assert not out.exists()
    assert "E711 export writes .xlsx workbooks only" in capsys.readouterr().err


def test_outputs_create_directories_or_fail_with_a_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """import -o / export -o into a missing directory create it; a file in the way is E710, exit 2."""
    xlsx, ind = tmp_path / "new" / "a" / "exp.xlsx", tmp_path / "other" / "b" / "back.ind"
    assert main(["export", str(EXAMPLE), "-o", str(xlsx)]) == 0
    assert main(["import", str(xlsx), "-o", str(ind)]) == 0 and ind.exists()
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    capsys.readouterr()
    assert main(["export", str(EXAMPLE), "-o", str(blocker / "x.xlsx"), "--lang", "en"]) == 2
    assert main(["import", str(xlsx), "-o", str(blocker / "x.ind"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("E710 cannot write this file: a part of the path is not a directory") == 2
    assert "Traceback" not in err


def test_layout_title_header_row_and_merged_levels(tmp_path: Path) -> None:
    text = (GOLDEN / "import_seed000.ind").read_text(encoding="utf-8")
    export_xlsx(loads(text).statements(A.Indicator), tmp_path / "decl.xlsx", "self-eval")
    ws = openpyxl.load_workbook(tmp_path / "decl.xlsx").active
    assert ws.title == "自评表" and ws["A1"].value == "绩效自评表"
    headers = [c.value for c in ws[HEADER_ROW]]
    assert headers[:5] == ["一级指标", "二级指标", "三级指标", "计算公式", "年度指标值"]
    assert "实际完成值" in headers and "得分" in headers and "偏差原因分析及改进措施" in headers
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:L1" in merged and any(r.startswith("A4:") for r in merged)


def _formula_elements(path: Path) -> list[str]:
    """`<f>` elements (formulas) anywhere in the workbook's sheets."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith("xl/worksheets/") and b"<f>" in z.read(n)]


def test_hostile_text_cannot_become_a_formula(tmp_path: Path) -> None:
    text = '指标 安全\n  类别 产出指标 / 数量指标\n  目标 =8个\n  描述 =HYPERLINK("http://x","y")\n'
    export_xlsx(loads(text).statements(A.Indicator), tmp_path / "h.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "h.xlsx").active
    cells = {c.value: c.data_type for c in ws[HEADER_ROW + 1] if c.value is not None}
    assert cells["=8个"] == "s" and cells['=HYPERLINK("http://x","y")'] == "s"  # text, shown without a quote
    assert not _formula_elements(tmp_path / "h.xlsx")
    (ind,) = import_files([tmp_path / "h.xlsx"]).statements
    assert indicator_data(ind)["target"] == "=8个"


def test_cli_export_then_import(tmp_path: Path) -> None:
    out = tmp_path / "seed.xlsx"
    assert main(["export", str(GOLDEN / "import_seed001.ind"), "-o", str(out), "--layout", "declaration"]) == 0
    assert main(["import", str(out), "-o", str(tmp_path / "back.ind")]) == 1  # the seed's 60差 is reported again
    assert "指标 案件流转率" in (tmp_path / "back.ind").read_text(encoding="utf-8")
    assert main(["export", str(tmp_path / "missing.ind"), "-o", str(out)]) == 2


# ---- property: generated catalogs survive export → import ---------------------------------------

_CJK = st.text(alphabet="产出效益质量时效成本满意度案件资金项目完成率合格数人次培训系统运行天", min_size=2, max_size=6)
_LEVEL1 = st.sampled_from(["产出指标", "效益指标", "满意度指标"])
_NUM = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False).map(lambda d: f"{d.normalize():f}")
_CMP = st.sampled_from(["≥", ">", "≤", "<", "=", ""])
_UNIT = st.sampled_from(["%", "万元", "人", "个", ""])


@st.composite
def _indicator(draw: st.DrawFn, index: int) -> str:
    name = f"{draw(_CJK)}率{index}"
    lines = [f"指标 {name}", f"  类别 {draw(_LEVEL1)} / {draw(_CJK)}类{index % 3}"]
    if draw(st.booleans()):
        lhs = draw(st.sampled_from([f"{name} = ", "", f"{draw(_CJK)}值 = "]))
        lines.append(f"  公式 {lhs}{draw(_CJK)}甲 / {draw(_CJK)}乙 * 100%")
    if draw(st.booleans()):
        lines.append(f"  目标 {draw(_CMP)}{draw(_NUM)}{draw(_UNIT)}")
    if draw(st.booleans()):
        lines.append(f"  权重 {draw(_NUM)}")
    if draw(st.booleans()):
        cuts = sorted(set(draw(st.lists(st.integers(0, 100), min_size=1, max_size=4))), reverse=True)
        bands = [f"≥{c} {g}" for c, g in zip(cuts, "优良中", strict=False)] + [f"<{cuts[-1]} 差"]
        if draw(st.booleans()):
            bands.append("[10, 20) 中")
        lines.append("  等级 " + ", ".join(bands))
    return "\n".join(lines)


@st.composite
def _catalog(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 6))
    text = "\n\n".join(draw(_indicator(i)) for i in range(n)) + "\n"
    assume(not _DOUBLED.search(text))  # `建设项目建设项目` is extraction damage the importer repairs (W702)
    return text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_catalog(), layout=st.sampled_from(sorted(LAYOUTS)))
def test_export_import_round_trip_property(tmp_path: Path, text: str, layout: str) -> None:
    assert not loads(text).syntax_diagnostics
    before, after = _round_trip(text, tmp_path / "rt.xlsx", layout)
    assert after == before
