"""The main screen's commands that act on the session and the panes rather than on the layout
or the focus, by the action name their keys give in tui.app.keys (owner "command"). The
screen runs one with `action_command(name)`; the palette the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.app.commands import library, reading, searching, stories

if TYPE_CHECKING:
    from tui.app.main_screen import MainScreen

__all__ = ["COMMANDS", "Command"]

Command = Callable[["MainScreen"], object]

COMMANDS: dict[str, Command] = {
    name: getattr(module, name) for module in (library, reading, searching, stories) for name in module.__all__
}
"""Every command, by its action name."""
