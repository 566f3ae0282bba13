"""`.ind` text for HTML: highlighted by the Pygments lexer (`pygments_lexer`) when Pygments is
installed (the `editor` extra), else escaped plain text.  Either way safe to embed."""

from __future__ import annotations

import html


def highlight_html(text: str) -> str:
    """`.ind` text as an HTML `<div class="ind"><pre>…` with Pygments' CSS classes."""
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter

        from .pygments_lexer import IndicatorLexer
    except ModuleNotFoundError:
        return f'<div class="ind"><pre>{html.escape(text)}</pre></div>'
    return str(highlight(text, IndicatorLexer(), HtmlFormatter(cssclass="ind")))


def highlight_css() -> str:
    """The stylesheet for `highlight_html` (empty without Pygments)."""
    try:
        from pygments.formatters import HtmlFormatter
    except ModuleNotFoundError:
        return ""
    return str(HtmlFormatter(cssclass="ind").get_style_defs(".ind"))
