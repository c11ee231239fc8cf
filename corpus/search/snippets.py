"""Snippets: windows of an article's text around its hits, offsets pointing into that text."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

__all__ = ["Snippet", "context_window", "make_snippets", "SNIPPET_BEFORE", "SNIPPET_AFTER"]

SNIPPET_BEFORE = 50
SNIPPET_AFTER = 90


@dataclass(frozen=True, slots=True)
class Snippet:
    """A window of an article's text around hits; `start`/`end` and hits are offsets into the text."""

    text: str
    start: int
    end: int
    hits: tuple[tuple[int, int], ...]

    def to_json(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end, "hits": [list(h) for h in self.hits]}


def context_window(text: str, first: int, last: int, before: int, after: int) -> tuple[int, int]:
    """(start, end) of the text around [first, last): at most `before` characters before `first`
    and up to `after` characters from `first` (never less than to `last`), within its line,
    cut at spaces so that no word is cut in two."""
    line_start = text.rfind("\n", 0, first) + 1
    line_end = text.find("\n", last)
    line_end = len(text) if line_end == -1 else line_end
    start = max(line_start, first - before)
    end = min(line_end, max(last, first + after))
    if start > line_start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    if end < line_end:
        space = text.rfind(" ", last, end)
        end = space if space != -1 else end
    return start, end


def _snippet(text: str, hits: list[tuple[int, int]], around: tuple[int, int]) -> Snippet:
    start, end = context_window(text, around[0], around[1], SNIPPET_BEFORE, SNIPPET_AFTER)
    inside = tuple(h for h in hits if h[0] >= start and h[1] <= end)
    return Snippet(text[start:end], start, end, inside)


def make_snippets(text: str, hits: list[tuple[int, int]], count: int, title: str = "") -> tuple[Snippet, ...]:
    """Up to `count` windows around the densest hits, in text order. A window that only repeats
    `title` (shown beside it anyway) is not one of them: when every hit is in the title, the
    first line after it stands in."""
    if not hits:
        return (_snippet(text, [], (0, 0)),) if text else ()
    repeated = " ".join(title.split())
    chosen: list[Snippet] = []
    for hit in _densest_first(hits):
        if len(chosen) >= count:
            break
        if any(s.start <= hit[0] < s.end for s in chosen):
            continue
        snippet = _snippet(text, hits, hit)
        if repeated and " ".join(snippet.text.split()) == repeated:
            continue
        chosen.append(snippet)
    if not chosen:
        lead = _lead_after(text, repeated)
        if lead is None:
            return ()
        start, end = context_window(text, lead, lead, 0, SNIPPET_BEFORE + SNIPPET_AFTER)
        return (Snippet(text[start:end], start, end, ()),)
    return tuple(sorted(chosen, key=lambda s: s.start))


def _lead_after(text: str, title: str) -> int | None:
    """Where the first non-blank line that is not the title begins, if there is one."""
    at = 0
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        line = " ".join(text[at:end].split())
        if line and line != title:
            return at + (len(text[at:end]) - len(text[at:end].lstrip()))
        at = end + 1
    return None


def _densest_first(hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Hits ordered by how many other hits lie within a snippet's reach after them."""
    starts = [h[0] for h in hits]
    reach = SNIPPET_AFTER
    density = [bisect_left(starts, s + reach) - i for i, s in enumerate(starts)]
    order = sorted(range(len(hits)), key=lambda i: (-density[i], i))
    return [hits[i] for i in order]
