"""Finding codes of the audit (E9xx errors, W9xx warnings, I9xx notes), registered once on import.

Errors are disagreements a reviewer must send back; warnings need a look; notes say what the
audit could not judge (blank cells, 定性 rows) instead of guessing."""

from __future__ import annotations

from ..diagnostics import CODES, Severity, register

_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

_CODES = [
    (
        "E901",
        _E,
        "各行得分合计 {computed}（指标 {rows} + 预算执行 {budget}），与总分 {published} 不符",
        "row scores add up to {computed} (indicators {rows} + budget {budget}), but the total reads {published}",
    ),
    (
        "E902",
        _E,
        "“{group}”小计得分 {published}，其下各行合计 {computed}",
        "subtotal of '{group}' reads {published}, its rows add up to {computed}",
    ),
    (
        "E903",
        _E,
        "分值合计 {computed}（指标 {rows} + 预算执行 {budget}），不等于 {expected}",
        "weights add up to {computed} (indicators {rows} + budget {budget}), not {expected}",
    ),
    (
        "E904",
        _E,
        "一级指标“{group}”标明 {published} 分，其下各行分值合计 {computed}",
        "'{group}' states {published} points, its rows' weights add up to {computed}",
    ),
    (
        "E905",
        _E,
        "执行率印为 {published}，全年执行数 {executed} / 全年预算数 {budget} = {computed}",
        "execution rate reads {published}, but executed {executed} / budget {budget} = {computed}",
    ),
    (
        "E906",
        _E,
        "预算执行得分 {published}，按方案应为 {formula} = {computed}",
        "budget execution score reads {published}; the scheme gives {formula} = {computed}",
    ),
    (
        "E907",
        _E,
        "未达到目标（{actual}，目标 {target}）却得满分 {published}；按方案应得 {computed}",
        "target missed ({actual}, target {target}) but full marks {published}; the scheme gives {computed}",
    ),
    (
        "W908",
        _W,
        "已达到目标（{actual}，目标 {target}）却扣分（{published} / {weight}），且未写偏差原因",
        "target met ({actual}, target {target}) but points deducted ({published} of {weight}) with no reason given",
    ),
    (
        "W909",
        _W,
        "得分 {published} 与方案得分 {computed} 相差 {delta}，超过容差 {tolerance}：{formula}",
        "score {published} differs from the scheme's {computed} by {delta}, above tolerance {tolerance}: {formula}",
    ),
    (
        "E910",
        _E,
        "反向指标超过上限（{actual}，目标 {target}）却得满分 {published}；按方案应得 {computed}",
        "negative indicator above its ceiling ({actual}, target {target}) but full marks {published}; "
        "the scheme gives {computed}",
    ),
    (
        "I911",
        _I,
        "反向指标实际值为 0（目标 {target}）：按达标计，不做除法",
        "negative indicator with actual 0 (target {target}): counted as met, no division",
    ),
    (
        "W912",
        _W,
        "实际值 {actual} 达到目标 {target} 的 {ratio}（≥{limit}），未写偏差原因",
        "actual {actual} is {ratio} of target {target} (≥{limit}) and no reason is given",
    ),
    ("W913", _W, "无法读取年度指标值“{text}”，本行未评判", "cannot read the target '{text}'; row not judged"),
    (
        "W914",
        _W,
        "无法读取实际完成值“{text}”{detail}，本行未评判",
        "cannot read the actual '{text}'{detail_en}; row not judged",
    ),
    (
        "I915",
        _I,
        "定性指标：得分 {published} / {weight} = {share}，相当于“{tier}”档 {range}",
        "qualitative: score {published} of {weight} = {share}, i.e. tier '{tier_en}' {range}",
    ),
    ("I916", _I, "{what}为空，本行未评判", "{what_en} is blank; row not judged"),
    ("I917", _I, "本行标为不适用（/），不计入", "row marked not applicable (/), left out"),
    (
        "W918",
        _W,
        "实际值单位 {unit} 与目标单位 {expected} 不一致，本行未评判",
        "actual unit {unit} does not match the target's {expected}; row not judged",
    ),
    ("E919", _E, "得分 {published} 高于分值 {weight}", "score {published} is above the weight {weight}"),
    ("E920", _E, "无法读取表格：{reason}", "cannot read the table: {reason_en}"),
    (
        "E921",
        _E,
        "找不到绩效指标表头（一级指标 / 三级指标 / 实际完成值 / 得分）",
        "no indicator block header found (一级指标 / 三级指标 / 实际完成值 / 得分)",
    ),
    (
        "W922",
        _W,
        "{part}：各分项合计 {computed}，与年度资金总额 {published} 不符",
        "{part_en}: the sub-rows add up to {computed}, but the total row reads {published}",
    ),
    ("W923", _W, "{what}“{text}”不是数字，无法核对", "{what_en} '{text}' is not a number; cannot check it"),
    (
        "W924",
        _W,
        "定性实际值“{actual}”属“{tier}”档 {range}，但得分 {published} / {weight} = {share}",
        "qualitative actual '{actual}' is tier '{tier_en}' {range}, but the score is {published} of {weight} = {share}",
    ),
    (
        "I925",
        _I,
        "已达标但扣分（{published} / {weight}），偏差原因：{reason}",
        "target met but points deducted ({published} of {weight}); reason given: {reason}",
    ),
    (
        "E927",
        _E,
        "方案 {scheme} 规定“{group}”为 {expected} 分，表中为 {computed} 分",
        "scheme {scheme} gives '{group}' {expected} points, the table gives {computed}",
    ),
    (
        "E928",
        _E,
        "预算执行已在资金表中计 {budget} 分，指标“{name}”又计 {weight} 分（重复计分）",
        "budget execution is already weighted {budget} in the budget block; indicator '{name}' weights it again "
        "({weight})",
    ),
    ("I926", _I, "没有总分行，无法核对合计", "no 总分 row; the total cannot be checked"),
    ("E929", _E, "无法写入报告：{reason}", "cannot write the report: {reason_en}"),
]

for _code in _CODES:
    if _code[0] not in CODES:
        register(*_code)
