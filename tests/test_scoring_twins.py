"""A folder run checks a project only when no project of the same statements was found clean
before (scoring/memo.py `Memo.load`, `shape_key`); a project with such a twin takes the twin's
context and is scored with the twin's compiled indicators.  Each case here would fail if a
reused check result, context or evaluator were wrong for a project: every report and refusal
equals the project's own, scored alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indicator_dsl import ast as A
from indicator_dsl import check
from indicator_dsl.catalog import Catalog, loads
from indicator_dsl.check import run_checks
from indicator_dsl.diagnostics import Diagnostic
from indicator_dsl.scoring import ScoringError, score
from indicator_dsl.scoring.batch import score_all
from indicator_dsl.scoring.memo import Memo, shape_key

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TEMPLATES = ("department_2022", "targets", "rules")
HEADER = re.compile(r"^评分表 [^\n]*$", re.MULTILINE)


def _template(name: str) -> str:
    return (EXAMPLES / f"{name}.ind").read_text(encoding="utf-8")


def _renamed(text: str, name: str, title: str | None = None) -> str:
    header = f"评分表 {name}" + (f' "{title}"' if title is not None else "")
    return HEADER.sub(lambda _: header, text, count=1)


def _outcome(card: Path, memo: Memo | None = None) -> object:
    """A project's report as data, or its refusal's codes and messages."""
    try:
        return score(card, card.with_name(f"{card.stem}_actuals.csv"), memo=memo).model_dump()
    except ScoringError as exc:
        return [(d.code, d.message("en"), d.location()) for d in exc.diagnostics]


def _folder(root: Path, cards: dict[str, str], actuals: str) -> list[Path]:
    for name, text in cards.items():
        (root / f"{name}.ind").write_text(text, encoding="utf-8")
        (root / f"{name}_actuals.csv").write_bytes((EXAMPLES / f"{actuals}_actuals.csv").read_bytes())
    return sorted(root / f"{name}.ind" for name in cards)


def _same_as_alone(paths: list[Path]) -> None:
    memo = Memo()
    together = [_outcome(p, memo) for p in paths]
    assert together == [_outcome(p) for p in paths]


# ---- the key: what the checks read ----------------------------------------------------------------


def _with_scorecards() -> list[tuple[str, str]]:
    files = [EXAMPLES / f"{t}.ind" for t in TEMPLATES] + [ROOT / "tests/fixtures/analyses.ind"]
    files += sorted((ROOT / "catalog/templates").glob("*.ind"))
    found = [(p.name, p.read_text(encoding="utf-8")) for p in files]
    mistakes = (ROOT / "tests/fixtures/mistakes.ind").read_text(encoding="utf-8")
    return [*found, ("mistakes.ind + 评分表", mistakes + '\n评分表 错 "标题"\n  预算执行率 = 错案数 / 办结数\n')]


@pytest.mark.parametrize(("label", "text"), _with_scorecards(), ids=lambda x: x if len(x) < 40 else "")
def test_no_check_reads_a_scorecards_name_or_title(label: str, text: str) -> None:
    """`shape_key` leaves a 评分表's name and title out: the errors found are the same under any
    name (another indicator's, a definition's, a formula alias, a budget row's) and any title."""
    assert HEADER.search(text), label
    catalog = loads(text, "a.ind")
    names = [st.name for st in catalog.statements(A.Indicator)] + [st.name for st in catalog.statements(A.Definition)]
    names += [a for ind in catalog for a in ind.aliases] + ["预算执行率", "x", "评分表"]

    def errors(renamed: str) -> list[tuple[str, int, str]]:
        found = run_checks(loads(renamed, "a.ind").context, errors_only=True)
        return sorted((d.code, d.location()[1], d.message("en")) for d in found)

    expected = errors(text)
    for name in names:
        for title in (None, "", name, "年度绩效自评 # noqa"):
            assert errors(_renamed(text, name, title)) == expected, (label, name, title)


def _key(catalog: Catalog, plan_year: int | None = None) -> object:
    return shape_key(catalog.documents, catalog.syntax_diagnostics, plan_year)


def test_projects_of_one_template_share_a_key_and_others_do_not() -> None:
    keys = []
    for template in TEMPLATES:
        text = _template(template)
        a, b = loads(_renamed(text, "项目A", "甲"), "a.ind"), loads(_renamed(text, "项目B", "乙"), "b.ind")
        assert _key(a) == _key(b) is not None
        keys.append(_key(a))
    assert len(set(keys)) == len(keys)


def test_the_plan_year_and_the_scorecards_clauses_are_in_the_key() -> None:
    text = _template("targets")
    assert _key(loads(text)) == _key(loads(text))
    assert _key(loads(text), plan_year=2023) != _key(loads(text))
    other = text.replace("年度 2024", "年度 2025", 1)
    assert other != text and _key(loads(other)) != _key(loads(text))


def test_a_file_with_a_syntax_error_has_no_key() -> None:
    assert _key(loads(_template("rules") + "\n指标 坏 =\n")) is None


# ---- the memo: a twin only for a clean project of the same statements ----------------------------


def test_a_project_with_an_error_the_twin_lacks_is_refused(tmp_path: Path) -> None:
    """Two projects share the indicator blocks; the second repeats one of them (E203) or gives
    its 评分表 a budget row with an unknown function (E206): each is refused with its own
    error, in either order, and the clean one is scored as alone."""
    text = _template("department_2022")
    block = text[text.index("指标 信息化使用通畅") : text.index("指标 赔偿达标率")]
    duplicate = text.replace(block, block + block, 1)
    bad = text.replace("预算执行 全年执行数 /", "预算执行 未知函数(全年执行数) /", 1)
    assert duplicate != text and bad != text
    cards = {"a_clean": _renamed(text, "项目A"), "b_duplicate": _renamed(duplicate, "项目B")}
    cards |= {"c_budget": _renamed(bad, "项目C"), "d_clean": _renamed(text, "项目D", "又一个")}
    paths = _folder(tmp_path, cards, "department_2022")
    for order in (paths, paths[::-1]):
        _same_as_alone(order)
    refused = {p.stem: _outcome(p) for p in paths}
    assert [c for c, *_ in refused["b_duplicate"]] == ["E203"]  # type: ignore[misc]
    assert "E206" in [c for c, *_ in refused["c_budget"]]  # type: ignore[misc]
    assert isinstance(refused["a_clean"], dict) and isinstance(refused["d_clean"], dict)


def test_renamed_scorecards_are_twins_and_score_as_alone(tmp_path: Path) -> None:
    for template in TEMPLATES:
        text = _template(template)
        cards = {f"{template}_{k}": _renamed(text, f"项目{k}", f"项目{k} 年度绩效自评") for k in range(4)}
        paths = _folder(tmp_path, cards, template)
        memo = Memo()
        loaded = [memo.load(p, p.name) for p in paths]
        assert [errors for _, errors, _ in loaded] == [[]] * len(paths)
        assert [twin for *_, twin in loaded] == [None, *[loaded[0][0]] * (len(paths) - 1)], template
        assert all(c.context.env is loaded[0][0].context.env for c, *_ in loaded)
        _same_as_alone(paths)
        together = list(score_all(paths))
        assert [o.report.model_dump() for o in together if o.report] == [_outcome(p) for p in paths]


def test_a_year_given_makes_other_twins(tmp_path: Path) -> None:
    """`score --year`: a twin found under one plan year is no twin under another (deadlines
    without a year are read in it)."""
    text = _template("targets")
    paths = _folder(tmp_path, {"a": _renamed(text, "甲"), "b": _renamed(text, "乙")}, "targets")
    memo = Memo()
    assert memo.load(paths[0], "a.ind")[2] is None
    assert memo.load(paths[1], "b.ind", plan_year=2023)[2] is None
    assert memo.load(paths[1], "b.ind")[2] is not None
    for year in (None, 2023, 2030, None):
        actuals = paths[0].with_name("a_actuals.csv")
        together = score(paths[0], actuals, plan_year=year, memo=memo)
        assert together == score(paths[0], actuals, plan_year=year)


def test_an_error_silenced_by_noqa_makes_no_twin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Project A silences an error on its 评分表 line with `# noqa`; B has the very same nodes
    (its header line is its own) and no pragma: B's error is found.  No shipped check reports
    on that line, so a check that does is added for the test."""

    def at_the_scorecard(ctx):  # type: ignore[no-untyped-def]
        for source, st in ctx.statements():
            if isinstance(st, A.Scorecard):
                yield Diagnostic("E203", st.name_span, source, {"name": st.name, "place": "", "place_en": ""})

    monkeypatch.setattr(check, "PASSES", [*check.PASSES, at_the_scorecard])
    text = _template("rules")
    cards = {"a": HEADER.sub(lambda m: m.group(0) + "  # noqa", text, count=1), "b": text}
    paths = _folder(tmp_path, cards, "rules")
    memo = Memo()
    first, errors, twin = memo.load(paths[0], "a.ind")
    assert errors == [] and twin is None and run_checks(first.context, errors_only=True)
    second, errors, twin = memo.load(paths[1], "b.ind")
    assert twin is None and [d.code for d in errors] == ["E203"] and errors[0].source.name == "b.ind"
    assert _key(first) == _key(second)


def test_a_twins_findings_name_their_own_file(tmp_path: Path) -> None:
    text = _template("department_2022")
    actuals = (EXAMPLES / "department_2022_actuals.csv").read_text(encoding="utf-8")
    paths = _folder(tmp_path, {"one": _renamed(text, "一"), "two": _renamed(text, "二")}, "department_2022")
    paths[1].with_name("two_actuals.csv").write_text(actuals.replace("95.10%", "95.10万元"), encoding="utf-8")
    memo = Memo()
    reports = [score(p, p.with_name(f"{p.stem}_actuals.csv"), memo=memo) for p in paths]
    assert memo.load(paths[1], "two.ind")[2] is not None
    assert reports[1] == score(paths[1], paths[1].with_name("two_actuals.csv")) and reports[1].scorecard == "二"
    files = {p.file for p in reports[1].problems}
    assert files and all("one" not in f for f in files)


def test_a_twin_evaluates_as_the_projects_own_indicator(tmp_path: Path) -> None:
    """Formula indicators computed from their inputs by the twin's compiled evaluator: the
    values, failures (a zero divisor, E612 at its cell) and rows are the project's own."""
    text = _template("department_2022")
    actuals = (EXAMPLES / "department_2022_actuals.csv").read_text(encoding="utf-8")
    paths = []
    for k, change in enumerate(("", "0", "12", "abc")):
        card = tmp_path / f"p{k}.ind"
        card.write_text(_renamed(text, f"项目{k}"), encoding="utf-8")
        rows = actuals.splitlines()
        if change:  # the first input row of a formula indicator given another value
            at = next(i for i, r in enumerate(rows) if r.startswith("计划完成的法律政策"))
            cells = rows[at].split(",")
            cells[1] = change
            rows[at] = ",".join(cells)
        card.with_name(f"p{k}_actuals.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        paths.append(card)
    _same_as_alone(paths)
    codes = [[p.code for p in o.report.problems] for o in score_all(paths) if o.report]
    assert "E612" in codes[1] and codes[1] != codes[0]


def test_lookups_are_built_once_per_twin_and_read_as_built_anew(tmp_path: Path) -> None:
    """The names and inputs actuals are matched against: one build per twin, and a project with
    an alias row (written otherwise) reads its rows as the project scored alone does."""
    text = _template("department_2022")
    actuals = (EXAMPLES / "department_2022_actuals.csv").read_text(encoding="utf-8")
    paths = _folder(tmp_path, {f"p{k}": _renamed(text, f"项目{k}") for k in range(3)}, "department_2022")
    paths[2].with_name("p2_actuals.csv").write_text(
        actuals.replace("项目计划完成率", "项目计划完成率 "), encoding="utf-8"
    )
    memo = Memo()
    first = memo.load(paths[0], "p0.ind")[0]
    calls: list[int] = []
    for _ in range(2):
        assert memo.lookups(first, lambda: calls.append(1) or len(calls)) == 1
    other = loads(text)
    assert memo.lookups(other, lambda: "built") == "built" and memo.lookups(first, lambda: 0) == 1
    _same_as_alone(paths)
