"""Copying to the terminal's clipboard (OSC 52): the text's words and line breaks, never its controls."""

from __future__ import annotations

from textual.widget import Widget

from tui.display import BIDI_CONTROLS, DisplayOptions, render_text, visible

__all__ = ["COPY_LIMIT", "copy_text", "copied_preview", "without_controls"]

_CONTROLS = {c: None for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A)}
_CONTROLS.update({ord(c): None for c in BIDI_CONTROLS})


def without_controls(text: str) -> str:
    """`text` less C0, C1 and bidi controls (tabs and line breaks kept): what pasted into a
    shell cannot run or reorder anything."""
    return text.replace("\r\n", "\n").translate(_CONTROLS)


COPY_LIMIT = 1_000_000
"""Characters at most sent to the terminal's clipboard: a 50-million-character article froze the
app 8 s and more and went whole through OSC 52, which terminals cut or refuse far below that."""


def copy_text(widget: Widget, text: str | None) -> None:
    """Copy `text` for the user, and say so; a widget with nothing to copy, or too much for a
    terminal's clipboard (COPY_LIMIT), says that instead."""
    if text and len(text) > COPY_LIMIT:
        widget.notify(
            f"Not copied: {len(text):,} characters, more than a terminal's clipboard takes "
            f"(at most {COPY_LIMIT:,}); `akhbar show` writes the whole article",
            severity="warning",
            timeout=6,
        )
        return
    cleaned = without_controls(text) if text else ""
    if not cleaned.strip():
        widget.notify("Nothing to copy here", timeout=2)
        return
    widget.app.copy_to_clipboard(cleaned)
    said = f"Copied {copied_preview(cleaned)} ({len(cleaned):,} characters; OSC 52, ? for terminal support)"
    options = getattr(widget.app, "options", None)
    if isinstance(options, DisplayOptions):  # shaped and ordered as the rest of the screen, a line at a time
        said = "\n".join(
            line.rstrip() for line in render_text(said, toast_width(widget.app.size.width), options, rtl=False)
        )
    widget.notify(said, timeout=4)


def toast_width(screen_width: int) -> int:
    """The cells a notice's text has on a screen this wide (Textual's Toast: 60 wide, at most half
    the screen, a cell of padding each side and its left border): wrapped here, before the bidi
    algorithm orders each line, its lines read in order (wrapped after, the end came first)."""
    return max(16, min(60, (screen_width or 80) // 2) - 4)


PREVIEW = 40
"""Characters of copied text the notice shows."""


def copied_preview(text: str) -> str:
    """The start of copied text, on one line and safe to show: «…» around its first PREVIEW characters."""
    flat = " ".join(text.split())
    cut = (
        flat if len(flat) <= PREVIEW else flat[: PREVIEW + 1].rsplit(" ", 1)[0][:PREVIEW].rstrip() + "…"
    )  # whole words
    return f"«{visible(cut, bidi='strip')}»"
