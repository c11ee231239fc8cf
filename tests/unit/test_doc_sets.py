"""Sets of article numbers as sorted arrays answer as Python sets do."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.entities.doc_sets import DocPairs, Docs

numbers = st.sets(st.integers(min_value=0, max_value=200), max_size=40)


@given(numbers, numbers, st.integers(min_value=-5, max_value=205))
def test_docs_answer_as_sets(first: set[int], second: set[int], probe: int) -> None:
    a, b = Docs(first), Docs(second)
    assert list(a) == sorted(first) and len(a) == len(first) and bool(a) == bool(first)
    assert (probe in a) == (probe in first)
    assert list(a & b) == sorted(first & second)
    assert list(a - b) == sorted(first - second)
    assert list(a | b) == sorted(first | second)
    assert list(a & second) == sorted(first & second)  # a Python set on the right
    assert list(a - second) == sorted(first - second)
    assert a == first and (a == b) == (first == second)
    assert list(Docs.union([a, b, Docs()])) == sorted(first | second)


def test_docs_hold_four_bytes_an_article() -> None:
    docs = Docs(range(0, 3_000_000, 3))
    assert docs.values.dtype == np.int32 and docs.values.nbytes == 4 * len(docs)
    assert "text" not in docs and 3 in docs and 4 not in docs
    assert list(Docs([2**31 - 1, 5])) == [5, 2**31 - 1]
    with pytest.raises(ValueError):
        Docs({2**31, 5})  # would wrap to a negative number, out of order
    with pytest.raises(ValueError):
        Docs(np.array([-1, 3]))


@given(st.lists(numbers, max_size=12), st.sets(st.integers(min_value=0, max_value=200), max_size=30))
def test_pairs_give_each_article_its_names(named: list[set[int]], asked: set[int]) -> None:
    pairs = DocPairs([Docs(docs) for docs in named])
    docs, holders = pairs.holders(np.array(sorted(asked), dtype=np.int64))
    expected = Counter((doc, number) for doc in asked for number, held in enumerate(named) if doc in held)
    assert Counter(zip(docs.tolist(), holders.tolist(), strict=True)) == expected
    assert pairs.sizes.tolist() == [len(held) for held in named]
    assert pairs.articles == max(1, len(set().union(*named)))
