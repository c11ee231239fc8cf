"""Small text charts: articles over time as one line of bars, one bar per calendar span."""

from __future__ import annotations

__all__ = ["timeline_chart"]

BARS = " ▁▂▃▄▅▆▇█"
"""A bar's heights: a span with no article is a blank bar, one with any at least ▁."""
SPANS = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200)
"""Months a bar may stand for: the fewest that fit the whole timeline in the chart's width."""


def _month_number(month: str) -> int:
    """ "2018-06" as a count of months since year 0."""
    year, _, number = month.partition("-")
    return int(year) * 12 + int(number) - 1


def _month_name(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def _unit(span: int) -> str:
    """What one bar is, for the label: "a month", "per 3 months", "a year", "per 5 years"."""
    if span == 1:
        return "a month"
    if span == 12:
        return "a year"
    if span % 12 == 0:
        return f"per {span // 12} years"
    return f"per {span} months"


def timeline_chart(months: list[tuple[str, int]], width: int = 40, fit: int | None = None) -> str:
    """`_timeline` with at most `width` bars, and fewer when the line would be longer than `fit`
    cells (the pane's width: the label is never wrapped onto a line of its own)."""
    chart = _timeline(months, width)
    while fit is not None and len(chart) > fit and width > 12:
        width = max(12, width - (len(chart) - fit))
        chart = _timeline(months, width)
    return chart


def _timeline(months: list[tuple[str, int]], width: int) -> str:
    """A one-line bar chart of articles over time from ("YYYY-MM", count) pairs: one bar per
    calendar month from the first month to the last, a month with no article a blank bar;
    when that is more than `width` bars, each bar is a span of months (SPANS), starting on a
    multiple of it (a year bar is January to December), and the label says so:
    "2025-08 ▂ █ 2025-10  (articles a month, peak 7)". The end labels name the months of the
    first and the last dated article (the first month of the last bar, as they were, read as if
    the newest article were older than it is)."""
    counted = [(_month_number(month), count) for month, count in months if count > 0]
    if not counted:
        return "no dated articles"
    first = min(number for number, _ in counted)
    last = max(number for number, _ in counted)
    span = next((s for s in SPANS if last // s - first // s + 1 <= width), SPANS[-1])
    start = first // span
    totals = [0] * (last // span - start + 1)
    for number, count in counted:
        totals[number // span - start] += count
    peak = max(totals)
    bars = "".join(BARS[max(1, round(total / peak * (len(BARS) - 1)))] if total else BARS[0] for total in totals)
    ends = _month_name(first), _month_name(last)
    return f"{ends[0]} {bars} {ends[1]}  (articles {_unit(span)}, peak {peak})"
