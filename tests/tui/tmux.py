"""A detached tmux session at a fixed size, driven with send-keys and read with capture-pane."""

from __future__ import annotations

import subprocess
import time
import uuid

from tests.conftest import need_tool


class Tmux:
    """A detached tmux session running one command, read back with capture-pane."""

    def __init__(self, command: str, env: dict[str, str], width: int = 80, height: int = 24) -> None:
        self.tmux = need_tool("tmux")
        self.name = f"akhbar-{uuid.uuid4().hex[:8]}"
        self.socket = ["-L", self.name]
        environment = " ".join(f"{k}={v}" for k, v in env.items())
        subprocess.run(
            [self.tmux, *self.socket, "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
             f"env {environment} {command}"],
            check=True,
        )

    def keys(self, *keys: str, literal: bool = False) -> None:
        subprocess.run([self.tmux, *self.socket, "send-keys", "-t", self.name, *(["-l"] if literal else []), *keys], check=True)

    def screen(self) -> str:
        done = subprocess.run([self.tmux, *self.socket, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return done.stdout

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
