"""Usage errors of the option parser are coded (E980) and bilingual like every other message,
and `serve` refuses an impossible address with E980/E981 and exit 2, never a traceback."""

from __future__ import annotations

import socket

import pytest

from indicator_dsl import cli
from indicator_dsl.commands.help_zh import usage_texts


def usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "zh", "en"),
    [
        (["check", "a.ind", "--bogus"], "无法识别的参数：--bogus", "unrecognized arguments: --bogus"),
        (["score", "--format", "pdf"], "参数 --format：无效的选项值 'pdf'", "argument --format: invalid choice: 'pdf'"),
        (["export", "x.ind"], "缺少必需的参数：-o/--output", "the following arguments are required: -o/--output"),
        (["eval", "--places", "9", "x"], "参数 --places：应为 0–6 的整数", "argument --places: must be an integer 0–6"),
        (["monitor", "--month", "13"], "参数 --month：应为 1–12 的整数", "argument --month: must be an integer 1–12"),
        (["frob"], "参数 COMMAND：无效的选项值 'frob'", "argument COMMAND: invalid choice: 'frob'"),
    ],
)
def test_usage_errors_are_coded_in_both_languages(
    argv: list[str], zh: str, en: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = usage_error(argv, capsys)
    zh_line, en_line = (line for line in err.splitlines() if "E980" in line)
    assert f"E980 命令行用法错误：{zh}" in zh_line
    assert f"E980 usage error: {en}" in en_line
    assert "Traceback" not in err


def test_a_sentence_without_translation_stays_english_in_both() -> None:
    assert usage_texts("something argparse says one day") == ("something argparse says one day",) * 2
    assert usage_texts("argument --x: 应为 1 / must be 1") == ("参数 --x：应为 1", "argument --x: must be 1")


@pytest.mark.parametrize(
    ("option", "value"),
    [("--port", "99999"), ("--port", "-1"), ("--port", "http"), ("--max-body", "-5"), ("--max-records", "0")]
    + [("--timeout", "0"), ("--timeout", "nan"), ("--timeout", "inf")],
)
def test_serve_refuses_impossible_limits_before_starting(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = usage_error(["serve", option, value], capsys)
    assert f"E980 usage error: argument {option}:" in err


def test_serve_on_a_port_in_use_is_e981_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("uvicorn")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"E981 无法在 127.0.0.1:{port} 上监听：地址已被占用" in err
    assert f"E981 cannot listen on 127.0.0.1:{port}: Address already in use" in err


def test_serve_on_an_unknown_host_is_e981(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("uvicorn")
    assert cli.main(["serve", "--host", "no-such-host.invalid", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "E981 无法在 no-such-host.invalid:0 上监听：找不到这个主机名" in err


@pytest.mark.parametrize(("command", "module", "extra"), [("lsp", "pygls", "lsp"), ("serve", "fastapi", "serve")])
def test_a_missing_extra_is_e871_naming_it(
    command: str, module: str, extra: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import builtins

    real = builtins.__import__

    def without(name: str, *args: object, **kwargs: object) -> object:
        if name == module:
            raise ModuleNotFoundError(f"No module named {module!r}", name=module)
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", without)
    assert cli.main([command]) == 2
    assert f'E871 这个命令需要可选依赖 {module}：请安装 pip install "indicator-dsl[{extra}]"' in capsys.readouterr().err
