"""The articles of a saved index as columns, read through memory maps: an `Article` is made
only when asked for.

As 69k Python objects with their id, path, title and metadata, the articles of the bench
archive took 55 MB in every session; as columns they take a few MB of shared pages.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from corpus.models import Article, TextSource
from corpus.packed import ChainedStrings, PackedStrings, Rows, packed_parts, range_positions, read_packed, write_packed
from corpus.saved_folders import ArrayWriter, read_array, read_in_blocks, read_member, release_whole, write_array

__all__ = [
    "ArticleColumns",
    "columns_of",
    "write_article_columns",
    "write_kept_and_new",
    "write_joined_columns",
    "read_article_columns",
    "article_ids",
    "article_titles",
    "article_days",
    "article_days_at",
    "article_sources",
    "source_codes",
]

NO_SOURCE = -1
"""In `source_offset`: an article whose text is kept in the saved index (it has no file)."""
SAME_PATH = -1
"""In `source_file`: the text is read from the article's own path."""


class ArticleColumns(Rows[Article]):
    """Articles by key, each made from its columns when asked for (texts read again from files)."""

    __slots__ = (
        "ids", "paths", "titles", "metadata", "dates", "sources",
        "offsets", "lengths", "source_file", "files", "fields", "texts",
    )  # fmt: skip

    def __init__(
        self,
        ids: Sequence[str],
        paths: Sequence[str],
        titles: Sequence[str],
        metadata: Sequence[str],
        dates: Sequence[str],
        sources: Sequence[str],
        offsets: np.ndarray,
        lengths: np.ndarray,
        source_file: np.ndarray,
        files: list[str],
        fields: dict[int, str],
        texts: dict[int, str],
    ) -> None:
        self.ids, self.paths, self.titles, self.metadata = ids, paths, titles, metadata
        """`metadata`: each article's metadata as JSON, or empty."""
        self.dates, self.sources = dates, sources
        """Each article's ISO date (or empty) and source name (or empty)."""
        self.offsets, self.lengths = offsets, lengths
        self.source_file, self.files = source_file, files
        """The file a text is read from when it is not the article's path (JSON Lines), by number."""
        self.fields, self.texts = fields, texts
        """By article: the JSON key holding the text; the text of an article with no file."""

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, index: int) -> Article:
        path, metadata = self.paths[index], self.metadata[index]  # JSON, read if asked for
        offset = int(self.offsets[index])
        date, source_name = self.dates[index], self.sources[index]
        if offset == NO_SOURCE:
            text = self.texts.get(index, "")
            return Article(
                self.ids[index], path, self.titles[index], text, metadata, date=date, source_name=source_name
            )
        file = int(self.source_file[index])
        read_from = self.files[file] if file != SAME_PATH else path
        source = TextSource(read_from, offset, int(self.lengths[index]), self.fields.get(index, ""))
        return Article(
            self.ids[index], path, self.titles[index], None, metadata, source, date=date, source_name=source_name
        )

    def select(self, rows: np.ndarray) -> ArticleColumns:
        """The articles at `rows`, in that order (columns gathered, no Article made)."""
        rows = np.asarray(rows, dtype=np.int64)
        return self._taken(lambda column: column.select(rows), rows, self._renumbered(rows))

    def _renumbered(self, rows: np.ndarray) -> dict[int, int]:
        """The new number of each article `rows` takes that has a JSON key or a text of its own
        (a dictionary of every row took 100 MB at 1.1 million articles)."""
        own = [*self.fields, *self.texts]
        if not own:
            return {}
        found = np.flatnonzero(np.isin(rows, np.array(own, dtype=np.int64)))
        return dict(zip(rows[found].tolist(), found.tolist(), strict=True))

    def string_columns(self) -> tuple[Sequence[str], ...]:
        """The string columns, in the order of STRING_COLUMNS."""
        return (self.ids, self.paths, self.titles, self.metadata, self.dates, self.sources)

    def head(self, count: int) -> ArticleColumns:
        """The first `count` articles: views of the columns, nothing copied."""
        same = {n: n for n in (*self.fields, *self.texts) if n < count}
        return self._taken(lambda column: column.head(count), slice(0, count), same)

    def _taken(
        self, strings: Callable[[PackedStrings], PackedStrings], rows: np.ndarray | slice, new: dict[int, int]
    ) -> ArticleColumns:
        """The articles whose string columns `strings` takes and whose number columns `rows`
        indexes; `new`: the taken articles' new numbers (for the texts and JSON keys kept by number)."""
        ids, paths, titles, metadata, dates, sources = (
            strings(_packed(column))
            for column in (self.ids, self.paths, self.titles, self.metadata, self.dates, self.sources)
        )
        return ArticleColumns(
            ids,
            paths,
            titles,
            metadata,
            dates,
            sources,
            np.asarray(self.offsets)[rows],
            np.asarray(self.lengths)[rows],
            np.asarray(self.source_file)[rows],
            self.files,
            {new[n]: field for n, field in self.fields.items() if n in new},
            {new[n]: text for n, text in self.texts.items() if n in new},
        )

    def _files_with(self, other: ArticleColumns) -> tuple[list[str], np.ndarray]:
        """The files texts are read from of these articles and `other`'s, each once (two parts of
        one archive share theirs: a tail made again joins its base's head and its own), and
        `other`'s source_file numbered in them."""
        other_files = np.asarray(other.source_file)
        if other.files is self.files or not other.files:
            return self.files, other_files
        number = {path: n for n, path in enumerate(self.files)}
        files = list(self.files)
        for path in other.files:
            if path not in number:
                number[path] = len(files)
                files.append(path)
        renumbered = np.array([number[path] for path in other.files], dtype=other_files.dtype)
        return files, np.where(other_files == SAME_PATH, SAME_PATH, renumbered[np.maximum(other_files, 0)])

    def concat(self, other: ArticleColumns) -> ArticleColumns:
        """These articles, then `other`'s."""
        shift = len(self)
        files, other_files = self._files_with(other)
        joined = ChainedStrings.of_parts  # a saved column is not copied: corpus.packed.ChainedStrings
        return ArticleColumns(
            joined(_packed(self.ids), _packed(other.ids)),
            joined(_packed(self.paths), _packed(other.paths)),
            joined(_packed(self.titles), _packed(other.titles)),
            joined(_packed(self.metadata), _packed(other.metadata)),
            joined(_packed(self.dates), _packed(other.dates)),
            joined(_packed(self.sources), _packed(other.sources)),
            np.concatenate([np.asarray(self.offsets), np.asarray(other.offsets)]),
            np.concatenate([np.asarray(self.lengths), np.asarray(other.lengths)]),
            np.concatenate([np.asarray(self.source_file), other_files]),
            files,
            {**self.fields, **{n + shift: f for n, f in other.fields.items()}},
            {**self.texts, **{n + shift: t for n, t in other.texts.items()}},
        )


