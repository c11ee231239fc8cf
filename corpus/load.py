"""Loading articles from folders and files of .txt, .md, .jsonl and .json; never writes anything."""

from __future__ import annotations

import codecs
import io
import json
import os
import zlib
from collections import Counter
from collections.abc import Callable, Container, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from corpus.models import Article, LoadProblem, Progress, TextSource
from corpus.safe_files import open_regular
from corpus.text.decode import INT_DIGITS, UndecodableError, cr_lines, decode_bytes, loads_json, without_surrogates
from corpus.text.headline import metadata_from_text, record_title, title_from_text
from corpus.text.json_array import ItemTooLarge, NotAnArray, iter_json_array
from corpus.walk import RECORD_SUFFIXES, CorpusFile, display_path

__all__ = [
    "iter_articles",
    "iter_file",
    "load_file",
    "UniqueIds",
    "LinesRead",
    "is_followable",
]

MAX_FILE_BYTES = 512 * 1024 * 1024
"""Files decoded whole (text, .json, JSON Lines that are not UTF-8) larger than this are refused;
UTF-8 JSON Lines are read line by line, whatever their size."""
MAX_LINE_BYTES = 64 * 1024 * 1024
"""A JSON Lines line longer than this is skipped with a message, never held in memory whole."""
LINE_PIECE = 1024 * 1024
TEXT_FIELDS = ("text", "content", "body")
METADATA_FIELDS = ("date", "url", "source", "author", "category")


SHOWN_LINES = 5
"""A file's bad lines named one by one; the rest are counted in one problem (a million broken
lines are six entries, not a million)."""


SHOWN_REASONS = 3
"""The reasons for those lines named with their counts; the others counted together."""


class _BadLines:
    """The problems of one file's lines or records: the first SHOWN_LINES named, the rest counted."""

    def __init__(self, shown: str, problems: list[LoadProblem]) -> None:
        self.shown = shown
        self.problems = problems
        self.count = 0
        self.more: Counter[str] = Counter()

    def add(self, message: str, line: int | None) -> None:
        self.count += 1
        if self.count <= SHOWN_LINES:
            self.problems.append(LoadProblem(self.shown, message, line=line))
        else:
            self.more[message] += 1

    def close(self) -> None:
        """Add the count of the lines not named, if any."""
        more = sum(self.more.values())
        if more:
            shown = self.more.most_common(SHOWN_REASONS)
            reasons = ", ".join(f"{count:,} {message}" for message, count in shown)
            if (other := more - sum(count for _, count in shown)) > 0:
                reasons += f", {other:,} for {len(self.more) - len(shown):,} other reasons"
            message = f"{more:,} more line{'s' if more != 1 else ''} skipped: {reasons}"
            self.problems.append(LoadProblem(self.shown, message, lines=more))


def _size(count: int) -> str:
    """A size in bytes for a person: "810 MB", "2,000 bytes"."""
    return f"{count // 2**20:,} MB" if count >= 2**20 else f"{count:,} bytes"


def _json_error(error: ValueError | RecursionError) -> str:
    """Why a line or file is not JSON this loader can read, for a person."""
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON ({error.msg})"
    if isinstance(error, RecursionError):
        return "not valid JSON (nested too deeply)"
    return f"not valid JSON ({error})"


def _read_text(file: CorpusFile, problems: list[LoadProblem]) -> tuple[str, bytes | None] | None:
    """The decoded text, and the raw bytes when they were clean UTF-8 (so byte offsets hold)."""
    shown = display_path(file.path)
    if not file.regular:
        problems.append(LoadProblem(shown, "not a regular file"))
        return None
    if file.size > MAX_FILE_BYTES:
        problems.append(LoadProblem(shown, f"too large ({_size(file.size)}; at most {_size(MAX_FILE_BYTES)})"))
        return None
    try:
        with open_regular(file.path, file.identity) as handle:
            data = handle.read()
    except OSError as error:
        problems.append(LoadProblem(shown, f"cannot read: {error.strerror or error}"))
        return None
    if not data.strip():
        problems.append(LoadProblem(shown, "empty file"))
        return None
    data = cr_lines(data)
    try:
        decoded = decode_bytes(data)
    except UndecodableError as error:
        problems.append(LoadProblem(shown, str(error)))
        return None
    if decoded.warning:
        problems.append(LoadProblem(shown, decoded.warning, skipped=False))
    clean = decoded.encoding == "utf-8" and decoded.warning is None
    return decoded.text, data if clean else None


