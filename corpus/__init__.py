"""The core: an archive of Arabic news articles, loaded, normalized, indexed, searched and tagged.

No UI here: nothing under corpus/ imports tui, textual or rich (import-linter checks it).
`Archive` is the one way in for the command line and the app; `corpus.text`,
`corpus.search` and `corpus.entities` hold the parts it is made of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.json_text import json_text
from corpus.lazy import lazy_exports
from corpus.models import Article, ArticleUnreadable, Doc, LoadProblem, ProblemCounts, Progress, counted, tally

if TYPE_CHECKING:
    from corpus.archive import RESIDENT_BYTES, Archive, Refreshed
    from corpus.cluster import Cluster, ClusterUnavailable, open_cluster
    from corpus.errors import AkhbarError
    from corpus.export import (
        ARTICLE_FIELDS,
        EXPORT_FORMATS,
        MENTION_FIELDS,
        RESULT_FIELDS,
        article_rows,
        articles_writing,
        entities_json,
        entities_named,
        entity_lookup,
        find_entities,
        in_latin_letters,
        mention_rows,
        named_in_few,
        other_types,
        partial_note,
        refused_output,
        result_rows,
        write_rows,
    )
    from corpus.garbage_collection import give_back_freed_memory
    from corpus.safe_files import FileTooLarge, NotRegularFile, read_regular_file, write_atomically, writing_atomically
    from corpus.stories import Story, StoryIndex
    from corpus.user_dirs import cache_dir, config_dir, data_dir, state_dir
    from corpus.walk import corpus_holding, default_corpus_path, display_path, path_from
    from corpus.watch import Wake, watch_corpus

__all__ = [
    "AkhbarError",
    "path_from",
    "corpus_holding",
    "Archive",
    "Article",
    "Cluster",
    "ClusterUnavailable",
    "open_cluster",
    "ARTICLE_FIELDS",
    "EXPORT_FORMATS",
    "MENTION_FIELDS",
    "RESULT_FIELDS",
    "entity_lookup",
    "articles_writing",
    "named_in_few",
    "other_types",
    "entities_json",
    "entities_named",
    "find_entities",
    "in_latin_letters",
    "give_back_freed_memory",
    "json_text",
    "mention_rows",
    "article_rows",
    "partial_note",
    "refused_output",
    "result_rows",
    "write_rows",
    "write_atomically",
    "writing_atomically",
    "ArticleUnreadable",
    "Doc",
    "FileTooLarge",
    "NotRegularFile",
    "LoadProblem",
    "ProblemCounts",
    "Progress",
    "RESIDENT_BYTES",
    "Refreshed",
    "Story",
    "StoryIndex",
    "Wake",
    "cache_dir",
    "counted",
    "tally",
    "config_dir",
    "data_dir",
    "default_corpus_path",
    "display_path",
    "read_regular_file",
    "state_dir",
    "watch_corpus",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "AkhbarError": "errors",
        "Archive": "archive",
        "RESIDENT_BYTES": "archive",
        "Refreshed": "archive",
        **dict.fromkeys(("Cluster", "ClusterUnavailable", "open_cluster"), "cluster"),
        **dict.fromkeys(
            (
                "ARTICLE_FIELDS",
                "article_rows",
                "EXPORT_FORMATS",
                "MENTION_FIELDS",
                "RESULT_FIELDS",
                "entities_json",
                "entities_named",
                "entity_lookup",
                "find_entities",
                "in_latin_letters",
                "mention_rows",
                "articles_writing",
                "named_in_few",
                "other_types",
                "partial_note",
                "refused_output",
                "result_rows",
                "write_rows",
            ),
            "export",
        ),
        "give_back_freed_memory": "garbage_collection",
        "Story": "stories",
        "StoryIndex": "stories",
        "Wake": "watch",
        "watch_corpus": "watch",
        "default_corpus_path": "walk",
        "display_path": "walk",
        "path_from": "walk",
        "corpus_holding": "walk",
        "cache_dir": "user_dirs",
        "config_dir": "user_dirs",
        "data_dir": "user_dirs",
        "state_dir": "user_dirs",
        **dict.fromkeys(
            ("FileTooLarge", "NotRegularFile", "read_regular_file", "write_atomically", "writing_atomically"),
            "safe_files",
        ),
    },
)
