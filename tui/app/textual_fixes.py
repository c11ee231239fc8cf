"""Guards for Textual 8.2.8 bugs that the app's monkey test hits (textual is pinned exactly).

OptionList._move_page looks the highlighted option up in `_index_to_line` before the list
has laid its lines out, so PageUp/PageDown pressed in the command palette while its results
are still arriving raises KeyError and ends the app (reported upstream in projects using
OptionList: "KeyError crash in action_page OptionsList"). Until the lines exist, a page key
does nothing.

CommandPalette._select_or_command runs on every Enter, even one that arrives after an
earlier Enter of the same burst has already dismissed the palette: the second dismiss pops
the last screen and raises ScreenStackError. Once the palette is no longer the current
screen, Enter there does nothing.

The Linux driver decodes the keyboard as strict UTF-8: one byte that is not (xterm's 8-bit
meta for alt+key, an SSH client set to Windows-1256) ends its input thread and the app closes
at once, status 0, nothing saved. Such a byte is read as U+FFFD instead.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

from textual.command import CommandPalette
from textual.drivers import linux_driver
from textual.widgets import OptionList

__all__ = ["apply"]

_applied = False


def apply() -> None:
    """Install the guards once."""
    global _applied
    if _applied:
        return
    original = OptionList._move_page

    def guarded_move_page(self: OptionList, direction: int) -> None:
        if not self._lines or (self.highlighted or 0) not in self._index_to_line:
            return
        original(self, direction)  # type: ignore[arg-type]

    OptionList._move_page = guarded_move_page  # type: ignore[method-assign]
    _guard_palette_submit()
    linux_driver.getincrementaldecoder = _lenient_decoder  # type: ignore[assignment,attr-defined]
    _applied = True


def _lenient_decoder(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    """codecs.getincrementaldecoder, whose decoders replace what is not `encoding` (U+FFFD)."""
    factory = codecs.getincrementaldecoder(encoding)

    def lenient(errors: str = "strict") -> codecs.IncrementalDecoder:
        return factory(errors="replace")

    return lenient


def _guard_palette_submit() -> None:
    original = CommandPalette._select_or_command

    def guarded(self: CommandPalette, event=None) -> None:  # type: ignore[no-untyped-def]
        if not self.is_current:
            if event is not None:
                event.stop()
            return
        original(self, event)

    CommandPalette._select_or_command = guarded  # type: ignore[method-assign]
    # @on handlers are collected when the class is made: swap the collected ones too.
    for handlers in CommandPalette._decorated_handlers.values():
        handlers[:] = [(guarded if method is original else method, selectors) for method, selectors in handlers]
