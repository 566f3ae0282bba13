"""`indicator-dsl lsp`: the language server on stdin/stdout, for any editor with an LSP client
(VS Code through `editors/vscode/`, Neovim, Emacs, Helix …).  Needs the `lsp` extra (pygls);
without it the command says how to install it (exit 2)."""

from __future__ import annotations

import argparse

from . import add_lang


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("lsp", help="语言服务器（stdio）/ language server over stdio")
    p.add_argument(
        "--stdio",
        action="store_true",
        help="用标准输入输出（默认，也是唯一方式）/ use stdin/stdout (the default and only transport)",
    )
    add_lang(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import pygls  # noqa: F401  (missing: the CLI's E871 names the extra to install)

    from ..lsp.server import serve

    serve(args.lang)
    return 0
