"""Search: the positional index, the query language, ranking, snippets and index snapshots."""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.lazy import lazy_exports
from corpus.search.query import (
    AS_WRITTEN,
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    Clause,
    Query,
    bounded_query,
    parse_query,
    toggle_as_written,
    with_alternatives,
)
from corpus.search.snippets import Snippet, context_window
from corpus.search.stop import SearchStopped, Stop, check_stop

if TYPE_CHECKING:
    from corpus.search.find import find_in_text
    from corpus.search.index import CorpusIndex
    from corpus.search.listing import ArticleListing, DocNumbers
    from corpus.search.ranking import MATCH_ORDER, SearchResult, WordMatch
    from corpus.search.results import ResultSet, search

__all__ = [
    "ArticleListing", "DocNumbers", "MAX_QUERY_CHARS", "MAX_QUERY_WORDS", "Clause", "CorpusIndex", "find_in_text",
    "MATCH_ORDER",
    "Query", "ResultSet", "SearchResult", "SearchStopped", "Snippet", "Stop", "WordMatch", "bounded_query",
    "context_window", "parse_query", "search", "AS_WRITTEN", "toggle_as_written",
    "with_alternatives", "check_stop",
]  # fmt: skip

__getattr__ = lazy_exports(
    __name__,
    {
        "ArticleListing": "listing",
        "DocNumbers": "listing",
        "CorpusIndex": "index",
        "find_in_text": "find",
        "SearchResult": "ranking",
        "search": "results",
        "ResultSet": "results",
        "WordMatch": "ranking",
        "MATCH_ORDER": "ranking",
    },
)
