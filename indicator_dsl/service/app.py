"""The HTTP routes: read the request (inputs.py), do the work in a bounded thread pool under a
time limit (jobs.py), answer JSON or a report file.  Every failure is `{"code", "message": {zh, en}}`."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from .. import __version__
from .docs import install_docs
from .errors import ServiceError, error_response, field_error
from .inputs import (
    FORM,
    JSON,
    TEXT,
    AuditRequest,
    CheckRequest,
    ErrorBody,
    EvaluateRequest,
    ImportRequest,
    MonitorRequest,
    Payload,
    ScoreRequest,
    Upload,
    query_choice,
    read_payload,
)
from .jobs import AUDIT_FORMATS, IMPORT_FORMATS, IND_SUFFIXES, MONITOR_FORMATS, SCORE_FORMATS, Jobs, Output
from .limits import BodyLimit, Limits

LANGS = ("zh", "en")
MEDIA = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "ind": "text/plain; charset=utf-8",
}
DESCRIPTION = """预算绩效指标的检查、计算、评分、复核与导入 / check, evaluate, score, audit and import
budget-performance indicators.  Every error is JSON: `{"code": "E850", "status": 413,
"message": {"zh": "…", "en": "…"}}`, with the library's `diagnostics` when there are some."""


def create_app(limits: Limits | None = None) -> FastAPI:
    limits = limits or Limits()
    jobs = Jobs(limits)
    executor = ThreadPoolExecutor(limits.workers, thread_name_prefix="indicator-dsl")

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        executor.shutdown(wait=False, cancel_futures=True)

    errors: dict[int | str, dict[str, Any]] = {
        "4XX": {"model": ErrorBody, "description": "the request was refused (a coded error)"},
        "5XX": {"model": ErrorBody, "description": "too slow (E855), busy (E863) or an internal error (E859)"},
    }
    app = FastAPI(
        title="indicator-dsl",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        responses=errors,
        docs_url=None,  # docs.py serves /docs from local files (FastAPI's own page loads a CDN)
        redoc_url=None,
    )
    app.state.jobs, app.state.limits = jobs, limits

    pending = Pending()

    async def work(fn: Callable[..., Output], *args: Any) -> Response:
        """Run one job in the pool.  Past the time limit the client gets E855; the thread then
        finishes on its own (Python cannot stop it) but still counts as pending, and with more
        than `limits.queue` pending jobs new ones are refused (E863), so runaway work cannot pile up."""
        if not pending.enter(limits.queue):
            raise ServiceError("E863", 503, limit=limits.queue)
        job = executor.submit(functools.partial(fn, *args))
        job.add_done_callback(pending.leave)
        try:
            out = await asyncio.wait_for(asyncio.wrap_future(job), limits.timeout)
        except TimeoutError:
            raise ServiceError("E855", 503, limit=limits.timeout) from None
        return respond(out)

    def lang_of(request: Request) -> str:
        return query_choice(request, "lang", LANGS, "zh")

    @app.post("/check", openapi_extra=body(CheckRequest, form={"file": "an .ind file"}, text=True))
    async def check(request: Request) -> Response:
        """The diagnostics, exactly as `indicator-dsl check --format json` gives them."""
        lang = lang_of(request)
        payload = await read_payload(request, (JSON, FORM, TEXT))
        if payload.kind == FORM and "file" in payload.files:
            upload = ind_upload(payload.files["file"])
            return await work(jobs.check, upload.data, str(payload.fields.get("name") or upload.name), lang)
        req = payload.model(CheckRequest)
        return await work(jobs.check, req.text.encode("utf-8"), req.name, lang)

    @app.post("/evaluate", openapi_extra=body(EvaluateRequest))
    async def evaluate(request: Request) -> Response:
        """Value, grade, met and error per record × indicator, as `eval --format json`."""
        lang = lang_of(request)
        req = (await read_payload(request, (JSON,))).model(EvaluateRequest)
        return await work(jobs.evaluate, req.text, req.name, req.records, req.indicators, req.places, lang)

    @app.post(
        "/score",
        openapi_extra=body(ScoreRequest, form={"scorecard": ".ind file", "actuals": ".csv/.xlsx/.json file"}),
        responses={200: {"description": "the ScoreReport (schema: GET /schemas/score-report), or ?format= file"}},
    )
    async def score(request: Request) -> Response:
        """The scored 自评表: ScoreReport JSON, or `?format=xlsx|html|csv` as a download."""
        lang, fmt = lang_of(request), query_choice(request, "format", SCORE_FORMATS, "json")
        payload = await read_payload(request, (JSON, FORM))
        actuals: Any
        if payload.kind == FORM:
            card, name, actuals = form_card(payload, "scorecard", "actuals")
            scheme, places = payload.fields.get("scheme") or None, form_places(payload)
        else:
            req = payload.model(ScoreRequest)
            card, name, actuals, scheme, places = req.scorecard.encode(), req.name, req.actuals, req.scheme, req.places
        return await work(jobs.score, card, name, actuals, scheme, places, fmt, lang)

    @app.post(
        "/monitor",
        openapi_extra=body(MonitorRequest, form={"card": ".ind file", "progress": ".csv/.xlsx/.json file"}),
    )
    async def monitor(request: Request) -> Response:
        """The mid-year 运行监控表 (lights, forecasts, 偏差原因): JSON, or `?format=xlsx|html|csv`."""
        lang, fmt = lang_of(request), query_choice(request, "format", MONITOR_FORMATS, "json")
        payload = await read_payload(request, (JSON, FORM))
        progress: Any
        if payload.kind == FORM:
            card, name, progress = form_card(payload, "card", "progress")
            fields = {k: payload.fields.get(k) or None for k in ("month", "as_of", "year", "scheme")}
            req = Payload(FORM, {"card": "", "progress": {}, **fields}).model(MonitorRequest)
        else:
            req = payload.model(MonitorRequest)
            card, name, progress = req.card.encode("utf-8"), req.name, req.progress
        when = {"month": req.month, "as_of": req.as_of, "year": req.year, "scheme": req.scheme}
        return await work(jobs.monitor, card, name, progress, when, fmt, lang)

    @app.post("/audit", openapi_extra=body(AuditRequest, form={"file": "a filled 自评表 (.xlsx/.csv/.txt)"}))
    async def audit(request: Request) -> Response:
        """A published 自评表 recomputed: the AuditRun JSON, or `?format=xlsx|html|csv`."""
        lang, fmt = lang_of(request), query_choice(request, "format", AUDIT_FORMATS, "json")
        payload = await read_payload(request, (JSON, FORM))
        if payload.kind == FORM:
            table = required_file(payload, "file")
            scheme, tol = payload.fields.get("scheme") or "national-2020", payload.fields.get("tolerance") or "0.5"
        else:
            req = payload.model(AuditRequest)
            table, scheme, tol = Upload(req.name, req.table.encode("utf-8")), req.scheme, req.tolerance
        return await work(jobs.audit, table, str(scheme), str(tol), fmt, lang)

    @app.post("/import", openapi_extra=body(ImportRequest, form={"file": "a 申报表/自评表 (.xlsx/.csv/.txt)"}))
    async def import_(request: Request) -> Response:
        """A 申报表/自评表 → indicators, findings and `.ind` text (`?format=ind`: the text only)."""
        lang, fmt = lang_of(request), query_choice(request, "format", IMPORT_FORMATS, "json")
        payload = await read_payload(request, (JSON, FORM))
        if payload.kind == FORM:
            table = required_file(payload, "file")
        else:
            req = payload.model(ImportRequest)
            table = Upload(req.name, req.table.encode("utf-8"))
        return await work(jobs.import_, table, fmt, lang)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "cache": jobs.cache.stats()}

    @app.get("/schemas/{name}")
    async def schema(name: str) -> dict[str, Any]:
        """JSON Schema of an answer: `score-report` (POST /score) or `audit-run` (POST /audit)."""
        from ..audit.report import json_schema
        from ..scoring.models import ScoreReport

        schemas = {
            "score-report": lambda: ScoreReport.model_json_schema(mode="serialization"),
            "audit-run": json_schema,
        }
        if name not in schemas:
            raise ServiceError("E856", 404, path=f"/schemas/{name}")
        return schemas[name]()

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> HTMLResponse:
        from .page import page_html

        return HTMLResponse(page_html())

    install_docs(app)
    install_handlers(app)
    app.add_middleware(BodyLimit, limit=limits.max_body)
    return app