def article_from_text(article_id: str, path: str, text: str, source: TextSource | None = None) -> Article:
    """An article from a plain text file: title and metadata read from the text itself."""
    return Article(article_id, path, title_from_text(text), text, metadata_from_text(text), source)


def article_from_record(
    record: dict[str, Any],
    fallback_id: str,
    path: str,
    where: tuple[str, int, int] | None = None,
    warn: Callable[[str], None] | None = None,
    *,
    escapes: bool = True,
) -> Article | str:
    """An article from a JSON object, or the reason it is not one.

    `where` is (file, byte offset, byte length) of the record's line, when it can be read again.
    Lone surrogates (from escapes such as \\ud800) become U+FFFD, and `warn` is told how many;
    `escapes=False` says the JSON held no \\uD… escape, so there is nothing to look for.
    """
    field = next((name for name in TEXT_FIELDS if isinstance(record.get(name), str)), None)
    raw_text: str | None = record[field] if field else None
    if raw_text is None or not raw_text.strip():
        return "no text: the object has no non-empty 'text', 'content' or 'body'"
    replaced = 0

    def clean(value: object) -> str:
        nonlocal replaced
        if not escapes:
            return str(value)
        text, count = without_surrogates(str(value))
        replaced += count
        return text

    text = clean(raw_text)
    metadata = metadata_from_text(text)
    for name in METADATA_FIELDS:
        value = record.get(name)
        if value is not None and value != "":
            metadata[name] = clean(value)
    raw_title = record.get("title")
    title = record_title(clean(raw_title) if raw_title else "", text)
    raw_id = record.get("id")
    article_id = clean(raw_id) if raw_id not in (None, "") else fallback_id
    if replaced and warn is not None:
        warn(f"{replaced} lone surrogate(s) (\\ud800-\\udfff escapes) replaced with �")
    source = TextSource(where[0], where[1], where[2], field or "") if where is not None and field else None
    return Article(article_id, path, title, text, metadata, source)


def _note_long_numbers(kept: int, shown: str, line: int | None, problems: list[LoadProblem]) -> None:
    if kept:
        _warner(shown, line, problems)(f"{kept} number(s) of more than {INT_DIGITS:,} digits kept as text")


def _warner(shown: str, line: int | None, problems: list[LoadProblem]) -> Callable[[str], None]:
    """A warning about what loaded from one line or record of a file."""
    return lambda message: problems.append(LoadProblem(shown, message, line=line, skipped=False))


def _lines(text: str, raw: bytes | None) -> Iterator[tuple[int, str, int, int]]:
    """(number, line, byte offset, byte length) of each line; offsets are -1 when the bytes were not clean UTF-8."""
    if raw is None:
        for number, line in enumerate(text.split("\n"), start=1):
            yield number, line, -1, -1
        return
    offset = 0
    for number, raw_line in enumerate(raw.split(b"\n"), start=1):
        yield number, raw_line.decode("utf-8"), offset, len(raw_line)
        offset += len(raw_line) + 1


def _records(
    shown: str, suffix: str, text: str, raw: bytes | None, problems: list[LoadProblem], bad: _BadLines
) -> Iterator[tuple[int | None, Any, int, int]]:
    """(line number, parsed JSON, byte offset, byte length) of each record of a .jsonl or .json file."""
    if suffix == ".jsonl":
        for number, line, offset, length in _lines(text, raw):
            if not line.strip():
                continue
            try:
                record, kept = loads_json(line)
            except (ValueError, RecursionError) as error:
                bad.add(_json_error(error), number)
                continue
            _note_long_numbers(kept, shown, number, problems)
            yield number, record, offset, length
        return
    try:
        data, kept = loads_json(text)
        _note_long_numbers(kept, shown, None, problems)
    except (ValueError, RecursionError) as error:
        salvaged = yield from _records_before_the_fault(shown, text, raw, problems)
        at = f" at line {error.lineno:,}" if isinstance(error, json.JSONDecodeError) else ""
        lost = f"read up to it ({salvaged:,} items), the rest skipped" if salvaged else "nothing of it is read"
        problems.append(LoadProblem(shown, f"{_json_error(error)}{at}: {lost}", skipped=not salvaged))
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        yield None, data, -1, -1
    elif isinstance(data, list):
        yield from ((None, item, -1, -1) for item in data)
    else:
        problems.append(LoadProblem(shown, "JSON is neither an array of articles nor one article"))


