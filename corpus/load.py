"""Loading articles from folders and files of .txt, .md, .jsonl and .json; never writes anything."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.decode import UndecodableError, decode_bytes
from corpus.headline import metadata_from_text, title_from_text
from corpus.models import Article, LoadProblem, LoadResult

TEXT_SUFFIXES = frozenset({".txt", ".md"})
RECORD_SUFFIXES = frozenset({".jsonl", ".json"})
MAX_FILE_BYTES = 512 * 1024 * 1024
TEXT_FIELDS = ("text", "content", "body")
METADATA_FIELDS = ("date", "url", "source", "author", "category")

Progress = Callable[[int, int], None]
"""Called with (files done, files found) while loading."""


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


@dataclass(frozen=True, slots=True)
class CorpusFile:
    """A file found under the corpus paths, with what `stat` said of it."""

    path: str
    size: int
    mtime_ns: int
    regular: bool
    identity: tuple[int, int]
    """(device, inode): the same file reached twice, through a link, is read once."""


def _file(path: str, info: os.stat_result) -> CorpusFile:
    return CorpusFile(path, info.st_size, info.st_mtime_ns, stat.S_ISREG(info.st_mode), (info.st_dev, info.st_ino))


def iter_corpus_files(
    paths: Iterable[str | os.PathLike[str]], problems: list[LoadProblem]
) -> Iterator[CorpusFile]:
    """Every article file under `paths`, each once, in a stable order; folders are searched recursively.

    Symbolic links to folders are followed once (loops are cut), hidden entries are skipped,
    and files given by name are read whatever their suffix.
    """
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    suffixes = TEXT_SUFFIXES | RECORD_SUFFIXES

    def walk(folder: str, info: os.stat_result) -> Iterator[CorpusFile]:
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:
            return
        seen_dirs.add(key)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: os.fsencode(entry.name))
        except OSError as error:
            problems.append(LoadProblem(display_path(folder), f"cannot list folder: {error.strerror}"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                entry_info = entry.stat()
            except OSError as error:
                problems.append(LoadProblem(display_path(entry.path), f"cannot open: {error.strerror}"))
                continue
            if stat.S_ISDIR(entry_info.st_mode):
                yield from walk(entry.path, entry_info)
            elif os.path.splitext(entry.name)[1].lower() in suffixes:
                yield _file(entry.path, entry_info)

    for given in paths:
        path = os.fspath(given)
        try:
            info = os.stat(path)
        except OSError as error:
            reason = "no such file or folder" if not os.path.lexists(path) else f"cannot open: {error.strerror}"
            problems.append(LoadProblem(display_path(path), reason))
            continue
        found = walk(path, info) if stat.S_ISDIR(info.st_mode) else [_file(path, info)]
        for file in found:
            if file.identity not in seen_files:
                seen_files.add(file.identity)
                yield file


def _read_text(file: CorpusFile, problems: list[LoadProblem]) -> str | None:
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
    return decoded.text


def article_from_text(article_id: str, path: str, text: str) -> Article:
    """An article from a plain text file: title and metadata read from the text itself."""
    return Article(article_id, path, title_from_text(text), text, metadata_from_text(text))


def article_from_record(record: dict[str, Any], fallback_id: str, path: str) -> Article | str:
    """An article from a JSON object, or the reason it is not one."""
    text = next((record[name] for name in TEXT_FIELDS if isinstance(record.get(name), str)), None)
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
    return Article(article_id, path, title, text, metadata)


def _records(shown: str, suffix: str, text: str, problems: list[LoadProblem]) -> Iterator[tuple[int | None, Any]]:
    if suffix == ".jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(LoadProblem(shown, f"not valid JSON ({error.msg})", line=number))
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problems.append(LoadProblem(shown, f"not valid JSON ({error.msg})", line=error.lineno))
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        yield None, data
    elif isinstance(data, list):
        yield from ((None, item) for item in data)
    else:
        problems.append(LoadProblem(shown, "JSON is neither an array of articles nor one article"))


def load_file(file: CorpusFile, problems: list[LoadProblem]) -> list[Article]:
    """The articles in one file; problems are appended, nothing is raised for bad content."""
    text = _read_text(file, problems)
    if text is None:
        return []
    shown = display_path(file.path)
    stem, suffix = os.path.splitext(os.path.basename(shown))
    suffix = suffix.lower()
    if suffix not in RECORD_SUFFIXES:
        return [article_from_text(stem, shown, text)]
    articles: list[Article] = []
    for count, (line, record) in enumerate(_records(shown, suffix, text, problems), start=1):
        where = line if line is not None else count
        if not isinstance(record, dict):
            problems.append(LoadProblem(shown, "not a JSON object", line=line))
            continue
        made = article_from_record(record, f"{stem}-{where}", shown)
        if isinstance(made, str):
            problems.append(LoadProblem(shown, made, line=line))
        else:
            articles.append(made)
    if not articles and not any(p.path == shown for p in problems):
        problems.append(LoadProblem(shown, "no articles in this file"))
    return articles


def load_corpus(
    paths: Iterable[str | os.PathLike[str]], progress: Progress | None = None
) -> LoadResult:
    """Load every article under `paths`; a bad file becomes a problem, never an exception."""
    result = LoadResult()
    files = list(iter_corpus_files(paths, result.problems))
    seen_ids: dict[str, int] = {}
    for done, file in enumerate(files, start=1):
        for article in load_file(file, result.problems):
            count = seen_ids.get(article.id, 0) + 1
            seen_ids[article.id] = count
            if count > 1:
                article = Article(
                    f"{article.id}~{count}", article.path, article.title, article.text, article.metadata
                )
            result.articles.append(article)
        result.files_read = done
        if progress is not None:
            progress(done, len(files))
    return result
