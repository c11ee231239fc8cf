"""Mentions of a whole archive as parallel arrays: a few bytes each instead of Python objects.

Over 69k articles the entity index holds over a million mentions; as (article, Mention)
tuples they cost about 200 bytes each. Packed here they cost 18 bytes (the tagger's
confidence kept as a whole percentage), cross a process
boundary as a handful of arrays, and each entity sees its own run of them through a
`MentionRun`, a sequence that makes the (article, Mention) pair only when asked.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from corpus.entities.mentions import TYPES, Entity, Mention
from corpus.models import Doc
from corpus.packed import Rows, range_positions
from corpus.sorted_sets import ascending, blocks, counted, distinct, paired, tally

__all__ = [
    "COLUMNS",
    "MentionColumns",
    "MentionTable",
    "MentionRun",
    "PackedEntities",
    "ArticleEntities",
    "pack_entities",
    "percent",
]


def column_view(column: Sequence[int], dtype: type[np.generic]) -> npt.NDArray[Any]:
    """A column of numbers (an array.array) seen as a numpy array, without a copy."""
    return np.frombuffer(column, dtype=dtype) if len(column) else np.empty(0, dtype=dtype)  # type: ignore[call-overload]


COLUMNS = ("docs", "starts", "ends", "texts", "links", "types", "confidences")
"""The columns a mention is held in, by MentionColumns and MentionTable alike."""


class MentionColumns:
    """Mentions gathered article after article, as columns of numbers (4 bytes each) and
    one copy of each distinct text: what the entity index is built from."""

    def __init__(self) -> None:
        self.docs = array("i")
        self.starts = array("i")
        self.ends = array("i")
        self.texts = array("i")
        self.links = array("i")
        self.types = array("b")
        self.confidences = array("B")
        self.numbers: dict[str, int] = {}
        self._kinds = {kind: i for i, kind in enumerate(TYPES)}

    def __len__(self) -> int:
        return len(self.docs)

    def number(self, text: str) -> int:
        return self.numbers.setdefault(text, len(self.numbers))

    def add(self, doc: Doc, mention: Mention) -> None:
        self.docs.append(doc)
        self.starts.append(mention.start)
        self.ends.append(mention.end)
        self.texts.append(self.number(mention.text))
        self.links.append(self.number(mention.link) if mention.link else -1)
        self.types.append(self._kinds.get(mention.type, self._kinds["MISC"]))
        self.confidences.append(percent(mention.confidence))

    def keep(self, rows: npt.NDArray[np.bool_] | npt.NDArray[np.integer]) -> None:
        """Keep only the rows marked True, or those numbered, in that order (their texts stay numbered)."""
        for name in COLUMNS:
            column: array[int] = getattr(self, name)
            values = np.frombuffer(column, dtype=np.dtype(column.typecode))[rows]
            kept = array(column.typecode)
            setattr(self, name, kept)
            del column  # the old column goes before the new one is filled: never three copies of one
            kept.frombytes(values.data.cast("B"))  # the array's own buffer: no bytes copy between
            del values

    def in_article_order(self) -> bool:
        """Whether the rows go article after article, each article's by where they start (as the
        tagging gathers them), looked at a block at a time."""
        docs, starts = column_view(self.docs, np.int32), column_view(self.starts, np.int32)
        for start in range(0, len(docs) - 1, PAIR_BLOCK):
            doc, at = docs[start : start + PAIR_BLOCK + 1], starts[start : start + PAIR_BLOCK + 1]
            same = doc[1:] == doc[:-1]
            if (doc[1:] < doc[:-1]).any() or (same & (at[1:] < at[:-1])).any():
                return False
        return True

    def put_in_article_order(self) -> None:
        """Rows article after article, each article's by where they start (ties as they were)."""
        if not self.in_article_order():
            self.keep(np.lexsort((column_view(self.starts, np.int32), column_view(self.docs, np.int32))))

    def into_table(self, order: npt.NDArray[np.integer]) -> MentionTable:
        """The rows in `order`, as a table, made a column at a time, each column emptied here once
        taken: the columns are spent (a million articles' mentions are not held twice)."""

        def take(name: str, dtype: type[np.generic]) -> npt.NDArray[Any]:
            column: array[int] = getattr(self, name)
            taken = np.frombuffer(column, dtype=dtype)[order] if len(column) else np.empty(0, dtype=dtype)
            setattr(self, name, array(column.typecode))
            return taken

        return MentionTable(
            take("docs", np.int32),
            take("starts", np.int32),
            take("ends", np.int32),
            take("texts", np.int32),
            take("links", np.int32),
            take("types", np.int8),
            list(self.numbers),
            take("confidences", np.uint8),
        )


