"""`indicator-dsl catalog …` in-process, and the golden `check catalog/` run that pins every seed finding."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_dsl import load, loads
from indicator_dsl.catalog_store import CatalogStore
from indicator_dsl.cli import main
from tests.conftest import ROOT, assert_golden, strip_spans


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_list_shows_name_category_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "list")
    assert code == 0
    line = next(ln for ln in out.splitlines() if ln.startswith("错案案件比率"))
    assert "效益指标 / 社会效益指标" in line and "seeds/000_department.ind" in line
    assert "在职人员控制率" in out and "项目数量指标示例" in out


def test_list_json_for_tools(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "list", "--format", "json")
    data = json.loads(out)
    assert code == 0 and len(data) == 51
    row = next(d for d in data if d["name"] == "办案结案率")
    assert row["aliases"] == ["办案工作结案率"] and row["file"] == "seeds/000_department.ind"
    assert "第36行" in row["source"]


def test_search_finds_names_and_aliases(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "search", "结案率", "--format", "json")
    found = json.loads(out)
    assert code == 0
    assert [d["name"] for d in found] == ["办案结案率"]
    assert found[0]["aliases"] == ["办案工作结案率"]


def test_search_ranks_names_before_descriptions() -> None:
    names = [e.name for e in CatalogStore().search("采纳率")]
    assert names[:2] == ["采纳率", "采纳率（办公用房租赁费）"]
    assert [e.name for e in CatalogStore().search("有罪判决")] == ["案件流转率"]
    assert [e.name for e in CatalogStore().search("三公经费变动")] == ["三公经费变动率"]


def test_search_normalises_full_width(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "search", "（办公用房租赁费）")
    assert code == 0 and out.count("办公用房租赁费") == 2
    code, _, err = run(capsys, "catalog", "search", "没有这种指标", "--lang", "en")
    assert code == 1 and err == "nothing found\n"
    code, _, err = run(capsys, "catalog", "search", "没有这种指标")
    assert code == 1 and err == "没有找到\n"


def test_show_prints_text_as_written_with_provenance(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "show", "办案工作结案率")
    assert code == 0
    assert out.startswith("# 文件 seeds/000_department.ind 第68行\n# 来源 000_282c6565aee65fa3.txt")
    text = (ROOT / "catalog/seeds/000_department.ind").read_text(encoding="utf-8")
    shown = out.split("\n", 2)[2].rstrip("\n")
    assert shown.startswith("指标 办案结案率") and shown in text


def test_show_unknown_name_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "catalog", "show", "结案")
    assert code == 2 and out == ""
    assert "E580" in err and "办案结案率" in err and "收结案比" in err
    code, _, err = run(capsys, "catalog", "show", "在职人员控制", "--lang", "en")
    assert code == 2 and "did you mean: 在职人员控制率" in err


def test_copy_writes_a_starter_file_that_checks(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "start.ind"
    code, _, err = run(capsys, "catalog", "copy", "在职人员控制率", "办案工作结案率", "-o", str(out_file))
    assert code == 0 and "2" in err
    text = out_file.read_text(encoding="utf-8")
    assert "指标 在职人员控制率" in text and "指标 办案结案率" in text and "出自目录" in text
    copied = load(out_file)
    assert [ind.name for ind in copied] == ["在职人员控制率", "办案结案率"]
    assert copied.ok
    assert copied["办案结案率"].evaluate({"实际结案的案件数": 3, "计划完成的案件总数": 4}).display == "75.00%"


def test_copy_does_not_overwrite_without_force(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "start.ind"
    out_file.write_text("# mine\n", encoding="utf-8")
    code, _, err = run(capsys, "catalog", "copy", "在职人员控制率", "-o", str(out_file), "--lang", "en")
    assert code == 2 and "E583" in err and "--force" in err and out_file.read_text(encoding="utf-8") == "# mine\n"
    code, _, err = run(capsys, "catalog", "copy", "在职人员控制率", "-o", str(out_file), "--force", "--lang", "en")
    assert code == 0 and "指标 在职人员控制率" in out_file.read_text(encoding="utf-8")
    assert err.strip() == f"{out_file}: 1 indicator"
    code, _, err = run(capsys, "catalog", "copy", "在职人员控制率", "-o", str(out_file), "--force")
    assert err.strip() == f"{out_file}：1 个指标"


def test_copy_brings_the_definitions_it_needs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "defs.ind").write_text(
        "定义 在办案件总数 = 新收案件数 + 旧存案件数\n定义 无关 = 1\n"
        "指标 结案率\n  公式 结案数 / 在办案件总数 * 100%\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "catalog", "copy", "结案率", "--catalog", str(tmp_path))
    assert code == 0
    assert "定义 在办案件总数 = 新收案件数 + 旧存案件数" in out and "无关" not in out
    assert loads(out)["结案率"].evaluate({"结案数": 1, "新收案件数": 1, "旧存案件数": 3}).display == "25.00%"


def test_copy_unknown_name_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "catalog", "copy", "预算执行率", "预算执行", "-o", str(tmp_path / "x.ind"))
    assert code == 2 and "E580" in err and not (tmp_path / "x.ind").exists()


def test_other_catalog_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "catalog", "--catalog", str(tmp_path / "none"), "list")
    assert code == 2 and "E581" in err
    code, _, err = run(capsys, "catalog", "list", "--catalog", str(tmp_path))
    assert code == 2 and "E581" in err


def test_catalog_needs_an_action(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["catalog"])
    assert exc.value.code == 2


# ---- the golden run: `indicator-dsl check catalog/` ---------------------------------------------------

# Every seed mistake of DESIGN.md, by file, line and code (the golden file pins the full text).
# Codes are compared by number: the checker owns their severity letter (E/W).
SEED_FINDINGS = {
    ("catalog/seeds/001_special_funds.ind", 19, "502"),  # 采纳率 ≥70优 ≥60良 ≥60中: 中 shadowed
    ("catalog/seeds/001_special_funds.ind", 39, "321"),  # 60差 without comparator
    ("catalog/seeds/001_special_funds.ind", 39, "501"),  # [60%, 70%) has no grade
    ("catalog/seeds/000_budget.ind", 19, "531"),  # expenditure ≠ income: 195.80 万元
    ("catalog/seeds/000_budget.ind", 29, "531"),  # 重点工作任务 funds ≠ 项目支出: 1,443.88 万元
    ("catalog/seeds/000_department.ind", 55, "513"),  # 错案案件比率 反向 without target
    ("catalog/seeds/000_department.ind", 57, "204"),  # formula names that differ: aliases
    ("catalog/seeds/000_department.ind", 64, "204"),
    ("catalog/seeds/000_department.ind", 70, "204"),
    ("catalog/seeds/000_department.ind", 94, "204"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_check_catalog_golden(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    code, out, _ = run(capsys, "check", "catalog/", "--lang", lang)
    assert code == 1
    assert_golden(f"catalog_check.{lang}.txt", out)


def test_check_catalog_reports_every_seed_mistake(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "catalog/", "--format", "json")
    found = json.loads(out)
    messages = {(d["file"], d["line"], d["code"][1:]): d for d in found}
    assert SEED_FINDINGS <= messages.keys()
    assert "195.80" in messages[("catalog/seeds/000_budget.ind", 19, "531")]["message"]
    assert "1,443.88" in messages[("catalog/seeds/000_budget.ind", 29, "531")]["message"]
    assert "[60%, 70%)" in messages[("catalog/seeds/001_special_funds.ind", 39, "501")]["message"]
    assert "≥60中" in messages[("catalog/seeds/001_special_funds.ind", 19, "502")]["message"]
    assert messages[("catalog/seeds/001_special_funds.ind", 39, "321")]["fix"] == "<60 差"
    assert "错案案件比率" in messages[("catalog/seeds/000_department.ind", 55, "513")]["message"]


def test_check_catalog_is_clean_outside_the_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    """The common indicators and the templates are the catalog's own work: no findings at all."""
    code, out, _ = run(capsys, "check", "catalog/common", "catalog/templates", "--format", "json")
    assert code == 0 and json.loads(out) == []


