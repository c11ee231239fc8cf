"""The article list's filter and orders over the index's columns (corpus.search.listing)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from corpus.models import Article
from corpus.search import listing as listing_module
from corpus.search.index import CorpusIndex
from corpus.search.listing import ArticleListing
from corpus.search.query import Query, parse_query
from corpus.text.headline import sortable_date
from corpus.text.normalization import normalize

WORDS = ["حافلة", "حافله", "الرياض", "أمير", "امير", "ترامب", "الصين", "Cairo", "cairo", "10:30"]
SOURCES = ["okaz", "sabq", "3alyoum", ""]
FILTERS = [
    "",
    "حافلة",
    "امير",
    "cairo",
    "ري",
    "source:okaz",
    "source:SABQ حافله",
    "after:2016",
    "before:2017-03 الصين",
    "after:2015-08 before:2015-09 source:okaz",
    "after:2099",
    "10:30",
    "zzz",
    "after:notadate أمير",
]
ORDERS = ["corpus", "date", "newest file", "title"]


def _articles(count: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    articles = []
    for n in range(count):
        source = rng.choice(SOURCES)
        year, month, day = rng.randint(2014, 2018), rng.randint(1, 12), rng.randint(1, 28)
        date = "" if rng.random() < 0.2 else f"{year}-{month:02d}-{day:02d}"
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
        articles.append(Article(f"a{n}", f"sn_{source}-{n}.txt", title, "نص الخبر", date=date, source_name=source))
    return articles


def _admits(query: Query, date: str, source_name: str) -> bool:
    """An article of this ISO date ("" for none) and source passes the query's date and source
    filters, worked out for the one article (the listing uses the index's columns)."""
    if query.after or query.before:
        day = int(date.replace("-", "")) if date else 0
        if not day or (query.after and day < query.after) or (query.before and day >= query.before):
            return False
    if query.sources:
        name = normalize(source_name).casefold()
        return any(wanted in name for wanted in query.sources)
    return True


def _expected(articles: list[Article], text: str, order: str, only: set[int] | None, arrival: list[int]) -> list[int]:
    """The list's view worked out article by article, as the app once did on every key."""
    query = parse_query(text)
    wanted = normalize(query.rest.strip())
    keys = [normalize(f"{a.title} {a.id} {a.source_name}") for a in articles]
    view = [
        doc
        for doc, article in enumerate(articles)
        if wanted in keys[doc]
        and (only is None or doc in only)
        and (not query.filtered or _admits(query, article.date, article.source_name))
    ]
    if order == "date":
        view.sort(key=lambda doc: sortable_date(articles[doc].date), reverse=True)
    elif order == "newest file":
        view.sort(key=lambda doc: (arrival[doc], doc), reverse=True)
    elif order == "title":
        view.sort(key=lambda doc: keys[doc])
    return view


@pytest.mark.parametrize("count", [0, 1, 7, 240])
def test_the_listing_shows_what_a_filter_of_each_article_would(count: int) -> None:
    articles = _articles(count, seed=count)
    arrival = [random.Random(n).randint(0, 5) for n in range(count)]  # ties: the newest key first
    listing = ArticleListing(CorpusIndex.build(articles), arrival)
    for only in (None, set(range(0, count, 3))):
        for text in FILTERS:
            for order in ORDERS:
                assert listing.view(text, order, only).tolist() == _expected(articles, text, order, only, arrival), (
                    text,
                    order,
                )


def test_the_keys_are_made_once_not_on_every_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0

    def counting(text: str) -> str:
        nonlocal calls
        calls += 1
        return normalize(text)

    monkeypatch.setattr(listing_module, "normalize", counting)
    articles = _articles(300, seed=1)
    listing = ArticleListing(CorpusIndex.build(articles))
    listing.view("ح", "title")
    made = calls
    typed = "after:2015-08 before:2016 source:okaz حافلة"
    for end in range(1, len(typed) + 1):  # every keystroke of a filter typed in full
        for order in ORDERS:
            listing.view(typed[:end], order)
    assert calls - made == len(typed) * len(ORDERS)  # the typed text once a view; the keys were made once


def test_an_archive_brought_up_to_date_keeps_the_keys_it_had() -> None:
    old_articles = _articles(50, seed=3)
    old = ArticleListing(CorpusIndex.build(old_articles))
    old.view("حافلة")  # the keys are made
    kept = [doc for doc in range(50) if doc % 4]  # every fourth article is gone, three arrive
    new_articles = [old_articles[doc] for doc in kept] + _articles(53, seed=4)[50:]
    new_doc = np.full(50, -1, dtype=np.int64)
    new_doc[kept] = np.arange(len(kept))
    carried = old.carried(CorpusIndex.build(new_articles), new_doc, [])
    fresh = ArticleListing(CorpusIndex.build(new_articles))
    for text in FILTERS:
        for order in ORDERS:
            assert carried.view(text, order).tolist() == fresh.view(text, order).tolist()
