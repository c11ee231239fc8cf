"""Writing an export from the app: a CSV file named by the time, never into the corpus, written
whole or not at all; the app is told what was written, or why nothing was."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tui.display import visible

if TYPE_CHECKING:
    from textual.app import App

    from corpus import Archive

__all__ = ["export_name", "write_export"]


def export_name(folder: str) -> str:
    """A CSV file in `folder` that is not there yet: akhbar-YYYYMMDD-HHMMSS.csv (then -2, -3 …)."""
    stem = Path(folder) / time.strftime("akhbar-%Y%m%d-%H%M%S")
    path, number = stem.with_suffix(".csv"), 1
    while path.exists():
        number += 1
        path = stem.with_name(f"{stem.name}-{number}.csv")
    return str(path)


def write_export(
    app: App[object],
    archive: Archive,
    rows: Iterable[dict[str, object]],
    fields: Iterable[str],
    path: str,
    said: Callable[[int], str],
) -> None:
    """Write `rows` as CSV to `path` (from a worker thread) and notify the app with `said` of
    the rows written, or with why they were not."""
    from corpus import refused_output, write_rows, writing_atomically

    refusal = refused_output(archive, path)
    if refusal is not None:
        app.call_from_thread(app.notify, visible(f"Not exported: {refusal}"), severity="error", timeout=10)
        return
    try:
        with writing_atomically(path) as target:
            written = write_rows(rows, tuple(fields), "csv", target)
    except OSError as error:
        failed = f"Export failed: {error.strerror or error} ({path})"
        app.call_from_thread(app.notify, visible(failed), severity="error", timeout=10)
        return
    app.call_from_thread(app.notify, visible(said(written)), timeout=6)
