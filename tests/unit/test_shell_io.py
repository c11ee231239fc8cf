"""What the shell commands read and write: bounded input, output errors said in one line,
exports that never touch the corpus, never leave half a file, and never carry a formula or a
terminal control."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import RESULT_FIELDS, Archive, json_text, refused_output, write_rows, writing_atomically
from corpus.json_text import BIDI_CONTROLS, JSON_ESCAPED
from tests.helpers import GOOD
from tui.display import BIDI_CONTROLS as DISPLAY_BIDI_CONTROLS
from tui.shell.output import dump_json, json_line
from tui.shell.streams import InputTooLarge, bounded_lines, read_input

ROOT = Path(__file__).resolve().parents[2]


def _akhbar(*args: str, stdin: int | None = None, stdout: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=120,
    )


# Item 6: output to a full device, input without end


COMMANDS = [
    ["search", "ترامب"],
    ["search", "ترامب", "--json"],
    ["list"],
    ["list", "--json"],
    ["show", "1"],
    ["show", "1", "--json"],
    ["entities", "1"],
    ["entities", "--json"],
    ["export", "ترامب"],
    ["export", "ترامب", "--format", "jsonl"],
    ["render"],
    ["tag"],
    ["search", "--batch", "-"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_writing_to_a_full_device_says_so_in_one_line_and_fails(command: list[str]) -> None:
    with open("/dev/full", "w") as full, open(ROOT / "seeds" / sorted(os.listdir(ROOT / "seeds"))[0], "rb") as given:
        done = _akhbar(*command, stdin=given.fileno(), stdout=full.fileno())
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    (failure,) = [line for line in done.stderr.splitlines() if "could not be written" in line]
    assert failure == f"akhbar: {command[0]}: the output could not be written (No space left on device)"
    assert "exported" not in done.stderr  # no count of rows that were never written


def test_a_reader_that_stops_early_ends_the_command_quietly() -> None:
    reader = subprocess.Popen(
        [sys.executable, "-m", "tui", "list", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.read(10)
    reader.stdout.close()
    assert reader.wait(timeout=120) == 0 and reader.stderr.read() == b""


@pytest.mark.parametrize(
    "command",
    [["render"], ["tag"], ["tag", "/dev/zero"], ["search", "--batch", "-"], ["search", "--batch", "/dev/zero"]],
    ids=" ".join,
)
def test_input_without_end_is_refused_past_its_bound(command: list[str]) -> None:
    with open("/dev/zero", "rb") as zero:
        done = _akhbar(*command, stdin=zero.fileno())
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"akhbar: {command[0]}: ") and ("64 MB" in done.stderr or "longer" in done.stderr)


class _Endless(io.RawIOBase):
    """A stream of zeros without end that counts what was read of it."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        buffer[:] = b"\0" * len(buffer)
        self.given += len(buffer)
        return len(buffer)


