"""The file layout of the 自评表 drawn without rich's renderer (reports/drawn.py) is rich's
output, character for character: on the example reports, and on generated text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("rich")

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from rich.text import Text  # noqa: E402

from indicator_dsl.reports import render, table  # noqa: E402
from indicator_dsl.reports.drawn import Column, Drawer, drawer, one_line  # noqa: E402
from indicator_dsl.scoring import score  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def by_rich(title: str, lang: str, rows: list[tuple[list[str], bool]], width: int) -> str:
    """What rich prints for the same table: the settings of `table._columns`, rich's renderer."""
    t = Table(title=Text(title), header_style="bold")
    for settings_ in table._columns(lang, table.NARROW):  # noqa: SLF001
        t.add_column(**settings_)
    for cells, end in rows:
        t.add_row(*[Text(c) for c in cells], end_section=end)
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False, soft_wrap=False)
    return table._print(console, t)  # noqa: SLF001


def drawn(title: str, lang: str, rows: list[tuple[list[str], bool]], width: int) -> str | None:
    columns = [Column(**s) for s in table._columns(lang, table.NARROW)]  # noqa: SLF001
    return Drawer(width).draw(title, columns, rows)


@pytest.mark.parametrize("name", ["department_2022", "targets", "rules"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("places", [None, 0, 6])
def test_a_report_file_is_what_rich_draws(
    name: str, lang: str, places: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = score(EXAMPLES / f"{name}.ind", EXAMPLES / f"{name}_actuals.csv", places=places)
    ours = render(report, "table", lang)
    monkeypatch.setattr(table, "_drawn", lambda *a: None)  # the long way: rich's renderer
    assert ours == render(report, "table", lang)


def test_a_narrow_terminal_table_is_what_rich_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal too narrow for the full table gets the narrow one, drawn at its width."""
    report = score(EXAMPLES / "department_2022.ind", EXAMPLES / "department_2022_actuals.csv")
    for width in (60, 75, 90):
        ours = render(report, "table", "zh", width=width)
        with monkeypatch.context() as m:
            m.setattr(table, "_drawn", lambda *a: None)
            assert ours == render(report, "table", "zh", width=width)


CHARS = "ab Z9.%≥≤（）中文字指标，。、—…\n\t\u0301\u200b\u3000\U0001f600-/"
cell = st.text(alphabet=CHARS, max_size=30)
word = st.text(alphabet="中文abcdefghij0123456789%", min_size=15, max_size=45)  # no room to break
row = st.tuples(st.lists(st.one_of(cell, word), min_size=7, max_size=7), st.booleans())


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(alphabet=CHARS, max_size=120),
    rows=st.lists(row, max_size=6),
    width=st.integers(min_value=60, max_value=140),
    lang=st.sampled_from(["zh", "en"]),
)
def test_generated_tables_are_what_rich_draws(
    title: str, rows: list[tuple[list[str], bool]], width: int, lang: str
) -> None:
    rows = [([table.printable(c) for c in cells], end) for cells, end in rows]
    ours = drawn(title, lang, rows, width)
    if ours is not None:  # None: a column without room for text, left to rich
        assert ours == by_rich(title, lang, rows, width)


def test_numbers_wider_than_their_share_are_what_rich_draws() -> None:
    """Columns reduced evenly as rich's last resort (the number columns cannot wrap)."""
    rows = [(["一" * 18] * 5 + ["9" * 30, "8" * 30], False), (["a b c"] * 5 + ["1", "2"], True)]
    ours = drawn("标题", "zh", rows, 60)
    if ours is not None:
        assert ours == by_rich("标题", "zh", rows, 60)


def test_one_drawer_per_width() -> None:
    assert drawer(100) is drawer(100)
    assert drawer(100) is not drawer(80)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=CHARS + "   ", max_size=40),
    width=st.integers(min_value=1, max_value=40),
    justify=st.sampled_from(["left", "right", "center"]),
    overflow=st.sampled_from(["fold", "ellipsis"]),
    no_wrap=st.booleans(),
)
def test_one_line_is_what_text_wrap_makes(text: str, width: int, justify: str, overflow: str, no_wrap: bool) -> None:
    """The shortcut for a text that fits on one line equals rich's wrapping of it."""
    line = one_line(text, width, justify)  # type: ignore[arg-type]
    if line is not None:
        wrapped = Text(text).wrap(Console(), width, justify=justify, overflow=overflow, no_wrap=no_wrap)  # type: ignore[arg-type]
        assert [w.plain for w in wrapped] == [line]


def test_one_line_takes_the_common_cells() -> None:
    """The shortcut is taken for what reports hold (else it would prove nothing above)."""
    for text, width in (("95.23%", 14), ("11.11", 6), ("信息化建设项目", 16), ("≥100%", 12), ("", 4)):
        assert one_line(text, width, "left") is not None
    assert one_line("a\tb", 10, "left") is None and one_line("一二三", 5, "left") is None
