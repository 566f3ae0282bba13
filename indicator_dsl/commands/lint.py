"""`indicator-dsl lint FILE…`: everything `check` reports, plus advice (infos) on habits, with
the band tables proved by sympy (`--engine sympy`, the default) or the Fraction engine."""

from __future__ import annotations

import argparse

from ..band_analysis import ENGINES
from ..catalog import load
from ..check.advice import ADVICE
from ..check.bands import BAND_CODES, check_band_tables
from ..check.pragmas import apply_noqa
from ..diagnostics import Diagnostic, sort_key
from . import add_format, add_lang
from .check import report


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("lint", help="检查并给出建议 / check plus advice")
    p.add_argument("files", nargs="+", help=".ind files or directories")
    p.add_argument("--engine", choices=sorted(ENGINES), default="sympy", help="band analysis engine (default sympy)")
    add_lang(p)
    add_format(p, ["text", "json"], "text")
    p.set_defaults(run=run)


def lint(files: list[str], engine: str = "sympy") -> tuple[list[Diagnostic], int]:
    """The diagnostics of `check` (band findings from `engine`) plus advice; and the indicator count."""
    catalog = load(*files)
    ctx = catalog.context
    found = [d for d in catalog.check() if d.code not in BAND_CODES]
    extra = list(check_band_tables(ctx, engine)) + [d for advice in ADVICE for d in advice(ctx)]
    return sorted(found + apply_noqa(extra), key=sort_key), len(catalog)


def run(args: argparse.Namespace) -> int:
    diags, count = lint(args.files, args.engine)
    return report(diags, count, args)
