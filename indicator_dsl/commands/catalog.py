"""`indicator-dsl catalog list|show|search|copy`: browse the standard indicators and start a file
from them instead of a blank page.  Actions are a registry (name → handler), like the commands."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from ..catalog_store import CatalogError, CatalogStore, Entry
from ..diagnostics import Diagnostic
from ..output import csv_text, text_table
from ..source import visible
from . import add_format, add_lang

HEADERS = {"zh": ["名称", "类别", "文件", "别名"], "en": ["name", "category", "file", "aliases"]}
LABELS = {"zh": ("文件", "第{line}行", "来源"), "en": ("file", "line {line}", "source")}


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("catalog", help="标准指标目录 / browse the catalog of standard indicators")
    p.add_argument("--catalog", metavar="DIR", help="use this directory instead of the shipped catalog")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, (help_text, configure, handler) in ACTIONS.items():
        a = actions.add_parser(name, help=help_text)
        configure(a)
        a.add_argument("--catalog", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        add_lang(a)
        a.set_defaults(run=run, handler=handler)


def _list_args(p: argparse.ArgumentParser) -> None:
    add_format(p, ["table", "json", "csv"], "table")


def _show_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("names", nargs="+", metavar="NAME", help="indicator name or alias")


def _search_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("text", help="a substring of a name, alias, title or description (中文 ok)")
    add_format(p, ["table", "json", "csv"], "table")


def _copy_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("names", nargs="+", metavar="NAME", help="indicator names or aliases")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--force", action="store_true", help="overwrite --output if it exists")


def run(args: argparse.Namespace) -> int:
    try:
        store = CatalogStore(args.catalog)
        return int(args.handler(store, args))
    except CatalogError as exc:
        _error(args, exc.diagnostic)
        return 2


def _error(args: argparse.Namespace, diag: Diagnostic) -> None:
    print(f"indicator-dsl catalog {args.action}: {diag.code} {diag.message(args.lang)}", file=sys.stderr)


def do_list(store: CatalogStore, args: argparse.Namespace) -> int:
    print(_entries(store, store.entries, args.format, args.lang))
    return 0


def do_search(store: CatalogStore, args: argparse.Namespace) -> int:
    found = store.search(args.text)
    if not found and args.format == "table":
        print("没有找到" if args.lang == "zh" else "nothing found", file=sys.stderr)
        return 1
    print(_entries(store, found, args.format, args.lang))
    return 0 if found else 1


def do_show(store: CatalogStore, args: argparse.Namespace) -> int:
    """The text exactly as the catalog file writes it, under a line naming its file and line."""
    entries = [store.get(n) for n in args.names]
    file_label, line_label, source_label = LABELS[args.lang]
    blocks = []
    for e in entries:
        head = f"# {file_label} {store.display(e.file)} {line_label.format(line=e.line)}"
        if e.provenance:
            head += f"\n# {source_label} {e.provenance}"
        blocks.append(f"{head}\n{e.text}")
    print("\n".join(visible(line) for line in "\n\n".join(blocks).split("\n")))  # no raw escapes
    return 0


def _new_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("template", metavar="TEMPLATE", help="模板 / template: project（项目支出）, department（部门整体）")
    p.add_argument("-o", "--output", metavar="FILE", help="写到此文件 / write here instead of standard output")
    p.add_argument("--force", action="store_true", help="覆盖已有文件 / overwrite --output if it exists")


def do_new(store: CatalogStore, args: argparse.Namespace) -> int:
    """A new 自评 scorecard: the template's 评分表 and its placeholder indicators, ready to edit."""
    text = store.template(args.template)
    count = text.count("\n指标 ")
    return _write_starter(args, text, count)


def do_copy(store: CatalogStore, args: argparse.Namespace) -> int:
    return _write_starter(args, store.copy(args.names), len(set(args.names)))


def _write_starter(args: argparse.Namespace, text: str, count: int) -> int:
    if not args.output:
        sys.stdout.write(text)
        return 0
    if Path(args.output).exists() and not args.force:  # a starter file must not eat someone's work
        raise CatalogError(Diagnostic("E583", args={"path": args.output}))
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CatalogError(Diagnostic("E582", args={"path": args.output, "reason": exc.strerror or str(exc)})) from None
    print(
        f"{args.output}：{count} 个指标"
        if args.lang == "zh"
        else f"{args.output}: {count} indicator{'' if count == 1 else 's'}",
        file=sys.stderr,
    )
    return 0


def _entries(store: CatalogStore, entries: list[Entry], fmt: str, lang: str) -> str:
    rows = [[e.name, e.category, store.display(e.file), "、".join(e.aliases)] for e in entries]
    if fmt == "json":
        data = [_entry_data(store, e) for e in entries]
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "csv":
        return csv_text(HEADERS[lang], rows).rstrip("\n")
    return text_table(HEADERS[lang], rows)


def _entry_data(store: CatalogStore, e: Entry) -> dict[str, object]:
    return {
        "name": e.name,
        "category": list(e.node.category),
        "file": store.display(e.file),
        "line": e.line,
        "aliases": list(e.aliases),
        "description": e.node.description,
        "source": e.provenance,
    }


Handler = Callable[[CatalogStore, argparse.Namespace], int]
ACTIONS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {
    "list": ("列出目录中的指标 / list the catalog's indicators", _list_args, do_list),
    "show": ("显示指标原文与出处 / show an indicator as written, with provenance", _show_args, do_show),
    "search": ("按名称、别名、描述搜索 / search names, aliases and descriptions", _search_args, do_search),
    "copy": ("生成起步文件 / write a starter .ind with these indicators", _copy_args, do_copy),
    "new": ("从模板新建自评表 / start a new 自评 scorecard from a template", _new_args, do_new),
}
