"""End to end: the real `akhbar` inside tmux at 80x24, keys sent in one burst as over SSH."""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path

import pytest

from corpus import ProblemCounts, default_corpus_path
from tests.helpers import (
    UNREADABLE,
    build_bad_folder,
    file_hashes,
    load_articles,
    remove_deep,
    without_root_reads,
)
from tests.tui.tmux import Tmux, app_env, child_processes, command_line, written
from tui.session.saved_file import memory_file

pytestmark = pytest.mark.tmux


def test_burst_search_open_and_read_shaped_text(tmp_path: Path) -> None:
    status_file = tmp_path / "status"
    env = app_env(tmp_path)
    command = f"sh -c '{sys.executable} -m tui; echo $? > {status_file}'"
    session = Tmux(command, env)
    try:
        session.wait_for("5 articles")
        # The query arrives in one read, as a fast typist's keys do over SSH.
        session.keys("/باشينيان", literal=True)
        screen = session.wait_for("result")
        assert "ﻥﺎﻴﻨﻴﺷﺎﺑ" in screen.splitlines()[1]  # the search box shows what was typed, shaped
        assert "2 results" in screen
        session.press_and_wait("Enter")  # the focus moves to the results
        session.keys("Enter")
        session.wait_for("hit 1/")
        screen = session.wait_for("[Reader]")  # a loaded machine may draw the status line first
        # The reader shows shaped Arabic in visual order: باشينيان as presentation forms, reversed.
        assert "ﻥﺎﻴﻨﻴﺷﺎﺑ" in screen
        session.keys("q")
        session.wait_until(lambda: written(status_file), "the app exiting", timeout=10)
        assert status_file.read_text().strip() == "0"
    finally:
        session.close()


def test_keys_typed_before_the_focus_moves_are_kept(tmp_path: Path) -> None:
    env = app_env(tmp_path)
    session = Tmux(f"{sys.executable} -m tui", env)
    try:
        session.wait_for("5 articles")
        # "c", "j" and "k" are keys of the list; inside a burst that starts a search they are text.
        session.keys("/Kjck", literal=True)
        # The search ran on all four letters (on a loaded machine the answer for "K" alone may
        # be drawn first: the test waits for the whole query's, and fails if it never comes).
        screen = session.wait_for("No article matches 'Kjck'")
        assert " Kjck" in screen
    finally:
        session.close()


def test_a_key_that_opens_a_box_and_the_letters_after_it_in_one_read(tmp_path: Path) -> None:
    """E and a name in one read open the archive's entities with the whole name in its box: the
    letters were taken as the list's keys (b bookmarked, a and m acted) or started a search."""
    session = Tmux(f"{sys.executable} -m tui", app_env(tmp_path))
    try:
        session.wait_until(lambda: re.search(r"[1-9][\d,]* entities", session.screen()) is not None, "the entities")
        session.keys("Ebamxq", literal=True)
        screen = session.wait_for("No entity named bamxq.")
        assert "[Articles]" in screen and "ookmark" not in screen
    finally:
        session.close()


def test_enter_and_a_key_after_it_in_one_read_open_the_article_first(tmp_path: Path) -> None:
    """ "/query⏎e" in one read: enter opens the first result, then e shows its entities; e was
    typed into the query while its search ran (the query became "…e")."""
    session = Tmux(f"{sys.executable} -m tui", app_env(tmp_path))
    try:
        session.wait_for("5 articles")
        session.keys("/باشينيان", literal=True)
        session.keys("Enter")
        session.keys("e", literal=True)
        session.wait_for("[Entities]")  # the open article's entities
        session.keys("Escape", "Escape")
        assert session.wait_for("[Search]").splitlines()[1].strip() == "ﻥﺎﻴﻨﻴﺷﺎﺑ"  # the query as typed
    finally:
        session.close()


