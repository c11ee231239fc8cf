"""Index snapshots in the user's cache: a second start on an unchanged corpus skips the build.

A snapshot is one uncompressed zip file: numpy arrays in .npy members, the strings as text
and JSON (no pickle, so a planted or damaged file cannot run code). It is keyed to the corpus:
every file's path, size and modification time, plus the first 4 KB of a sample of the files.
It is versioned, and written to a temporary file then renamed, so an interrupted write leaves
the old snapshot whole. A stale key, an older version, a truncated file or a bad CRC is
detected, and the index is built again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from corpus.index import CorpusIndex
from corpus.load import CorpusFile
from corpus.models import Article, LoadProblem, TextSource

__all__ = ["VERSION", "corpus_key", "snapshot_path", "save_snapshot", "load_snapshot"]

VERSION = 1
SAMPLE_EVERY = 64
SAMPLE_BYTES = 4096
_ARRAYS = ("tokens", "token_offsets", "post_offsets", "post_docs", "post_tf", "title_offsets", "title_docs")


def corpus_key(files: Sequence[CorpusFile]) -> str:
    """A digest of the corpus: paths, sizes and times of every file, and a sample of their contents."""
    digest = hashlib.sha256(f"akhbar-index-{VERSION}".encode())
    for number, file in enumerate(files):
        digest.update(f"{file.path}\0{file.size}\0{file.mtime_ns}\n".encode("utf-8", "surrogateescape"))
        if number % SAMPLE_EVERY == 0 and file.regular:
            try:
                with open(file.path, "rb") as handle:
                    digest.update(handle.read(SAMPLE_BYTES))
            except OSError:
                digest.update(b"unreadable")
    return digest.hexdigest()


def snapshot_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / "index" / f"{key[:40]}.akx"


def _article_row(article: Article) -> list[object]:
    source = article.source
    return [
        article.id,
        article.path,
        article.title,
        article.metadata,
        [source.path, source.offset, source.length, source.field] if source else None,
        None if source else article.text,
    ]


def _article(row: list[object]) -> Article:
    article_id, path, title, metadata, source, text = row
    located = TextSource(*source) if isinstance(source, list) else None  # type: ignore[arg-type]
    return Article(str(article_id), str(path), str(title), text if isinstance(text, str) else None, dict(metadata), located)  # type: ignore[arg-type]


def save_snapshot(path: Path, key: str, index: CorpusIndex, problems: list[LoadProblem]) -> None:
    """Write the index atomically (temporary file, then rename), member by member to keep memory flat."""
    meta = {"version": VERSION, "key": key, "articles": len(index.articles), "terms": len(index.terms)}
    meta["problems"] = [[p.path, p.message, p.line, p.skipped] for p in problems]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
                for name in _ARRAYS:
                    with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                        np.lib.format.write_array(member, np.ascontiguousarray(getattr(index, name)), allow_pickle=False)
                archive.writestr("terms.txt", "\n".join(index.terms).encode("utf-8", "surrogatepass"))
                archive.writestr("key_terms.json", json.dumps(index.key_terms, ensure_ascii=False).encode("utf-8", "surrogatepass"))
                with archive.open("articles.jsonl", "w", force_zip64=True) as member:
                    rows = index.articles
                    for start in range(0, len(rows), 2000):
                        chunk = "".join(json.dumps(_article_row(a), ensure_ascii=False) + "\n" for a in rows[start : start + 2000])
                        member.write(chunk.encode("utf-8", "surrogatepass"))
                archive.writestr("meta.json", json.dumps(meta, ensure_ascii=False).encode("utf-8", "surrogatepass"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_snapshot(path: Path, key: str) -> tuple[CorpusIndex, list[LoadProblem]] | None:
    """The saved index, or None when it is missing, stale, from another version, truncated or corrupt."""
    try:
        with zipfile.ZipFile(path) as archive:
            meta = json.loads(archive.read("meta.json").decode("utf-8", "surrogatepass"))
            if meta.get("version") != VERSION or meta.get("key") != key:
                return None
            arrays: dict[str, object] = {}
            for name in _ARRAYS:
                with archive.open(f"{name}.npy") as member:
                    arrays[name] = np.lib.format.read_array(member, allow_pickle=False)
            terms = archive.read("terms.txt").decode("utf-8", "surrogatepass").split("\n")
            key_terms = json.loads(archive.read("key_terms.json").decode("utf-8", "surrogatepass"))
            with archive.open("articles.jsonl") as member:
                articles = [_article(json.loads(line)) for line in member.read().decode("utf-8", "surrogatepass").splitlines()]
    except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    if len(terms) != meta.get("terms") or len(articles) != meta.get("articles"):
        return None
    arrays["terms"] = terms
    arrays["vocabulary"] = dict(zip(terms, range(len(terms))))
    arrays["key_terms"] = key_terms
    problems = [LoadProblem(p, m, line, skipped) for p, m, line, skipped in meta["problems"]]
    try:
        index = CorpusIndex.from_arrays(articles, arrays)
    except (ValueError, IndexError):
        return None
    if len(index.token_offsets) != len(articles) + 1 or len(index.post_offsets) != len(terms) + 1:
        return None
    return index, problems
