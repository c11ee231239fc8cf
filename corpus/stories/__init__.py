"""Stories: reprints grouped by MinHash, and the articles of one event joined across sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.lazy import lazy_exports

if TYPE_CHECKING:
    from corpus.stories.index import Story, StoryIndex, build_stories

__all__ = ["Story", "StoryIndex", "build_stories"]

__getattr__ = lazy_exports(__name__, {"Story": "index", "StoryIndex": "index", "build_stories": "index"})
