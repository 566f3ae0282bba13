"""Filled 自评表 built with openpyxl for the audit tests: the national layout and two province
variants, each clean or seeded with known mistakes.  A table is rows of cell values plus merged
ranges; `Seed` records where each seeded mistake must be found (code, row, indicator)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Seed:
    code: str
    row: int
    indicator: str


@dataclass
class Sheet:
    rows: list[list[object]] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    seeds: list[Seed] = field(default_factory=list)

    def add(self, *cells: object) -> int:
        self.rows.append(list(cells))
        return len(self.rows)

    def save(self, path: Path) -> Path:
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "自评表"
        for row in self.rows:
            sheet.append(row)
        for rng in self.merges:
            sheet.merge_cells(rng)
        book.save(path)
        return path

    def save_csv(self, path: Path) -> Path:
        import csv

        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([["" if c is None else c for c in r] for r in self.rows])
        return path


def national(mistakes: bool) -> Sheet:
    """The 财预〔2020〕10号 项目支出绩效自评表 layout; indicator columns B..I, reason J."""
    s = Sheet()
    s.add("项目支出绩效自评表")
    s.merges.append("A1:J1")
    s.add("（2023年度）")
    s.add("项目名称", "职业技能培训项目")
    s.add("主管部门", "示例局", None, None, "实施单位", "示例中心")
    head = s.add("项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    rate, score = ("100%", 10) if mistakes else ("80%", 8)
    total_row = s.add(None, "年度资金总额", 100, 100, 80, 10, rate, score)
    if mistakes:
        s.seeds += [Seed("E905", total_row, "年度资金总额"), Seed("E906", total_row, "年度资金总额")]
    fiscal = 90 if mistakes else 100
    s.add(None, "其中：当年财政拨款", 100, fiscal, 80)
    s.add(None, "上年结转资金", 0, 0, 0)
    s.add(None, "其他资金", 0, 0, 0)
    if mistakes:
        s.seeds.append(Seed("W922", total_row, "年度资金总额"))
    s.merges.append(f"A{head}:A{head + 4}")
    s.add("年度总体目标", "预期目标", None, None, None, "实际完成情况")
    s.add(None, "完成 500 人培训", None, None, None, "完成 520 人培训")
    header = s.add(
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    rows = _national_rows(mistakes)
    first = header + 1
    for values in rows:
        r = s.add(None, *values[:8])
        for code in values[8:]:
            s.seeds.append(Seed(str(code), r, str(values[2])))
    last = first + len(rows) - 1
    s.merges += [f"A{header}:A{last}", f"B{first}:B{first + 5}", f"B{first + 6}:B{last - 1}"]
    total = sum(float(v[6]) for v in rows if isinstance(v[6], (int, float)))
    printed = 97 if mistakes else total + score
    t = s.add("总分", None, None, None, None, None, 100, printed)
    s.merges.append(f"A{t}:E{t}")
    if mistakes:
        s.seeds.append(Seed("E901", t, "总分"))
    return s


def _national_rows(m: bool) -> list[list[object]]:
    """(一级, 二级, 三级, 目标, 实际, 分值, 得分, 原因, *seeded codes)."""
    out: list[list[object]] = [
        ["产出指标", "数量指标", "培训人数", "≥500人", "400人" if m else "520人", 10, 5 if m else 10, None]
        + (["W909"] if m else []),
        ["产出指标", "质量指标", "培训合格率", "≥95%", "90%" if m else "96%", 10, 10, None] + (["E907"] if m else []),
        ["产出指标", "时效指标", "按时完成率", "100%", "100%", 10, 8 if m else 10, None] + (["W908"] if m else []),
        ["产出指标", "成本指标", "人均培训成本", "≤300元/人", "350元/人" if m else "280元/人", 5, 5, None]
        + (["E910"] if m else []),
        ["产出指标", "质量指标", "安全事故次数", "≤1次", "0次" if m else "1次", 5, 5, None] + (["I911"] if m else []),
        ["产出指标", "数量指标", "教材编印数量", "≥1,000册", "约一千册" if m else "1,200册", 5, 5, None]
        + (["W914"] if m else []),
        ["效益指标", "经济效益指标", "带动增收", "≥100万元", "150万元" if m else "110万元", 10, 10, None]
        + (["W912"] if m else []),
        [
            "效益指标",
            "社会效益指标",
            "就业能力提升",
            "有效提升",
            "未达成" if m else "达成预期指标",
            20,
            20 if m else 18,
            None,
        ]
        + (["I915", "W924"] if m else ["I915"]),
        ["效益指标", "可持续影响指标", "培训机制长效运行", "≥3年", "3年", 5, 6 if m else 5, None]
        + (["E919"] if m else []),
        ["效益指标", "社会效益指标", "带动就业人数", "≥200人", "/" if m else "210人", 5, "/" if m else 5, None]
        + (["I917"] if m else []),
        ["满意度指标", "服务对象满意度指标", "学员满意度", "约90%以上" if m else "≥90%", "92%", 5, 5, None]
        + (["W913"] if m else []),
    ]
    return out


def province_split(mistakes: bool) -> Sheet:
    """Province variant A: a two-row header splitting 年度指标值 into 指标性质 | 指标值 | 度量单位,
    a 权重 column, and 小计 rows carrying each 一级 group's weight and score."""
    s = Sheet()
    s.add("项目绩效自评表（省级）")
    s.add("项目名称", "农田水利改造")
    head = s.add("项目资金", "年初预算数", "全年预算数", "全年执行数", "权重", "执行率", "得分")
    s.add("年度资金总额", 500, 500, 450, 20, "90%", 18)
    s.add("财政拨款", 500, 500, 450)
    assert head
    h = s.add(
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        None,
        None,
        "实际完成值",
        "权重",
        "得分",
        "偏差原因分析及改进措施",
    )
    s.add(
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "实际完成值",
        "权重",
        "得分",
        "偏差原因分析及改进措施",
    )
    s.merges += [
        f"D{h}:F{h}",
        f"A{h}:A{h + 1}",
        f"B{h}:B{h + 1}",
        f"C{h}:C{h + 1}",
        f"G{h}:G{h + 1}",
        f"H{h}:H{h + 1}",
        f"I{h}:I{h + 1}",
        f"J{h}:J{h + 1}",
    ]
    r1 = s.add("产出指标", "数量指标", "改造面积", "正向指标", "1.2", "万亩", "1.3万亩", 15, 15)
    r2 = s.add("产出指标", "质量指标", "工程验收合格率", "正向指标", "98", "%", "≥98.5%", 15, 15)
    r3 = s.add(
        "产出指标",
        "成本指标",
        "亩均改造成本",
        "反向指标",
        "300",
        "元/亩",
        "320元/亩" if mistakes else "290元/亩",
        10,
        10,
    )
    sub = s.add("产出指标", "小计", None, None, None, None, None, 40, 35 if mistakes else 40)
    s.add("效益指标", "经济效益指标", "粮食增产", "正向指标", "每亩300", "斤", "每亩310", 15, 15)
    s.add("效益指标", "生态效益指标", "节水效果", "定性指标", "显著", None, "显著", 10, 9)
    s.add("满意度指标", "服务对象满意度指标", "农户满意度", "正向指标", "90", "%", "93%", 20 if mistakes else 15, 15)
    t = s.add("总分", None, None, None, None, None, None, 100, 95 if mistakes else 97)
    assert r1 and r2
    if mistakes:
        s.seeds += [
            Seed("E910", r3, "亩均改造成本"),
            Seed("E902", sub, "产出指标"),
            Seed("E903", t, "总分"),
            Seed("E901", t, "总分"),
            Seed("W908", t - 1, "农户满意度"),
        ]
    s.seeds.append(Seed("I915", r1 + 5, "节水效果"))
    return s


