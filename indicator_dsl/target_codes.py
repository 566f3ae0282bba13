"""Codes of target conditions (E330–E369, W515–W519, E620–E639): reading, checking and scoring
deadlines, periods, intervals, 是/否, own words and baselines.  Registered once at import."""

from __future__ import annotations

from .diagnostics import Severity, register

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

# Reading (build)
register(
    "E330",
    E,
    "“{text}”不是有效日期",
    "'{text}' is not a valid date",
)
register(
    "E338",
    E,
    "目标“{text}”把数字写在文字里，没有唯一的读法：请写成“≥95%”“[90%, 100%]”或基准（“比上年增长5%”）",
    "target '{text}' puts a number inside words and has no single reading: write '≥95%', "
    "'[90%, 100%]' or a baseline ('比上年增长5%')",
)
register(
    "E339",
    E,
    "“{cmp}”之后应为数值或基准（上年、预算、计划、批复额度），“{text}”都不是",
    "'{cmp}' must be followed by a number or a baseline (上年, 预算, 计划, 批复额度); '{text}' is neither",
)
register(
    "E350",
    E,
    "“{text}”没有唯一的读法：可能是 {year}年1月，也可能是 {year}年10月（数字单元格会丢掉末尾的 0）",
    "'{text}' has no single reading: {year}年1月 or {year}年10月 (a number cell drops the trailing 0)",
)
register(
    "W351",
    W,
    "目标“{text}”按数字 {text} 读取；若是日期，请写成“{year}年{month}月”",
    "the target '{text}' is read as the number {text}; if it is a date, write '{year}年{month}月'",
)
# Checking
register(
    "E331",
    E,
    "目标区间 {interval} 为空：下限大于上限",
    "the target interval {interval} is empty: its low end is above its high end",
)
register(
    "W332",
    W,
    "目标“{target}”与方向“{direction}”不符",
    "target '{target}' contradicts the direction '{direction}'",
)
register(
    "W333",
    W,
    "期限“{target}”（{due}）不在计划年度 {year} 内",
    "the deadline '{target}' ({due}) lies outside the plan year {year}",
)
register(
    "E334",
    E,
    "期限“{target}”没有写明年份，且不知道计划年度",
    "the deadline '{target}' gives no year and the plan year is unknown",
)
register(
    "E335",
    E,
    "期间“{target}”的开始晚于结束",
    "the period '{target}' starts after it ends",
)
register(
    "I336",
    I,
    "目标“{target}”与基准“{baseline}”比较：评分时需提供“{baseline}”的数值",
    "target '{target}' compares with '{baseline}': scoring needs a value for '{baseline}'",
)
register(
    "E337",
    E,
    "目标“{target}”的单位与区间另一端不一致",
    "the ends of the target '{target}' are in different units",
)
# Scoring
register(
    "E630",
    E,
    "实际“{actual}”是否达成目标用语“{words}”没有唯一的读法（{reason}）：请填写档次（达成/部分达成/未达成）",
    "the actual '{actual}' has no single reading against the target's words '{words}' ({reason_en}): "
    "give the tier (达成/部分达成/未达成)",
)
register(
    "E620",
    E,
    "实际值“{actual}”不能与目标“{target}”比较（需要{wanted}）",
    "actual '{actual}' cannot be compared with the target '{target}' (needs {wanted_en})",
)
register(
    "E631",
    E,
    "实际完成日期“{actual}”没有唯一的读法：可能是 {year}年1月，也可能是 {year}年10月",
    "the actual date '{actual}' has no single reading: {year}年1月 or {year}年10月",
)
register(
    "E621",
    E,
    "目标“{target}”需要基准“{baseline}”的数值，实际值数据中没有",
    "target '{target}' needs a value for '{baseline}', which the actuals do not give",
)
register(
    "E623",
    E,
    "实际值“{actual}”没有写单位，目标是“{target}”：它是 {actual}% 还是 {times}%？请写明“%”",
    "the actual '{actual}' has no unit against the target '{target}': {actual}% or {times}%? write the '%'",
)
register(
    "E622",
    E,
    "实际完成日期“{actual}”没有年份，且不知道计划年度",
    "the actual date '{actual}' gives no year and the plan year is unknown",
)
