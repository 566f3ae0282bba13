"""The generated Unicode tables of the SQL text reader equal what Python computes."""

from __future__ import annotations

import unicodedata

from indicator_dsl.backends import unicode_tables as u


def test_unicode_tables_match_this_python() -> None:
    if u.UNICODE_VERSION != unicodedata.unidata_version:  # sql.py recomputes them then
        return
    chars = [chr(i) for i in range(128, 0x110000) if chr(i).isdecimal()]
    assert u.DIGITS == "".join(chars)
    assert u.DIGIT_VALUES == "".join(str(unicodedata.decimal(c)) for c in chars)
    assert u.SPACES == "".join(chr(i) for i in range(0x110000) if chr(i).isspace())