def _records_before_the_fault(
    shown: str, text: str, raw: bytes | None, problems: list[LoadProblem]
) -> Generator[tuple[int | None, Any, int, int], None, int]:
    """The records of a JSON array that come before the fault that makes the whole no JSON (a
    missing brace in the 503rd line lost the 250 records before it too); returns how many. Their
    offsets are the file's where its bytes were clean UTF-8 (`raw`), else unknown (-1)."""
    if not text.lstrip("\ufeff \t\r\n").startswith("["):
        return 0
    count = 0
    try:
        for item in iter_json_array(io.BytesIO(raw if raw is not None else text.encode("utf-8")), MAX_LINE_BYTES):
            _note_long_numbers(item.kept_numbers, shown, count + 1, problems)
            located = raw is not None and item.length <= MAX_LINE_BYTES
            yield None, item.value, item.offset if located else -1, item.length if located else -1
            count += 1
    except (ValueError, RecursionError, UnicodeDecodeError):
        pass  # the fault: the caller names it
    return count


def _jsonl_is_streamable(file: CorpusFile) -> bool:
    """True for a file that can be read line by line as UTF-8 (no UTF-16 BOM, no NUL bytes up front)."""
    try:
        with open_regular(file.path, file.identity) as handle:
            head = handle.read(4096)
    except OSError:
        return False
    if b"\r" in head and b"\n" not in head:
        return False  # lines ended by CR alone: read whole, as cr_lines makes them LF
    return not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and head.count(0) * UTF16_NULS <= len(head)


UTF16_NULS = 10
"""A JSON Lines file whose first bytes are at least a tenth NUL is UTF-16 without its byte order
mark (JSON's ASCII punctuation is half NULs there), read whole; a NUL or two, a bad line's, are
that line's alone to skip."""

UNFINISHED_LINE = "unfinished: no line break after it and not a whole record (read again when the file grows)"


@dataclass(slots=True)
class LinesRead:
    """Where the reading of a JSON Lines file starts, and once it is over, where it ended:
    after the last whole line (one ending in a newline, or the last line of the file when it
    holds a whole record), so that lines appended later are read alone, and a line still
    being written is read once it is whole."""

    offset: int = 0
    lines: int = 0
    crc: int = 0
    """The CRC-32 of the bytes before `offset`, kept up to date as lines are read: what was read
    can be checked unchanged before lines appended after it are read alone."""
    wait_for_partial: bool = False
    """Say nothing of an unfinished last line (no newline, not a whole record): set for a file
    written to a moment ago, where it is likely still being written; otherwise it is named
    (UNFINISHED_LINE). Either way it is left for the next read, from its start."""