# ---- properties ------------------------------------------------------------------------------------------

STORE = CatalogStore()


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_piece_of_a_name_finds_it(data: st.DataObject) -> None:
    entry = data.draw(st.sampled_from(STORE.entries))
    i = data.draw(st.integers(0, len(entry.name) - 1))
    j = data.draw(st.integers(i + 1, len(entry.name)))
    assert entry in STORE.search(entry.name[i:j])


def test_copy_of_the_whole_catalog_round_trips() -> None:
    """`copy` re-emits every indicator through `unparse`: the copy parses to the same AST."""
    copied = loads(STORE.copy(STORE.names()))
    assert not [d for d in copied.check() if d.code.startswith("E1")]
    assert [ind.name for ind in copied] == STORE.names()
    for entry in STORE.entries:
        assert strip_spans(copied[entry.name].node) == strip_spans(entry.node), entry.name


def test_catalog_command_stays_light() -> None:
    """Listing and searching never import the heavy libraries (sympy is for `check`)."""
    code = (
        "import sys, io, contextlib\n"
        "from indicator_dsl.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['catalog', 'list']); main(['catalog', 'search', '率']); main(['catalog', 'copy', '满意度'])\n"
        "heavy = ('sympy', 'openpyxl', 'polars', 'duckdb', 'numpy', 'rich', 'pyspark')\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_catalog_dir_reads_gbk_and_skips_binary(tmp_path, capsys):
    (tmp_path / "g.ind").write_bytes("完成率 = a / b * 100%\n".encode("gbk"))
    (tmp_path / "b.ind").write_bytes(b"\x00\x01")
    from indicator_dsl.cli import main

    assert main(["catalog", "--catalog", str(tmp_path), "list"]) == 0
    assert "完成率" in capsys.readouterr().out