@pytest.mark.parametrize("limit", [1, 100, 10_000, 1_000_000])
def test_reading_stops_at_the_bound_of_an_endless_input(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    endless = _Endless()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    with pytest.raises(InputTooLarge):
        read_input(None, limit)
    assert endless.given <= limit + 1 + io.DEFAULT_BUFFER_SIZE
    lines = _Endless()
    with pytest.raises(InputTooLarge, match="line 1 "):
        list(bounded_lines(io.TextIOWrapper(io.BufferedReader(lines), encoding="utf-8"), "zeros", limit))
    assert lines.given <= 4 * (limit + 1) + 2 * io.DEFAULT_BUFFER_SIZE


@pytest.mark.parametrize("limit", [1, 5, 64])
def test_lines_up_to_the_bound_are_read_whole_and_the_first_longer_one_is_named(limit: int) -> None:
    lines = ["a" * limit + "\n", "\n", "b" * (limit - 1) + "\n", "c" * limit]
    assert list(bounded_lines(io.StringIO("".join(lines)), "q", limit)) == lines
    with pytest.raises(InputTooLarge, match="q: line 3 is longer"):
        list(bounded_lines(io.StringIO("x\ny\n" + "z" * (limit + 1)), "q", limit))


def test_a_file_within_the_bound_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "words"
    path.write_bytes(b"x" * 1000)
    assert read_input(str(path), 1000) == b"x" * 1000
    with pytest.raises(InputTooLarge, match=str(path)):
        read_input(str(path), 999)


# Item 8: export never writes into the corpus


def _corpus(root: Path) -> tuple[Path, Path]:
    folder = root / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(f"خبر ترامب\n{GOOD}\n", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(f"خبر آخر عن ترامب\n{GOOD}\n", encoding="utf-8")
    single = root / "single.jsonl"
    single.write_text(json.dumps({"title": "ترامب", "text": GOOD}, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder, single


def _in_the_corpus(root: Path, folder: Path, single: Path) -> dict[str, Path]:
    """Targets that are, are under or lead to a corpus path, each in another shape."""
    outside = root / "outside"
    outside.mkdir()
    (outside / "link-to-file").symlink_to(folder / "a.txt")
    (outside / "link-to-folder").symlink_to(folder / "sub")
    (outside / "link-to-single").symlink_to(single)
    os.link(folder / "sub" / "b.txt", outside / "hard-link")
    os.link(single, outside / "hard-link-single")
    return {
        "a corpus file": folder / "a.txt",
        "the corpus file": single,
        "a new file in the corpus folder": folder / "new.csv",
        "a new file in a subfolder": folder / "sub" / "new.csv",
        "a path through ..": folder / "sub" / ".." / "sub" / "b.txt",
        "a link to a corpus file": outside / "link-to-file",
        "a link to the corpus file": outside / "link-to-single",
        "a new file through a linked folder": outside / "link-to-folder" / "new.csv",
        "a hard link to a corpus file": outside / "hard-link",
        "a hard link to the corpus file": outside / "hard-link-single",
    }


def _hashes(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_no_target_that_is_in_or_leads_into_the_corpus_is_written(tmp_path: Path) -> None:
    folder, single = _corpus(tmp_path)
    targets = _in_the_corpus(tmp_path, folder, single)
    archive = Archive.open([str(folder), str(single)], cache_dir=tmp_path / "cache")
    for shape, target in targets.items():
        assert refused_output(archive, str(target)) is not None, shape
    for fine in (tmp_path / "out.csv", tmp_path / "outside" / "out.csv", tmp_path / "corpus-like" / "x.csv"):
        assert refused_output(archive, str(fine)) is None


def test_export_to_a_corpus_path_is_refused_with_status_2_and_the_corpus_is_untouched(tmp_path: Path) -> None:
    folder, single = _corpus(tmp_path)
    targets = _in_the_corpus(tmp_path, folder, single)
    before = _hashes(tmp_path)
    for shape in ("the corpus file", "a new file in a subfolder", "a hard link to a corpus file"):
        done = _akhbar("export", "ترامب", "--corpus", str(folder), "--corpus", str(single), "-o", str(targets[shape]))
        assert done.returncode == 2, (shape, done.stderr)
        assert "export never writes there" in done.stderr and "exported" not in done.stderr
    assert _hashes(tmp_path) == before
    written = _akhbar("export", "ترامب", "--corpus", str(folder), "-o", str(tmp_path / "out.csv"))
    assert written.returncode == 0 and "2 rows exported" in written.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="bind mounts need root")
def test_a_corpus_folder_mounted_elsewhere_is_the_corpus_too(tmp_path: Path) -> None:
    folder, _ = _corpus(tmp_path)
    mount = tmp_path / "mounted"
    mount.mkdir()
    if subprocess.run(["mount", "--bind", str(folder / "sub"), str(mount)], capture_output=True).returncode:
        pytest.skip("bind mounts are not allowed here")
    try:
        archive = Archive.open([str(folder)], cache_dir=tmp_path / "cache")
        assert refused_output(archive, str(mount / "new.csv")) is not None
    finally:
        subprocess.run(["umount", str(mount)], check=True)


# Item 9: an export is whole or not written


def _rows(count: int, fail_at: int | None, error: BaseException) -> Iterator[dict[str, object]]:
    for number in range(count):
        if number == fail_at:
            raise error
        yield {field: f"قيمة {number} " * 20 for field in RESULT_FIELDS}


@pytest.mark.parametrize("error", [KeyboardInterrupt(), OSError(28, "No space left on device"), ValueError("x")])
@pytest.mark.parametrize("fail_at", [0, 1, 500])
@pytest.mark.parametrize("form", ["csv", "jsonl", "md"])
def test_an_export_stopped_midway_leaves_the_old_file_as_it_was_and_nothing_beside_it(
    tmp_path: Path, error: BaseException, fail_at: int, form: str
) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"the old export\n" * 100)
    before = _hashes(tmp_path)
    with pytest.raises(type(error)), writing_atomically(target) as out:
        write_rows(_rows(1000, fail_at, error), RESULT_FIELDS, form, out)
    assert _hashes(tmp_path) == before and os.listdir(tmp_path) == ["out.csv"]


def test_a_whole_export_replaces_the_file_keeps_its_mode_and_writes_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    with writing_atomically(link) as out:
        assert write_rows(_rows(3, None, ValueError()), RESULT_FIELDS, "jsonl", out) == 3
    assert link.is_symlink() and len(target.read_text(encoding="utf-8").splitlines()) == 3
    assert target.stat().st_mode & 0o777 == 0o640 and sorted(os.listdir(tmp_path)) == ["link.csv", "out.csv"]
    fresh = tmp_path / "fresh.md"
    umask = os.umask(0o027)
    try:
        with writing_atomically(fresh) as out:
            out.write("x")
    finally:
        os.umask(umask)
    assert fresh.read_text(encoding="utf-8") == "x" and fresh.stat().st_mode & 0o777 == 0o640


def test_a_device_named_as_output_is_written_in_place(tmp_path: Path) -> None:
    with writing_atomically("/dev/null") as out:
        out.write("nothing")
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


# Item 16: one escaping policy for JSON, formulas defused behind any blank


def test_the_core_escapes_the_bidi_controls_the_display_engine_knows() -> None:
    assert BIDI_CONTROLS == DISPLAY_BIDI_CONTROLS


def test_export_jsonl_is_escaped_as_search_json_is() -> None:
    hostile = "".join(sorted(JSON_ESCAPED)) + "\x1b[31m ترامب \u202e"
    out = io.StringIO()
    write_rows([{"title": hostile, "id": hostile}], ("title", "id"), "jsonl", out)
    line = out.getvalue().rstrip("\n")
    assert line == json_line({"title": hostile, "id": hostile}) == json_text({"title": hostile, "id": hostile})
    assert not JSON_ESCAPED & set(line) and "\x1b" not in line
    assert json.loads(line) == {"title": hostile, "id": hostile}
    assert not JSON_ESCAPED & set(dump_json([hostile]))


SKIPPED = [
    chr(c)
    for c in range(0x110000)
    if not 0xD800 <= c < 0xE000 and (chr(c).isspace() or unicodedata.category(chr(c)) in ("Cc", "Cf"))
]
"""What a spreadsheet may skip before it sees a formula: White_Space, controls, format characters."""
ESCAPED_IN_CELLS = frozenset(c for c in map(chr, [*range(0x09), *range(0x0B, 0x20)])) | (
    JSON_ESCAPED - {"\u200e", "\u200f", "\u061c"}
)
"""What a CSV cell writes as \\uXXXX (a terminal would act on it): C0 but tab and line feed, DEL, C1,
the bidi controls that embed, override or isolate (not the marks Arabic text holds)."""
SKIPPED_AS_IS = [c for c in SKIPPED if c not in ESCAPED_IN_CELLS]
PLAIN = st.text(alphabet=st.characters(exclude_characters=ESCAPED_IN_CELLS), max_size=20)


def _cells(value: str) -> dict[str, str]:
    out = io.StringIO()
    write_rows([dict.fromkeys(RESULT_FIELDS, value)], RESULT_FIELDS, "csv", out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff"), newline=""))
    return row


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.lists(st.sampled_from(SKIPPED_AS_IS), max_size=6).map("".join),
    sign=st.sampled_from("=+-@\uff1d\uff0b\uff0d\uff20"),
    rest=PLAIN,
)
def test_a_formula_behind_any_blank_or_invisible_prefix_is_defused_in_every_column(
    prefix: str, sign: str, rest: str
) -> None:
    value = prefix + sign + rest
    assert _cells(value) == dict.fromkeys(RESULT_FIELDS, "'" + value)


@settings(max_examples=300, deadline=None)
@given(prefix=st.lists(st.sampled_from(SKIPPED_AS_IS), max_size=6).map("".join), rest=PLAIN)
def test_a_cell_is_left_as_it_is_unless_it_would_be_a_formula(prefix: str, rest: str) -> None:
    value = prefix + rest
    stripped = value.lstrip("".join(SKIPPED))
    formula = value.startswith(("\t", "\r")) or stripped[:1] in set("=+-@\uff1d\uff0b\uff0d\uff20")
    assert _cells(value) == dict.fromkeys(RESULT_FIELDS, "'" + value if formula else value)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=30))
def test_a_csv_cell_holds_no_character_a_terminal_acts_on(text: str) -> None:
    cells = _cells(text + "\x1b]0;PWNED\x07\u202e\x9b2J")
    assert all(not (ESCAPED_IN_CELLS & set(cell)) for cell in cells.values())
    assert all("\\u001b]0;PWNED\\u0007\\u202e\\u009b2J" in cell for cell in cells.values())


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize("fail_at", [0, 1, 500])
def test_an_export_ended_by_a_signal_leaves_the_old_file_and_nothing_beside_it(
    tmp_path: Path, number: int, fail_at: int
) -> None:
    from tui.shell.streams import ended_by_signals

    target = tmp_path / "out.csv"
    target.write_bytes(b"the old export\n" * 100)
    before, handler = _hashes(tmp_path), signal.getsignal(number)

    def rows() -> Iterator[dict[str, object]]:
        for row_number, row in enumerate(_rows(1000, None, ValueError())):
            if row_number == fail_at:
                os.kill(os.getpid(), number)
            yield row

    with pytest.raises(SystemExit) as ended, ended_by_signals(), writing_atomically(target) as out:
        write_rows(rows(), RESULT_FIELDS, "csv", out)
    assert ended.value.code == 128 + number
    assert _hashes(tmp_path) == before and os.listdir(tmp_path) == ["out.csv"]
    assert signal.getsignal(number) == handler  # the signal's own handling is back after the export


@pytest.mark.parametrize("control", ["\x1b[31m", "\x9b31m", "\u202e", "\u2066", "\x07", "\u2028", "\x7f"])
def test_a_markdown_export_holds_no_character_a_terminal_would_act_on(control: str) -> None:
    out = io.StringIO()
    row: dict[str, object] = {field: f"عنوان {control}خبر" for field in RESULT_FIELDS}
    write_rows([row], RESULT_FIELDS, "md", out)
    text = out.getvalue()
    assert not [c for c in text if c in control and c not in "[31m"]
    assert control[0].isspace() or f"\\\\u{ord(control[0]):04x}" in text  # a line break is a space there


def test_an_export_never_replaces_a_file_made_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "kept.csv"
    target.write_text("kept\n", encoding="utf-8")
    target.chmod(0o444)
    monkeypatch.setattr("corpus.safe_files.os.access", lambda path, mode: False)  # as any user but root sees it
    with pytest.raises(PermissionError), writing_atomically(target) as out:
        out.write("new\n")
    assert target.read_text(encoding="utf-8") == "kept\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.csv"]


