"""Dates and source names read from the saved article columns in numpy: the numbers a Python
loop over every article gave."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corpus.article_columns import (
    ArticleColumns,
    _packed_days,
    article_days,
    read_article_columns,
    source_codes,
    write_article_columns,
)
from corpus.models import Article
from corpus.packed import PackedStrings

DATES = ["2018-02-18", "", "1999-12-31", "2018-02-18", "", "2024-01-05"]
SOURCES = ["عكاظ", "", "?", "عكاظ", "سبق\x00", "سبق"]


def _saved(tmp_path: Path) -> ArticleColumns:
    articles = [
        Article(f"a{n}", f"/c/a{n}.txt", "عنوان", "نص", date=date, source_name=source)
        for n, (date, source) in enumerate(zip(DATES, SOURCES, strict=True))
    ]
    write_article_columns(tmp_path, articles)
    return read_article_columns(tmp_path, len(articles))


def test_days_from_saved_columns_are_those_of_the_articles(tmp_path: Path) -> None:
    saved = _saved(tmp_path)
    expected = [int(d.replace("-", "")) if d else 0 for d in DATES]
    assert article_days(saved).tolist() == expected
    assert article_days([saved[n] for n in range(len(DATES))]).tolist() == expected


def test_equal_source_names_get_equal_numbers_and_no_name_is_a_question_mark(tmp_path: Path) -> None:
    codes = source_codes(_saved(tmp_path)).tolist()
    names = [name or "?" for name in SOURCES]
    for a in range(len(names)):
        for b in range(len(names)):
            assert (codes[a] == codes[b]) == (names[a] == names[b])
    assert np.array_equal(source_codes([]), np.zeros(0, dtype=np.int64))


def test_an_archive_with_no_source_names_is_one_source(tmp_path: Path) -> None:
    articles = [Article(f"a{n}", f"/c/a{n}.txt", "عنوان", "نص", date="", source_name="") for n in range(3)]
    write_article_columns(tmp_path, articles)
    assert len(set(source_codes(read_article_columns(tmp_path, 3)).tolist())) == 1


@pytest.mark.parametrize("hashes", ["as made", "all one (every name collides)", "one per length"])
def test_source_numbers_stay_exact_when_names_share_a_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hashes: str
) -> None:
    names = [*SOURCES, "ab", "cd", "ab", "سبق", "و" * 80, "و" * 79 + "ي", "و" * 80, "?", ""]
    articles = [
        Article(f"a{n}", f"/c/a{n}.txt", "عنوان", "نص", date="", source_name=source) for n, source in enumerate(names)
    ]
    write_article_columns(tmp_path, articles)
    saved = read_article_columns(tmp_path, len(articles))
    if hashes != "as made":

        def colliding(self: PackedStrings) -> np.ndarray:
            lengths = np.diff(np.asarray(self.offsets))
            return (lengths if hashes == "one per length" else np.zeros_like(lengths)).astype(np.uint64)

        monkeypatch.setattr(PackedStrings, "hashes", colliding)
    codes = source_codes(saved).tolist()
    shown = [name or "?" for name in names]
    assert all((codes[a] == codes[b]) == (shown[a] == shown[b]) for a in range(len(names)) for b in range(len(names)))


def test_days_read_a_digit_at_a_time_are_those_of_a_loop() -> None:
    rng = np.random.default_rng(5)
    dates = [
        f"{rng.integers(1, 10000):04d}-{rng.integers(0, 14):02d}-{rng.integers(0, 33):02d}"
        if rng.random() < 0.8
        else ""
        for _ in range(2000)
    ]
    dates += ["20180218", "2018-02-1", "0001-01-01", "9999-12-31"]
    expected = [int(d.replace("-", "")) if d else 0 for d in dates]
    assert _packed_days(PackedStrings.of(dates)).tolist() == expected
