"""Every `$ indicator-dsl …` console example anywhere in README runs from the repository alone
(issue 16 item 15: no file beside the clone) and prints what README shows.  The language section's
examples are re-run by test_core_readme; this covers the other sections."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import ROOT

from indicator_dsl.cli import main


def examples() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    before, _, rest = text.partition("<!-- section:language -->")
    after = rest.partition("<!-- /section:language -->")[2]
    found = []
    for block in re.findall(r"```console\n(.*?)```", before + after, flags=re.S):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = part.partition("\n")
            if command.startswith("indicator-dsl "):
                found.append((command, output))
    return found


@pytest.mark.parametrize(("command", "expected"), examples())
def test_readme_console_example(
    command: str, expected: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    main(shlex.split(command)[1:])
    assert capsys.readouterr().out == expected


def test_the_check_and_group_by_examples_have_their_files() -> None:
    commands = [c for c, _ in examples()]
    assert "indicator-dsl check examples/table.ind" in commands
    assert any("--group-by" in c for c in commands)
    for command in commands:
        for arg in shlex.split(command):
            if arg.startswith("examples/"):
                assert (ROOT / arg).exists(), arg
