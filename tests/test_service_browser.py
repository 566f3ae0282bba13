"""The web page at `/`, driven in headless Chromium over the DevTools pipe: a 申报表 XLSX is
uploaded and the checker's findings appear beside the right lines; the scored 自评表 and an audit
are rendered; the XLSX download is produced; screenshots go to the test's tmp_path.

Skipped with a reason when chromium (or the serve extra) is missing locally; `.ci/run` installs both."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed (pip install -e '.[serve]')")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (.ci/run installs it)")

from cdp import Browser  # noqa: E402
from conftest import ROOT  # noqa: E402
from service_client import running  # noqa: E402
from test_reports_browser import colours  # noqa: E402

from indicator_dsl.cli import main  # noqa: E402
from indicator_dsl.scoring import example_paths, score  # noqa: E402

EXAMPLE = ROOT / "indicator_dsl" / "scoring" / "example"
BAND_MISTAKE = """指标 采纳率
  类别 产出指标 / 质量指标
  公式 采纳数 / 提交数 * 100%
  目标 ≥60%
  权重 10
  等级 ≥70 优, ≥60 良, ≥60 中, <60 差
"""
ERROR_BACKGROUND = (0xFD, 0xE8, 0xE6)
WARNING_BACKGROUND = (0xFF, 0xF4, 0xD6)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    assert CHROMIUM is not None
    with running() as base:
        browser = Browser(CHROMIUM, tmp_path_factory.mktemp("profile"))
        try:
            browser.navigate(base + "/")
            yield browser
        finally:
            browser.close()


def shown_colours(browser: Browser, path: Path) -> dict[tuple[int, int, int], int]:
    browser.screenshot(path)
    counts = colours(path)
    assert counts.get((255, 255, 255), 0) < sum(counts.values()) * 0.97, "screenshot is (nearly) blank"
    return counts


def test_uploaded_declaration_xlsx_shows_findings_beside_their_lines(page: Browser, tmp_path: Path) -> None:
    source = tmp_path / "申报表.ind"
    source.write_text(BAND_MISTAKE, encoding="utf-8")
    workbook = tmp_path / "申报表.xlsx"
    assert main(["export", str(source), "-o", str(workbook)]) == 0
    page.set_file("#check-file", workbook)
    page.wait_for("document.body.dataset.checked !== undefined")
    text = page.evaluate("document.querySelector('#ind-text').value")
    assert "等级 ≥70 优, ≥60 良, ≥60 中, <60 差" in text  # imported from the workbook
    band_line = next(i for i, line in enumerate(text.split("\n"), start=1) if line.strip().startswith("等级"))
    row = page.evaluate(f"document.querySelector('#listing tr[data-line=\"{band_line}\"]').innerText")
    assert "W502" in row and "≥60 中" in row  # the unreachable band, next to the line that declares it
    assert "W704" in page.evaluate("document.querySelector('#import-findings').innerText")  # the import's repair
    assert page.evaluate(f"document.querySelector('#listing tr[data-line=\"{band_line}\"]').className") == "sev-warning"
    assert shown_colours(page, tmp_path / "check.png").get(WARNING_BACKGROUND, 0) > 200


def test_pasted_text_with_errors_is_checked(page: Browser, tmp_path: Path) -> None:
    page.evaluate("document.querySelector('#ind-text').value = 'a = b +\\nrate = c / p * 100%'")
    page.evaluate("document.body.removeAttribute('data-checked'); document.querySelector('#check-btn').click()")
    page.wait_for("document.body.dataset.checked !== undefined")
    assert "E101" in page.evaluate("document.querySelector('#listing tr[data-line=\"1\"]').innerText")
    assert shown_colours(page, tmp_path / "errors.png").get(ERROR_BACKGROUND, 0) > 200


def test_scored_self_evaluation_and_its_xlsx(page: Browser, tmp_path: Path) -> None:
    card = (EXAMPLE / "department_2022.ind").read_text(encoding="utf-8")
    page.evaluate(f"document.querySelector('#ind-text').value = {json.dumps(card)}")
    page.evaluate("document.querySelector('[data-tab=score]').click()")
    page.set_file("#actuals-file", EXAMPLE / "department_2022_actuals.csv")
    page.evaluate("document.querySelector('#score-btn').click()")
    total = page.wait_for("document.querySelector('#score-total') && document.querySelector('#score-total').innerText")
    assert "93.59" in total and "优" in total
    rows = page.evaluate("document.querySelectorAll('#score-table tr[data-indicator]').length")
    assert rows == len(score(*example_paths()).rows)  # every row of the 自评表, the budget row included
    size, kind = page.evaluate("downloadReport('score', 'xlsx').then(b => [b.size, b.type])")
    assert size > 1000 and "spreadsheetml" in kind
    shown_colours(page, tmp_path / "score.png")


def test_audit_of_a_filled_table(page: Browser, tmp_path: Path) -> None:
    page.evaluate("document.querySelector('[data-tab=audit]').click()")
    page.set_file("#audit-file", ROOT / "examples" / "audit" / "project_self_eval_2023.xlsx")
    page.wait_for("document.querySelectorAll('.audit-findings tr[data-code]').length > 0")
    codes = page.evaluate("[...document.querySelectorAll('.audit-findings tr[data-code]')].map(r => r.dataset.code)")
    assert {"E905", "E906", "E907", "E901"} <= set(codes)
    assert "94.87" in page.evaluate("document.querySelector('#audit-result').innerText")
    size, kind = page.evaluate("downloadReport('audit', 'html').then(b => [b.size, b.type])")
    assert size > 1000 and "text/html" in kind
    shown_colours(page, tmp_path / "audit.png")


def test_docs_page_renders_offline(tmp_path: Path) -> None:
    """`/docs` is Swagger UI from the server's own files: it renders every endpoint."""
    assert CHROMIUM is not None
    with running() as base:
        browser = Browser(CHROMIUM, tmp_path / "profile")
        try:
            browser.navigate(base + "/docs", "document.querySelectorAll('.opblock').length >= 6")
            shown = browser.evaluate("document.querySelector('#swagger-ui').innerText")
            shown_colours(browser, tmp_path / "docs.png")
        finally:
            browser.close()
    assert all(path in shown for path in ("/check", "/score", "/audit", "/import", "/monitor"))
