"""The entity index saved beside the search index generation it was built on.

Grouping the mentions of 69k articles into entities takes about half a minute, and the
result takes about 150 MB as Python objects. Saved as numpy members and string columns in
the generation folder (`corpus.saved_folders`), it is read back through memory maps: every session
on the archive then shares one copy through the page cache and skips the grouping. The
folder's name carries the tagger's version and the grouping's, so new rules, a new model or new
grouping never reuse it (a new grouping keeps the cached mentions); it is
written into a temporary folder and renamed, and a copy that fails its checks, or a member
that is not a regular file of its size (corpus.saved_folders), is deleted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from corpus.entities.article_names import words_named
from corpus.entities.cache import model_version
from corpus.entities.grouping import GROUPING_VERSION
from corpus.entities.index import EntityIndex
from corpus.entities.mentions import TYPES
from corpus.entities.table import ArticleEntities, MentionTable, PackedEntities
from corpus.models import Article
from corpus.packed import read_packed, write_packed
from corpus.saved_folders import (
    checksums,
    load_saved,
    read_array,
    read_member,
    save_once,
    verify_members,
    write_array,
    write_bytes,
)

__all__ = [
    "save_entities", "load_entities", "entities_folder", "saved_names", "carry_names",
]  # fmt: skip
WORDS_NAMED = "words_named.json"
"""The member holding the words the table's names hold, with their articles (those named in
SAVED_NAMED or more): what a word typed in Latin letters is read with, read without the table."""
SAVED_NAMED = 2
"""A word one article names is left out of that member: the search reads a word as a name's only
when five name it (corpus.search.transliteration.NAMED_ARTICLES), and the member stays small."""

FORMAT = 3
TABLE_COLUMNS = ("docs", "starts", "ends", "texts", "links", "types", "confidences")


def entities_folder(generation: Path) -> Path:
    """Where the entity index of a generation is, for this tagger and this grouping."""
    return generation / f"entities-{FORMAT}-{model_version()}-{GROUPING_VERSION}"


def save_entities(generation: Path, index: EntityIndex) -> None:
    """Write the entity index into the generation (once: a copy already there is kept).
    Raises OSError when it cannot be written."""
    save_once(entities_folder(generation), lambda folder: _write(folder, index))


def load_entities(generation: Path, articles: Sequence[Article]) -> EntityIndex | None:
    """The saved entity index of the generation, memory-mapped; None when there is none or it
    fails its checks (then it is deleted, and built again by the caller)."""
    return load_saved(entities_folder(generation), lambda folder, meta: _read(folder, meta, articles))


def carried_folder(generation: Path) -> Path:
    """Where a generation made by a change keeps the names of the table before it (carry_names)."""
    return generation / f"names-{FORMAT}-{model_version()}-{GROUPING_VERSION}"


CarriedNames = tuple[frozenset[str] | None, dict[str, int] | None]


def saved_names(generation: Path) -> CarriedNames:
    """What a search reads of the generation's entity table without mapping it: the names written
    only with the article or only without it (EntityIndex.names_by_article) and the words its names
    hold with their articles (those SAVED_NAMED or more name), from its two small members; else
    those carried into it from the table before a change (carry_names); None for what is not there."""
    for folder in (entities_folder(generation), carried_folder(generation)):
        try:
            meta = json.loads(read_member(folder, "meta.json"))
        except (OSError, ValueError, RecursionError):  # none, a FIFO, a huge or deeply nested member
            continue
        if isinstance(meta, dict) and meta.get("format") == FORMAT:
            return _names_in(meta), _words_named_in(folder)
    return None, None


def carry_names(generation: Path, carried: CarriedNames) -> None:
    """Keep in a generation made by a change (an article added) the names and named words of the
    table before it (`saved_names` of the generation before it), until the entities are grouped
    for it: a shell search reads them there (a change dropped them, and `3ali` read عالية, not
    علي). Raises OSError."""
    names, words = carried
    if (names is None and words is None) or entities_folder(generation).exists():
        return

    def write(folder: Path) -> None:
        write_bytes(folder, WORDS_NAMED, json.dumps(words or {}, ensure_ascii=False).encode())
        shown = None if names is None else sorted(names)
        meta = {"format": FORMAT, "names_by_article": shown, "checksums": checksums(folder)}
        write_bytes(folder, "meta.json", json.dumps(meta).encode())

    save_once(carried_folder(generation), write)


def _words_named_in(folder: Path) -> dict[str, int] | None:
    """The named words' member of a saved table, or None (a table saved before it was, a damaged
    member: then they are counted from the table)."""
    try:
        counts = json.loads(read_member(folder, WORDS_NAMED))
    except (OSError, ValueError, RecursionError):  # none, a FIFO, a huge or deeply nested member
        return None
    if not isinstance(counts, dict) or not all(type(count) is int for count in counts.values()):
        return None
    return counts


def _names_in(meta: dict[str, object]) -> frozenset[str] | None:
    """The names written only with the article or only without it that a meta member holds, or
    None (none, or no list of words)."""
    named = meta.get("names_by_article")
    if not isinstance(named, list) or not all(isinstance(name, str) for name in named):
        return None
    return frozenset(named)


def _write(folder: Path, index: EntityIndex) -> None:
    table, entities, by_article = index.table, index.entities, index.by_article
    for name in TABLE_COLUMNS:
        write_array(folder, f"table_{name}", getattr(table, name))
    write_packed(folder, "strings", table.strings)
    write_packed(folder, "keys", entities.keys)
    write_packed(folder, "names", entities.names)
    write_array(folder, "entity_types", entities.types)
    write_array(folder, "entity_starts", entities.starts)
    write_array(folder, "entity_stops", entities.stops)
    write_array(folder, "article_offsets", by_article.offsets)
    write_array(folder, "article_entities", by_article.numbers)
    counts = index.words_named if index.words_named is not None else words_named(entities)
    kept = {word: count for word, count in counts.items() if count >= SAVED_NAMED}
    write_bytes(folder, WORDS_NAMED, json.dumps(kept, ensure_ascii=False).encode())
    meta = {
        "format": FORMAT,
        "mentions": len(table.docs),
        "strings": len(table.strings),
        "entities": len(entities),
        "articles": len(by_article.offsets) - 1,
        "names_by_article": None if index.names_by_article is None else sorted(index.names_by_article),
        "checksums": checksums(folder),
    }
    write_bytes(folder, "meta.json", json.dumps(meta).encode())


def _read(folder: Path, meta: object, articles: Sequence[Article]) -> EntityIndex | None:
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        return None
    verify_members(folder, meta.get("checksums"))
    count = {name: int(str(meta[name])) for name in ("mentions", "strings", "entities", "articles")}
    strings = read_packed(folder, "strings", count["strings"])
    docs, starts, ends, texts, links, types, confidences = (
        read_array(folder, f"table_{name}") for name in TABLE_COLUMNS
    )
    table = MentionTable(docs, starts, ends, texts, links, types, strings, confidences)
    entities = PackedEntities(
        read_packed(folder, "keys", count["entities"]),
        read_packed(folder, "names", count["entities"]),
        read_array(folder, "entity_types"),
        read_array(folder, "entity_starts"),
        read_array(folder, "entity_stops"),
        table,
    )
    by_article = ArticleEntities(read_array(folder, "article_offsets"), read_array(folder, "article_entities"))
    _check(table, entities, by_article, count, len(articles))
    index = EntityIndex(entities, articles, by_article)
    index.names_by_article = _names_in(meta)
    index.words_named = _words_named_in(folder)
    return index


def _check(
    table: MentionTable, entities: PackedEntities, by_article: ArticleEntities, count: dict[str, int], articles: int
) -> None:
    """Every number names something that exists: no read of a damaged copy can go out of bounds."""
    mentions = count["mentions"]
    if any(len(getattr(table, name)) != mentions for name in TABLE_COLUMNS):
        raise ValueError("table columns differ in length")
    if count["articles"] < articles or len(by_article.offsets) != count["articles"] + 1:
        raise ValueError("the index names fewer articles than the archive holds")
    bounds = (
        (table.docs, count["articles"]),
        (table.texts, count["strings"]),
        (table.links, count["strings"]),
        (table.types, len(TYPES)),
        (table.confidences, 101),
        (entities.types, len(TYPES)),
        (entities.stops, mentions + 1),
        (by_article.numbers, count["entities"]),
    )
    for values, bound in bounds:
        if len(values) and int(np.max(values)) >= bound:
            raise ValueError("a number names something that does not exist")
    if len(entities.starts) != count["entities"] or len(entities.stops) != count["entities"]:
        raise ValueError("entity columns differ in length")
    if bool((entities.starts > entities.stops).any()) or bool((entities.starts < 0).any()):
        raise ValueError("an entity's mentions run backwards")
    offsets = by_article.offsets
    if int(offsets[0]) != 0 or int(offsets[-1]) != len(by_article.numbers) or bool((np.diff(offsets) < 0).any()):
        raise ValueError("article offsets do not cover their table")
    for values in (table.docs, table.texts, table.types, entities.types, by_article.numbers):
        if len(values) and int(np.min(values)) < 0:
            raise ValueError("a negative number where none can be")
