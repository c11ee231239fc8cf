"""Turning the display engine's visual lines into Textual strips, with highlighted spans."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.display import DisplayOptions, VisualLine, layout, prepare

__all__ = ["Span", "count_label", "visual_strip", "text_strip", "first_line"]

Span = tuple[int, int, Style]
"""(start, end, style): original offsets, relative to the paragraph, and how to show them."""


def visual_strip(
    line: VisualLine,
    width: int,
    base: Style,
    spans: Sequence[Span] = (),
    *,
    offset_y: int | None = None,
) -> Strip:
    """A strip showing one visual line; clusters whose original text falls in a span take its style.

    With `offset_y`, every segment carries its first column and the line as selection metadata.
    Textual finds a column inside a segment by counting characters, so a segment holds either
    one cluster, or clusters that are each one character one cell wide.
    """
    segments: list[Segment] = []

    def add(text: str, style: Style, column: int) -> None:
        if offset_y is not None:
            style = style + Style.from_meta({"offset": (column, offset_y)})
        segments.append(Segment(text, style))

    column = 0
    if line.indent:
        add(" " * line.indent, base, 0)
        column = line.indent
    run: list[str] = []
    run_style: Style | None = None
    run_column = column
    for glyph, start, end, cell in zip(line.glyphs, line.starts, line.ends, line.widths, strict=True):
        style = base
        for span_start, span_end, span_style in spans:
            if span_start < end and span_end > start:
                style = style + span_style
        simple = cell == 1 and len(glyph) == 1
        if run and (style != run_style or not simple):
            add("".join(run), run_style, run_column)  # type: ignore[arg-type]
            run = []
        if not simple:
            add(glyph, style, column)
        else:
            if not run:
                run_style, run_column = style, column
            run.append(glyph)
        column += cell
    if run:
        add("".join(run), run_style, run_column)  # type: ignore[arg-type]
    return Strip(segments).crop_extend(0, width, base)


def text_strip(text: str, width: int, style: Style) -> Strip:
    """A strip of plain left-to-right text (already safe), padded or cut to the width."""
    strip = Strip([Segment(text, style)])
    return strip.crop_extend(0, width, style)


def first_line(text: str, width: int, options: DisplayOptions, rtl: bool | None) -> VisualLine:
    """The first visual line of `text` at `width`, ending in "…" (at its reading end) when cut."""
    prepared = prepare(text, rtl, options)
    lines = layout(prepared, max(1, width - 1), options)
    line = lines[0]
    if len(lines) == 1:
        return layout(prepared, width, options)[0]
    ellipsis_first = line.rtl and options.reorders
    glyphs = ("…", *line.glyphs) if ellipsis_first else (*line.glyphs, "…")
    end = line.logical_end
    starts = (end, *line.starts) if ellipsis_first else (*line.starts, end)
    ends = (end, *line.ends) if ellipsis_first else (*line.ends, end)
    widths = (1, *line.widths) if ellipsis_first else (*line.widths, 1)
    indent = max(0, line.indent - 1) if ellipsis_first else line.indent
    return VisualLine(glyphs, starts, ends, widths, indent, line.rtl, line.logical_start, end)


def count_label(words: int) -> str:
    """At most six cells: counts below 100,000 in full, then 250k, 5.0M."""
    if words < 100_000:
        return f"{words:,}"
    if words < 1_000_000:
        return f"{words // 1000}k"
    return f"{words / 1_000_000:.1f}M"
