"""A start that trusts the saved file table where no folder changed (corpus.storage.trusted_walk)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from corpus import Archive
from corpus.models import LoadProblem
from corpus.packed import PackedStrings
from corpus.storage import trusted_walk
from corpus.storage.generations import IndexStore
from corpus.walk import as_int64
from corpus.walked import stat_again, walk_corpus
from tests.helpers import write_articles
from tui.command import _settings
from tui.shell.parser import build_parser

TEXTS = ["القاهرة\nقال الوزير في القاهرة إن الحكومة تعمل.", "بغداد\nزار الرئيس بغداد أمس."]


@pytest.fixture
def archive_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A corpus of a folder and a subfolder, and a cache; every folder counts as changed long
    enough ago (the files were just written: RACY_NS would keep the record from being made)."""
    monkeypatch.setattr(trusted_walk, "RACY_NS", 0)
    corpus = write_articles(tmp_path / "corpus", TEXTS)
    write_articles(corpus / "2024", ["دمشق\nعاد اللاجئون إلى دمشق."])
    return corpus, tmp_path / "cache"


def _open(corpus: Path, cache: Path, *, trust: bool = True) -> Archive:
    return Archive.open([corpus], cache_dir=cache, trust_folders=trust)


def _titles(archive: Archive) -> list[str]:
    return sorted(archive.article(doc).title for doc in range(len(archive)))


def test_an_unchanged_archive_is_taken_without_a_walk(archive_folders: tuple[Path, Path]) -> None:
    corpus, cache = archive_folders
    walked = _open(corpus, cache)
    assert not walked.trusted and len(walked) == 3
    trusted = _open(corpus, cache)
    assert trusted.trusted and trusted.reused
    assert _titles(trusted) == _titles(walked)
    assert [r.article.id for r in trusted.search("دمشق")] == [r.article.id for r in walked.search("دمشق")]
    assert not _open(corpus, cache, trust=False).trusted  # asked to look at every file: it does


@pytest.mark.parametrize("change", ["add", "remove", "rename", "add below", "new folder"])
def test_a_file_added_removed_or_renamed_is_seen(archive_folders: tuple[Path, Path], change: str) -> None:
    corpus, cache = archive_folders
    _open(corpus, cache)
    if change == "add":
        (corpus / "new.txt").write_text("الرباط\nوصل الوفد إلى الرباط.\n", encoding="utf-8")
    elif change == "remove":
        (corpus / "a1.txt").unlink()
    elif change == "rename":
        (corpus / "a1.txt").rename(corpus / "2024" / "moved.txt")
    elif change == "add below":
        (corpus / "2024" / "new.txt").write_text("الرباط\nوصل الوفد إلى الرباط.\n", encoding="utf-8")
    else:
        write_articles(corpus / "2025", ["الرباط\nوصل الوفد إلى الرباط."])
    opened = _open(corpus, cache)
    assert not opened.trusted
    assert _titles(opened) == _titles(_open(corpus, cache, trust=False))
    assert len(opened) == (2 if change == "remove" else 3 if change == "rename" else 4)


def test_a_file_rewritten_in_place_is_seen_by_the_check_after_the_start(archive_folders: tuple[Path, Path]) -> None:
    corpus, cache = archive_folders
    _open(corpus, cache)
    with open(corpus / "a0.txt", "r+", encoding="utf-8") as rewritten:  # in place: the folder keeps its stamp
        rewritten.write("الرباط\nوصل الوفد إلى الرباط اليوم.\n")
        rewritten.truncate()
    opened = _open(corpus, cache)
    assert opened.trusted and not opened.search("الرباط")  # not seen yet: what trusting the folders costs
    refreshed = opened.refresh()
    assert refreshed is not None and refreshed.changes.changed == 1 and not opened.trusted
    assert ["الرباط" in r.article.title for r in opened.search("الرباط")] == [True]


def test_the_check_that_finds_nothing_records_the_walk_again(archive_folders: tuple[Path, Path]) -> None:
    corpus, cache = archive_folders
    _open(corpus, cache)
    record = IndexStore(cache, [str(corpus)]).folder / trusted_walk.RECORD
    record.unlink()
    opened = _open(corpus, cache)  # no record: walked, and recorded
    assert not opened.trusted and record.exists()
    record.unlink()
    assert opened.updated() is None and record.exists()  # the app's check of every file records it too
    assert _open(corpus, cache).trusted