class Pending:
    """Jobs submitted and not yet ended, counted across the event loop and the pool's threads."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    def enter(self, limit: int) -> bool:
        with self.lock:
            if self.count >= limit:
                return False
            self.count += 1
            return True

    def leave(self, _: object = None) -> None:
        with self.lock:
            self.count -= 1


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def service_error(_: Request, exc: ServiceError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 405:
            return error_response(ServiceError("E857", 405, path=request.url.path, method=request.method))
        return error_response(ServiceError("E856", exc.status_code, path=request.url.path))

    @app.exception_handler(Exception)
    async def crash(_: Request, exc: Exception) -> JSONResponse:
        return error_response(ServiceError("E859", 500, kind=type(exc).__name__))


def respond(out: Output) -> Response:
    if out.file is None:
        return JSONResponse(out.data)
    suffix = "ind" if out.fmt == "ind" else out.fmt
    data = out.file.encode("utf-8-sig" if out.fmt == "csv" else "utf-8") if isinstance(out.file, str) else out.file
    headers = {"Content-Disposition": f'attachment; filename="report.{suffix}"'}
    return Response(data, media_type=MEDIA[out.fmt], headers=headers)


def ind_upload(upload: Upload) -> Upload:
    if upload.suffix not in IND_SUFFIXES:
        raise ServiceError("E858", 415, suffix=upload.suffix or "（无）", choices=", ".join(IND_SUFFIXES))
    return upload


def required_file(payload: Payload, key: str) -> Upload:
    if key not in payload.files:
        raise field_error(f"缺少上传文件“{key}”", f"missing upload '{key}'")
    return payload.files[key]


def form_card(payload: Payload, card_key: str, data_key: str) -> tuple[bytes, str, Upload]:
    """A form's `.ind` (an uploaded file, or the text in a field) and its data upload (actuals, progress)."""
    if card_key in payload.files:
        upload = ind_upload(payload.files[card_key])
        card, name = upload.data, upload.name
    elif isinstance(payload.fields.get(card_key), str):
        card, name = payload.fields[card_key].encode("utf-8"), str(payload.fields.get("name") or f"<{card_key}>")
    else:
        raise field_error(f"缺少 {card_key}（文件或文本）", f"missing {card_key} (a file or text)")
    return card, name, required_file(payload, data_key)


def form_places(payload: Payload) -> int | None:
    text = payload.fields.get("places")
    if text in (None, ""):
        return None
    if not str(text).isdigit() or not 0 <= int(text) <= 6:
        raise field_error("places 应为 0–6 的整数", "places must be an integer 0..6")
    return int(text)


def body(model: Any, form: dict[str, str] | None = None, text: bool = False) -> dict[str, Any]:
    """The OpenAPI requestBody: the JSON model, the form fields (uploads), plain text."""
    content: dict[str, Any] = {JSON: {"schema": model.model_json_schema()}}
    if form:
        props = {k: {"type": "string", "format": "binary", "description": v} for k, v in form.items()}
        content[FORM] = {"schema": {"type": "object", "properties": props}}
    if text:
        content[TEXT] = {"schema": {"type": "string", "description": "the .ind text"}}
    return {"requestBody": {"required": True, "content": content}}
