"""The session (tui.session.Session) driven without a screen: it owns the archive, what is
remembered of it and the open article, as the app's panes read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import Archive, ArticleUnreadable
from tests.helpers import write_articles
from tui.session import Session

TEXTS = [
    "وصل الوفد إلى القاهرة صباح اليوم",
    "أعلنت الحكومة خطة جديدة للنقل",
    "افتتح المعرض الدولي للكتاب في الرياض",
]


def _archive(tmp_path: Path) -> tuple[Archive, Path]:
    corpus = write_articles(tmp_path / "corpus", TEXTS)
    return Archive.open([corpus], cache_dir=tmp_path / "cache"), corpus


def test_a_session_remembers_its_query_and_open_article_for_the_next(tmp_path: Path) -> None:
    archive, corpus = _archive(tmp_path)
    session = Session(memory_folder=tmp_path / "memory")
    restored = session.start(archive)
    assert (restored.query, restored.doc, restored.offset, restored.problem) == ("", None, 0, "")
    doc = archive.find("a1")
    assert doc is not None
    opened = session.open(doc)
    assert opened.text.startswith("أعلنت الحكومة") and session.open_doc == doc
    assert session.remembered is not None and session.remembered.mark(doc) == " "  # read now
    session.query = "الحكومة"
    assert session.remember_now(12) == ""

    again = Session(memory_folder=tmp_path / "memory")
    restored = again.start(Archive.open([corpus], cache_dir=tmp_path / "cache"))
    assert (restored.query, restored.doc, restored.offset) == ("الحكومة", doc, 12)
    assert again.came_from == "search"


def test_bookmarks_and_the_open_article_follow_the_archive_as_it_changes(tmp_path: Path) -> None:
    archive, corpus = _archive(tmp_path)
    session = Session(memory_folder=tmp_path / "memory")
    session.start(archive)
    last = archive.find("a2")
    assert last is not None
    session.open(last)
    assert session.toggle_bookmark(last)
    (corpus / "a0.txt").unlink()  # the first article goes: every later key moves down one
    refreshed = archive.updated()
    assert refreshed is not None
    moved = session.refresh(refreshed)
    assert moved(0) is None
    assert session.open_doc == archive.find("a2") == last - 1
    assert session.remembered is not None and session.remembered.bookmarked_docs() == {last - 1}


def test_an_unreadable_article_leaves_nothing_open(tmp_path: Path) -> None:
    archive, corpus = _archive(tmp_path)
    session = Session(memory_folder=tmp_path / "memory")
    session.start(archive)
    first, second = archive.find("a0"), archive.find("a1")
    assert first is not None and second is not None
    session.open(second)
    if archive.article(first).source is None:
        pytest.skip("the texts of a small archive stay in memory")
    (corpus / "a0.txt").unlink()  # gone since it was indexed
    with pytest.raises(ArticleUnreadable):
        session.open(first)
    assert session.open_doc is None


def test_a_bookmark_follows_its_article_when_ids_are_given_again(tmp_path: Path) -> None:
    """Same-named files are x, x~2 in the order the index met them: a deleted file's id went to
    the next x, and an index built anew numbered them again, so a bookmark marked another article
    (red team). It follows its own article, or marks none while that is gone."""
    corpus = tmp_path / "corpus"
    for folder, text in (("b", "مقال باء"), ("c", "مقال جيم")):
        write_articles(corpus / folder, [text])
    cache, memory = tmp_path / "cache", tmp_path / "memory"

    def titles_bookmarked() -> set[str]:
        session = Session(memory_folder=memory)
        archive = Archive.open([corpus], cache_dir=cache)
        session.start(archive)
        assert session.remembered is not None and session.save() == ""  # kept through each save too
        return {archive.articles[doc].title for doc in session.remembered.bookmarked_docs()}

    session = Session(memory_folder=memory)
    archive = Archive.open([corpus], cache_dir=cache)
    session.start(archive)
    both = {archive.articles[doc].title: doc for doc in range(len(archive.articles))}
    assert session.toggle_bookmark(both["مقال جيم"]) and session.toggle_bookmark(both["مقال باء"])
    assert session.save() == ""
    (corpus / "b" / "a0.txt").unlink()  # باء goes, دال comes: it takes باء's freed id
    write_articles(corpus / "d", ["مقال دال"])
    assert titles_bookmarked() == {"مقال جيم"}
    for path in cache.rglob("*"):  # an index made anew numbers the files again
        if path.is_file():
            path.unlink()
    assert titles_bookmarked() == {"مقال جيم"}
    write_articles(corpus / "b", ["مقال باء"])  # back: its bookmark comes back with it
    assert titles_bookmarked() == {"مقال جيم", "مقال باء"}
    assert titles_bookmarked() == {"مقال جيم", "مقال باء"}  # and stays, saved again
    (corpus / "c" / "a0.txt").write_text("مقال جيم منقح\n", encoding="utf-8")  # its title line edited
    assert titles_bookmarked() == {"مقال جيم منقح", "مقال باء"}


def test_a_bookmark_keeps_its_record_among_records_of_one_title(tmp_path: Path) -> None:
    """A JSON Lines file's records share its path and may share a title (عاجل): a record put
    before them gave the bookmarked one's id to another of the title, which the bookmark then
    marked (red team). Its text tells them apart."""
    corpus, cache, memory = tmp_path / "corpus", tmp_path / "cache", tmp_path / "memory"
    corpus.mkdir()
    feed = corpus / "feed.jsonl"
    records = [
        '{"title": "عاجل", "text": "النص الأول عن الانتخابات البلدية في تونس", "date": "2018-05-01"}\n',
        '{"title": "عاجل", "text": "النص الثاني عن زلزال قوي ضرب المغرب", "date": "2018-05-02"}\n',
    ]
    feed.write_text("".join(records), encoding="utf-8")

    def bookmarked_dates() -> set[str]:
        session = Session(memory_folder=memory)
        archive = Archive.open([corpus], cache_dir=cache)
        session.start(archive)
        assert session.remembered is not None and session.save() == ""
        return {str(archive.articles[doc].date) for doc in session.remembered.bookmarked_docs()}

    session = Session(memory_folder=memory)
    archive = Archive.open([corpus], cache_dir=cache)
    session.start(archive)
    quake = next(doc for doc in range(len(archive.articles)) if "زلزال" in archive.read_text(doc))
    assert session.toggle_bookmark(quake) and session.save() == ""
    assert bookmarked_dates() == {"2018-05-02"}
    new = '{"title": "جديد", "text": "خبر جديد عن الطقس", "date": "2018-05-04"}\n'
    feed.write_text(new + "".join(records), encoding="utf-8")
    assert bookmarked_dates() == {"2018-05-02"}
    feed.write_text(new + records[1] + records[0], encoding="utf-8")  # and the two swapped
    assert bookmarked_dates() == {"2018-05-02"}


def test_nothing_is_remembered_into_a_corpus_that_holds_the_data_folder(tmp_path: Path) -> None:
    """A corpus of the home folder holds the data folder: the session and its lock file were
    written into it (the hostile-files audit). Nothing is written there, and each save says so."""
    corpus = write_articles(tmp_path / "home", TEXTS)
    memory = corpus / ".local" / "share" / "akhbar"
    before = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))
    session = Session(memory_folder=memory)
    session.start(Archive.open([corpus], cache_dir=tmp_path / "cache"))
    session.query = "الحكومة"
    said = session.remember_now(0)
    assert said == f"nothing is remembered after this session: the data folder {memory} is in the corpus"
    assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == before
