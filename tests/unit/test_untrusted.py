"""A folder of every kind of bad input: the good articles load, each bad file is named, nothing is written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.load import load_corpus

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
    (root / "truncated.txt").write_bytes(f"مقال مقطوع\n{GOOD} نهاية".encode("utf-8")[:-1])  # half of the last letter
    expect["truncated.txt"] = "truncated"
    (root / "windows.txt").write_bytes(f"خبر بترميز ويندوز\n{GOOD}\n".encode("cp1256"))
    expect["windows.txt"] = "Windows-1256"
    (root / "utf16.txt").write_bytes(b"\xff\xfe" + f"خبر بترميز يونيكود\n{GOOD}\n".encode("utf-16-le"))
    expect["utf16.txt"] = ""
    (root / "nul.txt").write_bytes(f"خبر فيه صفر\n{GOOD}\x00 نهاية\n".encode("utf-8"))
    expect["nul.txt"] = "NUL"
    (root / "controls.txt").write_text(f"عنوان\x1b]0;pwned\x07\n\x1b[2J{GOOD}\x9b31m \u202eمقلوب\u202c\n", encoding="utf-8")
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
        handle.write(f"اسم ملف غريب\n{GOOD}\n".encode("utf-8"))
    expect["\ufffd\ufffd-bad-name.txt"] = ""
    lines = [json.dumps({"title": "سجل جيد", "text": GOOD}, ensure_ascii=False), '{"title": "مكسور", "text": ', json.dumps({"title": "سجل ثان", "text": GOOD}, ensure_ascii=False)]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expect["feed.jsonl"] = "not valid JSON"
    # Unreadable to anyone but root; see `without_root_reads` for checking them as root.
    (root / "locked.txt").write_text(f"خبر مقفل\n{GOOD}\n", encoding="utf-8")
    (root / "locked").mkdir()
    (root / "locked" / "inside.txt").write_text(f"خبر مقفل\n{GOOD}\n", encoding="utf-8")
    for path in (root / "locked.txt", root / "locked"):
        path.chmod(0)
    return expect


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


def _hashes(root: Path) -> dict[bytes, str]:
    found = {}
    for folder, _, files in os.walk(os.fsencode(root)):
        for name in files:
            path = os.path.join(folder, name)
            if os.path.isfile(path) and not name.startswith(b"fifo"):
                with open(path, "rb") as handle:
                    found[path] = hashlib.sha256(handle.read()).hexdigest()
    return found


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("bad") / "archive"
    return root, build_bad_folder(root)


def test_loading_never_fails_as_a_whole(bad_folder: tuple[Path, dict[str, str]]) -> None:
    root, expect = bad_folder
    before = _hashes(root)
    result = load_corpus([root])
    loaded = {Path(a.path).name for a in result.articles}
    problems = {Path(p.path).name: p for p in result.problems}
    for name, words in expect.items():
        if words:
            assert name in problems, name
            assert words.lower() in problems[name].message.lower() or words in str(problems[name]), (name, problems[name])
    for name in ("good.txt", "utf16.txt", "controls.txt", "huge.txt", "many-lines.txt", "deep.txt", "truncated.txt", "windows.txt", "nul.txt", "\ufffd\ufffd-bad-name.txt"):
        assert name in loaded, name
    assert sum(1 for a in result.articles if Path(a.path).name == "feed.jsonl") == 2
    assert problems["feed.jsonl"].line == 2
    assert _hashes(root) == before


def test_cli_names_each_bad_file_and_exits_zero(bad_folder: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    root, expect = bad_folder
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [*without_root_reads(), sys.executable, "-m", "tui", "list", "--corpus", str(root)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0
    for name, words in {**expect, **UNREADABLE}.items():
        if words:
            assert f"/{name}" in done.stderr and words in done.stderr, name
    assert "\x1b" not in done.stdout + done.stderr
    assert "\u202e" not in done.stdout
    assert "\x9b" not in done.stdout + done.stderr
