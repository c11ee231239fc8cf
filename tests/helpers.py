"""Helpers the tests share: external tools, loading, hostile folders, app and screen reading.

Tests import these from here, never from one another.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from corpus import Article, LoadProblem
from corpus.load import iter_articles
from corpus.walked import walk_corpus

REQUIRE_TOOLS = os.environ.get("AKHBAR_REQUIRE_TOOLS") == "1"
"""Set by CI: a missing external tool (fribidi, tmux) fails the test instead of skipping it."""


def need_tool(name: str) -> str:
    """The path of an external program, or skip (fail under CI) when it is not installed."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed"
        if REQUIRE_TOOLS:
            pytest.fail(message)
        pytest.skip(message)
    return found


@dataclass
class Loaded:
    """Every article under some paths, and the problems met on the way."""

    articles: list[Article] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)

    @property
    def skipped(self) -> list[LoadProblem]:
        return [p for p in self.problems if p.skipped]


def load_articles(paths: list[Path] | list[str]) -> Loaded:
    """Load every article under `paths` without indexing (what Archive.open reads)."""
    loaded = Loaded()
    files = list(walk_corpus(paths, loaded.problems))
    loaded.articles = list(iter_articles(files, loaded.problems))
    return loaded


GOOD = "وقعت كازاخستان وأرمينيا اتفاقية للنقل البري في أستانا يوم 8 أغسطس 2025."


def build_bad_folder(root: Path) -> dict[str, str]:
    """Write every bad case; returns {file name: words its problem must mention} (empty: loads, no problem)."""
    root.mkdir(parents=True, exist_ok=True)
    expect: dict[str, str] = {}
    (root / "good.txt").write_text(f"عنوان جيد\n{GOOD}\n", encoding="utf-8")
    expect["good.txt"] = ""
    (root / "empty.txt").write_bytes(b"")
    expect["empty.txt"] = "empty"
    (root / "binary.txt").write_bytes(b"\x7fELF" + bytes(range(256)) * 20)
    expect["binary.txt"] = "binary"
    (root / "truncated.txt").write_bytes(f"مقال مقطوع\n{GOOD} نهاية".encode()[:-1])  # half of the last letter
    expect["truncated.txt"] = "truncated"
    (root / "windows.txt").write_bytes(f"خبر بترميز ويندوز\n{GOOD}\n".encode("cp1256"))
    expect["windows.txt"] = "Windows-1256"
    (root / "utf16.txt").write_bytes(b"\xff\xfe" + f"خبر بترميز يونيكود\n{GOOD}\n".encode("utf-16-le"))
    expect["utf16.txt"] = ""
    (root / "nul.txt").write_bytes(f"خبر فيه صفر\n{GOOD}\x00 نهاية\n".encode())
    expect["nul.txt"] = "NUL"
    (root / "controls.txt").write_text(
        f"عنوان\x1b]0;pwned\x07\n\x1b[2J{GOOD}\x9b31m \u202eمقلوب\u202c\n", encoding="utf-8"
    )
    expect["controls.txt"] = ""
    big_line = (GOOD + " ") * 20
    with open(root / "huge.txt", "w", encoding="utf-8") as handle:
        handle.write("ملف كبير جدا\n")
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(big_line + "\n")
    expect["huge.txt"] = ""
    (root / "many-lines.txt").write_text("سطر كثير\n" + "سطر\n" * 100_000, encoding="utf-8")
    expect["many-lines.txt"] = ""
    deep = root
    for level in range(40):
        deep = deep / f"d{level}"
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text(f"خبر عميق\n{GOOD}\n", encoding="utf-8")
    expect["deep.txt"] = ""
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    expect["dangling.txt"] = "cannot open"
    (root / "folder.txt").mkdir()
    (root / "fifo.txt").parent.mkdir(exist_ok=True)
    os.mkfifo(root / "fifo.txt")
    expect["fifo.txt"] = "not a regular file"
    odd_name = os.fsencode(root) + b"/\xff\xfe-bad-name.txt"
    with open(odd_name, "wb") as handle:
        handle.write(f"اسم ملف غريب\n{GOOD}\n".encode())
    expect["\ufffd\ufffd-bad-name.txt"] = ""
    lines = [
        json.dumps({"title": "سجل جيد", "text": GOOD}, ensure_ascii=False),
        '{"title": "مكسور", "text": ',
        json.dumps({"title": "سجل ثان", "text": GOOD}, ensure_ascii=False),
    ]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expect["feed.jsonl"] = "not valid JSON"
    _round_two(root, expect)
    # Unreadable to anyone but root; see `without_root_reads` for checking them as root.
    (root / "locked.txt").write_text(f"خبر مقفل\n{GOOD}\n", encoding="utf-8")
    (root / "locked").mkdir()
    (root / "locked" / "inside.txt").write_text(f"خبر مقفل\n{GOOD}\n", encoding="utf-8")
    for path in (root / "locked.txt", root / "locked"):
        path.chmod(0)
    return expect


