"""The one page served at `/`: `page.html` (package data), self-contained — inline CSS and JS,
no CDN, no fonts or scripts from elsewhere — so it works on an office network without internet."""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def page_html() -> str:
    return resources.files(__package__).joinpath("page.html").read_text(encoding="utf-8")
