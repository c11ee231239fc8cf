"""One query plan: a keystroke's query is parsed once and each of its words expanded once, and
every consumer (results, count, timeline, notes, saved-search counts, the list filter) reads
that plan and agrees with what the text alone gives."""

from __future__ import annotations

from collections import Counter

import pytest

from corpus.models import Article
from corpus.search import listing as listing_module
from corpus.search import plan as plan_module
from corpus.search import query as query_module
from corpus.search.expansion import expand as real_expand_word
from corpus.search.index import CorpusIndex
from corpus.search.listing import ArticleListing
from corpus.search.plan import plan_query
from corpus.search.ranking import query_notes
from corpus.search.results import ResultSet, match_months, matching_docs

QUERIES = {
    "one word": "الحكومة ",
    "two words": "وزير الخارجية ",
    "a word being typed": "وزير الخار",
    "a phrase": '"وزير الخارجية" ',
    "an exclusion": "الحكومة !تونس ",
    "alternatives": "ترمب|ترامب ",
    "an exact word": "'الحكومة ",
    "as written": "=وزير الخارجية ",
    "a misspelled word": "الحكومه الجديده ",
    "words and filters": "النفط after:2015 source:ا ",
    "filters only": "after:2016-01 before:2017 ",
    "a bad filter": "النفط after:soon ",
}


def _expected_expansions(text: str) -> Counter[str]:
    parsed = query_module.parse_query(text)
    return Counter(word for clause in parsed.clauses for word in (*clause.words, *clause.alternatives))


@pytest.mark.parametrize("shape", list(QUERIES))
def test_a_keystroke_parses_once_and_expands_each_word_once(
    index: CorpusIndex, shape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = QUERIES[shape]
    parsed: list[str] = []
    expanded: Counter[str] = Counter()
    real_parse, real_expand = query_module.parse_query, real_expand_word

    def counted_parse(query: str) -> query_module.Query:
        parsed.append(query)
        return real_parse(query)

    def counted_expand(index: CorpusIndex, word: str, **options: bool) -> object:
        expanded[word] += 1
        return real_expand(index, word, **options)

    monkeypatch.setattr(plan_module, "parse_query", counted_parse)
    monkeypatch.setattr(plan_module, "expand", counted_expand)
    plan = plan_query(index, text)
    found = ResultSet(index, plan)
    found.results(0, 20)
    found.count()
    found.months()
    query_notes(index, plan)
    matching_docs(index, plan)
    match_months(index, plan)
    assert parsed == [text]
    assert expanded == _expected_expansions(text)


@pytest.mark.parametrize("shape", list(QUERIES))
def test_what_a_plan_gives_is_what_the_text_gives(index: CorpusIndex, shape: str) -> None:
    text = QUERIES[shape]
    plan = plan_query(index, text)
    by_plan, by_text = ResultSet(index, plan), ResultSet(index, text)
    assert by_plan.docs().tolist() == by_text.docs().tolist()
    assert [r.doc for r in by_plan.results(0, 20)] == [r.doc for r in by_text.results(0, 20)]
    assert by_plan.months() == by_text.months()
    assert query_notes(index, plan) == query_notes(index, text)
    assert matching_docs(index, plan).tolist() == matching_docs(index, text).tolist()


def test_a_plan_made_for_another_index_is_made_again(index: CorpusIndex, articles: list[Article]) -> None:
    other = CorpusIndex.build(articles[: max(1, len(articles) // 2)])
    plan = plan_query(index, "الحكومة ")
    again = plan_query(other, plan)
    assert again.index is other and again.query is plan.query


@pytest.mark.parametrize(
    "text", ["وزير", "وزير after:2015", '"وزير الخارجية" source:ا', "=وزير before:2030", "after:2016 !تونس"]
)
def test_the_list_filter_reads_its_text_once(index: CorpusIndex, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real_parse = query_module.parse_query

    def counted_parse(query: str) -> query_module.Query:
        parsed.append(query)
        return real_parse(query)

    monkeypatch.setattr(listing_module, "parse_query", counted_parse)
    monkeypatch.setattr(query_module, "parse_query", counted_parse)
    ArticleListing(index).view(text)
    assert parsed == [text]
