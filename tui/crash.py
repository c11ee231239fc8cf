"""Crashes of the app: the log they leave, and the terminal given back whole however the app ends.

The app runs in a child process, forked before Textual is imported; this process only waits
for it. A Python error is logged by the app itself (`report_crash`). A fatal signal (SIGBUS
when a memory-mapped index file is truncated under it, SIGSEGV) kills the child where Python
cannot recover: faulthandler has then written the child's traceback to a file this process
reads; this process restores the terminal (its modes as saved before the fork, the alternate
screen left, mouse, paste and focus reports off, the cursor shown), adds the traceback to
crash.log and says so in one line.

Nothing here imports Textual.
"""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from tui.display import visible

__all__ = [
    "CRASH_LOG",
    "TERMINAL_RESET",
    "crash_log",
    "end_with_guard",
    "report_crash",
    "run_guarded",
    "say_after_exit",
]

CRASH_LOG = "crash.log"

TERMINAL_RESET = (
    "\x1b\\"  # ends an escape string cut short (an OSC 8 link) and cancels a half-written sequence
    "\x1b]8;;\x1b\\"  # no hyperlink open
    "\x1b[0m"  # plain colours
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1016l"  # no mouse reports
    "\x1b[?2004l"  # no bracketed paste
    "\x1b[?1004l"  # no focus reports
    "\x1b[?2048l"  # no in-band resize reports
    "\x1b[<u"  # the kitty keyboard protocol popped
    "\x1b[?7h"  # lines wrap again
    "\x1b[?1049l"  # the shell's screen back
    "\x1b[?25h"  # the cursor shown
)
"""What undoes every mode the app (Textual's driver) sets, sent when the app could not undo them."""

FORWARDED = (signal.SIGTERM, signal.SIGHUP)
"""Signals this process passes on to the app and then ends by, as the app does."""
WATCHED = {*FORWARDED, signal.SIGTSTP, signal.SIGALRM, signal.SIGCHLD}
"""Signals the guard holds and takes in turn while the app runs."""
ENDING_GRACE = 15
"""Seconds the app has to quit after SIGHUP or SIGTERM (it saves what it remembers first, then
waits for an export being written) before the process that started it ends it with SIGKILL."""

PR_SET_CHILD_SUBREAPER = 36
"""prctl option (linux/prctl.h): orphaned descendants are handed to this process, not to init."""

FAULTS = (signal.SIGSEGV, signal.SIGBUS, signal.SIGFPE, signal.SIGILL, signal.SIGABRT)
"""The signals faulthandler writes a traceback for: a crash, logged in crash.log."""

SIGBUS_HINT = "a memory-mapped file (an index array) was cut short or changed under the app"


def crash_log() -> Path:
    """Where crashes are logged: crash.log in the user's state directory."""
    from corpus import state_dir

    return state_dir() / CRASH_LOG


def report_crash(details: str, what: str = "the app stopped on an error") -> None:
    """Keep the details of a crash in crash.log, and say in one line on stderr where they are
    (never the details themselves, which may hold article text)."""
    path = crash_log()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8", errors="replace") as log:
            log.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} {what}\n{details}\n")
    except OSError as error:
        _say(f"akhbar: {what}, and its log could not be written ({error}):\n{visible(details, keep_newlines=True)}")
        return
    _say(f"akhbar: {what}; the details are in {visible(str(path))}")


_parting: IO[bytes] | None = None
"""In the app's process, where its last lines go for the starting process to print once the app
has ended: printed by the app itself they could race the terminal's restoring (Textual writes its
last sequences from a thread) and land on the app's screen, which is then wiped."""


def say_after_exit(line: str) -> None:
    """A line for the user once the app has ended and its screen is gone."""
    _say(line)


def _say(line: str) -> None:
    """A line on stderr (kept for the starting process to print, in the app's process), unless
    the terminal is gone (the connection hung up)."""
    if _parting is not None:
        try:
            _parting.write(line.encode("utf-8", "replace") + b"\n")
            _parting.flush()
            return
        except OSError:
            pass
    try:
        print(line, file=sys.stderr, flush=True)
    except OSError:
        pass


def _restore_terminal(fd: int, modes: list[Any]) -> None:
    """The terminal as it was before the app: its modes, and every screen mode the app set undone.
    A terminal that is gone (the connection hung up) is left alone."""
    try:
        termios.tcsetattr(fd, termios.TCSANOW, modes)
    except (termios.error, OSError):
        pass
    try:
        os.write(sys.stdout.fileno(), TERMINAL_RESET.encode("ascii"))
    except OSError:
        pass


def _watch(child: int) -> tuple[int, list[int]]:
    """Wait for the app (`child`) to end, with WATCHED held, and return its wait status and the
    signals this process passed on to end it (SIGKILL last when the app outlived ENDING_GRACE).
    SIGTERM and SIGHUP are passed on, and the first sets the deadline (SIGALRM); SIGTSTP is
    passed on (the app leaves its screen, then stops). When the app stops, this process stops
    too, so the shell sees the whole job stopped; the shell's SIGCONT wakes both."""
    received: list[int] = []
    try:
        while True:
            number = signal.sigwaitinfo(WATCHED).si_signo
            if number in FORWARDED:
                received.append(number)
                _send(child, number)
                if len(received) == 1:  # the first ending signal sets the deadline; another never moves it
                    signal.alarm(ENDING_GRACE)  # the app saves what it remembers, then quits
            elif number == signal.SIGALRM:  # it hung on its way out (a thread waiting on a lock)
                received.append(signal.SIGKILL)
                _send(child, signal.SIGKILL)
            elif number == signal.SIGTSTP:
                _send(child, signal.SIGTSTP)
            while True:  # SIGCHLD, or it came with another: two of a kind pending are one
                ended, status = os.waitpid(child, os.WNOHANG | os.WUNTRACED)
                if ended == 0:
                    break
                if not os.WIFSTOPPED(status):
                    return status, received
                os.kill(os.getpid(), signal.SIGSTOP)
    finally:
        signal.alarm(0)


