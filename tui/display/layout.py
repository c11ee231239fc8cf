"""Paragraphs to visual lines: shaping, levels, wrapping in logical order, reordering, position maps."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from operator import itemgetter

from bidi.mirror import MIRRORED

from tui.display.levels import bidi_class, mirror, paragraph_level, resolve_levels
from tui.display.safety import visible
from tui.display.shaping import Clusters, clusters

MIRRORED_CHARS = frozenset(MIRRORED)

__all__ = [
    "BidiMode",
    "DisplayOptions",
    "PreparedParagraph",
    "VisualLine",
    "prepare",
    "forget_prepared",
    "layout",
    "render_text",
]


class BidiMode(str, Enum):
    """Who orders right-to-left text: the app, the terminal, or nobody."""

    APP = "app"
    TERMINAL = "terminal"
    OFF = "off"

    def next(self) -> BidiMode:
        members = list(BidiMode)
        return members[(members.index(self) + 1) % len(members)]


@dataclass(frozen=True, slots=True)
class DisplayOptions:
    """How paragraphs are turned into lines; `shaping` only applies outside `off` mode."""

    mode: BidiMode = BidiMode.APP
    shaping: bool = True

    @property
    def reorders(self) -> bool:
        return self.mode is BidiMode.APP

    @property
    def shapes(self) -> bool:
        return self.shaping and self.mode is not BidiMode.OFF


@dataclass(frozen=True, slots=True)
class VisualLine:
    """One screen line: its clusters from left to right and the original span each one shows.

    `text` is exactly what is written to the terminal after `indent` spaces; `glyphs[k]` is
    the k-th cluster from the left, `starts[k]`/`ends[k]` its offsets into the paragraph.
    """

    glyphs: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    widths: tuple[int, ...]
    indent: int
    rtl: bool
    logical_start: int
    logical_end: int
    text: str = field(init=False)
    width: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", "".join(self.glyphs))
        object.__setattr__(self, "width", sum(self.widths))

    def padded(self, width: int) -> str:
        """The line as written at a given width: indented, then padded to the full width."""
        body = " " * self.indent + self.text
        return body + " " * max(0, width - self.indent - self.width)

    def columns_for(self, start: int, end: int) -> list[tuple[int, int]]:
        """Screen column ranges (from the line's left edge) showing original characters [start, end)."""
        ranges: list[tuple[int, int]] = []
        column = self.indent
        for k, cell_width in enumerate(self.widths):
            if self.starts[k] < end and self.ends[k] > start and cell_width:
                if ranges and ranges[-1][1] == column:
                    ranges[-1] = (ranges[-1][0], column + cell_width)
                else:
                    ranges.append((column, column + cell_width))
            column += cell_width
        return ranges

    def offset_at(self, column: int) -> int | None:
        """The original offset shown at a screen column, or None for padding."""
        position = self.indent
        for k, cell_width in enumerate(self.widths):
            if position <= column < position + max(1, cell_width):
                return self.starts[k]
            position += cell_width
        return None


@dataclass(frozen=True, slots=True)
class PreparedParagraph:
    """The width-independent work for one paragraph: shaped clusters and their levels."""

    text: str
    clusters: Clusters
    levels: list[int]
    """Embedding level of each cluster."""
    shown: list[str]
    """Each cluster's glyph as written when reordered: mirrored at odd levels (rule L4)."""
    base_level: int
    words: list[tuple[int, int, int]]
    """(first cluster, end cluster, width) of each run of clusters between spaces."""


LONG_PARAGRAPH = 1000
"""Characters from which a prepared paragraph is kept among the last LONG_KEPT only: each
holds about 120 bytes a character, and the 8,500 pieces of a 34 MB article filled a cache of
2,048 with a gigabyte."""
LONG_KEPT = 64


def prepare(text: str, rtl: bool | None, options: DisplayOptions) -> PreparedParagraph:
    """Shape a paragraph and resolve its levels once (cached, reused on every resize).

    `rtl` is the article's direction: in a right-to-left article every paragraph holding
    right-to-left letters is RTL, even one that starts with a Latin word, and so is one with
    no letter at all ("-", "40%", "2025"), which takes the article's direction (UAX #9 HL1);
    otherwise (and for None) the paragraph's first strong character decides (UAX #9 P2/P3).
    """
    if len(text) >= LONG_PARAGRAPH:
        return _prepared_long(text, rtl, options)
    return _prepared_short(text, rtl, options)


def _prepared(text: str, rtl: bool | None, options: DisplayOptions) -> PreparedParagraph:
    """What `prepare` gives, made."""
    shown = visible(text)
    base_level = paragraph_level(shown)
    if (
        rtl
        and base_level == 0
        and (any(bidi_class(c) in ("R", "AL") for c in shown) or not any(bidi_class(c) == "L" for c in shown))
    ):
        base_level = 1
    cells, words = clusters(shown, shape=options.shapes)
    count = len(cells.starts)
    if options.reorders:
        char_levels = resolve_levels(shown, base_level)
        if char_levels.count(base_level) == len(char_levels):
            levels = [base_level] * count
        else:
            levels = (
                list(itemgetter(*cells.starts)(char_levels)) if count > 1 else [char_levels[k] for k in cells.starts]
            )
    else:
        levels = [base_level] * count
    if MIRRORED_CHARS.isdisjoint(shown) or not any(level % 2 for level in levels):
        shown_glyphs = cells.glyphs
    else:
        shown_glyphs = [
            _mirrored(glyph) if level % 2 and glyph[0] in MIRRORED else glyph
            for glyph, level in zip(cells.glyphs, levels, strict=True)
        ]
    return PreparedParagraph(text, cells, levels, shown_glyphs, base_level, words)


_prepared_short = lru_cache(maxsize=2048)(_prepared)
_prepared_long = lru_cache(maxsize=LONG_KEPT)(_prepared)


def forget_prepared() -> None:
    """Empty the caches of `prepare` (a benchmark times it cold)."""
    _prepared_short.cache_clear()
    _prepared_long.cache_clear()


def _wrap(prepared: PreparedParagraph, width: int) -> list[tuple[int, int]]:
    """Greedy line breaking in logical order at spaces; a word wider than the line is split.

    Returns (first cluster, end cluster) of each line; the spaces a line breaks at are dropped.
    """
    lines: list[tuple[int, int]] = []
    widths = prepared.clusters.widths
    line_start = line_end = -1
    used = 0
    for first, end, word_width in prepared.words:
        if line_start >= 0:
            gap = sum(widths[line_end:first])
            if used + gap + word_width <= width:
                used += gap + word_width
                line_end = end
                continue
            lines.append((line_start, line_end))
        if word_width <= width:
            line_start, line_end, used = first, end, word_width
            continue
        line_start, used = first, 0
        for k in range(first, end):
            if used + widths[k] > width and k > line_start:
                lines.append((line_start, k))
                line_start, used = k, 0
            used += widths[k]
        line_end = end
    if line_start >= 0:
        lines.append((line_start, line_end))
    return lines or [(0, 0)]


@lru_cache(maxsize=128)
def _runs_at_or_above(level: int) -> re.Pattern[bytes]:
    """Runs of levels (as bytes) at `level` or higher."""
    return re.compile(b"[" + re.escape(bytes([level])) + b"-\xff]+")


def _reorder(levels: list[int]) -> list[int]:
    """Rule L2 on one line's levels: the order, left to right, of the line's clusters.

    The runs to reverse are found by a regular expression over the levels as bytes, so the
    work per line is per run, not per cluster.
    """
    order = list(range(len(levels)))
    if not levels:
        return order
    present = set(levels)
    highest = max(present)
    lowest_odd = min((lv for lv in present if lv % 2), default=highest + 1)
    marks = bytearray(levels)
    for level in range(highest, lowest_odd - 1, -1):
        for a, b in [run.span() for run in _runs_at_or_above(level).finditer(marks)]:
            order[a:b] = order[a:b][::-1]
            marks[a:b] = marks[a:b][::-1]
    return order


def layout(prepared: PreparedParagraph, width: int, options: DisplayOptions) -> list[VisualLine]:
    """The visual lines of a prepared paragraph at `width` cells (L1 to L4, RTL right-aligned)."""
    width = max(1, width)
    rtl = prepared.base_level % 2 == 1
    glyphs, starts, ends, widths = prepared.clusters
    shown = prepared.shown
    lines: list[VisualLine] = []
    for start, end in _wrap(prepared, width):
        if options.reorders:
            levels = prepared.levels[start:end]
            k = len(levels) - 1
            while k >= 0 and glyphs[start + k] == " ":  # L1: trailing whitespace
                levels[k] = prepared.base_level
                k -= 1
            if levels.count(levels[0] if levels else 0) == len(levels):  # one level: no run to turn
                step = -1 if levels and levels[0] % 2 else 1
                line = _slice_line(prepared, start, end, step)
            else:
                pick = itemgetter(*[start + k for k in _reorder(levels)])  # two levels: two clusters or more
                line = (pick(shown), pick(starts), pick(ends), pick(widths))
        else:
            line = _slice_line(prepared, start, end, 1, reordered=False)
        used = sum(widths[start:end])
        indent = max(0, width - used) if rtl and options.reorders else 0
        lines.append(
            VisualLine(
                *line,
                indent,
                rtl,
                starts[start] if start < end else 0,
                ends[end - 1] if start < end else 0,
            )
        )
    return lines


def _slice_line(
    prepared: PreparedParagraph, start: int, end: int, step: int, *, reordered: bool = True
) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Glyphs, starts, ends and widths of clusters [start, end) in order (1) or reversed (-1)."""
    glyphs, starts, ends, widths = prepared.clusters
    shown = prepared.shown if reordered else glyphs
    span = slice(start, end) if step == 1 else slice(end - 1, start - 1 if start else None, -1)
    return tuple(shown[span]), tuple(starts[span]), tuple(ends[span]), tuple(widths[span])


def _mirrored(glyph: str) -> str:
    """Rule L4: a bracket or other mirrored character at an odd level is shown mirrored."""
    return mirror(glyph[0]) + glyph[1:]


def pieces(text: str, limit: int) -> Iterator[tuple[int, int]]:
    """(start, end) of `text` cut at spaces into pieces of at most `limit` characters (at a
    hard limit where a piece has no space), so that no one piece of layout is unbounded."""
    start = 0
    while len(text) - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit) + 1 or start + limit
        yield start, cut
        start = cut
    yield start, len(text)


RENDER_PIECE = 20_000
"""Characters of one paragraph laid out at a time by `iter_rendered`: a 10 MB line without a
break streams out in pieces instead of being laid out whole in memory."""


def iter_rendered(text: str, width: int, options: DisplayOptions, rtl: bool | None = None) -> Iterator[str]:
    """Every paragraph (line) of `text` as visual lines (their trailing blanks dropped), a
    piece at a time. Text neither reordered, shaped nor wrapped (a pipe, `--bidi off`) is only
    made visible: the engine would lay it out as it is, at a fiftieth of the cost."""
    as_written = _as_written(width, options)
    for paragraph in text.split("\n"):
        for start, end in pieces(paragraph, RENDER_PIECE):
            if as_written:
                yield visible(paragraph[start:end]).strip(" ").rstrip()  # as a line of its words
                continue
            prepared = prepare(paragraph[start:end], rtl, options)
            for line in layout(prepared, width, options):
                # Right-aligning needs a right edge: a width no line fills has none.
                yield (" " * line.indent + line.text if width < NEVER_WRAPS else line.text).rstrip()


NEVER_WRAPS = 2 * RENDER_PIECE + 1
"""A width no piece of a paragraph can fill (its characters take two cells at most): output
to a pipe, which is never wrapped nor right-aligned."""


def _as_written(width: int, options: DisplayOptions) -> bool:
    return not (options.reorders or options.shapes) and width >= NEVER_WRAPS


def render_text(text: str, width: int, options: DisplayOptions, rtl: bool | None = None) -> list[str]:
    """Every paragraph (line) of `text` as padded visual lines; the plain-text face of the engine."""
    if len(text) <= RENDER_PIECE and "\n" not in text and _as_written(width, options):
        return [visible(text).strip(" ").rstrip()]  # one line to a pipe: iter_rendered's one piece, at once
    return list(iter_rendered(text, width, options, rtl))
