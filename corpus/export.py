"""Rows for `akhbar export`: search results, or every mention of an entity, with offsets,
dates and sources; and the formats they are written in (CSV that spreadsheets open with
Arabic intact, JSON Lines, Markdown).

Offsets are character offsets into the article's text as Akhbar decoded it (`show --json`
gives the same text). CSV is UTF-8 with a byte order mark, which spreadsheets need to read
Arabic as UTF-8; a cell that begins with = + - @ is written after an apostrophe, so a
spreadsheet never runs an article's text as a formula.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING

from corpus.archive import Archive
from corpus.models import ArticleUnreadable
from corpus.text.normalization import normalize

if TYPE_CHECKING:
    from corpus.entities.mentions import Entity

__all__ = [
    "EXPORT_FORMATS",
    "RESULT_FIELDS",
    "MENTION_FIELDS",
    "result_rows",
    "mention_rows",
    "write_rows",
    "find_entities",
]

EXPORT_FORMATS = ("csv", "jsonl", "md")
RESULT_FIELDS = ("rank", "id", "date", "source", "title", "path", "url", "score", "match", "hits", "snippet")
MENTION_FIELDS = ("entity", "type", "id", "date", "source", "title", "path", "start", "end", "text", "context")
CONTEXT = 60
"""Characters on each side of a mention in its context."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = re.compile(r"[|\\`*_\[\]<>]")


def result_rows(archive: Archive, query: str, *, limit: int, by_date: bool = False) -> Iterator[dict[str, object]]:
    """One row per search result: where the article is, how it matched, every hit as start-end."""
    for rank, result in enumerate(archive.search(query, limit=limit, by_date=by_date), start=1):
        article = result.article
        yield {
            "rank": rank,
            "id": article.id,
            "date": article.date,
            "source": article.source_name,
            "title": article.title,
            "path": article.path,
            "url": article.metadata.get("url", ""),
            "score": round(result.score, 4),
            "match": result.match,
            "hits": " ".join(f"{start}-{end}" for start, end in result.hits),
            "snippet": " ".join(result.snippets[0].text.split()) if result.snippets else "",
        }


def find_entities(archive: Archive, name: str) -> list[Entity]:
    """The entities whose name or key is `name` (spelling folded), most named first."""
    if archive.entities is None:
        archive.build_entities()
    assert archive.entities is not None
    wanted = normalize(name.strip())
    return [e for e in archive.entities.entities if normalize(e.name) == wanted or e.key == wanted]


def mention_rows(archive: Archive, entities: Iterable[Entity]) -> Iterator[dict[str, object]]:
    """One row per mention of the entities, in article order, with its context."""
    for entity in entities:
        current, text = -1, ""
        for doc, mention in entity.mentions:  # in article order: each text is read once
            article = archive.article(doc)
            if doc != current:
                current = doc
                try:
                    text = archive.read_text(doc)
                except ArticleUnreadable:
                    text = ""
            context = " ".join(text[max(0, mention.start - CONTEXT) : mention.end + CONTEXT].split())
            yield {
                "entity": entity.name,
                "type": entity.type,
                "id": article.id,
                "date": article.date,
                "source": article.source_name,
                "title": article.title,
                "path": article.path,
                "start": mention.start,
                "end": mention.end,
                "text": mention.text,
                "context": context,
            }


def write_rows(rows: Iterable[dict[str, object]], fields: tuple[str, ...], form: str, out: IO[str]) -> int:
    """Write the rows in `form` (EXPORT_FORMATS); returns how many were written."""
    count = 0
    if form == "csv":
        out.write("\ufeff")
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})
            count += 1
    elif form == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    else:
        out.write("| " + " | ".join(fields) + " |\n|" + "---|" * len(fields) + "\n")
        for row in rows:
            out.write("| " + " | ".join(_markdown(row.get(key, "")) for key in fields) + " |\n")
            count += 1
    return count


def _cell(value: object) -> object:
    """A spreadsheet cell that is never read as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _markdown(value: object) -> str:
    """A table cell: one line, with Markdown's own characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\g<0>", " ".join(str(value).split()))
