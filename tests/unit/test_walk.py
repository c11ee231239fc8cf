"""Paths under a corpus root: the one check every caller uses (export, the cache, the walk, the app)."""

from __future__ import annotations

from corpus.walk import is_under, path_from


def test_a_path_is_under_a_root_only_past_a_separator() -> None:
    assert is_under("/news/okaz/a.txt", "/news/okaz")
    assert is_under("/news/okaz/a.txt", "/news/okaz/")
    assert is_under("/news/okaz", "/news/okaz")
    assert is_under("/news/okaz", "/news/okaz/")
    assert is_under("/news", "/")
    assert not is_under("/news/okaz2/a.txt", "/news/okaz")  # a sibling whose name begins the same
    assert not is_under("/news", "/news/okaz")


def test_the_path_from_a_root() -> None:
    assert path_from("/news/okaz/2018/a.txt", "/news/okaz") == "2018/a.txt"
    assert path_from("/news/okaz/a.txt", "/news/okaz/") == "a.txt"
    assert path_from("/news/okaz", "/news/okaz") == ""
    assert path_from("/news/okaz", "/news/okaz/") == ""
    assert path_from("/news/a.txt", "/") == "news/a.txt"
    assert path_from("/news/okaz2/a.txt", "/news/okaz") is None
