"""The display engine: shaped, correctly ordered Arabic for terminals that cannot do it themselves.

Pure text functions; nothing here imports Textual (import-linter checks it). `visible` makes
untrusted text safe to show: every terminal control becomes a visible symbol; `link_target`
and `shown_address` make a web address a hyperlink that shows where it goes.
"""

from tui.display.charts import timeline_chart
from tui.display.counts import ARTICLES, MENTIONS, ArabicNoun, arabic_count
from tui.display.layout import (
    BidiMode,
    DisplayOptions,
    PreparedParagraph,
    VisualLine,
    forget_prepared,
    iter_rendered,
    layout,
    pieces,
    prepare,
    render_text,
)
from tui.display.levels import bidi_class, is_rtl_text
from tui.display.links import is_web_address, link_target, shown_address
from tui.display.safety import BIDI_CONTROLS, BIDI_MARKER, visible

__all__ = [
    "timeline_chart",
    "ARTICLES",
    "MENTIONS",
    "ArabicNoun",
    "arabic_count",
    "BIDI_CONTROLS",
    "BIDI_MARKER",
    "bidi_class",
    "visible",
    "is_web_address",
    "link_target",
    "shown_address",
    "BidiMode",
    "DisplayOptions",
    "PreparedParagraph",
    "VisualLine",
    "is_rtl_text",
    "layout",
    "prepare",
    "forget_prepared",
    "iter_rendered",
    "pieces",
    "render_text",
]
