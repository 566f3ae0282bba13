"""README's language, engines and monitor sections show real output: every `$ indicator-dsl …` there is re-run."""

from __future__ import annotations

import re
import shlex

import pytest

from indicator_dsl.cli import main
from tests.conftest import ROOT

SECTIONS = ("language", "engines", "monitor")


def examples() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    sections = [text.split(f"<!-- section:{s} -->")[1].split(f"<!-- /section:{s} -->")[0] for s in SECTIONS]
    found = []
    for block in re.findall(r"```console\n(.*?)```", "".join(sections), flags=re.S):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = part.partition("\n")
            found.append((command, output))
    return found


@pytest.mark.parametrize(("command", "expected"), examples())
def test_readme_example_output(
    command: str, expected: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    argv = shlex.split(command)
    assert argv[0] == "indicator-dsl"
    main(argv[1:])
    assert capsys.readouterr().out == expected


def test_readme_has_examples() -> None:
    assert len(examples()) >= 2
