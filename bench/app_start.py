"""The app's start and follow mode on a large archive, as a journalist meets them: tmux at 80x24.

    python -m bench.app_start FOLDER [--cache DIR] [--json FILE]

The archive must have been opened once with this cache (its saved index is what the app starts
from). One run: a file is added to FOLDER and the app started; seconds until the list is on
screen ("N articles (") and until the status line says the file is in ("new article"); then,
with the app running, a second file is added: seconds until it is in, the app's anonymous
memory at its peak (RssAnon, sampled every 0.2 s) and its own memory (smaps_rollup
Private_Dirty) before and after. Both files are removed at the end (the next start takes that
in as a change; the next run adds files of new names).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.archive import _smaps

ADDED = "zz-app-start-{}.txt"
TEXT = "خبر جديد للقياس {}\nقال وزير الخارجية إن المفاوضات مستمرة في جنيف، في خبر رقم {}.\n"


def _screen(tmux: str, socket: str) -> str:
    done = subprocess.run([tmux, "-L", socket, "capture-pane", "-p", "-t", "app"], capture_output=True, text=True)
    return done.stdout


def _until(tmux: str, socket: str, text: str, started: float, limit: float = 900.0) -> float:
    while time.perf_counter() - started < limit:
        lines = _screen(tmux, socket).splitlines()
        if lines and text in lines[-1]:
            return round(time.perf_counter() - started, 2)
        time.sleep(0.1)
    raise TimeoutError(f"{text!r} never appeared")


def _arrival(screen: str) -> str | None:
    """When the status line says the last file arrived ("1 new article at 14:02:31"), or None."""
    found = re.search(r"new articles? at (\d\d:\d\d:\d\d)", screen)
    return found.group(1) if found else None


def _app_pid(folder: Path) -> int:
    """The app's process: of the `akhbar` process and the one it forked (tui/crash.py), the one
    holding the archive (the most memory of its own)."""
    found = subprocess.run(["pgrep", "-f", "--", f"--corpus {folder}$"], capture_output=True, text=True).stdout.split()
    return max((int(pid) for pid in found), key=lambda pid: _smaps(pid).get("Private_Dirty", 0))


def _anon_mb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("RssAnon"))


def measure(folder: Path, cache: Path) -> dict[str, float]:
    tmux = shutil.which("tmux")
    if tmux is None:
        raise SystemExit("tmux is needed")
    socket = f"akhbar-app-start-{os.getpid()}"
    akhbar = str(Path(sys.executable).with_name("akhbar"))
    tag = time.time_ns()
    first, second = folder / ADDED.format(f"{tag}-1"), folder / ADDED.format(f"{tag}-2")
    figures: dict[str, float] = {}
    try:
        first.write_text(TEXT.format(1, 1), encoding="utf-8")
        started = time.perf_counter()
        command = f"XDG_CACHE_HOME={cache} {akhbar} --corpus {folder}"
        subprocess.run(
            [tmux, "-L", socket, "new-session", "-d", "-s", "app", "-x", "80", "-y", "24", command], check=True
        )
        figures["list_on_screen_s"] = _until(tmux, socket, "articles (", started)
        figures["added_file_in_s"] = _until(tmux, socket, "new article", started)
        time.sleep(3)
        pid = _app_pid(folder)
        figures["own_before_mb"] = _smaps(pid)["Private_Dirty"] // 1024
        arrived = _arrival(_screen(tmux, socket))
        second.write_text(TEXT.format(2, 2), encoding="utf-8")
        started, peak = time.perf_counter(), 0
        while time.perf_counter() - started < 900:
            peak = max(peak, _anon_mb(pid))
            if _arrival(_screen(tmux, socket)) not in (None, arrived):
                break
            time.sleep(0.2)
        figures["followed_file_in_s"] = round(time.perf_counter() - started, 2)
        figures["followed_peak_anon_mb"] = peak
        time.sleep(3)
        figures["own_after_mb"] = _smaps(pid)["Private_Dirty"] // 1024
    finally:
        subprocess.run([tmux, "-L", socket, "kill-server"], capture_output=True)
        first.unlink(missing_ok=True)
        second.unlink(missing_ok=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("XDG_CACHE_HOME", "~/.cache")).expanduser())
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures = measure(args.folder.resolve(), args.cache)
    text = json.dumps(figures, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
