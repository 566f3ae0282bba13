"""Print → parse round trip over the whole language (issues 16.11, 17.9): every statement kind,
every clause, hostile text in every text slot."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_dsl import ast as A
from indicator_dsl.parser import parse_document
from indicator_dsl.source import Source
from indicator_dsl.unparse import document_text
from tests.conftest import strip_spans
from tests.strategies import statements

documents = st.lists(statements, min_size=1, max_size=4).map(lambda sts: A.Document(Source("<gen>", ""), tuple(sts)))


@given(documents)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_every_document_prints_text_that_reads_back_the_same(doc: A.Document) -> None:
    text = document_text(doc)
    again, diags = parse_document(text)
    assert [d.code for d in diags] == [], text
    assert strip_spans(again.statements) == strip_spans(doc.statements), text
    assert document_text(again) == text  # printing is a fixed point
