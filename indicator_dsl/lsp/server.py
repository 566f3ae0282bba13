"""The pygls adapter: LSP over stdio.  Each handler reads the open document, asks `features`,
and turns the answer into lsprotocol types — offsets into LSP positions (the negotiated code
units, UTF-16 by default), our diagnostics into LSP diagnostics with their code and zh/en text,
the checker's fixes into quick fixes.  No checking happens here.

The language of messages is `--lang` (default zh), or `initializationOptions: {"lang": "en"}`."""

from __future__ import annotations

from typing import Any

from lsprotocol import types as T
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..diagnostics import Diagnostic, Severity
from ..source import Span
from .features import Completion, Document
from .positions import LineIndex

SEVERITY = {
    Severity.ERROR: T.DiagnosticSeverity.Error,
    Severity.WARNING: T.DiagnosticSeverity.Warning,
    Severity.INFO: T.DiagnosticSeverity.Information,
}
KIND = {
    "keyword": T.CompletionItemKind.Keyword,
    "direction": T.CompletionItemKind.EnumMember,
    "indicator": T.CompletionItemKind.Function,
    "definition": T.CompletionItemKind.Variable,
    "input": T.CompletionItemKind.Field,
    "unit": T.CompletionItemKind.Unit,
    "catalog": T.CompletionItemKind.Reference,
}
ENCODINGS = {T.PositionEncodingKind.Utf8: "utf-8", T.PositionEncodingKind.Utf32: "utf-32"}


class IndicatorServer(LanguageServer):
    """The server with its language and one analysed `Document` per open URI and version."""

    def __init__(self, lang: str = "zh") -> None:
        super().__init__("indicator-dsl", __version__, text_document_sync_kind=T.TextDocumentSyncKind.Incremental)
        self.lang = lang
        self.analysed: dict[str, tuple[int | None, str, Document]] = {}

    def document(self, uri: str) -> tuple[Document, LineIndex]:
        """The analysis of the document's current text (made once per version).  A document the
        editor never opened is answered as an empty one (no hover, no fixes), not by pygls reading
        the URI from disk, which fails with a traceback for a file that is not there."""
        if uri not in self.workspace.text_documents:
            version, text, path = None, "", uri
        else:
            opened = self.workspace.get_text_document(uri)
            version, text, path = opened.version, opened.source, opened.path or uri
        cached = self.analysed.get(uri)
        if cached is None or cached[0] != version or cached[1] != text:
            cached = (version, text, Document(text, path))
            self.analysed[uri] = cached
        encoding = ENCODINGS.get(self.workspace.position_encoding, "utf-16")  # type: ignore[call-overload]
        return cached[2], LineIndex(text, encoding)


def create_server(lang: str = "zh") -> IndicatorServer:
    server = IndicatorServer(lang)

    @server.feature(T.INITIALIZE)
    def initialize(ls: IndicatorServer, params: T.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and options.get("lang") in ("zh", "en"):
            ls.lang = options["lang"]

    @server.feature(T.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: IndicatorServer, params: T.DidOpenTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: IndicatorServer, params: T.DidChangeTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: IndicatorServer, params: T.DidCloseTextDocumentParams) -> None:
        ls.analysed.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(T.TEXT_DOCUMENT_HOVER)
    def hover(ls: IndicatorServer, params: T.HoverParams) -> T.Hover | None:
        doc, lines = ls.document(params.text_document.uri)
        found = doc.hover(lines.offset(params.position.line, params.position.character), ls.lang)
        if found is None:
            return None
        text, span = found
        return T.Hover(T.MarkupContent(T.MarkupKind.Markdown, text), to_range(lines, span))

    @server.feature(T.TEXT_DOCUMENT_COMPLETION)
    def completion(ls: IndicatorServer, params: T.CompletionParams) -> T.CompletionList:
        doc, _ = ls.document(params.text_document.uri)
        return T.CompletionList(is_incomplete=False, items=[completion_item(c) for c in doc.completions(ls.lang)])

    @server.feature(T.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: IndicatorServer, params: T.DefinitionParams) -> T.Location | None:
        uri = params.text_document.uri
        doc, lines = ls.document(uri)
        found = doc.name_at(lines.offset(params.position.line, params.position.character))
        span = doc.definition(found.name) if found else None
        return None if span is None else T.Location(uri, to_range(lines, span))

    @server.feature(T.TEXT_DOCUMENT_CODE_ACTION, T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix]))
    def code_action(ls: IndicatorServer, params: T.CodeActionParams) -> list[T.CodeAction]:
        uri = params.text_document.uri
        doc, lines = ls.document(uri)
        start = lines.offset(params.range.start.line, params.range.start.character)
        end = lines.offset(params.range.end.line, params.range.end.character)
        actions = []
        for fix in doc.fixes(start, end):
            edit = T.TextEdit(to_range(lines, fix.edit.span), fix.edit.text)
            actions.append(
                T.CodeAction(
                    title=f"{fix.edit.title(ls.lang)} ({fix.diagnostic.code})",
                    kind=T.CodeActionKind.QuickFix,
                    diagnostics=[to_diagnostic(lines, fix.diagnostic, ls.lang)],
                    edit=T.WorkspaceEdit(changes={uri: [edit]}),
                    is_preferred=True,
                )
            )
        return actions

    @server.feature(T.TEXT_DOCUMENT_FORMATTING)
    def formatting(ls: IndicatorServer, params: T.DocumentFormattingParams) -> list[T.TextEdit] | None:
        doc, lines = ls.document(params.text_document.uri)
        formatted = doc.formatted()
        if formatted is None or formatted == doc.text:
            return [] if formatted is not None else None
        return [T.TextEdit(to_range(lines, Span(0, len(doc.text))), formatted)]

    return server


def publish(ls: IndicatorServer, uri: str) -> None:
    doc, lines = ls.document(uri)
    version = ls.workspace.get_text_document(uri).version
    found = [to_diagnostic(lines, d, ls.lang) for d in doc.diagnostics]
    ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=version))


def to_range(lines: LineIndex, span: Span) -> T.Range:
    (sl, sc), (el, ec) = lines.range(span)
    return T.Range(T.Position(sl, sc), T.Position(el, ec))


def to_diagnostic(lines: LineIndex, d: Diagnostic, lang: str) -> T.Diagnostic:
    """Our diagnostic with its exact range (an unplaced one sits at the start), its code, the
    message in `lang` with the fix, and both languages in `data`."""
    span = d.span if d.span is not None and d.source is not None and d.source.placed else Span(0, 0)
    fix = d.fix_en if lang == "en" and d.fix_en else d.fix
    message = d.message(lang) + (("\n建议：" if lang == "zh" else "\nfix: ") + fix if fix else "")
    # a fix that is only corrected text (E321's `≥90 优`, W306's name) reads the same in English
    data: dict[str, Any] = {"zh": d.message("zh"), "en": d.message("en"), "fix": d.fix, "fix_en": d.fix_en or d.fix}
    return T.Diagnostic(
        range=to_range(lines, span),
        message=message,
        severity=SEVERITY[d.severity],
        code=d.code,
        source="indicator-dsl",
        data=data,
    )


def completion_item(c: Completion) -> T.CompletionItem:
    doc = T.MarkupContent(T.MarkupKind.Markdown, c.documentation) if c.documentation else None
    return T.CompletionItem(label=c.label, kind=KIND[c.kind], detail=c.detail or None, documentation=doc)


def serve(lang: str = "zh") -> None:
    """Run the server on stdin/stdout until the client sends `exit`."""
    create_server(lang).start_io()
