"""Ids made unique across a bounded build's parts by their hashes (corpus.storage.unique_ids)
against UniqueIds claiming them one by one."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.load import UniqueIds
from corpus.packed import PackedStrings
from corpus.storage.unique_ids import unique_ids

IDS = st.sampled_from(["x", "x~2", "x~3", "x~2~2", "y", "y~2", "z", "خبر", "خبر~2", "", "~2"])


def _one_by_one(ids: list[str]) -> list[str]:
    claimed = UniqueIds()
    return [claimed.claim_id(wanted) for wanted in ids]


def _weak(column: PackedStrings) -> np.ndarray:
    """A hash most ids share (by length): every id is then looked at as a string."""
    return np.array([len(value) % 3 for value in column.many(range(len(column)))], dtype=np.uint64)


@settings(max_examples=300, deadline=None)
@given(ids=st.lists(IDS, max_size=30), cuts=st.lists(st.integers(0, 30), max_size=4), weak=st.booleans())
def test_ids_made_unique_by_their_hashes_are_those_claimed_one_by_one(
    ids: list[str], cuts: list[int], weak: bool
) -> None:
    bounds = sorted({0, len(ids), *(min(cut, len(ids)) for cut in cuts)})
    parts = [PackedStrings.of(ids[low:high]) for low, high in zip(bounds, bounds[1:], strict=False)]
    renamed = unique_ids(parts, _weak) if weak else unique_ids(parts)
    assert [renamed.get(row, wanted) for row, wanted in enumerate(ids)] == _one_by_one(ids)


def test_ids_no_two_share_are_not_looked_at() -> None:
    parts = [PackedStrings.of([f"a{n}" for n in range(1000)]), PackedStrings.of([f"b{n}" for n in range(1000)])]
    assert unique_ids(parts) == {}
    assert unique_ids([PackedStrings.of(["a", "a~2", "a"])]) == {2: "a~3"}
