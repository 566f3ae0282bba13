"""Diagnostic codes of monitoring (E95x–E98x errors, W95x–W98x warnings), registered on import.

Reading the progress file reuses the actuals codes of scoring where the meaning is the same
(E602 unknown indicator, E603 not a number, E604 no value, E605 given twice, E606 unknown tier,
E616 unit of another kind, W605 unknown column); the codes here are what only monitoring
decides: a light that cannot be judged, a missing 偏差原因 or 纠偏措施, a forecast that misses."""

from __future__ import annotations

from ..diagnostics import CODES, Severity, register
from ..scoring import codes as _scoring_codes  # noqa: F401  (E602…W605, reused by the progress reader)

_E, _W = Severity.ERROR, Severity.WARNING

_CODES = [
    ("E950", _E, "无法使用监控方案“{scheme}”：{reason}", "cannot use monitoring scheme '{scheme}': {reason_en}"),
    ("E951", _E, "无法读取监控进度文件：{reason}", "cannot read the progress file: {reason_en}"),
    ("E952", _E, "文件中没有指标，无法监控", "the file has no indicators; nothing to monitor"),
    (
        "E953",
        _E,
        "指标“{name}”没有年度指标值，无法判断预警等级",
        "indicator '{name}' has no annual target; no light can be given",
    ),
    (
        "E954",
        _E,
        "指标“{name}”的年度指标值为 0，标准值为 0，无法按序时进度判断",
        "indicator '{name}' has an annual target of 0, so its standard is 0; the schedule rule cannot judge it",
    ),
    (
        "E955",
        _E,
        "“{name}”为{light}灯，须填写偏差原因",
        "'{name}' has a {light_en} light: a 偏差原因 (deviation reason) is required",
    ),
    (
        "E956",
        _E,
        "“{name}”填写了偏差原因“{category}”，须填写说明",
        "'{name}' gives the deviation reason '{category}': its explanation (说明) is required",
    ),
    (
        "E957",
        _E,
        "“{name}”为{light}灯，须填写纠偏措施",
        "'{name}' has a {light_en} light: corrective measures (纠偏措施) are required",
    ),
    (
        "E958",
        _E,
        "预算执行进度无法计算：{reason}",
        "budget execution progress cannot be computed: {reason_en}",
    ),
    (
        "E959",
        _E,
        "指标“{name}”的目标要与“{baseline}”比较，进度表中没有此值",
        "indicator '{name}' is compared with '{baseline}', which the progress file does not give",
    ),
    (
        "W950",
        _W,
        "监控方案中没有适用于“{name}”（{category}）的预警规则，未判断",
        "no rule of the monitoring scheme applies to '{name}' ({category}); not judged",
    ),
    (
        "W951",
        _W,
        "偏差原因类别“{category}”不在方案列出的类别中：{choices}",
        "deviation reason category '{category}' is not one of the scheme's: {choices}",
    ),
    (
        "W952",
        _W,
        "“{name}”全年预计完成值 {forecast}（{basis}）未达到年度指标值 {target}",
        "'{name}': the full-year forecast {forecast} ({basis_en}) misses the annual target {target}",
    ),
    (
        "W953",
        _W,
        "列“{header}”写的是 1-{found} 月，监控月份为 {month} 月",
        "column '{header}' is for months 1-{found}, but the cut-off month is {month}",
    ),
    (
        "W954",
        _W,
        "没有调整后预算数，按年初预算数 {budget} 计算执行进度",
        "no 调整后预算数 (adjusted budget); execution progress uses the initial budget {budget}",
    ),
]

for _code in _CODES:
    if _code[0] not in CODES:
        register(*_code)
