"""A million articles' mentions are counted in blocks and put into their table a column at a
time: the figures and the table are those of the plain way, whatever the rows' order."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.entities import table as table_module
from corpus.entities.grouping import group_columns, group_mentions
from corpus.entities.index import EntityIndex
from corpus.entities.mentions import Entity, Mention
from corpus.entities.table import MentionColumns, articles_each, articles_named
from corpus.sorted_sets import ascending, blocks


def _plain_each(owners: np.ndarray, docs: np.ndarray, size: int) -> np.ndarray:
    counts = np.zeros(max(size, int(owners.max(initial=-1)) + 1), dtype=np.int64)
    for owner, _ in set(zip(owners.tolist(), docs.tolist(), strict=True)):
        counts[owner] += 1
    return counts


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 400), st.sampled_from(["docs", "owners", "neither"]))
def test_articles_are_counted_alike_in_blocks_in_ranges_and_whole(seed: int, rows: int, order: str) -> None:
    rng = np.random.default_rng(seed)
    owners = rng.integers(0, 1 + rng.integers(1, 60), rows).astype(np.int32)
    docs = rng.integers(0, 1 + rng.integers(1, 40), rows).astype(np.int32)
    if order == "docs":
        docs.sort()
    elif order == "owners":
        owners.sort()
    size = int(rng.integers(1, 80))
    expected = _plain_each(owners, docs, size)
    whole = articles_each(owners, docs, size)
    original = table_module.PAIR_BLOCK
    table_module.PAIR_BLOCK = int(rng.integers(1, 9))
    try:
        blocked = articles_each(owners, docs, size)
        named, counts = articles_named(owners, docs)
    finally:
        table_module.PAIR_BLOCK = original
    assert np.array_equal(whole, expected) and np.array_equal(blocked, expected)
    assert np.array_equal(named, np.flatnonzero(expected)) and np.array_equal(counts, expected[named])


@given(st.lists(st.integers(0, 9), max_size=60).map(sorted), st.integers(1, 7))
def test_blocks_cover_the_rows_and_never_split_a_value(values: list[int], size: int) -> None:
    key = np.array(values, dtype=np.int32)
    spans = blocks(key, size)
    assert [i for start, stop in spans for i in range(start, stop)] == list(range(len(values)))
    for (_, stop), (start, _) in zip(spans, spans[1:], strict=False):
        assert key[stop - 1] != key[start]
    assert ascending(key) and (len(values) < 2 or len(set(values)) == 1 or not ascending(key[::-1]))


def _columns(rows: list[tuple[int, int]]) -> MentionColumns:
    columns = MentionColumns()
    for doc, start in rows:
        columns.add(doc, Mention(start, start + 5, "PER", f"اسم {start}", confidence=0.9))
    return columns


def test_columns_out_of_article_order_are_put_in_it_ties_as_they_were() -> None:
    columns = _columns([(2, 10), (0, 30), (0, 5), (2, 10), (1, 0)])
    assert not columns.in_article_order()
    texts_before = list(columns.texts)
    columns.put_in_article_order()
    assert columns.in_article_order()
    assert list(zip(columns.docs, columns.starts, strict=True)) == [(0, 5), (0, 30), (1, 0), (2, 10), (2, 10)]
    assert list(columns.texts) == [texts_before[i] for i in (2, 1, 4, 0, 3)]


def test_the_table_takes_the_rows_asked_for_and_spends_the_columns() -> None:
    columns = _columns([(0, 5), (0, 30), (1, 0)])
    table = columns.into_table(np.array([2, 0], dtype=np.int32))
    assert table.docs.tolist() == [1, 0] and table.starts.tolist() == [0, 5]
    assert table.strings[table.texts[0]] == "اسم 0"
    assert len(columns) == 0 and len(columns.confidences) == 0


def _news() -> list[tuple[int, Mention]]:
    """Mentions of a few people, places and bodies over 40 articles, each article's in text order."""
    names = [("PER", "دونالد ترامب"), ("PER", "ترامب"), ("LOC", "الرياض"), ("ORG", "الأمم المتحدة"), ("PER", "ماكرون")]
    mentions = []
    for doc in range(40):
        at = 0
        for kind, text in names[doc % 3 : doc % 3 + 3]:
            mentions.append((doc, Mention(at, at + len(text), kind, text, confidence=0.5 + (doc % 5) / 10)))
            at += len(text) + 7
    return mentions


def _digest(entities: list[Entity]) -> list[tuple[str, str, str, list[tuple[int, int, int, str]]]]:
    return [(e.key, e.name, e.type, [(doc, m.start, m.end, m.text) for doc, m in e.mentions]) for e in entities]


def test_the_grouping_is_the_same_whatever_order_the_mentions_come_in() -> None:
    """The grouping orders each entity's mentions by a sort that keeps the rows' order: columns
    gathered out of article order are put in it first, so the entities and their mentions are
    those of columns gathered in order."""
    mentions = _news()
    ordered, shuffled = MentionColumns(), MentionColumns()
    for doc, mention in mentions:
        ordered.add(doc, mention)
    for doc, mention in random.Random(4).sample(mentions, len(mentions)):
        shuffled.add(doc, mention)
    assert not shuffled.in_article_order()
    assert _digest(group_columns(ordered)[0]) == _digest(group_columns(shuffled)[0])


def test_the_drops_in_place_leave_the_callers_entities_alone_unless_asked() -> None:
    """Dropped in place, the table keeps its rows where it is (the archive's build, which no one
    else reads yet); by default the entities the caller holds keep reading their own rows."""
    entities = group_mentions(_news())
    before = _digest(entities)
    frequency = {"ترامب": 4000}.get  # ترامب alone, where the tagger was unsure, is a word here
    copied = EntityIndex(entities, [])
    copied.drop_common_words(lambda form: frequency(form, 0))
    assert _digest(entities) == before  # still readable, still theirs
    in_place = EntityIndex(group_mentions(_news()), [])
    in_place.drop_common_words(lambda form: frequency(form, 0), in_place=True)
    assert _digest(list(in_place.entities)) == _digest(list(copied.entities))
    assert len(in_place.table) == len(copied.table) < sum(len(e.mentions) for e in entities)  # rows were dropped
