"""The one base class of the failures Akhbar names."""

from __future__ import annotations

__all__ = ["AkhbarError"]


class AkhbarError(Exception):
    """A failure Akhbar names (an unreadable article, a damaged index, a file that is not a
    regular one…). Each also derives from the built-in class its callers catch where there is
    one (OSError for files, ValueError for text), so `except AkhbarError` catches every one of
    them and `except OSError` still catches a file's."""