def _iter_jsonl(file: CorpusFile, problems: list[LoadProblem], position: LinesRead | None = None) -> Iterator[Article]:
    """A UTF-8 JSON Lines file read line by line, one article at a time (a 200 MB file never sits
    in memory whole); from `position` on, when given, which is then moved to where it ended."""
    shown = display_path(file.path)
    stem = os.path.splitext(os.path.basename(shown))[0]
    found = 0
    before = len(problems)
    bad = _BadLines(shown, problems)
    at = position if position is not None else LinesRead()
    from_start = at.offset == 0
    try:
        with open_regular(file.path, file.identity) as handle:
            handle.seek(at.offset)
            offset, number = at.offset, at.lines
            for raw, length, crc in _bounded_lines(handle, at.crc):
                start = offset
                offset += length
                number += 1
                whole = raw.endswith(b"\n")
                too_long = length > MAX_LINE_BYTES and not (whole and length == len(raw))
                if not whole and at.wait_for_partial and (too_long or not _whole_record(raw)):
                    break  # a line still being written: read it once it is whole
                if not whole and not too_long and not _whole_record(raw):
                    bad.add(UNFINISHED_LINE, number)
                    break  # read again from its start once the file grows
                at.offset, at.lines, at.crc = offset, number, crc
                if too_long:
                    bad.add(f"line too long ({_size(length)}; at most {_size(MAX_LINE_BYTES)})", number)
                    continue
                if number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                    start += len(codecs.BOM_UTF8)
                body = raw.rstrip(b"\r\n")
                if not body.strip():
                    continue
                try:
                    record, kept = loads_json(body.decode("utf-8"))
                    _note_long_numbers(kept, shown, number, problems)
                except UnicodeDecodeError:
                    bad.add("not UTF-8", number)
                    continue
                except (ValueError, RecursionError) as error:
                    bad.add(_json_error(error), number)
                    continue
                if not isinstance(record, dict):
                    bad.add("not a JSON object", number)
                    continue
                made = article_from_record(
                    record,
                    f"{stem}-{number}",
                    shown,
                    (file.path, start, len(body)),
                    _warner(shown, number, problems),
                    escapes=b"\\ud" in body or b"\\uD" in body,
                )
                if isinstance(made, str):
                    bad.add(made, number)
                    continue
                found += 1
                yield made
    except OSError as error:
        problems.append(LoadProblem(shown, f"cannot read: {error.strerror or error}"))
        return
    finally:
        bad.close()
    if not found and len(problems) == before and from_start:
        problems.append(LoadProblem(shown, "no articles in this file"))


def _bounded_lines(handle: BinaryIO, crc: int) -> Iterator[tuple[bytes, int, int]]:
    """(line, its length in bytes, CRC-32 of the file up to its end, from `crc` on) of each line
    from where `handle` is; a line over MAX_LINE_BYTES is not held whole: its last piece is given
    (ending in a newline unless the file does) and it is passed over in LINE_PIECE blocks."""
    while raw := handle.readline(MAX_LINE_BYTES + 1):
        length, crc = len(raw), zlib.crc32(raw, crc)
        while length > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            piece = handle.readline(LINE_PIECE)
            if not piece:
                break
            raw, length, crc = piece, length + len(piece), zlib.crc32(piece, crc)
        yield raw, length, crc


