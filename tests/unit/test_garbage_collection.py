"""Memory handed back: the C library's threshold for blocks mapped on their own, set for a block
of work and put back after, whatever happens in it."""

from __future__ import annotations

import pytest

from corpus import garbage_collection
from corpus.garbage_collection import DYNAMIC_CEILING, LARGE_BLOCK, M_MMAP_THRESHOLD, large_blocks_returned


def test_the_threshold_is_set_for_the_block_and_put_back_even_when_it_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []

    def mallopt(parameter: int, value: int) -> int:
        calls.append((parameter, value))
        return 1

    monkeypatch.setattr(garbage_collection, "_libc_function", lambda name: mallopt if name == "mallopt" else None)
    with pytest.raises(RuntimeError), large_blocks_returned():
        assert calls == [(M_MMAP_THRESHOLD, LARGE_BLOCK)]
        raise RuntimeError("the work failed")
    assert calls == [(M_MMAP_THRESHOLD, LARGE_BLOCK), (M_MMAP_THRESHOLD, DYNAMIC_CEILING)]


def test_without_mallopt_or_when_it_refuses_the_block_runs_and_nothing_is_put_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[int, int]] = []

    def refusing(parameter: int, value: int) -> int:
        calls.append((parameter, value))
        return 0

    ran = []
    for found in (None, refusing):
        monkeypatch.setattr(garbage_collection, "_libc_function", lambda name, found=found: found)
        with large_blocks_returned():
            ran.append(True)
    assert ran == [True, True] and calls == [(M_MMAP_THRESHOLD, LARGE_BLOCK)]


def test_the_c_librarys_own_threshold_can_be_set_here() -> None:
    """On this machine (glibc) the setting is taken, and allocations go on as before."""
    import numpy as np

    with large_blocks_returned():
        values = np.ones(3 * LARGE_BLOCK, dtype=np.uint8)
    assert int(values.sum()) == 3 * LARGE_BLOCK
