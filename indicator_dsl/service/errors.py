"""Errors as the service answers them: JSON with a stable `code`, the message in zh and en, and
the library's diagnostics when there are some.  One shape for every failure, 4xx or 5xx."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic
from . import codes as _codes  # noqa: F401  (registers E850–E869)

if TYPE_CHECKING:
    from starlette.responses import JSONResponse


class ServiceError(Exception):
    """A request that cannot be answered: HTTP status, code, message arguments, extra JSON."""

    def __init__(
        self,
        code: str,
        status: int,
        extra: dict[str, Any] | None = None,
        message: dict[str, str] | None = None,
        **args: Any,
    ) -> None:
        super().__init__(code)
        self.code, self.status, self.args_, self.extra = code, status, args, extra or {}
        if message is None:
            d = Diagnostic(code, args=args)
            message = {"zh": d.message("zh"), "en": d.message("en")}
        self.message = message

    @classmethod
    def of(cls, diagnostics: Sequence[Diagnostic], status: int, lang: str = "zh") -> ServiceError:
        """The library refused the input: its first diagnostic's code, all of them attached."""
        first = diagnostics[0]
        message = {"zh": first.message("zh"), "en": first.message("en")}
        return cls(first.code, status, {"diagnostics": [d.to_dict(lang) for d in diagnostics]}, message)

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "status": self.status, "message": self.message, **self.extra}


def error_response(error: ServiceError) -> JSONResponse:
    from starlette.responses import JSONResponse

    return JSONResponse(error.body(), status_code=error.status)


def field_error(reason: str, reason_en: str | None = None) -> ServiceError:
    return ServiceError("E853", 422, reason=reason, reason_en=reason_en or reason)
