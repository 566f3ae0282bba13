"""Codes of per-indicator 评分标准 (rules range: E/W/I 563–579 and 650–699).

650–659 scoring a row by its rule, 660–669 reading the printed text, 670–679 the checker,
680–689 the structured form and import/audit."""

from __future__ import annotations

from ..diagnostics import Severity, register

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

# scoring by a rule
register(
    "E650", E, "评分标准需要{measure}的实际值，本行没有", "the scoring rule needs a {measure} actual; this row has none"
)
register(
    "E651",
    E,
    "评分标准引用的基准“{name}”没有取值",
    "the scoring rule refers to the baseline '{name}', which has no value",
)
register("E652", E, "相对偏差的基准值为 0，无法计算", "relative deviation from a centre of 0 cannot be computed")
register(
    "E653", E, "实际值 {value} 不在评分标准的任何一档内", "the actual {value} falls in no case of the scoring rule"
)
register(
    "E654",
    E,
    "清单各项分值不同，只给项数（{count}）无法计分：请列出满足的项",
    "checklist items differ in points; a count ({count}) is not enough: name the items met",
)
register("E655", E, "满足项数 {count} 超出清单的 {items} 项", "{count} items met, but the checklist has {items}")
register("E656", E, "清单中没有“{item}”，可用：{items}", "no checklist item '{item}'; items: {items}")
register(
    "E657",
    E,
    "评分标准按是/否计分，实际值“{value}”不是是/否",
    "the rule scores 是/否, but the actual '{value}' is neither",
)
register(
    "E658",
    E,
    "评分标准按次数计分，实际值“{value}”不是非负整数次数",
    "the rule scores a count, but '{value}' is not a whole number of occurrences",
)
register(
    "E659",
    E,
    "指标“{name}”的评分标准无法读取（见 check），本行未评分",
    "the scoring rule of '{name}' cannot be read (see check); the row is not scored",
)

# reading printed text
register("E660", E, "无法读取评分标准：“{text}”{why}", "cannot read the scoring rule at '{text}'{why_en}")
register(
    "E661",
    E,
    "评分标准中 {value} 属于哪一档不唯一（{cases}），请用“（含）”标明",
    "the scoring rule does not say which case {value} belongs to ({cases}); mark it with (含)",
)
register(
    "E662",
    E,
    "“{text}”：每步加扣分缺少起点（没有门槛值，也没有目标值）",
    "'{text}': a per-step deduction with no starting point (no threshold and no target)",
)
register(
    "E663",
    E,
    "评分标准中的残缺文字“{text}”有多种读法：{readings}",
    "the damaged text '{text}' has several readings: {readings}",
)
register("E664", E, "评分标准没有任何可计分的条款", "the scoring rule has no clause that gives points")
register(
    "W665",
    W,
    "评分标准中的残缺文字“{text}”按唯一可行的读法读作“{reading}”",
    "the damaged text '{text}' was read as '{reading}', the only reading that fits",
)
register(
    "W666",
    W,
    "“{text}”中的“{letter}”按比较符读作“{reading}”（疑为识别错误）",
    "'{letter}' in '{text}' was read as the comparator '{reading}' (likely an OCR error)",
)
register(
    "I667",
    I,
    "“{text}”读作 {reading}（其余各档没有覆盖另一侧）",
    "'{text}' read as {reading} (no other case covers the other side)",
)
register(
    "W668",
    W,
    "“{text}”按法律惯例包含 {value}，但前一档已用“（含）”包含它；读作不含",
    "'{text}' includes {value} by the legal convention, but another case claims it with (含); read as excluding it",
)
register("I669", I, "“{text}”：偏差按{how}计算", "'{text}': the deviation is taken {how_en}")

# checker
register(
    "W670",
    W,
    "评分标准的得分可能为 {value}，超出 [0, {weight}]",
    "the scoring rule can give {value}, outside [0, {weight}]",
)
register(
    "W671",
    W,
    "评分标准未覆盖 {gap}：这些值没有得分",
    "the scoring rule does not cover {gap}: those values get no score",
)
register(
    "W672",
    W,
    "评分标准的档次重叠：{overlap} 同时属于“{a}”和“{b}”",
    "cases of the scoring rule overlap: {overlap} is in both '{a}' and '{b}'",
)
register(
    "W673",
    W,
    "评分标准的门槛 {threshold} 与目标 {target} 不一致：{why}",
    "the rule threshold {threshold} contradicts the target {target}: {why_en}",
)
register(
    "W674",
    W,
    "评分标准与方向“{direction}”不符：{low} 得 {low_points} 分，{high} 却得 {high_points} 分",
    "the scoring rule does not follow the direction '{direction}': "
    "{low} scores {low_points} but {high} scores {high_points}",
)
register(
    "W675",
    W,
    "评分标准原文现读作“{now}”，与声明的读法“{declared}”不同；按声明的读法计分",
    "the printed rule now reads as '{now}', not the declared reading '{declared}'; the declared reading is used",
)
register(
    "W676",
    W,
    "评分标准的分值 {points} 与权重 {weight} 不一致",
    "the scoring rule's full points {points} differ from the weight {weight}",
)

# structured form, import and audit
register("E680", E, "评分读法语法错误：{why}", "syntax error in the rule reading: {why_en}")
register(
    "W681",
    W,
    "评(扣)分标准中的“{text}”无法读取（{why}），已按原文导入，未写评分读作；check 报告其位置",
    "'{text}' in the scoring rule cannot be read ({why}); imported as printed without a reading; check shows where",
)
register(
    "W682",
    W,
    "本行的评分标准“{text}”无法读取，未按它复核",
    "this row's scoring rule '{text}' cannot be read; not recomputed by it",
)
# numbers without a unit on a % indicator (polish range 930–949)
register(
    "W930",
    W,
    "评分标准中的“{text}”没有单位：按目标 {target} 读作比值 {reading}（{text} = {reading}），不是 {other}",
    "'{text}' in the scoring rule has no unit: read as the ratio {reading} ({text} = {reading}) because the "
    "target is {target}, not as {other}",
)
register(
    "E930",
    E,
    "评分标准中的“{text}”没有单位，在 % 指标上可读作 {percent} 也可读作比值 {ratio}："
    "请写明单位（“{percent}”或“{ratio}”）",
    "'{text}' in the scoring rule has no unit; on a % indicator it reads as {percent} or as the ratio {ratio}: "
    "write the unit ('{percent}' or '{ratio}')",
)

del E, W, I
