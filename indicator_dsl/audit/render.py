"""Audit reports in every format, as a registry: each renderer only renders, never computes.

Text is made safe where it lands: HTML escaped, CSV/XLSX cells that could start a formula
neutralised (`output.safe_cell`; XLSX text is written as explicit strings, `importers.output.xlsx_cell`),
so a hostile cell in a published table stays inert."""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from typing import Any

from ..highlight import highlight_css, highlight_inline
from ..output import csv_text, text_table
from .report import AuditRun, TableAudit

Renderer = Callable[[AuditRun, str], str | bytes]
RENDERERS: dict[str, Renderer] = {}

WORDS: dict[str, dict[str, Any]] = {
    "zh": {
        "summary": ["表", "公布总分", "重算总分", "错误", "警告", "提示"],
        "rows": ["行", "指标", "年度指标值", "实际完成值", "分值", "公布得分", "方案得分", "差", "计算"],
        "findings": ["表", "行", "单元格", "代码", "级别", "指标", "单元格内容", "说明"],
        "table": "表",
        "scheme": "方案",
        "tolerance": "容差",
        "budget_line": "预算执行 R{row} {label}：执行率 {executed} / {budget} = {rate}（表中 {printed}）；"
        "得分 {formula} = {score}（表中 {published}）",
        "found": "发现",
        "none": "未发现问题",
        "total": "总分 {published} → 重算 {recomputed}；错误 {error}，警告 {warning}，提示 {info}",
        "not_judged": "未评判的行：{rows}",
        "unreadable": "无法读取",
        "qualitative": "定性：{tier}",
        "na": "不适用",
        "nj": "未评判",
        "sheets": ("汇总", "问题", "逐行"),
    },
    "en": {
        "summary": ["table", "published total", "recomputed total", "errors", "warnings", "notes"],
        "rows": ["row", "indicator", "target", "actual", "weight", "published", "scheme", "delta", "formula"],
        "findings": ["table", "row", "cell", "code", "severity", "indicator", "cell text", "message"],
        "table": "table",
        "scheme": "scheme",
        "tolerance": "tolerance",
        "budget_line": "budget execution R{row} {label}: rate {executed} / {budget} = {rate} (printed {printed}); "
        "score {formula} = {score} (printed {published})",
        "found": "findings",
        "none": "no findings",
        "total": "total {published} → recomputed {recomputed}; {error} errors, {warning} warnings, {info} notes",
        "not_judged": "rows not judged: {rows}",
        "unreadable": "unreadable",
        "qualitative": "qualitative: {tier}",
        "na": "not applicable",
        "nj": "not judged",
        "sheets": ("summary", "findings", "rows"),
    },
}


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    def register(fn: Renderer) -> Renderer:
        RENDERERS[name] = fn
        return fn

    return register


def summary_rows(run: AuditRun) -> list[list[object]]:
    return [
        [t.table, t.published_total or "—", t.recomputed_total, t.counts.error, t.counts.warning, t.counts.info]
        for t in run.tables
    ]


ROW_TARGET_COLUMN = 2  # in row_cells: the published target, `.ind`-like text, highlighted in HTML


def row_cells(t: TableAudit, lang: str) -> list[list[object]]:
    w = WORDS[lang]
    out: list[list[object]] = []
    for r in t.rows:
        how = r.formula.en if lang == "en" else r.formula.zh
        if r.status == "qualitative":
            how = w["qualitative"].format(tier=r.tier or "—")
        elif r.status == "not-applicable":
            how = w["na"]
        elif r.status == "not-judged":
            how = w["nj"]
        out.append(
            [
                r.row,
                r.indicator,
                r.target,
                r.actual,
                r.weight or "",
                r.published or "",
                r.scheme_score or "",
                r.delta or "",
                how,
            ]
        )
    return out


def finding_cells(t: TableAudit | None, findings: list, lang: str) -> list[list[object]]:  # type: ignore[type-arg]
    return [[f.table, f.row, f.cell, f.code, f.severity, f.indicator, f.text, f.said(lang)] for f in findings]


@renderer("table")
def render_table(run: AuditRun, lang: str) -> str:
    w = WORDS[lang]
    parts: list[str] = []
    if len(run.tables) > 1:
        parts.append(text_table(w["summary"], summary_rows(run)))
    for t in run.tables:
        parts.append(_table_text(t, lang))
    return "\n\n".join(parts)  # unreadable files are input errors: the command reports them on stderr, once