def _whole_record(raw: bytes) -> bool:
    try:
        loads_json(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return True


def is_followable(file: CorpusFile) -> bool:
    """True for a JSON Lines file read line by line, whose appended lines can be read alone."""
    return file.regular and file.path.lower().endswith(".jsonl") and _jsonl_is_streamable(file)


def iter_file(file: CorpusFile, problems: list[LoadProblem], position: LinesRead | None = None) -> Iterator[Article]:
    """The articles in one file, as they are read; problems are appended, nothing is raised.
    With `position`, a JSON Lines file is read from there (and `position` moved to its end)."""
    if is_followable(file):
        yield from _iter_jsonl(file, problems, position)
        return
    if file.regular and file.size > MAX_FILE_BYTES and file.path.lower().endswith(".json"):
        yield from _iter_large_json(file, problems)
        return
    yield from load_file(file, problems)


def _iter_large_json(file: CorpusFile, problems: list[LoadProblem]) -> Iterator[Article]:
    """A .json file too large to decode whole, read item by item when it holds an array (in
    UTF-8): each record can be read again from its bytes, as a JSON Lines record can."""
    shown = display_path(file.path)
    stem = os.path.splitext(os.path.basename(shown))[0]
    bad = _BadLines(shown, problems)
    found = 0
    try:
        with open_regular(file.path, file.identity) as handle:
            for number, item in enumerate(iter_json_array(handle, MAX_LINE_BYTES), start=1):
                if item.length > MAX_LINE_BYTES:
                    bad.add(f"record too long ({_size(item.length)}; at most {_size(MAX_LINE_BYTES)})", number)
                    continue
                _note_long_numbers(item.kept_numbers, shown, number, problems)
                if not isinstance(item.value, dict):
                    bad.add("not a JSON object", number)
                    continue
                where = (file.path, item.offset, item.length)
                warn = _warner(shown, number, problems)
                made = article_from_record(item.value, f"{stem}-{number}", shown, where, warn, escapes=item.escapes)
                if isinstance(made, str):
                    bad.add(made, number)
                    continue
                found += 1
                yield made
    except NotAnArray:
        too_large = f"too large ({_size(file.size)}; at most {_size(MAX_FILE_BYTES)} unless it is a JSON array)"
        problems.append(LoadProblem(shown, too_large))
    except ItemTooLarge as error:
        problems.append(LoadProblem(shown, f"{error}: the rest is skipped", skipped=not found))
    except UnicodeDecodeError:
        problems.append(LoadProblem(shown, f"not UTF-8 (a JSON file over {_size(MAX_FILE_BYTES)} is read as UTF-8)"))
    except (ValueError, RecursionError) as error:
        problems.append(LoadProblem(shown, f"{_json_error(error)}: the rest is skipped", skipped=not found))
    except OSError as error:
        problems.append(LoadProblem(shown, f"cannot read: {error.strerror or error}"))
    finally:
        bad.close()


def load_file(file: CorpusFile, problems: list[LoadProblem]) -> list[Article]:
    """The articles in one file (whole-file decoding, with encoding detection)."""
    read = _read_text(file, problems)
    if read is None:
        return []
    text, raw = read
    shown = display_path(file.path)
    stem, suffix = os.path.splitext(os.path.basename(shown))
    suffix = suffix.lower()
    if suffix not in RECORD_SUFFIXES:
        return [article_from_text(stem, shown, text, TextSource(file.path, 0, file.size))]
    articles: list[Article] = []
    before = len(problems)
    bad = _BadLines(shown, problems)
    escapes = "\\ud" in text or "\\uD" in text
    for count, (line, record, offset, length) in enumerate(_records(shown, suffix, text, raw, problems, bad), 1):
        where = line if line is not None else count
        if not isinstance(record, dict):
            bad.add("not a JSON object", where)
            continue
        located = (file.path, offset, length) if offset >= 0 else None
        made = article_from_record(
            record, f"{stem}-{where}", shown, located, _warner(shown, where, problems), escapes=escapes
        )
        if isinstance(made, str):
            bad.add(made, where)
            continue
        articles.append(made)
    bad.close()
    if not articles and len(problems) == before:
        problems.append(LoadProblem(shown, "no articles in this file"))
    return articles


class UniqueIds:
    """Makes article ids unique within an archive: a second `x` becomes `x~2` (or `x~3`, …
    whichever is still free), so every article can be named by its id."""

    def __init__(self, taken: Iterable[str] = (), kept: Container[str] = ()) -> None:
        """`taken` and `kept` are ids in use (`kept`: looked in, never copied: an archive's
        saved id column, corpus.packed.PackedMembers)."""
        self.taken = set(taken)
        self.kept = kept
        self._next_suffix: dict[str, int] = {}

    def _in_use(self, wanted: str) -> bool:
        return wanted in self.taken or wanted in self.kept

    def claim(self, article: Article) -> Article:
        article.id = self.claim_id(article.id)
        return article

    def claim_id(self, wanted: str) -> str:
        """`wanted`, or the first `wanted~N` not taken yet; taken from now on."""
        if self._in_use(wanted):
            suffix = self._next_suffix.get(wanted, 2)
            while self._in_use(f"{wanted}~{suffix}"):
                suffix += 1
            self._next_suffix[wanted] = suffix + 1
            wanted = f"{wanted}~{suffix}"
        self.taken.add(wanted)
        return wanted


def iter_articles(
    files: Sequence[CorpusFile], problems: list[LoadProblem], progress: Progress | None = None
) -> Iterator[Article]:
    """The articles of the given files, one file at a time, ids made unique (UniqueIds)."""
    ids = UniqueIds()
    for done, file in enumerate(files, start=1):
        for article in iter_file(file, problems):
            yield ids.claim(article)
        if progress is not None:
            progress(done, len(files))
