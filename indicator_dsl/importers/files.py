"""Writing an output file the same way in import, export and audit: parent directories are
created, and a path that still cannot be written is a coded finding (never a traceback)."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic
from ..source import Source, Span
from . import codes  # noqa: F401  (registers E710)

_REASONS: tuple[tuple[type[OSError], str, str], ...] = (
    (FileNotFoundError, "目录不存在", "no such directory"),
    (NotADirectoryError, "路径中有一段不是目录", "a part of the path is not a directory"),
    (FileExistsError, "路径中有一段不是目录", "a part of the path is not a directory"),
    (IsADirectoryError, "这是一个目录", "it is a directory"),
    (PermissionError, "没有写入权限", "permission denied"),
)


def reasons(exc: OSError) -> tuple[str, str]:
    """The reason in Chinese and in English, so a message never mixes languages."""
    for kind, zh, en in _REASONS:
        if isinstance(exc, kind):
            return zh, en
    text = exc.strerror or type(exc).__name__
    return text, text


def write_output(path: str | Path, data: str | bytes, code: str = "E710") -> Diagnostic | None:
    """Write `data` (text as UTF-8) to `path`, creating its directories; the finding if it fails."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    except OSError as exc:
        zh, en = reasons(exc)
        return Diagnostic(code, Span(0, 0), Source(str(path), ""), {"path": str(path), "reason": zh, "reason_en": en})
    return None
