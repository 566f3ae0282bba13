"""`indicator-dsl serve [--host 127.0.0.1] [--port 8000]`: the JSON HTTP API and the web page.

Needs the `serve` extra (FastAPI, uvicorn); without it the command says how to install it (exit 2)."""

from __future__ import annotations

import argparse
import socket
import sys
from typing import TYPE_CHECKING

from . import int_in, positive_seconds

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("serve", help="HTTP 接口与网页 / HTTP JSON API and web page")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int_in(0, 65535), default=8000, help="port (default 8000)")
    p.add_argument(
        "--max-body", type=int_in(1), default=4 * 1024 * 1024, metavar="BYTES", help="request body limit (4 MiB)"
    )
    p.add_argument("--timeout", type=positive_seconds, default=30.0, metavar="SECONDS", help="time per request (30 s)")
    p.add_argument("--max-records", type=int_in(1), default=10_000, metavar="N", help="records per request (10000)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import fastapi  # noqa: F401  (missing: the CLI's E871 names the extra to install)
    import uvicorn  # noqa: F401  (missing: the CLI's E871 names the extra to install)

    from ..service import Limits, serve

    limits = Limits(max_body=args.max_body, timeout=args.timeout, max_records=args.max_records)
    try:
        serve(args.host, args.port, limits)
    except OSError as exc:  # the address: in use, not this machine's, no such host — the user's to fix
        diagnostic = bind_error(args.host, args.port, exc)
        for lang in ("zh", "en"):  # serve has no --lang: its log is read by whoever runs it
            print(f"indicator-dsl serve: {diagnostic.code} {diagnostic.message(lang)}", file=sys.stderr)
        return 2
    return 0


REASONS_ZH = {98: "地址已被占用（另一个程序正在使用这个端口）", 99: "这台机器没有这个地址", 13: "没有权限使用这个端口"}


def bind_error(host: str, port: int, exc: OSError) -> Diagnostic:
    """E981 for an address the service cannot listen on, with the reason in both languages."""
    from ..diagnostics import Diagnostic
    from . import codes  # noqa: F401  (registers E981)

    reason = exc.strerror or str(exc)
    reason_zh = REASONS_ZH.get(exc.errno or 0, "找不到这个主机名" if isinstance(exc, socket.gaierror) else reason)
    return Diagnostic("E981", None, None, {"host": host, "port": port, "reason": reason, "reason_zh": reason_zh})
