"""The article list's filter and orders, over the index's columns: no `Article` is made.

A filter is words to find in each article's title, id and source (normalized, so spelling
folds), with the query language's date and source filters (after:, before:, source:). The
normalized keys are made once per archive (about 3 s on 69k articles: the app makes them in
a worker); then a filter is one substring test per article (about 20 ms on 69k), the date
and source filters and the orders numpy operations on the index's columns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any

import numpy as np

from corpus.article_columns import article_ids, article_sources, article_titles
from corpus.models import Doc
from corpus.packed import PackedStrings
from corpus.search.archive_order import in_archive_order, tie_columns
from corpus.search.index import CorpusIndex
from corpus.search.plan import filter_mask
from corpus.search.query import parse_query
from corpus.text.normalization import normalize

__all__ = ["ArticleListing", "DocNumbers"]


CHUNK = 4096
"""Articles whose keys are normalized in one call (normalizing is per character, and a line
break, which no key holds, stays a line break)."""


def _strings(column: Sequence[str], docs: Sequence[int]) -> list[str]:
    """The column's strings at `docs` (decoded together from a packed column)."""
    if isinstance(column, PackedStrings):
        return column.many(docs)
    return [column[doc] for doc in docs]


class DocNumbers(Sequence[Doc]):
    """Article numbers in the order shown, held as one numpy array: as a list, a million of
    them held 40 MB in every session (an int object and a pointer each)."""

    __slots__ = ("_docs",)

    def __init__(self, docs: np.ndarray) -> None:
        self._docs = docs

    def __len__(self) -> int:
        return len(self._docs)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return DocNumbers(self._docs[index])
        return int(self._docs[index])

    def __iter__(self) -> Iterator[Doc]:
        return iter(self._docs.tolist())

    def index(self, doc: Any, start: int = 0, stop: int | None = None) -> int:
        """Where `doc` is shown first (ValueError when it is not)."""
        found = np.flatnonzero(self._docs[start:stop] == doc)
        if not len(found):
            raise ValueError(f"article {doc} is not in view")
        return start + int(found[0])

    def __contains__(self, doc: object) -> bool:
        return bool((self._docs == doc).any())


