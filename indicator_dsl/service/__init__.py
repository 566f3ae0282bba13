"""`indicator-dsl serve`: the library over HTTP (FastAPI + uvicorn, the `serve` extra).

Imported only by the `serve` command and by embedders: `import indicator_dsl` never loads
FastAPI.  `create_app(Limits(...))` builds the ASGI application; `serve(host, port)` runs it."""

from __future__ import annotations

import socket
import sys
from typing import TYPE_CHECKING

from .limits import Limits

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(limits: Limits | None = None) -> FastAPI:
    from .app import create_app as build

    return build(limits)


def serve(host: str = "127.0.0.1", port: int = 8000, limits: Limits | None = None) -> None:
    """Run the service.  The socket is bound here, before uvicorn starts, so an address that cannot
    be used (in use, not this machine's, no such host) raises `OSError` to the caller instead of
    uvicorn logging it and exiting the process."""
    import uvicorn

    sock = listening_socket(host, port)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{sock.getsockname()[1]}/"
    print(f"indicator-dsl serve: {url}  （Ctrl+C 停止 / to stop）", file=sys.stderr, flush=True)
    uvicorn.Server(uvicorn.Config(create_app(limits), log_level="info")).run(sockets=[sock])


def listening_socket(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


__all__ = ["Limits", "create_app", "serve"]
