"""Sets made by sorting are numpy's own unique and intersection; ranges gathered by runs are
the ranges."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from corpus import packed, sorted_sets
from corpus.sorted_sets import common, counted, dense_unique, distinct, members, paired, squeezed, stable_order

integers = arrays(np.int64, st.integers(0, 200), elements=st.integers(-(2**62), 2**62))
small = arrays(np.int32, st.integers(0, 200), elements=st.integers(0, 30))


@given(st.one_of(integers, small))
def test_distinct_is_numpys_unique(values: np.ndarray) -> None:
    found = distinct(values)
    assert found.dtype == values.dtype and np.array_equal(found, np.unique(values))
    half = len(values) // 2  # two sorted runs, as the reprint candidates are merged
    runs = np.concatenate([np.sort(values[:half]), np.sort(values[half:])])
    assert np.array_equal(distinct(runs, runs=True), np.unique(values))
    own = values.copy()
    assert np.array_equal(distinct(own, in_place=True), np.unique(values))


@given(st.integers(0, 2**32 - 1), st.integers(0, 9000), st.sampled_from(["keys", "wide", "few", "high", "far"]))
def test_stable_order_and_dense_unique_are_numpys(seed: int, rows: int, kind: str) -> None:
    """Keys past RADIX_KEYS are sorted a 16-bit digit at a time; dense ones counted."""
    rng = np.random.default_rng(seed)
    made: dict[str, Callable[[], np.ndarray]] = {
        "keys": lambda: rng.integers(0, max(rows, 1), rows),
        "wide": lambda: rng.integers(-(2**40), 2**40, rows),
        "few": lambda: rng.integers(0, 4, rows).astype(np.int32),
        "high": lambda: rng.integers(2**63, 2**64 - 1, rows, dtype=np.uint64),
        "far": lambda: rng.integers(-(2**62), 2**62, rows),
    }
    keys = made[kind]()
    assert np.array_equal(stable_order(keys), np.argsort(keys, kind="stable"))
    found, first, inverse = dense_unique(keys)
    expected, expected_first, expected_inverse = np.unique(keys, return_index=True, return_inverse=True)
    assert found.dtype == keys.dtype and np.array_equal(found, expected)
    assert np.array_equal(first, expected_first) and np.array_equal(inverse, np.ravel(expected_inverse))


@given(st.one_of(integers, small), st.one_of(integers, small))
def test_common_is_numpys_intersection(first: np.ndarray, second: np.ndarray) -> None:
    assert np.array_equal(common(first, second), np.intersect1d(first, second))


@given(st.integers(0, 2**32 - 1), st.integers(0, 300), st.sampled_from([1, 3, 1 << 23]))
def test_gathered_runs_are_the_ranges_one_after_another(seed: int, rows: int, block: int) -> None:
    rng = np.random.default_rng(seed)
    lengths = rng.integers(0, 6, rows + 1)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    values = rng.integers(0, 255, int(offsets[-1])).astype(np.uint8)
    chosen = np.flatnonzero(rng.random(rows + 1) < rng.random())  # kept rows: long runs or scattered
    starts, sizes = offsets[chosen], lengths[chosen]
    expected = np.concatenate([values[s : s + n] for s, n in zip(starts, sizes, strict=True)] or [values[:0]])
    original = packed.RUN_BLOCK
    packed.RUN_BLOCK = block
    try:
        assert np.array_equal(packed.gather_runs(values, starts, sizes), expected)
    finally:
        packed.RUN_BLOCK = original


@given(st.one_of(integers, small), st.one_of(integers, small))
def test_members_is_numpys_isin(values: np.ndarray, wanted: np.ndarray) -> None:
    assert np.array_equal(members(values, wanted), np.isin(values, wanted))


def test_members_looks_up_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sorted_sets, "MEMBER_CHUNK", 7)
    values = np.arange(100, dtype=np.int32) % 23
    assert np.array_equal(members(values, [3, 5, 22, 40]), np.isin(values, [3, 5, 22, 40]))


@given(st.one_of(integers, small), st.integers(1, 9))
def test_squeezed_is_numpys_unique_in_its_own_memory(values: np.ndarray, chunk: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sorted_sets, "MEMBER_CHUNK", chunk)  # repeats moved out across chunks
        half = len(values) // 2
        runs = np.concatenate([np.sort(values[:half]), np.sort(values[half:])])
        found = squeezed(runs, runs=True)
    assert found is runs and found.dtype == values.dtype and np.array_equal(found, np.unique(values))


@given(st.one_of(integers, small))
def test_counted_is_numpys_unique_with_counts(values: np.ndarray) -> None:
    found, counts = counted(values.copy())
    expected, expected_counts = np.unique(values, return_counts=True)
    assert np.array_equal(found, expected) and np.array_equal(counts, expected_counts)


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 6)), max_size=20), st.booleans())
def test_range_positions_are_every_position_of_each_range(ranges: list[tuple[int, int]], packed_ranges: bool) -> None:
    lengths = np.array([length for _, length in ranges], dtype=np.int64)
    if packed_ranges:  # one after another from 0, as a table's entities: no shift is added
        starts = np.cumsum(lengths) - lengths
    else:
        starts = np.array([start for start, _ in ranges], dtype=np.int64)
    expected = [
        p for start, length in zip(starts.tolist(), lengths.tolist(), strict=True) for p in range(start, start + length)
    ]
    assert packed.range_positions(starts, lengths).tolist() == expected


def test_paired_widens_before_it_multiplies() -> None:
    first = np.array([0, 3, 2**31 - 1], dtype=np.int32)
    second = np.array([5, 0, 2**31 - 1], dtype=np.int32)
    codes = paired(first, 2**31, second)
    assert codes.dtype == np.int64 and codes.tolist() == [
        a * 2**31 + b for a, b in zip(first.tolist(), second.tolist(), strict=True)
    ]
    assert first.tolist() == [0, 3, 2**31 - 1]  # a new column: the caller's stays as it was


@given(small, st.integers(0, 40), st.integers(1, 7))
def test_tally_is_bincount_a_block_at_a_time(values: np.ndarray, size: int, chunk: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sorted_sets, "MEMBER_CHUNK", chunk)
        counts = sorted_sets.tally(values, size)
    assert counts.dtype == np.int64
    assert np.array_equal(counts, np.bincount(values, minlength=size))


@given(small, st.integers(1, 7), st.randoms(use_true_random=False))
def test_stably_grouped_is_a_stable_sort_by_rank(keys: np.ndarray, chunk: int, random: object) -> None:
    size = int(keys.max(initial=0)) + 1
    rank = np.arange(size, dtype=np.int32)
    random.shuffle(rank)  # type: ignore[attr-defined]
    values = np.arange(len(keys), dtype=np.int32)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sorted_sets, "MEMBER_CHUNK", chunk)
        grouped = sorted_sets.stably_grouped(values, keys, sorted_sets.tally(keys, size), rank)
    assert np.array_equal(grouped, values[np.argsort(rank[keys], kind="stable")])
