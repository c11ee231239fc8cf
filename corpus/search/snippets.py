"""Snippets: windows of an article's text around its hits, offsets pointing into that text."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress, islice
from operator import not_

from corpus.text.boilerplate import looks_like_furniture
from corpus.text.normalization import TOKEN_PATTERN

__all__ = ["Snippet", "TokenSpans", "context_window", "make_snippets", "snippets_at", "SNIPPET_BEFORE", "SNIPPET_AFTER"]

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


Span = tuple[int, int]


class TokenSpans:
    """The (start, end) of a text's tokens (aligned with CorpusIndex.doc_tokens), found only as
    far as asked: a snippet near the top of a long article tokenizes only its top, and one far
    down jumps there (see _chunk_before) rather than tokenizing all the way."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._base = 0
        """The token number of the first span found."""
        self._found: list[Span] = []
        self._rest = TOKEN_PATTERN.finditer(text)

    def __getitem__(self, position: int) -> Span | None:
        """The span of token `position`; None when the text has fewer tokens."""
        if position < self._base or position - (self._base + len(self._found)) > JUMP_AFTER:
            self._base, start = _chunk_before(self._text, max(0, position - JUMP_BACK))
            self._found, self._rest = [], TOKEN_PATTERN.finditer(self._text, start)
        missing = position - self._base + 1 - len(self._found)
        if missing > 0:
            self._found.extend(match.span() for match in islice(self._rest, missing))
        at = position - self._base
        return self._found[at] if at < len(self._found) else None


JUMP_AFTER = 40
"""Tokens after the last one found that TokenSpans tokenizes to rather than jumping."""
JUMP_BACK = 16
"""Tokens before the one asked for that a jump lands on: the hits just before it are found too."""


def _chunk_before(text: str, target: int) -> tuple[int, int]:
    """(token number, character offset) of the start of a whitespace-separated chunk of `text`
    at or before token `target`. Tokens never span whitespace, so tokenizing from there gives
    the tokens the whole text has: the chunks before are split off and their tokens counted
    in C (a chunk of letters alone is one token; the regex runs once over the others), at
    about half the cost of finding them with the regex."""
    chunks = target
    while chunks > 0:
        pieces = text.split(None, chunks)
        before = pieces[:chunks]
        others = list(compress(before, map(not_, map(str.isalpha, before))))
        tokens = len(before) - len(others) + len(TOKEN_PATTERN.findall(" ".join(others)))
        if tokens <= target:
            return (tokens, len(text)) if len(pieces) <= chunks else (tokens, len(text) - len(pieces[-1]))
        chunks -= tokens - target
    return 0, 0


REACH_TOKENS = 15
"""Hits within this many tokens after a hit count towards its density (about SNIPPET_AFTER characters)."""


def _snippet(text: str, hits: Sequence[Span], around: Span) -> Snippet:
    start, end = context_window(text, around[0], around[1], SNIPPET_BEFORE, SNIPPET_AFTER)
    inside = tuple(h for h in hits if h[0] >= start and h[1] <= end)
    return Snippet(text[start:end], start, end, inside)


def make_snippets(text: str, hits: list[Span], count: int, title: str = "") -> tuple[Snippet, ...]:
    """Up to `count` windows around the densest hits (character offsets), in text order (see _chosen)."""
    starts = [h[0] for h in hits]
    return _chosen(text, starts, SNIPPET_AFTER, hits.__getitem__, lambda _: hits, count, title)


def snippets_at(
    text: str,
    positions: Sequence[int],
    spans: Callable[[int], Span | None],
    count: int,
    title: str = "",
    *,
    checked: Callable[[int], Span | None] | None = None,
) -> tuple[Snippet, ...]:
    """Up to `count` windows around the densest hits, given as token positions (ascending) whose
    characters `spans` finds (None: the text has fewer tokens); only the hits near a chosen one
    are located (see _chosen). `checked` locates the hit a window is centred on, None when it
    is not the token the index has there (the text changed since)."""
    centre = checked or spans

    def span(number: int) -> Span | None:
        return centre(positions[number])

    def near(number: int) -> list[Span]:  # a token has a character at least: the window's reach
        low = bisect_left(positions, positions[number] - SNIPPET_BEFORE)
        high = bisect_left(positions, positions[number] + SNIPPET_AFTER + 1)
        middle = spans(positions[number])
        # The window ends by SNIPPET_AFTER characters after its middle hit's start (or with
        # it): the text is not tokenized further than that to find the hits inside it.
        reach = max(middle[1], middle[0] + SNIPPET_AFTER) if middle is not None else -1
        found: list[Span] = []
        for at in positions[low:high]:
            span = spans(at)
            if span is None or span[0] > reach:
                break
            found.append(span)
        return found

    return _chosen(text, positions, REACH_TOKENS, span, near, count, title)


def _chosen(
    text: str,
    keys: Sequence[int],
    reach: int,
    span: Callable[[int], Span | None],
    near: Callable[[int], Sequence[Span]],
    count: int,
    title: str,
) -> tuple[Snippet, ...]:
    """Up to `count` windows around the densest hits, in text order: hit `i` is at `keys[i]`
    (ascending), its density the hits within `reach` after it; `span(i)` gives its characters,
    `near(i)` the hits that may share its window. A window that only repeats `title` (shown
    beside it anyway) is not one of them: when every hit is in the title, the first line after
    it stands in."""
    repeated = " ".join(title.split())
    if not keys:  # a query of filters alone: the article's opening, not its title again
        lead = _lead_snippet(text, repeated)
        return lead or ((_snippet(text, [], (0, 0)),) if text else ())
    chosen: list[Snippet] = []
    for number in _densest_first(keys, reach):
        if len(chosen) >= count:
            break
        hit = span(number)
        if hit is None or any(s.start <= hit[0] < s.end for s in chosen):
            continue
        snippet = _snippet(text, near(number), hit)
        if repeated and " ".join(snippet.text.split()) == repeated:
            continue
        chosen.append(snippet)
    if not chosen:
        return _lead_snippet(text, repeated)
    return tuple(sorted(chosen, key=lambda s: s.start))


def _lead_snippet(text: str, title: str) -> tuple[Snippet, ...]:
    """A window at the first line that is not the title, or none."""
    lead = _lead_after(text, title)
    if lead is None:
        return ()
    start, end = context_window(text, lead, lead, 0, SNIPPET_BEFORE + SNIPPET_AFTER)
    return (Snippet(text[start:end], start, end, ()),)


def _lead_after(text: str, title: str) -> int | None:
    """Where the first non-blank line that is neither the title nor site furniture (a share
    prompt) begins, if there is one."""
    at = 0
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        line = " ".join(text[at:end].split())
        if line and line != title and not looks_like_furniture(line):
            return at + (len(text[at:end]) - len(text[at:end].lstrip()))
        at = end + 1
    return None


def _densest_first(keys: Sequence[int], reach: int) -> list[int]:
    """The hits (their numbers) ordered by how many other hits lie within `reach` after them."""
    density = [bisect_left(keys, key + reach) - i for i, key in enumerate(keys)]
    return sorted(range(len(keys)), key=lambda i: (-density[i], i))
