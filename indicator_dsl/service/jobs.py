"""The work behind each endpoint, as plain functions of already-read inputs.  Each calls the same
library function as its CLI command (`check`, `eval`, `score`, `audit`, `import`), so the service
can never score differently from the command line.  Uploads are written to a private temporary
folder because the readers take paths; that folder's name is removed from every answer."""

from __future__ import annotations

import contextlib
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..source import NotText
from .cache import CatalogCache
from .errors import ServiceError, field_error
from .inputs import Upload
from .limits import Limits

IND_SUFFIXES = (".ind", ".txt")
ACTUALS_SUFFIXES = (".csv", ".xlsx", ".json")
AUDIT_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt")
IMPORT_SUFFIXES = (".xlsx", ".csv", ".txt", ".tsv")
SCORE_FORMATS = ("json", "xlsx", "html", "csv")
AUDIT_FORMATS = ("json", "xlsx", "html", "csv")
IMPORT_FORMATS = ("json", "ind")
MONITOR_FORMATS = ("json", "xlsx", "html", "csv")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


@dataclass(frozen=True)
class Output:
    """An answer: JSON-ready data, or a rendered file (text or bytes) with its format name."""

    data: Any = None
    file: str | bytes | None = None
    fmt: str = "json"


class Jobs:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.cache = CatalogCache(limits.cache_size)

    # ---- check / evaluate -------------------------------------------------------------------
    def catalog(self, data: bytes, name: str) -> Catalog:
        try:
            return self.cache.get(data, name)
        except NotText:
            raise ServiceError("E862", 422) from None

    def check(self, data: bytes, name: str, lang: str) -> Output:
        """The diagnostics exactly as `indicator-dsl check --format json` prints them."""
        return Output([d.to_dict(lang) for d in self.catalog(data, name).check()])

    def evaluate(
        self, text: str, name: str, records: list[dict[str, Any]], names: list[str], places: int, lang: str
    ) -> Output:
        """The evaluations exactly as `indicator-dsl eval --format json` prints them."""
        from ..records import InputError, UnusableCatalog, evaluate_records

        self.count(len(records))
        catalog = self.catalog(text.encode("utf-8"), name)
        try:
            results = evaluate_records(catalog, records, names, places)
        except UnusableCatalog as exc:
            raise unusable(exc.errors, "计算", "evaluated", lang) from None
        except InputError as exc:
            raise ServiceError.of([exc.diagnostic], 422, lang) from None
        return Output([{"row": row, **e.to_dict(lang)} for row, e in results])

    def count(self, n: int) -> None:
        if n > self.limits.max_records:
            raise ServiceError("E854", 413, count=n, limit=self.limits.max_records)

    # ---- score --------------------------------------------------------------------------------
    def score(
        self, card: bytes, name: str, actuals: Any, scheme: str | None, places: int | None, fmt: str, lang: str
    ) -> Output:
        """`indicator-dsl score`: `actuals` are rows (JSON) or an Upload (CSV/XLSX/JSON file)."""
        from ..reports import render
        from ..scoring import ScoringError, score

        chosen = shipped_scheme(scheme)
        catalog = self.catalog(card, name)
        if isinstance(actuals, list):
            self.count(len(actuals))
        with uploaded(actuals, ACTUALS_SUFFIXES) as (source, folder):
            try:
                report = score(catalog, source, scheme=chosen, places=places)
            except ScoringError as exc:
                raise scrub_error(ServiceError.of(exc.diagnostics, 422, lang), folder) from None
            report = scrub_model(report, folder)
        if fmt == "json":
            return Output(json.loads(render(report, "json", lang)))
        return Output(file=render(report, fmt, lang), fmt=fmt)

    # ---- monitor ------------------------------------------------------------------------------
    def monitor(self, card: bytes, name: str, progress: Any, when: dict[str, Any], fmt: str, lang: str) -> Output:
        """`indicator-dsl monitor`: the 运行监控表 at a cut-off (`when`: month, as_of, year, scheme)."""
        from ..monitor import MonitorError, monitor, shipped_monitor_schemes
        from ..reports.monitor import render_monitor

        scheme = when.get("scheme")
        if scheme is not None and scheme not in shipped_monitor_schemes():
            choices = ", ".join(shipped_monitor_schemes())
            raise field_error(f"scheme 应为 {choices} 之一：{scheme!r}", f"scheme must be one of {choices}: {scheme!r}")
        if when.get("month") is None and not when.get("as_of"):
            raise field_error("需要 month 或 as_of", "give month or as_of")
        catalog = self.catalog(card, name)
        if isinstance(progress, list):
            self.count(len(progress))
        with uploaded(progress, ACTUALS_SUFFIXES) as (source, folder):
            try:
                report = monitor(
                    catalog, source, when.get("month"), when.get("as_of") or None, scheme, when.get("year")
                )
            except MonitorError as exc:
                raise scrub_error(ServiceError.of(exc.diagnostics, 422, lang), folder) from None
            except ValueError as exc:  # the cut-off: month and as_of disagree, a date that is not one
                raise field_error(f"截止时间有误：{exc}", f"bad cut-off: {exc}") from None
            report = scrub_model(report, folder)
        if fmt == "json":
            return Output(json.loads(render_monitor(report, "json", lang)))
        return Output(file=render_monitor(report, fmt, lang), fmt=fmt)

    # ---- audit / import -----------------------------------------------------------------------
    def audit(self, table: Upload, scheme: str, tolerance: str, fmt: str, lang: str) -> Output:
        """`indicator-dsl audit`: the AuditRun, or its report file."""
        from ..audit.engine import audit_paths
        from ..audit.render import RENDERERS
        from ..rational import NotANumber, parse_decimal

        try:
            tol = Fraction(parse_decimal(tolerance))
        except NotANumber:
            raise field_error(
                f"tolerance 不是数字：{tolerance!r}", f"tolerance is not a number: {tolerance!r}"
            ) from None
        chosen = shipped_scheme(scheme) or "national-2020"
        with uploaded(table, AUDIT_SUFFIXES) as (path, folder):
            run = scrub_model(audit_paths([path], chosen, tol), folder)
        if run.unreadable:
            first = run.unreadable[0]
            findings = {"findings": [f.model_dump(mode="json") for f in run.unreadable]}
            raise ServiceError(first.code, 422, findings, {"zh": first.said("zh"), "en": first.said("en")})
        if fmt == "json":
            return Output(run.model_dump(mode="json"))
        return Output(file=RENDERERS[fmt](run, lang), fmt=fmt)

    def import_(self, table: Upload, fmt: str, lang: str) -> Output:
        """`indicator-dsl import`: the indicators, findings and `.ind` text (or only the text)."""
        from ..importers import import_files

        with uploaded(table, IMPORT_SUFFIXES) as (path, folder):
            result = import_files([path])
            if result.failed:
                raise scrub_error(ServiceError.of(result.failed, 422, lang), folder)
            data = json.loads(scrub_text(result.to_json(lang), folder))
        if fmt == "ind":
            return Output(file=data["text"], fmt="ind")
        return Output(data)


