"""Small text charts: articles a month as one line of bars."""

from __future__ import annotations

__all__ = ["timeline_chart"]

BARS = " ▁▂▃▄▅▆▇█"


def timeline_chart(months: list[tuple[str, int]], width: int = 40) -> str:
    """A one-line bar chart of articles per month, the last `width` months with articles:
    "2025-08 ▂▅█ 2025-10"; months with no article are left out, so a gap is not shown."""
    if not months:
        return "no dated articles"
    months = months[-width:]
    peak = max(count for _, count in months)
    bars = "".join(BARS[max(1, round(count / peak * (len(BARS) - 1)))] for _, count in months)
    return f"{months[0][0]} {bars} {months[-1][0]}  (articles a month, peak {peak})"
