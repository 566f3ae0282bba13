"""One module per CLI command; shared option helpers live here."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="message language (default zh)")


def add_format(parser: argparse.ArgumentParser, choices: list[str], default: str) -> None:
    parser.add_argument("--format", choices=choices, default=default, help=f"output format (default {default})")


SUFFIX_FORMATS = {".xlsx": "xlsx", ".html": "html", ".htm": "html", ".json": "json", ".csv": "csv", ".txt": "table"}


def add_output_format(parser: argparse.ArgumentParser, choices: list[str], default: str) -> None:
    """`--format` for commands that also take `-o FILE`: left out, it follows the file's suffix."""
    parser.add_argument(
        "--format",
        choices=choices,
        default=None,
        help=f"输出格式（默认按 -o 的后缀，否则 {default}）/ output format (default: the -o suffix, else {default})",
    )
    parser.set_defaults(format_default=default, format_choices=choices)


def resolve_format(args: argparse.Namespace) -> str | None:
    """Fill in `args.format` from `-o`'s suffix (`report.xlsx` → xlsx); a suffix that names another
    format than `--format` gives is refused (E870) — the message line to print, else None."""
    from pathlib import Path

    from ..diagnostics import Diagnostic
    from ..source import Source, Span
    from . import codes  # noqa: F401  (registers E870)

    output = getattr(args, "output", None)
    suffix = Path(output).suffix.lower() if output else ""
    implied = SUFFIX_FORMATS.get(suffix)
    if implied not in args.format_choices:
        implied = None
    if args.format is None:
        args.format = implied or args.format_default
        return None
    if implied is not None and implied != args.format:
        expected = next(s for s, f in SUFFIX_FORMATS.items() if f == args.format and s != ".htm")
        diag = Diagnostic(
            "E870", Span(0, 0), Source(str(output), ""), {"format": args.format, "suffix": suffix, "expected": expected}
        )
        return diag.render(args.lang)
    return None


def int_in(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: an integer in [low, high] (no upper end when high is None), refused with
    one bilingual sentence that names the range, so every numeric option reads the same."""
    shown = f"{low}–{high}" if high is not None else f"≥ {low}"

    def read(text: str) -> int:
        stripped = text.strip()
        value = int(stripped) if stripped.lstrip("-").isdigit() else None
        if value is None or value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"应为 {shown} 的整数 / must be an integer {shown}: {text!r}")
        return value

    read.__name__ = "integer"
    return read


def positive_seconds(text: str) -> float:
    """An argparse type: a time in seconds above zero."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"应为大于 0 的秒数 / must be seconds above 0: {text!r}")
    return value
