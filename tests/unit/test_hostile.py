"""Hostile and broken archives, round two: every case loads or is named, nothing hangs, nothing is lost."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from corpus import Archive, Article, LoadProblem, ProblemCounts
from corpus.entities.cache import EntityCache, open_cache
from corpus.load import iter_articles
from corpus.sized_cache import SizedCache
from corpus.walked import walk_corpus
from tests.helpers import DEEP, GOOD, deep_folder, load_articles, remove_deep
from tui.app.widgets.clipboard import without_controls
from tui.display import DisplayOptions, iter_rendered
from tui.settings import Config, load_config, resolve

ROOT = Path(__file__).resolve().parents[2]


def _akhbar(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=environment, timeout=timeout
    )


def _article(folder: Path, name: str, title: str, body: str = GOOD) -> Path:
    path = folder / name
    path.write_text(f"خبر {title}\n{body}\n", encoding="utf-8")
    return path


# 1, 2: numbers too long for Python, lone surrogates


def test_a_number_too_long_for_python_is_kept_as_text_and_named(tmp_path: Path) -> None:
    big = "9" * 5000
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"title": "أول", "text": GOOD}, ensure_ascii=False)
        + f'\n{{"title": "ثان", "text": "{GOOD}", "views": {big}}}\n',
        encoding="utf-8",
    )
    (tmp_path / "b.json").write_text(f'[{{"title": "ثالث", "text": "{GOOD}", "id": {big}}}]', encoding="utf-8")
    loaded = load_articles([tmp_path])
    assert sorted(a.title for a in loaded.articles) == ["أول", "ثالث", "ثان"]
    named = {(Path(p.path).name, p.line) for p in loaded.problems if "digits" in p.message}
    assert named == {("a.jsonl", 2), ("b.json", None)}


def test_lone_surrogates_become_replacement_characters_everywhere(tmp_path: Path) -> None:
    line = '{"id": "s\\ud800", "title": "\\udfff عنوان", "text": "نص \\ud800 ' + GOOD + '", "source": "\\udc00"}'
    (tmp_path / "s.jsonl").write_text(line + "\n", encoding="utf-8")
    loaded = load_articles([tmp_path])
    (article,) = loaded.articles
    text = article.read_text()
    assert "\ufffd" in text and "\ufffd" in article.title and article.id == "s\ufffd"
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text + article.title + str(article.metadata))
    assert any("surrogate" in p.message and not p.skipped for p in loaded.problems)
    for command in (["list", "--json"], ["show", "s\ufffd", "--json"], ["search", "نص", "--json"], ["entities"]):
        done = _akhbar(*command, "--corpus", str(tmp_path), env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
        assert done.returncode == 0, (command, done.stderr)


# 3: depth


def test_folders_a_thousand_deep_are_walked(tmp_path: Path) -> None:
    nested = deep_folder(tmp_path / "deep", DEEP)
    with open(nested + b"/bottom.txt", "w", encoding="utf-8") as handle:
        handle.write(f"في القاع\n{GOOD}\n")
    problems: list[LoadProblem] = []
    files = list(walk_corpus([tmp_path], problems))
    remove_deep(tmp_path / "deep")
    assert [os.path.basename(f.path) for f in files] == ["bottom.txt"] and not problems


# 4, 5, 6: snapshots


def _corpus(folder: Path, count: int = 3) -> Path:
    folder.mkdir()
    for number in range(count):
        _article(folder, f"n{number}.txt", f"خبر رقم {number}")
    return folder


@pytest.mark.parametrize("damage", ["garbage meta", "planted pickle", "truncated", "one bit"])
def test_a_damaged_snapshot_is_discarded_named_once_and_rebuilt(tmp_path: Path, damage: str) -> None:
    corpus, cache = _corpus(tmp_path / "c"), tmp_path / "cache"
    first = Archive.open([corpus], cache_dir=cache)
    (folder,) = (cache / "index").glob("*/g-*")
    tokens = folder / "tokens.npy"
    if damage == "garbage meta":
        (folder / "meta.json").write_bytes(b"garbage" * 1000)
    elif damage == "planted pickle":
        tokens.write_bytes(
            b"\x93NUMPY\x01\x00v\x00{'descr': '|O', 'fortran_order': False, 'shape': (3,), }" + b" " * 60
        )
    elif damage == "truncated":
        tokens.write_bytes(tokens.read_bytes()[: tokens.stat().st_size // 2])
    else:
        data = bytearray(tokens.read_bytes())
        data[-1] ^= 0x01
        tokens.write_bytes(bytes(data))
    second = Archive.open([corpus], cache_dir=cache)
    assert not second.reused and len(second) == len(first)
    assert sum("damaged" in p.message for p in second.problems) == 1
    third = Archive.open([corpus], cache_dir=cache)
    assert third.reused and not any("damaged" in p.message for p in third.problems)


def test_a_partial_write_left_by_a_killed_process_is_removed_at_the_next_start(tmp_path: Path) -> None:
    corpus, cache = _corpus(tmp_path / "c"), tmp_path / "cache"
    Archive.open([corpus], cache_dir=cache)
    (folder,) = (cache / "index").glob("*/g-*")
    leftover = folder.parent / "tmp-killed"
    leftover.mkdir()
    (leftover / "tokens.npy").write_bytes(b"half a generation")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    assert Archive.open([corpus], cache_dir=cache).reused
    assert not leftover.exists()


def test_a_file_that_could_not_be_read_is_retried_at_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, cache = _corpus(tmp_path / "c"), tmp_path / "cache"
    from corpus.safe_files import open_regular as real

    def vanished_once(path: str, identity: tuple[int, int] | None = None):  # type: ignore[no-untyped-def]
        if path.endswith("n1.txt"):
            raise FileNotFoundError(2, "No such file or directory", path)
        return real(path, identity)

    monkeypatch.setattr("corpus.load.open_regular", vanished_once)
    first = Archive.open([corpus], cache_dir=cache)
    assert len(first) == 2 and any("n1.txt" in p.path for p in first.problems)
    monkeypatch.setattr("corpus.load.open_regular", real)
    second = Archive.open([corpus], cache_dir=cache)  # same sizes and times: the snapshot would match
    assert len(second) == 3 and not any("n1.txt" in p.path for p in second.problems)


def test_a_same_size_rewrite_with_its_time_restored_is_seen(tmp_path: Path) -> None:
    corpus, cache = _corpus(tmp_path / "c", count=3), tmp_path / "cache"
    target = corpus / "n1.txt"  # not among the files whose first bytes the key samples
    Archive.open([corpus], cache_dir=cache)
    before = os.stat(target)
    old = target.read_text(encoding="utf-8")
    new = old.replace("خبر رقم 1", "نبأ رقم 1")
    assert len(new.encode()) == len(old.encode())
    target.write_text(new, encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    reopened = Archive.open([corpus], cache_dir=cache)
    assert not reopened.reused
    assert any("نبأ" in a.title for a in reopened.articles)


# 7: the entity cache


def test_entities_without_a_usable_cache_warn_once_and_still_come(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c")
    as_file = tmp_path / "cache-is-a-file"
    as_file.write_text("not a folder", encoding="utf-8")
    for env in ({"XDG_CACHE_HOME": str(as_file)}, {"XDG_CACHE_HOME": str(tmp_path / "folder-db")}):
        if "folder-db" in env["XDG_CACHE_HOME"]:
            (tmp_path / "folder-db" / "akhbar" / "entities.sqlite").mkdir(parents=True)
        done = _akhbar("entities", "--corpus", str(corpus), env=env)
        assert done.returncode == 0, done.stderr
        assert "LOC" in done.stdout
        assert done.stderr.count("entity cache") == 1


@pytest.mark.parametrize("content", ["garbage", "wrong schema"])
def test_a_corrupt_or_foreign_cache_is_moved_aside_and_rebuilt(tmp_path: Path, content: str) -> None:
    path = tmp_path / "entities.sqlite"
    if content == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    else:
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE mentions (id INTEGER, payload BLOB, extra TEXT)")
    cache = EntityCache(path)
    cache.put_many([("k", [])])
    assert cache.get_many(["k"]) == {"k": []}
    cache.close()
    assert path.with_suffix(".corrupt").exists()


def test_a_poisoned_row_is_a_miss_not_a_crash(tmp_path: Path) -> None:
    cache = EntityCache(tmp_path / "entities.sqlite")
    with sqlite3.connect(tmp_path / "entities.sqlite") as db:
        for key, data in [("a", "null"), ("b", "[[1, 2]]"), ("c", '[[5, 1, "PER", "x", "", 90]]'), ("d", "{")]:
            db.execute("INSERT INTO mentions VALUES (?, ?)", (key, data))
        db.execute("INSERT INTO mentions VALUES (?, ?)", ("f", '[[0, 3, "PER", "abc", "", 90.5]]'))
        db.execute("INSERT INTO mentions VALUES (?, ?)", ("e", '[[0, 3, "PER", "abc", "", 90]]'))
    found = cache.get_many(["a", "b", "c", "d", "e", "f"])
    cache.close()
    assert list(found) == ["e"]


def test_a_cache_locked_by_another_process_is_waited_for_never_taken_for_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "entities.sqlite"
    EntityCache(path).close()
    holder = sqlite3.connect(path, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(2.0, holder.commit)
    release.start()
    try:
        cache, problem = open_cache(path)
    finally:
        release.join()
        holder.close()
    assert cache is not None and problem == ""
    cache.close()
    assert not path.with_suffix(".corrupt").exists()


# 8: ids


def test_colliding_ids_are_made_unique_and_every_article_is_reachable(tmp_path: Path) -> None:
    lines = [json.dumps({"id": key, "title": f"عنوان {n}", "text": GOOD}, ensure_ascii=False) for n, key in
             enumerate(["x", "x~2", "x", "3"])]  # fmt: skip
    (tmp_path / "ids.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    archive = Archive.open([tmp_path], use_snapshot=False)
    assert list(archive.ids) == ["x", "x~2", "x~3", "3"]
    assert [archive.find(key) for key in archive.ids] == [0, 1, 2, 3]
    assert archive.find("#3") == 2 and archive.find("3") == 3  # an id wins; #N is always a position
    shown = _akhbar("show", "x~3", "--json", "--corpus", str(tmp_path), env={"XDG_CACHE_HOME": str(tmp_path / "c")})
    assert json.loads(shown.stdout)["title"] == "عنوان 2"


# 10, 11: runs of marks and backtracking: each in a child process that must end in time


HOSTILE_TEXTS = {
    "harakat": "ب" + "\u0651\u064e" * 100_000,
    "spaces after a label": "المصدر: x" + " " * 100_000,
    "digits and spaces": "1 " * 50_000,
    "one long word": "ب" * 200_000,
    "a parenthesis that never closes": "الطريق الدولي (" + "A" * 100_000,
    "colons": "تاريخ" + ":" * 100_000,
}


@pytest.mark.parametrize("name", list(HOSTILE_TEXTS))
def test_hostile_text_loads_indexes_renders_and_is_tagged_in_linear_time(tmp_path: Path, name: str) -> None:
    (tmp_path / "hostile.txt").write_text(f"عنوان\n{HOSTILE_TEXTS[name]}\n{GOOD}\n", encoding="utf-8")
    code = (
        "import sys; from corpus import Archive; from tui.display import DisplayOptions, iter_rendered;"
        "from corpus.entities import article_entities; from corpus.text import paragraphs, boilerplate_start;"
        f"a = Archive.open([{str(tmp_path)!r}], use_snapshot=False); t = a.read_text(0);"
        "a.search('كازاخستان'); sum(1 for _ in iter_rendered(t, 80, DisplayOptions()));"
        "article_entities(t); boilerplate_start(paragraphs(t)); print(len(a))"
    )
    # Each took from a minute to hours before; a quadratic step would not end in this time.
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=90,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0 and done.stdout.strip() == "1", done.stderr


# 12: a FIFO swapped in


def test_a_file_swapped_for_a_fifo_while_loading_is_named_not_waited_on(tmp_path: Path) -> None:
    path = _article(tmp_path, "swap.txt", "عنوان")
    _article(tmp_path, "other.txt", "آخر")
    problems: list[LoadProblem] = []
    files = list(walk_corpus([tmp_path], problems))
    path.unlink()
    os.mkfifo(path)
    result: list[Article] = []
    reader = threading.Thread(target=lambda: result.extend(iter_articles(files, problems)), daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert not reader.is_alive(), "loading waited on a FIFO"
    assert [a.title for a in result] == ["خبر آخر"]
    assert any("not a regular file" in p.message for p in problems)


# 13: a million broken lines


def test_many_broken_lines_are_one_counted_entry(tmp_path: Path) -> None:
    good = json.dumps({"title": "سليم", "text": GOOD}, ensure_ascii=False)
    (tmp_path / "feed.jsonl").write_text(good + "\n" + "{broken\n" * 200_000, encoding="utf-8")
    loaded = load_articles([tmp_path])
    assert len(loaded.articles) == 1
    assert len(loaded.problems) <= 6
    counts = ProblemCounts.of(loaded.problems)
    assert (counts.files, counts.lines) == (0, 200_000)
    assert counts.describe() == "200,000 lines skipped"


# 14: memory


def test_caches_are_bounded_by_size() -> None:
    cache: SizedCache[str, str] = SizedCache(100, len)
    cache.put("huge", "x" * 60)  # more than a quarter of the budget: never kept
    assert cache.get("huge") is None
    for n in range(10):
        cache.put(str(n), "y" * 20)
    assert cache.held <= 100 and cache.get("9") is not None and cache.get("0") is None


def test_a_huge_one_line_article_is_rendered_a_piece_at_a_time() -> None:
    line = ("كلمة عربية " * 200_000).strip()  # 2 MB, one line
    tracemalloc.start()
    count = sum(1 for _ in iter_rendered(line, 80, DisplayOptions()))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count > 20_000
    assert peak < 100 * 2**20  # laid out whole, it took about 200 bytes per character (400 MB)


# 15, 16: widths and copying


def test_fillers_and_emoji_selectors_never_widen_a_rendered_line(tmp_path: Path) -> None:
    from rich.cells import cell_len

    text = "حشو" + "\u3164" * 30 + " قلب ❤️❤️❤️ " + "\uffa0" * 10 + " نهاية"
    done = subprocess.run(
        [sys.executable, "-m", "tui", "render", "--width", "20"],
        input=text,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0
    for line in done.stdout.splitlines():
        assert cell_len(line) <= 20, line
        assert not any(c in line for c in "\u3164\uffa0\ufe0f")


def test_copied_text_keeps_words_and_line_breaks_and_loses_controls() -> None:
    pasted = without_controls("سطر\x1b]0;PWNED-TITLE\x07 أول\r\nسطر\u202e ثان\x9b31m\tنهاية")
    assert pasted == "سطر]0;PWNED-TITLE أول\nسطر ثان31m\tنهاية"


# 17, 18: links out of the corpus, a cache inside it


def test_links_out_of_the_corpus_are_named_not_followed_unless_asked(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    _article(corpus, "inside.txt", "داخل")
    secret = _article(tmp_path, "secret.txt", "سر")
    (corpus / "shadow.txt").symlink_to(secret)
    (corpus / "root").symlink_to("/", target_is_directory=True)
    (corpus / "again.txt").symlink_to(corpus / "inside.txt")  # inside: read once
    archive = Archive.open([corpus], use_snapshot=False)
    assert [a.title for a in archive.articles] == ["خبر داخل"]
    named = {Path(p.path).name for p in archive.problems if "out of the corpus" in p.message}
    assert named == {"shadow.txt", "root"}
    followed = Archive.open([corpus], use_snapshot=False, follow_links=False)
    assert len(followed) == 1
    (corpus / "root").unlink()
    everything = Archive.open([corpus], use_snapshot=False, follow_links=True)
    assert sorted(a.title for a in everything.articles) == ["خبر داخل", "خبر سر"]


def test_a_cache_inside_the_corpus_is_neither_walked_nor_written(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c")
    cache = corpus / "cache"
    cache.mkdir()
    _article(cache, "planted.txt", "ملاحظة")
    before = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))
    archive = Archive.open([corpus], cache_dir=cache)
    assert len(archive) == 3 and archive.entity_cache_path is None
    assert any("inside the corpus" in p.message for p in archive.problems)
    assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == before


# 19, 20: paths, settings and options


def test_bad_config_values_are_named_and_the_rest_still_applies(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('bidi = "sideways"\nshaping = false\ntheme = 7\ncolour = "red"\n', encoding="utf-8")
    config = load_config(path)
    assert config.shaping is False and config.bidi is None
    assert len(config.warnings) == 3 and "sideways" in config.warnings[0]
    settings = resolve(environ={}, config=config)
    assert settings.shaping is False


def test_a_missing_path_is_one_line_and_status_1_and_an_empty_folder_says_so(tmp_path: Path) -> None:
    missing = _akhbar("list", "--corpus", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "no such file" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = _akhbar("list", "--corpus", str(tmp_path / "empty"), env={"XDG_CACHE_HOME": str(tmp_path / "c")})
    assert empty.returncode == 1 and "no articles" in empty.stderr
    with pytest.raises(Exception, match="no such file"):
        resolve([str(tmp_path / "nowhere")], environ={}, config=Config())


@pytest.mark.parametrize("limit", ["0", "-1", "many"])
def test_a_limit_below_one_is_refused(limit: str) -> None:
    done = _akhbar("search", "كازاخستان", "--limit", limit)
    assert done.returncode == 2 and "--limit" in done.stderr


def test_the_command_line_follows_links_out_only_with_L(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    _article(corpus, "inside.txt", "داخل")
    (corpus / "shadow.txt").symlink_to(_article(tmp_path, "secret.txt", "سر"))
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    plain = _akhbar("list", "--json", "--corpus", str(corpus), env=env)
    assert [a["title"] for a in json.loads(plain.stdout)] == ["خبر داخل"] and "shadow.txt" in plain.stderr
    followed = _akhbar("list", "--json", "-L", "--corpus", str(corpus), env=env)
    assert sorted(a["title"] for a in json.loads(followed.stdout)) == ["خبر داخل", "خبر سر"]


def test_an_article_too_long_for_a_terminals_clipboard_is_not_sent_and_says_so() -> None:
    """C on a 50-million-character article froze the app for seconds and sent it all through OSC
    52 (red team): past COPY_LIMIT nothing is sent, and the notice says why."""
    from tui.app.widgets.clipboard import COPY_LIMIT, copy_text

    class _App:
        copied: list[str] = []

        def copy_to_clipboard(self, text: str) -> None:
            self.copied.append(text)

    class _Widget:
        app = _App()
        told: list[str] = []

        def notify(self, message: str, **_: object) -> None:
            self.told.append(message)

    widget = _Widget()
    copy_text(widget, "ن" * (COPY_LIMIT + 1))  # type: ignore[arg-type]
    assert not widget.app.copied and "Not copied" in widget.told[-1]
    copy_text(widget, "نص قصير")  # type: ignore[arg-type]
    assert widget.app.copied == ["نص قصير"]


def test_an_export_beside_a_corpus_a_thousand_folders_deep_is_checked_not_a_crash(tmp_path: Path) -> None:
    """The check that an export is not written into the corpus walked its folders with os.walk,
    whose recursion a corpus 990 folders deep exceeds once a caller's frames are on the stack (the
    app stopped at start when its session file was checked so: a helper's hostile folder)."""
    import sys as system

    from corpus import Archive, refused_output
    from tests.helpers import DEEP, deep_folder, remove_deep

    corpus = tmp_path / "corpus"
    deep = Path(os.fsdecode(deep_folder(corpus, DEEP)))
    try:
        (corpus / "a.txt").write_text("عنوان\n\nنص عن الحكومة\n", encoding="utf-8")
        archive = Archive.open([corpus], cache_dir=tmp_path / "cache")
        limit = system.getrecursionlimit()
        system.setrecursionlimit(400)  # a caller deep in its own frames, as the app's are
        try:
            assert refused_output(archive, str(tmp_path / "out.csv")) is None
            assert refused_output(archive, os.fsdecode(os.fsencode(deep) + b"/out.csv")) is not None
        finally:
            system.setrecursionlimit(limit)
    finally:
        remove_deep(corpus)