def test_escape_and_a_key_read_together_are_two_keys(tmp_path: Path) -> None:
    """A terminal reads esc and a key typed at once as alt and the key: the key was typed into
    the query (a date filter "after:2018-06j" was then no filter), esc lost."""
    session = Tmux(f"sh -c 'cd {tmp_path} && {sys.executable} -m tui'", app_env(tmp_path))
    try:
        session.wait_for("5 articles")
        session.keys("/trump", literal=True)
        session.wait_for("result")
        session.keys("\x1bj", literal=True)  # esc and j in one write, as a terminal sends them: alt+j
        session.wait_for("[Search]")
        session.wait_until(lambda: "2. " in session.screen(styled=False), "the results")
        session.keys("x", literal=True)  # a key of the results, not a letter of the query
        session.wait_for("Exported")
        assert list(tmp_path.glob("akhbar-*.csv"))
        assert session.screen().splitlines()[1].strip() == "trump"  # the query kept
    finally:
        session.close()


def test_a_byte_that_is_no_utf8_from_the_keyboard_never_closes_the_app(tmp_path: Path) -> None:
    """xterm's 8-bit meta, or an SSH client set to Windows-1256, sends bytes that are not UTF-8:
    the app closed at once (status 0, nothing saved)."""
    session = Tmux(f"{sys.executable} -m tui", app_env(tmp_path))
    try:
        session.wait_for("5 articles")
        session.keys("/", literal=True)
        session.keys("-H", "ff", "80", "e3", "61")
        session.keys("trump", literal=True)
        session.wait_for("trump")
        assert "5 articles" in session.screen()  # still running
    finally:
        session.close()


