"""Index snapshots in the user's cache: a second start on an unchanged corpus skips the build.

A snapshot is one uncompressed zip file: numpy arrays in .npy members, the strings as text
and JSON (no pickle, so a planted or damaged file cannot run code). It is keyed to the corpus:
every file's path, size, modification time, inode change time and inode, plus the first 4 KB
of a sample of the files. It is versioned, and written to a temporary file then renamed, so
an interrupted write leaves the old snapshot whole. A stale key or an older version is no
snapshot; a file that cannot be read back (truncated, a bad CRC, planted) raises
SnapshotDamaged, and the index is built again.
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

from corpus.load import CorpusFile
from corpus.models import Article, LoadProblem, TextSource
from corpus.reading import open_regular
from corpus.search.index import CorpusIndex, IndexArrays, KeyTerms

__all__ = ["VERSION", "SnapshotDamaged", "corpus_key", "snapshot_path", "save_snapshot", "load_snapshot"]

VERSION = 5
SAMPLE_EVERY = 64
SAMPLE_BYTES = 4096


def corpus_key(files: Sequence[CorpusFile]) -> str:
    """A digest of the corpus: paths, sizes and times of every file, and a sample of their contents."""
    digest = hashlib.sha256(f"akhbar-index-{VERSION}".encode())
    for number, file in enumerate(files):
        stamp = f"{file.path}\0{file.size}\0{file.mtime_ns}\0{file.ctime_ns}\0{file.identity[1]}\n"
        digest.update(stamp.encode("utf-8", "surrogateescape"))
        if number % SAMPLE_EVERY == 0 and file.regular:
            try:
                with open_regular(file.path) as handle:
                    digest.update(handle.read(SAMPLE_BYTES))
            except OSError:
                digest.update(b"unreadable")
    return digest.hexdigest()


def snapshot_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / "index" / f"{key[:40]}.akx"


def _write_strings(archive: zipfile.ZipFile, name: str, values: Sequence[str]) -> None:
    """A column of strings as one NUL-separated text member (JSON if a value holds a NUL)."""
    if any("\0" in value for value in values):
        archive.writestr(f"{name}.json", json.dumps(list(values), ensure_ascii=False).encode("utf-8", "surrogatepass"))
    else:
        archive.writestr(f"{name}.txt", "\0".join(values).encode("utf-8", "surrogatepass"))


def _read_strings(archive: zipfile.ZipFile, name: str, count: int) -> list[str]:
    names = set(archive.namelist())
    if f"{name}.txt" in names:
        values = archive.read(f"{name}.txt").decode("utf-8", "surrogatepass").split("\0") if count else []
    else:
        values = json.loads(archive.read(f"{name}.json").decode("utf-8", "surrogatepass"))
    if len(values) != count or not {str}.issuperset(map(type, values)):
        raise ValueError(f"{name}: not {count} strings")
    return values


def _write_array(archive: zipfile.ZipFile, name: str, values: np.ndarray) -> None:
    with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
        np.lib.format.write_array(member, np.ascontiguousarray(values), allow_pickle=False)


def _read_array(archive: zipfile.ZipFile, name: str) -> np.ndarray:
    with archive.open(f"{name}.npy") as member:
        return np.lib.format.read_array(member, allow_pickle=False)


def _write_articles(archive: zipfile.ZipFile, articles: Sequence[Article]) -> None:
    """The articles as columns: text members for the strings every article has, arrays for
    where texts are read again, and JSON only for what few articles carry."""
    _write_strings(archive, "article_id", [a.id for a in articles])
    _write_strings(archive, "article_path", [a.path for a in articles])
    _write_strings(archive, "article_title", [a.title for a in articles])
    sources = [a.source for a in articles]
    _write_array(archive, "source_offset", np.array([s.offset if s else -1 for s in sources], dtype=np.int64))
    _write_array(archive, "source_length", np.array([s.length if s else 0 for s in sources], dtype=np.int64))
    sparse = {
        "metadata": {n: a.metadata for n, a in enumerate(articles) if a.metadata},
        "source_path": {
            n: s.path for n, (a, s) in enumerate(zip(articles, sources, strict=True)) if s and s.path != a.path
        },
        "source_field": {n: s.field for n, s in enumerate(sources) if s and s.field},
        "text": {n: a.read_text() for n, (a, s) in enumerate(zip(articles, sources, strict=True)) if s is None},
    }
    archive.writestr("article_sparse.json", json.dumps(sparse, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def _read_articles(archive: zipfile.ZipFile, count: int) -> list[Article]:
    ids = _read_strings(archive, "article_id", count)
    paths = _read_strings(archive, "article_path", count)
    titles = _read_strings(archive, "article_title", count)
    offsets = _read_array(archive, "source_offset").tolist()
    lengths = _read_array(archive, "source_length").tolist()
    if len(offsets) != count or len(lengths) != count:
        raise ValueError("source columns of the wrong length")
    sparse = json.loads(archive.read("article_sparse.json").decode("utf-8", "surrogatepass"))
    metadata = {int(n): dict(m) for n, m in sparse["metadata"].items()}
    source_paths = {int(n): str(p) for n, p in sparse["source_path"].items()}
    fields = {int(n): str(f) for n, f in sparse["source_field"].items()}
    texts = {int(n): str(t) for n, t in sparse["text"].items()}
    articles = []
    for n, (article_id, path, title, offset, length) in enumerate(
        zip(ids, paths, titles, offsets, lengths, strict=True)
    ):
        if offset == -1:
            articles.append(Article(article_id, path, title, texts.get(n, ""), metadata.get(n, {})))
        else:
            source = TextSource(source_paths.get(n, path), offset, length, fields.get(n, ""))
            articles.append(Article(article_id, path, title, None, metadata.get(n, {}), source))
    return articles


def save_snapshot(path: Path, key: str, index: CorpusIndex, problems: list[LoadProblem]) -> None:
    """Write the index atomically (temporary file, then rename), member by member to keep memory flat."""
    meta = {"version": VERSION, "key": key, "articles": len(index.articles), "terms": len(index.terms)}
    meta["problems"] = [[p.path, p.message, p.line, p.skipped, p.lines] for p in problems]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
                for name, values in zip(IndexArrays.ARRAY_NAMES, index.arrays.numpy_members(), strict=True):
                    _write_array(archive, name, values)
                archive.writestr("terms.txt", "\n".join(index.terms).encode("utf-8", "surrogatepass"))
                keys, key_offsets, key_members = index.key_terms.arrays()
                archive.writestr("keys.txt", "\n".join(keys).encode("utf-8", "surrogatepass"))
                _write_array(archive, "key_offsets", key_offsets)
                _write_array(archive, "key_members", key_members)
                _write_articles(archive, index.articles)
                archive.writestr("meta.json", json.dumps(meta, ensure_ascii=False).encode("utf-8", "surrogatepass"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_snapshot(path: Path, key: str) -> tuple[CorpusIndex, list[LoadProblem]] | None:
    """The saved index, or None when it is missing, stale or from another version.

    Raises SnapshotDamaged when the file is there but cannot be read as a snapshot (truncated,
    corrupt, planted): the caller discards it and builds again.
    """
    try:
        handle = open(path, "rb")
    except OSError:
        return None  # no snapshot, or a cache that cannot be read: build
    try:
        with handle, zipfile.ZipFile(handle) as archive:
            meta = json.loads(archive.read("meta.json").decode("utf-8", "surrogatepass"))
            if not isinstance(meta, dict) or meta.get("version") != VERSION or meta.get("key") != key:
                return None
            arrays = [_read_array(archive, name) for name in IndexArrays.ARRAY_NAMES]
            terms = archive.read("terms.txt").decode("utf-8", "surrogatepass").split("\n")
            keys = archive.read("keys.txt").decode("utf-8", "surrogatepass").split("\n")
            key_terms = KeyTerms(keys, _read_array(archive, "key_offsets"), _read_array(archive, "key_members"))
            articles = _read_articles(archive, int(meta["articles"]))
            if len(terms) != meta.get("terms") or len(articles) != meta.get("articles"):
                raise ValueError("the counts in meta.json do not match")
            problems = [
                LoadProblem(str(p), str(m), at, bool(skipped), int(n)) for p, m, at, skipped, n in meta["problems"]
            ]
            index = CorpusIndex(articles, IndexArrays.from_members(terms, arrays, key_terms=key_terms))
    except Exception as error:  # noqa: BLE001 - a damaged file can fail in any part of zipfile, numpy or json
        raise SnapshotDamaged(f"{path.name}: {type(error).__name__}: {error}") from error
    return index, problems


class SnapshotDamaged(Exception):
    """A snapshot file that exists but cannot be read back."""
