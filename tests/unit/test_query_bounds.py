"""A query's bounds (MAX_QUERY_CHARS, MAX_QUERY_WORDS): the rest is left out with a note that says
so, wherever a query is parsed; and a search stops at its next step once told to."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from corpus.search import SearchStopped, Stop, query
from corpus.search.expansion import expand as real_expand
from corpus.search.index import CorpusIndex
from corpus.search.query import MAX_QUERY_CHARS, MAX_QUERY_WORDS, parse_query
from corpus.search.ranking import search_notes
from corpus.search.results import match_months, matching_docs, search

ROOT = Path(__file__).resolve().parents[2]
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
WORDS_CUT = f"query cut to its first {MAX_QUERY_WORDS} words"
CHARS_CUT = f"query cut to its first {MAX_QUERY_CHARS:,} characters"


def word(number: int) -> str:
    """A distinct Arabic word of four letters for each number."""
    letters = []
    for _ in range(4):
        number, digit = divmod(number, len(LETTERS))
        letters.append(LETTERS[digit])
    return "".join(letters)


SHAPES: dict[str, Callable[[int], str]] = {
    "words": lambda n: " ".join(word(i) for i in range(n)),
    "words being typed": lambda n: " ".join(word(i) for i in range(n)).rstrip(),
    "a phrase": lambda n: '"' + " ".join(word(i) for i in range(n)) + '"',
    "exclusions": lambda n: " ".join("!" + word(i) for i in range(n)),
    "exact words": lambda n: " ".join("'" + word(i) for i in range(n)),
    "words joined by commas": lambda n: "،".join(word(i) for i in range(n)),
    "words given as alternatives": lambda n: "|".join(word(i) for i in range(n)),
    "vocalized words": lambda n: " ".join("\u064e".join(word(i)) for i in range(n)),
    "words, then a filter": lambda n: " ".join(word(i) for i in range(n)) + " after:2015",
    "one word with no space": lambda n: "ب" * n,
}
SIZES = (1, MAX_QUERY_WORDS - 1, MAX_QUERY_WORDS, MAX_QUERY_WORDS + 1, 200, 10_000)


def _words(parsed: query.Query) -> list[str]:
    return [w for clause in parsed.clauses for w in (*clause.words, *clause.alternatives)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_query_is_read_within_its_bounds_and_says_what_it_left_out(
    shape: str, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = SHAPES[shape](size)
    bounded = parse_query(text)
    with monkeypatch.context() as unbounded:
        unbounded.setattr(query, "MAX_QUERY_WORDS", 10**9)
        unbounded.setattr(query, "MAX_QUERY_CHARS", 10**9)
        whole = parse_query(text)
    kept, every = _words(bounded), _words(whole)
    assert len(kept) <= MAX_QUERY_WORDS and len(bounded.text) <= MAX_QUERY_CHARS
    cut = [note for note in bounded.problems if note in (WORDS_CUT, CHARS_CUT)]
    if kept == every and len(text) <= MAX_QUERY_CHARS:
        assert not cut and bounded.clauses == whole.clauses
        return
    assert len(cut) == 1  # one note: the words, or (where no word was dropped after it) the characters
    if shape != "one word with no space":
        assert kept == every[: len(kept)]  # the first words, whole, in order
        assert not any(clause.prefix for clause in bounded.clauses)  # what is cut is not being typed
    if len(every) > MAX_QUERY_WORDS and len(text) <= MAX_QUERY_CHARS:
        assert kept == every[:MAX_QUERY_WORDS] and cut == [WORDS_CUT]
    if shape == "words, then a filter" and len(text) <= MAX_QUERY_CHARS:
        assert bounded.after == 20150101  # filters past the words still count


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_list_filter_reads_a_query_within_the_same_bound(shape: str) -> None:
    assert len(parse_query(SHAPES[shape](10_000)).rest) <= MAX_QUERY_CHARS


RUNS: dict[str, Callable[[CorpusIndex, str, Stop | None], object]] = {
    "search": lambda index, text, stop: search(index, text, limit=100, stop=stop),
    "notes": lambda index, text, stop: search_notes(index, text, stop=stop),
    "matching": lambda index, text, stop: matching_docs(index, text, stop=stop),
    "timeline": lambda index, text, stop: match_months(index, text, stop=stop),
}
"""Every way a query is run over the index (the app, the shell and saved searches use these)."""


@pytest.fixture
def expansions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every word a search expands (its costly step), in order."""
    expanded: list[str] = []
    original = real_expand

    def counted(index: CorpusIndex, word: str, **options: bool) -> object:
        expanded.append(word)
        return original(index, word, **options)

    monkeypatch.setattr("corpus.search.plan.expand", counted)
    return expanded


@pytest.mark.parametrize("size", (MAX_QUERY_WORDS, 10_000))
@pytest.mark.parametrize(
    "shape", ["words", "a phrase", "exclusions", "words joined by commas", "words given as alternatives"]
)
@pytest.mark.parametrize("run", list(RUNS))
def test_no_search_expands_more_words_than_the_bound(
    index: CorpusIndex, expansions: list[str], run: str, shape: str, size: int
) -> None:
    RUNS[run](index, SHAPES[shape](size), None)
    assert len(expansions) <= MAX_QUERY_WORDS


def test_the_notes_before_the_results_say_the_query_was_cut(index: CorpusIndex) -> None:
    assert WORDS_CUT in search_notes(index, SHAPES["words"](1000))
    assert CHARS_CUT in search_notes(index, SHAPES["one word with no space"](70_000))
    assert not any("cut" in note for note in search_notes(index, "كازاخستان النفط"))


@pytest.mark.parametrize("after", [0, 1, 5])
@pytest.mark.parametrize("run", list(RUNS))
def test_a_search_stops_at_its_next_step_once_told(
    index: CorpusIndex, expansions: list[str], run: str, after: int
) -> None:
    asked = 0

    def stop() -> bool:
        nonlocal asked
        asked += 1
        return asked > after

    with pytest.raises(SearchStopped):
        RUNS[run](index, SHAPES["words"](MAX_QUERY_WORDS), stop)
    assert len(expansions) <= after


def _akhbar(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


def test_the_shell_says_a_query_was_cut_and_searches_its_first_words(news_folder: Path) -> None:
    long = SHAPES["words"](5_000)
    done = _akhbar("search", *long.split(), "--corpus", str(news_folder))
    assert done.returncode == 0 and f"akhbar: {WORDS_CUT}" in done.stderr
    batch = _akhbar("search", "--batch", "-", "--corpus", str(news_folder), stdin=f"كازاخستان\n{long}\n")
    assert batch.returncode == 0 and len(batch.stdout.splitlines()) == 2
    assert f"akhbar: line 2: {WORDS_CUT}" in batch.stderr and "line 1" not in batch.stderr
