"""Snapshots of the main screen at 80x24 and 120x40 (textual is pinned exactly in pyproject.toml)."""

from __future__ import annotations

import pytest

from tests.helpers import ready
from tui.app import make_app


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await ready(pilot.app, pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_main_screen(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(show_timings=False), terminal_size=size, run_before=_loaded)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_search_and_reader(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def search_and_open(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press(*"باشينيان")
        await _loaded(pilot)
        await pilot.press("enter", "enter")
        await _loaded(pilot)

    assert snap_compare(make_app(show_timings=False), terminal_size=size, run_before=search_and_open)
