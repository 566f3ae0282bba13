"""Codes of the batch engines and their outputs (E801–E849), registered without importing any
engine, so `eval`'s usage errors render before pyarrow or DuckDB load."""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Diagnostic, Severity, register
from ..naming import did_you_mean, hint_args

register(
    "E801",
    Severity.ERROR,
    "输入列“{name}”无法精确读取：{reason}",
    "column '{name}' not exact: {reason}",
)
register("E802", Severity.ERROR, "无法读取输入表：{reason}", "cannot read the input table: {reason}")
register("E803", Severity.ERROR, "{engine} 执行失败：{reason}", "{engine} failed: {reason}")
register(
    "E804", Severity.ERROR, "输入表中没有分组列“{name}”{hint}", "the input table has no group column '{name}'{hint_en}"
)
register(
    "E805",
    Severity.ERROR,
    "数值超出 SQL 引擎的精确范围（38 位）：{expr}",
    "value beyond the SQL engine's exact range (38 digits): {expr}",
)
register("E806", Severity.ERROR, "--format {format} 需要 -o FILE", "--format {format} needs -o FILE")
register(
    "E807",
    Severity.ERROR,
    "无法以 {format} 格式写入“{file}”：请用 .csv、.jsonl、.parquet 或 DB.duckdb:表名",
    "cannot write '{file}' as {format}: use .csv, .jsonl, .parquet or DB.duckdb:TABLE",
)
register(
    "E808",
    Severity.ERROR,
    "无法读取数据库表“{name}”：{reason}",
    "cannot read the database table '{name}': {reason}",
)


class GroupColumnError(Exception):
    """The group-by column is not in the table (E804), with the columns that are, for the
    did-you-mean every unknown name gets."""

    def __init__(self, name: str, columns: Iterable[str] = ()) -> None:
        super().__init__(name)
        self.name = name
        self.columns = tuple(str(c) for c in columns)

    def diagnostic(self) -> Diagnostic:
        return Diagnostic("E804", args={"name": self.name, **hint_args(did_you_mean(self.name, self.columns, n=3))})