def _send(child: int, number: int) -> None:
    """Signal the app, unless it is already gone."""
    try:
        os.kill(child, number)
    except ProcessLookupError:
        pass


def _adopt_orphans() -> None:
    """Make this process the one the app's helper processes are handed to should the app die
    (Linux: a child subreaper); elsewhere nothing changes."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _end_orphans() -> None:
    """Ask the processes left by the dead app (handed to this one) to end: SIGTERM, no waiting."""
    me = os.getpid()
    try:
        entries = os.listdir("/proc")
    except OSError:
        return
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                parent = int(stat.read().rsplit(b")", 1)[1].split()[1])
            if parent == me:
                os.kill(int(entry), signal.SIGTERM)
        except (OSError, ValueError, IndexError):
            continue


def _print_parting(parting: IO[bytes] | None) -> None:
    """What the app left to say, on stderr now that it has ended and its screen is gone."""
    if parting is None:
        return
    try:
        parting.seek(0)
        said = parting.read()
        if said:
            sys.stderr.buffer.write(said)
            sys.stderr.flush()
    except OSError:
        pass


def _fault_file() -> IO[bytes] | None:
    """An unnamed file faulthandler writes the child's traceback to (nothing is left on disk)."""
    try:
        return tempfile.TemporaryFile()
    except OSError:
        return None


def end_with_guard(guard: int, grace: float = ENDING_GRACE) -> None:
    """End the app when the process guarding it (`guard`, its parent) is gone: killed with
    SIGKILL, the guard forwards no signal, and the app, out of the terminal's process group,
    got no SIGHUP when the terminal closed; it read an ended input for ever at half a core, or
    hung on its screen's writes, holding the index open. The app is then sent SIGHUP, as a
    dropped connection does (it saves what it remembers and quits), and ended `grace` seconds
    later if it is still there (its main thread may be stuck on a dead screen). Imported here, in
    the app: the guard itself stays a small process that never imports the corpus package."""
    from corpus.processes import ends_with_parent

    ends_with_parent(guard, warning=signal.SIGHUP, grace=grace)


def run_guarded(run: Callable[[], int]) -> int:
    """Run the app (`run`) in a child process and return its exit status; when a signal kills it,
    give the terminal back and log what faulthandler wrote. Without fork or a terminal whose
    modes can be read, the app simply runs here."""
    fd = sys.stdin.fileno()
    try:
        modes = termios.tcgetattr(fd)
    except (termios.error, OSError):
        return run()
    global _parting
    faults, parting = _fault_file(), _fault_file()
    _adopt_orphans()
    sys.stdout.flush()
    sys.stderr.flush()
    # The guard takes its signals synchronously (sigwaitinfo), never by handlers: a handler's
    # signal that came just before the guard's blocking wait for the app ran no Python code until
    # the app ended (a SIGTERM right after the start: the app was never told, CI timed out), and
    # one that came between the fork and the handlers killed the guard. They are held from before
    # the fork; the app starts with the mask as it was.
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # an inherited SIG_IGN would reap the app unseen
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)  # the app decides what an interrupt does
    before = signal.pthread_sigmask(signal.SIG_BLOCK, WATCHED)
    guard = os.getpid()  # read before the fork: a guard gone before the child looks is seen gone
    child = os.fork()
    if child == 0:  # the app: faulthandler writes a fatal signal's traceback for the parent to log
        end_with_guard(guard)
        if interrupt is not None:  # None: set outside Python, and left as it is
            signal.signal(signal.SIGINT, interrupt)
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
        if faults is not None:
            # Every Python thread: a fatal signal sent to the process can land on a thread Python
            # does not know (a native library's pool), which alone shows no traceback at all.
            faulthandler.enable(faults, all_threads=True)
        _parting = parting
        return run()
    status, received = _watch(child)
    if not os.WIFSIGNALED(status):
        _print_parting(parting)
        return os.waitstatus_to_exitcode(status)
    number = os.WTERMSIG(status)
    _end_orphans()  # the app's helpers, whose tracebacks would land on the shell's screen
    _restore_terminal(fd, modes)
    _print_parting(parting)
    if number in FAULTS:
        _log_fatal_signal(number, faults)
    elif number == signal.SIGKILL and number in received:
        ending = _signal_name(received[0])
        _say(f"akhbar: the app had not ended {ENDING_GRACE} s after {ending}, and was stopped")
    elif number not in received:
        _say(f"akhbar: the app was stopped by {_signal_name(number)}")
    return 128 + number


def _signal_name(number: int) -> str:
    """SIGBUS (Bus error)."""
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    return f"{name} ({signal.strsignal(number) or 'unknown'})"


def _log_fatal_signal(number: int, faults: IO[bytes] | None) -> None:
    """Log what killed the app, with the traceback faulthandler wrote, and say where it is."""
    what = f"the app was killed by {_signal_name(number)}"
    details = ""
    if faults is not None:
        faults.seek(0)
        details = faults.read().decode("utf-8", errors="replace").strip()
    details = details or "No traceback was written."
    if number == signal.SIGBUS:
        details = f"Likely cause: {SIGBUS_HINT}.\n{details}"
    report_crash(details, what)
