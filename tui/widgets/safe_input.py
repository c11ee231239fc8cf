"""A text box that never holds terminal or bidi controls, whatever is typed or pasted into it."""

from __future__ import annotations

from textual.widgets import Input

from corpus.safety import BIDI_CONTROLS, visible

__all__ = ["SafeInput", "clean_query"]

_DROP = {ord(c): None for c in BIDI_CONTROLS | {"\u200b"}}


def clean_query(text: str) -> str:
    """Controls become visible symbols (␛ …); bidi controls, which search ignores anyway, are dropped."""
    return visible(text.translate(_DROP))


class SafeInput(Input):
    """An Input whose value is cleaned on every change: pasted escape sequences stay harmless text."""

    def validate_value(self, value: str) -> str:
        return clean_query(value)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(clean_query(text), start, end)
