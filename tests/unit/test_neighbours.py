"""Spelling neighbours found by hashing equal those found by measuring every word."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from corpus.packed import PackedStrings
from corpus.search.neighbours import SCRIPTS, TermHashes

LETTERS = "ابتثجحخدسشصعكلمنهوي"
words = st.text(alphabet=LETTERS + "é", min_size=1, max_size=9)


def measured(word: str, vocabulary: list[str]) -> set[str]:
    """Every word one edit away, in the word's script when it is written in one of SCRIPTS."""
    ranges = [(low, high) for low, high in SCRIPTS.values() if all(low <= ord(c) <= high for c in word)]
    return {
        t
        for t in vocabulary
        if t != word
        and OSA.distance(word, t) == 1
        and all(all(low <= ord(c) <= high for c in t) for low, high in ranges[:1])
    }


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=300, unique=True), st.lists(words, min_size=1, max_size=8))
def test_one_edit_finds_exactly_the_words_one_edit_away(vocabulary: list[str], queries: list[str]) -> None:
    terms = ["", *vocabulary]
    for column in (terms, PackedStrings.of(terms)):
        hashes = TermHashes.of(column)
        for word in [*queries, *vocabulary[:5]]:
            found = hashes.one_edit(word, column)
            assert {text for _, text in found} == measured(word, vocabulary)
            assert all(terms[term] == text for term, text in found)


def test_each_kind_of_edit_is_found() -> None:
    vocabulary = ["", "خالد", "خلد", "خالدي", "خادل", "حالد", "سالم", "خالدون"]
    found = {text for _, text in TermHashes.of(vocabulary).one_edit("خالد", vocabulary)}
    assert found == {"خلد", "خالدي", "خادل", "حالد"}  # deletion, insertion, swap, substitution


def test_a_table_that_does_not_fit_its_terms_is_refused() -> None:
    table = TermHashes.of(["", "خالد", "سالم"])
    with pytest.raises(ValueError, match="does not fit"):
        TermHashes(table.hashes[:1], table.slots, table.alphabet)  # a slot names a term beyond them
    with pytest.raises(ValueError, match="does not fit"):
        TermHashes(table.hashes, table.slots[:-1], table.alphabet)  # not a power of two
    with pytest.raises(ValueError, match="does not fit"):
        TermHashes(table.hashes, np.zeros_like(table.slots), table.alphabet)  # no empty slot: probing would not end


@settings(max_examples=40, deadline=None)
@given(
    st.lists(words, min_size=1, max_size=200, unique=True),
    st.lists(st.text(alphabet=LETTERS + "é٣ڤ", min_size=1, max_size=9), min_size=1, max_size=6, unique=True),
    st.lists(words, min_size=1, max_size=6),
)
def test_a_table_extended_with_new_terms_finds_what_one_made_whole_finds(
    vocabulary: list[str], added: list[str], queries: list[str]
) -> None:
    added = [word for word in added if word not in vocabulary] or ["ڤيتو"]
    before = ["", *vocabulary]
    whole = [*before, *added]
    try:
        extended = TermHashes.of(PackedStrings.of(before)).extended(added)
    except ValueError:  # the table had to grow: the caller makes it whole
        assert len(TermHashes.of(whole).slots) > len(TermHashes.of(before).slots)
        return
    made = TermHashes.of(whole)
    assert extended.bits == made.bits
    assert np.array_equal(extended.hashes, made.hashes)
    assert np.array_equal(extended.alphabet, made.alphabet)
    for word in [*queries, *added, *vocabulary[:3]]:
        assert sorted(extended.one_edit(word, whole)) == sorted(made.one_edit(word, whole))
