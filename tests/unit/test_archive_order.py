"""Ties in every order shown are broken by the archive's order, so that an archive brought up to
date answers as one built from scratch (corpus.search.archive_order)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from corpus import Archive
from corpus.search.archive_order import ArchiveOrder, in_archive_order, tie_columns, ties_in_archive_order
from corpus.search.ranking import best_first
from tests.unit.test_cli import akhbar

SAME = "قال وزير الخارجية إن المفاوضات مستمرة في جنيف حول الاتفاق النووي"
"""One report, carried word for word by several files: its copies score alike."""


def test_an_order_made_from_the_files_puts_each_files_articles_in_its_place() -> None:
    # Articles 0-2 from files 0, 2, 4; article 3 appended to file 2; 4 and 5 from new files 1 and 3.
    order = ArchiveOrder(np.array([0, 2, 4, 2, 1, 3]))
    assert not order.is_numbering()
    assert order.every(6).tolist() == [0, 4, 1, 3, 5, 2]
    assert in_archive_order(order, np.array([1, 2, 4]), 6).tolist() == [4, 1, 2]
    assert in_archive_order(order, np.arange(6), 6).tolist() == [0, 4, 1, 3, 5, 2]
    assert [column.tolist() for column in tie_columns(order, np.array([2, 4]))] == [[2, 4], [4, 1]]
    # Groups of equal keys, each put in the archive's order; the groups stay where they are.
    docs, groups = np.array([5, 0, 1, 4, 2, 3]), np.array([9, 7, 7, 7, 3, 3])
    assert ties_in_archive_order(order, docs, groups).tolist() == [5, 0, 4, 1, 3, 2]


def test_files_in_the_numbering_order_leave_it_as_it_is() -> None:
    order = ArchiveOrder(np.array([0, 0, 1, 3, 3, 7]))
    assert order.is_numbering()
    assert order.every(6).tolist() == list(range(6))
    assert [column.tolist() for column in tie_columns(order, np.array([3, 1]))] == [[3, 1]]
    docs = np.array([4, 1, 2])
    assert ties_in_archive_order(order, docs, np.array([1, 1, 1])) is docs
    assert ties_in_archive_order(None, docs, np.array([1, 1, 1])) is docs


def test_equal_scores_come_in_the_archives_order_highest_first() -> None:
    rng = np.random.default_rng(7)
    count = 500
    doc_file = rng.permutation(count)
    scores = rng.choice(np.array([0.5, 1.25, 3.0, -2.0], dtype=np.float32), size=count)
    docs = np.flatnonzero(rng.random(count) < 0.6)
    order = ArchiveOrder(doc_file)
    ranked = best_first(docs, scores, order)
    expected = docs[np.lexsort((doc_file[docs], -scores[docs]))]
    assert ranked.tolist() == expected.tolist()
    assert best_first(docs, scores).tolist() == docs[np.lexsort((docs, -scores[docs]))].tolist()


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir()
    for name in ("a", "c", "e"):
        (corpus / f"{name}.txt").write_text(f"خبر {name}\n{SAME}\n", encoding="utf-8")
    (corpus / "feed.jsonl").write_text(
        "".join(json.dumps({"title": f"سطر {n}", "text": SAME}, ensure_ascii=False) + "\n" for n in range(2)),
        encoding="utf-8",
    )
    return corpus, cache


def _shown(archive: Archive) -> dict[str, list[str]]:
    listing = archive.listing()
    ids = archive.ids
    return {
        "best": [r.article.id for r in archive.search("المفاوضات جنيف", limit=100)],
        "first 5": [r.article.id for r in archive.search("المفاوضات", limit=5)],
        "newest": [r.article.id for r in archive.search("الاتفاق", by_date=True, limit=100)],
        "list": [ids[doc] for doc in listing.view("")],
        "list by date": [ids[doc] for doc in listing.view("", "date")],
        "list filtered": [ids[doc] for doc in listing.view("خبر")],
        "every article": [article.id for article in archive.in_archive_order()],
    }


def test_an_archive_brought_up_to_date_shows_ties_as_a_build_from_scratch(tmp_path: Path) -> None:
    corpus, cache = _corpus(tmp_path)
    Archive.open([corpus], cache_dir=cache).save(force=True)
    for name in ("b", "d"):  # new files between the others: numbered after them
        (corpus / f"{name}.txt").write_text(f"خبر {name}\n{SAME}\n", encoding="utf-8")
    (corpus / "c.txt").write_text(f"خبر c\n{SAME} اليوم\n", encoding="utf-8")  # read again: numbered last
    with (corpus / "feed.jsonl").open("a", encoding="utf-8") as feed:
        feed.write(json.dumps({"title": "سطر 2", "text": SAME}, ensure_ascii=False) + "\n")
    updated = Archive.open([corpus], cache_dir=cache)
    assert updated.changes is not None and not updated.reused
    assert updated.index.archive_order is not None and not updated.index.archive_order.is_numbering()
    scratch = Archive.open([corpus], use_snapshot=False)
    shown = _shown(updated)
    assert shown == _shown(scratch)
    assert shown["every article"] == ["a", "b", "c", "d", "e", "feed-1", "feed-2", "feed-3"]
    assert shown["first 5"] == ["feed-1", "feed-2", "feed-3", "a", "b"]  # c holds a word more: longer, lower


@pytest.mark.skipif(os.name != "posix", reason="a cache folder by XDG_CACHE_HOME")
def test_list_gives_the_articles_in_the_order_of_a_build_from_scratch(tmp_path: Path) -> None:
    corpus, cache = _corpus(tmp_path)
    env = {"XDG_CACHE_HOME": str(cache), "XDG_DATA_HOME": str(tmp_path / "data")}
    assert akhbar("list", "--corpus", str(corpus), "--json", env=env).returncode == 0
    (corpus / "b.txt").write_text(f"خبر b\n{SAME}\n", encoding="utf-8")
    listed = akhbar("list", "--corpus", str(corpus), "--json", env=env)
    plain = akhbar("list", "--corpus", str(corpus), env=env)
    assert [record["id"] for record in json.loads(listed.stdout)] == ["a", "b", "c", "e", "feed-1", "feed-2"]
    assert [line.split("[")[1].split("]")[0] for line in plain.stdout.splitlines()][:2] == ["a", "b"]
