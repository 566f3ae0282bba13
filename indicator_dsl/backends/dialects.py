"""The SQL dialects `indicator-dsl sql --dialect` writes, as a registry (sqlglot renders them).

Only dialects whose DECIMAL(38,0) arithmetic is exact are listed (SQLite is not: past int64 it
falls back to REAL).  `executed` says how the output is verified: DuckDB and Spark SQL run in the
agreement tests; the others are rendered and parsed back by sqlglot in tests, not run."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    sqlglot: str  # sqlglot's name for it
    executed: bool  # run by the agreement tests (else rendered and parsed back only)
    exact_type: str  # the exact integer type the SELECT computes in
    digits: int = 38  # digits its DECIMAL arithmetic keeps exactly
    gcd: bool = False  # has GCD over 128-bit integers: large pairs are reduced (fewer E805)
    # significant digits up to which its float → text cast has the value of the shortest
    # round-trip text (`repr`); None: it always prints the shortest (DuckDB).  Java before JDK 19
    # sometimes prints one digit more (2.5E18 as 2.5000000000000001E18); up to 15 digits every
    # round-trip text has the same value.
    float_digits: int | None = None


DIALECTS: dict[str, Dialect] = {
    "duckdb": Dialect("duckdb", True, "DECIMAL(38,0) / BIGINT", gcd=True),
    # Spark adds and negates decimals through Scala BigDecimal's default MathContext (DECIMAL128):
    # 34 exact digits, so its overflow tests start there
    "spark": Dialect("spark", True, "DECIMAL(38,0) / BIGINT", 34, float_digits=15),
    "databricks": Dialect("databricks", False, "DECIMAL(38,0) / BIGINT (Spark SQL)", 34, float_digits=15),
    "postgres": Dialect("postgres", False, "NUMERIC(38,0) / BIGINT"),
    "snowflake": Dialect("snowflake", False, "NUMBER(38,0)", float_digits=15),
    "trino": Dialect("trino", False, "DECIMAL(38,0) / BIGINT", float_digits=15),
}
