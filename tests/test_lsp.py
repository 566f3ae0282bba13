"""`indicator-dsl lsp` driven as an editor drives it: the real command in a subprocess, LSP
messages over its stdin/stdout with Content-Length framing, every answer awaited with a time
limit (a hang fails the test instead of blocking it).  Covers initialize, didOpen / didChange →
publishDiagnostics, hover, completion, definition, codeAction, formatting, shutdown and exit."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("pygls", reason="the lsp extra is not installed (pip install -e '.[lsp]')")

from tests.conftest import ROOT  # noqa: E402

WAIT = 60.0  # seconds for one answer: generous on a loaded machine, finite so a hang fails
URI = "file:///tmp/demo.ind"
TEXT = (
    "输入 完成数, 计划数: 个\n"
    '指标 保障率 "年度保障任务完成情况"\n'
    "  类别 产出指标 / 质量指标\n"
    "  公式 完成数 / 计划数 * 100%\n"
    "  目标 ≥90%\n"
    "  权重 10\n"
    "  等级 ≥90 优, ≥70 良, 60 差\n"
    '  来源 "测试表 第3行"\n'
)


class Client:
    """A minimal LSP client: framed JSON-RPC requests and notifications, answers by id, and the
    server's notifications kept in order."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        command = [sys.executable, "-m", "indicator_dsl", "lsp", *args]
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT
        )
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.notes: list[dict[str, Any]] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                key, _, value = line.decode("ascii").partition(":")
                headers[key.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.messages.put(json.loads(body.decode("utf-8")))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any] | None) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self._next()
            if message.get("id") == self.next_id and "method" not in message:
                assert "error" not in message, message["error"]
                return message.get("result")
            self._keep(message)

    def notification(self, method: str) -> dict[str, Any]:
        """The next notification `method` from the server (earlier ones first)."""
        for i, note in enumerate(self.notes):
            if note["method"] == method:
                return self.notes.pop(i)["params"]  # type: ignore[no-any-return]
        while True:
            message = self._next()
            if message.get("method") == method:
                return message["params"]  # type: ignore[no-any-return]
            self._keep(message)

    def _keep(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" in message:  # a request from the server: answer it
            self.send({"id": message["id"], "result": None})
        elif "method" in message:
            self.notes.append(message)

    def _next(self) -> dict[str, Any]:
        try:
            message = self.messages.get(timeout=WAIT)
        except queue.Empty:
            raise AssertionError(f"no answer from the server within {WAIT} s") from None
        if message is None:
            raise AssertionError(f"the server closed its output: {self.stderr()}")
        return message

    def stderr(self) -> str:
        if self.proc.poll() is None:
            return ""
        assert self.proc.stderr is not None
        return self.proc.stderr.read().decode("utf-8", "replace")

    def close(self) -> int:
        if self.proc.poll() is None:
            self.proc.kill()
        return self.proc.wait(timeout=WAIT)


def start(*args: str, options: dict[str, Any] | None = None) -> Client:
    client = Client(*args)
    capabilities = {"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}}}
    result = client.request(
        "initialize",
        {"processId": os.getpid(), "rootUri": None, "capabilities": capabilities, "initializationOptions": options},
    )
    caps = result["capabilities"]
    assert caps["hoverProvider"] and caps["definitionProvider"] and caps["documentFormattingProvider"]
    assert "completionProvider" in caps and caps["codeActionProvider"]
    assert result["serverInfo"]["name"] == "indicator-dsl"
    client.notify("initialized", {})
    return client


@pytest.fixture(scope="module")
def lsp() -> Iterator[Client]:
    client = start()
    open_doc(client, TEXT)
    try:
        yield client
    finally:
        client.close()


def position(text: str, needle: str, after: int = 0) -> dict[str, int]:
    """The LSP position (UTF-16 columns) of `needle` in `text`, `after` characters into it."""
    offset = text.index(needle) + after
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1)
    return {"line": line, "character": len(text[offset - column : offset].encode("utf-16-le")) // 2}


def open_doc(client: Client, text: str) -> None:
    client.notify(
        "textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "ind", "version": 1, "text": text}}
    )


def replace_text(client: Client, version: int, text: str) -> None:
    """A whole-text change to `version`."""
    client.notify(
        "textDocument/didChange", doc(textDocument={"uri": URI, "version": version}, contentChanges=[{"text": text}])
    )


def doc(**extra: Any) -> dict[str, Any]:
    return {"textDocument": {"uri": URI}, **extra}


# ---- diagnostics --------------------------------------------------------------------------------
def test_open_publishes_the_checkers_diagnostics_with_exact_ranges(lsp: Client) -> None:
    from indicator_dsl import loads

    published = lsp.notification("textDocument/publishDiagnostics")
    assert published["uri"] == URI and published["version"] == 1
    expected = loads(TEXT, "demo.ind").check()
    assert [d["code"] for d in published["diagnostics"]] == [d.code for d in expected]
    by_code = {d["code"]: d for d in published["diagnostics"]}
    e321 = by_code["E321"]  # `60 差` has no comparator
    start = position(TEXT, "60 差")
    assert e321["range"] == {"start": start, "end": {"line": start["line"], "character": start["character"] + 4}}
    assert e321["severity"] == 1 and e321["source"] == "indicator-dsl"
    assert e321["message"].startswith("等级“60差”缺少比较符") and "建议：<60 差" in e321["message"]
    assert e321["data"]["en"].startswith("band '60差' has no comparator")  # both languages travel with it
    assert e321["data"]["fix"] == e321["data"]["fix_en"] == "<60 差"  # a text-only fix, in both
    assert by_code["W501"]["severity"] == 2  # [60%, 70%) has no grade


def test_change_publishes_again(lsp: Client) -> None:
    fixed = TEXT.replace(", 60 差", ", <60 差")
    replace_text(lsp, 2, fixed)
    published = lsp.notification("textDocument/publishDiagnostics")
    while published["version"] != 2:
        published = lsp.notification("textDocument/publishDiagnostics")
    assert [d["code"] for d in published["diagnostics"]] == ["W501"]  # E321 is gone, the gap is not
    # an incremental change (a range and its new text), back to the original mistake
    start = position(fixed, "<60 差")
    edit = {"range": {"start": start, "end": {**start, "character": start["character"] + 1}}, "text": ""}
    lsp.notify("textDocument/didChange", doc(textDocument={"uri": URI, "version": 3}, contentChanges=[edit]))
    published = lsp.notification("textDocument/publishDiagnostics")
    assert published["version"] == 3 and {"E321", "W501"} <= {d["code"] for d in published["diagnostics"]}


# ---- hover, completion, definition --------------------------------------------------------------
def test_a_document_never_opened_gets_empty_answers_not_an_error(lsp: Client) -> None:
    unopened = {"textDocument": {"uri": "file:///nope/never-opened.ind"}, "position": {"line": 0, "character": 0}}
    assert lsp.request("textDocument/hover", unopened) is None
    assert lsp.request("textDocument/definition", unopened) is None
    assert lsp.request("textDocument/formatting", {**unopened, "options": {"tabSize": 2, "insertSpaces": True}}) == []


def test_hover_shows_the_resolved_meaning(lsp: Client) -> None:
    answer = lsp.request("textDocument/hover", doc(position=position(TEXT, "保障率", 1)))
    text = answer["contents"]["value"]
    assert answer["contents"]["kind"] == "markdown"
    assert "**保障率** 年度保障任务完成情况" in text and "目标: ≥90%" in text and "方向: 正向" in text
    assert "单位: %" in text and "权重: 10" in text and "来源: 测试表 第3行" in text
    assert "良 [70%, 90%)" in text  # what the band really grades (first match wins)
    assert answer["range"]["start"] == position(TEXT, "保障率")
    over_input = lsp.request("textDocument/hover", doc(position=position(TEXT, "计划数 *")))
    assert "输入" in over_input["contents"]["value"] and "个" in over_input["contents"]["value"]
    assert lsp.request("textDocument/hover", doc(position={"line": 4, "character": 0})) is None


def test_hover_names_the_catalog_indicator() -> None:
    client = start("--lang", "en")
    try:
        text = "指标 预算执行率\n  公式 预算执行数 / 预算数 * 100%\n  目标 100%\n"
        open_doc(client, text)
        answer = client.request("textDocument/hover", doc(position=position(text, "预算执行率")))
        value = answer["contents"]["value"]
        assert "standard catalog: `common/department_overall.ind`" in value and "财预〔2020〕10号" in value
        assert "direction: positive" in value and "target: ≥100%" in value
        items = client.request("textDocument/completion", doc(position={"line": 2, "character": 0}))["items"]
        budget = next(i for i in items if i["label"] == "预算完成率")  # a catalog indicator, described in English
        assert budget["documentation"]["value"].startswith("standard catalog: `common/department_overall.ind`")
    finally:
        client.close()


def test_completion_offers_keywords_names_units_and_catalog(lsp: Client) -> None:
    answer = lsp.request("textDocument/completion", doc(position={"line": 3, "character": 7}))
    items = {item["label"]: item for item in answer["items"]}
    assert items["公式"]["kind"] == 14 and items["等级"]["kind"] == 14  # keywords
    assert items["保障率"]["kind"] == 3 and items["完成数"]["kind"] == 5  # this file's indicator and input
    assert items["万元"]["kind"] == 11 and "%" in items  # units from the registry
    assert items["预算执行率"]["kind"] == 18  # the standard catalog
    assert "common/department_overall.ind" in items["预算执行率"]["documentation"]["value"]


def test_definition_jumps_to_inputs_definitions_and_indicators() -> None:
    client = start()
    try:
        text = "输入 新收, 旧存: 件\n在办 = 新收 + 旧存\n指标 结案率\n  公式 结案数 / 在办 * 100%\n汇总 = 结案率 + 1\n"
        open_doc(client, text)

        def target(needle: str, after: int = 0) -> dict[str, Any]:
            return client.request("textDocument/definition", doc(position=position(text, needle, after)))  # type: ignore[no-any-return]

        where = target("在办 * 100%")
        assert where["uri"] == URI and where["range"]["start"] == position(text, "在办 =")
        assert target("旧存\n指标")["range"]["start"] == position(text, "旧存:")  # an input declaration
        assert target("结案率 + 1")["range"]["start"] == position(text, "结案率\n")  # an indicator
        assert target("新收 +")["range"] == {"start": position(text, "新收,"), "end": position(text, ",")}
        assert target("结案数") is None  # an undeclared name is defined nowhere
    finally:
        client.close()


# ---- code actions, formatting -------------------------------------------------------------------
def test_code_actions_apply_the_checkers_fixes(lsp: Client) -> None:
    start = position(TEXT, "60 差")
    context = {"diagnostics": [], "only": ["quickfix"]}
    actions = lsp.request("textDocument/codeAction", doc(range={"start": start, "end": start}, context=context))
    by_code = {a["diagnostics"][0]["code"]: a for a in actions}
    e321 = by_code["E321"]
    assert e321["kind"] == "quickfix" and e321["title"] == "改为“<60 差” (E321)"
    (edit,) = e321["edit"]["changes"][URI]
    assert edit["newText"] == "<60 差" and edit["range"]["start"] == start
    w501 = by_code["W501"]  # the band list's gap: the missing band appended
    assert w501["edit"]["changes"][URI][0]["newText"] == ", [60%, 70%) 中"
    assert (
        lsp.request(
            "textDocument/codeAction",
            doc(range={"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, context=context),
        )
        == []
    )


def test_formatting_returns_the_fmt_layout(lsp: Client) -> None:
    from indicator_dsl.formatter import format_text

    messy = '指标  完成率   "年度任务"  # 标题\n  目标：≥ 95%\n  公式 完成数/计划数*100%\n'
    replace_text(lsp, 10, messy)
    edits = lsp.request("textDocument/formatting", doc(options={"tabSize": 2, "insertSpaces": True}))
    (edit,) = edits
    assert edit["newText"] == format_text(messy) and "# 标题" in edit["newText"]
    assert edit["range"] == {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}}
    broken = "a = b +\n"
    replace_text(lsp, 11, broken)
    assert lsp.request("textDocument/formatting", doc(options={"tabSize": 2, "insertSpaces": True})) is None


def test_columns_count_utf16_units() -> None:
    """An emoji is two UTF-16 units: a diagnostic after it sits where the editor shows it."""
    client = start(options={"lang": "en"})
    try:
        text = '指标 a "😀"\n  公式 x / y * 100%\n  等级 60 差\n'
        open_doc(client, text)
        published = client.notification("textDocument/publishDiagnostics")
        e321 = next(d for d in published["diagnostics"] if d["code"] == "E321")
        assert e321["range"]["start"] == position(text, "60 差") and e321["message"].startswith("band '60差'")
        title = client.request("textDocument/hover", doc(position={"line": 0, "character": 3}))
        assert title["range"]["end"] == {"line": 0, "character": 4}
    finally:
        client.close()


def test_shutdown_and_exit() -> None:
    client = start()
    try:
        assert client.request("shutdown", None) is None
        client.notify("exit", {})
        assert client.proc.wait(timeout=WAIT) == 0
    finally:
        client.close()
