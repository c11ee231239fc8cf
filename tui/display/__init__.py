"""The display engine: shaped, correctly ordered Arabic for terminals that cannot do it themselves.

Pure text functions; nothing here imports Textual.
"""

from tui.display.layout import (
    BidiMode,
    DisplayOptions,
    PreparedParagraph,
    VisualLine,
    layout,
    prepare,
    render_text,
)
from tui.display.levels import is_rtl_text

__all__ = [
    "BidiMode",
    "DisplayOptions",
    "PreparedParagraph",
    "VisualLine",
    "is_rtl_text",
    "layout",
    "prepare",
    "render_text",
]
