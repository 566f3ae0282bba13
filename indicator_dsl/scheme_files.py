"""Schemes as TOML data: a folder of shipped files, a user's own file, and `extends`.

Scoring schemes (`scoring/schemes/`) and monitoring schemes (`monitor/schemes/`) are read the
same way: a shipped name or a path ending in `.toml`; `extends = "NAME"` takes every key the
file does not set from a shipped scheme of the same folder (tables are merged key by key, so a
variant changes one threshold without repeating its table).  What the data means is the
caller's `build` function; every problem, here or there, is one `SchemeError` that names the
file and the line."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
MAX_EXTENDS = 5
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


class SchemeError(ValueError):
    """A scheme that cannot be used: why in zh and en, and where when it is a file
    (`line` 0 when the problem is not on one line, e.g. a missing field)."""

    def __init__(self, zh: str, en: str, key: str | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en, self.key = zh, en, key
        self.file: str | None = None
        self.text = ""
        self.line = self.column = 0

    def at(self, file: str, text: str, line: int = 0, column: int = 0) -> SchemeError:
        """Locate the error in a scheme file: the given line, else the line of its TOML key."""
        self.file, self.text = file, text
        self.line, self.column = (line, column) if line else key_line(text, self.key)
        return self

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else f"{self.file}: " if self.file else ""
        return f"{where}{self.zh} / {self.en}"


def key_line(text: str, key: str | None) -> tuple[int, int]:
    """(line, column) of the first `key = …` in a TOML text, (0, 0) when absent."""
    if key:
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.lstrip()
            if stripped.startswith(key) and stripped[len(key) :].lstrip().startswith("="):
                return number, len(line) - len(stripped) + 1
    return 0, 0


class SchemeFolder:
    """The shipped schemes of one kind: `NAME.toml` files in a package folder."""

    def __init__(self, package: str, folder: str = "schemes") -> None:
        self.package, self.folder = package, folder

    def names(self) -> list[str]:
        """Names of the shipped schemes (the registry `--scheme NAME` selects from)."""
        folder = resources.files(self.package).joinpath(self.folder)
        return sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))

    def raw(self, name: str) -> dict[str, Any]:
        """The TOML data of a shipped scheme, `extends` not yet resolved."""
        return _shipped(self.package, self.folder, name, tuple(self.names()))

    def load(self, name_or_path: str | Path, build: Callable[[dict[str, Any]], T]) -> T:
        """A shipped scheme by name, or a TOML file by path (anything ending in .toml), built
        by `build`.  Errors in a file name the file, and the line of the TOML syntax error or
        of the key whose value is bad."""
        text = str(name_or_path)
        if not text.endswith(".toml"):
            return _built(self, text, build)  # type: ignore[no-any-return]
        name = display(text)
        source = _read(name, text)
        try:
            data = tomllib.loads(source)
        except tomllib.TOMLDecodeError as exc:
            found = _TOML_AT.search(str(exc))
            line, column = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
            message = _TOML_AT.sub("", str(exc)).strip()
            raise SchemeError(f"TOML 语法错误：{message}", f"TOML syntax error: {message}").at(
                name, source, line, column
            ) from None
        try:
            return build(self.resolve(data))
        except SchemeError as exc:
            raise exc.at(name, source) from None

    def resolve(self, data: dict[str, Any], depth: int = 0) -> dict[str, Any]:
        """`extends` resolved: the parent's data with this file's keys merged over it."""
        parent_name = data.get("extends")
        if not parent_name:
            return data
        if depth > MAX_EXTENDS:
            raise SchemeError("extends 嵌套过深", "extends chain too deep", "extends")
        try:
            parent = self.resolve(self.raw(str(parent_name)), depth + 1)
        except SchemeError as exc:
            raise SchemeError(
                f"extends = “{parent_name}”：{exc.zh}", f"extends = '{parent_name}': {exc.en}", "extends"
            ) from None
        merged = merge(parent, data)
        merged.pop("extends", None)
        return merged


def merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Tables merged key by key, at any depth; any other value (arrays too) replaces the parent's."""
    out = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(parent.get(key), dict):
            out[key] = merge(parent[key], value)
        else:
            out[key] = value
    return out


@functools.lru_cache(maxsize=64)
def _built(folder: SchemeFolder, name: str, build: Callable[[dict[str, Any]], Any]) -> Any:
    """A shipped scheme built once: schemes are frozen data, and scoring a directory of projects
    asks for the same one for every project."""
    return build(folder.resolve(folder.raw(name)))


@functools.cache
def _shipped(package: str, folder: str, name: str, available: tuple[str, ...]) -> dict[str, Any]:
    if name not in available:
        listed = ", ".join(available)
        raise SchemeError(f"没有此方案，可用：{listed}", f"no such scheme; available: {listed}")
    text = resources.files(package).joinpath(folder, name + ".toml").read_text("utf-8")
    return tomllib.loads(text)


def _read(name: str, path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SchemeError("文件不存在", "no such file").at(name, "") from None
    except UnicodeDecodeError:
        raise SchemeError("不是 UTF-8 编码的文本", "not UTF-8 text").at(name, "") from None
    except OSError as exc:
        raise SchemeError(f"无法读取：{exc.strerror}", f"cannot read it: {exc.strerror}").at(name, "") from None


def display(path: str) -> str:
    """A path relative to the working directory when below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path
