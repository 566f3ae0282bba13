"""Every command's and option's help is bilingual, `中文 / English`, like the messages (issue 16 item 22)."""

from __future__ import annotations

import argparse

import pytest

from indicator_dsl.cli import build_parser, main
from indicator_dsl.commands.help_zh import is_bilingual


def helps(parser: argparse.ArgumentParser, path: str = "indicator-dsl") -> list[tuple[str, str]]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            out += [(f"{path} {c.dest}", c.help or "") for c in action._choices_actions]
            for name, sub in action.choices.items():
                out += helps(sub, f"{path} {name}")
        elif action.help and action.help != argparse.SUPPRESS:
            out.append((f"{path} {'/'.join(action.option_strings) or action.dest}", action.help))
    return out


def test_every_help_text_is_bilingual() -> None:
    english_only = [(where, text) for where, text in helps(build_parser()) if not is_bilingual(text)]
    assert english_only == []


def test_help_output_shows_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["score", "--help"])
    out = capsys.readouterr().out
    assert "消息语言（默认 zh） / message language (default zh)" in out
    assert "显示帮助并退出 / show this help message and exit" in out


def test_a_command_parsed_alone_reads_as_in_the_whole_command_line() -> None:
    """`main` builds only the command it runs (`build_parser(only=…)`): each command's help,
    usage and options are those of the full parser's."""
    from indicator_dsl.cli import COMMANDS

    def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return dict(action.choices)

    full = subparsers(build_parser())
    for name in COMMANDS:
        alone = subparsers(build_parser(name))
        assert list(alone) == [name]
        assert alone[name].format_help() == full[name].format_help()
        assert alone[name].format_usage() == full[name].format_usage()
