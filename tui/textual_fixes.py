"""Guards for Textual 8.2.8 bugs that the app's monkey test hits (textual is pinned exactly).

OptionList._move_page looks the highlighted option up in `_index_to_line` before the list
has laid its lines out, so PageUp/PageDown pressed in the command palette while its results
are still arriving raises KeyError and ends the app (reported upstream in projects using
OptionList: "KeyError crash in action_page OptionsList"). Until the lines exist, a page key
does nothing.
"""

from __future__ import annotations

from textual.widgets import OptionList

__all__ = ["apply"]

_applied = False


def apply() -> None:
    """Install the guards once."""
    global _applied
    if _applied:
        return
    original = OptionList._move_page

    def guarded_move_page(self: OptionList, direction: int) -> None:  # type: ignore[no-untyped-def]
        if not self._lines or (self.highlighted or 0) not in self._index_to_line:
            return
        original(self, direction)  # type: ignore[arg-type]

    OptionList._move_page = guarded_move_page  # type: ignore[method-assign]
    _applied = True