def test_a_long_shell_command_says_how_far_it_is_on_stderr() -> None:
    """The first tagging of an archive takes minutes: on a terminal one line says how far it is,
    rewritten in place and cleared at the end; in a log, one line as each long phase begins."""
    import io

    from tui.shell.progress import StderrProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    progress = StderrProgress(screen)
    progress.phase("tagging entities")
    progress(400, 1200)
    progress(1200, 1200)
    progress.close()
    written = screen.getvalue()
    assert "tagging entities 1,200/1,200" in written and written.endswith("\r\x1b[K") and "\n" not in written
    log = io.StringIO()
    progress = StderrProgress(log)
    for name in ("reading saved entities", "tagging entities", "grouping entities"):
        progress.phase(name)
    progress(1200, 1200)
    progress.close()
    assert log.getvalue() == "akhbar: tagging entities…\nakhbar: grouping entities…\n"


def test_a_file_written_into_a_missing_folder_names_the_folder(tmp_path: Path) -> None:
    """Not the temporary file written beside the target, which the user never asked for."""
    from corpus.safe_files import write_atomically

    target = tmp_path / "missing" / "x.csv"
    with pytest.raises(OSError) as raised:
        write_atomically(target, b"id\n")
    assert str(tmp_path / "missing") in str(raised.value) and ".tmp" not in str(raised.value)