def test_a_folder_changed_just_before_the_walk_is_not_trusted(tmp_path: Path) -> None:
    corpus = write_articles(tmp_path / "corpus", TEXTS)  # just written: within RACY_NS of the walk
    cache = tmp_path / "cache"
    _open(corpus, cache)
    record = json.loads((IndexStore(cache, [str(corpus)]).folder / trusted_walk.RECORD).read_text())
    assert [place[1:] for place in record["places"]] == [list(trusted_walk.NEVER_SAME)]  # listed again next time
    assert not _open(corpus, cache).trusted


HOSTILE = [
    b"",
    b"{",
    b'{"version": 1}',
    b"[1, 2]",
    b'{"version": 1, "places": 3}',
    b"[" * 100_000 + b"]" * 100_000,
]


@pytest.mark.parametrize("damage", [*HOSTILE, "nul", "huge", "short", "no stamp"])
def test_a_damaged_record_means_a_walk(archive_folders: tuple[Path, Path], damage: bytes | str) -> None:
    corpus, cache = archive_folders
    _open(corpus, cache)
    store = IndexStore(cache, [str(corpus)])
    record = store.folder / trusted_walk.RECORD
    if isinstance(damage, str):  # the record as written, a place's path or stamp made hostile
        written = json.loads(record.read_text(encoding="ascii"))
        if damage == "nul":
            written["places"][0][0] += "\u0000"
        elif damage in ("short", "no stamp"):
            written["places"][0] = written["places"][0][: 2 if damage == "short" else 1]
        else:
            written["places"][0][1] = 10**400
        damage = json.dumps(written).replace("1" + "0" * 400, "1e400").encode("ascii")
    record.write_bytes(damage)
    assert Archive.open([corpus], cache_dir=cache, check_later=True).trusted  # the app: as saved, looked at after
    record.write_bytes(damage)
    assert len(_open(corpus, cache, trust=False)) == 3  # a start that looks at every file: walked
    record.write_bytes(damage)
    opened = _open(corpus, cache)
    assert not opened.trusted and len(opened) == 3
    assert _open(corpus, cache).trusted  # the walk recorded it again


def test_a_walk_that_met_a_missing_path_is_not_recorded(archive_folders: tuple[Path, Path]) -> None:
    corpus, cache = archive_folders
    later = corpus.parent / "later"
    paths = [corpus, later]
    Archive.open(paths, cache_dir=cache, trust_folders=True)  # "no such file or folder": not recorded
    later.mkdir()
    write_articles(later, ["الرباط\nوصل الوفد إلى الرباط."])
    opened = Archive.open(paths, cache_dir=cache, trust_folders=True)
    assert not opened.trusted and len(opened) == 4


def test_a_damaged_saved_index_is_named_at_the_apps_start(archive_folders: tuple[Path, Path]) -> None:
    corpus, cache = archive_folders
    walked = _open(corpus, cache)
    assert walked.generation is not None
    (walked.generation / "tokens.npy").write_bytes(b"not an array")
    opened = Archive.open([corpus], cache_dir=cache, check_later=True)
    assert any("saved index damaged" in str(problem) for problem in opened.problems) and len(opened) == 3


def test_a_record_of_another_generation_or_way_of_walking_is_not_used(archive_folders: tuple[Path, Path]) -> None:
    corpus, cache = archive_folders
    _open(corpus, cache)
    store = IndexStore(cache, [str(corpus)])
    record = (store.folder / trusted_walk.RECORD).read_bytes()
    assert not Archive.open([corpus], cache_dir=cache, trust_folders=True, follow_links=True).trusted
    (corpus / "new.txt").write_text("الرباط\nوصل الوفد إلى الرباط.\n", encoding="utf-8")
    _open(corpus, cache)  # a new generation
    (corpus / "new.txt").unlink()  # the folder's stamp is new again, but the old record names the old generation
    store.replace_file(trusted_walk.RECORD, record)
    opened = _open(corpus, cache)
    assert not opened.trusted and len(opened) == 3


def test_a_file_given_by_name_is_stamped_itself(archive_folders: tuple[Path, Path]) -> None:
    corpus, cache = archive_folders
    given = corpus / "a0.txt"
    assert not Archive.open([given], cache_dir=cache, trust_folders=True).trusted
    assert Archive.open([given], cache_dir=cache, trust_folders=True).trusted
    with open(given, "a", encoding="utf-8") as grown:
        grown.write("وأضاف الوزير أن العمل مستمر.\n")
    opened = Archive.open([given], cache_dir=cache, trust_folders=True)
    assert not opened.trusted and "مستمر" in opened.read_text(0)