def _packed(column: Sequence[str]) -> PackedStrings:
    return column if isinstance(column, PackedStrings) else PackedStrings.of(column)


def columns_of(articles: Sequence[Article]) -> ArticleColumns:
    """Articles as columns (in memory): what `write_article_columns` writes."""
    if isinstance(articles, ArticleColumns):
        return articles
    sources = [a.source for a in articles]
    numbers: dict[str, int] = {}
    return ArticleColumns(
        [a.id for a in articles],
        [a.path for a in articles],
        [a.title for a in articles],
        [json.dumps(a.metadata, ensure_ascii=False) if a.metadata else "" for a in articles],
        [a.date for a in articles],
        [a.source_name for a in articles],
        np.array([s.offset if s else NO_SOURCE for s in sources], dtype=np.int64),
        np.array([s.length if s else 0 for s in sources], dtype=np.int64),
        np.array(
            [
                numbers.setdefault(s.path, len(numbers)) if s and s.path != a.path else SAME_PATH
                for a, s in zip(articles, sources, strict=True)
            ],
            dtype=np.int64,
        ),
        list(numbers),
        {n: s.field for n, s in enumerate(sources) if s and s.field},
        {n: a.read_text() for n, (a, s) in enumerate(zip(articles, sources, strict=True)) if s is None},
    )


STRING_COLUMNS = ("id", "path", "title", "metadata", "date", "source")
"""The string columns, each saved as `article_<name>` (see write_packed)."""
NUMBER_COLUMNS = ("source_offset", "source_length", "source_file")


def write_article_columns(folder: Path, articles: Sequence[Article]) -> dict[str, int]:
    """The articles as members of a saved folder: a column read from a saved folder with
    articles added after it is saved in two parts, the saved one hard-linked (a file added to
    an archive of a million articles wrote 270 MB of columns). Returns the CRC-32s of the
    members linked."""
    columns = columns_of(articles)
    linked: dict[str, int] = {}
    for name, values in zip(STRING_COLUMNS, columns.string_columns(), strict=True):
        linked |= write_packed(folder, f"article_{name}", values, link_saved=True)
    _write_numbers(folder, columns)
    return linked


