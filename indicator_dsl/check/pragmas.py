"""`# noqa` pragmas, as in ruff: a comment on a finding's line silences it.

`# noqa` silences every finding on the line; `# noqa: E511, W520` only the listed codes.  Syntax
errors (E1xx) are never silenced: a line that does not parse has no meaning to excuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..diagnostics import Diagnostic

_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]\d+(?:[\s,，]+[A-Za-z]\d+)*))?", re.IGNORECASE)


def silenced_codes(line: str) -> frozenset[str] | None:
    """None: no pragma; empty set: every code; otherwise the listed codes (upper case)."""
    m = _NOQA.search(line)
    if m is None:
        return None
    codes = m.group("codes")
    return frozenset(c.upper() for c in re.split(r"[\s,，]+", codes)) if codes else frozenset()


def apply_noqa(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics that no pragma on their line silences."""
    return [d for d in diagnostics if not _silenced(d)]


def _silenced(d: Diagnostic) -> bool:
    if d.source is None or d.span is None or d.code.startswith("E1"):
        return False
    line, _ = d.source.location(d.span.start)
    codes = silenced_codes(d.source.line_text(line))
    return codes is not None and (not codes or d.code in codes)