class ArticleListing:
    """Which articles the list shows, for a filter and an order, over one index (thread-safe:
    the app asks from a worker; what is made once is made under a lock)."""

    def __init__(self, index: CorpusIndex, arrival: Sequence[int] | Callable[[], np.ndarray] = ()) -> None:
        """`arrival`: each article's file time (ns), for the newest-file order, or what gives them
        when that order is first asked for; empty: that order is corpus order."""
        self.index = index
        self._arrival_given = arrival
        self._arrival: np.ndarray | None = None
        self._lock = threading.Lock()
        self._key_list: list[str] | None = None
        self._kept: list[str | None] | None = None
        """Keys carried over from the archive before an update (None for its new articles)."""
        self._title_rank: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.index)

    @property
    def arrival(self) -> np.ndarray:
        """Each article's file time (ns), made when first needed (8 bytes an article)."""
        if self._arrival is None:
            given = self._arrival_given
            self._arrival = np.asarray(given() if callable(given) else given, dtype=np.int64)
        return self._arrival

    def view(self, text: str, order: str = "corpus", only: Collection[Doc] | None = None) -> np.ndarray:
        """The keys of the articles `text` admits (all for an empty text), in `order`; with
        `only`, just those among them."""
        docs = self.matching(text)
        if only is not None:
            docs = docs[np.isin(docs, np.fromiter(only, dtype=np.int64, count=len(only)))]
        return self.ordered(docs, order)

    def matching(self, text: str) -> np.ndarray:
        """The keys, in archive order, of the articles whose key holds the words of `text` and
        that pass its date and source filters."""
        query = parse_query(text)  # once: its words for the titles, its filters for the dates and sources
        wanted = normalize(query.rest.strip())
        docs = self._holding(wanted) if wanted else np.arange(len(self.index), dtype=np.int64)
        docs = in_archive_order(self.index.archive_order, docs, len(self.index))
        mask = filter_mask(self.index, query)
        return docs[mask[docs]] if mask is not None else docs

    def ordered(self, docs: np.ndarray, order: str) -> np.ndarray:
        """`docs` in `order`: "corpus" (as given), "date" (newest first; no date last), "newest
        file" (by file time, newest first), "title" (by normalized title); ties keep archive order."""
        if order == "date":
            days = self.index.article_days()[docs].astype(np.int64)
            return docs[np.lexsort((*tie_columns(self.index.archive_order, docs), -days))]
        if order == "newest file" and len(self.arrival) == len(self.index):
            ties = [-column for column in tie_columns(self.index.archive_order, docs)]
            return docs[np.lexsort((*ties, -self.arrival[docs]))]
        if order == "title":
            rank = self._title_ranks()
            return docs[np.argsort(rank[docs], kind="stable")]
        return docs

    def _holding(self, wanted: str) -> np.ndarray:
        """The articles whose normalized key holds `wanted`, ascending."""
        keys = self._keys()
        held = np.fromiter((wanted in key for key in keys), dtype=bool, count=len(keys))
        return np.nonzero(held)[0].astype(np.int64)

    def _keys(self) -> list[str]:
        """What the filter looks in, by article, made once (under the lock)."""
        with self._lock:
            if self._key_list is None:
                kept = self._kept
                if kept is None:
                    self._key_list = self._made_keys(range(len(self.index)))
                else:
                    missing = [doc for doc, key in enumerate(kept) if key is None]
                    for doc, key in zip(missing, self._made_keys(missing), strict=True):
                        kept[doc] = key
                    self._key_list = [key or "" for key in kept]
                    self._kept = None
            return self._key_list

    def _made_keys(self, docs: Sequence[int]) -> list[str]:
        """Title, id and source of these articles, normalized as search normalizes (a chunk of
        articles at a time: one `normalize` of their keys joined by line breaks)."""
        articles = self.index.articles
        columns = (article_titles(articles), article_ids(articles), article_sources(articles))
        keys: list[str] = []
        for start in range(0, len(docs), CHUNK):
            chunk = docs[start : start + CHUNK]
            titles, ids, sources = (_strings(column, chunk) for column in columns)
            raw = [f"{t} {i} {s}".replace("\n", " ") for t, i, s in zip(titles, ids, sources, strict=True)]
            folded = normalize("\n".join(raw)).split("\n")
            keys.extend(folded if len(folded) == len(raw) else [normalize(key) for key in raw])
        return keys

    def _title_ranks(self) -> np.ndarray:
        """Each article's place in the title order (by its normalized key), made once."""
        keys = self._keys()
        with self._lock:
            if self._title_rank is None:
                order = self.index.archive_order
                docs = order.every(len(keys)).tolist() if order is not None else range(len(keys))
                by_title = np.array(sorted(docs, key=keys.__getitem__), dtype=np.int64)
                ranks = np.empty(len(keys), dtype=np.int64)
                ranks[by_title] = np.arange(len(keys), dtype=np.int64)
                self._title_rank = ranks
            return self._title_rank

    def carried(
        self, index: CorpusIndex, new_doc: np.ndarray, arrival: Sequence[int] | Callable[[], np.ndarray]
    ) -> ArticleListing:
        """The listing of `index`, the archive brought up to date, where `new_doc` maps these
        articles to their new keys (or -1): the keys made so far are kept, the new articles'
        are made when first needed."""
        listing = ArticleListing(index, arrival)
        with self._lock:
            old = self._key_list
        if old is None:
            return listing
        kept: list[str | None] = [None] * len(index)
        for doc, new in enumerate(np.asarray(new_doc).tolist()):
            if new >= 0:
                kept[new] = old[doc]
        listing._kept = kept
        return listing
