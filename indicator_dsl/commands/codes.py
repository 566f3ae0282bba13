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
