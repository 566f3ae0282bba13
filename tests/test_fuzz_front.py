"""Bounded fuzz of the front end in CI (the long seeded run is benchmarks/fuzz/front_end.py):
mutated repository statements and generated documents never crash parse/check/unparse, and
whatever parses clean prints text that reads back the same."""

from __future__ import annotations

import importlib.util
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_dsl import ast as A
from indicator_dsl.source import Source
from indicator_dsl.unparse import document_text
from tests.conftest import ROOT
from tests.strategies import statements

_spec = importlib.util.spec_from_file_location("front_end_fuzz", ROOT / "benchmarks" / "fuzz" / "front_end.py")
assert _spec is not None and _spec.loader is not None
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)
PIECES = fuzz.corpus()


@given(st.integers(0, 2**32))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_repository_statements(seed: int) -> None:
    text = fuzz.one_input(random.Random(seed), PIECES)
    assert fuzz.run_one(text) is None, repr(text)


@given(st.lists(statements, min_size=1, max_size=3), st.integers(0, 2**32))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_mutated_generated_documents(sts: list[A.Statement], seed: int) -> None:
    text = fuzz.mutate(random.Random(seed), document_text(A.Document(Source("<gen>", ""), tuple(sts))))
    assert fuzz.run_one(text) is None, repr(text)


def test_the_harness_counts_what_it_is_told_to() -> None:
    assert fuzz.run_one("r = a / b\n") is None
    assert fuzz.run_one("指标 a\n  公式 x +\n") is None  # a syntax error is a finding, not a failure


def test_a_failing_input_is_saved_byte_for_byte(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = "指标 a\r\n  目标 \x1c≥95\u00a0\n"
    fuzz.save_failure(tmp_path, "roundtrip", 7, text, "roundtrip: printed text reads back differently")
    assert (tmp_path / "roundtrip-7.ind").read_bytes() == text.encode("utf-8")
    assert (tmp_path / "roundtrip-7.txt").read_text(encoding="utf-8").startswith("roundtrip:")
