"""Where batch data lives, told from its name without opening it: files by extension, DuckDB
tables as `DB.duckdb:TABLE` (for `eval --input` and `eval -o`)."""

from __future__ import annotations

from pathlib import Path

DB_SUFFIXES = (".duckdb", ".db", ".ddb")


def split_db_target(text: str) -> tuple[str, str] | None:
    """`results.duckdb:表` → (database path, table); None when `text` is a plain file."""
    path, sep, table = text.rpartition(":")
    if sep and table and path.lower().endswith(DB_SUFFIXES) and "/" not in table:
        return path, table
    return None


def infer_format(target: str) -> str | None:
    """The output format a file name implies (`.csv`, `.jsonl`, `.parquet`, a DuckDB table), else None."""
    if split_db_target(target):
        return "duckdb"
    suffix = Path(target).suffix.lower()
    return {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}.get(suffix)