DEEP = 990
"""Folders nested this deep hold an article (a recursive walk fails past about 1,000)."""


def deep_folder(top: Path, depth: int) -> bytes:
    """Make `top/d/d/…/d`, `depth` folders deep, without recursion (os.makedirs recurses); its path."""
    path = os.fsencode(top)
    os.mkdir(path)
    for _ in range(depth):
        path += b"/d"
        os.mkdir(path)
    return path


def remove_deep(top: Path) -> None:
    """Remove what `deep_folder` made, from the bottom up, without recursion (pytest's own
    clean-up of old temporary folders recurses, and fails on a thousand levels)."""
    path = os.fsencode(top)
    if not os.path.isdir(path):
        return
    chain = [path]
    while os.path.isdir(chain[-1] + b"/d"):
        chain.append(chain[-1] + b"/d")
    for folder in reversed(chain):
        for entry in os.scandir(folder):
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
        os.rmdir(folder)


def _jsonl(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _record(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False)


def _round_two(root: Path, expect: dict[str, str]) -> None:
    """The hostile cases of the second round (issue 12): each loads, or is named once."""
    big = "7" * 5000
    _jsonl(
        root / "bigint.jsonl", [_record(title="أول", text=GOOD), f'{{"title": "رقم", "text": "{GOOD}", "n": {big}}}']
    )
    expect["bigint.jsonl"] = "digits"
    (root / "bigint.json").write_text(f'[{{"title": "رقم", "text": "{GOOD}", "views": {big}}}]', encoding="utf-8")
    expect["bigint.json"] = "digits"
    _jsonl(root / "surrogate.jsonl", ['{"title": "\\ud800 عنوان", "text": "نص \\udfff فيه ' + GOOD + '"}'])
    expect["surrogate.jsonl"] = "surrogate"
    _jsonl(root / "ids.jsonl", [_record(id=key, title=f"معرف {key}", text=GOOD) for key in ("x", "x~2", "x")])
    expect["ids.jsonl"] = ""
    _jsonl(root / "many-broken.jsonl", [_record(title="سليم", text=GOOD)] + ["{broken"] * 50_000)
    expect["many-broken.jsonl"] = "more lines skipped"
    (root / "harakat.txt").write_text("حركات كثيرة\nب" + "\u0651\u064e" * 100_000 + " نهاية\n", encoding="utf-8")
    expect["harakat.txt"] = ""
    (root / "label-spaces.txt").write_text("عنوان بمسافات\nالمصدر: x" + " " * 100_000 + "\n" + GOOD, encoding="utf-8")
    expect["label-spaces.txt"] = ""
    (root / "fillers.txt").write_text("حشو\u3164\u3164 وقلب ❤️ هنا\n" + GOOD + "\n", encoding="utf-8")
    expect["fillers.txt"] = ""
    nested = deep_folder(root / "deep990", DEEP)
    with open(nested + b"/bottom.txt", "w", encoding="utf-8") as handle:
        handle.write(f"خبر في القاع\n{GOOD}\n")
    expect["bottom.txt"] = ""
    outside = root.parent / "outside-target.txt"
    outside.write_text(f"خبر خارج الأرشيف\n{GOOD}\n", encoding="utf-8")
    (root / "outside.txt").symlink_to(outside)
    expect["outside.txt"] = "link out of the corpus"
    (root / "everything").symlink_to("/", target_is_directory=True)
    expect["everything"] = "link out of the corpus"


UNREADABLE = {"locked.txt": "Permission denied", "locked": "Permission denied"}
"""What a reader who is not root must be told about the two unreadable paths."""


def without_root_reads() -> list[str]:
    """A command prefix under which file permissions apply, even to root.

    As root, the unreadable files are readable; `setpriv` drops the two capabilities that let
    root pass permission checks. Not root: nothing to add.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is needed to test unreadable files as root")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


def file_hashes(root: Path) -> dict[bytes, str]:
    """The hash of every regular file under `root` (links not followed), walked without recursion
    so that folders a thousand deep are hashed too."""
    found = {}
    stack = [os.fsencode(root)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except PermissionError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.is_file(follow_symlinks=False):
                with open(entry.path, "rb") as handle:
                    found[entry.path] = hashlib.sha256(handle.read()).hexdigest()
    return found


SIZE = (80, 24)

NAMESAKES = [
    "زيارة\nقال الرئيس الفرنسي إيمانويل ماكرون إن الاتفاق مهم. وأضاف ماكرون أن باريس مستعدة.",
    "لقاء\nالتقى الرئيس إيمانويل ماكرون الوزراء في باريس. وقال ماكرون إن الحكومة تعمل.",
    "بغداد\nقال رئيس الوزراء العراقي نوري المالكي إن الأمن تحسن في بغداد.",
    "رام الله\nقال وزير الخارجية الفلسطيني رياض المالكي إن المفاوضات متوقفة في رام الله.",
]
"""Articles naming one person by a short name (ماكرون) and two by the same one (المالكي)."""


def write_articles(folder: Path, texts: list[str]) -> Path:
    """The texts as a0.txt, a1.txt … in `folder` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(texts):
        (folder / f"a{number}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def presentation_forms(text: str) -> bool:
    return any(0xFB50 <= ord(c) <= 0xFEFF for c in text)


async def ready(app: Any, pilot: Any, tries: int = 1200) -> None:
    """Wait, as a person would, until the background work is over (archive and entities in, or
    known to be missing) and every search and tagging it started has finished."""
    for _ in range(tries):
        if app.settled:
            break
        await pilot.pause(0.05)
    else:
        raise AssertionError("the archive and its entities never arrived")
    await _workers_done(app, pilot)
    await pilot.pause()
    await _workers_done(app, pilot)
    await pilot.pause()


async def _workers_done(app: Any, pilot: Any, tries: int = 20) -> None:
    """Wait for every worker, and for the one that replaced a worker cancelled meanwhile (an
    exclusive group's: the entities of the saved archive, cut short by its update)."""
    from textual.worker import WorkerCancelled

    for _ in range(tries):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            await pilot.pause(0.05)
    raise AssertionError("the background work kept being cancelled")


async def screen_showing(app: Any, pilot: Any, text: str, tries: int = 400) -> str:
    """The screen once it shows `text` (waiting for it, as a person would); fails if it never does."""
    for _ in range(tries):
        shown = screen_text(app)
        if text in shown:
            return shown
        await pilot.pause(0.05)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen_text(app)}")


async def until(pilot: Any, check: Any, what: str = "it", seconds: float = 10.0) -> None:
    """Wait for a state rather than for a time: until `check()` is true (fails after `seconds`)."""
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{what} never happened")


_SVG_TEXT = re.compile(r'<text [^>]*\bx="([0-9.]+)"[^>]*\bclip-path="url\(#[\w-]*-line-(\d+)\)">(.*?)</text>', re.S)
"""One run of text in Rich's SVG export: its x position, its screen line and its escaped text."""
_SVG_LINE_WIDTH = re.compile(r'<clipPath id="[\w-]*-line-0">\s*<rect [^>]*\bwidth="([0-9.]+)"')


def screen_text(app: Any) -> str:
    """What the terminal shows, line by line, read through Textual's public screenshot
    (`App.export_screenshot`, the SVG a person would see; screens under a dialog included).

    Rich's SVG places each run of text at its cell column (x = column x cell width) and leaves
    out runs of spaces; the lines are rebuilt from those positions and padded to the width.
    """
    width, height = app.size
    svg = app.export_screenshot()
    line_width = _SVG_LINE_WIDTH.search(svg)
    cell = float(line_width.group(1)) / width if line_width else 20 * 0.61  # Rich's default cell width
    lines: list[str] = [""] * height
    for x, row, escaped in _SVG_TEXT.findall(svg):
        line, column = int(row), round(float(x) / cell)
        if line >= height:
            continue
        text = html.unescape(escaped.replace("&#160;", " ").replace("\n", ""))  # spaces as &#160;, line ends
        if not text:
            continue
        lines[line] += " " * (column - cell_len(lines[line])) + text
    return "\n".join(line + " " * (width - cell_len(line)) for line in lines)


_STORY_LETTERS = "ثجحخدذرزسشصضطظعغقمن"
_FILLER = "في من على إلى أن عن مع هذا التي الذي".split()


def story_words(topic: int, count: int = 40) -> list[str]:
    """`count` made-up Arabic words of their own for topic number `topic` (no two topics share one)."""
    letters = _STORY_LETTERS
    words = []
    for number in range(topic * count, (topic + 1) * count):
        a, b = divmod(number, len(letters))
        c, d = divmod(a, len(letters))
        words.append(letters[c % len(letters)] + letters[d] + letters[b] + "ا" + letters[(c + d + b) % len(letters)])
    return words


def story_text(words: list[str], seed: int, length: int = 60) -> str:
    """An article's text: `length` words drawn from `words`, with common function words between them."""
    import random

    draw = random.Random(seed)
    out = []
    for position in range(length):
        out.append(draw.choice(words))
        if position % 3 == 2:
            out.append(draw.choice(_FILLER))
    return " ".join(out) + "."


def write_story_corpus(path: Path, records: list[tuple[str, str, str, str, str]]) -> Path:
    """A JSON Lines archive of (id, source, date, title, text) records."""
    import json

    lines = [
        json.dumps({"id": i, "source": s, "date": d, "title": t, "text": x}, ensure_ascii=False)
        for i, s, d, t, x in records
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def known_stories() -> list[tuple[str, str, str, str, str]]:
    """A small archive whose stories are known: an event told by three outlets over two days
    in other words (q1-q3), one report printed by two (r1, r2), six unrelated articles of the
    same day (u0-u5, each told again months later: v0-v5), one text told again forty days
    later (f1, f2), and a chain of articles each sharing half its words with the next (c0-c5),
    whose ends are about nothing alike."""
    quake, reprint, far = story_words(0), story_words(1), story_words(2)
    records = [
        ("q1", "paper-a", "2018-03-01", "زلزال أول", story_text(quake, 1)),
        ("q2", "paper-b", "2018-03-01", "زلزال ثان", story_text(quake, 2)),
        ("q3", "paper-c", "2018-03-02", "زلزال ثالث", story_text(quake, 3)),
        ("r1", "paper-a", "2018-03-01", "تقرير الوكالة", story_text(reprint, 4)),
        ("r2", "paper-b", "2018-03-01", "تقرير الوكالة", story_text(reprint, 4)),
        ("f1", "paper-a", "2018-03-01", "خبر قديم", story_text(far, 5)),
        ("f2", "paper-b", "2018-04-10", "خبر عائد", story_text(far, 6)),
    ]
    for number in range(6):
        words = story_words(3 + number)
        title = " ".join(words[:3])
        records.append((f"u{number}", "paper-c", "2018-03-01", title, story_text(words, 7 + number)))
        # the same subject months later: its words are not the article's alone
        later = f"2018-0{6 + number % 3}-1{number}"
        records.append((f"v{number}", "paper-a", later, title, story_text(words, 70 + number)))
    chain = story_words(20, 20 * 7)
    for number in range(6):
        words = chain[number * 20 : number * 20 + 40]
        records.append(
            (
                f"c{number}",
                f"paper-{'abc'[number % 3]}",
                "2018-03-03",
                f"سلسلة {number}",
                story_text(words, 30 + number),
            )
        )
    return records


async def first_article_open(app: Any, pilot: Any) -> Any:
    """The reader, once the app is ready and enter has opened the first article."""
    await ready(app, pilot)
    await pilot.press("enter")
    await pilot.pause()
    return app.main.reader
