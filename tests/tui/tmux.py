"""A detached tmux session at a fixed size, driven with send-keys and read with capture-pane."""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from tests.helpers import need_tool

ROOT = Path(__file__).resolve().parents[2]


def app_env(home: Path | None = None, **more: str) -> dict[str, str]:
    """The environment of an `akhbar` run in tmux: this checkout, a 256-colour terminal, and
    (with `home`) caches and settings of its own."""
    env = {"TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    if home is not None:
        env.update(
            XDG_CACHE_HOME=str(home / "cache"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_STATE_HOME=str(home / "state"),
        )
    return {**env, **more}


def child_processes(pid: int) -> list[int]:
    """The processes whose parent is `pid` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def command_line(pid: int) -> bytes:
    """The command line a process runs (read from /proc)."""
    return (Path("/proc") / str(pid) / "cmdline").read_bytes()


def written(path: Path) -> bool:
    """Whether the shell has written the exit status: its redirection makes the file before
    `echo` writes to it, so the file alone can be read empty."""
    return path.exists() and bool(path.read_text().strip())


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

    def pane_pid(self) -> int:
        """The process the pane started (its command)."""
        return int(self._ask("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def modes(self) -> dict[str, str]:
        """The terminal modes the program left set: alternate screen, cursor shown, mouse reports."""
        names = ["alternate_on", "cursor_flag", "mouse_any_flag", "mouse_all_flag", "mouse_button_flag"]
        names += ["mouse_standard_flag", "mouse_sgr_flag", "mouse_utf8_flag"]
        values = self._ask("display-message", "-p", "-t", self.name, " ".join(f"#{{{n}}}" for n in names)).split()
        return dict(zip(names, values, strict=True))

    def buffers(self) -> str:
        return self._ask("list-buffers")

    def keys(self, *keys: str, literal: bool = False) -> None:
        subprocess.run(
            [self.tmux, *self.socket, "send-keys", "-t", self.name, *(["-l"] if literal else []), *keys], check=True
        )

    def screen(self, *, styled: bool = False) -> str:
        """The pane's text; `styled` keeps colours and attributes (so a focus change shows)."""
        return self._ask("capture-pane", "-p", *(["-e"] if styled else []), "-t", self.name)

    def wait_until(self, condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
        """Poll until `condition` holds; fail, showing the screen, if it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.05)
        raise AssertionError(f"{what} never happened; the screen was:\n{self.screen()}")

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        """Wait until `text` is on the screen; the screen then."""
        self.wait_until(lambda: text in self.screen(), f"{text!r} appearing", timeout)
        return self.screen()

    def wait_gone(self, text: str, timeout: float = 30.0) -> str:
        """Wait until `text` has left the screen; the screen then."""
        self.wait_until(lambda: text not in self.screen(), f"{text!r} leaving", timeout)
        return self.screen()

    def press_and_wait(self, key: str, timeout: float = 30.0) -> str:
        """Send a key and wait for the screen (colours included) to change in answer to it."""
        before = self.screen(styled=True)
        self.keys(key)
        self.wait_until(lambda: self.screen(styled=True) != before, f"a change after {key}", timeout)
        return self.screen()

    def close(self) -> None:
        subprocess.run([self.tmux, *self.socket, "kill-server"], capture_output=True)
