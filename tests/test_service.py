"""The HTTP service on a real loopback port: every endpoint, the limits (body size declared and
streamed, records, time), bad JSON, wrong content types, and answers equal to the CLI's."""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed (pip install -e '.[serve]')")

from conftest import ROOT  # noqa: E402
from service_client import post_form, post_json, request, running  # noqa: E402

from indicator_dsl.cli import main  # noqa: E402
from indicator_dsl.service import Limits  # noqa: E402

EXAMPLE = ROOT / "indicator_dsl" / "scoring" / "example"
CARD = (EXAMPLE / "department_2022.ind").read_text(encoding="utf-8")
ACTUALS = (EXAMPLE / "department_2022_actuals.csv").read_bytes()
AUDIT_XLSX = ROOT / "examples" / "audit" / "project_self_eval_2023.xlsx"
MISTAKES = ROOT / "tests" / "fixtures" / "mistakes.ind"
SELF_EVAL_CSV = ROOT / "tests" / "fixtures" / "import" / "self_eval.csv"
RATE = "指标 完成率\n  公式 completed / planned * 100%\n  目标 ≥90%\n  等级 ≥95 优, ≥70 良, ≥50 中, <50 差\n"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running() as url:
        yield url


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    main(list(argv))
    return json.loads(capsys.readouterr().out)


def assert_error(answer: object, status: int, code: str) -> dict[str, object]:
    assert answer.status == status, answer.body[:500]  # type: ignore[attr-defined]
    body = answer.json()  # type: ignore[attr-defined]
    assert body["code"] == code and body["status"] == status
    assert body["message"]["zh"] and body["message"]["en"] and body["message"]["zh"] != body["message"]["en"]
    return body  # type: ignore[no-any-return]


# ---- health, docs, schemas ---------------------------------------------------------------------
def test_health_and_openapi_list_every_endpoint(base: str) -> None:
    assert request(base + "/health").json()["status"] == "ok"
    spec = request(base + "/openapi.json").json()
    assert {"/check", "/evaluate", "/score", "/audit", "/import", "/monitor", "/health"} <= set(spec["paths"])
    score_body = spec["paths"]["/score"]["post"]["requestBody"]["content"]
    assert "scorecard" in score_body["application/json"]["schema"]["properties"]
    assert "actuals" in score_body["multipart/form-data"]["schema"]["properties"]
    error = spec["paths"]["/check"]["post"]["responses"]["4XX"]["content"]["application/json"]["schema"]
    assert error["$ref"].endswith("/ErrorBody") and "ErrorBody" in spec["components"]["schemas"]
    docs = request(base + "/docs")
    assert docs.status == 200 and b"openapi.json" in docs.body


def linked_urls(page: str) -> list[str]:
    """Every URL a page loads or links: src/href attributes and quoted URLs in its script."""
    found = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", page)
    found += re.findall(r"""["'`]((?:[a-z][a-z0-9+.-]*:)?//[^"'`\s]+)""", page, flags=re.IGNORECASE)
    found += re.findall(r"""url\s*:\s*["']([^"']+)["']""", page)
    return found


def test_docs_page_loads_nothing_from_another_host(base: str) -> None:
    """`/docs` must work on an office network without internet: every script, stylesheet and
    icon it names is a path of this server, and each of them answers."""
    page = request(base + "/docs").body.decode("utf-8")
    urls = linked_urls(page)
    assert any(u.endswith(".js") for u in urls) and any(u.endswith(".css") for u in urls), urls
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), f"external URL in /docs: {url}"
        assert request(base + url).status == 200, url
    assert "validatorUrl: null" in page  # no badge from validator.swagger.io
    assert request(base + "/redoc").status == 404  # FastAPI's ReDoc page loads a CDN: not served


