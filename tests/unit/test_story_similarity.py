"""The stories' text neighbours and reprint candidates equal what measuring every pair finds."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sparse
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.search.segmented import StackedRows
from corpus.stories import index as story_index
from corpus.stories import reprints, similarity
from corpus.stories.index import NO_GROUP, _reprint_groups


def brute_neighbours(vectors: sparse.csr_matrix, days: np.ndarray, groups: np.ndarray) -> dict[tuple[int, int], float]:
    """Each dated article's NEIGHBOURS best others (cosine ≥ FLOOR, within WINDOW_DAYS, not
    its own group), ties to the earlier in date order, then by key."""
    dense = (vectors @ vectors.T).toarray()
    by_day = sorted(np.flatnonzero(days >= 0).tolist(), key=lambda doc: (days[doc], doc))
    found: dict[tuple[int, int], float] = {}
    for doc in by_day:
        others = [
            (-float(dense[doc, other]), position, other)
            for position, other in enumerate(by_day)
            if abs(days[doc] - days[other]) <= similarity.WINDOW_DAYS
            and groups[doc] != groups[other]
            and dense[doc, other] >= similarity.FLOOR
        ]
        for minus, _, other in sorted(others)[: similarity.NEIGHBOURS]:
            found[(min(doc, other), max(doc, other))] = -minus
    return found


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 60), st.sampled_from([1, 3, 200]))
def test_story_neighbours_are_the_nearest_of_each_window(seed: int, count: int, block: int) -> None:
    rng = np.random.default_rng(seed)
    dense = rng.random((count, 12)) * (rng.random((count, 12)) < 0.3)
    dense[rng.random(count) < 0.2] = dense[0]  # equal texts: equal cosines to break ties
    lengths = np.linalg.norm(dense, axis=1)
    vectors = sparse.csr_matrix((dense / np.where(lengths > 0, lengths, 1)[:, None]).astype(np.float32))
    days = rng.integers(-1, 12, count)
    groups = np.where(rng.random(count) < 0.3, rng.integers(0, 3, count), -1 - np.arange(count))
    original = similarity.BLOCK
    similarity.BLOCK = block
    try:
        near = similarity.neighbours(vectors, days, groups)
    finally:
        similarity.BLOCK = original
    expected = brute_neighbours(vectors, days, groups)
    assert set(map(tuple, near.pairs.tolist())) == set(expected)
    for (a, b), cosine in zip(near.pairs.tolist(), near.cosines.tolist(), strict=True):
        assert abs(cosine - expected[(a, b)]) < 1e-5


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 80))
def test_reprint_candidates_are_every_pair_sharing_a_band(seed: int, count: int) -> None:
    rng = np.random.default_rng(seed)
    originals = rng.integers(0, 2**32, (max(count // 4, 1), reprints.NUM_PERM), dtype=np.uint32)
    values = originals[rng.integers(0, len(originals), count)].copy()
    changed = rng.random(values.shape) < rng.random((count, 1))  # copies edited more or less
    values[changed] = rng.integers(0, 2**32, int(changed.sum()), dtype=np.uint32)
    values[rng.random(count) < 0.1] = reprints.EMPTY
    rows = reprints.NUM_PERM // reprints.BANDS
    expected = set()
    for a in range(count):
        for b in range(a + 1, count):
            if values[a, 0] == reprints.EMPTY or values[b, 0] == reprints.EMPTY:
                continue
            bands = (values[a] == values[b]).reshape(reprints.BANDS, rows).all(axis=1)
            if bands.any() and (values[a] == values[b]).mean() >= reprints.REPRINT_JACCARD:
                expected.add((a, b))
    pairs = reprints.similar_pairs(values)
    assert [tuple(pair) for pair in pairs.tolist()] == sorted(expected)  # sorted, each once
    with pytest.MonkeyPatch.context() as patch:  # pairs made, checked and merged a few at a time
        patch.setattr(reprints, "PAIR_CHUNK", 5)
        patch.setattr(reprints, "CHECK_ROWS", 3)
        assert np.array_equal(reprints.similar_pairs(values), pairs)
    among = rng.random(count) < 0.5
    wanted = {(a, b) for a, b in expected if among[a] or among[b]}
    assert {tuple(p) for p in reprints.similar_pairs(values, among).tolist()} == wanted
    original = reprints.KEY_ROWS
    reprints.KEY_ROWS = 7  # the rows read in blocks, a saved table's and the new ones' stacked
    try:
        split = int(rng.integers(1, count))
        stacked = StackedRows(values[:split], values[split:])
        assert {tuple(p) for p in reprints.similar_pairs(stacked, among).tolist()} == wanted
    finally:
        reprints.KEY_ROWS = original


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 60))
def test_reprint_groups_are_the_connected_articles_numbered_by_first_article(seed: int, count: int) -> None:
    rng = np.random.default_rng(seed)
    groups = np.where(rng.random(count) < 0.4, rng.integers(0, 5, count), NO_GROUP).astype(np.int64)
    a, b = rng.integers(0, count, 30), rng.integers(0, count, 30)
    pairs = np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1)[a != b].astype(np.int64)
    together = [{doc} for doc in range(count)]  # each article's set, merged by hand
    links = [(int(x), int(y)) for x, y in pairs] + [
        (int(x), int(y)) for x in range(count) for y in range(count) if groups[x] != NO_GROUP and groups[x] == groups[y]
    ]
    for x, y in links:
        if together[x] is not together[y]:
            merged = together[x] | together[y]
            for doc in merged:
                together[doc] = merged
    sets = sorted({min(s): s for s in together if len(s) > 1}.items())
    expected = np.full(count, NO_GROUP, dtype=np.int64)
    for number, (_, members) in enumerate(sets):
        expected[sorted(members)] = number
    assert np.array_equal(_reprint_groups(groups, pairs), expected)
    with pytest.MonkeyPatch.context() as patch:  # the edges spread a few at a time
        patch.setattr(story_index, "EDGE_CHUNK", 4)
        assert np.array_equal(_reprint_groups(groups, pairs.astype(np.int32)), expected)


def test_day_numbers_are_the_dates_ordinals_and_minus_one_where_there_is_no_date() -> None:
    import contextlib
    from datetime import date

    from corpus.stories.similarity import ordinals

    def one(stamp: int) -> int:
        with contextlib.suppress(ValueError):
            return date(stamp // 10000, stamp // 100 % 100, stamp % 100).toordinal() if stamp > 0 else -1
        return -1

    rng = np.random.default_rng(5)
    edges = [0, -1, 101, 10101, 99991231, 100000101, 20240229, 20230229, 19000229, 20000229, 20230132, 20231301]
    made = rng.integers(0, 10100, 30000) * 10000 + rng.integers(0, 14, 30000) * 100 + rng.integers(0, 33, 30000)
    stamps = np.concatenate([np.array(edges, dtype=np.int64), made, rng.integers(-(10**9), 2**31, 3000)])
    assert ordinals(stamps).tolist() == [one(stamp) for stamp in stamps.tolist()]
    # a few years of stamps (looked up in a table of their span), with no-dates and impossible days
    near = 20230000 + rng.integers(0, 3, 30000) * 10000 + rng.integers(0, 14, 30000) * 100 + rng.integers(0, 33, 30000)
    near[::9] = 0
    near[::13] = -7
    assert ordinals(near).tolist() == [one(stamp) for stamp in near.tolist()]


@pytest.mark.parametrize("count", [1, 2, 8, 9, 40])
def test_keys_sought_among_values_are_found_as_isin_finds_them(count: int) -> None:
    from corpus.stories.reprints import _in_sorted

    rng = np.random.default_rng(count)
    values = rng.integers(0, 50, 1000).astype(np.uint32)
    keys = np.unique(rng.integers(0, 50, count).astype(np.uint32))
    assert np.array_equal(_in_sorted(keys, values), np.isin(values, keys))
