"""`indicator-dsl`: a thin command line over the API.  Each command is a module in
`indicator_dsl.commands` with `add_parser(subparsers)` and `run(args) -> int`; heavy libraries
are imported inside `run`, so `--help` and `check` stay fast.

Exit codes: 0 ok, 1 findings (diagnostics or failed records), 2 usage or input error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from . import __version__

COMMANDS = ["check", "eval", "catalog", "score", "schema", "lint", "import", "export", "audit", "sql", "monitor"]
MODULES = {"import": "import_"}  # command → module, where the command is a Python keyword


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="indicator-dsl",
        description="预算绩效指标语言与评分引擎 / budget-performance indicator language and scoring engine",
    )
    parser.add_argument("--version", action="version", version=f"indicator-dsl {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"indicator_dsl.commands.{MODULES.get(name, name.replace('-', '_'))}")
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


def entry() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    sys.exit(main())
