"""Loading articles from folders and files of .txt, .md, .jsonl and .json; never writes anything."""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from operator import attrgetter
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import Any, NamedTuple

from corpus.models import Article, LoadProblem, Progress, TextSource
from corpus.text.decode import UndecodableError, decode_bytes
from corpus.text.headline import metadata_from_text, title_from_text

__all__ = [
    "CorpusFile",
    "default_corpus_path",
    "display_path",
    "iter_articles",
    "iter_corpus_files",
    "iter_file",
    "load_file",
]

TEXT_SUFFIXES = frozenset({".txt", ".md"})
RECORD_SUFFIXES = frozenset({".jsonl", ".json"})
MAX_FILE_BYTES = 512 * 1024 * 1024
TEXT_FIELDS = ("text", "content", "body")
METADATA_FIELDS = ("date", "url", "source", "author", "category")


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can always be printed: undecodable bytes in file names become �."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", errors="replace")


def default_corpus_path() -> Path:
    """The bundled seed articles: inside the installed package, or beside it in a checkout."""
    packaged = Path(__file__).with_name("seeds")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "seeds"


class CorpusFile(NamedTuple):
    """A file found under the corpus paths, with what `stat` said of it (a named tuple: one is
    made for every file on every start)."""

    path: str
    size: int
    mtime_ns: int
    ctime_ns: int
    """The inode change time: a rewrite that restores the modification time still changes it."""
    regular: bool
    identity: tuple[int, int]
    """(device, inode): the same file reached twice, through a link, is read once."""


def _file(path: str, info: os.stat_result) -> CorpusFile:
    return CorpusFile(
        path, info.st_size, info.st_mtime_ns, info.st_ctime_ns, S_ISREG(info.st_mode), (info.st_dev, info.st_ino)
    )


_BY_NAME = attrgetter("name")
"""Entries in code point order of their names: a stable order, sorted without a Python call each."""


def iter_corpus_files(paths: Iterable[str | os.PathLike[str]], problems: list[LoadProblem]) -> Iterator[CorpusFile]:
    """Every article file under `paths`, each once, in a stable order; folders are searched recursively.

    Symbolic links to folders are followed once (loops are cut), hidden entries are skipped,
    and files given by name are read whatever their suffix.
    """
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    suffixes = TEXT_SUFFIXES | RECORD_SUFFIXES

    def walk(folder: str, info: os.stat_result, found: list[CorpusFile]) -> None:
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:
            return
        seen_dirs.add(key)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=_BY_NAME)
        except OSError as error:
            problems.append(LoadProblem(display_path(folder), f"cannot list folder: {error.strerror}"))
            return
        add = found.append
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue
            try:
                entry_info = entry.stat()
            except OSError as error:
                problems.append(LoadProblem(display_path(entry.path), f"cannot open: {error.strerror}"))
                continue
            if S_ISDIR(entry_info.st_mode):
                walk(entry.path, entry_info, found)
                continue
            dot = name.rfind(".")
            if dot > 0 and name[dot:].lower() in suffixes:
                add(_file(entry.path, entry_info))

    for given in paths:
        path = os.fspath(given)
        try:
            info = os.stat(path)
        except OSError as error:
            reason = "no such file or folder" if not os.path.lexists(path) else f"cannot open: {error.strerror}"
            problems.append(LoadProblem(display_path(path), reason))
            continue
        found: list[CorpusFile] = []
        if S_ISDIR(info.st_mode):
            walk(path, info, found)  # into a list, not through nested generators
        else:
            found.append(_file(path, info))
        for file in found:
            if file.identity not in seen_files:
                seen_files.add(file.identity)
                yield file


