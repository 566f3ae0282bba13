"""One module per CLI command; shared option helpers live here."""

from __future__ import annotations

import argparse


def add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="message language (default zh)")


def add_format(parser: argparse.ArgumentParser, choices: list[str], default: str) -> None:
    parser.add_argument("--format", choices=choices, default=default, help=f"output format (default {default})")
