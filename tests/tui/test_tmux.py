"""End to end: the real `akhbar` inside tmux at 80x24, keys sent in one burst as over SSH."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import need_tool

pytestmark = pytest.mark.tmux


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


def test_burst_search_open_and_read_shaped_text(tmp_path: Path) -> None:
    status_file = tmp_path / "status"
    env = {
        "TERM": "xterm-256color",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    command = f"sh -c '{sys.executable} -m tui; echo $? > {status_file}'"
    session = Tmux(command, env)
    try:
        session.wait_for("5 articles")
        # The query arrives in one read, as a fast typist's keys do over SSH.
        session.keys("/باشينيان", literal=True)
        screen = session.wait_for("result")
        assert "باشينيان" in screen  # the search box shows what was typed, nothing lost
        assert "2 results" in screen
        session.keys("Enter")
        time.sleep(0.3)
        session.keys("Enter")
        screen = session.wait_for("hit 1/")
        # The reader shows shaped Arabic in visual order: باشينيان as presentation forms, reversed.
        assert "ﻥﺎﻴﻨﻴﺷﺎﺑ" in screen
        assert "[Reader]" in screen
        session.keys("q")
        deadline = time.monotonic() + 10
        while not status_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert status_file.read_text().strip() == "0"
    finally:
        session.close()


def test_keys_typed_before_the_focus_moves_are_kept(tmp_path: Path) -> None:
    env = {
        "TERM": "xterm-256color",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    session = Tmux(f"{sys.executable} -m tui", env)
    try:
        session.wait_for("5 articles")
        # "c", "j" and "k" are keys of the list; inside a burst that starts a search they are text.
        session.keys("/Kjck", literal=True)
        screen = session.wait_for("Kjck")
        assert "No article matches" in screen or "0 results" in screen
    finally:
        session.close()


def test_render_command_in_a_plain_terminal(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("أعربت كازاخستان عن دعمها لطريق ترامب (TRIPP) في 8 أغسطس 2025.\nEnglish line (kept).\n", encoding="utf-8")
    env = {"TERM": "xterm-256color", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    session = Tmux(f"sh -c '{sys.executable} -m tui render < {article}; sleep 30'", env)
    try:
        screen = session.wait_for("ﻥﺎﺘﺴﺧﺍﺯﺎﻛ")
        first, second = [line for line in screen.splitlines() if line.strip()][:2]
        assert len(first) == 80 and first.endswith("ﺖﺑﺮﻋﺃ")  # right-aligned, read from the right
        assert "(TRIPP)" in first and "2025 ﺲﻄﺴﻏﺃ 8" in first
        assert second == "English line (kept)."
    finally:
        session.close()
