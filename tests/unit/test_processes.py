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
