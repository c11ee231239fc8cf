"""A detached tmux session at a fixed size, driven with send-keys and read with capture-pane."""

from __future__ import annotations

import subprocess
import time
import uuid

from tests.helpers import need_tool


class Tmux:
    """A detached tmux session running one command, read back with capture-pane.

    OSC 52 from the program lands in a tmux paste buffer (set-clipboard on), and the pane
    starts titled TITLE: `buffers()` and `title()` show whether the program wrote either.
    """

    TITLE = "akhbar-test-title"

    def __init__(self, command: str, env: dict[str, str], width: int = 80, height: int = 24) -> None:
        self.tmux = need_tool("tmux")
        self.name = f"akhbar-{uuid.uuid4().hex[:8]}"
        self.socket = ["-L", self.name]
        environment = " ".join(f"{k}={v}" for k, v in env.items())
        subprocess.run(
            [
                self.tmux,
                *self.socket,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(width),
                "-y",
                str(height),
                f"env {environment} {command}",
                ";",
                "set",
                "-s",
                "set-clipboard",
                "on",
                ";",
                "select-pane",
                "-t",
                self.name,
                "-T",
                self.TITLE,
            ],
            check=True,
        )

    def _ask(self, *args: str) -> str:
        return subprocess.run([self.tmux, *self.socket, *args], capture_output=True, text=True).stdout

    def title(self) -> str:
        return self._ask("display-message", "-p", "-t", self.name, "#{pane_title}").strip()

    def buffers(self) -> str:
        return self._ask("list-buffers")

    def keys(self, *keys: str, literal: bool = False) -> None:
        subprocess.run(
            [self.tmux, *self.socket, "send-keys", "-t", self.name, *(["-l"] if literal else []), *keys], check=True
        )

    def screen(self) -> str:
        return self._ask("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def close(self) -> None:
        subprocess.run([self.tmux, *self.socket, "kill-server"], capture_output=True)
