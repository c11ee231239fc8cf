"""Writing an export from the app: a CSV file named by the time, never into the corpus, written
whole or not at all; the app is told what was written, or why nothing was."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tui.display import visible

if TYPE_CHECKING:
    from textual.app import App

    from corpus import Archive

__all__ = ["export_folder", "export_name", "export_path", "shown_path", "unmade", "write_export"]

TOAST_WIDTH, TOAST_SHARE, TOAST_FRAME = 60, 2, 3
"""A notice is 60 columns wide at most and half the screen, its text 3 fewer (Textual's Toast:
padding and its coloured left edge)."""


def export_name(folder: str | None = None) -> str:
    """A CSV file in `folder` (default: the current directory) that was not there: akhbar-
    YYYYMMDD-HHMMSS.csv (then -2, -3 …), made empty at once so that an export started in the
    same second takes the next name. Raises OSError (the folder is gone, cannot be written)."""
    stem = Path(folder or os.getcwd()) / time.strftime("akhbar-%Y%m%d-%H%M%S")
    path, number = stem.with_suffix(".csv"), 1
    shared = os.path.realpath(stem.parent) == os.path.realpath(tempfile.gettempdir())
    mode = 0o600 if shared else 0o666  # in the temporary folder, readable by its owner alone
    while True:
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
            return str(path)
        except FileExistsError:
            number += 1
            path = stem.with_name(f"{stem.name}-{number}.csv")


def export_folder(archive: Archive) -> str:
    """Where an export goes unless told: the current folder, or, when that is in the corpus
    (the app started there), the home folder, else the temporary one: never the corpus."""
    from corpus import refused_output

    for folder in (os.getcwd(), os.path.expanduser("~"), tempfile.gettempdir()):
        if refused_output(archive, os.path.join(folder, "akhbar-export.csv")) is None:
            return folder
    return os.getcwd()  # every place is in the corpus: the write is refused and says why


def export_path(app: App[object], folder: str | None = None, archive: Archive | None = None) -> str:
    """`export_name` in `folder` (default: `export_folder` of `archive`, else the current
    folder), or "" when no file can be made there (the app is told why)."""
    if folder is None and archive is not None:
        folder = export_folder(archive)
    try:
        return export_name(folder)
    except OSError as error:
        where = "the current folder" if folder is None else folder
        app.notify(visible(f"Not exported: {error.strerror or error} ({where})"), severity="error", timeout=10)
        return ""


def shown_path(path: str, screen_width: int) -> str:
    """`path` as a notice names it: from the current folder when inside it (./akhbar-….csv),
    broken into lines after a / where a line of the notice would cut a name in two, its
    controls made visible (see visible)."""
    path = visible(path)
    try:
        relative = os.path.relpath(path)
    except (OSError, ValueError):  # the current folder gone (FileNotFoundError), another drive
        relative = path
    if not relative.startswith(os.pardir):
        path = os.path.join(os.curdir, relative)
    width = max(10, min(TOAST_WIDTH, screen_width // TOAST_SHARE) - TOAST_FRAME)
    first, *parts = path.split("/")
    lines = [first]
    for part in parts:
        if lines[-1] and len(lines[-1]) + 1 + len(part) > width:
            lines.append(f"/{part}")
        else:
            lines[-1] += f"/{part}"
    return "\n".join(lines)


def unmade(path: str) -> None:
    """Remove the empty file export_name made for an export that was not written."""
    try:
        if os.path.getsize(path) == 0:
            os.unlink(path)
    except OSError:
        pass


def write_export(
    app: App[object],
    archive: Archive,
    rows: Iterable[dict[str, object]],
    fields: Iterable[str],
    path: str,
    said: Callable[[int], str],
) -> None:
    """Write `rows` as CSV to `path` (from a worker thread) and notify the app with `said` of
    the rows written and the file (see shown_path), or with why they were not."""
    from corpus import refused_output, write_rows, writing_atomically

    refusal = refused_output(archive, path)
    if refusal is not None:
        unmade(path)
        app.call_from_thread(app.notify, visible(f"Not exported: {refusal}"), severity="error", timeout=10)
        return
    try:
        with writing_atomically(path) as target:
            written = write_rows(rows, tuple(fields), "csv", target)
    except OSError as error:
        unmade(path)
        failed = f"{visible(f'Export failed: {error.strerror or error}')}:\n{shown_path(path, app.size.width)}"
        app.call_from_thread(app.notify, failed, severity="error", timeout=10)
        return
    app.call_from_thread(app.notify, f"{visible(said(written))} to\n{shown_path(path, app.size.width)}", timeout=6)