class MentionTable:
    """Every mention of every entity, entity after entity, each entity's in article order."""

    def __init__(
        self,
        docs: npt.NDArray[np.int32],
        starts: npt.NDArray[np.int32],
        ends: npt.NDArray[np.int32],
        texts: npt.NDArray[np.int32],
        links: npt.NDArray[np.int32],
        types: npt.NDArray[np.int8],
        strings: Sequence[str],
        confidences: npt.NDArray[np.uint8],
    ) -> None:
        # plain views of memory maps: a slice of a map is a map, many times slower to make
        self.docs, self.starts, self.ends = np.asarray(docs), np.asarray(starts), np.asarray(ends)
        self.texts, self.links, self.types = np.asarray(texts), np.asarray(links), np.asarray(types)
        self.strings = strings
        """Mention texts and links by number (-1 in `links`: none)."""
        self.confidences = np.asarray(confidences)
        """Each mention's confidence as a whole percentage (0 to 100)."""

    def mention(self, row: int) -> tuple[Doc, Mention]:
        link = int(self.links[row])
        return (
            int(self.docs[row]),
            Mention(
                int(self.starts[row]),
                int(self.ends[row]),
                TYPES[self.types[row]],
                self.strings[self.texts[row]],
                self.strings[link] if link >= 0 else "",
                int(self.confidences[row]) / 100,
            ),
        )

    def __len__(self) -> int:
        return len(self.docs)

    def strings_at(self, numbers: list[int]) -> list[str]:
        """The strings numbered `numbers`, in order (decoded together when packed)."""
        many = getattr(self.strings, "many", None)
        if many is not None and len(numbers) > SMALL_RUN:
            return many(numbers)  # type: ignore[no-any-return]
        return [self.strings[n] for n in numbers]

    def taking(self, rows: npt.NDArray[np.int64]) -> MentionTable:
        """The rows numbered in `rows`, in that order (the strings shared)."""
        return MentionTable(
            self.docs[rows],
            self.starts[rows],
            self.ends[rows],
            self.texts[rows],
            self.links[rows],
            self.types[rows],
            self.strings,
            self.confidences[rows],
        )

    def take_in_place(self, rows: npt.NDArray[np.integer]) -> MentionTable:
        """Keep the rows numbered in `rows`, in that order, a column at a time; returns this table."""
        for name in COLUMNS:
            setattr(self, name, getattr(self, name)[rows])
        return self

    def parts(self) -> tuple[object, ...]:
        """What to send to another process to rebuild the table there."""
        return (self.docs, self.starts, self.ends, self.texts, self.links, self.types, self.strings, self.confidences)


SMALL_RUN = 32
"""Mentions of an entity up to which their texts are counted in Python rather than by numpy."""


class MentionRun(Rows[tuple[Doc, Mention]]):
    """One entity's mentions: rows [start, stop) of a table, as (article, Mention) pairs."""

    __slots__ = ("table", "start", "stop")

    def __init__(self, table: MentionTable, start: int, stop: int) -> None:
        self.table, self.start, self.stop = table, start, stop

    def __len__(self) -> int:
        return self.stop - self.start

    def row(self, index: int) -> tuple[Doc, Mention]:
        return self.table.mention(self.start + index)

    def docs(self) -> npt.NDArray[np.int32]:
        """The article of each mention, in order."""
        return self.table.docs[self.start : self.stop]

    def confidences(self) -> npt.NDArray[np.uint8]:
        """The confidence of each mention, in order, as a whole percentage."""
        return self.table.confidences[self.start : self.stop]

    def text_counts(self) -> Counter[str]:
        """How many mentions each written form has."""
        numbers = self.table.texts[self.start : self.stop]
        if len(numbers) <= SMALL_RUN:  # most entities: counted quicker in Python than sorted by numpy
            found = Counter(numbers.tolist())
        else:
            distinct, counts = np.unique(numbers, return_counts=True)
            found = Counter(dict(zip(distinct.tolist(), counts.tolist(), strict=True)))
        return Counter(dict(zip(self.table.strings_at(list(found)), found.values(), strict=True)))

    def json_rows(self, ids: Sequence[str]) -> list[dict[str, object]]:
        """Each mention as `Entity.to_json` gives it, read from the columns at once."""
        table, run = self.table, slice(self.start, self.stop)
        numbers = table.texts[run].tolist()
        distinct = list(set(numbers))
        texts = dict(zip(distinct, table.strings_at(distinct), strict=True))
        return [
            {"article": ids[doc], "start": start, "end": end, "text": texts[n], "confidence": confidence / 100}
            for doc, start, end, n, confidence in zip(
                table.docs[run].tolist(),
                table.starts[run].tolist(),
                table.ends[run].tolist(),
                numbers,
                table.confidences[run].tolist(),
                strict=True,
            )
        ]


