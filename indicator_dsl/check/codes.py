"""Codes of the static analyses (E501–E579, W501–W579, I5xx): bands, targets, tables, weights.

Registered once at import, beside the passes that emit them, so the registry in
`diagnostics` stays the single place tools look codes up.
"""

from __future__ import annotations

from ..diagnostics import Severity, register

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

# Bands (coverage, reachability, overlap, order) — indicators and scorecard totals alike
register("W501", W, "{gap} 没有等级", "{gap} has no grade")
register(
    "W502",
    W,
    "等级“{band}”永远不会匹配：这些值已被前面的“{by}”评定（先匹配者优先）",
    "band '{band}' can never match: those values are already graded by the earlier '{by}' (first match wins)",
)
register(
    "W503",
    W,
    "等级“{band}”与前面的“{other}”部分重叠，{overlap} 按“{other_grade}”评定",
    "band '{band}' partly overlaps the earlier '{other}'; {overlap} is graded '{other_grade}'",
)
register(
    "W504",
    W,
    "等级次序与方向“{direction}”不符：{low} 评为“{low_grade}”，{high} 却评为“{high_grade}”",
    "grades do not follow the direction '{direction}': {low} is graded '{low_grade}' but {high} is '{high_grade}'",
)
register(
    "W505",
    W,
    "等级“{band}”在定义域 {domain} 之外，永远不会匹配",
    "band '{band}' lies outside the domain {domain} and can never match",
)
register(
    "W506",
    W,
    "等级过多（{count} 个，上限 {limit}），未分析覆盖与重叠",
    "too many bands ({count}, limit {limit}); coverage and overlap not analysed",
)
# Names (E208–E229)
register(
    "E208",
    E,
    "“{written}”与指标“{other}”的{what}“{theirs}”是同一个名称（{place}）：实际完成值中的这个名称无法确定是哪个指标",
    "'{written}' is the same name as {what_en} '{theirs}' of indicator '{other}' ({place_en}): "
    "an actuals row with this name cannot tell which indicator it means",
)
# Targets
register("W511", W, "目标 {target} 超出定义域 {domain}", "target {target} lies outside the domain {domain}")
register(
    "W512",
    W,
    "最高等级“{grade}”从 {threshold} 起，但目标是 {target}：未达标的值也能评为“{grade}”",
    "the top grade '{grade}' starts at {threshold} but the target is {target}: values missing the target get it",
)
register("W513", W, "反向指标“{name}”没有目标值", "'{name}' is a 反向 (less is better) indicator with no target")
register("W514", W, "定量指标“{name}”没有目标值", "quantitative indicator '{name}' has no target")
# Units
register(
    "W521",
    W,
    "公式以“* 100”结尾但没有 %，而目标是百分比：数值会大 100 倍",
    "the formula ends in '* 100' without '%' but the target is a percent: the value would be 100 times too big",
)
register(
    "W304",
    W,
    "公式的输入{inputs}没有声明单位，结果按指标单位“{unit}”读取（公式得 1 即 1{unit}）；"
    "如输入另有单位，请用“输入 … : 单位”声明",
    "the formula's inputs {inputs_en} have no declared unit, so its result is read in the indicator's unit "
    "'{unit}' (a result of 1 is 1{unit}); if the inputs are in another unit, declare them with 'input … : unit'",
)
register(
    "W305",
    W,
    "公式“{formula}”得出的是比值（1 即 100%），目标却是不带 % 的 {target}，两者不能同时成立："
    "应写“* 100%”或“目标 {fix}”",
    "the formula '{formula}' yields a ratio (1 is 100%) but the target is the bare number {target}; both cannot "
    "be meant: write '* 100%' or '目标 {fix}'",
)
register(
    "W306",
    W,
    "输入“{name}”只在这里出现，与别处使用的“{other}”只差一个字，是否笔误？",
    "input '{name}' appears only here and differs by one character from '{other}' used elsewhere; a typo?",
)
register(
    "W522",
    W,
    "“{name}”（{word}）越低越好，目标“{target}”却要求不低于：方向矛盾",
    "'{name}' ({word}) is better when lower, but its target '{target}' asks for at least: the direction contradicts",
)
# Tables
register(
    "E531",
    E,
    "核对不成立：左边合计 {left} {comparator} 右边合计 {right}，相差 {difference}",
    "check fails: left total {left} {comparator} right total {right}; difference {difference}",
)
register(
    "W532",
    W,
    "核对引用的定义嵌套过深，无法静态核对",
    "the definitions this check uses nest too deeply to be evaluated statically",
)
# Weights
register(
    "W541",
    W,
    "“{parent}”的权重为 {declared}，其下{children}（第 {lines} 行）权重合计 {total}",
    "'{parent}' has weight {declared} but its {children_en} (lines {lines}) weigh {total} in total",
)
register(
    "W542",
    W,
    "评分表“{name}”的权重合计 {total}（{parts}），应为 100",
    "scorecard '{name}' weights total {total} ({parts}); they should total 100",
)
# Lint advice (infos, `indicator-dsl lint`)
register("I561", I, "指标“{name}”没有注明来源", "indicator '{name}' does not say where it comes from (来源)")
register("I562", I, "指标“{name}”没有权重", "indicator '{name}' has no weight")
del E, W, I
