"""What a printed cell carries around its value, set aside before the value is read: full-width
ASCII, a remark that leaves the value as it is, sentence punctuation typed after it.  Actuals
(`actual_values`), and target cells in the importer and the auditor (`target_cells`), read
cells through these, so a cell means the same in a 自评表, an actuals file and an import."""

from __future__ import annotations

import re

# Full-width ASCII as Chinese documents type it (`９６．５％`, `２０２４年`) read as its ASCII;
# only that block: NFKC would also turn `㎡` into `m2`.
_FULL_WIDTH = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}
# A remark after the value that leaves it as it is: `100%（已完成）`, `98.5%（截至12月底）`, `是（已验收）`.
# A remark of any other words (`95%（预计）`) is no part of a value: the cell stays unreadable.
REMARK = re.compile(
    r"\s*\((?:已?(?:完成|完工|竣工|建成|办结|验收|实施|到位|交付|上线)|截[至止][^()]{1,12}|全年|累计|年度)\)\s*$"
)
# `≥95%；`, `是。`: punctuation ending a sentence or list item, after the value.
TRAILING = re.compile(r"[ \t\u3000]*[；;。，,、]+[ \t\u3000]*$")


def plain(text: str) -> str:
    """The text a value is read from: full-width ASCII folded, trailing punctuation and a remark
    that changes nothing dropped."""
    folded = text.translate(_FULL_WIDTH)
    return REMARK.sub("", without_trailing_punctuation(folded) or folded).strip()


def without_trailing_punctuation(text: str) -> str | None:
    """`≥95%；` → `≥95%`, or None when nothing trails."""
    m = TRAILING.search(text)
    return text[: m.start()] if m and m.start() > 0 else None
