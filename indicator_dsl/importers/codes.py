"""Diagnostic codes of the importers (E701–E799, W701–W799, I701–I799), registered once on import.

Errors are files or cells the importer could not read; warnings are repairs it made to
extraction damage; infos are notes that change nothing (a clean import exits 0).  Each names
its place in the source table and, where it can, the fix.  Codes never change meaning: W703
(formula name differs) is retired, that note is now the info I701, as check's I204.
"""

from __future__ import annotations

from ..diagnostics import Severity, register

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
register("E701", E, "无法导入文件：{reason}", "cannot import file: {reason_en}")
register("E702", E, "文件过大（{size} 字节，上限 {limit}）", "file too large ({size} bytes, limit {limit})")
register(
    "E703",
    E,
    "未找到指标表表头（需要“三级指标”和“指标值”等列）；看到的表头：{seen}",
    "no indicator table header found (needs columns such as 三级指标 and 指标值); headers seen: {seen}",
)
register("E704", E, "表格为空：{what}", "the table is empty: {what_en}")
register("E705", E, "行数过多（{rows} 行，上限 {limit}）", "too many rows ({rows}, limit {limit})")
register(
    "E706",
    E,
    "指标“{name}”的公式被截断在多个单元格中，无法还原；原文片段：{fragments}",
    "the formula of '{name}' is truncated across cells and cannot be restored; fragments: {fragments}",
)
register("E707", E, "无法读取单元格（{what}）：{text}", "cannot read the cell ({what}): {text}")
register("E708", E, "行不完整：缺少 {missing} 个单元格", "incomplete row: {missing} cell(s) missing")
register("W701", W, "删除了换行留下的空格：“{before}” → “{after}”", "removed a line-wrap space: '{before}' → '{after}'")
register(
    "W702",
    W,
    "重复的文字片段“{fragment}”已去重：“{before}” → “{after}”",
    "doubled fragment '{fragment}' removed: '{before}' → '{after}'",
)
register(
    "W703",
    W,
    "（已停用，见 I701）公式左侧“{lhs}”与指标名“{name}”不同，保留为别名",
    "(retired, see I701) formula name '{lhs}' differs from indicator '{name}'; kept as an alias",
)
register("W704", W, "公式缺少“=”，已按“{name} = …”读取", "the formula has no '='; read as '{name} = …'")
register(
    "W705",
    W,
    "等级“{band}”缺少比较符，按原样保留；建议写成“{suggest}”",
    "band '{band}' has no comparator; kept as printed, suggested '{suggest}'",
)
register("W706", W, "一级指标由{how}补全为“{level1}”", "一级指标 filled in as '{level1}' ({how_en})")
register(
    "W707", W, "指标名“{name}”在导入中重复，改名为“{renamed}”", "indicator name '{name}' repeats; renamed '{renamed}'"
)
register(
    "W708",
    W,
    "单元格文字不完整（缺少配对的引号），已去掉引号：“{text}”",
    "the cell text is cut off (unpaired quote); quote removed: '{text}'",
)
register(
    "W709",
    W,
    "指标名中含目标值，已拆分：名称“{name}”，目标“{target}”",
    "the indicator name holds its target; split into name '{name}' and target '{target}'",
)
register(
    "W710",
    W,
    "指标名“{before}”含有不能用作名称的字符，改为“{after}”",
    "indicator name '{before}' has characters a name cannot hold; changed to '{after}'",
)
register("W711", W, "分值不是数字，已忽略：{text}", "the weight is not a number and was ignored: {text}")
register(
    "W712", W, "二级指标由下方合并单元格补全为“{level2}”", "二级指标 filled in as '{level2}' from the merged cell below"
)
register(
    "W713",
    W,
    "此行没有三级指标名，按公式左侧命名为“{name}”",
    "the row has no 三级指标 name; named '{name}' after its formula",
)
register("E709", E, "无法读取评分表的这一行：{text}", "cannot read this 评分表 row: {text}")
register("E710", E, "无法写入此文件：{reason}", "cannot write this file: {reason_en}")
register(
    "E711",
    E,
    "只能导出为 .xlsx 工作簿，不能写“{name}”",
    "export writes .xlsx workbooks only, not '{name}'",
)
register(
    "I701",
    I,
    "公式左侧“{lhs}”与指标名“{name}”不同，保留为别名",
    "formula name '{lhs}' differs from indicator '{name}'; kept as an alias",
)
del E, W, I

