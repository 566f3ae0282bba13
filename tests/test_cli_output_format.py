"""`-o FILE` picks the format from its suffix for score and audit; a mismatch is E870 (issue 16 item 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicator_dsl.cli import main


@pytest.mark.parametrize("suffix", [".json", ".csv", ".html", ".xlsx"])
def test_score_output_follows_the_suffix(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"report{suffix}"
    assert main(["score", "-o", str(out)]) in (0, 1)
    data = out.read_bytes()
    if suffix == ".json":
        assert "total" in json.loads(data)
    elif suffix == ".xlsx":
        assert data[:2] == b"PK"
    elif suffix == ".html":
        assert data.lstrip().lower().startswith(b"<!doctype html")
    else:
        assert b"," in data and "│".encode() not in data


def test_a_mismatched_suffix_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.xlsx"
    assert main(["score", "--format", "csv", "-o", str(out), "--lang", "en"]) == 2
    assert "E870 --format csv does not match the output suffix .xlsx" in capsys.readouterr().err
    assert not out.exists()


def test_audit_output_follows_the_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_audit_build import national

    table = national(False).save(tmp_path / "t.xlsx")
    out = tmp_path / "audit.json"
    assert main(["audit", str(table), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["tables"]
    assert main(["audit", str(table), "--format", "html", "-o", str(tmp_path / "a.csv")]) == 2
    assert "E870" in capsys.readouterr().err


def test_unknown_suffix_keeps_the_default(tmp_path: Path) -> None:
    out = tmp_path / "report.out"
    assert main(["score", "-o", str(out)]) in (0, 1)
    assert "│" in out.read_text(encoding="utf-8") or "|" in out.read_text(encoding="utf-8")
