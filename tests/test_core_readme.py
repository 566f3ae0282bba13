"""README's language, engines and monitor sections show real output: every `$ indicator-dsl …` there is re-run."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indicator_dsl.cli import main
from tests.conftest import ROOT

SECTIONS = ("language", "engines", "rules", "monitor", "editor")


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


def section(name: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(f"<!-- section:{name} -->")[1].split(f"<!-- /section:{name} -->")[0]


def python_examples() -> list[tuple[str, str]]:
    """Each ```python block of the embedding section with the ```text block after it (its output)."""
    return re.findall(r"```python\n(.*?)```\n```text\n(.*?)```", section("embed"), flags=re.S)


@pytest.mark.parametrize(("code", "expected"), python_examples())
def test_readme_python_example_output(code: str, expected: str) -> None:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout == expected


def test_readme_has_python_examples() -> None:
    assert len(python_examples()) >= 3


def serve_examples() -> list[tuple[str, str]]:
    found = []
    for block in re.findall(r"```console\n(.*?)```", section("serve"), flags=re.S):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = part.partition("\n")
            found.append((command, output))
    return found


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl not installed")
def test_readme_curl_examples_against_a_live_service() -> None:
    pytest.importorskip("fastapi", reason="the serve extra is not installed")
    from tests.service_client import running

    examples = serve_examples()
    assert len(examples) >= 4
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    with running() as base:
        for command, expected in examples:
            assert command.startswith("curl ")
            live = command.replace("http://127.0.0.1:8000", base)
            out = subprocess.run(["bash", "-c", live], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
            assert out.stdout == expected, command
