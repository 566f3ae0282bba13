"""The shipped catalog of standard indicators: list, show, search and copy.

The `.ind` files under `catalog/` ship inside the wheel as package `indicator_dsl._catalog` and
are read through `importlib.resources`, so the catalog works from a zip or a wheel as well as
from the source tree; `CatalogStore(directory)` reads another directory the same way.
Entries keep the text exactly as written (for `show`) and the AST (for `copy`, which re-emits
canonical text with `unparse`, plus the shared definitions the indicators use).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from . import ast as A
from .catalog import Catalog
from .diagnostics import Diagnostic, Severity, register
from .naming import did_you_mean
from .parser import parse_document
from .semantics import referenced_names
from .source import NotText, Source, decode_text
from .unparse import indicator_text, statement_text

if TYPE_CHECKING:  # importlib.resources.abc is 3.11+; the annotation is all we need
    from importlib.resources.abc import Traversable

PACKAGE = "indicator_dsl._catalog"

register("E580", Severity.ERROR, "目录中没有指标“{name}”{hint}", "the catalog has no indicator named '{name}'{hint_en}")
register(
    "E581",
    Severity.ERROR,
    "目录“{path}”不存在或没有 .ind 文件",
    "catalog directory '{path}' does not exist or has no .ind files",
)
register("E582", Severity.ERROR, "无法写入文件“{path}”：{reason}", "cannot write file '{path}': {reason}")
register(
    "E583",
    Severity.ERROR,
    "文件“{path}”已存在，未覆盖；要覆盖请加 --force",
    "file '{path}' already exists and was not overwritten; add --force to overwrite it",
)
register("E872", Severity.ERROR, "没有模板“{name}”；可用：{choices}", "no template '{name}'; available: {choices_en}")


@dataclass(frozen=True)
class Entry:
    """One catalog indicator: where it lives, its text as written, and its AST node."""

    name: str
    file: str  # path relative to the catalog root, with / separators
    line: int
    text: str
    node: A.Indicator

    @property
    def aliases(self) -> tuple[str, ...]:
        return self.node.all_aliases

    @property
    def category(self) -> str:
        return " / ".join(self.node.category)

    @property
    def provenance(self) -> str:
        return self.node.source or ""

    def searchable(self) -> tuple[str, ...]:
        """Name first, then aliases, then the describing texts: the order search ranks by."""
        node = self.node
        return (self.name, *self.aliases, node.title or "", node.description or "")


TEMPLATES = "templates/"


class CatalogError(Exception):
    """A catalog request that cannot be served; carries a registered diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message("en"))
        self.diagnostic = diagnostic


def normalise(text: str) -> str:
    """Full-width and half-width forms compare equal; Latin letters ignore case."""
    return unicodedata.normalize("NFKC", text).casefold()