# Import output that must read back (harden range E760–E769)
register("E760", Severity.ERROR, "分值不能为负：{text}，已略去", "a weight cannot be negative: {text}; left out")
register(
    "E761",
    Severity.ERROR,
    "数字过长（超过 {limit} 位）：{text}，已略去",
    "number too long (more than {limit} digits): {text}; left out",
)
register(
    "E762",
    Severity.ERROR,
    "“{group}”的分值合计超过 {limit} 位，分组未写权重",
    "the weights of '{group}' add up past {limit} digits; the group is written without a weight",
)
register("E763", Severity.ERROR, "“{text}”不是单位，已略去", "'{text}' is not a unit; left out")
register(
    "E764",
    Severity.ERROR,
    "导入结果无法原样读回（{reason}），指标“{name}”未写出",
    "the imported indicator '{name}' would not read back ({reason_en}); it is left out",
)

# What a careful reader would question in a cell (units range W714–W739)
_W = Severity.WARNING
register(
    "W714",
    _W,
    "“{text}”含有模板占位符“{mark}”：表格没有填写完整",
    "'{text}' still holds the template placeholder '{mark}': the table was not filled in",
)
register(
    "W715",
    _W,
    "“{text}”像是 Excel 日期序号（{date}），日期或单位在表格中丢失了格式",
    "'{text}' looks like an Excel date serial ({date}): the date or unit lost its format in the table",
)
register(
    "W716",
    _W,
    "“{name}”是比率，目标“{text}”却超过 100%（可能是“≥”被识别成“2”）",
    "'{name}' is a share, but its target '{text}' exceeds 100% (perhaps '≥' read as '2')",
)
register(
    "W717",
    _W,
    "“{name}”（{word}）越低越好，目标“{text}”却要求不低于：方向矛盾",
    "'{name}' ({word}) is better when lower, but its target '{text}' asks for at least: the direction contradicts",
)
register(
    "E718", Severity.ERROR, "指标值只有比较符“{text}”，没有数值", "the target is only a comparator '{text}', no number"
)
register(
    "W719",
    _W,
    "指标值“{text}”的单位 {written} 与度量单位 {unit} 不是同一类，无法都成立",
    "the target '{text}' is in {written}, which is not the kind of the unit column's {unit}",
)
register(
    "W720",
    _W,
    "指标名中印有目标“{in_name}”，指标值单元格却是“{cell}”：两者不一致",
    "the name prints the target '{in_name}' but the target cell says '{cell}': they disagree",
)
register(
    "W721",
    _W,
    "表头同时印有 {first} 年和 {second} 年：计划年度不唯一，没有采用任何一个（用 --year 指定）",
    "the title prints both {first} and {second}: no single plan year, none is taken (give it with --year)",
)
register(
    "W722",
    _W,
    "期限“{text}”只写了月份，表头没有印计划年度：检查时将是 E334（用 --year 指定年度）",
    "the deadline '{text}' gives only a month and the title prints no plan year: check will say E334 "
    "(give the year with --year)",
)
register(
    "W723",
    _W,
    "方向“{direction}”与指标值“{text}”的比较符相反（{said}）：两者不能同时成立",
    "the direction '{direction}' contradicts the comparator of the target '{text}' ({said_en})",
)
register(
    "W724",
    _W,
    "指标值“{text}”末尾的标点已去掉，读作“{read}”",
    "the punctuation after the target '{text}' is set aside: read as '{read}'",
)
del _W
register(
    "E765",
    Severity.ERROR,
    "指标值“{text}”与其括注（含/不含本数）矛盾，没有唯一的读法：请只写比较符，如“≥90%”或“>90%”",
    "the target '{text}' and its note (含/不含: the bound counts or not) disagree: no single reading; "
    "write the comparator alone, such as '≥90%' or '>90%'",
)
register(
    "I702",
    Severity.INFO,
    "指标值“{text}”按括注读作“{read}”",
    "the target '{text}' is read as '{read}', as its note says",
)
