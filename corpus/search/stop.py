"""Stopping a search part way: the app asks its searches to stop when it quits or a newer one starts."""

from __future__ import annotations

from collections.abc import Callable

from corpus.errors import AkhbarError

__all__ = ["SearchStopped", "Stop", "check_stop"]

Stop = Callable[[], bool]
"""Asked between the steps of a search (each word, each result): True stops the search."""


class SearchStopped(AkhbarError):
    """Raised from inside a search whose `stop` said to stop: it has no result."""


def check_stop(stop: Stop | None) -> None:
    """Raise SearchStopped when `stop` says to stop."""
    if stop is not None and stop():
        raise SearchStopped