def test_the_walk_problems_are_named_again(archive_folders: tuple[Path, Path]) -> None:
    corpus, cache = archive_folders
    os.symlink("/etc", corpus / "outside")
    walked = _open(corpus, cache)
    trusted = _open(corpus, cache)
    assert trusted.trusted
    assert [str(p) for p in trusted.problems] == [str(p) for p in walked.problems]
    assert any("a link out of the corpus" in str(p) for p in trusted.problems)


def test_the_shell_trusts_the_folders_only_when_asked(tmp_path: Path) -> None:
    corpus = str(write_articles(tmp_path / "corpus", TEXTS))
    assert not _settings(build_parser().parse_args(["search", "--corpus", corpus, "x"]), warn=False).trust_folders
    asked = build_parser().parse_args(["search", "--trust-folders", "--corpus", corpus, "x"])
    assert _settings(asked, warn=False).trust_folders


def test_the_app_starts_from_the_saved_index_whatever_changed_and_checks_after(
    archive_folders: tuple[Path, Path],
) -> None:
    corpus, cache = archive_folders
    _open(corpus, cache)
    (corpus / "new.txt").write_text("الرباط\nوصل الوفد إلى الرباط.\n", encoding="utf-8")
    (corpus / "a1.txt").unlink()
    opened = Archive.open([corpus], cache_dir=cache, check_later=True)
    assert opened.trusted and opened.reused and len(opened) == 3  # as saved: shown at once
    refreshed = opened.refresh()
    assert refreshed is not None and (refreshed.arrived, refreshed.left) == (1, 1) and not opened.trusted
    assert _titles(opened) == _titles(_open(corpus, cache, trust=False))
    assert not Archive.open([corpus], cache_dir=cache.parent / "new-cache", check_later=True).trusted  # none saved


def _stat_again_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The files each start stat'ed again without a walk, from now on (one item a start)."""
    calls: list[int] = []

    def counted(paths: PackedStrings, problems: list[LoadProblem]) -> object:
        calls.append(len(paths))
        return stat_again(paths, problems)

    monkeypatch.setattr(trusted_walk, "stat_again", counted)
    return calls


