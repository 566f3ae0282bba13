"""Reading a request: JSON (validated by the models below, which are also the OpenAPI schemas),
a multipart form with uploads, or plain `.ind` text.  Nothing here computes; it only turns the
body into fields and files or a coded error (E851 bad JSON, E852 content type, E853 field)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ServiceError, field_error

JSON, FORM, TEXT = "application/json", "multipart/form-data", "text/plain"
MAX_FORM_PARTS = 16


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckRequest(_Request):
    text: str = Field(description="the .ind text")
    name: str = Field("<text>", description="file name shown in the diagnostics")


class EvaluateRequest(_Request):
    text: str = Field(description="the .ind text")
    records: list[dict[str, Any]] = Field(description="one object of input values per record")
    indicators: list[str] = Field(default_factory=list, description="only these indicators (default: all)")
    places: int = Field(2, ge=0, le=6, description="decimal places shown, 四舍五入")
    name: str = "<text>"


class ScoreRequest(_Request):
    scorecard: str = Field(description=".ind text with a 评分表 block")
    actuals: list[dict[str, Any]] | dict[str, Any] = Field(
        description="rows as an actuals CSV has them (指标, 实际完成值, …), or one object of input values"
    )
    scheme: str | None = Field(None, description="a shipped scheme name (default: the scorecard's 方案)")
    places: int | None = Field(None, ge=0, le=6)
    name: str = "<scorecard>"


class MonitorRequest(_Request):
    card: str = Field(description=".ind text of the project's indicators")
    progress: list[dict[str, Any]] | dict[str, Any] = Field(
        description="rows as a progress sheet has them (指标, 1-6月完成值, 偏差原因, …)"
    )
    month: int | None = Field(None, ge=1, le=12, description="cut-off month N (give month or as_of)")
    as_of: str | None = Field(None, description="cut-off date YYYY-MM-DD")
    year: int | None = Field(None, ge=1900, le=2200, description="plan year, with month (for deadlines)")
    scheme: str | None = Field(None, description="a shipped monitoring scheme (default, shanxi, ningxia)")
    name: str = "<card>"


class AuditRequest(_Request):
    table: str = Field(description="a filled 自评表 as tab-separated text (as extracted from Word)")
    name: str = "table.txt"
    scheme: str = "national-2020"
    tolerance: str = Field("0.5", description="points a partial score may differ from the scheme's")


class ImportRequest(_Request):
    table: str = Field(description="a 申报表/自评表 as tab-separated text or CSV text")
    name: str = Field("table.txt", description="file name; its suffix (.txt, .csv) says how to read it")


class ErrorMessage(BaseModel):
    zh: str
    en: str


class ErrorBody(BaseModel):
    """Every error answer: a stable code (E850–E869, or the library's own code), the HTTP status,
    the message in both languages, and the library's diagnostics or findings when there are some."""

    code: str
    status: int
    message: ErrorMessage
    diagnostics: list[dict[str, Any]] | None = None
    findings: list[dict[str, Any]] | None = None


M = TypeVar("M", bound=_Request)


@dataclass(frozen=True)
class Upload:
    name: str  # the file name as the client sent it, reduced to its last part
    data: bytes

    @property
    def suffix(self) -> str:
        return PurePath(self.name).suffix.lower()


@dataclass
class Payload:
    kind: str  # JSON, FORM or TEXT
    fields: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)

    def model(self, cls: type[M]) -> M:
        try:
            return cls.model_validate(self.fields)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "body"
            raise field_error(f"{where}：{first['msg']}", f"{where}: {first['msg']}") from None


def content_type(headers: Any) -> str:
    return str(headers.get("content-type", "")).split(";")[0].strip().lower()


async def read_payload(request: Any, accepted: tuple[str, ...]) -> Payload:
    kind = content_type(request.headers)
    if kind not in accepted:
        raise ServiceError("E852", 415, type=kind or "（无）", choices=", ".join(accepted))
    if kind == FORM:
        return await _form(request)
    body = await request.body()
    if kind == TEXT:
        return Payload(TEXT, {"text": _utf8(body)})
    return Payload(JSON, _json_object(body))


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError("E862", 422) from None


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        where = f"第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}", f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise ServiceError("E851", 400, reason=where[0], reason_en=where[1]) from None
    except UnicodeDecodeError:
        raise ServiceError("E851", 400, reason="不是 UTF-8 文本", reason_en="not UTF-8 text") from None
    except RecursionError:
        raise ServiceError("E851", 400, reason="嵌套过深", reason_en="nested too deep") from None
    if not isinstance(data, dict):
        raise ServiceError("E851", 400, reason="应为一个 JSON 对象", reason_en="expected a JSON object")
    return data


async def _form(request: Any) -> Payload:
    from starlette.datastructures import UploadFile

    try:
        form = await request.form(max_files=MAX_FORM_PARTS, max_fields=MAX_FORM_PARTS)
    except ServiceError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed form is the client's error, with a code
        raise field_error(f"表单无法读取（{exc}）", f"malformed form ({exc})") from None
    out = Payload(FORM)
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            out.files[key] = Upload(PurePath(value.filename or key).name or key, await value.read())
        else:
            out.fields[key] = value
    return out


def query_choice(request: Any, name: str, choices: tuple[str, ...], default: str) -> str:
    value = request.query_params.get(name, default)
    if value not in choices:
        if name == "format":
            raise ServiceError("E860", 400, format=value, choices=", ".join(choices))
        raise field_error(f"{name} 应为 {'/'.join(choices)}", f"{name} must be one of {'/'.join(choices)}")
    return str(value)


Lang = Literal["zh", "en"]
