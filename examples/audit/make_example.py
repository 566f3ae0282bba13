"""Generate `project_self_eval_2023.xlsx`: a filled 项目支出绩效自评表 in the national layout
with a few mistakes a reviewer should catch (run `indicator-dsl audit` on it).

    python examples/audit/make_example.py

Seeded on purpose: 执行率 printed 100% for 425.6 / 480; the budget score not rate × weight; a
target missed with full marks; a target met with points deducted and no reason; an actual far
above target with no reason; a 总分 that is not the sum of its rows."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent

ROWS: list[list[object]] = [
    # 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施
    ["产出指标", "数量指标", "新建集中供水工程", "≥12处", "12处", 10, 10, None],
    ["产出指标", "数量指标", "改造供水管网长度", "≥35公里", "31.5公里", 10, 10, None],
    ["产出指标", "质量指标", "水质检测合格率", "≥95%", "97.2%", 10, 10, None],
    ["产出指标", "时效指标", "工程按期完工率", "100%", "100%", 10, 8, None],
    ["产出指标", "成本指标", "单处工程平均造价", "≤40万元", "38.6万元", 10, 10, None],
    ["效益指标", "社会效益指标", "受益农村人口", "≥2.6万人", "3.9万人", 10, 10, None],
    ["效益指标", "可持续影响指标", "工程长效运行管护机制", "健全", "基本健全", 15, 12, "管护经费尚未全部落实"],
    ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "93.5%", 15, 15, None],
]


def build() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "自评表"
    ws.append(["项目支出绩效自评表"])
    ws.append(["（2023年度）"])
    ws.append(["项目名称", "农村饮水安全巩固提升工程"])
    ws.append(["主管部门", "某县水利局", None, None, "实施单位", "某县农村供水管理站"])
    ws.append(["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    ws.append([None, "年度资金总额", 480, 480, 425.6, 10, "100%", 10])
    ws.append([None, "其中：当年财政拨款", 400, 400, 360.6])
    ws.append([None, "上年结转资金", 80, 80, 65])
    ws.append([None, "其他资金", 0, 0, 0])
    ws.append(["年度总体目标", "预期目标", None, None, None, "实际完成情况"])
    ws.append([None, "新建集中供水工程12处，改造管网35公里", None, None, None, "新建12处，改造管网31.5公里"])
    ws.append(
        [
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]
    )
    for row in ROWS:
        ws.append([None, *row])
    ws.append(["总分", None, None, None, None, None, 100, 97])
    for rng in ("A1:I1", "A2:I2", "A5:A9", "A10:A11", "A12:A20", "B13:B17", "B18:B19", "A21:F21"):
        ws.merge_cells(rng)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    for col, width in zip("ABCDEFGHI", (10, 12, 16, 22, 12, 12, 8, 8, 24), strict=True):
        ws.column_dimensions[col].width = width
    return book


if __name__ == "__main__":
    out = HERE / "project_self_eval_2023.xlsx"
    build().save(out)
    print(out)
