"""`indicator-dsl`: a thin command line over the API.  Each command is a module in
`indicator_dsl.commands` with `add_parser(subparsers)` and `run(args) -> int`; heavy libraries
are imported inside `run`, so `--help` and `check` stay fast.

Exit codes (`EXIT`): 0 ok, 1 findings (diagnostics or failed records), 2 usage or input error,
3 internal error — an unexpected exception is a bug of ours, never a finding about the input, so it
gets its own code, one line of apology on stderr and the traceback only under `--debug`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from . import __version__

COMMANDS = [
    "check",
    "eval",
    "catalog",
    "score",
    "schema",
    "lint",
    "import",
    "export",
    "audit",
    "sql",
    "serve",
    "monitor",
    "rule",
    "fmt",
    "lsp",
]
MODULES = {"import": "import_"}  # command → module, where the command is a Python keyword
EXIT = {"ok": 0, "findings": 1, "input": 2, "internal": 3, "interrupted": 130}
DEBUG_ENV = "INDICATOR_DSL_DEBUG"


class UsageParser(argparse.ArgumentParser):
    """argparse with its usage errors coded and bilingual (E980), like every other message; the
    subcommand parsers inherit the class, so `score --format pdf` reads the same as `--places 9`."""

    def error(self, message: str) -> NoReturn:
        from .commands import codes  # noqa: F401  (registers E980)
        from .commands.help_zh import usage_texts
        from .diagnostics import Diagnostic

        zh, en = usage_texts(message)
        diagnostic = Diagnostic("E980", None, None, {"message": en, "message_zh": zh})
        self.print_usage(sys.stderr)
        zh, en = diagnostic.message("zh"), diagnostic.message("en")
        self.exit(EXIT["input"], f"{self.prog}: E980 {zh}\n{self.prog}: E980 {en}\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or — `only` — the top level with that one command: a run of
    `eval` does not import and build the other fourteen (30 ms of every run's fixed cost)."""
    parser = UsageParser(
        prog="indicator-dsl",
        description="预算绩效指标语言与评分引擎 / budget-performance indicator language and scoring engine",
    )
    parser.add_argument("--version", action="version", version=f"indicator-dsl {__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="内部错误时打印完整回溯（任意位置均可）/ print the traceback of an internal error (allowed anywhere)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in [only] if only in COMMANDS else COMMANDS:
        module = importlib.import_module(f"indicator_dsl.commands.{MODULES.get(name, name.replace('-', '_'))}")
        module.add_parser(sub)
    from .commands.help_zh import bilingual

    bilingual(parser)  # every option's help as 中文 / English, like the messages
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or os.environ.get(DEBUG_ENV, "") not in ("", "0")
    argv = [a for a in argv if a != "--debug"]  # accepted after the command too: `score … --debug`
    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT["input"]
    try:
        return int(args.run(args))
    except BrokenPipeError:
        return EXIT["ok"]
    except KeyboardInterrupt:
        return EXIT["interrupted"]
    except ModuleNotFoundError as exc:
        extra = extra_for(exc.name or "")
        if extra is None:
            return _internal(exc, debug)
        from .commands import codes  # noqa: F401  (registers E871)
        from .diagnostics import Diagnostic

        args_ = {"module": exc.name, "extra": extra}
        message = Diagnostic("E871", None, None, args_).message(getattr(args, "lang", "zh"))
        print(f"indicator-dsl: E871 {message}", file=sys.stderr)
        return EXIT["input"]
    except Exception as exc:  # the last line of defence: anything that escapes a command is our bug
        return _internal(exc, debug)


def _internal(exc: BaseException, debug: bool) -> int:
    if debug:
        traceback.print_exception(exc)
    print(apology(exc, debug), file=sys.stderr)
    return EXIT["internal"]


# Optional extras by the module a command imports; `extras()` reads them from the installed
# metadata (pyproject's [project.optional-dependencies]), this is the fallback for a bare checkout.
EXTRAS = {"sympy": "check", "rich": "report", "openpyxl": "report", "numpy": "vector", "polars": "vector"}
EXTRAS |= {"duckdb": "sql", "sqlglot": "sql", "pyarrow": "sql", "pyspark": "spark", "fastapi": "serve"}
EXTRAS |= {"uvicorn": "serve", "multipart": "serve", "pygls": "lsp", "lsprotocol": "lsp"}


def extras() -> dict[str, str]:
    """Top-level module → the extra that installs it (first extra wins; all/dev are bundles)."""
    import importlib.metadata as metadata
    import re

    found: dict[str, str] = {}
    try:
        requires = metadata.requires("indicator-dsl") or []
    except metadata.PackageNotFoundError:
        requires = []
    for req in requires:
        m = re.match(r"([A-Za-z0-9_.-]+).*;\s*extra\s*==\s*['\"]([\w-]+)['\"]", req)
        if m and m.group(2) not in ("all", "dev") and m.group(1) != "indicator-dsl":
            module = m.group(1).lower().replace("-", "_").removeprefix("python_")
            found.setdefault(module, m.group(2))
    return {**EXTRAS, **found}


def extra_for(module: str) -> str | None:
    return extras().get(module.split(".")[0].lower())


def apology(exc: BaseException, debug: bool = False) -> str:
    """One line, both languages (the --lang of a crashed command may not have been read)."""
    detail = " ".join(str(exc).split())[:200]
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    how = "" if debug else "；加 --debug 重跑可见回溯 / rerun with --debug for the traceback"
    zh, en = "内部错误，抱歉（程序缺陷，不是输入问题）", "internal error, sorry (a bug, not your input)"
    return f"indicator-dsl: {zh} / {en}: {what}{how}"


def entry() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    sys.exit(main())
