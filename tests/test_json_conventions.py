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
