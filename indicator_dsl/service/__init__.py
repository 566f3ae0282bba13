"""`indicator-dsl serve`: the library over HTTP (FastAPI + uvicorn, the `serve` extra).

Imported only by the `serve` command and by embedders: `import indicator_dsl` never loads
FastAPI.  `create_app(Limits(...))` builds the ASGI application; `serve(host, port)` runs it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .limits import Limits

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(limits: Limits | None = None) -> FastAPI:
    from .app import create_app as build

    return build(limits)


def serve(host: str = "127.0.0.1", port: int = 8000, limits: Limits | None = None) -> None:
    import uvicorn

    uvicorn.run(create_app(limits), host=host, port=port, log_level="info")


__all__ = ["Limits", "create_app", "serve"]
