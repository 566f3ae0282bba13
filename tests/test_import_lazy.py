"""The importers and the import/export commands pay for openpyxl only when a workbook is read
or written: building the CLI and importing text or CSV load no heavy library."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

HEAVY = ("openpyxl", "sympy", "polars", "duckdb", "numpy", "rich", "pyspark", "fastapi", "starlette", "uvicorn")


def test_import_text_and_csv_load_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from indicator_dsl.cli import build_parser\n"
        "build_parser()\n"
        "from indicator_dsl.importers import import_files\n"
        f"import_files([{str(ROOT / 'tests' / 'fixtures' / 'import' / 'self_eval.csv')!r}])\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_package_cli_and_check_load_no_web_stack() -> None:
    """`serve` is a command like the others: its FastAPI/uvicorn load only when it runs."""
    code = (
        "import sys\n"
        "import indicator_dsl\n"
        "from indicator_dsl.cli import build_parser, main\n"
        "build_parser().parse_args(['serve', '--port', '1'])\n"
        f"main(['check', {str(ROOT / 'examples' / 'rate.ind')!r}])\n"
        "print(sorted(m for m in ('fastapi', 'starlette', 'uvicorn', 'pydantic') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout


def test_only_the_lsp_command_loads_pygls() -> None:
    """pygls and lsprotocol load when `lsp` runs; building the CLI, `check` and the server's
    pure half (`lsp.features`, which the tests and other tools may use) load neither."""
    code = (
        "import sys\n"
        "from indicator_dsl.cli import build_parser, main\n"
        "build_parser().parse_args(['lsp', '--lang', 'en'])\n"
        f"main(['check', {str(ROOT / 'examples' / 'rate.ind')!r}])\n"
        "from indicator_dsl.lsp.features import Document\n"
        "Document('rate = c / p * 100%', 'r.ind').completions()\n"
        "print(sorted(m for m in ('pygls', 'lsprotocol', 'cattrs') if m in sys.modules))\n"
        "import indicator_dsl.lsp.server\n"
        "print(sorted(m for m in ('pygls', 'lsprotocol') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-2:] == ["[]", "['lsprotocol', 'pygls']"], out.stdout
