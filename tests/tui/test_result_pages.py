"""The app shows a search's true count and pages through every result; x exports them all, in
the order shown, into the current folder (never into the corpus); + adds the spelling variants
the notes offer, and = searches as written only."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from corpus import Archive
from tests.helpers import SIZE, ready, screen_showing
from tui.app import AkhbarApp, make_app
from tui.app.panes.search import PAGE

FILLER = "أعلنت الجهات المختصة اليوم عن نتائج جديدة في إطار متابعة الملفات"


def _corpus(folder: Path, count: int) -> Path:
    """`count` articles that name الرئيس ترمب, and some that write the name ترامب."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"a{n:05d}.txt").write_text(f"خبر {n}\nقال الرئيس ترمب {FILLER} {n}.\n", encoding="utf-8")
    for n in range(40):
        (folder / f"b{n:05d}.txt").write_text(f"تقرير {n}\nقال الرئيس ترامب {FILLER}.\n", encoding="utf-8")
    return folder


def _archive(app: AkhbarApp) -> Archive:
    archive = app.session.archive
    assert archive is not None
    return archive


async def _search(app: object, pilot: object, query: str) -> None:
    app.main.activate("search")  # type: ignore[attr-defined]
    app.main.search_input.value = query  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


@pytest.mark.parametrize("count", (PAGE - 1, PAGE, 2 * PAGE + 7))
async def test_the_count_is_exact_and_every_result_can_be_reached(tmp_path: Path, count: int) -> None:
    app = make_app([_corpus(tmp_path / "corpus", count)], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await _search(app, pilot, "ترمب ")
        await screen_showing(app, pilot, f"{count:,} results")
        results = app.main.results
        assert results.item_count == min(count, PAGE)
        results.focus()
        for _ in range(count // 10 + 20):  # G, as a person would, until the end stops moving
            await pilot.press("G")
            await app.workers.wait_for_complete()
            await pilot.pause()
            if results.item_count == count and results.cursor == count - 1:
                break
        docs = [r.doc for r in results.results]
        assert len(docs) == len(set(docs)) == count
        assert docs == _archive(app).results("ترمب ").docs().tolist()


async def test_x_exports_every_result_in_the_order_shown_into_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = 2 * PAGE + 7
    corpus = _corpus(tmp_path / "corpus", count)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    app = make_app([corpus], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.search_pane.toggle_order()  # newest first: the export follows the order shown
        await _search(app, pilot, "ترمب ")
        app.main.results.focus()
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = list(here.glob("akhbar-*.csv"))
        assert len(written) == 1
        with written[0].open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        expected = _archive(app).results("ترمب ", by_date=True).docs().tolist()
        assert [row["id"] for row in rows] == [_archive(app).ids[doc] for doc in expected]
        assert len(rows) == count
    assert not list(corpus.glob("akhbar-*"))


async def test_x_never_writes_into_the_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Started in the corpus folder, x was refused and offered nowhere else: it writes into the
    home folder, and says so; not a byte goes into the corpus, not even an empty file."""
    corpus = _corpus(tmp_path / "corpus", 3)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    before = sorted(p.name for p in corpus.iterdir())
    monkeypatch.chdir(corpus)
    app = make_app([corpus], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await _search(app, pilot, "ترمب ")
        app.main.results.focus()
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert not any(m.startswith("Not exported:") for m in said), said
        assert any(str(home) in m.replace("\n", "") for m in said), said  # broken into lines after a /
    assert sorted(p.name for p in corpus.iterdir()) == before
    assert len(list(home.glob("akhbar-*.csv"))) == 1


async def test_plus_adds_the_offered_variant_and_equals_searches_as_written(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 60)
    for n in range(3):  # a slip of the fingers written where ترمب is: offered, not matched
        (corpus / f"s{n:05d}.txt").write_text(f"تقرير {n}\nقال الرئيس تربم {FILLER}.\n", encoding="utf-8")
    for n in range(100):  # other news, so that the name's neighbours tell its articles apart
        (corpus / f"c{n:05d}.txt").write_text(f"مقال {n}\nذهب الوزير إلى المدينة {n}.\n", encoding="utf-8")
    app = make_app([corpus], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await _search(app, pilot, "ترمب ")
        found = len(_archive(app).results("ترمب ").docs())
        app.main.results.focus()
        await pilot.press("plus")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main.search_input.value.strip() == "ترمب|تربم"
        await screen_showing(app, pilot, f"{found + 3} results")
        await pilot.press("equals_sign")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main.search_input.value.startswith("=")
        await screen_showing(app, pilot, "63 results")  # both spellings, each as written
        await pilot.press("equals_sign")
        assert not app.main.search_input.value.startswith("=")


async def test_a_word_typed_last_is_offered_its_variants_once_the_box_is_left(tmp_path: Path) -> None:
    """A query typed without a space after it, whose results stand once the box is left (no
    longer word matched), is offered its variants as the shell offers them: + adds them."""
    corpus = _corpus(tmp_path / "corpus", 60)
    for n in range(3):
        (corpus / f"s{n:05d}.txt").write_text(f"تقرير {n}\nقال الرئيس تربم {FILLER}.\n", encoding="utf-8")
    for n in range(100):
        (corpus / f"c{n:05d}.txt").write_text(f"مقال {n}\nذهب الوزير إلى المدينة {n}.\n", encoding="utf-8")
    app = make_app([corpus], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await _search(app, pilot, "ترمب")
        app.main.results.focus()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("plus")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main.search_input.value.strip() == "ترمب|تربم"


def test_the_count_of_results_is_never_pushed_out_by_long_notes() -> None:
    """Notes wrapped over several lines take only the room the count of results leaves them;
    what does not fit is counted on a line of its own (it had pushed the count off the screen)."""
    from tui.app.panes.search import _notes_that_fit

    notes = ["a\n b\n c", "d\n e", "f"]  # wrapped notes: three lines, two, one

    def same(note: str) -> str:
        return note

    assert _notes_that_fit(notes, same, 3) == [" a b c …", " … and 2 more notes"]  # never only "more notes"
    assert _notes_that_fit(notes, same, 1) == [" … and 3 more notes"]

    def wrapped(note: str, width: int = 12) -> str:  # as the pane wraps: words to a width
        lines: list[str] = []
        for word in note.split():
            if lines and len(lines[-1]) + 1 + len(word) <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
        return "\n ".join(lines)

    long = "no exact match for word; searched as: one two three four five six seven"
    cut = _notes_that_fit([long, "other"], wrapped, 3)
    assert len(cut) == 2 and cut[1] == " … and 1 more note" and cut[0].endswith("…")
    assert cut[0].count("\n") + 1 <= 2 and all(len(line) <= 13 for line in cut[0].split("\n"))
    assert _notes_that_fit(notes, same, 4) == [" a\n b\n c", " … and 2 more notes"]
    assert _notes_that_fit(notes, same, 10) == [" a\n b\n c", " d\n e", " … and 1 more note"]
    assert _notes_that_fit(["f"], same, 1) == [" f"]
