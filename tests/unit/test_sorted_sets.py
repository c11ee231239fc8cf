"""Sets made by sorting are numpy's own unique and intersection."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from corpus.sorted_sets import common, distinct

integers = arrays(np.int64, st.integers(0, 200), elements=st.integers(-(2**62), 2**62))
small = arrays(np.int32, st.integers(0, 200), elements=st.integers(0, 30))


@given(st.one_of(integers, small))
def test_distinct_is_numpys_unique(values: np.ndarray) -> None:
    found = distinct(values)
    assert found.dtype == values.dtype and np.array_equal(found, np.unique(values))


@given(st.one_of(integers, small), st.one_of(integers, small))
def test_common_is_numpys_intersection(first: np.ndarray, second: np.ndarray) -> None:
    assert np.array_equal(common(first, second), np.intersect1d(first, second))
