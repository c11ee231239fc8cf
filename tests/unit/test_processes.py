"""Helper processes end with the process that started them, however it ends."""

from __future__ import annotations

import os
import time
from multiprocessing.connection import Connection

from corpus.processes import ends_with_parent, spawn_context


def _grandchild() -> None:  # a helper: waits for ever unless its parent's end ends it
    ends_with_parent()
    while True:
        time.sleep(0.1)


def _child(answer: Connection) -> None:  # a parent that dies without cleaning up, as under SIGKILL
    helper = spawn_context().Process(target=_grandchild)
    helper.start()
    answer.send(helper.pid)
    time.sleep(0.5)
    os._exit(0)


def test_a_helper_ends_when_the_process_that_started_it_is_killed() -> None:
    receiver, sender = spawn_context().Pipe(duplex=False)
    child = spawn_context().Process(target=_child, args=(sender,))
    child.start()
    helper = receiver.recv()
    child.join(30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.kill(helper, 0)
        except ProcessLookupError:
            return  # gone
        time.sleep(0.2)
    os.kill(helper, 9)
    raise AssertionError("the helper outlived its parent")


def _guarded_app(answer: Connection, marker: str, hup: bool) -> None:
    """A guard that forks an app and dies without cleaning up, as under SIGKILL: the app either
    saves on SIGHUP (writes `marker`) or, stuck, ignores it."""
    import signal

    from tui.crash import end_with_guard

    app = os.fork()
    if app == 0:
        if hup:

            def save(*_: object) -> None:
                with open(marker, "w"):
                    pass
                os._exit(0)

            signal.signal(signal.SIGHUP, save)
        else:
            signal.signal(signal.SIGHUP, signal.SIG_IGN)
        end_with_guard(os.getppid(), grace=1.0)
        while True:
            time.sleep(0.1)
    answer.send(app)
    time.sleep(0.5)
    os._exit(0)


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    os.kill(pid, 9)
    return False


def test_the_app_saves_and_ends_when_its_guard_is_killed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The app outlived an `akhbar` killed with SIGKILL: out of the terminal's group it got no
    SIGHUP when the terminal closed, and read an ended input for ever at half a core."""
    for hup in (True, False):
        marker = tmp_path / f"saved-{hup}"
        receiver, sender = spawn_context().Pipe(duplex=False)
        guard = spawn_context().Process(target=_guarded_app, args=(sender, str(marker), hup))
        guard.start()
        app = receiver.recv()
        guard.join(30)
        assert _gone_within(app, 15), "the app outlived its guard"
        assert marker.exists() == hup  # it was sent SIGHUP, and saved; stuck, it was ended after the grace
