"""Runs of combining marks with no letter before them: every text step stays linear in them."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import Article
from corpus.search.find import find_in_text
from corpus.search.index import CorpusIndex
from corpus.search.query import parse_query
from corpus.search.results import search
from corpus.text.normalization import _MARKS, LONG_MARK_RUN, TOKEN_PATTERN, normalize, tokenize

MARK_KINDS = {
    "fatha": "\u064e",
    "every haraka": "".join(map(chr, range(0x064B, 0x0660))) + "\u0670",
    "tatweel": "\u0640",
    "combining grave": "\u0300",
    "zwnj": "\u200c",
    "zwj": "\u200d",
    "hebrew points of two classes": "\u0591\u05b0",
    "a mark NFKC expands to two": "\u0f73",
}
"""Marks of every kind the tokenizer and NFKC treat apart; mixed classes make NFKC reorder."""

TOTAL = 48_000
"""Characters of marks in each text compared: the same in short runs and in long ones."""
PASTED = 4_100
"""Characters of the text taken as a query: two long runs and what is around them."""


def _text(unit: str, run: int) -> str:
    """TOTAL characters of `unit` in runs of about `run`, each placed after a space, at a line's
    start and between digits in turn, the text itself starting with one. The runs differ in
    length, as the index tokenizes each distinct chunk of text once."""
    places = []
    for i in range(TOTAL // run):
        marks = (unit * (run // len(unit) + 1))[: run - i % (run // 2)]
        places.append((marks + "كلمة", " " + marks + " كلمة", "\n" + marks + "\n", "12" + marks + "34")[i % 4])
    return " ".join(places)


def _seconds(step: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        step(text)
        best = min(best, time.perf_counter() - start)
    return best


def _searched(text: str) -> object:
    index = CorpusIndex.build([Article("a", "a.txt", "عنوان", text)])
    return search(index, "كلمة " + text[:PASTED], snippets=3)


STEPS: dict[str, Callable[[str], object]] = {
    "tokenize": tokenize,
    "normalize": normalize,
    "parse a pasted query": parse_query,
    "find in the article": lambda text: find_in_text(text, "كلمة"),
    "find a pasted part of the text": lambda text: find_in_text(text, text[:PASTED]),
    "index and search with snippets": _searched,
}


@pytest.mark.parametrize("kind", list(MARK_KINDS))
@pytest.mark.parametrize("step", list(STEPS))
def test_long_runs_of_marks_cost_what_short_runs_of_as_many_marks_cost(kind: str, step: str) -> None:
    # The same number of marks, in runs of 8 or of 2,000: a step quadratic in a run's length
    # does 250 times the work on the long runs (it took 2.4 s for 10,000 fathas after a space).
    short = _seconds(STEPS[step], _text(MARK_KINDS[kind], 8))
    long = _seconds(STEPS[step], _text(MARK_KINDS[kind], 2_000))
    assert long < 4 * short + 0.05, f"{step} on runs of {kind}: {long:.3f} s against {short:.3f} s"


_OLD_TOKEN = re.compile(rf"\d+(?:[.,\u066b\u066c]\d+)*|[{_MARKS}]*[^\W\d_](?:[^\W\d_]|[{_MARKS}])*")
"""The token pattern as it was, quadratic in a run of marks with no letter before it."""


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("بكa1 .\n\u064e\u0651\u0640\u200c\u200d\u0300\u06e5"), max_size=40))
def test_tokens_are_those_of_the_pattern_without_the_guard(text: str) -> None:
    assert [m.span() for m in TOKEN_PATTERN.finditer(text)] == [m.span() for m in _OLD_TOKEN.finditer(text)]


@pytest.mark.parametrize("unit", list(MARK_KINDS.values()))
def test_a_run_too_long_for_writing_is_left_out_of_the_search_form(unit: str) -> None:
    run = (unit * LONG_MARK_RUN)[:LONG_MARK_RUN]
    assert normalize("كلمة" + run + " x") == normalize("كلمة x")
    assert normalize("مُحَمَّدٌ") == "محمد"  # short runs are marks as written, folded as before