def test_an_empty_corpus_is_followed_until_articles_come(tmp_path: Path) -> None:
    """Started on an empty folder (or one whose saved index was empty: the folder was away), the
    app said "the corpus is empty" for ever: follow mode and R never looked again."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    session = Tmux(f"{sys.executable} -m tui --corpus {corpus}", app_env(tmp_path))
    try:
        session.wait_for("the corpus is empty")
        for seed in sorted(default_corpus_path().glob("*.txt")):
            (corpus / seed.name).write_bytes(seed.read_bytes())
        session.wait_for("5 articles")
    finally:
        session.close()


def test_editing_keys_in_a_burst_act_in_the_order_typed(tmp_path: Path) -> None:
    """Backspace and ctrl+u sent in one read with letters act where they were typed (textual#6605:
    the box's bound keys ran after the letters that followed them: "putxi", or an empty box)."""
    session = Tmux(f"{sys.executable} -m tui", app_env(tmp_path))
    try:
        session.wait_for("5 articles")
        session.keys("/trump", literal=True)
        session.wait_for(" trump")
        session.keys("C-u", "p", "u", "t", "x", "BSpace", "i", "n", "Space", "x", "y", "BSpace", "BSpace", "z")
        session.wait_until(lambda: session.screen().splitlines()[1].strip() == "putin z", "the box reading 'putin z'")
        session.keys("Escape", "Escape")  # out of the box: to the results, then to the articles
        session.wait_for("[Articles]")
        session.keys("C-u", "c", "a", "i", "r", "o")  # from the list, in one read: a new query, kept whole
        session.wait_until(lambda: session.screen().splitlines()[1].strip() == "cairo", "the box reading 'cairo'")
        session.keys("Escape", "Escape")
        session.wait_for("[Articles]")
        session.keys("/", "a", "b", "C-u", "c", "d")  # ctrl+u while the keys are on their way to the box
        session.wait_until(lambda: session.screen().splitlines()[1].strip() == "cd", "the box reading 'cd'")
    finally:
        session.close()


def test_a_list_filter_typed_in_one_burst_lands_whole_and_shows_its_last_text(tmp_path: Path) -> None:
    """The list's filter works in a worker: a 40-character filter sent in one read is echoed
    whole, and the list ends on what the whole text admits (views of its prefixes are dropped)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sources, days = ("okaz", "sabq", "alriyadh"), ("2015-07-30", "2015-08-01", "2015-08-31", "2015-09-01")
    expected = 0
    for n in range(240):
        source, day = sources[n % 3], days[n % 4]
        word = "حافلة" if n % 5 == 0 else "قطار"
        (corpus / f"sn_{source}-{day}-{n:05d}.txt").write_text(f"{word} رقم {n}\nنص الخبر", encoding="utf-8")
        expected += source == "okaz" and "2015-08" <= day < "2015-09" and word == "حافلة"
    session = Tmux(f"{sys.executable} -m tui --corpus {corpus}", app_env(tmp_path))
    try:
        session.wait_for("240 articles")
        session.keys("C-f")
        session.wait_for("Filter titles")
        typed = "source:okaz after:2015-08 before:2015-09"
        session.keys(typed + " حافلة", literal=True)
        screen = session.wait_for(f"{expected} of 240 match the filter")
        assert typed in screen and expected > 0
    finally:
        session.close()


def test_render_command_in_a_plain_terminal(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(
        "أعربت كازاخستان عن دعمها لطريق ترامب (TRIPP) في 8 أغسطس 2025.\nEnglish line (kept).\n", encoding="utf-8"
    )
    env = app_env()
    session = Tmux(f"sh -c '{sys.executable} -m tui render < {article}; sleep 30'", env)
    try:
        session.wait_for("ﻥﺎﺘﺴﺧﺍﺯﺎﻛ")
        screen = session.wait_for("English line (kept).")  # both lines written (the first alone was once read)
        first, second = [line for line in screen.splitlines() if line.strip()][:2]
        assert len(first) == 80 and first.endswith("ﺖﺑﺮﻋﺃ")  # right-aligned, read from the right
        assert "(TRIPP)" in first and "2025 ﺲﻄﺴﻏﺃ 8" in first
        assert second == "English line (kept)."
    finally:
        session.close()


def test_a_folder_of_bad_files_in_the_app(tmp_path: Path) -> None:
    """Issue 7's done-when, in a real terminal: every good article, every bad file named,
    title, screen and clipboard untouched by article content, every file unchanged."""
    root = tmp_path / "archive"
    build_bad_folder(root)
    before = file_hashes(root)
    as_root = load_articles([root])  # root reads the two unreadable paths: one file each
    articles = len(as_root.articles) - len(UNREADABLE)
    counts = ProblemCounts.of(as_root.problems)
    skipped = f"{counts.files + len(UNREADABLE)} files skipped · {counts.lines:,} lines skipped"
    env = app_env(tmp_path)
    status_file = tmp_path / "status"
    command = " ".join([*without_root_reads(), sys.executable, "-m", "tui", "--corpus", str(root)])
    session = Tmux(f"sh -c '{command}; echo $? > {status_file}'", env)
    try:
        screen = session.wait_for(skipped, timeout=60)
        assert f"{articles} articles" in screen
        session.keys("w")
        screen = session.wait_for("Permission denied")
        for name in ("locked.txt", "locked:", "empty.txt", "binary.txt", "fifo.txt", "feed.jsonl:2", "dangling.txt"):
            assert name in screen, name
        session.keys("Escape")
        session.wait_gone("Permission denied")
        session.keys("/مقلوب", literal=True)
        session.wait_for("1 result")
        session.press_and_wait("Enter")
        session.keys("Enter")
        session.wait_for("[Reader]")
        screen = session.wait_for("◆")  # the article drawn, not only its tab chosen
        assert "␛" in screen and "◆" in screen  # the controls are shown, not obeyed
        assert screen.splitlines()[0].startswith(" Articles ")  # the screen was not cleared or moved
        session.keys("c")  # copying is the one OSC 52 the app sends: original text
        session.wait_until(lambda: bool(session.buffers()), "the copy reaching tmux")
        copied = session.buffers()
        assert "pwned" not in session.title() and session.title() == Tmux.TITLE
        session.keys("q")
        session.wait_until(lambda: written(status_file), "the app exiting", timeout=10)
        assert status_file.exists() and status_file.read_text().strip() == "0", session.screen()
    finally:
        session.close()
        after = file_hashes(root)
        remove_deep(root / "deep990")  # even on failure: pytest's clean-up of old runs cannot remove it
    assert copied.count("\n") <= 1 and "bytes" in copied  # exactly one buffer: the copy
    assert after == before


def test_a_crash_exits_non_zero_restores_the_terminal_and_leaves_a_log(tmp_path: Path) -> None:
    state = tmp_path / "state"
    status_file = tmp_path / "status"
    env = app_env(tmp_path, XDG_STATE_HOME=str(state))
    # A fault injected for the test: sorting the list raises.
    code = (
        "import tui.app.commands as commands; commands.COMMANDS.update(sort=lambda screen: 1 / 0); "
        "from tui.command import main; raise SystemExit(main())"
    )
    session = Tmux(f"sh -c '{sys.executable} -c \"{code}\"; echo $? > {status_file}; sleep 30'", env)
    try:
        session.wait_for("5 articles")
        session.keys("s")
        session.wait_until(lambda: written(status_file), "the app exiting", timeout=20)
        assert status_file.read_text().strip() == "1"
        screen = session.wait_for("the app stopped on an error")
        assert "[Articles]" not in screen  # the terminal is back to the shell, not the app's screen
    finally:
        session.close()
    log = (state / "akhbar" / "crash.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError" in log


def _session_file(home: Path) -> Path:
    """Where the app keeps what it remembers of the bundled seeds, for an `app_env(home)` run."""
    return memory_file(home / "data" / "akhbar", [str(default_corpus_path())])


@pytest.mark.parametrize("shape", ["fifo", "infinity", "nested 100k deep", "/dev/zero"])
def test_a_hostile_session_file_is_set_aside_and_the_app_starts_and_quits(tmp_path: Path, shape: str) -> None:
    path = _session_file(tmp_path)
    path.parent.mkdir(parents=True)
    if shape == "fifo":
        os.mkfifo(path)
    elif shape == "/dev/zero":
        path.symlink_to("/dev/zero")
    else:
        path.write_text('{"offset": Infinity}' if shape == "infinity" else "[" * 100_000 + "]" * 100_000)
    status_file = tmp_path / "status"
    session = Tmux(f"sh -c '{sys.executable} -m tui; echo $? > {status_file}'", app_env(tmp_path))
    try:
        session.wait_for("5 articles")
        session.wait_for("aside")  # the note says the file was set aside (wrapped anywhere in it)
        session.keys("q")
        session.wait_until(lambda: written(status_file), "the app exiting", timeout=20)
        assert status_file.read_text().strip() == "0"
    finally:
        session.close()
    assert os.path.lexists(path.with_suffix(".corrupt")) and path.exists()  # set aside, and saved afresh at quit


def test_what_cannot_be_saved_at_quit_is_said_after_the_app_exits(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "akhbar").write_text("a file where the data folder goes")
    status_file = tmp_path / "status"
    session = Tmux(f"sh -c '{sys.executable} -m tui; echo $? > {status_file}; sleep 30'", app_env(tmp_path))
    try:
        session.wait_for("5 articles")
        session.keys("q")
        session.wait_until(lambda: written(status_file), "the app exiting", timeout=20)
        said = f"could not be saved to {_session_file(tmp_path)} (Not a directory)"
        session.wait_until(lambda: said in "".join(session.screen().splitlines()), "the reason on the terminal")
        assert status_file.read_text().strip() == "0"
    finally:
        session.close()


def test_a_config_value_that_cannot_be_used_is_named_on_the_screen(tmp_path: Path) -> None:
    config = tmp_path / "config" / "akhbar"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('bidi = "sideways"\nshaping = false\n', encoding="utf-8")
    env = app_env(tmp_path)
    session = Tmux(f"{sys.executable} -m tui", env)
    try:
        screen = session.wait_for("sideways")
        assert "unshaped" in screen  # shaping = false still applied
    finally:
        session.close()


def test_no_color_sends_no_colour_and_the_cursor_still_shows(tmp_path: Path) -> None:
    env = app_env(tmp_path, NO_COLOR="1")
    session = Tmux(f"{sys.executable} -m tui", env)
    try:
        session.wait_for("5 articles")
        session.keys("/كازاخستان", literal=True)
        session.wait_for("results")
        styled = session.screen(styled=True)
        codes = set(re.findall(r"\x1b\[([0-9;]*)m", styled))
        assert not [c for c in codes if "38;" in c or "48;" in c or re.search(r"(^|;)(3|4|9|10)[0-7]($|;)", c)]
        assert any("7" in c.split(";") for c in codes)  # the cursor and the hits: reverse video
    finally:
        session.close()


@pytest.mark.parametrize("fatal", [signal.SIGBUS, signal.SIGSEGV])
def test_a_fatal_signal_gives_the_terminal_back_and_leaves_a_traceback(tmp_path: Path, fatal: signal.Signals) -> None:
    # A mapped index file cut short under the app gives SIGBUS, which Python cannot survive: the
    # process that started the app gives the terminal back and logs what faulthandler wrote.
    state = tmp_path / "state"
    status_file = tmp_path / "status"
    env = app_env(tmp_path, XDG_STATE_HOME=str(state))
    session = Tmux(f"sh -c '{sys.executable} -m tui; echo $? > {status_file}; sleep 30'", env)
    try:
        session.wait_for("5 articles")
        assert session.modes()["alternate_on"] == "1" and session.modes()["mouse_any_flag"] == "1"
        (akhbar,) = child_processes(session.pane_pid())
        started = [pid for pid in child_processes(akhbar) if command_line(pid) == command_line(akhbar)]
        app = started[0] if started else akhbar  # the app, forked by akhbar (not one of its helpers)
        os.kill(app, fatal)
        session.wait_until(lambda: written(status_file), "the app exiting", timeout=20)
        assert status_file.read_text().strip() == str(128 + fatal)

        def said() -> str:  # what the screen says, however the line wraps
            return "".join(session.screen().splitlines())

        session.wait_until(lambda: "akhbar/crash.log" in said(), "the app naming crash.log")
        screen = said()
        assert "killed by" in screen and fatal.name in screen and "[Articles]" not in screen
        modes = session.modes()
        assert modes.pop("alternate_on") == "0" and modes.pop("cursor_flag") == "1"
        assert set(modes.values()) == {"0"}, modes  # no mouse reports left on
    finally:
        session.close()
    log = (state / "akhbar" / "crash.log").read_text(encoding="utf-8")
    assert "Fatal Python error" in log and "most recent call first" in log and fatal.name in log


@pytest.mark.parametrize("ending", ["SIGHUP", "SIGTERM"])
def test_a_dropped_connection_or_a_shutdown_keeps_the_session_as_q_does(tmp_path: Path, ending: str) -> None:
    """An SSH drop (SIGHUP) or a shutdown (SIGTERM) ended the app at once: the query and the open
    article were lost. They quit as q does."""
    session = Tmux(f"{sys.executable} -m tui", app_env(tmp_path))
    path = _session_file(tmp_path)
    try:
        session.wait_for("5 articles")
        session.keys("/باشينيان", literal=True)
        session.wait_for("2 results")
        app = child_processes(session.pane_pid())
        os.kill(session.pane_pid(), getattr(signal, ending))
        session.wait_until(lambda: path.exists() and "باشينيان" in path.read_text(encoding="utf-8"), "the memory")
        session.wait_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in app), "the app ending")
    finally:
        session.close()


def _ignores(pid: int, number: int) -> bool:
    """Whether process `pid` ignores signal `number` (its SigIgn mask in /proc)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    mask = next((line.split()[1] for line in status.splitlines() if line.startswith("SigIgn:")), "0")
    return bool(int(mask, 16) >> (number - 1) & 1)


def test_an_app_that_hangs_on_its_way_out_is_ended_after_a_deadline(tmp_path: Path) -> None:
    """After SIGHUP with a 97 MB article open the app saved what it remembers, then hung until
    kill -9, holding 1 GB (red team). The process that started it gives it ENDING_GRACE seconds."""
    status_file, script = tmp_path / "status", tmp_path / "hang.py"
    script.write_text(
        "import signal, sys, time\n"
        "import tui.crash\n"
        "tui.crash.ENDING_GRACE = 1\n"
        "def run():\n"
        "    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # as an app stuck on its way out\n"
        "    time.sleep(60)\n"
        "    return 0\n"
        "sys.exit(tui.crash.run_guarded(run))\n",
        encoding="utf-8",
    )
    session = Tmux(f"sh -c '{sys.executable} {script}; echo $? > {status_file}; sleep 30'", app_env(tmp_path))
    try:
        session.wait_until(lambda: len(child_processes(session.pane_pid())) == 1, "the guard")
        (guard,) = child_processes(session.pane_pid())
        session.wait_until(lambda: len(child_processes(guard)) == 1, "the app")
        (app,) = child_processes(guard)
        # the app stuck as it ends: SIGTERM ignored (sent before, the forwarded one ended it: 143)
        session.wait_until(lambda: _ignores(app, signal.SIGTERM), "the app ignoring SIGTERM")
        os.kill(guard, signal.SIGTERM)
        session.wait_until(lambda: written(status_file), "the guard ending the app", timeout=10)
        assert status_file.read_text().strip() == str(128 + signal.SIGKILL)
        assert not Path(f"/proc/{app}").exists() or "zombie" in Path(f"/proc/{app}/status").read_text().lower()
        assert "had not ended 1 s after SIGTERM" in "".join(session.screen().splitlines())
    finally:
        session.close()


def test_an_ending_signal_right_after_the_start_is_the_guards_not_its_death(tmp_path: Path) -> None:
    """SIGTERM that came between the fork and the guard's handlers killed the guard (-15, 20
    times in 20) and left the app running, its terminal never given back: it is held until
    the handlers are in, so the guard ends the app and returns its status."""
    import pty
    import subprocess

    script = tmp_path / "quick.py"
    script.write_text(
        "import sys, time\nimport tui.crash\nsys.exit(tui.crash.run_guarded(lambda: time.sleep(20) or 0))\n",
        encoding="utf-8",
    )
    for _ in range(5):
        master, slave = pty.openpty()
        guard = subprocess.Popen([sys.executable, str(script)], stdin=slave, stdout=slave, stderr=slave)
        os.close(slave)
        try:
            children = Path(f"/proc/{guard.pid}/task/{guard.pid}/children")
            while guard.poll() is None and not children.read_text().split():
                pass  # the app forked: the signal comes at once
            guard.send_signal(signal.SIGTERM)
            assert guard.wait(timeout=10) == 128 + signal.SIGTERM  # ended by the guard, the app ended first
        finally:
            guard.kill()
            os.close(master)


def test_a_fatal_signal_on_a_thread_python_does_not_know_still_leaves_a_traceback(tmp_path: Path) -> None:
    """`kill -SEGV` of the app lands on any thread that does not block it; on a native library's
    thread, a traceback of the faulting thread alone was empty (CI, once): every Python thread's is
    written."""
    import pty
    import subprocess

    script = tmp_path / "native.py"
    script.write_text(
        "import ctypes, os, signal, sys, time\n"
        "import tui.crash\n"
        "def run():\n"
        "    libc = ctypes.CDLL(None)\n"
        "    thread = ctypes.c_ulong()\n"
        "    start = ctypes.cast(libc.sleep, ctypes.c_void_p)  # a thread of C only: sleep(30)\n"
        "    assert libc.pthread_create(ctypes.byref(thread), None, start, ctypes.c_void_p(30)) == 0\n"
        "    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGSEGV})  # so it lands on that thread\n"
        "    os.kill(os.getpid(), signal.SIGSEGV)\n"
        "    time.sleep(20)\n"
        "    return 0\n"
        "sys.exit(tui.crash.run_guarded(run))\n",
        encoding="utf-8",
    )
    state = tmp_path / "state"
    master, slave = pty.openpty()
    env = {**os.environ, **app_env(tmp_path, XDG_STATE_HOME=str(state))}
    guard = subprocess.Popen([sys.executable, str(script)], stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    try:
        assert guard.wait(timeout=15) == 128 + signal.SIGSEGV
    finally:
        guard.kill()
        os.close(master)
    log = (state / "akhbar" / "crash.log").read_text(encoding="utf-8")
    assert "killed by SIGSEGV" in log and "most recent call first" in log and "native.py" in log