def unusable(errors: list[Any], action: str, action_en: str, lang: str) -> ServiceError:
    return ServiceError(
        "E861",
        422,
        {"diagnostics": [d.to_dict(lang) for d in errors]},
        count=len(errors),
        action=action,
        action_en=action_en,
    )


def shipped_scheme(name: str | None) -> str | None:
    """Only a shipped scheme by name: a path would let a client make the server read its files."""
    from ..scoring import shipped_names

    if name is None or name in shipped_names():
        return name
    choices = ", ".join(shipped_names())
    raise field_error(f"scheme 应为 {choices} 之一：{name!r}", f"scheme must be one of {choices}: {name!r}")


def safe_name(name: str, suffix: str) -> str:
    """An upload's name usable as a file name here: its last part, no separators or control characters."""
    cleaned = _UNSAFE.sub("_", Path(name).name)[-100:].strip(" .")
    return cleaned if cleaned.lower().endswith(suffix) else f"upload{suffix}"


@contextlib.contextmanager
def uploaded(value: Any, suffixes: tuple[str, ...]) -> Iterator[tuple[Any, str]]:
    """An Upload as a file in a fresh private folder (removed afterwards), and that folder's
    prefix to scrub from answers; anything else is passed through unchanged."""
    if not isinstance(value, Upload):
        yield value, ""
        return
    if value.suffix not in suffixes:
        raise ServiceError("E858", 415, suffix=value.suffix or "（无）", choices=", ".join(suffixes))
    with tempfile.TemporaryDirectory(prefix="indicator-dsl-") as folder:
        path = Path(folder) / safe_name(value.name, value.suffix)
        path.write_bytes(value.data)
        yield path, str(Path(folder).resolve()) + "/"


def scrub_text(text: str, folder: str) -> str:
    return text.replace(folder, "").replace(json.dumps(folder)[1:-1], "") if folder else text


def scrub_model(model: Any, folder: str) -> Any:
    if not folder:
        return model
    return type(model).model_validate_json(scrub_text(model.model_dump_json(), folder))


def scrub_error(error: ServiceError, folder: str) -> ServiceError:
    if folder:
        error.extra = json.loads(scrub_text(json.dumps(error.extra, ensure_ascii=False), folder))
        error.message = {k: scrub_text(v, folder) for k, v in error.message.items()}
    return error
