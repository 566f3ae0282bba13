"""folder_check: `check --jobs N` of a folder in worker processes gives the serial path's
diagnostics, in its order, and its indicator count."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from indicator_dsl import folder_check as F
from indicator_dsl.cli import main
from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("bench_many_corpus", ROOT / "benchmarks" / "bench_many.py")
assert _spec is not None and _spec.loader is not None
_BENCH = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_BENCH)

PROJECT = "指标 满意度\n  类别 满意度指标\n  目标 ≥90%\n  权重 100\n评分表 {name}\n  分组 满意度指标 权重 100\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's corpus (projects and catalog files) and the files that go wrong."""
    root = tmp_path_factory.mktemp("folder")
    _BENCH.write_check_corpus(root, 600)
    (root / "sub").mkdir()
    (root / "sub" / "gbk.ind").write_bytes("指标 国标\n  目标 ≥90%\n".encode("gb18030"))
    (root / "sub" / "binary.ind").write_bytes(b"\x00\x01\x02 not text")
    (root / "broken.ind").write_text("a = b +\nok = 1\nc = (d\n指标 x\n  方象 正向\n", encoding="utf-8")
    (root / "twice.ind").write_text("指标 满意度\n  目标 ≥90%\n", encoding="utf-8")  # also in a catalog file
    (root / "zz_project.ind").write_text(PROJECT.format(name="乙") + "指标 满意度\n", encoding="utf-8")
    (root / "noqa.ind").write_text("指标 甲\n  方向 上下  # noqa: E107\n", encoding="utf-8")
    # Files that look like projects and are none (a worker sends their documents back): a 评分表
    # line inside a triple-quoted rule, and a broken 评分表 header (blanked with its clauses).
    quoted = '指标 丙\n  评分 """满分10分\n评分表 不是 "一个"\n"""\n  目标 ≥90%\n'
    (root / "zz_quoted.ind").write_text(quoted, encoding="utf-8")
    (root / "zz_broken.ind").write_text("评分表 (\n  分组 满意度指标 权重 100\n", encoding="utf-8")
    return root


def _seen(diags: list[object]) -> list[object]:
    return [(d.code, d.render("zh"), d.render("en"), d.to_dict("en")) for d in diags]  # type: ignore[attr-defined]


@pytest.fixture()
def pooled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Any folder goes to the workers; the list counts the pools made."""
    pools: list[int] = []
    real = F._in_workers

    def counted(*args: object) -> object:
        pools.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(F, "MIN_FILES", 2)
    monkeypatch.setattr(F, "_in_workers", counted)
    return pools


@pytest.mark.parametrize("year", [None, 2024])
def test_workers_give_the_serial_diagnostics(folder: Path, tmp_path: Path, year: int | None, pooled: list[int]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    paths = [str(folder), str(empty)]
    serial = F.check_paths(paths, year, jobs=1)
    parallel = F.check_paths(paths, year, jobs=2)
    assert pooled == [1]
    assert {"E110", "E111", "E101", "E203", "I112"} <= {d.code for d in serial[0]}
    assert serial[1] == parallel[1] > 500
    assert _seen(serial[0]) == _seen(parallel[0])


def test_files_that_look_like_projects_go_to_the_workers(folder: Path) -> None:
    """The guess places the files; the look-alikes above are parsed (and sent back) by a worker."""
    files = sorted(folder.rglob("*.ind"))
    mine, theirs = F._place([p.read_bytes() for p in files], 2)
    assert sorted(mine + theirs) == list(range(len(files))) and theirs
    sent = {files[i].name for i in theirs}
    assert {"zz_quoted.ind", "zz_broken.ind"} <= sent
    projects = {p.name for p in files if b"\n\xe8\xaf\x84\xe5\x88\x86\xe8\xa1\xa8 " in b"\n" + p.read_bytes()}
    assert sent - projects and sent & projects  # shared documents come back from workers too


def test_the_command_prints_the_same_with_jobs(
    folder: Path, capsys: pytest.CaptureFixture[str], pooled: list[int]
) -> None:
    assert main(["check", str(folder), "--lang", "en"]) == 2  # an unreadable file: exit 2
    serial = capsys.readouterr()
    assert main(["check", str(folder), "--lang", "en", "--jobs", "2"]) == 2
    parallel = capsys.readouterr()
    assert pooled == [1]
    assert (serial.out, serial.err) == (parallel.out, parallel.err)
    assert main(["check", str(folder), "--format", "json", "--jobs", "2"]) == main(
        ["check", str(folder), "--format", "json"]
    )
    twice = capsys.readouterr().out
    assert twice[: len(twice) // 2] == twice[len(twice) // 2 :]


def test_few_files_stay_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("甲", "乙"):
        (tmp_path / f"{name}.ind").write_text(PROJECT.format(name=name), encoding="utf-8")

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool for two files")

    monkeypatch.setattr(F, "ProcessPoolExecutor", no_pool)
    diags, indicators = F.check_paths([str(tmp_path)], jobs=2)
    assert (diags, indicators) == ([], 2)


def test_a_negative_jobs_count_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", str(ROOT / "catalog"), "--jobs", "-2"])
    assert exc.value.code == 2
    assert "--jobs" in capsys.readouterr().err  # it used to mean "one per core", silently
