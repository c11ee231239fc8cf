"""A query's result set is complete and counted exactly: the count, every page of results, the
timeline, the matching articles (saved-search counts) and an export hold the same articles,
whatever the query's shape and however many articles match."""

from __future__ import annotations

import csv
import io
import random
from functools import cache

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus import Article, result_rows, write_rows
from corpus.export import RESULT_FIELDS
from corpus.search.index import CorpusIndex
from corpus.search.ranking import best_first
from corpus.search.results import FIRST_CHECK, MOST_CHECKED, ResultSet, match_months, matching_docs, search

FILLER = "أعلنت الجهات المختصة اليوم عن نتائج جديدة في إطار متابعة الملفات المطروحة على الطاولة".split()
SOURCES = ("عكاظ", "الرياض", "الحياة")


@cache
def _corpus(size: int, seed: int) -> CorpusIndex:
    """`size` articles, dated over three years and three sources; about a third say "مجلس الأمن"
    together, a third hold the two words apart, and some name neither."""
    rng = random.Random(seed)
    articles = []
    for n in range(size):
        words = [rng.choice(FILLER) for _ in range(12)]
        shape = n % 4
        if shape == 0:
            words[rng.randrange(10)] = "مجلس الأمن"
        elif shape == 1:
            words[2], words[9] = "مجلس", "الأمن"
        elif shape == 2:
            words[5] = "مجلس"
        text = f"خبر {n}\n" + " ".join(words)
        date = f"{2015 + n % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}" if n % 7 else ""
        articles.append(Article(f"a{n}", f"a{n}.txt", f"خبر {n}", text, date=date, source_name=SOURCES[n % 3]))
    return CorpusIndex.build(articles)


QUERIES = [
    "مجلس",
    "مجلس الأمن",
    '"مجلس الأمن"',
    "مجلس !الأمن",
    "مجلس الجهات المختصة",  # few full matches: partial ones follow
    "source:عكاظ after:2016",
    '"مجلس الأمن" source:الرياض before:2017',
    "مجل",  # the word being typed
    "لاشيء",
]
SIZES = (0, 1, 9, FIRST_CHECK + 1, 3 * MOST_CHECKED + 17)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("by_date", (False, True))
def test_the_count_pages_timeline_and_matching_articles_are_one_set(query: str, size: int, by_date: bool) -> None:
    index = _corpus(size, seed=1)
    found = ResultSet(index, query, by_date=by_date)
    count = found.count()
    pages: list[int] = []
    page = 100
    while chunk := found.results(len(pages), len(pages) + page):
        pages.extend(r.doc for r in chunk)
    assert len(pages) == count == len(set(pages))
    assert pages == found.docs().tolist()
    assert sorted(pages) == matching_docs(index, query).tolist()
    dated = sum(1 for doc in pages if index.articles[doc].date)
    assert sum(n for _, n in match_months(index, query)) == dated == sum(n for _, n in found.months())
    assert [r.doc for r in search(index, query, limit=page, by_date=by_date)] == pages[:page]
    assert [r.doc for r in ResultSet(index, query, by_date=by_date).iter()] == pages


@pytest.mark.parametrize("size", (FIRST_CHECK + 1, 3 * MOST_CHECKED + 17))
def test_a_phrase_is_checked_in_every_article_that_holds_its_words(size: int) -> None:
    index = _corpus(size, seed=1)
    docs = ResultSet(index, '"مجلس الأمن"').docs().tolist()
    expected = [doc for doc in range(size) if "مجلس الأمن" in index.articles[doc].read_text()]
    assert sorted(docs) == expected


def test_the_first_page_of_a_phrase_checks_a_few_articles_not_all(monkeypatch: pytest.MonkeyPatch) -> None:
    index = _corpus(3 * MOST_CHECKED + 17, seed=1)
    checked: list[int] = []
    from corpus.search.ranking import phrase_docs as original

    def counted(index: CorpusIndex, docs: object, words: object, joined: frozenset[int] = frozenset()) -> object:
        checked.append(len(docs))  # type: ignore[arg-type]
        return original(index, docs, words, joined)  # type: ignore[arg-type]

    monkeypatch.setattr("corpus.search.results.phrase_docs", counted)
    ResultSet(index, '"مجلس الأمن"').results(0, 20)
    assert sum(checked) <= 2 * FIRST_CHECK


@pytest.mark.parametrize("size", (FIRST_CHECK + 1, 3 * MOST_CHECKED + 17))
def test_an_export_holds_every_result_in_the_order_shown(size: int) -> None:
    index = _corpus(size, seed=1)
    found = ResultSet(index, "مجلس الأمن")
    out = io.StringIO()
    written = write_rows(result_rows(found.iter()), RESULT_FIELDS, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    assert written == len(rows) == found.count()
    assert [row["id"] for row in rows] == [index.articles[doc].id for doc in found.docs().tolist()]


@pytest.mark.parametrize("seed", range(5))
def test_gathered_ranges_are_the_values_of_every_range_in_order(seed: int) -> None:
    from corpus.packed import gather_ranges, range_positions

    rng = np.random.default_rng(seed)
    values = rng.integers(0, 1000, size=500).astype(np.uint32)
    count = int(rng.integers(0, 40))
    starts = rng.integers(0, 400, size=count)
    lengths = rng.integers(0, 100, size=count) * (rng.random(count) > 0.2)  # some empty ranges
    lengths = np.minimum(lengths, 500 - starts)
    assert gather_ranges(values, starts, lengths).tolist() == values[range_positions(starts, lengths)].tolist()


@pytest.mark.parametrize("query", ["مجلس", '"مجلس الأمن"', "خبر !مجلس"])
def test_an_exported_result_reads_its_text_once(query: str, monkeypatch: pytest.MonkeyPatch) -> None:
    index = _corpus(300, seed=5)
    reads: list[str] = []
    original = Article.read_text

    def counted(self: Article) -> str:
        reads.append(self.id)
        return original(self)

    monkeypatch.setattr(Article, "read_text", counted)
    rows = list(result_rows(ResultSet(index, query).iter()))  # hits, then the snippet, of each
    assert rows and len(reads) == len(rows) == len(set(reads))


@given(st.lists(st.sampled_from([-2.5, -0.0, 0.0, 1e-30, 1.0, 3.5, 7.25, float("inf")]), min_size=1, max_size=60))
def test_best_first_orders_by_score_then_key(values: list[float]) -> None:
    scores = np.array(values, dtype=np.float32)
    docs = np.arange(0, len(values), 2)
    assert best_first(docs, scores).tolist() == docs[np.lexsort((docs, -scores[docs]))].tolist()


def test_partial_matches_are_the_best_few_of_those_holding_all_words_but_one() -> None:
    """ماكرون خامنئي: 7 articles name both, and the 1,016 naming one of them became results, in
    the count, the timeline and an export."""
    from corpus import Article
    from corpus.search.ranking import PARTIAL_MOST

    texts = {f"both{n}": f"خبر {n}\nالتقى ماكرون خامنئي في طهران" for n in range(3)}
    texts |= {f"one{n}": f"خبر {n}\nزار ماكرون برلين" for n in range(60)}
    texts |= {f"other{n}": f"خبر {n}\nقال خامنئي في خطاب" for n in range(60)}
    index = CorpusIndex.build(Article(k, f"{k}.txt", t.split("\n")[0], t) for k, t in texts.items())
    found = ResultSet(index, "ماكرون خامنئي ")
    assert found.full_count() == 3 and found.count() == 3 + PARTIAL_MOST
    assert found.partial_held == 120
