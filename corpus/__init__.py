"""The core: an archive of Arabic news articles, loaded, normalized, indexed, searched and tagged.

No UI here: nothing under corpus/ imports tui, textual or rich (import-linter checks it).
`Archive` is the one way in for the command line and the app; `corpus.text`,
`corpus.search` and `corpus.entities` hold the parts it is made of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.lazy import lazy_exports
from corpus.models import Article, ArticleUnreadable, Doc, LoadProblem, Progress

if TYPE_CHECKING:
    from corpus.archive import RESIDENT_BYTES, Archive
    from corpus.load import default_corpus_path, display_path

__all__ = [
    "Archive",
    "Article",
    "ArticleUnreadable",
    "Doc",
    "LoadProblem",
    "Progress",
    "RESIDENT_BYTES",
    "default_corpus_path",
    "display_path",
]

__getattr__ = lazy_exports(
    __name__,
    {"Archive": "archive", "RESIDENT_BYTES": "archive", "default_corpus_path": "load", "display_path": "load"},
)
