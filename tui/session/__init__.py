"""The session: what the app holds and remembers of one archive, with no Textual import (the
screen draws it; tests drive it without one)."""

from tui.session.remembered import BOOKMARK, READ, UNREAD, Remembered
from tui.session.saved_file import HISTORY_LIMIT, Memory, SavedSearch, memory_file
from tui.session.session import Opened, Restored, Session

__all__ = [
    "BOOKMARK",
    "HISTORY_LIMIT",
    "READ",
    "UNREAD",
    "Memory",
    "Opened",
    "Remembered",
    "Restored",
    "SavedSearch",
    "Session",
    "memory_file",
]
