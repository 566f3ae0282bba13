"""Codes of the command line itself (harden range E870–E889)."""

from __future__ import annotations

from ..diagnostics import Severity, register

register(
    "E870",
    Severity.ERROR,
    "--format {format} 与输出文件后缀 {suffix} 不一致：请改用 {expected} 后缀，或去掉 --format 按后缀选择",
    "--format {format} does not match the output suffix {suffix}: "
    "use a {expected} file, or drop --format to follow the suffix",
)
register(
    "E871",
    Severity.ERROR,
    '这个命令需要可选依赖 {module}：请安装 pip install "indicator-dsl[{extra}]"',
    'this command needs the optional dependency {module}: pip install "indicator-dsl[{extra}]"',
)
register(
    "E980",
    Severity.ERROR,
    "命令行用法错误：{message_zh}",
    "usage error: {message}",
)
register(
    "E981",
    Severity.ERROR,
    "无法在 {host}:{port} 上监听：{reason_zh}",
    "cannot listen on {host}:{port}: {reason}",
)