def _read_text(file: CorpusFile, problems: list[LoadProblem]) -> tuple[str, bytes | None] | None:
    """The decoded text, and the raw bytes when they were clean UTF-8 (so byte offsets hold)."""
    shown = display_path(file.path)
    if not file.regular:
        problems.append(LoadProblem(shown, "not a regular file"))
        return None
    if file.size > MAX_FILE_BYTES:
        problems.append(LoadProblem(shown, f"too large ({file.size // 2**20} MB)"))
        return None
    try:
        with open(file.path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        problems.append(LoadProblem(shown, f"cannot read: {error.strerror or error}"))
        return None
    if not data.strip():
        problems.append(LoadProblem(shown, "empty file"))
        return None
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
    record: dict[str, Any], fallback_id: str, path: str, where: tuple[str, int, int] | None = None
) -> Article | str:
    """An article from a JSON object, or the reason it is not one.

    `where` is (file, byte offset, byte length) of the record's line, when it can be read again.
    """
    field = next((name for name in TEXT_FIELDS if isinstance(record.get(name), str)), None)
    text: str | None = record[field] if field else None
    if text is None or not text.strip():
        return "no text: the object has no non-empty 'text', 'content' or 'body'"
    metadata = metadata_from_text(text)
    for name in METADATA_FIELDS:
        value = record.get(name)
        if value is not None and value != "":
            metadata[name] = str(value)
    title = record.get("title")
    title = " ".join(str(title).split()) if title else title_from_text(text)
    raw_id = record.get("id")
    article_id = str(raw_id) if raw_id not in (None, "") else fallback_id
    source = TextSource(where[0], where[1], where[2], field or "") if where is not None and field else None
    return Article(article_id, path, title, text, metadata, source)


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
    shown: str, suffix: str, text: str, raw: bytes | None, problems: list[LoadProblem]
) -> Iterator[tuple[int | None, Any, int, int]]:
    """(line number, parsed JSON, byte offset, byte length) of each record of a .jsonl or .json file."""
    if suffix == ".jsonl":
        for number, line, offset, length in _lines(text, raw):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line), offset, length
            except (json.JSONDecodeError, RecursionError) as error:
                reason = error.msg if isinstance(error, json.JSONDecodeError) else "nested too deeply"
                problems.append(LoadProblem(shown, f"not valid JSON ({reason})", line=number))
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problems.append(LoadProblem(shown, f"not valid JSON ({error.msg})", line=error.lineno))
        return
    except RecursionError:
        problems.append(LoadProblem(shown, "not valid JSON (nested too deeply)"))
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        yield None, data, -1, -1
    elif isinstance(data, list):
        yield from ((None, item, -1, -1) for item in data)
    else:
        problems.append(LoadProblem(shown, "JSON is neither an array of articles nor one article"))


def _jsonl_is_streamable(file: CorpusFile) -> bool:
    """True for a file that can be read line by line as UTF-8 (no UTF-16 BOM, no NUL bytes up front)."""
    try:
        with open(file.path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" not in head


def _iter_jsonl(file: CorpusFile, problems: list[LoadProblem]) -> Iterator[Article]:
    """A UTF-8 JSON Lines file read line by line, one article at a time (a 200 MB file never sits
    in memory whole)."""
    shown = display_path(file.path)
    stem = os.path.splitext(os.path.basename(shown))[0]
    found = 0
    try:
        with open(file.path, "rb") as handle:
            offset = 0
            for number, raw in enumerate(handle, start=1):
                start = offset
                offset += len(raw)
                if number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                    start += len(codecs.BOM_UTF8)
                body = raw.rstrip(b"\r\n")
                if not body.strip():
                    continue
                try:
                    record = json.loads(body.decode("utf-8"))
                except UnicodeDecodeError:
                    problems.append(LoadProblem(shown, "not UTF-8", line=number))
                    continue
                except (json.JSONDecodeError, RecursionError) as error:
                    reason = error.msg if isinstance(error, json.JSONDecodeError) else "nested too deeply"
                    problems.append(LoadProblem(shown, f"not valid JSON ({reason})", line=number))
                    continue
                if not isinstance(record, dict):
                    problems.append(LoadProblem(shown, "not a JSON object", line=number))
                    continue
                made = article_from_record(record, f"{stem}-{number}", shown, (file.path, start, len(body)))
                if isinstance(made, str):
                    problems.append(LoadProblem(shown, made, line=number))
                else:
                    found += 1
                    yield made
    except OSError as error:
        problems.append(LoadProblem(shown, f"cannot read: {error.strerror or error}"))
        return
    if not found and not any(p.path == shown for p in problems):
        problems.append(LoadProblem(shown, "no articles in this file"))


def iter_file(file: CorpusFile, problems: list[LoadProblem]) -> Iterator[Article]:
    """The articles in one file, as they are read; problems are appended, nothing is raised."""
    if (
        file.regular
        and file.path.lower().endswith(".jsonl")
        and file.size <= MAX_FILE_BYTES
        and _jsonl_is_streamable(file)
    ):
        yield from _iter_jsonl(file, problems)
        return
    yield from load_file(file, problems)


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
    for count, (line, record, offset, length) in enumerate(_records(shown, suffix, text, raw, problems), start=1):
        where = line if line is not None else count
        if not isinstance(record, dict):
            problems.append(LoadProblem(shown, "not a JSON object", line=line))
            continue
        located = (file.path, offset, length) if offset >= 0 else None
        made = article_from_record(record, f"{stem}-{where}", shown, located)
        if isinstance(made, str):
            problems.append(LoadProblem(shown, made, line=line))
        else:
            articles.append(made)
    if not articles and not any(p.path == shown for p in problems):
        problems.append(LoadProblem(shown, "no articles in this file"))
    return articles


def iter_articles(
    files: Sequence[CorpusFile], problems: list[LoadProblem], progress: Progress | None = None
) -> Iterator[Article]:
    """The articles of the given files, one file at a time, ids made unique."""
    seen_ids: dict[str, int] = {}
    for done, file in enumerate(files, start=1):
        for article in iter_file(file, problems):
            count = seen_ids.get(article.id, 0) + 1
            seen_ids[article.id] = count
            if count > 1:
                article.id = f"{article.id}~{count}"
            yield article
        if progress is not None:
            progress(done, len(files))
