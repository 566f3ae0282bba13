"""A folder run scores what projects share once (scoring/memo.py): every report equals the
report of the project scored alone, the long way."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from indicator_dsl import load
from indicator_dsl.scoring import Measured, Options, ScoreInputError, load_scheme, score, score_indicator
from indicator_dsl.scoring.batch import score_all
from indicator_dsl.scoring.memo import Memo, row_key
from indicator_dsl.scoring.weights import Item, effective_weights

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TEMPLATES = ("department_2022", "targets", "rules")


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _variant(rows: list[list[str]], k: int) -> list[list[str]]:
    """Project k's actuals: some repeat another project's, some differ (a value, 不适用, an override)."""
    header, body = rows[0], [list(r) for r in rows[1:]]
    col = header.index("实际完成值")
    for i, row in enumerate(body):
        if (i + k) % 4 == 0 and row[col][:1].isdigit():
            row[col] = "1" + row[col]  # a different value (often over target: W601)
    if "不适用" in header and k % 3 == 1 and body:
        body[0][header.index("不适用")] = "是"
    if "得分" in header and k % 3 == 2 and len(body) > 2:
        body[2][header.index("得分")] = "1"
        body[2][header.index("理由")] = "复核调整"
    return [header, *body]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("projects")
    for k in range(9):
        template = TEMPLATES[k % 3]
        name = f"p{k}"
        text = (EXAMPLES / f"{template}.ind").read_text(encoding="utf-8")
        (root / f"{name}.ind").write_text(text, encoding="utf-8")
        _write(root / f"{name}_actuals.csv", _variant(_rows(EXAMPLES / f"{template}_actuals.csv"), k // 3))
    shutil.copy(root / "p0_actuals.csv", root / "p9_actuals.csv")  # a project identical to p0 but for its name
    shutil.copy(root / "p0.ind", root / "p9.ind")
    return root


def test_a_folder_run_equals_each_project_scored_alone(folder: Path) -> None:
    paths = sorted(folder.glob("*.ind"))
    for scheme in (None, "reverse-linear", "province-40-40-20"):
        together = list(score_all(paths, scheme=scheme))
        for outcome in together:
            alone = score(outcome.path, folder / f"{outcome.path.stem}_actuals.csv", scheme=scheme)
            assert outcome.report is not None
            assert outcome.report.model_dump() == alone.model_dump(), outcome.path


def test_the_folder_fixture_shares_rows_and_weights(folder: Path) -> None:
    """The equality above is about the memo: projects of the folder do hit it (and miss it)."""
    memo = Memo()
    paths = sorted(folder.glob("*.ind"))
    for path in paths:
        score(path, folder / f"{path.stem}_actuals.csv", memo=memo)
    assert memo.hits > 0 and memo.misses > 0
    assert len(memo._weights) < len(paths)  # noqa: SLF001  (shapes are shared)


def test_places_and_weights_are_part_of_the_key(folder: Path) -> None:
    memo = Memo()
    card, actuals = folder / "p0.ind", folder / "p0_actuals.csv"
    for places in (2, 0, 4, 2):
        assert score(card, actuals, places=places, memo=memo) == score(card, actuals, places=places)


def test_equal_but_differently_printed_actuals_have_different_keys() -> None:
    catalog = load(EXAMPLES / "rules.ind")
    ind = next(iter(catalog))
    scheme = load_scheme("national-2020")
    opts = Options()
    same_value = [1, 1.0, True, Fraction(1), Decimal("1"), Decimal("1.0"), Decimal("1.00"), "1", "1.0", " 1"]
    same_value += [Measured(Fraction(1)), Measured(1), None, 0.0, -0.0]  # type: ignore[arg-type]
    keys = [row_key(ind, a, Fraction(10), scheme, opts) for a in same_value]
    assert None not in keys and len(set(keys)) == len(same_value)
    baselines = [Options(baselines=(("上年", v),)) for v in (1, 1.0, Decimal("1.0"), Decimal("1.00"), "1")]
    assert len({row_key(ind, "1", Fraction(10), scheme, o) for o in baselines}) == len(baselines)
    assert row_key(ind, "1", 10, scheme, opts) is None  # type: ignore[arg-type]  (an int weight)
    assert row_key(ind, datetime.date(2024, 1, 1), Fraction(10), scheme, opts) is None  # other types: the long way
    assert row_key(ind, "1", Fraction(10), scheme, Options(baselines=(("上年", [1]),))) is None


@pytest.mark.parametrize("actual", [95, 95.5, Decimal("95.50"), Fraction(191, 2), True, Decimal("95.5")])
def test_spreadsheet_numbers_are_memoised_as_the_long_way_scores_them(actual: object) -> None:
    catalog = load(EXAMPLES / "department_2022.ind")
    scheme = load_scheme("national-2020")
    memo = Memo()
    for ind in catalog:
        for _ in range(2):
            try:
                expected = score_indicator(ind, actual, Fraction(10), scheme)
            except ScoreInputError:
                continue
            row = memo.row(
                ind, actual, Fraction(10), scheme, Options(), lambda i=ind: score_indicator(i, actual, 10, scheme)
            )
            assert row == expected


def test_a_memoised_row_equals_the_long_way_for_each_actual() -> None:
    catalog = load(EXAMPLES / "department_2022.ind")
    scheme = load_scheme("national-2020")
    memo = Memo()
    actuals = ["95%", "100%", "105.5%", "0", "12", "95%", "100%", "优", "良", "12"]
    for ind in catalog:
        for actual in actuals * 2:
            for weight in (Fraction(10), Fraction(25, 3)):

                def compute(ind=ind, actual=actual, weight=weight):  # type: ignore[no-untyped-def]
                    return score_indicator(ind, actual, weight, scheme)

                try:
                    expected = compute()
                except ScoreInputError as exc:
                    with pytest.raises(ScoreInputError) as again:
                        memo.row(ind, actual, weight, scheme, Options(), compute)
                    assert again.value.code == exc.code
                    continue
                assert memo.row(ind, actual, weight, scheme, Options(), compute) == expected
    assert memo.hits > 0


def test_a_refusal_is_not_stored() -> None:
    catalog = load(EXAMPLES / "department_2022.ind")
    ind = next(iter(catalog))
    memo = Memo()
    calls = []

    def refuse():  # type: ignore[no-untyped-def]
        calls.append(1)
        raise ScoreInputError("E603", header="实际完成值", value="x")

    for _ in range(2):
        with pytest.raises(ScoreInputError):
            memo.row(ind, "x", Fraction(10), load_scheme("national-2020"), Options(), refuse)
    assert len(calls) == 2


def test_memoised_weights_equal_effective_weights_and_are_copies() -> None:
    catalog = load(EXAMPLES / "department_2022.ind")
    items = [Item(ind, "一", "二", ind.weight) for ind in catalog if ind.weight is not None]
    names = [i.name for i in items]
    memo = Memo()
    for scheme_name in ("national-2020", "province-40-40-20"):
        scheme = load_scheme(scheme_name)
        for na in (set(), {names[0]}, set(names[1:3]), set()):
            for places in (2, 0):
                expected = effective_weights(items, scheme, na, places)
                got = memo.weights(
                    items, scheme, na, places, lambda s=scheme, n=na, p=places: effective_weights(items, s, n, p)
                )
                assert got == expected
                got[names[0]] = Fraction(-1)  # a caller's change stays its own
                assert memo.weights(items, scheme, na, places, lambda: {}) == expected


def test_the_memo_stays_bounded() -> None:
    catalog = load(EXAMPLES / "department_2022.ind")
    ind = next(iter(catalog))
    scheme = load_scheme("national-2020")
    memo = Memo(limit=3)
    for k in range(10):
        actual = f"{90 + k}%"
        row = memo.row(
            ind, actual, Fraction(10), scheme, Options(), lambda a=actual: score_indicator(ind, a, 10, scheme)
        )
        assert row == score_indicator(ind, actual, 10, scheme)
        assert len(memo._rows) <= 3  # noqa: SLF001


def test_projects_share_rows_when_their_blocks_were_first_seen_elsewhere(folder: Path) -> None:
    """A block first parsed at another offset (here: under a comment line) is moved to each
    project's offset; projects whose blocks sit at the same offsets still share its nodes, so
    the memo hits whatever was parsed before (it failed in full-suite runs: hits == 0)."""
    from indicator_dsl.parser import parse_document

    for template in TEMPLATES:
        parse_document("# 先读过\n" + (EXAMPLES / f"{template}.ind").read_text(encoding="utf-8"))
    memo = Memo()
    for path in sorted(folder.glob("*.ind")):
        score(path, folder / f"{path.stem}_actuals.csv", memo=memo)
    assert memo.hits > 0 and memo.misses > 0
