"""The word lists shipped in corpus/data, read once: the place gazetteer, person-name words, words never a name."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["DATA", "known_names", "latin_names", "not_names", "person_names", "places", "word_list"]

DATA = Path(__file__).resolve().parent.parent / "data"
"""The shipped data files: the tagger model, word clusters, and the place and name lists."""


def word_list(path: Path) -> frozenset[str]:
    """The lines of a shipped list, comments left out (empty when the file is missing)."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Normalized Arabic place names from CLDR and GeoNames (built by scripts/build_gazetteers.py)."""
    return word_list(DATA / "places.txt")


@lru_cache(maxsize=1)
def person_names() -> frozenset[str]:
    """Normalized words of person names, from arabnamer's data (built by scripts/build_person_names.py)."""
    return word_list(DATA / "person_names.txt")


@lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    """Normalized function, currency and unit words: never a name alone (scripts/build_word_lists.py)."""
    return word_list(DATA / "not_names.txt")


@lru_cache(maxsize=1)
def known_names() -> frozenset[str]:
    """Single-word place names and person-name words."""
    return frozenset(name for name in places() | person_names() if " " not in name)


@lru_cache(maxsize=1)
def latin_names() -> dict[str, list[tuple[str, bool]]]:
    """A place's Latin name (folded: egypt, aleppo, maroc) → its Arabic names, normalized, each
    with whether CLDR gives it (else GeoNames): built by scripts/build_latin_names.py."""
    names: dict[str, list[tuple[str, bool]]] = {}
    for line in word_list(DATA / "latin_names.tsv"):
        latin, arabic, source = line.split("\t")
        names.setdefault(latin, []).append((arabic, source == "cldr"))
    return names
