"""Codes of the spreadsheet reader (E740–E759): a file that is not a table, or a cell not read;
and of the CSV records `eval` reads (W830–W839)."""

from __future__ import annotations

from ..diagnostics import Severity, register

E = Severity.ERROR
register("E740", E, "无法读取表格文件：{reason}", "cannot read the spreadsheet: {reason_en}")
register("E741", E, "表格文件过大（{size} 字节，上限 {limit}）", "spreadsheet too large ({size} bytes, limit {limit})")
register(
    "E742",
    E,
    "XLSX 解压后过大（{size} 字节，上限 {limit}）",
    "the XLSX unpacks too large ({size} bytes, limit {limit})",
)
register(
    "E743",
    E,
    "XLSX 中“{member}”的压缩比过高（{ratio} 倍，上限 {limit}），疑为压缩炸弹",
    "'{member}' in the XLSX is compressed {ratio}-fold (limit {limit}): a zip bomb, not a table",
)
register(
    "E744",
    E,
    "XLSX 的共享字符串表过大（{size}，上限 {limit}）",
    "the XLSX's shared-strings table is too large ({size}, limit {limit})",
)
register("E745", E, "行数过多：第 {limit} 行以后未读取", "too many rows: rows after {limit} were not read")
register("E746", E, "列数过多：第 {limit} 列以后未读取", "too many columns: columns after {limit} were not read")
register("E747", E, "单元格过多：读到 {limit} 个单元格后停止", "too many cells: reading stopped after {limit} cells")
register(
    "E748",
    E,
    "单元格文字过长（{length} 字符，上限 {limit}），未读取",
    "cell text too long ({length} characters, limit {limit}); not read",
)
register(
    "E749",
    E,
    "单元格已损坏：{kind} 单元格的值“{value}”无法读取",
    "damaged cell: the {kind} cell's value '{value}' cannot be read",
)
register("E750", E, "单元格引用“{ref}”无效，未读取", "malformed cell reference '{ref}'; not read")
register("E751", E, "单元格含 NUL 字符，未读取", "the cell contains a NUL character; not read")
register(
    "E752",
    E,
    "单元格含单独的回车符（CR），未读取；请用换行符（LF）",
    "the cell contains a bare carriage return (CR); not read — use a line feed (LF)",
)
register("E753", E, "合并单元格过多：{limit} 个以后未处理", "too many merged ranges: those after {limit} were ignored")

# The records of an `eval --input .csv` (`sheets.csv_records`, W830–W839): what does not fit
# the header is reported, never dropped in silence; every engine reads a file the same way.
W = Severity.WARNING
register(
    "W830",
    W,
    "第 {row} 行有 {count} 个字段，表头只有 {width} 列：多出的“{value}”未读取",
    "row {row} has {count} fields, the header {width}: '{value}' beyond the header is not read",
)
register(
    "W831",
    W,
    "表头第 {column} 列“{name}”与第 {first} 列同名：只读取第 {first} 列",
    "header column {column} '{name}' repeats the name of column {first}: only column {first} is read",
)
register(
    "W832",
    W,
    "第 {column} 列在表头中没有名称，其单元格未读取（第 {row} 行有内容“{value}”）",
    "column {column} has no name in the header, so its cells are not read (row {row} holds '{value}')",
)
register(
    "W833",
    W,
    "引号未闭合：从此处到文件末尾（{lines} 行）被读成第 {row} 行的一个单元格",
    "a quote opened here is never closed: the rest of the file ({lines} lines) was read as one cell of row {row}",
)
register(
    "I834",
    Severity.INFO,
    "此文件另有 {more} 条同类提示未列出（{codes}）：只列出前 {shown} 条",
    "{more} more findings of this file are not listed ({codes}): only the first {shown} are",
)
