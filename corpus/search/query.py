"""The query language, in the manner of fzf: words, "phrases", 'exact words and !exclusions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from corpus.text.normalization import tokenize

ClauseKind = Literal["word", "exact", "phrase"]


@dataclass(frozen=True, slots=True)
class Clause:
    """One condition of a query, over normalized words."""

    kind: ClauseKind
    """word: fuzzy and by base; exact: surface form only; phrase: words in a row."""
    words: tuple[str, ...]
    negated: bool = False
    prefix: bool = False
    """True for the word being typed: it also matches the words it begins."""


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: every positive clause must match, no negated one may."""

    text: str
    clauses: tuple[Clause, ...]

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)


def _chunks(text: str) -> list[tuple[str, bool]]:
    """Split on whitespace, keeping double-quoted runs whole; (chunk, was quoted as a phrase)."""
    chunks: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        negated = text[i] == "!"
        body_start = i + 1 if negated else i
        if body_start < n and text[body_start] in '"“”«':
            close = min(
                (p for p in (text.find(q, body_start + 1) for q in '"“”»') if p != -1),
                default=n,
            )
            chunks.append((("!" if negated else "") + text[body_start + 1 : close], True))
            i = close + 1
            continue
        while i < n and not text[i].isspace():
            i += 1
        chunks.append((text[start:i], False))
    return chunks


def parse_query(text: str) -> Query:
    """Parse a query; never raises, whatever the text. Unknown syntax is read as words."""
    clauses: list[Clause] = []
    chunks = _chunks(text)
    typing_last = bool(text) and not text[-1].isspace()
    for number, (chunk, quoted) in enumerate(chunks):
        negated = chunk.startswith("!")
        body = chunk[1:] if negated else chunk
        exact = not quoted and body.startswith("'")
        words = tuple(tokenize(body[1:] if exact else body))
        if not words:
            continue
        is_last = number == len(chunks) - 1 and typing_last and not quoted
        if exact:
            clauses.append(Clause("exact", words, negated=negated))
        elif quoted or (len(words) > 1 and negated):
            clauses.append(Clause("phrase", words, negated=negated))
        else:
            for position, word in enumerate(words):
                last_word = is_last and not negated and position == len(words) - 1
                clauses.append(Clause("word", (word,), negated=negated, prefix=last_word))
    return Query(text, tuple(clauses))
