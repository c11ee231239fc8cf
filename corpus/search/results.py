"""The result set of a query: every article it matches, in the order shown, counted exactly,
made into results (snippets read from the texts) a page at a time.

Every consumer counts through one `ResultSet`: the results the app pages through, their
count, the timeline (`months`), saved-search counts (`matching_docs`) and exports hold the
same articles. The order is made once; what costs per article is deferred: a phrase is
checked against the texts' tokens a slice at a time as results are taken (all at once only
when the count is asked for), and snippets are made only for the results taken.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from corpus.search.archive_order import tie_columns
from corpus.search.index import CorpusIndex
from corpus.search.phrases import WordTable
from corpus.search.plan import MatchedClause, QueryPlan, plan_query
from corpus.search.proximity import proximity_order
from corpus.search.query import Query
from corpus.search.ranking import PARTIAL_BELOW, PARTIAL_MOST, SearchResult, best_first, candidates, phrase_docs
from corpus.search.stop import Stop, check_stop

__all__ = ["ResultSet", "search", "search_iter", "matching_docs", "match_months", "FIRST_CHECK", "MOST_CHECKED"]

FIRST_CHECK = 64
"""Documents whose phrases are checked first; then twice as many each time (see MOST_CHECKED)."""
MOST_CHECKED = 4096
"""Documents checked for phrases at once at most: their tokens are gathered together."""


class ResultSet:
    """Every article a query matches, best first (newest first with `by_date`, undated last),
    then, when the full matches are fewer than PARTIAL_BELOW, those holding all the words but
    one (partial). A query of filters alone lists every article they let through, newest first.
    Raises SearchStopped once `stop` says to (in any method that takes it)."""

    def __init__(
        self, index: CorpusIndex, query: str | Query | QueryPlan, *, by_date: bool = False, stop: Stop | None = None
    ) -> None:
        self.index = index
        self.plan = plan_query(index, query, stop)
        self.query = self.plan.query
        self.by_date = by_date
        self.matched: list[MatchedClause] = self.plan.positive
        self._scores = np.zeros(0, dtype=np.float32)
        self._checked: list[np.ndarray] = []
        """Documents in the order shown, whose phrases are checked, slice by slice."""
        self._known = 0
        self._unchecked = np.zeros(0, dtype=np.int64)
        """Documents in order whose phrases are still to be checked."""
        self._step = FIRST_CHECK
        self._partial = np.zeros(0, dtype=np.int64)
        self.partial_held = 0
        """How many articles hold all the query's words but one, of which the best PARTIAL_MOST follow."""
        self._full: int | None = None
        """How many results are full matches, once every phrase is checked."""
        self._phrases: list[MatchedClause] = []
        self._table: WordTable | None = None
        parsed = self.query
        if not (parsed.positive or parsed.filtered) or len(index) == 0:
            self._full = 0
            return
        total, docs, partial = candidates(index, self.plan, stop)
        self._scores = total
        if by_date or not parsed.positive:
            days = index.article_days()[docs].astype(np.int64)
            order = docs[np.lexsort((*tie_columns(index.archive_order, docs), -total[docs], -days))]
        else:
            words = [weights for m in self.matched for weights in m.words]
            order = proximity_order(index, best_first(docs, total, index.archive_order), total, words)
        self._phrases = [m for m in self.matched if len(m.words) > 1]
        if self._phrases:
            self._unchecked = order
        else:
            self._add(order)
            self._full = len(order)
        if partial is not None and len(order) < PARTIAL_BELOW:
            self._partial = best_first(partial, total, index.archive_order)[:PARTIAL_MOST]
            self.partial_held = len(partial)

    def _add(self, docs: np.ndarray) -> None:
        self._checked.append(docs)
        self._known += len(docs)

    def _check_more(self, stop: Stop | None) -> None:
        """Check the phrases of the next slice of documents."""
        check_stop(stop)
        chunk, self._unchecked = self._unchecked[: self._step], self._unchecked[self._step :]
        self._step = min(MOST_CHECKED, self._step * 2)
        for phrase in self._phrases:
            chunk = phrase_docs(self.index, chunk, phrase.words, phrase.joined)
        self._add(chunk)
        if not len(self._unchecked):
            self._full = self._known

    def _known_upto(self, count: int, stop: Stop | None) -> int:
        """Check phrases until at least `count` full matches are known, or all are; how many are."""
        while self._known < count and self._full is None:
            self._check_more(stop)
        return self._known

    def _joined(self) -> np.ndarray:
        if len(self._checked) != 1:
            self._checked = [np.concatenate(self._checked)] if self._checked else [np.zeros(0, dtype=np.int64)]
        return self._checked[0]

    def docs(self, stop: Stop | None = None) -> np.ndarray:
        """Every document of the set, in the order shown (partial matches last)."""
        self._known_upto(len(self.index) + 1, stop)
        full = self._joined()
        return np.concatenate([full, self._partial]) if len(self._partial) else full

    def count(self, stop: Stop | None = None) -> int:
        """How many articles the set holds, exactly (every phrase is checked)."""
        return len(self.docs(stop))

    def full_docs(self, stop: Stop | None = None) -> np.ndarray:
        """The documents of the set that hold every word of the query (not the partial ones), in
        the order shown."""
        self.docs(stop)
        return self._joined()

    def full_count(self, stop: Stop | None = None) -> int:
        """How many of them hold every word of the query (the others are partial)."""
        self.docs(stop)
        return self._known

    def results(self, start: int, end: int, *, snippets: int = 1, stop: Stop | None = None) -> list[SearchResult]:
        """Results `start` to `end` (not included) of the order shown, with their snippets."""
        full = self._known_upto(end, stop)
        made: list[SearchResult] = []
        shown, words = self._joined(), self._words()
        for position in range(start, end):
            check_stop(stop)
            if position < full:
                doc, partial = int(shown[position]), False
            elif self._full is not None and position - full < len(self._partial):
                doc, partial = int(self._partial[position - full]), True
            else:
                break
            score = float(self._scores[doc])
            made.append(SearchResult(self.index, doc, score, self.matched, words, snippets=snippets, partial=partial))
        return made

    def _words(self) -> WordTable:
        """The query's words as one table for all its results, made when the first is."""
        if self._table is None:
            self._table = WordTable(self.index, [m.words for m in self.matched])
        return self._table

    def iter(self, *, snippets: int = 1, stop: Stop | None = None) -> Iterator[SearchResult]:
        """Every result in order, made as it is taken."""
        start = 0
        while True:
            page = self.results(start, start + self._step, snippets=snippets, stop=stop)
            yield from page
            if not page:
                return
            start += len(page)

    def months(self, stop: Stop | None = None) -> list[tuple[str, int]]:
        """The set's articles per month ("YYYY-MM", count), oldest first, for those with a date."""
        days = self.index.article_days()[self.docs(stop)]
        months, counts = np.unique(days[days > 0] // 100, return_counts=True)
        pairs = zip(months.tolist(), counts.tolist(), strict=True)
        return [(f"{m // 100:04d}-{m % 100:02d}", int(c)) for m, c in pairs]


def search_iter(
    index: CorpusIndex,
    query: str | Query | QueryPlan,
    *,
    snippets: int = 1,
    by_date: bool = False,
    stop: Stop | None = None,
) -> Iterator[SearchResult]:
    """Every matching article in the order of its ResultSet, made lazily."""
    yield from ResultSet(index, query, by_date=by_date, stop=stop).iter(snippets=snippets, stop=stop)


def search(
    index: CorpusIndex,
    query: str | Query | QueryPlan,
    *,
    limit: int = 20,
    snippets: int = 1,
    by_date: bool = False,
    stop: Stop | None = None,
) -> list[SearchResult]:
    """The first `limit` results of the query's ResultSet (the best, or the newest with `by_date`)."""
    return ResultSet(index, query, by_date=by_date, stop=stop).results(0, limit, snippets=snippets, stop=stop)


def matching_docs(index: CorpusIndex, query: str | Query | QueryPlan, *, stop: Stop | None = None) -> np.ndarray:
    """Every document of the query's ResultSet, in key order: no text is read."""
    return np.sort(ResultSet(index, query, stop=stop).docs(stop))


def match_months(
    index: CorpusIndex, query: str | Query | QueryPlan, *, stop: Stop | None = None
) -> list[tuple[str, int]]:
    """The query's ResultSet per month: when a story peaked (see ResultSet.months)."""
    return ResultSet(index, query, stop=stop).months(stop)
