"""`lsp.positions`: character offsets ↔ LSP positions in UTF-16 (default), UTF-8 and UTF-32 units."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from indicator_dsl.lsp.positions import LineIndex
from indicator_dsl.source import Span

TEXT = '指标 a "😀"\r\n  公式 x\n末'


def test_columns_in_each_encoding() -> None:
    after_emoji = TEXT.index("😀") + 1
    assert LineIndex(TEXT).position(after_emoji) == (0, 8)  # 指标 a " = 6 units, 😀 = 2
    assert LineIndex(TEXT, "utf-32").position(after_emoji) == (0, 7)
    assert LineIndex(TEXT, "utf-8").position(after_emoji) == (0, 14)  # 指标 are 3 bytes each, 😀 4
    assert LineIndex(TEXT).position(TEXT.index("公式")) == (1, 2)
    assert LineIndex(TEXT).range(Span(len(TEXT) - 1, len(TEXT))) == ((2, 0), (2, 1))
    assert LineIndex(TEXT).end == (2, 1)


def test_positions_past_a_line_or_the_text_clamp() -> None:
    index = LineIndex(TEXT)
    assert index.offset(1, 99) == TEXT.index("\n", TEXT.index("公式"))  # the end of line 1
    assert index.offset(9, 0) == len(TEXT)
    assert index.offset(0, 7) == TEXT.index("😀")  # inside a surrogate pair: the character's start


@given(st.text(alphabet=st.sampled_from(["a", "指", "😀", "\n", "\r", " ", "é"]), max_size=40), st.data())
def test_offset_position_round_trip(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    for encoding in ("utf-16", "utf-8", "utf-32"):
        index = LineIndex(text, encoding)
        assert index.offset(*index.position(offset)) == offset