def write_kept_and_new(folder: Path, kept: ArticleColumns, rows: np.ndarray | None, new: Sequence[Article]) -> int:
    """`write_article_columns(folder, kept.select(rows).concat(columns_of(new)))` (`rows` None:
    every article kept), a string column gathered at a time and the kept columns' mapped pages
    let go after it: a merge of 1.1 million articles held 375 MB of gathered columns and 250 MB
    of their pages. Returns how many articles were written."""
    added = columns_of(new)
    taken = slice(None) if rows is None else rows
    count = len(kept) if rows is None else len(rows)
    renumbered = {n: n for n in (*kept.fields, *kept.texts)} if rows is None else kept._renumbered(rows)
    files, added_files = kept._files_with(added)
    numbers = ArticleColumns(
        *(_UNWRITTEN,) * 6,  # the string columns: written below, a column at a time
        np.concatenate([np.asarray(kept.offsets)[taken], np.asarray(added.offsets)]),
        np.concatenate([np.asarray(kept.lengths)[taken], np.asarray(added.lengths)]),
        np.concatenate([np.asarray(kept.source_file)[taken], added_files]),
        files,
        _by_new_number(kept.fields, renumbered, added.fields, count),
        _by_new_number(kept.texts, renumbered, added.texts, count),
    )
    pairs = zip(STRING_COLUMNS, kept.string_columns(), added.string_columns(), strict=True)
    for name, mine, theirs in pairs:
        column = _packed(mine) if rows is None else _packed(mine).select(rows)
        write_packed(folder, f"article_{name}", ChainedStrings.of_parts(column, _packed(theirs)))
        del column
        if isinstance(mine, PackedStrings):
            for part in packed_parts(mine):
                release_whole(part.data, part.offsets)
    _write_numbers(folder, numbers)
    return count + len(added)


_UNWRITTEN: Sequence[str] = ()
"""A string column `write_kept_and_new` writes apart."""


def _by_new_number(kept: dict[int, str], new: dict[int, int], added: dict[int, str], count: int) -> dict[int, str]:
    """A sparse column of kept articles (`new`: their new numbers), then `count` on added ones."""
    joined = {new[n]: value for n, value in kept.items() if n in new}
    joined.update((n + count, value) for n, value in added.items())
    return joined


def _write_numbers(folder: Path, columns: ArticleColumns) -> None:
    """The number columns and the sparse member of `columns` (its string columns are written apart)."""
    numbers = (columns.offsets, columns.lengths, columns.source_file)
    for name, column in zip(NUMBER_COLUMNS, numbers, strict=True):
        write_array(folder, name, np.asarray(column, dtype=np.int64))
    _write_sparse(folder, columns.files, columns.fields, columns.texts)


def _write_sparse(folder: Path, files: list[str], fields: dict[int, str], texts: dict[int, str]) -> None:
    sparse = {"files": files, "fields": fields, "texts": texts}
    (folder / "article_sparse.json").write_bytes(
        json.dumps(sparse, ensure_ascii=False).encode("utf-8", "surrogatepass")
    )


def write_joined_columns(folder: Path, parts: Sequence[tuple[Path, int]], renamed: Mapping[int, str]) -> None:
    """The article columns of the saved folders `parts` (each with its article count), one after
    another, written as one set of columns in `folder` a part at a time (never all in memory);
    the ids at the positions of `renamed` (counted across the parts) take its names (made
    unique across the parts: corpus.storage.unique_ids)."""
    for name in STRING_COLUMNS:
        data, offsets = (
            ArrayWriter(folder, f"article_{name}_bytes", np.uint8),
            ArrayWriter(folder, f"article_{name}_offsets", np.int64),
        )
        offsets.append(np.zeros(1, dtype=np.int64))
        first = 0
        for part, count in parts:
            column = read_packed(part, f"article_{name}", count)
            if name == "id" and any(first <= row < first + count for row in renamed):
                own = column.many(range(count))
                column = PackedStrings.of([renamed.get(first + n, value) for n, value in enumerate(own)])
            first += count
            data.append(np.asarray(column.data))
            offsets.append(np.asarray(column.offsets[1:]) + data.written - len(column.data))
        data.close()
        offsets.close()
    for name in NUMBER_COLUMNS:
        writer = ArrayWriter(folder, name, np.int64)
        files_before = 0
        for part, _ in parts:
            values = np.asarray(read_array(part, name), dtype=np.int64)
            if name == "source_file":
                values = np.where(values == SAME_PATH, SAME_PATH, values + files_before)
                files_before += len(_read_sparse(part)["files"])
            writer.append(values)
        writer.close()
    files: list[str] = []
    fields: dict[int, str] = {}
    texts: dict[int, str] = {}
    shift = 0
    for part, count in parts:
        sparse = _read_sparse(part)
        files.extend(sparse["files"])
        fields.update((int(n) + shift, f) for n, f in sparse["fields"].items())
        texts.update((int(n) + shift, t) for n, t in sparse["texts"].items())
        shift += count
    _write_sparse(folder, files, fields, texts)


