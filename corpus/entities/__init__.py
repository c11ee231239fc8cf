"""Entities: who, where and what articles name; tagger, rules, grouping, lexicons, cache and index."""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.entities.mentions import CONFIDENT, NAME_TYPES, TYPES, Entity, Mention
from corpus.lazy import lazy_exports

if TYPE_CHECKING:
    from corpus.entities.extract import read_conll_articles, tag_words
    from corpus.entities.grouping import article_entities
    from corpus.entities.index import EntityIndex
    from corpus.entities.lookup import EntityLookup, lookup_entities, name_index
    from corpus.entities.turn import TAGGING, TAGGING_WAIT

__all__ = [
    "CONFIDENT",
    "NAME_TYPES",
    "TAGGING",
    "TAGGING_WAIT",
    "TYPES",
    "Entity",
    "EntityIndex",
    "EntityLookup",
    "Mention",
    "article_entities",
    "lookup_entities",
    "name_index",
    "read_conll_articles",
    "tag_words",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "EntityIndex": "index",
        "EntityLookup": "lookup",
        "lookup_entities": "lookup",
        "name_index": "lookup",
        "article_entities": "grouping",
        "read_conll_articles": "extract",
        "tag_words": "extract",
        "TAGGING": "turn",
        "TAGGING_WAIT": "turn",
    },
)
