"""`indicator-dsl serve [--host 127.0.0.1] [--port 8000]`: the JSON HTTP API and the web page.

Needs the `serve` extra (FastAPI, uvicorn); without it the command says how to install it (exit 2)."""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("serve", help="HTTP 接口与网页 / HTTP JSON API and web page")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--max-body", type=int, default=4 * 1024 * 1024, metavar="BYTES", help="request body limit (4 MiB)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="time per request (30 s)")
    p.add_argument("--max-records", type=int, default=10_000, metavar="N", help="records per request (10000)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        print(
            'indicator-dsl serve: 需要安装 serve 扩展 / needs the serve extra: pip install "indicator-dsl[serve]"',
            file=sys.stderr,
        )
        return 2
    from ..service import Limits, serve

    serve(args.host, args.port, Limits(max_body=args.max_body, timeout=args.timeout, max_records=args.max_records))
    return 0
