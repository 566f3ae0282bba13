"""What one request may cost: body bytes, seconds, records; and the ASGI guard on body size.

The body limit is enforced while the body streams in (a wrong or missing Content-Length does
not help an attacker), so nothing larger than the limit is ever held in memory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import ServiceError, error_response


@dataclass(frozen=True)
class Limits:
    """Defaults suit one department's tables; a vendor scoring in bulk raises them."""

    max_body: int = 4 * 1024 * 1024  # bytes of one request body (JSON, form or upload)
    timeout: float = 30.0  # seconds of work per request; the answer is then E855
    max_records: int = 10_000  # records of /evaluate, actuals rows of /score
    cache_size: int = 64  # compiled catalogs kept, by content hash
    workers: int = 4  # threads doing the work; CPU-bound, so a few are enough
    queue: int = 32  # jobs waiting or running (timed-out ones too, until they end); more is E863


def too_large(limit: int) -> ServiceError:
    return ServiceError("E850", 413, limit=limit)


class BodyLimit:
    """ASGI middleware: a declared Content-Length over the limit is refused before reading; a body
    that streams past it stops with E850 (413) at the byte where it does."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await error_response(too_large(self.limit))(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal received
            message: dict[str, Any] = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise too_large(self.limit)
            return message

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except ServiceError as exc:  # raised outside a route (the handlers answer the others)
            if started:
                raise
            await error_response(exc)(scope, receive, send)
