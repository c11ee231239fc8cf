"""Which folders follow mode watches: each folder once, never through a link unless asked."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from corpus.watch import corpus_folders, watch_corpus


def test_links_to_folders_are_not_watched_unless_followed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "a" / "b").mkdir(parents=True)
    (corpus / "cache").mkdir()
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    os.symlink("/", corpus / "everything")
    os.symlink(corpus, corpus / "a" / "loop")
    os.symlink(outside, corpus / "elsewhere")
    found = corpus_folders([str(corpus)], skip=[str(corpus / "cache")])
    assert sorted(found) == sorted(str(p) for p in (corpus, corpus / "a", corpus / "a" / "b"))
    followed = corpus_folders([str(corpus)], follow_links=True, skip=[str(corpus / "cache"), "/"])
    assert {os.path.realpath(p) for p in followed} == {
        str(p) for p in (corpus, corpus / "a", corpus / "a" / "b", outside, outside / "deep")
    }
    assert len(followed) == 5  # the loop back to the corpus is not walked twice


def test_a_file_in_a_folder_made_after_the_watch_began_wakes_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    os.symlink("/", corpus / "everything")
    stop, asked = threading.Event(), threading.Event()
    wakes: list[str] = []

    def watch() -> None:
        for wake in watch_corpus([str(corpus)], stop, asked):
            wakes.append(wake.method)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        time.sleep(0.5)
        (corpus / "new").mkdir()
        _wait_for(lambda: len(wakes) >= 1)
        time.sleep(0.5)  # the watch starts again on the new set of folders
        (corpus / "new" / "story.txt").write_text("خبر\nنص\n", encoding="utf-8")
        _wait_for(lambda: len(wakes) >= 2)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def _wait_for(condition: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.05)
    raise AssertionError("the watch never woke")


def test_a_corpus_folder_replaced_by_a_link_is_not_watched_unless_followed(tmp_path: Path) -> None:
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    (corpus / "a").mkdir(parents=True)
    (outside / "deep").mkdir(parents=True)
    assert corpus_folders([str(corpus)]) == [str(corpus), str(corpus / "a")]
    corpus.rename(tmp_path / "before")
    os.symlink(outside, corpus)
    assert corpus_folders([str(corpus)]) == []
    assert {os.path.realpath(p) for p in corpus_folders([str(corpus)], follow_links=True)} == {
        str(outside),
        str(outside / "deep"),
    }
