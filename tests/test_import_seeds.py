"""Importing both seed extracts: golden output, every repair located, output passes check,
and the result agrees with the hand-curated catalog/seeds files when they are there."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, assert_golden

from indicator_dsl import ast as A
from indicator_dsl import loads
from indicator_dsl.catalog import load
from indicator_dsl.diagnostics import Severity
from indicator_dsl.importers import import_files
from indicator_dsl.importers.result import indicator_data

SEEDS = ROOT / "tests" / "fixtures" / "seeds"  # in the repository: a fresh clone runs these (issue 16 item 15)
SEED000 = SEEDS / "000_282c6565aee65fa3.txt"
SEED001 = SEEDS / "001_d0d62e91e95bd135.txt"


def _imported(path: Path):
    result = import_files([path])
    text = result.text().replace(str(path.parent) + "/", "")
    return result, text


def _findings(result) -> set[tuple[str, int, int]]:
    return {(d.code, *d.location()[1:]) for d in result.all_diagnostics()}


@pytest.mark.parametrize("path,golden", [(SEED000, "import_seed000.ind"), (SEED001, "import_seed001.ind")])
def test_seed_golden(path: Path, golden: str) -> None:
    _, text = _imported(path)
    assert_golden(golden, text)


@pytest.mark.parametrize("path,golden", [(SEED000, "import_seed000.diag.txt"), (SEED001, "import_seed001.diag.txt")])
def test_seed_findings_golden(path: Path, golden: str) -> None:
    result, _ = _imported(path)
    rendered = "\n".join(d.render("en") for d in result.all_diagnostics())
    assert_golden(golden, rendered.replace(str(path.parent) + "/", "") + "\n")


def test_seed000_repairs_are_located() -> None:
    result, _ = _imported(SEED000)
    found = _findings(result)
    # 按标 准支付 (line 26) and the doubled 建设项目建设项目 twice on line 27
    assert ("W701", 26, 22) in found
    assert ("W702", 27, 30) in found and ("W702", 27, 46) in found
    # the truncated formula of 政策研究与课题研究完成率: both fragments, lines 22 and 24
    assert ("E706", 22, 5) in found and ("E706", 24, 20) in found
    # formula names that differ from indicator names keep an alias
    assert {("I701", 33, 10), ("I701", 34, 15), ("I701", 36, 9), ("I701", 40, 10)} <= found
    for d in result.all_diagnostics():
        assert d.location()[0].endswith("000_282c6565aee65fa3.txt") and d.location()[1] > 0


def test_seed001_unreadable_cells_are_located() -> None:
    result, _ = _imported(SEED001)
    found = _findings(result)
    assert ("W705", 133, 2) in found  # 60差
    assert ("W708", 97, 2) in found and ("W708", 148, 2) in found  # "信访 cut off
    fix = next(d for d in result.all_diagnostics() if d.code == "W705").fix
    assert fix == "<60 差"


def test_seed_notes_keep_what_could_not_be_read() -> None:
    result, _ = _imported(SEED000)
    policy = next(st for st in result.statements if isinstance(st, A.Indicator) and st.name.startswith("政策研究"))
    assert policy.formula is None and policy.note and "法律政策及重点课题研究完成数" in policy.note
    assert policy.source and "第24行" in policy.source


def test_seed001_band_rows_grouped() -> None:
    result, _ = _imported(SEED001)
    first = indicator_data(result.statements[0])
    assert first["name"] == "案件流转率"
    assert first["bands"] == ["≥95 优", "≥70 良", "≥50 中", "<50 差"]
    assert first["category"] == ["产出指标", "质量指标"]


@pytest.mark.parametrize("path", [SEED000, SEED001])
def test_seed_output_passes_check_apart_from_findings(path: Path) -> None:
    _, text = _imported(path)
    catalog = loads(text, "imported.ind")
    assert not catalog.syntax_diagnostics
    codes = {d.code for d in catalog.check() if d.severity is Severity.ERROR}
    assert not {c for c in codes if c.startswith(("E1", "E2"))}, codes
    assert len(catalog) == len(import_files([path]).records)


def _seed_catalog() -> dict[str, dict]:
    files = sorted((ROOT / "catalog" / "seeds").glob("*.ind"))
    out: dict[str, dict] = {}
    for st in load(*files).statements(A.Indicator) if files else []:
        out.setdefault(st.name, indicator_data(st))
    return out


FIELDS = ("category", "formula", "target", "bands")
# The curated files mark their own editorial completions with 整理者 (“the curator”) in 说明:
# a category or formula the table does not print cannot come out of an import.
EDITORIAL = "整理者"


@pytest.mark.parametrize("path,golden", [(SEED000, "import_seed000.ind"), (SEED001, "import_seed001.ind")])
def test_import_reproduces_seed_catalog(path: Path, golden: str) -> None:
    """Against our golden output always, and against catalog/seeds/*.ind when those files exist."""
    result, _ = _imported(path)
    imported = {st.name: indicator_data(st) for st in result.statements if isinstance(st, A.Indicator)}
    golden_cat = loads((Path(__file__).parent / "golden" / golden).read_text(encoding="utf-8"))
    expected = {st.name: indicator_data(st) for st in golden_cat.statements(A.Indicator)}
    assert {n: [d[f] for f in FIELDS] for n, d in imported.items()} == {
        n: [d[f] for f in FIELDS] for n, d in expected.items()
    }
    curated = _seed_catalog()
    if not curated:
        return
    missing = [n for n in imported if n not in curated]
    assert not missing, f"imported indicators missing from catalog/seeds: {missing}"
    for name, data in imported.items():
        fields = ("target", "bands") if EDITORIAL in (curated[name]["note"] or "") else FIELDS
        assert [data[f] for f in fields] == [curated[name][f] for f in fields], name


def test_name_and_band_findings_span_their_text() -> None:
    """W705/W707 (and the merged-label fills) underline the whole band or name, not its first character."""
    result, _ = _imported(SEED001)
    spans = {d.code: d.source.text[d.span.start : d.span.end] for d in result.all_diagnostics()}
    assert spans["W705"] == "60差"
    assert spans["W707"] in ("采纳率", "涉检信访案件办结率")
    result, _ = _imported(SEED000)
    named = [(d.code, d.source.text[d.span.start : d.span.end]) for d in result.all_diagnostics()]
    assert ("W712", "收结案比") in named and ("W706", "法律政策及重点课题研究完成数") in named
