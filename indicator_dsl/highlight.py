"""`.ind` text for HTML: highlighted by the Pygments lexer (`pygments_lexer`) when Pygments is
installed (the `editor` extra), else escaped plain text.  Either way safe to embed: Pygments'
HTML formatter escapes every token, and the fallback is `html.escape`.

The HTML reports show targets (`≥95%`, `[95%, 100%]`) with `highlight_inline` inside table
cells and put `highlight_css()` in their inline stylesheet, so a page stays self-contained."""

from __future__ import annotations

import functools
import html
from typing import Any

CSS_CLASS = "ind"


def highlight_html(text: str) -> str:
    """`.ind` text as an HTML `<div class="ind"><pre>…` with Pygments' CSS classes."""
    tools = _pygments()
    if tools is None:
        return f'<div class="{CSS_CLASS}"><pre>{html.escape(text)}</pre></div>'
    highlight, lexer, _ = tools
    return str(highlight(text, lexer, _formatter(False)))


def highlight_inline(text: str) -> str:
    """A fragment of `.ind` text (a target, a formula) as `<code class="ind">…</code>` for a
    table cell: the same token classes, no block, no added newline."""
    tools = _pygments()
    if tools is None or not text.strip():
        return f'<code class="{CSS_CLASS}">{html.escape(text)}</code>'
    highlight, lexer, _ = tools
    spans = str(highlight(text, lexer, _formatter(True))).removesuffix("\n")
    return f'<code class="{CSS_CLASS}">{spans}</code>'


def highlight_css() -> str:
    """The stylesheet for `highlight_html` and `highlight_inline` (empty without Pygments)."""
    tools = _pygments()
    if tools is None:
        return ""
    return str(_formatter(False).get_style_defs(f".{CSS_CLASS}"))


@functools.cache
def _pygments() -> tuple[Any, Any, Any] | None:
    """(highlight, a lexer, HtmlFormatter), built once; None without Pygments."""
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter

        from .pygments_lexer import IndicatorLexer
    except ModuleNotFoundError:
        return None
    return highlight, IndicatorLexer(), HtmlFormatter


@functools.cache
def _formatter(nowrap: bool) -> Any:
    tools = _pygments()
    assert tools is not None
    return tools[2](cssclass=CSS_CLASS, nowrap=nowrap)
