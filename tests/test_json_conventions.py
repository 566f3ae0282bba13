"""One JSON convention, kept in the published schema (issue 16 item 20): snake_case keys, English
coded values, decimal strings with the report's places; `indicator-dsl schema` is the schema the
models validate against."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from indicator_dsl.cli import main
from indicator_dsl.scoring.models import ScoreReport

CJK = re.compile(r"[\u4e00-\u9fff]")
CODED = ("kind", "direction", "rule", "severity")


def _keys(data: object) -> list[str]:
    if isinstance(data, dict):
        return [k for k, v in data.items() for k in (k, *_keys(v))]
    if isinstance(data, list):
        return [k for v in data for k in _keys(v)]
    return []


def test_schema_command_is_the_models_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    published = json.loads(capsys.readouterr().out)
    assert published == ScoreReport.model_json_schema(mode="serialization")
    assert published["$defs"]["IndicatorScore"]["properties"]["direction"]["enum"] == [
        "",
        "positive",
        "negative",
        "equal",
        "range",
    ]


def test_score_json_follows_the_convention(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert main(["score", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, schema)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", k) for k in _keys(report) if k not in ("zh", "en"))
    for row in report["rows"]:
        assert not any(CJK.search(str(row[k])) for k in ("kind", "direction", "rule"))
        for k in ("weight", "score"):
            if row[k] is not None:
                assert re.fullmatch(r"-?\d+\.\d{2}", row[k]), (k, row[k])
    assert re.fullmatch(r"\d+\.\d{2}", report["total"])


def test_summary_json_keys_are_snake_case(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    from indicator_dsl.scoring import example_paths

    card, actuals = example_paths()
    (tmp_path / "a.ind").write_text(card.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a_actuals.csv").write_text(actuals.read_text(encoding="utf-8"), encoding="utf-8")
    main(["score", str(tmp_path), "--format", "json"])
    (summary,) = json.loads(capsys.readouterr().out)
    assert list(summary) == ["project", "file", "total", "grade", "errors", "warnings", "not_scored", "note"]


def _coded_values(data: object) -> list[tuple[str, object]]:
    """(key, value) of every coded field anywhere in a JSON document."""
    if isinstance(data, dict):
        found = [(k, v) for k, v in data.items() if k in CODED + ("light", "status", "basis", "method")]
        return found + [x for v in data.values() for x in _coded_values(v)]
    if isinstance(data, list):
        return [x for v in data for x in _coded_values(v)]
    return []


def _follows(data: object) -> None:
    """snake_case keys (`zh`/`en` are the two languages), English lowercase coded values."""
    bad_keys = [k for k in _keys(data) if k not in ("zh", "en") and not re.fullmatch(r"[a-z][a-z0-9_]*", k)]
    assert not bad_keys, bad_keys
    bad_values = [(k, v) for k, v in _coded_values(data) if v is not None and not re.fullmatch(r"[a-z][a-z-]*", str(v))]
    assert not bad_values, bad_values


def test_monitor_schema_command_is_the_models_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from indicator_dsl.monitor.models import MonitorReport

    assert main(["schema", "monitor"]) == 0
    published = json.loads(capsys.readouterr().out)
    assert published == MonitorReport.model_json_schema(mode="serialization")
    assert published == MonitorReport.model_json_schema(mode="validation")  # no field reads otherwise than it prints
    score_direction = ScoreReport.model_json_schema(mode="serialization")["$defs"]["IndicatorScore"]["properties"]
    assert published["$defs"]["MonitorRow"]["properties"]["direction"] == score_direction["direction"]


def test_monitor_json_follows_the_convention(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 16 item 20: the monitor JSON said `"direction": "正向"` while the score JSON said positive."""
    assert main(["schema", "monitor"]) == 0
    schema = json.loads(capsys.readouterr().out)
    main(["monitor", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, schema)
    _follows(report)
    directions = {r["indicator"]: r["direction"] for r in report["rows"]}
    assert directions["新建集中供水工程"] == "positive" and directions["供水工程单位造价"] == "negative"


def test_a_monitor_row_reads_the_language_direction_as_its_code() -> None:
    from indicator_dsl.monitor.models import MonitorRow
    from indicator_dsl.scoring.models import Text

    row = MonitorRow(indicator="x", kind="quantitative", direction="反向", light_reason=Text(zh="", en=""))
    assert row.direction == "negative"
    with pytest.raises(ValueError):
        MonitorRow(indicator="x", kind="quantitative", direction="向上", light_reason=Text(zh="", en=""))


def test_audit_json_follows_the_convention(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import ROOT

    main(["audit", str(ROOT / "examples/audit/project_self_eval_2023.xlsx"), "--format", "json"])
    run = json.loads(capsys.readouterr().out)
    _follows(run)
    (table,) = run["tables"]
    places = r"-?\d+\.\d{2}"
    assert re.fullmatch(places, table["recomputed_total"])
    for row in table["rows"]:
        for k in ("scheme_score", "delta"):
            if row[k] is not None:
                assert re.fullmatch(places, row[k]), (k, row[k])
    assert re.fullmatch(places, table["budget"]["scheme_score"])
    # messages as the score report's problems carry them: one {zh, en} object, not *_zh/*_en keys
    assert all(set(f["message"]) == {"zh", "en"} for f in table["findings"])
    assert all(set(r["formula"]) == {"zh", "en"} for r in table["rows"])


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "examples/rate.ind", "--format", "json"],
        ["eval", "examples/rate.ind", "--input", "examples/records.csv", "--format", "json"],
        ["import", "tests/fixtures/import/self_eval.csv", "--format", "json"],
    ],
)
def test_other_json_outputs_follow_the_convention(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    main(argv)
    _follows(json.loads(capsys.readouterr().out))


def test_folder_summaries_say_null_for_no_value(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    """A project that could not be run has null counts (not ""); the monitor summary's ratio is a
    percent number like a row's `ratio` ("45.00", not "45.00%")."""
    from indicator_dsl.monitor import example_paths as monitor_example

    card, progress = monitor_example()
    (tmp_path / "a.ind").write_text(card.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a_progress.csv").write_text(progress.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.ind").write_text(card.read_text(encoding="utf-8"), encoding="utf-8")  # no data file
    main(["monitor", str(tmp_path), "--month", "6", "--format", "json"])
    lost, judged = json.loads(capsys.readouterr().out)
    assert judged["ratio"] == "45.00" and judged["red"] == 3
    assert all(lost[k] is None for k in ("red", "none", "behind", "ratio", "errors")) and lost["note"]
    main(["score", str(tmp_path), "--format", "json"])
    rows = {r["project"]: r for r in json.loads(capsys.readouterr().out)}
    assert all(v is None for k, v in rows["a"].items() if k not in ("project", "file", "note"))
