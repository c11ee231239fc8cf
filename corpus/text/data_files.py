"""The shipped data folder and its plain word lists, with nothing of the text rules: read by
corpus.text.normalization and corpus.text.shipped alike (the latter also normalizes)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["DATA", "person_names", "word_list"]

DATA = Path(__file__).resolve().parent.parent / "data"
"""The shipped data files: the tagger model, word clusters, and the place and name lists."""


def word_list(path: Path) -> frozenset[str]:
    """The lines of a shipped list, comments left out (empty when the file is missing)."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def person_names() -> frozenset[str]:
    """Normalized words of person names, from arabnamer's data (built by scripts/build_person_names.py)."""
    return word_list(DATA / "person_names.txt")