def test_a_start_that_looks_at_every_file_lists_no_folder_that_did_not_change(
    archive_folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, cache = archive_folders
    walked = _open(corpus, cache, trust=False)
    again = _stat_again_calls(monkeypatch)
    opened = _open(corpus, cache, trust=False)
    assert again == [3] and opened.reused and not opened.trusted and not opened.problems
    assert _titles(opened) == _titles(walked)
    with open(corpus / "a0.txt", "r+", encoding="utf-8") as rewritten:  # in place: the folder keeps its stamp
        rewritten.write("الرباط\nوصل الوفد إلى الرباط اليوم.\n")
        rewritten.truncate()
    opened = _open(corpus, cache, trust=False)
    assert again == [3, 3] and not opened.reused  # every file looked at: the rewrite is seen
    assert ["الرباط" in r.article.title for r in opened.search("الرباط")] == [True]
    (corpus / "2024" / "new.txt").write_text("عمان\nوصل الوفد إلى عمان.\n", encoding="utf-8")
    opened = _open(corpus, cache, trust=False)
    assert again == [3, 3] and len(opened) == 4 and opened.search("عمان")  # its folder changed: walked
    assert _open(corpus, cache, trust=False).reused and again == [3, 3, 4]


def test_a_name_that_is_not_utf8_is_stat_ed_again_as_the_walk_found_it(
    archive_folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, cache = archive_folders
    name = os.fsencode(corpus) + b"/caf\xe9.txt"
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644)
    except OSError:
        pytest.skip("this file system takes UTF-8 names only")
    os.write(fd, "الرباط\nوصل الوفد إلى الرباط.\n".encode())
    os.close(fd)
    walked = _open(corpus, cache, trust=False)
    again = _stat_again_calls(monkeypatch)
    opened = _open(corpus, cache, trust=False)
    assert again == [4] and opened.reused and not opened.problems
    assert _titles(opened) == _titles(walked) and opened.search("الرباط")


def test_the_apps_check_after_the_start_stat_s_every_file_again_without_a_walk(
    archive_folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, cache = archive_folders
    _open(corpus, cache)
    again = _stat_again_calls(monkeypatch)
    opened = _open(corpus, cache)
    assert opened.trusted and again == []
    assert opened.updated() is None and again == [3]
    with open(corpus / "2024" / "a0.txt", "r+", encoding="utf-8") as rewritten:  # in place, below
        rewritten.write("الرباط\nوصل الوفد إلى الرباط اليوم.\n")
        rewritten.truncate()
    refreshed = opened.updated()
    assert refreshed is not None and refreshed.changes.changed == 1 and again == [3, 3]


def test_a_file_gone_before_it_is_stat_ed_again_is_named_and_left_out(tmp_path: Path) -> None:
    corpus = write_articles(tmp_path / "corpus", TEXTS)
    paths = PackedStrings.of([str(corpus / "a0.txt"), str(corpus / "gone.txt"), str(corpus / "a1.txt")])
    problems: list[LoadProblem] = []
    files = stat_again(paths, problems)
    assert files is not None
    assert [files[n].path for n in range(len(files))] == [str(corpus / "a0.txt"), str(corpus / "a1.txt")]
    assert [files[n].size for n in range(len(files))] == [os.path.getsize(files[n].path) for n in range(2)]
    assert all(files[n].regular for n in range(len(files)))
    gone = (str(corpus / "gone.txt"), "cannot open: No such file or directory")
    assert [(p.path, p.message) for p in problems] == [gone]


@pytest.mark.parametrize("helper", ["runs", "cannot start", "dies"])
def test_files_stat_ed_again_half_by_a_helper_are_those_stat_ed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, helper: str
) -> None:
    from corpus import stat_pass

    corpus = write_articles(tmp_path / "corpus", TEXTS * 4)
    names = sorted(str(path) for path in corpus.iterdir())
    names.insert(5, str(corpus / "gone.txt"))  # in the helper's half
    paths = PackedStrings.of(names)
    here: list[LoadProblem] = []
    alone = stat_again(paths, here)
    monkeypatch.setattr(stat_pass, "HELPER_FILES", 1)
    if helper == "cannot start":
        monkeypatch.setattr("corpus.stat_pass.sys.executable", str(tmp_path / "no-python"))
    elif helper == "dies":
        monkeypatch.setattr("corpus.stat_pass.os.path.abspath", lambda path: str(tmp_path / "no-script.py"))
    answered: list[bool] = []

    class Watched(stat_pass.StatHelper):
        def rows(self) -> Any:
            rows = super().rows()
            answered.append(rows is not None)
            return rows

    monkeypatch.setattr(stat_pass, "StatHelper", Watched)
    shared: list[LoadProblem] = []
    both = stat_again(paths, shared)
    assert answered == {"runs": [True], "cannot start": [], "dies": [False]}[helper]
    assert both is not None and alone is not None
    assert len(both) == len(alone) == len(names) - 1
    assert [both[n] for n in range(len(both))] == [alone[n] for n in range(len(alone))]
    assert shared == here and [p.path for p in here] == [str(corpus / "gone.txt")]


def test_a_file_that_is_a_link_sends_the_start_to_a_walk(
    archive_folders: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a link leads can change with no folder of the corpus changing (through a folder
    outside it): a start whose files hold one walks, as it would without the record."""
    corpus, cache = archive_folders
    outside, hop = tmp_path / "outside", tmp_path / "hop"
    write_articles(outside, ["طرابلس\nخبر من خارج الأرشيف."])
    write_articles(corpus / ".kept", ["بنغازي\nخبر في مجلد مخفي."])  # hidden: walked only through the link
    os.symlink(corpus / ".kept", hop)
    os.symlink(hop / "a0.txt", corpus / "via-hop.txt")
    walked = _open(corpus, cache, trust=False)
    assert len(walked) == 4 and not walked.problems
    again = _stat_again_calls(monkeypatch)
    hop.unlink()
    os.symlink(outside, hop)  # the link now leads out of the corpus; no folder of it changed
    opened = _open(corpus, cache, trust=False)
    assert again == [4] and not opened.search("طرابلس") and not opened.search("بنغازي")  # looked at, then walked
    assert any("a link out of the corpus" in p.message for p in opened.problems)


def test_a_name_stored_as_utf8_with_surrogates_is_never_stat_ed_as_those_bytes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    odd = os.fsencode(corpus) + b"/\x80.txt"
    try:
        for name in (odd, os.fsencode(corpus) + b"/\xed\xb2\x80.txt"):  # the second: the first's stored bytes
            fd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644)
            os.write(fd, name)
            os.close(fd)
    except OSError:
        pytest.skip("this file system takes UTF-8 names only")
    problems: list[LoadProblem] = []
    walked = walk_corpus([corpus], problems)
    again = stat_again(walked.paths, problems)
    assert again is not None and not problems
    assert np.array_equal(again.stamps, walked.stamps)


def test_an_inode_number_past_int64_is_wrapped_as_the_walk_wraps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_articles(tmp_path / "corpus", TEXTS * 2)
    names = sorted(str(path) for path in corpus.iterdir())
    real = os.lstat

    class Huge:
        def __init__(self, info: os.stat_result) -> None:
            self.st_size, self.st_mtime_ns, self.st_ctime_ns = info.st_size, info.st_mtime_ns, info.st_ctime_ns
            self.st_dev, self.st_ino, self.st_mode = info.st_dev, 2**63 + 7, info.st_mode

    def lstat(path: Any, *args: Any, **kwargs: Any) -> Any:
        info = real(path, *args, **kwargs)
        return Huge(info) if os.fsdecode(path) == names[1] else info

    monkeypatch.setattr(os, "lstat", lstat)
    again = stat_again(PackedStrings.of(names), [])
    assert again is not None and len(again) == len(names)
    assert again.stamps[1, 4] == as_int64(2**63 + 7) and again.stamps[2, 4] == real(names[2]).st_ino


def test_a_folder_timed_in_whole_seconds_sends_the_start_to_a_walk(
    archive_folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system with coarse times: a change in the second of the walk keeps its folder's
    time, so only the clocks' agreement (RACY_NS) vouches for the record: a start that looks at
    every file does not lean on it."""
    corpus, cache = archive_folders
    os.utime(corpus / "2024", ns=(1_700_000_000 * 10**9, 1_700_000_000 * 10**9))
    _open(corpus, cache, trust=False)
    again = _stat_again_calls(monkeypatch)
    opened = _open(corpus, cache, trust=False)
    assert again == [] and opened.reused and len(opened) == 3
    assert _open(corpus, cache).trusted  # asked to trust the folders: it does, as before


def test_a_start_after_a_change_lists_only_the_folders_that_changed(
    archive_folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    corpus, cache = archive_folders
    _open(corpus, cache, trust=False)
    write_articles(corpus / "2025", ["حلب\nعادت الحياة إلى حلب."])  # a new folder
    (corpus / "a1.txt").unlink()
    walks: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        walks.append(1)
        return walk_corpus(*args, **kwargs)

    monkeypatch.setattr("corpus.archive.opening.walk_corpus", counted)
    opened = _open(corpus, cache, trust=False)
    assert not walks and not opened.reused
    fresh = _open(corpus, tmp_path / "fresh-cache", trust=False)  # walked in full
    walks.clear()
    assert len(opened) == 3 and _titles(opened) == _titles(fresh)
    assert [r.article.path for r in opened.search("حلب")] == [str(corpus / "2025" / "a0.txt")]
    assert list(opened.files.paths) == list(fresh.files.paths)
    again = _open(corpus, cache, trust=False)  # what the start recorded: nothing changed since
    assert again.reused and not walks


def test_a_file_reached_twice_keeps_the_next_start_from_trusting_the_table_s_names(
    archive_folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table holds a file once, where the walk first found it: where the walk reached a file
    twice (hard links), a start after a change walks, or the other path would never be seen."""
    corpus, cache = archive_folders
    os.link(corpus / "2024" / "a0.txt", corpus / "z-again.txt")
    assert len(_open(corpus, cache, trust=False)) == 3
    record = json.loads((IndexStore(cache, [str(corpus)]).folder / trusted_walk.RECORD).read_text())
    assert record["plain"] is False
    (corpus / "2024" / "a0.txt").unlink()
    opened = _open(corpus, cache, trust=False)
    assert [r.article.path for r in opened.search("دمشق")] == [str(corpus / "z-again.txt")]


def test_files_skipped_that_a_start_had_no_record_of_are_named_after_its_look(
    archive_folders: tuple[Path, Path],
) -> None:
    """The app's start shows the saved index at once; where no record of the walk's problems could
    be trusted (a folder changed in the racy second), a link out of the corpus went unnamed (w
    listed 3 files skipped of 4) until a later change: the look that finds nothing changed names it."""
    corpus, cache = archive_folders
    (corpus / "shadow.txt").symlink_to("/etc/passwd")
    first = _open(corpus, cache, trust=False)
    skipped = [problem for problem in first.problems if "link out of the corpus" in str(problem)]
    assert len(skipped) == 1
    store = IndexStore(cache, [str(corpus)])
    (store.folder / trusted_walk.RECORD).unlink()  # no record: the start cannot know what the walk skipped
    opened = Archive.open([corpus], cache_dir=cache, check_later=True)
    assert opened.trusted and not any("link out of the corpus" in str(problem) for problem in opened.problems)
    assert opened.updated() is None  # nothing changed
    assert [problem for problem in opened.problems if "link out of the corpus" in str(problem)] == skipped
    assert opened.updated() is None and len(opened.problems) == len(set(opened.problems))  # named once