def percent(confidence: float) -> int:
    """A confidence (0 to 1) as a whole percentage, rounded down so that a mention is never
    counted more confident than it was."""
    return min(100, max(0, int(confidence * 100 + 1e-9)))


def pack_entities(entities: Sequence[Entity]) -> MentionTable:
    """Move every entity's mentions into one table; each entity then reads its own run of it."""
    columns = MentionColumns()
    for entity in entities:
        for doc, mention in entity.mentions:
            columns.add(doc, mention)
    table = columns.into_table(np.arange(len(columns)))
    row = 0
    for entity in entities:
        entity.mentions = MentionRun(table, row, row + len(entity.mentions))
        row += len(entity.mentions)
    return table


def articles_each(owners: npt.NDArray[np.integer], docs: npt.NDArray[np.integer], size: int) -> npt.NDArray[np.int64]:
    """How many distinct articles each of `size` entities is named in, from each mention's owner and article.

    A million articles' mentions never make one row-long column of (owner, article) pairs (167
    MB at 16x the bench): where the owners or the articles come in ascending order (mentions in
    article order, or entity after entity) the pairs are counted a block of rows at a time, split
    where a value ends; otherwise a range of owners at a time."""
    span = int(docs.max(initial=0)) + 1
    if len(owners) <= PAIR_BLOCK or int(owners.min()) < 0:
        return np.bincount(distinct(paired(owners, span, docs), in_place=True) // span, minlength=size)
    counts = np.zeros(max(size, int(owners.max()) + 1), dtype=np.int64)
    for key in (docs, owners):
        if ascending(key):
            for start, stop in blocks(key, PAIR_BLOCK):
                pairs = distinct(paired(owners[start:stop], span, docs[start:stop]), in_place=True)
                counts += np.bincount(pairs // span, minlength=len(counts))
            return counts
    for low, high in _owner_ranges(owners, 4 * PAIR_BLOCK):
        some = owners >= low
        some &= owners < high
        rows = np.flatnonzero(some)
        del some
        pairs = distinct(paired(owners[rows], span, docs[rows]), in_place=True)
        counts += np.bincount(pairs // span, minlength=len(counts))
    return counts


def _owner_ranges(owners: npt.NDArray[np.integer], rows: int) -> list[tuple[int, int]]:
    """[low, high) ranges of owner numbers covering every owner, each holding about `rows` rows."""
    cumulative = np.cumsum(tally(owners))
    edges = np.searchsorted(cumulative, np.arange(rows, int(cumulative[-1]), rows), side="right").tolist()
    bounds = sorted({0, *edges, len(cumulative)})
    return list(zip(bounds[:-1], bounds[1:], strict=False))


def articles_named(owners: npt.NDArray[np.integer], docs: npt.NDArray[np.integer]) -> tuple[np.ndarray, np.ndarray]:
    """The owners named at all, ascending, and how many distinct articles each is named in (what
    `articles_each` gives for the few owners present, from each mention's owner and article)."""
    if len(owners) > PAIR_BLOCK and int(owners.min()) >= 0:
        each = articles_each(owners, docs, int(owners.max()) + 1)
        present = np.flatnonzero(each)
        return present, each[present]
    span = int(docs.max(initial=0)) + 1
    return counted(distinct(paired(owners, span, docs), in_place=True) // span)


PAIR_BLOCK = 1 << 20
"""Mentions whose (owner, article) pairs `articles_each` counts at once, where an order allows."""


def ranked(
    entities: Iterable[int],
    articles: npt.NDArray[np.int64],
    counts: npt.NDArray[np.int64],
    names: Mapping[int, str] | Sequence[str],
) -> list[int]:
    """Entity numbers in the table's order: most articles, then most mentions, then by name."""
    return sorted(entities, key=lambda n: (-int(articles[n]), -int(counts[n]), names[n]))


class PackedEntities(Rows[Entity]):
    """Entities as columns (key, name, type and the run of the table holding their mentions):
    an `Entity` is made only when asked for, so a saved index is used straight from its maps."""

    __slots__ = ("keys", "names", "types", "starts", "stops", "table")

    def __init__(
        self,
        keys: Sequence[str],
        names: Sequence[str],
        types: npt.NDArray[np.int8],
        starts: npt.NDArray[np.int64],
        stops: npt.NDArray[np.int64],
        table: MentionTable,
    ) -> None:
        self.keys, self.names, self.types = keys, names, types
        self.starts, self.stops, self.table = starts, stops, table

    @classmethod
    def of(cls, entities: Sequence[Entity], table: MentionTable) -> PackedEntities:
        """Entities whose mentions are runs of `table`, as columns."""
        runs = [entity.mentions for entity in entities]
        if not all(isinstance(run, MentionRun) and run.table is table for run in runs):
            raise ValueError("every entity's mentions must be a run of the table")
        bounds = [(run.start, run.stop) for run in runs if isinstance(run, MentionRun)]
        kinds = {kind: i for i, kind in enumerate(TYPES)}
        return cls(
            [entity.key for entity in entities],
            [entity.name for entity in entities],
            np.array([kinds.get(entity.type, kinds["MISC"]) for entity in entities], dtype=np.int8),
            np.array([start for start, _ in bounds], dtype=np.int64).reshape(-1),
            np.array([stop for _, stop in bounds], dtype=np.int64).reshape(-1),
            table,
        )

    def __len__(self) -> int:
        return len(self.types)

    def keeping(self, rows: npt.NDArray[np.bool_], *, in_place: bool = False) -> PackedEntities:
        """The entities with only the mentions (rows of the table) where `rows` is true, ranked
        again as the grouping ranks them (most articles, then most mentions, then by name); an
        entity left with none is dropped. `in_place`: the table itself keeps only those rows, a
        column at a time (a million articles' table is never held twice), and these entities,
        which name its old rows, are spent: for an index no one else reads yet."""
        lengths = self.stops - self.starts
        owned = np.repeat(np.arange(len(self), dtype=np.int32), lengths)  # a million articles' mentions are many
        if self.whole_table():  # the rows in table order: no row-long int64 positions to gather by
            owned, docs = owned[rows], self.table.docs[rows]
        else:
            order = range_positions(self.starts, lengths)
            kept = rows[order]
            owned, docs = owned[kept], self.table.docs[order[kept]]
            del order, kept
        counts = tally(owned, len(self))
        articles = articles_each(owned, docs, len(self))
        del owned, docs
        alive = np.array(ranked(np.flatnonzero(counts > 0).tolist(), articles, counts, self.names), dtype=np.int64)
        runs = range_positions(self.starts[alive], lengths[alive])
        kept_rows = runs[rows[runs]]
        del runs
        stops = np.cumsum(counts[alive])
        return PackedEntities(
            [self.keys[i] for i in alive.tolist()],
            [self.names[i] for i in alive.tolist()],
            self.types[alive],
            (stops - counts[alive]).astype(np.int64),
            stops.astype(np.int64),
            self.table.take_in_place(kept_rows) if in_place else self.table.taking(kept_rows),
        )

    def whole_table(self) -> bool:
        """Whether the entities' runs are the table's rows in order, one run after another."""
        if not len(self):
            return not len(self.table)
        return (
            int(self.starts[0]) == 0
            and int(self.stops[-1]) == len(self.table)
            and bool(np.array_equal(self.starts[1:], self.stops[:-1]))
        )

    def row(self, index: int) -> Entity:
        run = MentionRun(self.table, int(self.starts[index]), int(self.stops[index]))
        return Entity(self.keys[index], self.names[index], TYPES[self.types[index]], run)

    def number_of(self, entity: Entity) -> int:
        """The position of `entity` here (by its run of the table), or -1."""
        run = entity.mentions
        if not isinstance(run, MentionRun) or run.table is not self.table:
            return -1
        found = np.flatnonzero((self.starts == run.start) & (self.stops == run.stop))
        return int(found[0]) if len(found) else -1


class ArticleEntities:
    """Article → the numbers of the entities it names, as two arrays (offsets and numbers)."""

    __slots__ = ("offsets", "numbers")

    def __init__(self, offsets: npt.NDArray[np.int64], numbers: npt.NDArray[np.int32]) -> None:
        self.offsets, self.numbers = offsets, numbers

    @classmethod
    def of(cls, entities: PackedEntities, articles: int) -> ArticleEntities:
        """From the entities' runs of their table, at array speed (for at least `articles`)."""
        lengths = entities.stops - entities.starts
        count = max(1, len(entities))
        docs = entities.table.docs[range_positions(entities.starts, lengths)]
        articles = max(articles, int(docs.max(initial=-1)) + 1)
        pairs = paired(docs, count, np.repeat(np.arange(len(entities), dtype=np.int32), lengths))  # (article, entity)
        del docs
        pairs = distinct(pairs, in_place=True)
        per_doc = np.bincount(pairs // count, minlength=articles)[:articles] if len(pairs) else np.zeros(articles)
        offsets = np.zeros(articles + 1, dtype=np.int64)
        np.cumsum(per_doc, out=offsets[1:])
        return cls(offsets, (pairs % count).astype(np.int32))

    def get(self, doc: int) -> list[int]:
        """The numbers of the entities article `doc` names, in entity order."""
        if not 0 <= doc < len(self.offsets) - 1:
            return []
        numbers: list[int] = self.numbers[self.offsets[doc] : self.offsets[doc + 1]].tolist()
        return numbers
