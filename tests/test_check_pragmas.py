"""`# noqa` pragmas silence findings on their line, all or by code."""

from __future__ import annotations

from indicator_dsl import loads
from indicator_dsl.check.pragmas import silenced_codes

BANDS = "指标 r\n  公式 a / b * 100%\n  目标 ≥90%\n  等级 ≥90优 ≥70良 60差{pragma}\n"


def codes(pragma: str) -> list[str]:
    return [d.code for d in loads(BANDS.format(pragma=pragma)).check()]


def test_parse_pragma() -> None:
    assert silenced_codes("x = 1") is None
    assert silenced_codes("x  # noqa") == frozenset()
    assert silenced_codes("x  # NOQA: e501, W520") == frozenset({"E501", "W520"})
    assert silenced_codes("x  #noqa:W501，E321") == frozenset({"W501", "E321"})


def test_noqa_all_and_by_code() -> None:
    assert codes("") == ["W501", "E321"]
    assert codes("  # noqa") == []
    assert codes("  # noqa: W501") == ["E321"]
    assert codes("  # noqa: E321, W501") == []
    assert codes("  # noqa: W999") == ["W501", "E321"]


def test_noqa_elsewhere_does_not_silence() -> None:
    text = BANDS.format(pragma="").replace("目标 ≥90%", "目标 ≥90%  # noqa")
    assert [d.code for d in loads(text).check()] == ["W501", "E321"]


def test_syntax_errors_are_never_silenced() -> None:
    assert [d.code for d in loads("a = b +  # noqa\n").check()] == ["E103"]
