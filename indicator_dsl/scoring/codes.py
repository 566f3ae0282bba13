"""Diagnostic codes of scoring (E6xx errors, W6xx warnings), registered once on import.

Table cells are located as `file:row:column` (row and column numbers as a spreadsheet shows
them, the header is row 1), so a finance officer can go straight to the cell."""

from __future__ import annotations

from ..diagnostics import CODES, Severity, register

_E, _W = Severity.ERROR, Severity.WARNING

_CODES = [
    ("E601", _E, "无法读取实际完成值文件：{reason}", "cannot read the actuals file: {reason_en}"),
    ("E602", _E, "未知指标“{name}”{hint}", "unknown indicator '{name}'{hint_en}"),
    ("E603", _E, "“{header}”列的值不是数字：{value!r}", "the value in column '{header}' is not a number: {value!r}"),
    ("E604", _E, "指标“{name}”缺少实际完成值", "indicator '{name}' has no actual value"),
    (
        "E605",
        _E,
        "“{name}”重复出现（首次在第 {first} 行），本行忽略",
        "'{name}' given twice (first on row {first}); this row is ignored",
    ),
    (
        "E606",
        _E,
        "无法识别的定性档次“{tier}”，可用：{choices}",
        "unknown qualitative tier '{tier}'; use one of: {choices}",
    ),
    ("E607", _E, "人工得分缺少理由，未采用", "manual score without a reason; not applied"),
    ("E608", _E, "无法使用评分方案“{scheme}”：{reason}", "cannot use scoring scheme '{scheme}': {reason_en}"),
    ("E609", _E, "文件中没有评分表（评分表 …）", "no scorecard block (评分表 …) in the file"),
    ("E610", _E, "比例 {value} 不在档次“{tier}”的范围 {range} 内", "fraction {value} is outside tier '{tier}' {range}"),
    ("E611", _E, "指标“{name}”没有目标值，无法评分", "indicator '{name}' has no target and cannot be scored"),
    (
        "E612",
        _E,
        "指标“{name}”无法由输入计算：{reason}",
        "indicator '{name}' cannot be computed from inputs: {reason_en}",
    ),
    ("E613", _E, "预算执行率无法计算：{reason}", "budget execution rate cannot be computed: {reason_en}"),
    (
        "E614",
        _E,
        "人工得分 {score} 超出范围 [0, {weight}]，未采用",
        "manual score {score} is outside [0, {weight}]; not applied",
    ),
    ("E615", _E, "指标文件有错误，无法评分", "the indicator file has errors; cannot score"),
    (
        "E616",
        _E,
        "实际值 {value!r} 的单位 {unit} 与指标单位 {expected} 不兼容，本行未评分",
        "actual {value!r} is in {unit}, which does not convert to the indicator's unit {expected}; row not scored",
    ),
    (
        "E617",
        _E,
        "没有可评分的指标（{why}），无法得出总分和等级",
        "nothing to score ({why_en}); no total or grade",
    ),
    ("E618", _E, "文件中没有指标，无法评分", "the file has no indicators; nothing to score"),
    ("E619", _E, "无法写入输出文件：{reason}", "cannot write the output file: {reason_en}"),
    (
        "W601",
        _W,
        "实际值 {actual} 达到目标 {target} 的 {ratio}（≥{limit}），偏离较大需说明原因",
        "actual {actual} is {ratio} of target {target} (≥{limit}); explain the deviation",
    ),
    (
        "W602",
        _W,
        "权重合计 {total}，不等于 {expected}；等级仍按 {expected} 分制评定",
        "weights sum to {total}, not {expected}; the grade still uses the {expected}-point bands",
    ),
    (
        "W603",
        _W,
        "实际值 {value} 的单位与指标单位 {expected} 不同，已换算为 {actual}",
        "actual {value} is not in the indicator's unit {expected}; converted to {actual}",
    ),
    (
        "W604",
        _W,
        "分组“{group}”的指标权重合计 {total}，与声明的 {declared} 不一致",
        "indicator weights of group '{group}' sum to {total}, declared {declared}",
    ),
    ("W605", _W, "表头“{header}”无法识别，已忽略", "column '{header}' is not recognised and was ignored"),
    # What the rows of an actuals file mean (E640–E649)
    (
        "E640",
        _E,
        "实际完成值文件没有数据（{what}），未评分",
        "the actuals file holds no data ({what_en}); nothing was scored",
    ),
    (
        "W641",
        _W,
        "实际值 {value} 是负数，而“{unit}”是计数单位，不应为负",
        "actual {value} is negative, but '{unit}' counts things and cannot be negative",
    ),
    (
        "E642",
        _E,
        "JSON 对象中键“{key}”重复出现，只采用第一次的值",
        "key '{key}' appears more than once in this JSON object; only the first value is used",
    ),
    ("E643", _E, "这一行有内容但“指标”为空，本行未使用", "this row has values but an empty 指标 cell; not used"),
]

for _code in _CODES:
    if _code[0] not in CODES:
        register(*_code)