def test_docs_without_swagger_bundle_lists_the_endpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the `fastapi-offline` package /docs is a plain page of the endpoints, escaped."""
    import sys

    from indicator_dsl.service import create_app
    from indicator_dsl.service.docs import endpoint_list

    monkeypatch.setitem(sys.modules, "fastapi_offline", None)  # import fails as if not installed
    app = create_app()
    with running(app=app) as url:
        page = request(url + "/docs").body.decode("utf-8")
    assert page == endpoint_list(app) and "/score" in page and "<td><code>POST</code></td>" in page
    assert all(u.startswith("/") for u in linked_urls(page))
    app.title = "<script>alert(1)</script>"
    assert "<script>" not in endpoint_list(app) and "&lt;script&gt;" in endpoint_list(app)


def test_schemas_are_the_report_models(base: str) -> None:
    from indicator_dsl.scoring.models import ScoreReport

    assert request(base + "/schemas/score-report").json() == ScoreReport.model_json_schema(mode="serialization")
    assert "tables" in json.dumps(request(base + "/schemas/audit-run").json())
    assert_error(request(base + "/schemas/nothing"), 404, "E856")


# ---- check ---------------------------------------------------------------------------------------
def test_check_upload_equals_cli_json(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    expected = cli_json(capsys, "check", str(MISTAKES), "--format", "json", "--lang", "en")
    answer = post_form(
        base + "/check?lang=en", {"name": str(MISTAKES)}, {"file": ("mistakes.ind", MISTAKES.read_bytes())}
    )
    assert answer.status == 200 and answer.json() == expected
    assert {d["code"] for d in answer.json()} >= {"E101", "E301"}


def test_check_json_and_plain_text(base: str) -> None:
    found = post_json(base + "/check", {"text": "a = b +\n", "name": "x.ind"}).json()
    assert [(d["code"], d["file"], d["line"], d["column"]) for d in found] == [("E103", "x.ind", 1, 8)]
    clean = request(base + "/check", b"rate = c / p * 100%", {"Content-Type": "text/plain; charset=utf-8"})
    assert clean.status == 200 and clean.json() == []


def test_check_reads_gbk_uploads_and_refuses_binary_and_tables(base: str) -> None:
    gbk = post_form(base + "/check", files={"file": ("g.ind", RATE.encode("gbk"))}).json()
    assert [d["code"] for d in gbk] == ["I112"]
    assert_error(post_form(base + "/check", files={"file": ("b.ind", b"\x00\x01PK")}), 422, "E862")
    body = assert_error(post_form(base + "/check", files={"file": ("t.xlsx", b"PK")}), 415, "E858")
    assert ".ind" in body["message"]["en"]


def test_check_caches_catalogs_by_content(base: str) -> None:
    text = RATE + "# cache probe\n"
    before = request(base + "/health").json()["cache"]
    for _ in range(3):
        post_json(base + "/check", {"text": text})
    after = request(base + "/health").json()["cache"]
    assert after["misses"] == before["misses"] + 1 and after["hits"] == before["hits"] + 2


# ---- evaluate ------------------------------------------------------------------------------------
def test_evaluate_equals_cli_json(base: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    records = [{"completed": 29, "planned": 100}, {"completed": 1, "planned": 0}, {"completed": "abc", "planned": 5}]
    (tmp_path / "r.ind").write_text(RATE, encoding="utf-8")
    (tmp_path / "r.json").write_text(json.dumps(records), encoding="utf-8")
    expected = cli_json(
        capsys, "eval", str(tmp_path / "r.ind"), "--input", str(tmp_path / "r.json"), "--format", "json"
    )
    answer = post_json(base + "/evaluate", {"text": RATE, "records": records})
    assert answer.status == 200 and answer.json() == expected
    assert [e["error"] for e in answer.json()] == [None, "E401", "E403"]


def test_evaluate_refuses_files_with_errors_and_unknown_indicators(base: str) -> None:
    body = assert_error(post_json(base + "/evaluate", {"text": "a = b +\n", "records": [{}]}), 422, "E861")
    assert body["diagnostics"][0]["code"] == "E103"
    assert_error(post_json(base + "/evaluate", {"text": RATE, "records": [{}], "indicators": ["无"]}), 422, "E408")
    assert_error(post_json(base + "/evaluate", {"text": RATE, "records": [{}], "places": 9}), 422, "E853")


# ---- score ---------------------------------------------------------------------------------------
def test_score_upload_equals_cli_json(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    card, actuals = EXAMPLE / "department_2022.ind", EXAMPLE / "department_2022_actuals.csv"
    expected = cli_json(capsys, "score", str(card), str(actuals), "--format", "json")
    answer = post_form(
        base + "/score", {"scorecard": CARD, "name": expected["scorecard_file"]}, {"actuals": (actuals.name, ACTUALS)}
    )
    got = answer.json()
    assert answer.status == 200
    assert got["total"] == expected["total"] == "93.59" and got["grade"] == "优"
    assert got["rows"] == expected["rows"] and got["subtotals"] == expected["subtotals"]
    assert got["actuals_file"] == actuals.name  # the server's temporary folder is never shown
    assert "indicator-dsl-" not in answer.body.decode()


def test_score_from_json_rows(base: str) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(ACTUALS.decode("utf-8-sig"))))
    got = post_json(base + "/score", {"scorecard": CARD, "actuals": rows}).json()
    uploaded = post_form(base + "/score", {"scorecard": CARD}, {"actuals": ("a.csv", ACTUALS)}).json()
    assert got["total"] == "93.59" and got["rows"] == uploaded["rows"]


FILES = [("xlsx", b"PK\x03\x04", "spreadsheetml"), ("html", b"<!doctype html", "html"), ("csv", b"\xef\xbb\xbf", "csv")]


@pytest.mark.parametrize(("fmt", "magic", "media"), FILES)
def test_score_report_files(base: str, fmt: str, magic: bytes, media: str) -> None:
    answer = post_form(base + f"/score?format={fmt}", {"scorecard": CARD}, {"actuals": ("a.csv", ACTUALS)})
    assert answer.status == 200 and answer.body.lower().startswith(magic.lower())
    assert media in answer.headers["content-type"] and f"report.{fmt}" in answer.headers["content-disposition"]


def test_score_errors_are_coded(base: str) -> None:
    assert_error(
        post_form(base + "/score?format=pdf", {"scorecard": CARD}, {"actuals": ("a.csv", ACTUALS)}), 400, "E860"
    )
    body = assert_error(
        post_json(base + "/score", {"scorecard": CARD, "actuals": [], "scheme": "/etc/passwd"}), 422, "E853"
    )
    assert "national-2020" in body["message"]["en"]
    assert_error(post_form(base + "/score", {"scorecard": CARD}, {"actuals": ("a.pdf", b"%PDF")}), 415, "E858")
    broken = assert_error(
        post_form(base + "/score", {"scorecard": CARD}, {"actuals": ("a.xlsx", b"not a zip")}), 422, "E601"
    )
    assert "indicator-dsl-" not in json.dumps(broken, ensure_ascii=False)
    assert_error(post_json(base + "/score", {"scorecard": "a = b +", "actuals": []}), 422, "E103")
    assert_error(post_form(base + "/score", {"scorecard": CARD}), 422, "E853")


# ---- audit and import ----------------------------------------------------------------------------
def test_audit_upload_equals_cli_json(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    expected = cli_json(capsys, "audit", str(AUDIT_XLSX), "--format", "json")
    got = post_form(base + "/audit", files={"file": (AUDIT_XLSX.name, AUDIT_XLSX.read_bytes())}).json()
    assert [f["code"] for f in got["tables"][0]["findings"]] == [f["code"] for f in expected["tables"][0]["findings"]]
    assert got["tables"][0]["recomputed_total"] == expected["tables"][0]["recomputed_total"] == "94.87"
    assert got["tables"][0]["table"] == f"{AUDIT_XLSX.name}!自评表"
    xlsx = post_form(base + "/audit?format=xlsx", files={"file": (AUDIT_XLSX.name, AUDIT_XLSX.read_bytes())})
    assert xlsx.status == 200 and xlsx.body[:2] == b"PK"


def test_audit_json_text_and_unreadable_tables(base: str) -> None:
    body = assert_error(post_json(base + "/audit", {"table": "nothing\there\n", "name": "t.txt"}), 422, "E921")
    assert body["findings"][0]["table"] == "t.txt"
    assert_error(post_form(base + "/audit", files={"file": ("t.xlsx", b"broken")}), 422, "E920")
    assert_error(post_json(base + "/audit", {"table": "x", "tolerance": "lots"}), 422, "E853")


def test_import_upload_json_and_ind(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    expected = cli_json(capsys, "import", str(SELF_EVAL_CSV), "--format", "json")
    got = post_form(base + "/import", files={"file": (SELF_EVAL_CSV.name, SELF_EVAL_CSV.read_bytes())}).json()
    assert [i["name"] for i in got["indicators"]] == [i["name"] for i in expected["indicators"]]
    assert got["text"] == expected["text"]
    text = post_form(base + "/import?format=ind", files={"file": (SELF_EVAL_CSV.name, SELF_EVAL_CSV.read_bytes())})
    assert text.status == 200 and text.body.decode() == expected["text"]
    wrapped = (ROOT / "tests" / "fixtures" / "import" / "wrapped.txt").read_text(encoding="utf-8")
    assert post_json(base + "/import", {"table": wrapped, "name": "wrapped.txt"}).json()["indicators"]
    assert_error(post_form(base + "/import", files={"file": ("x.xlsx", b"\x00\x00")}), 422, "E701")


# ---- requests the service refuses ------------------------------------------------------------------
def test_bad_json_wrong_types_unknown_fields(base: str) -> None:
    body = assert_error(request(base + "/check", b'{"text": ', {"Content-Type": "application/json"}), 400, "E851")
    assert "line 1" in body["message"]["en"]
    assert_error(request(base + "/check", b"[1, 2]", {"Content-Type": "application/json"}), 400, "E851")
    assert_error(request(base + "/check", b"\xff\xfe", {"Content-Type": "application/json"}), 400, "E851")
    assert_error(request(base + "/score", b"<x/>", {"Content-Type": "application/xml"}), 415, "E852")
    assert_error(request(base + "/evaluate", b"a=1", {"Content-Type": "text/plain"}), 415, "E852")
    assert_error(post_json(base + "/check", {"txt": "typo"}), 422, "E853")
    assert_error(post_json(base + "/check", {"text": 5}), 422, "E853")
    assert_error(request(base + "/check?lang=fr", b"{}", {"Content-Type": "application/json"}), 422, "E853")


def test_unknown_paths_and_methods(base: str) -> None:
    assert_error(request(base + "/nothing"), 404, "E856")
    assert_error(request(base + "/check"), 405, "E857")


def test_page_is_served(base: str) -> None:
    page = request(base + "/")
    assert page.status == 200 and "text/html" in page.headers["content-type"]


# ---- limits --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small() -> Iterator[str]:
    with running(Limits(max_body=2000, max_records=3, timeout=30)) as url:
        yield url


def test_declared_body_over_the_limit_is_refused_before_reading(small: str) -> None:
    host, port = small.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.putrequest("POST", "/check")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(10**9))  # never sent: the answer comes first
    conn.endheaders()
    resp = conn.getresponse()
    body = json.loads(resp.read())
    conn.close()
    assert resp.status == 413 and body["code"] == "E850" and "2000" in body["message"]["en"]


def test_streamed_body_over_the_limit_stops_at_the_limit(small: str) -> None:
    host, port = small.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    payload = json.dumps({"text": "x" * 5000}).encode()
    conn.request(
        "POST", "/check", body=iter([payload]), headers={"Content-Type": "application/json"}, encode_chunked=True
    )
    resp = conn.getresponse()
    body = json.loads(resp.read())
    conn.close()
    assert resp.status == 413 and body["code"] == "E850"
    upload = post_form(small + "/score", {"scorecard": CARD}, {"actuals": ("a.csv", ACTUALS)})
    assert_error(upload, 413, "E850")


def test_too_many_records(small: str) -> None:
    assert_error(post_json(small + "/evaluate", {"text": "r = a", "records": [{"a": 1}] * 4}), 413, "E854")
    assert post_json(small + "/evaluate", {"text": "r = a", "records": [{"a": 1}] * 3}).status == 200
    assert_error(post_json(small + "/score", {"scorecard": "r = a", "actuals": [{"a": 1}] * 4}), 413, "E854")


def test_time_limit() -> None:
    """A zero budget: the job cannot have finished when the answer is decided (not a timing test)."""
    with running(Limits(timeout=0)) as url:
        body = assert_error(post_json(url + "/check", {"text": RATE}), 503, "E855")
        assert request(url + "/health").status == 200  # the service itself keeps answering
    assert "0" in body["message"]["zh"]


# ---- monitor -------------------------------------------------------------------------------------
def test_monitor_upload_equals_cli_json(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    from indicator_dsl.monitor import example_paths

    card, progress = example_paths()
    expected = cli_json(capsys, "monitor", str(card), str(progress), "--month", "6", "--format", "json")
    form = {"card": card.read_text(encoding="utf-8"), "name": expected["card_file"], "month": "6"}
    answer = post_form(base + "/monitor", form, {"progress": (progress.name, progress.read_bytes())})
    got = answer.json()
    assert answer.status == 200, answer.body[:300]
    assert got["rows"] == expected["rows"] and got["counts"] == expected["counts"]
    assert "indicator-dsl-" not in answer.body.decode()
    xlsx = post_form(base + "/monitor?format=xlsx", form, {"progress": (progress.name, progress.read_bytes())})
    assert xlsx.status == 200 and xlsx.body[:2] == b"PK"


def test_monitor_json_rows_and_errors(base: str) -> None:
    import csv
    import io

    from indicator_dsl.monitor import example_paths

    card, progress = example_paths()
    rows = list(csv.DictReader(io.StringIO(progress.read_text(encoding="utf-8-sig"))))
    text = card.read_text(encoding="utf-8")
    got = post_json(base + "/monitor", {"card": text, "progress": rows, "month": 6})
    uploaded = post_form(
        base + "/monitor", {"card": text, "month": "6"}, {"progress": ("p.csv", progress.read_bytes())}
    )
    assert got.status == 200 and got.json()["rows"] == uploaded.json()["rows"] and got.json()["rows"]
    assert_error(post_json(base + "/monitor", {"card": text, "progress": rows}), 422, "E853")  # no cut-off
    assert_error(post_json(base + "/monitor", {"card": text, "progress": rows, "month": 13}), 422, "E853")
    bad = {"card": text, "progress": rows, "month": 6, "scheme": "../x.toml"}
    assert_error(post_json(base + "/monitor", bad), 422, "E853")
    assert_error(post_json(base + "/monitor", {"card": "a = b +", "progress": rows, "month": 6}), 422, "E103")
    form = post_form(base + "/monitor", {"card": text, "month": "x"}, {"progress": ("p.csv", progress.read_bytes())})
    assert_error(form, 422, "E853")


def test_busy_service_refuses_new_work() -> None:
    with running(Limits(queue=0)) as url:
        assert_error(post_json(url + "/check", {"text": RATE}), 503, "E863")
        assert request(url + "/health").status == 200


def test_internal_error_is_coded_json() -> None:
    from indicator_dsl.service import create_app

    app = create_app()

    def broken(*args: object) -> None:
        raise ZeroDivisionError("a bug")

    app.state.jobs.check = broken
    with running(app=app) as url:
        body = assert_error(post_json(url + "/check", {"text": RATE}), 500, "E859")
    assert "ZeroDivisionError" in body["message"]["en"] and "a bug" not in json.dumps(body)


def test_serve_command_runs_the_service(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd = [sys.executable, "-m", "indicator_dsl", "serve", "--port", str(port), "--max-body", "100"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        health = None
        for _ in range(600):  # readiness poll, not a timing assertion
            try:
                health = request(f"http://127.0.0.1:{port}/health")
                break
            except OSError:  # not listening yet
                time.sleep(0.1)
        assert health is not None and health.status == 200
        assert_error(post_json(f"http://127.0.0.1:{port}/check", {"text": "x" * 200}), 413, "E850")
    finally:
        proc.terminate()
        proc.wait(30)


def test_catalog_cache_is_bounded_least_recently_used_first() -> None:
    from indicator_dsl.service.cache import CatalogCache

    cache = CatalogCache(size=2)
    a, b, c = (f"r{i} = x / y * 100%".encode() for i in range(3))
    first = cache.get(a, "a.ind")
    assert cache.get(a, "a.ind") is first  # same bytes, same name: the same compiled catalog
    assert cache.get(a, "other.ind") is not first  # the name is shown in diagnostics, so it is part of the key
    cache.get(b, "b.ind")
    cache.get(c, "c.ind")
    assert cache.stats()["size"] == 2
    misses = cache.stats()["misses"]
    cache.get(a, "a.ind")  # evicted long ago: compiled again
    assert cache.stats()["misses"] == misses + 1