def province_points(mistakes: bool) -> Sheet:
    """Province variant B: `符号 | 值 | 单位` target cells, 一级 cells that read only `(50分)`,
    a 不适用 row marked `/`, and a CSV copy with the merged cells left blank."""
    s = Sheet()
    s.add("部门项目支出绩效自评表")
    s.add("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    s.add("年度资金总额", 200, 250, 200, 10, "80.00%", 8)
    h = s.add("一级指标", "二级指标", "三级指标", "符号", "值", "单位", "实际完成值", "分值", "得分", "偏差原因")
    first = h + 1
    rows = [
        ["(50分)", "数量指标", "维修道路长度", "≥", "260", "米", "≥266米", 20, 20, None],
        ["(50分)", "时效指标", "完工及时率", "═", "100", "%", "100%", 15, 15, None],
        ["(50分)", "成本指标", "单位维修成本", "≤", "30", "万元", "28万元", 15 if not mistakes else 20, 15, None],
        ["(30分)", "社会效益指标", "通行时间缩短", "≥", "10", "%", "12%", 10, 10, None],
        ["(30分)", "社会效益指标", "交通事故下降", "/", "/", "/", "/", 10, "/", None],
        ["(30分)", "可持续影响指标", "设施使用年限", "≥", "5", "年", "", 10, 10, None],
        ["(10分)", "服务对象满意度指标", "群众满意度", "≧", "90", "%", "95%", 10, 10, None],
    ]
    for values in rows:
        s.add(*values)
    s.merges += [f"A{first}:A{first + 2}", f"A{first + 3}:A{first + 5}"]
    t = s.add("总分", None, None, None, None, None, None, 100, 88 if not mistakes else 90)
    s.seeds += [Seed("I917", first + 4, "交通事故下降"), Seed("I916", first + 5, "设施使用年限")]
    if mistakes:
        s.seeds += [
            Seed("E904", first, "产出指标"),
            Seed("E903", t, "总分"),
            Seed("E901", t, "总分"),
            Seed("W908", first + 2, "单位维修成本"),
        ]
    return s


@pytest.mark.parametrize("make", [national, province_split, province_points])
def test_builders_make_workbooks(make, tmp_path: Path) -> None:
    path = make(False).save(tmp_path / "t.xlsx")
    assert path.stat().st_size > 0