def _table_text(t: TableAudit, lang: str) -> str:
    w = WORDS[lang]
    lines = [f"== {w['table']} {t.table}  {t.title}", f"{w['scheme']} {t.scheme}  {w['tolerance']} {t.tolerance}"]
    if t.budget:
        b = t.budget
        lines.append(
            w["budget_line"].format(
                row=b.row,
                label=b.label,
                executed=b.executed,
                budget=b.budget,
                rate=b.rate_computed or "—",
                printed=b.rate_printed or "—",
                formula=b.formula,
                score=b.scheme_score or "—",
                published=b.published or "—",
            )
        )
    lines.append(text_table(w["rows"], row_cells(t, lang)))
    lines.append(f"{w['found']}:" if t.findings else w["none"])
    for f in t.findings:
        who = f" {f.indicator}" if f.indicator else ""
        lines.append(f"  {f.cell or '-'} {f.code} {f.severity}{who}: {f.said(lang)}")
    c = t.counts
    lines.append(
        w["total"].format(
            published=t.published_total or "—",
            recomputed=t.recomputed_total,
            error=c.error,
            warning=c.warning,
            info=c.info,
        )
    )
    if t.not_judged:
        lines.append(w["not_judged"].format(rows=", ".join(map(str, t.not_judged))))
    return "\n".join(lines)


@renderer("json")
def render_json(run: AuditRun, lang: str) -> str:
    return run.model_dump_json(indent=2)


@renderer("csv")
def render_csv(run: AuditRun, lang: str) -> str:
    findings = [f for t in run.tables for f in t.findings] + list(run.unreadable)
    return csv_text(WORDS[lang]["findings"], finding_cells(None, findings, lang)).rstrip("\n")


@renderer("html")
def render_html(run: AuditRun, lang: str) -> str:
    w = WORDS[lang]
    body = [_html_table(w["summary"], summary_rows(run))]
    for t in run.tables:
        body.append(f"<h2>{html.escape(t.table)} {html.escape(t.title)}</h2>")
        body.append(_html_table(w["rows"], row_cells(t, lang), code_column=ROW_TARGET_COLUMN))
        body.append(_html_table(w["findings"], finding_cells(t, t.findings, lang), severity_column=4))
    if run.unreadable:
        body.append(_html_table(w["findings"], finding_cells(None, run.unreadable, lang), severity_column=4))
    style = (
        "body{font-family:sans-serif}table{border-collapse:collapse;margin:1em 0}"
        "td,th{border:1px solid #999;padding:2px 6px}.error{background:#fdd}.warning{background:#ffd}"
    )
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>audit</title>'
        f"<style>{style}\n{highlight_css()}</style></head><body>{''.join(body)}</body></html>"
    )


def _html_table(
    headers: list[str], rows: list[list[object]], severity_column: int | None = None, code_column: int | None = None
) -> str:
    """Escaped cells; the cell of `code_column` (a target, `.ind` text) highlighted as the language."""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    out = [f"<table><tr>{head}</tr>"]
    for row in rows:
        cls = f' class="{html.escape(str(row[severity_column]))}"' if severity_column is not None else ""
        texts = ["" if c is None else str(c) for c in row]
        cells = "".join(
            f"<td>{highlight_inline(t) if i == code_column and t else html.escape(t)}</td>" for i, t in enumerate(texts)
        )
        out.append(f"<tr{cls}>{cells}</tr>")
    out.append("</table>")
    return "".join(out)


@renderer("xlsx")
def render_xlsx(run: AuditRun, lang: str) -> bytes:
    import openpyxl

    w = WORDS[lang]
    book = openpyxl.Workbook()
    sheet = book.active
    summary, findings, rows_sheet = w["sheets"]
    sheet.title = summary
    _fill(sheet, w["summary"], summary_rows(run))
    _fill(
        book.create_sheet(findings),
        w["findings"],
        finding_cells(None, [f for t in run.tables for f in t.findings] + list(run.unreadable), lang),
    )
    rows = [[t.table, *r] for t in run.tables for r in row_cells(t, lang)]
    _fill(book.create_sheet(rows_sheet), [w["findings"][0], *w["rows"]], rows)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _fill(sheet: Any, headers: list[str], rows: list[list[object]]) -> None:
    from ..output import xlsx_cell

    table: list[list[object]] = [list(headers), *rows]
    for r, row in enumerate(table, start=1):
        for col, c in enumerate(row, start=1):
            xlsx_cell(sheet, r, col, c if isinstance(c, int) else "" if c is None else str(c))