def _read_sparse(folder: Path) -> dict[str, Any]:
    sparse: dict[str, Any] = json.loads(read_member(folder, "article_sparse.json").decode("utf-8", "surrogatepass"))
    return sparse


def read_article_columns(folder: Path, count: int) -> ArticleColumns:
    """The articles written by `write_article_columns`, memory-mapped; raises ValueError when
    a column does not hold `count` values or names a file that is not there."""
    strings = (read_packed(folder, f"article_{name}", count) for name in STRING_COLUMNS)
    ids, paths, titles, metadata, dates, sources = strings
    offsets, lengths, source_file = (read_array(folder, name) for name in NUMBER_COLUMNS)
    if not len(offsets) == len(lengths) == len(source_file) == count:
        raise ValueError("source columns of the wrong length")
    sparse = _read_sparse(folder)
    files = [str(path) for path in sparse["files"]]
    if count and any(
        int(np.max(block)) >= len(files) or int(np.min(block)) < SAME_PATH for block in read_in_blocks(source_file)
    ):
        raise ValueError("an article's text is read from a file that is not named")
    fields = {int(n): str(f) for n, f in sparse["fields"].items()}
    texts = {int(n): str(t) for n, t in sparse["texts"].items()}
    return ArticleColumns(
        ids, paths, titles, metadata, dates, sources, offsets, lengths, source_file, files, fields, texts
    )


def article_ids(articles: Sequence[Article]) -> Sequence[str]:
    """Each article's id by key: the saved column itself, or a list."""
    if isinstance(articles, ArticleColumns):
        return articles.ids
    return [article.id for article in articles]


def article_titles(articles: Sequence[Article]) -> Sequence[str]:
    """Each article's title by key: the saved column itself, or a list."""
    if isinstance(articles, ArticleColumns):
        return articles.titles
    return [article.title for article in articles]


def article_days(articles: Sequence[Article]) -> np.ndarray:
    """Each article's date as a number YYYYMMDD (0: no date), for filtering and sorting; the
    saved column's YYYY-MM-DD rows are read in numpy (a Python loop over 1.1 million dates
    took a second of every start)."""
    dates = articles.dates if isinstance(articles, ArticleColumns) else [a.date for a in articles]
    if not isinstance(dates, PackedStrings):
        return np.array([int(d.replace("-", "")) if d else 0 for d in dates], dtype=np.int32)
    return _packed_days(dates)


def article_days_at(articles: Sequence[Article], rows: np.ndarray) -> np.ndarray:
    """`article_days` of the articles at `rows` alone (a saved column's rows gathered first)."""
    dates = articles.dates if isinstance(articles, ArticleColumns) else None
    if isinstance(dates, PackedStrings):
        return _packed_days(dates.select(np.asarray(rows, dtype=np.int64)))
    return article_days([articles[row] for row in np.asarray(rows).tolist()])


_DIGIT_PLACES = (0, 1, 2, 3, 5, 6, 8, 9)
_DIGIT_WEIGHTS = (10**7, 10**6, 10**5, 10**4, 1000, 100, 10, 1)
"""Where a YYYY-MM-DD date's digits are, and what each is worth in YYYYMMDD."""


def _packed_days(dates: PackedStrings) -> np.ndarray:
    """article_days of a packed column (of each part of a chained one)."""
    if isinstance(dates, ChainedStrings):
        return np.concatenate([_packed_days(dates.first), _packed_days(dates.second)])
    data, offsets = np.asarray(dates.data, dtype=np.uint8), np.asarray(dates.offsets, dtype=np.int64)
    lengths = np.diff(offsets)
    days = np.zeros(len(lengths), dtype=np.int32)
    iso = np.flatnonzero(lengths == len("YYYY-MM-DD"))
    at = offsets[iso]
    plain = (data[at + 4] == ord("-")) & (data[at + 7] == ord("-"))
    total = np.zeros(len(iso), dtype=np.int32)
    for place, weight in zip(_DIGIT_PLACES, _DIGIT_WEIGHTS, strict=True):  # a digit at a time: 0.04 s, not 0.1
        digit = data[at + place].astype(np.int32) - ord("0")
        plain &= (digit >= 0) & (digit <= 9)
        total += digit * weight
    days[iso[plain]] = total[plain]
    for row in np.flatnonzero((lengths > 0) & (days == 0)).tolist():  # any other shape, read as before
        days[row] = int(dates[row].replace("-", ""))
    return days


