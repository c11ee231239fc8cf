"""The saved index of a corpus, in the user's cache: memory-mapped, shared, and kept up to date.

Each set of corpus paths has one folder under `<cache>/index/`. In it, each saved index is a
generation: a folder of numpy `.npy` members (read through memory maps, so every session on
the same archive shares one copy of them through the page cache), its strings as text and
JSON (no pickle, so a planted or damaged file cannot run code), and the table of the files it
was made from, each with its path, size, modification and inode change times, device and
inode, and the range of articles it gave. `current` names the generation in use.

A generation is written into a temporary folder and renamed into place, then `current` is
replaced: a crash at any point leaves the previous generation whole and named. Writers take
`lock`, so two sessions starting on a changed archive do not both build: the second waits,
then uses what the first saved. A generation that fails its checks raises IndexDamaged, and
so does a `current`, meta.json or member that is not a regular file of the size its format
allows (a FIFO, a link to /dev/zero): nothing of the cache is waited on or read without end.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from corpus.article_columns import ArticleColumns, read_article_columns, write_article_columns
from corpus.errors import AkhbarError
from corpus.models import LoadProblem
from corpus.packed import TAIL_PART, ChainedStrings, PackedStrings, StringIndex, read_packed, write_packed
from corpus.safe_files import NotRegularFile, open_regular, read_regular_file
from corpus.saved_folders import (
    checksums,
    link_or_write,
    read_array,
    read_in_blocks,
    read_member,
    read_strings,
    record_verified,
    release_whole,
    remove_saved,
    stamp_again,
    verified_now,
    verify_members,
    write_array,
    write_bytes,
    write_strings,
)
from corpus.search.index import CorpusIndex
from corpus.search.neighbours import TermHashes
from corpus.search.postings import IndexArrays, KeyTerms
from corpus.search.segmented import Deletions, SegmentedIndex
from corpus.search.transliteration import alias_table, use_alias_table
from corpus.walk import CorpusFile
from corpus.walked import FILE_PATHS, mapped_file_columns, write_file_columns, write_file_paths, write_file_stamps

__all__ = [
    "VERSION",
    "BegunSave",
    "IndexDamaged",
    "IndexStore",
    "KnownFiles",
    "Saved",
    "prefix_crc",
    "problem_of_row",
    "problem_row",
    "write_prefix",
]

VERSION = 30
"""The format of a generation, and of what it holds that rules derive (each article's date,
source and title, corpus.text.dates, corpus.text.sources and corpus.text.headline: a text
read again is checked against its stored title; the alias table of Latin spellings,
corpus.text.latin; the vocabulary's hashes, corpus.search.neighbours): raise it when any of
them changes (19: the file paths a packed, memory-mapped column; 20: a file name's date read day
first when it reads no other way; 21: پ چ ژ گ folded to ب ج ز ك, corpus.text.normalization, and lines
ended by CR alone read as lines, corpus.text.decode.cr_lines; 22: a final ى kept,
corpus.text.normalization.index_form; ڤ folded to ف; 23: no term that no article holds, as a
form read before an article's final ى was folded, so a merged archive's vocabulary is a fresh
build's; 26: و or ف read before a verb, a relative adjective of a noun in ة not keyed under the
bare base, corpus.text.normalization, which reads the shipped person-name list: a new list
needs a new version too; 27: an article's furniture lines at its end not indexed,
corpus.text.boilerplate.trailing_furniture; 28: a final ة kept, index_form, and a term in ة keyed
as a feminine noun, corpus.search.lexicon.term_keys; 29: a soft hyphen or zero-width space
inside a word kept in its token, corpus.text.normalization.TOKEN_PATTERN, and no pronoun taken
off a term behind the article, search_keys; 30: an article's ى folded only where it writes فى
more than في, and never على, إلى, حتى, لدى, corpus.search.postings)."""
SEGMENTED_VERSION = f"{VERSION}+tail"
"""The format of a generation of a base and a tail (corpus.search.segmented): VERSION's members
and the tail's. A reader of VERSION alone takes it for another version and builds anew."""
TAIL = "tail_"
"""The prefix of a segmented index's tail members; its base's have the plain names."""
DELETIONS_VERSION = f"{SEGMENTED_VERSION}+deleted"
"""The format of a segmented generation whose base has a deletion list: SEGMENTED_VERSION's
members and Deletions.NAMES. A reader of the others takes it for another version and builds anew."""
SPLIT = "+split"
"""Added to a generation's version when an article column is saved in two parts (corpus.packed
TAIL_PART): the part read from the generation before hard-linked, the strings after it apart.
A reader that does not know it takes it for another version and builds anew."""
KNOWN_VERSIONS = (VERSION, SEGMENTED_VERSION, DELETIONS_VERSION)
JOINED = "joined_"
"""The prefix of a segmented index's members that are the whole's (SegmentedIndex.JOINED_NAMES)."""
FOLLOW_FIELDS = 3
"""bytes read, lines read, CRC-32 of every byte read: an edit anywhere before the end of what
was read (even one that keeps the length) has the file read again whole."""
CRC_BLOCK = 1 << 20
NEVER_MATCHES = -1
"""A stamp size no file has: a file read only in part (a transient error) is read again next time."""
KEEP_GENERATIONS = 2
"""The current generation and the one before, which a session that started a moment ago may
still be reading; older ones are deleted."""
DEAD_WRITE_SECONDS = 60
"""A temporary folder this long untouched is what a killed write left: a live one grows every second."""
POINTER_LIMIT = 256
"""The most bytes of `current`, which holds one generation's name (about 40)."""
_CREATE_FLAGS = os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def prefix_crc(path: str, end: int) -> int | None:
    """The CRC-32 of a file's first `end` bytes, read in CRC_BLOCK blocks (about 1 GB/s);
    None when unreadable or shorter than `end`."""
    crc = 0
    try:
        with open_regular(path) as handle:
            left = end
            while left > 0:
                block = handle.read(min(left, CRC_BLOCK))
                if not block:
                    return None
                crc = zlib.crc32(block, crc)
                left -= len(block)
    except OSError:
        return None
    return crc


def stamp(file: CorpusFile) -> tuple[int, int, int, int, int]:
    return (file.size, file.mtime_ns, file.ctime_ns, file.identity[0], file.identity[1])


@dataclass(slots=True)
class KnownFiles:
    """The files an index was made from, which file each article came from, and the problems
    their reading met (so an unchanged file is neither read again nor loses its warnings)."""

    paths: Sequence[str]
    """Each file's path: read back from a generation, a packed column mapped into memory (shared by
    every session: a million paths as Python strings held about 110 MB in each)."""
    stamps: np.ndarray
    """int64, one row per file: STAMP_FIELDS values."""
    doc_file: np.ndarray
    """int64, one per article: the row of the file it came from."""
    problems: list[tuple[int, LoadProblem]]
    """(file number, problem) for the problems met while reading each file."""
    follow: np.ndarray | None = None
    """int64, one row per file: FOLLOW_FIELDS (bytes and lines read, CRC-32 of the last bytes
    read) for a JSON Lines file, so that lines appended to it are read alone; zeros otherwise."""

    def __len__(self) -> int:
        return len(self.paths)

    def followed(self) -> np.ndarray:
        if self.follow is None:
            self.follow = np.zeros((len(self.paths), FOLLOW_FIELDS), dtype=np.int64)
        return self.follow

    def unread_tails(self) -> np.ndarray:
        """The rows of the JSON Lines files whose reading stopped before their end on a last line
        left unfinished and not named (LinesRead.wait_for_partial: the file was being written)."""
        if self.follow is None:
            return np.zeros(0, dtype=np.int64)
        follow = self.follow
        read = np.flatnonzero(follow[:, 1])  # JSON Lines files read: few, or none
        short: np.ndarray = read[follow[read, 0] < self.stamps[read, 0]]
        if not len(short):
            return short
        named = {number for number, problem in self.problems if (problem.line or 0) > follow[number][1]}
        return np.array([row for row in short.tolist() if row not in named], dtype=np.int64)

    def let_go(self) -> None:
        """Take the table's mapped pages out of this process's memory once a start has compared
        it with the walk (119 MB at 1.1 million files, held by every session otherwise); read
        again, they are mapped again from the page cache."""
        columns = [self.stamps, self.doc_file, *([self.follow] if self.follow is not None else [])]
        if isinstance(self.paths, PackedStrings) and not isinstance(self.paths, ChainedStrings):  # never joined here
            columns += [self.paths.data, self.paths.offsets]
        release_whole(*columns)

    def check(self, articles: int) -> None:
        if len(self.stamps) != len(self.paths) or len(self.followed()) != len(self.paths):
            raise ValueError("file table columns of different lengths")
        if len(self.doc_file) != articles:
            raise ValueError("file table does not cover the articles")
        if articles and (int(self.doc_file.min()) < 0 or int(self.doc_file.max()) >= len(self.paths)):
            raise ValueError("an article of a file that is not in the table")
        if any(not 0 <= n < len(self.paths) for n, _ in self.problems):
            raise ValueError("a problem of a file that is not in the table")


@dataclass(slots=True)
class Saved:
    """A generation read back: the index (its arrays memory-mapped) and its files."""

    generation: str
    index: CorpusIndex
    files: KnownFiles


@dataclass(frozen=True, slots=True)
class BegunSave:
    """A generation's folder that holds its file table's paths (and the stamps it most likely
    holds), written before its index was ready (IndexStore.begin_save); its other members are
    written by IndexStore.save."""

    folder: Path
    paths: Sequence[str]
    stamps: np.ndarray | None = None


class IndexDamaged(AkhbarError):
    """A saved generation that exists but cannot be read back, or fails its checks; or a
    `current` that cannot be read (then `generation` is None)."""

    def __init__(self, message: str, generation: str | None = None) -> None:
        super().__init__(message)
        self.generation = generation


class IndexStore:
    """The saved indexes of one set of corpus paths."""

    def __init__(self, cache: Path, paths: Sequence[str]) -> None:
        named = hashlib.sha256("\0".join(os.path.abspath(p) for p in paths).encode("utf-8", "surrogateescape"))
        self.folder = cache / "index" / named.hexdigest()[:32]

    @classmethod
    def at(cls, folder: Path) -> IndexStore:
        """The store whose folder is `folder` (for a helper process handed a generation's path)."""
        store = cls.__new__(cls)
        store.folder = folder
        return store

    def current(self) -> str | None:
        """The name of the generation in use, or None when nothing was saved; raises
        IndexDamaged when `current` is not a small regular file naming a generation."""
        try:
            data = read_regular_file(self.folder / "current", POINTER_LIMIT)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise IndexDamaged(f"current: {error}") from error
        name = data.decode("ascii", "replace").strip()
        if not (name.startswith("g-") and name.isascii() and name.isprintable() and "/" not in name):
            raise IndexDamaged(f"current: not the name of a generation ({name[:40]!r})")
        return name

    def is_current(self, generation: str | None) -> bool:
        """True when `generation` is still the one in use (False when `current` is damaged:
        reading it again says so)."""
        try:
            return self.current() == generation
        except IndexDamaged:
            return False

    def load(self, generation: str) -> Saved | None:
        """The generation, or None when it is gone or of another version; raises IndexDamaged."""
        folder = self.folder / generation
        try:
            meta = json.loads(read_member(folder, "meta.json").decode("utf-8", "surrogatepass"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            raise IndexDamaged(f"{generation}: {error}", generation) from error
        if not isinstance(meta, dict) or _format_of(meta) not in KNOWN_VERSIONS:
            return None
        try:
            return Saved(generation, *_read_generation(folder, meta))
        except Exception as error:  # noqa: BLE001 - a damaged file can fail in any part of numpy or json
            raise IndexDamaged(f"{generation}: {type(error).__name__}: {error}", generation) from error

    def mapped_arrays(self, generation: str, *, segmented: bool = False) -> list[np.ndarray]:
        """The numpy members of a generation, memory-mapped, in the order of ARRAY_NAMES (then,
        of a `segmented` one, its tail's and the whole's: CorpusIndex.share_arrays)."""
        folder = self.folder / generation
        names = [*IndexArrays.ARRAY_NAMES]
        if segmented:
            names += [TAIL + name for name in IndexArrays.ARRAY_NAMES]
            names += [JOINED + name for name in SegmentedIndex.JOINED_NAMES]
        return [read_array(folder, name) for name in names]

    def mapped_articles(self, generation: str, count: int) -> ArticleColumns:
        """The articles of a generation, as memory-mapped columns."""
        return read_article_columns(self.folder / generation, count)

    def mapped_paths(self, generation: str, count: int) -> PackedStrings:
        """The file paths of a generation, as a memory-mapped column."""
        return read_packed(self.folder / generation, FILE_PATHS, count)

    def share_strings(self, generation: str, index: CorpusIndex) -> None:
        """Give `index` (equal to the generation) the generation's memory-mapped terms, term
        lookup and key table instead of its own."""
        folder = self.folder / generation
        terms, key_terms, lengths = _read_vocabulary(folder, len(index.terms), len(index.key_terms))
        index.use_saved_strings(terms, _term_index(terms, index.lexicon.sorted_ids()), key_terms, lengths)

    def discard(self, generation: str | None) -> None:
        """Forget a damaged generation, or with None a damaged `current` (the next save replaces it)."""
        try:
            damaged_pointer = generation is None or self.current() == generation
        except IndexDamaged:
            damaged_pointer = True
        if damaged_pointer:
            remove_saved(self.folder / "current")
        if generation is not None:
            remove_saved(self.folder / generation)

    @contextlib.contextmanager
    def writing(self) -> Iterator[bool]:
        """Held while a session builds and saves: others wait, then use what it saved. Gives
        False when the cache cannot be written (a file in its place, read-only): build, unsaved."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            lock = self._open_lock()
        except OSError:
            yield False
            return
        with lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield True
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def _open_lock(self) -> BinaryIO:
        """The lock file, made anew if something else (a FIFO, a link, a folder) has its name."""
        path = self.folder / "lock"
        for _ in range(2):
            try:
                descriptor = os.open(path, os.O_RDWR | _CREATE_FLAGS, 0o600)
            except OSError as error:
                if error.errno not in (errno.EISDIR, errno.ELOOP):
                    raise
            else:
                if stat.S_ISREG(os.fstat(descriptor).st_mode):
                    return os.fdopen(descriptor, "r+b")
                os.close(descriptor)
            remove_saved(path)
        raise NotRegularFile(str(path))

    def new_folder(self) -> Path:
        """An empty folder to write a generation in (see `save`); a killed write leaves it to
        `drop_dead_writes`."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=self.folder, prefix=write_prefix()))

    def begin_save(self, paths: Sequence[str], stamps: np.ndarray | None = None) -> BegunSave:
        """A generation begun with the file paths of its table, and the stamps it will most
        likely hold (written while the index is still being brought up to date: `save` with
        `begun` writes the rest, and the stamps again if they differ). The generations before
        the current one are deleted first, as the save would after; their links dropped change
        the inode times of the members the current one shares, so a current generation checked
        before is recorded as checked still (a save that fails would else leave it to be read
        whole again). Raises OSError, leaving nothing, when they cannot be written."""
        current = self._current_or_none()
        if current is not None:
            checked = verified_now(self.folder / current)
            self._drop_old(current, room=1)
            if checked:
                stamp_again(self.folder / current)
        folder = self.new_folder()
        try:
            write_file_paths(folder, paths)
            if stamps is not None:
                write_file_stamps(folder, stamps)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return BegunSave(folder, paths, stamps)

    def save(
        self, index: CorpusIndex, files: KnownFiles, written: Path | None = None, begun: BegunSave | None = None
    ) -> str:
        """Write a new generation atomically and make it current; returns its name. `written`:
        a folder of `new_folder` that already holds the index's arrays and article columns
        (a build spilled there: corpus.storage.spill), to which the rest is added. `begun`: a
        generation begun by `begin_save` (its paths not written again when they are the table's;
        with `written`, moved there)."""
        if written is not None and begun is not None:
            begun = _moved_into(begun, written)
        temporary = written if written is not None else begun.folder if begun is not None else self.new_folder()
        name = f"g-{time.time_ns():020d}-{os.getpid()}"
        previous = self._current_or_none()  # members of it may be linked: a segmented base, article columns
        checked = previous is not None and verified_now(self.folder / previous)
        try:
            sums = _write_generation(
                temporary,
                index,
                files,
                arrays_written=written is not None,
                paths_written=begun.paths if begun is not None else None,
                stamps_written=begun.stamps if begun is not None else None,
            )
            os.replace(temporary, self.folder / name)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            if checked and previous is not None:  # its members were linked, then unlinked: not changed
                stamp_again(self.folder / previous)
            raise
        self.replace_file("current", name.encode("ascii"))
        self._drop_old(name)
        # the old generations' links dropped changed the inode times of the members linked here
        record_verified(self.folder / name, sums)
        return name

    def _current_or_none(self) -> str | None:
        try:
            return self.current()
        except IndexDamaged:
            return None

    def replace_file(self, name: str, data: bytes) -> None:
        """Write a small file of the store (`current`, the walk's record) at once: readers see
        the old bytes or the new, never a part."""
        temporary = self.folder / f"{name}.{os.getpid()}.tmp"
        remove_saved(temporary)
        with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_EXCL | _CREATE_FLAGS, 0o644), "wb") as out:
            out.write(data)
        os.replace(temporary, self.folder / name)

    def drop_dead_writes(self) -> None:
        """Delete the partial folders of writes that were killed (at every start): untouched for
        DEAD_WRITE_SECONDS, and not of a process still running (a first build of a million
        articles leaves its folders untouched for minutes while it reads the files)."""
        cutoff = time.time() - DEAD_WRITE_SECONDS
        for path in self.folder.glob("tmp-*"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff and not _writer_lives(path.name):
                    shutil.rmtree(path, ignore_errors=True)

    def _drop_old(self, current: str, room: int = 0) -> None:
        """Delete the generations but `current` and the newest that KEEP_GENERATIONS keeps with
        it (`room`: fewer, for generations about to be made)."""
        generations = sorted(p.name for p in self.folder.glob("g-*") if p.name != current)
        for old in generations[: max(0, len(generations) - (KEEP_GENERATIONS - 1 - room))]:
            remove_saved(self.folder / old)


def _moved_into(begun: BegunSave, written: Path) -> BegunSave | None:
    """The begun generation's members moved into the folder `written` (renamed: one file
    system), as begun there; None when they could not all be moved (written there again)."""
    try:
        for member in sorted(begun.folder.iterdir()):
            os.replace(member, written / member.name)
        begun.folder.rmdir()
    except OSError:
        return None
    return BegunSave(written, begun.paths, begun.stamps)


def write_prefix() -> str:
    """How the temporary folders of this process's writes are named: `tmp-<pid>-`."""
    return f"tmp-{os.getpid()}-"


def _writer_lives(name: str) -> bool:
    """Whether the process a temporary folder's name gives (write_prefix) is running."""
    number = name.split("-")[1] if name.count("-") >= 2 else ""
    if not number.isdigit():
        return False  # named before the process was: its age alone tells
    try:
        os.kill(int(number), 0)
    except PermissionError:
        return True  # another user's process
    except (OSError, OverflowError, ValueError):
        return False
    return True


# Problems


def problem_row(problem: LoadProblem) -> list[object]:
    return [problem.path, problem.message, problem.line, problem.skipped, problem.lines]


def problem_of_row(row: list[object]) -> LoadProblem:
    path, message, line, skipped, lines = row
    at = None if line is None else int(str(line))
    return LoadProblem(str(path), str(message), at, bool(skipped), int(str(lines)))


# Generations


def _write_generation(
    folder: Path,
    index: CorpusIndex,
    files: KnownFiles,
    *,
    arrays_written: bool = False,
    paths_written: Sequence[str] | None = None,
    stamps_written: np.ndarray | None = None,
) -> dict[str, int]:
    """Every member of a generation, and their checksums; with `arrays_written`, all but the
    index arrays and the article columns, which the folder holds already; `paths_written`,
    `stamps_written`: the file paths and stamps it holds already (IndexStore.begin_save). A
    segmented index's base arrays are linked from the generation they were read from, not
    written again."""
    known: dict[str, int] = {}
    if isinstance(index, SegmentedIndex):
        known = _link_base(folder, index.base)
        for name, values in zip(IndexArrays.ARRAY_NAMES, index.tail.numpy_members(), strict=True):
            write_array(folder, TAIL + name, values)
        for name, values in zip(SegmentedIndex.JOINED_NAMES, index.joined_members(), strict=True):
            write_array(folder, JOINED + name, values)
        if len(index.deleted):
            for name, values in zip(Deletions.NAMES, index.deletions.members(), strict=True):
                write_array(folder, name, np.asarray(values, dtype=np.int64))
        known |= write_article_columns(folder, index.articles)
    elif not arrays_written:
        for name, values in zip(IndexArrays.ARRAY_NAMES, index.arrays.numpy_members(), strict=True):
            write_array(folder, name, values)
        known |= write_article_columns(folder, index.articles)
    split = any(folder.glob(f"article_*{TAIL_PART}_offsets.npy"))  # written here or by the spilled build
    write_packed(folder, "terms", index.terms)
    write_array(folder, "term_lengths", index.lexicon.term_lengths())
    keys, key_offsets, key_members = index.key_terms.arrays()
    write_packed(folder, "keys", keys)
    write_array(folder, "key_order", _code_point_order(keys))
    write_array(folder, "key_offsets", key_offsets)
    write_array(folder, "key_members", key_members)
    grams, gram_offsets, gram_members = index.lexicon.bigrams()
    write_strings(folder, "bigrams", list(grams))
    write_array(folder, "bigram_offsets", gram_offsets)
    write_array(folder, "bigram_members", gram_members)
    write_array(folder, "sorted_ids", index.lexicon.sorted_ids())
    hashes = index.lexicon.term_hashes()
    write_array(folder, "term_hashes", hashes.hashes)
    write_array(folder, "term_slots", hashes.slots)
    write_array(folder, "term_alphabet", hashes.alphabet)
    aliases, alias_offsets, alias_members = alias_table(index).arrays()
    write_packed(folder, "alias_keys", aliases)
    write_array(folder, "alias_order", _code_point_order(aliases))
    write_array(folder, "alias_offsets", alias_offsets)
    write_array(folder, "alias_members", alias_members)
    write_file_columns(folder, files.paths, files.stamps, paths_written=paths_written, stamps_written=stamps_written)
    write_array(folder, "doc_file", np.asarray(files.doc_file, dtype=np.int64))
    write_array(folder, "file_follow", np.asarray(files.followed(), dtype=np.int64))
    sums = checksums(folder, known)
    meta = {
        "version": f"{_version_of(index)}{SPLIT}" if split else _version_of(index),
        "articles": len(index.articles),
        "terms": len(index.terms),
        "keys": len(keys),
        "bigrams": len(grams),
        "aliases": len(aliases),
        "files": len(files),
        "problems": [[number, *problem_row(problem)] for number, problem in files.problems],
        "checksums": sums,
    }
    write_bytes(folder, "meta.json", json.dumps(meta, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    record_verified(folder, sums)
    return sums


def _check_deletions(deletions: Deletions, term_count: int) -> None:
    """Raises ValueError unless the deletion list's members are of their type and in range
    (its rows against the base's are checked by SegmentedIndex)."""
    arrays = deletions.members()
    if any(values.dtype != np.int64 or values.ndim != 1 for values in arrays):
        raise ValueError("a deletion list member of another type")
    terms = np.concatenate([deletions.lost_terms, deletions.dead])
    if len(terms) and (int(terms.min()) < 0 or int(terms.max()) >= term_count):
        raise ValueError("a deletion list names a term that does not exist")
    if len(deletions.lost_terms) != len(deletions.lost_counts) or (deletions.lost_counts < 0).any():
        raise ValueError("the deletion list's counts do not fit its terms")


def _format_of(meta: dict[str, object]) -> object:
    """A saved generation's version, SPLIT left out (its article columns are read in any case)."""
    version = meta.get("version")
    if isinstance(version, str) and version.endswith(SPLIT):
        head = version.removesuffix(SPLIT)
        return int(head) if head.isdigit() else head
    return version


def _version_of(index: CorpusIndex) -> int | str:
    """The format a generation of `index` is saved in (meta.json's "version")."""
    if not isinstance(index, SegmentedIndex):
        return VERSION
    return DELETIONS_VERSION if len(index.deleted) else SEGMENTED_VERSION


def _link_base(folder: Path, base: IndexArrays) -> dict[str, int]:
    """The base's numpy members in `folder`, each a hard link to the member it is mapped from
    (written when it is not mapped, or cannot be linked): the checksums of those linked."""
    sums = {
        f"{name}.npy": link_or_write(folder, name, values)
        for name, values in zip(IndexArrays.ARRAY_NAMES, base.numpy_members(), strict=True)
    }
    return {member: crc for member, crc in sums.items() if crc is not None}


def _read_generation(folder: Path, meta: dict[str, object]) -> tuple[CorpusIndex, KnownFiles]:
    verification = verify_members(folder, meta.get("checksums"), record=False)
    count, term_count = int(str(meta["articles"])), int(str(meta["terms"]))
    arrays = [read_array(folder, name) for name in IndexArrays.ARRAY_NAMES]
    terms, key_terms, lengths = _read_vocabulary(folder, term_count, int(str(meta["keys"])))
    sorted_ids = read_array(folder, "sorted_ids")
    if len(sorted_ids) != term_count - 1 or int(np.max(sorted_ids, initial=0)) >= term_count:
        raise ValueError("the term order does not cover the terms")
    articles = read_article_columns(folder, count)
    vocabulary = _term_index(terms, sorted_ids)  # never a dictionary of 356,000 strings
    members = IndexArrays.from_members(terms, arrays, vocabulary=vocabulary, key_terms=key_terms)
    tail: IndexArrays | None = None
    joined: list[np.ndarray] = []
    deletions = Deletions.nothing()
    if _format_of(meta) in (SEGMENTED_VERSION, DELETIONS_VERSION):
        tail_arrays = [read_array(folder, TAIL + name) for name in IndexArrays.ARRAY_NAMES]
        tail = IndexArrays.from_members(terms, tail_arrays, vocabulary=vocabulary, key_terms=key_terms)
        joined = [read_array(folder, JOINED + name) for name in SegmentedIndex.JOINED_NAMES]
    if _format_of(meta) == DELETIONS_VERSION:
        deletions = Deletions(*(np.asarray(read_array(folder, name)) for name in Deletions.NAMES))
        _check_deletions(deletions, term_count)
    if verification.checked_now:  # unchanged since checked in this boot: so is their structure
        if tail is None:
            _check_arrays(members, count)
        else:
            base_count = len(members.token_offsets) - 1
            _check_arrays(members, base_count, base_terms=len(members.post_offsets) - 1)
            _check_arrays(tail, count - base_count + len(deletions))
            made = SegmentedIndex.joined_arrays(members, tail, deletions.rows)
            if any(not np.array_equal(a, b) for a, b in zip(joined, made, strict=True)):
                raise ValueError("the whole's offsets are not the segments'")
    if len(key_terms) and int(np.max(key_terms.arrays()[2], initial=0)) >= term_count:
        raise ValueError("a search key names a term that does not exist")
    file_count = int(str(meta["files"]))
    problems = meta["problems"]
    if not isinstance(problems, list):
        raise ValueError("problems is not a list")
    paths, stamps = mapped_file_columns(folder, file_count)
    files = KnownFiles(
        paths,
        stamps,
        np.asarray(read_array(folder, "doc_file")),
        [(int(row[0]), problem_of_row(row[1:])) for row in problems],
        np.asarray(read_array(folder, "file_follow")).reshape(-1, FOLLOW_FIELDS),
    )
    files.check(count)
    index = (
        CorpusIndex(articles, members)
        if tail is None
        else SegmentedIndex(articles, members, tail, joined, deletions=deletions)
    )
    grams = read_strings(folder, "bigrams", int(str(meta["bigrams"])))
    gram_offsets, gram_members = read_array(folder, "bigram_offsets"), read_array(folder, "bigram_members")
    if len(gram_offsets) != len(grams) + 1 or int(gram_offsets[-1]) != len(gram_members):
        raise ValueError("bigram table arrays do not match")
    if int(np.max(gram_members, initial=0)) >= term_count:
        raise ValueError("a bigram names a term that does not exist")
    hashes = TermHashes(*(read_array(folder, f"term_{name}") for name in ("hashes", "slots", "alphabet")))
    bigrams = (dict(zip(grams, range(len(grams)), strict=True)), gram_offsets, gram_members)
    index.lexicon.use_derived(bigrams, sorted_ids, hashes)
    index.use_saved_strings(terms, vocabulary, key_terms, lengths)
    use_alias_table(index, _read_flat_table(folder, "alias", int(str(meta["aliases"]))))
    verification.record()
    return index, files


def _read_vocabulary(folder: Path, terms: int, keys: int) -> tuple[PackedStrings, KeyTerms, np.ndarray]:
    """The terms, the search-key table (its keys found by bisection) and each term's length,
    all memory-mapped."""
    key_terms = _read_flat_table(folder, "key", keys)
    lengths = read_array(folder, "term_lengths")
    if len(lengths) != terms:
        raise ValueError("term lengths do not cover the terms")
    return read_packed(folder, "terms", terms), key_terms, lengths


def _read_flat_table(folder: Path, name: str, keys: int) -> KeyTerms:
    """A table of keys → term ids saved flat as `{name}s` (or `{name}_keys`), `{name}_order`,
    `{name}_offsets` and `{name}_members`: its keys found by bisection, memory-mapped."""
    packed_keys = read_packed(folder, "keys" if name == "key" else f"{name}_keys", keys)
    order = read_array(folder, f"{name}_order")
    if len(order) != keys or (keys and (int(np.max(order)) >= keys or int(np.min(order)) < 0)):
        raise ValueError(f"the {name} order does not cover the {name}s")
    return KeyTerms(
        packed_keys,
        read_array(folder, f"{name}_offsets"),
        read_array(folder, f"{name}_members"),
        where=StringIndex(packed_keys, order),
    )


def _term_index(terms: PackedStrings, sorted_ids: np.ndarray) -> StringIndex:
    """Term → id, by bisection over the saved code point order (the empty term, id 0, first)."""
    return StringIndex(terms, np.concatenate([np.zeros(1, dtype=np.int64), np.asarray(sorted_ids, dtype=np.int64)]))


def _code_point_order(strings: Sequence[str]) -> np.ndarray:
    """The positions of `strings` in code point order: a packed column is sorted by its UTF-8
    bytes (the same order), cut from its buffer once rather than decoded a string at a time."""
    if isinstance(strings, PackedStrings):
        data, offsets = bytes(np.asarray(strings.data)), np.asarray(strings.offsets).tolist()
        keys: Sequence[str | bytes] = [data[start:end] for start, end in zip(offsets, offsets[1:], strict=False)]
    else:
        keys = strings
    return np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.int64)


def _largest(values: np.ndarray) -> int:
    """The largest of `values`, read a block at a time, each block's mapped pages let go once
    read (read_in_blocks): the check of a 1.1-million-article archive never holds its 1.8 GB."""
    return max((int(np.max(block)) for block in read_in_blocks(values)), default=0)


def _check_arrays(arrays: IndexArrays, articles: int, base_terms: int | None = None) -> None:
    """The structure every search relies on: offsets that rise to the end of their table, and
    documents and terms that exist. Reading them costs one pass over the mapped pages (1.8 GB
    of a 1.1-million-article archive): done with the checksums, once a boot. `base_terms`: a
    segmented index's base, whose postings cover its first terms only."""
    terms = len(arrays.terms)
    if base_terms is not None and (base_terms > terms or len(arrays.title_offsets) != base_terms + 1):
        raise ValueError("the base's postings do not fit the terms")
    for offsets, values, bound in (
        (arrays.token_offsets, arrays.tokens, terms),
        (arrays.post_offsets, arrays.post_docs, articles),
        (arrays.title_offsets, arrays.title_docs, articles),
    ):
        if len(offsets) == 0 or int(offsets[0]) != 0 or int(offsets[-1]) != len(values):
            raise ValueError("offsets do not cover their table")
        if len(offsets) > 1 and bool((np.diff(offsets) < 0).any()):
            raise ValueError("offsets go backwards")
        if len(values) and _largest(values) >= bound:
            raise ValueError("a posting names something that does not exist")
    if len(arrays.post_tf) != len(arrays.post_docs):
        raise ValueError("postings and their counts differ in length")
