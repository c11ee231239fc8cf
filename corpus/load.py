"""Loading articles from folders and files of .txt, .md, .jsonl and .json; never writes anything."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
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
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="replace")


def default_corpus_path() -> Path:
    """The bundled seed articles: inside the installed package, or beside it in a checkout."""
    packaged = Path(__file__).with_name("seeds")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "seeds"


def iter_corpus_files(
    paths: Iterable[str | os.PathLike[str]], problems: list[LoadProblem]
) -> Iterator[Path]:
    """Every article file under `paths`, each once, in a stable order; folders are searched recursively.

    Symbolic links to folders are followed once (loops are cut), hidden entries are skipped,
    and files given by name are read whatever their suffix.
    """
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()

    def walk(folder: Path) -> Iterator[Path]:
        try:
            info = folder.stat()
        except OSError as error:
            problems.append(LoadProblem(display_path(folder), f"cannot open folder: {error.strerror}"))
            return
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:
            return
        seen_dirs.add(key)
        try:
            with os.scandir(folder) as entries:
                names = sorted(entries, key=lambda entry: os.fsencode(entry.name))
        except OSError as error:
            problems.append(LoadProblem(display_path(folder), f"cannot list folder: {error.strerror}"))
            return
        for entry in names:
            if entry.name.startswith("."):
                continue
            child = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                yield from walk(child)
            elif child.suffix.lower() in TEXT_SUFFIXES | RECORD_SUFFIXES:
                yield child

    for given in paths:
        path = Path(given)
        if path.is_dir():
            found: Iterable[Path] = walk(path)
        elif path.exists() or path.is_symlink():
            found = [path]
        else:
            problems.append(LoadProblem(display_path(path), "no such file or folder"))
            continue
        for file in found:
            try:
                info = file.stat()
            except OSError as error:
                problems.append(LoadProblem(display_path(file), f"cannot open: {error.strerror}"))
                continue
            key = (info.st_dev, info.st_ino)
            if key not in seen_files:
                seen_files.add(key)
                yield file


def _read_text(path: Path, problems: list[LoadProblem]) -> str | None:
    shown = display_path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            problems.append(LoadProblem(shown, "not a regular file"))
            return None
        if info.st_size > MAX_FILE_BYTES:
            problems.append(LoadProblem(shown, f"too large ({info.st_size // 2**20} MB)"))
            return None
        with open(path, "rb") as handle:
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


def _records(path: Path, text: str, problems: list[LoadProblem]) -> Iterator[tuple[int | None, Any]]:
    shown = display_path(path)
    if path.suffix.lower() == ".jsonl":
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


def load_file(path: Path, problems: list[LoadProblem]) -> list[Article]:
    """The articles in one file; problems are appended, nothing is raised for bad content."""
    text = _read_text(path, problems)
    if text is None:
        return []
    shown = display_path(path)
    stem = display_path(path.stem)
    if path.suffix.lower() not in RECORD_SUFFIXES:
        return [article_from_text(stem, shown, text)]
    articles: list[Article] = []
    for count, (line, record) in enumerate(_records(path, text, problems), start=1):
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
    for done, path in enumerate(files, start=1):
        for article in load_file(path, result.problems):
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