def source_codes(articles: Sequence[Article]) -> np.ndarray:
    """A number for each article's source name (int64; equal names, equal numbers; no name
    counts as "?"), made in numpy from the saved column: by hash, every name then compared
    with the first of its hash (the numbers of 1.1 million names: 0.2 s, where sorting them
    padded took 0.5 s and 130 MB), or by sorting padded names if two hashes collide."""
    names = article_sources(articles)
    if isinstance(names, PackedStrings) and len(names):
        codes = _codes_by_hash(names)
        if codes is not None:
            return codes
        codes = _codes_by_padding(names)
        if codes is not None:
            return codes
    numbered: dict[str, int] = {}
    return np.fromiter((numbered.setdefault(name or "?", len(numbered)) for name in names), np.int64, len(names))


VERIFIED_BYTES = 1 << 22
"""Bytes of names compared with their hash's first name at a time."""


def _codes_by_hash(names: PackedStrings) -> np.ndarray | None:
    """Each name's number by its hash; None when two names share one (then numbered otherwise)."""
    data, offsets = np.asarray(names.data, dtype=np.uint8), np.asarray(names.offsets, dtype=np.int64)
    lengths = np.diff(offsets)
    _, first, codes = np.unique(names.hashes(), return_index=True, return_inverse=True)
    codes = codes.astype(np.int64).ravel()
    first_of = first[codes]
    if not bool((lengths == lengths[first_of]).all()):
        return None
    rows = np.flatnonzero(first_of != np.arange(len(codes)))
    ends = np.cumsum(lengths[rows])
    start = 0
    while start < len(rows):  # a block of names at a time: positions take 8 bytes a byte
        end = max(int(np.searchsorted(ends, (ends[start - 1] if start else 0) + VERIFIED_BYTES, "right")), start + 1)
        block, block_lengths = rows[start:end], lengths[rows[start:end]]
        mine = data[range_positions(offsets[block], block_lengths)]
        theirs = data[range_positions(offsets[first_of[block]], block_lengths)]
        if not np.array_equal(mine, theirs):
            return None
        start = end
    empty = np.flatnonzero(lengths == 0)
    ones = np.flatnonzero(lengths == 1)
    question = ones[data[offsets[ones]] == ord("?")]
    if len(empty) and len(question):  # no name is "?", as the rows show it
        codes[codes == codes[empty[0]]] = codes[question[0]]
    return codes


def _codes_by_padding(names: PackedStrings) -> np.ndarray | None:
    """Each name's number by sorting the names padded to one width (the length first); None when
    a name is longer than SHORT_NAME_BYTES."""
    data, offsets = np.asarray(names.data, dtype=np.uint8), np.asarray(names.offsets, dtype=np.int64)
    lengths = np.diff(offsets)
    width = max(int(lengths.max()), 1) + 2  # the length first: no name is another padded with zeros; room for "?"
    if width > SHORT_NAME_BYTES:
        return None
    rows = np.zeros((len(lengths), width), dtype=np.uint8)
    rows[:, 0], rows[:, 1] = lengths % 256, lengths // 256
    within = np.arange(len(data)) - np.repeat(offsets[:-1], lengths)
    rows[np.repeat(np.arange(len(lengths)), lengths), within + 2] = data
    question = np.zeros((1, width), dtype=np.uint8)
    question[0, :3] = (1, 0, ord("?"))
    rows[lengths == 0] = question  # no name is "?", as the rows show it
    _, codes = np.unique(rows.view(f"V{width}").ravel(), return_inverse=True)
    return codes.astype(np.int64).ravel()


SHORT_NAME_BYTES = 64
"""Source names (UTF-8, with two bytes of length) up to this long are numbered in numpy."""


def article_sources(articles: Sequence[Article]) -> Sequence[str]:
    """Each article's source name by key: the saved column itself, or a list."""
    if isinstance(articles, ArticleColumns):
        return articles.sources
    return [article.source_name for article in articles]