class CatalogStore:
    """The indicators of a catalog directory (default: the shipped package data)."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.display_root = "" if root is None else str(root)
        self.root: Traversable = resources.files(PACKAGE) if root is None else Path(root)
        if root is not None and not Path(root).is_dir():
            raise CatalogError(Diagnostic("E581", args={"path": str(root)}))
        self.documents: list[A.Document] = []
        self.by_file: dict[str, tuple[A.Document, str]] = {}  # rel → (document, text as written)
        self.syntax: list[Diagnostic] = []
        self.entries: list[Entry] = []
        for rel, node in sorted(_ind_files(self.root, ""), key=lambda item: item[0]):
            self._read(rel, node)
        if root is not None and not self.documents:
            raise CatalogError(Diagnostic("E581", args={"path": str(root)}))

    def _read(self, rel: str, file: Traversable) -> None:
        try:
            text, _ = decode_text(file.read_bytes())
        except NotText:
            reason = {"reason": "不是文本文件（UTF-8 或 GBK）", "reason_en": "not a text file (UTF-8 or GBK)"}
            self.syntax.append(Diagnostic("E110", None, Source(self.display(rel), ""), reason))
            return
        doc, diags = parse_document(text, self.display(rel))
        self.documents.append(doc)
        self.by_file[rel] = (doc, text)
        self.syntax += diags
        for st in doc.statements:
            if isinstance(st, A.Indicator):
                written = text[st.span.start : st.span.end].rstrip()
                line = doc.source.location(st.span.start)[0]
                self.entries.append(Entry(st.name, rel, line, written, st))

    def display(self, rel: str) -> str:
        """How a file is named in output: relative to the catalog, or under the given directory."""
        return f"{self.display_root.rstrip('/')}/{rel}" if self.display_root else rel

    def catalog(self) -> Catalog:
        """All catalog files as one `Catalog` (for `check()` and evaluation)."""
        return Catalog(self.documents, list(self.syntax))

    def names(self) -> list[str]:
        return [e.name for e in self.entries]

    def get(self, name: str) -> Entry:
        """By name, else by alias (a name always wins over another indicator's alias)."""
        for entry in self.entries:
            if entry.name == name:
                return entry
        for entry in self.entries:
            if name in entry.aliases:
                return entry
        raise CatalogError(self.unknown(name))

    def unknown(self, name: str) -> Diagnostic:
        """E580 with up to five close matches: substrings first, then similar spellings."""
        keys = [k for e in self.entries for k in (e.name, *e.aliases)]
        wanted = normalise(name)
        close = [k for k in keys if wanted and (wanted in normalise(k) or normalise(k) in wanted)]
        close += did_you_mean(name, keys, n=5)
        picks = list(dict.fromkeys(close))[:5]
        hint = f"；是否要找：{'、'.join(picks)}" if picks else ""
        hint_en = f"; did you mean: {', '.join(picks)}" if picks else ""
        return Diagnostic("E580", args={"name": name, "hint": hint, "hint_en": hint_en})

    def search(self, text: str) -> list[Entry]:
        """Entries whose name, alias, title or description contains `text`, best field first."""
        wanted = normalise(text.strip())
        if not wanted:
            return list(self.entries)
        ranked: list[tuple[int, int, Entry]] = []
        for order, entry in enumerate(self.entries):
            fields = entry.searchable()
            ranks = [i for i, f in enumerate(fields) if wanted in normalise(f)]
            if ranks:
                ranked.append((_field_rank(ranks[0], len(entry.aliases)), order, entry))
        return [entry for *_, entry in sorted(ranked, key=lambda r: (r[0], r[1]))]

    def copy(self, names: Iterable[str]) -> str:
        """A starter `.ind` with the named indicators and the shared definitions they use."""
        entries = list(dict.fromkeys(self.get(n) for n in names))
        definitions = self._definitions_used(entries)
        header = [
            "# 由 indicator-dsl catalog copy 生成：按需要修改目标、权重和等级。",
            "# generated by indicator-dsl catalog copy: edit targets, weights and bands to suit.",
        ]
        body = [statement_text(d) for d in definitions]
        body += [statement_text(card) for card in self._template_cards(entries)]
        body += [f"# 出自目录 / from the catalog: {self.display(e.file)}\n{indicator_text(e.node)}" for e in entries]
        return "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n"

    def _template_cards(self, entries: list[Entry]) -> list[A.Scorecard]:
        """Indicators copied from a template keep its 评分表 block: the scorecard is the template."""
        files = dict.fromkeys(e.file for e in entries if e.file.startswith(TEMPLATES))
        return [st for f in files for st in self.by_file[f][0].statements if isinstance(st, A.Scorecard)]

    def templates(self) -> dict[str, str]:
        """Template name (`project` for templates/project_self_eval.ind) → catalog file."""
        out = {}
        for rel in self.by_file:
            if rel.startswith(TEMPLATES):
                stem = rel.removeprefix(TEMPLATES).removesuffix(".ind")
                out[stem.removesuffix("_self_eval")] = rel
        return out

    def template(self, name: str) -> str:
        """A new 自评 file: the whole template (评分表 and placeholder indicators) as written."""
        found = self.templates()
        rel = found.get(name) or found.get(name.removesuffix("_self_eval"))
        if rel is None:
            args = {"name": name, "choices": "、".join(found), "choices_en": ", ".join(found)}
            raise CatalogError(Diagnostic("E872", args=args))
        header = (
            "# 由 indicator-dsl catalog new 生成：把示例指标换成项目自己的，权重在一级指标内重新分配。\n"
            "# generated by indicator-dsl catalog new: replace the example indicators with your own.\n"
        )
        return header + self.by_file[rel][1].rstrip("\n") + "\n"

    def _definitions_used(self, entries: list[Entry]) -> list[A.Definition]:
        defs = {st.name: st for doc in self.documents for st in doc.statements if isinstance(st, A.Definition)}
        needed: dict[str, A.Definition] = {}
        stack = [e.node.formula.expr for e in entries if e.node.formula]
        while stack:
            for ref in referenced_names(stack.pop()):
                if ref.name in defs and ref.name not in needed:
                    needed[ref.name] = defs[ref.name]
                    stack.append(defs[ref.name].expr)
        return list(reversed(needed.values()))


def _field_rank(field_index: int, alias_count: int) -> int:
    """0 name, 1 alias, 2 title or description."""
    if field_index == 0:
        return 0
    return 1 if field_index <= alias_count else 2


def _ind_files(folder: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for child in folder.iterdir():
        rel = f"{prefix}{child.name}"
        if child.is_dir() and not child.name.startswith((".", "__")):
            yield from _ind_files(child, rel + "/")
        elif child.is_file() and child.name.endswith(".ind"):
            yield rel, child


__all__ = ["CatalogError", "CatalogStore", "Entry", "normalise"]
