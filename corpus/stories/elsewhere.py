"""Grouping the stories of a saved index generation in a fresh interpreter, for the app.

Made in the app's own process, the grouping's temporary arrays (and the index pages it reads)
would stay in the app's memory; a helper process reads the saved generation, groups, saves the
stories into it and ends, and the app reads them back through memory maps (about 1 MB of its
own). Where no process can be started, the caller groups in its own.
"""

from __future__ import annotations

from pathlib import Path

from corpus.models import Progress, report_phase
from corpus.processes import ends_with_parent, spawn_context, starting_helpers
from corpus.storage.generations import IndexStore
from corpus.stories.index import build_stories
from corpus.stories.saved import save_stories

__all__ = ["group_elsewhere"]

POLL_SECONDS = 0.1


def group_elsewhere(generation: Path, *, progress: Progress | None = None) -> bool:
    """Group the generation's stories in a helper process that saves them into it; True when
    it did. `progress` is told the phase while it works, and may raise to stop it (the helper
    is then ended)."""
    context = spawn_context()
    child = context.Process(target=_group_saved, args=(str(generation),), daemon=True)
    with starting_helpers():
        try:
            child.start()
        except (OSError, ValueError, RuntimeError):
            return False
    try:
        while child.is_alive():
            report_phase(progress, "grouping stories")
            child.join(POLL_SECONDS)
    except BaseException:
        child.terminate()
        child.join()
        raise
    return child.exitcode == 0


def _group_saved(generation: str) -> None:
    """In the helper: read the generation, group its stories and save them into it."""
    ends_with_parent()
    folder = Path(generation)
    saved = IndexStore.at(folder.parent).load(folder.name)
    if saved is None:
        raise SystemExit(1)
    save_stories(folder, build_stories(saved.index))
