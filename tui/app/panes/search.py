"""The search pane: the query box, its status line and the ranked results; it runs its own searches."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.style import Style
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from corpus import Doc, counted
from corpus.search import MAX_QUERY_CHARS, SearchStopped, bounded_query, check_stop, parse_query, with_alternatives
from tui.app.exporting import export_path, unmade, write_export
from tui.app.keys import COPY, bindings
from tui.app.widgets.clipboard import copy_text
from tui.app.widgets.cursor_list import CursorList
from tui.app.widgets.lines import first_line, text_strip, visual_strip
from tui.app.widgets.safe_input import SafeInput
from tui.display import DisplayOptions, is_rtl_text, render_text, timeline_chart, visible

if TYPE_CHECKING:
    from corpus import Archive, StoryIndex
    from corpus.search import ResultSet, SearchResult
    from tui.session import Session

__all__ = ["ResultList", "SearchPane", "PAGE"]

PAGE = 100
"""Results made at a time: the first page, then the next as the cursor nears the end."""
OPEN_WAIT = 3.0
"""Seconds at most the keys after enter wait for its search to come and open the first result."""
FIRST_SNIPPETS = 30
"""Results whose snippets the search makes before it shows them: more than a tall screen shows."""
SNIPPET_BATCH = 40
"""Snippets made at a time for the rows shown once the list scrolls to rows without them."""
LOAD_AHEAD = 30
"""Rows before the end of those made at which the next page is asked for."""
LINE_CACHE = 1024
NOTE_LINES = 2
"""Notes shown before the results (words not found as written, what was left out); more are
counted on one line, so that the status (four lines at most) still shows how many results."""
Hits = tuple[tuple[int, int], ...]


class ResultList(CursorList):
    """Ranked results, a title line and a shaped snippet line each, hits highlighted."""

    LINES_PER_ITEM = 2
    BINDINGS = bindings([COPY])

    class NearEnd(Message):
        """The rows shown near the end of the results made so far, when more are to come."""

    class AllWanted(Message):
        """G before every result is made: make the rest, then go to the last."""

    class SnippetsWanted(Message):
        """A row is shown whose snippet is not made yet (they are made in a worker, from `start`)."""

        def __init__(self, start: int) -> None:
            super().__init__()
            self.start = start

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.results: list[SearchResult] = []
        """The rows shown: every result made, or with `folded` the first of each story."""
        self.made: list[SearchResult] = []
        """Every result made so far, in rank order."""
        self.stories: StoryIndex | None = None
        """The archive's stories, once grouped: each row then says how many other outlets
        carried its story ("+4"), and rows can be folded by story."""
        self.folded = False
        self._to_last = False
        """G was pressed before every result was made: go to the last once they are."""
        self.total = 0
        """How many results the search has: the first `len(results)` are made."""
        self._asked = False
        self._wanting = False
        """Snippets are being made for rows shown without them."""
        self.options = DisplayOptions()
        self._lines: LRUCache[tuple[int, int, int, bool], Strip] = LRUCache(LINE_CACHE)
        self.empty_message = "Type to search the whole corpus."

    def set_results(self, results: list[SearchResult], empty_message: str, total: int | None = None) -> None:
        """Show the first results of a search of `total` (default: these alone)."""
        self.made = list(results)
        self.results = self._shown(self.made)
        self.total = len(results) if total is None else total
        self._asked = False
        self._wanting = False
        self._to_last = False
        self.empty_message = empty_message
        self._lines.clear()
        self.set_item_count(len(self.results))

    def add_results(self, results: list[SearchResult]) -> None:
        """The next page of the same search, after those shown; the cursor stays."""
        self.made.extend(results)
        self.results = self._shown(self.made)
        self._asked = False
        self.set_item_count(len(self.results), keep_cursor=True)
        if self._to_last and len(self.made) >= self.total:
            self._to_last = False
            super().action_last()
        elif self._to_last:  # a page asked for before G came first: the rest are asked for again
            self._asked = True
            self.post_message(self.AllWanted())

    def action_last(self) -> None:
        """The last result of the search, not of those made so far (they are made first)."""
        if len(self.made) < self.total:
            self._to_last = True
            self._asked = True  # no page asked for meanwhile: it would take the rest's place
            self.post_message(self.AllWanted())
        super().action_last()

    def set_stories(self, stories: StoryIndex | None) -> None:
        """The stories arrived (or changed with the archive): rows are drawn again with them."""
        self.stories = stories
        self._refold()

    def toggle_fold(self) -> bool:
        """Fold each story into its best-ranked row, or unfold; True when now folded."""
        self.folded = not self.folded
        self._refold()
        return self.folded

    def _refold(self) -> None:
        current = self.current
        self.results = self._shown(self.made)
        self._lines.clear()
        self.set_item_count(len(self.results))
        if current is not None and current in self.results:
            self.cursor = self.results.index(current)
        self.refresh()

    def _shown(self, made: list[SearchResult]) -> list[SearchResult]:
        """The rows of `made`: all of them, or when folded the first result of each story."""
        stories = self.stories
        if not self.folded or stories is None:
            return list(made)
        seen: set[int] = set()
        shown = []
        for result in made:
            number = stories.story_number(result.doc) if result.doc < len(stories.story_of) else -1 - result.doc
            if number not in seen:
                seen.add(number)
                shown.append(result)
        return shown

    def snippets_made(self) -> None:
        """The snippets asked for are made: the rows that waited for them are drawn again."""
        self._wanting = False
        self.refresh()

    def set_options(self, options: DisplayOptions) -> None:
        self.options = options
        self._lines.clear()
        self.refresh()

    @property
    def current(self) -> SearchResult | None:
        return self.results[self.cursor] if self.results else None

    def action_copy(self) -> None:
        """Copy the snippet under the cursor (the title when there is none)."""
        result = self.current
        if result is None:
            copy_text(self, None)
            return
        copy_text(self, result.snippets[0].text if result.snippets else result.article.title)

    def render_item_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        if not self._asked and len(self.made) < self.total and index >= len(self.results) - LOAD_AHEAD:
            self._asked = True
            self.post_message(self.NearEnd())
        key = (index, line, width, selected)
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        result = self.results[index]
        base = self.rich_style + (self.style_of("cursor") if selected else Style())
        if line == 1 and not result.ready:  # never made here: a long article would hold up the screen
            if not self._wanting:
                self._wanting = True
                self.post_message(self.SnippetsWanted(index))
            return Strip.blank(width, base)
        if line == 0:
            rank = f" {index + 1:>3}. {_how(result)}{result.article.date or ''}{' ' if result.article.date else ''}"
            rank += _outlets(self.stories, result.doc)
            title = visible(result.article.title, bidi="strip")
            shown = first_line(title, max(10, width - len(rank)), self.options, is_rtl_text(title))
            strip = Strip.join(
                [text_strip(rank, len(rank), base + self.style_of("dim")), visual_strip(shown, width - len(rank), base)]
            )
        else:
            strip = self._snippet_line(result, width, base)
        strip = strip.crop_extend(0, width, base)
        self._lines.set(key, strip)
        return strip

    def _snippet_line(self, result: SearchResult, width: int, base: Style) -> Strip:
        if not result.snippets:
            return Strip.blank(width, base)
        snippet = result.snippets[0]
        text = visible(snippet.text.replace("\n", " "), bidi="strip")
        hits = [(s - snippet.start, e - snippet.start, self.style_of("hit")) for s, e in snippet.hits]
        indent = 6
        shown = first_line(text, max(10, width - indent), self.options, is_rtl_text(text))
        dim = base + self.style_of("dim")
        return Strip.join([Strip.blank(indent, base), visual_strip(shown, width - indent, dim, hits)])


MATCH_LABELS = {
    "base": "base ",
    "variant": "≈spelling ",
    "transliteration": "≈latin ",
    "prefix": "prefix ",
    "partial": "partial ",
}
"""How a result matched, when not as written: shown before its title (see corpus.search.MATCH_ORDER)."""


def _begun_words_matched(found: ResultSet) -> bool:
    """Whether a word read as begun matched a longer word in `found` (its "prefix" terms)."""
    return any(kind == "prefix" for m in found.matched for kinds in m.kinds for kind in kinds.values())


def _outlets(stories: StoryIndex | None, doc: Doc) -> str:
    """ "+4 " when four other outlets carried the article's story; "" when none (or unknown)."""
    if stories is None or doc >= len(stories.story_of):
        return ""
    others = stories.other_outlets(doc)
    return f"+{others} " if others else ""


def _how(result: SearchResult) -> str:
    return MATCH_LABELS.get(result.match, "")


class SearchPane(Vertical):
    """Owns the query box, the search worker and the results; posts Chosen when a result is opened.
    In the query box, up and down walk the search history; down past the newest goes to the results."""

    BINDINGS = [
        Binding("up", "history(-1)", "Older query", show=False),
        Binding("down", "history(1)", "Newer query, then the results", show=False),
    ]

    class Chosen(Message):
        """Enter on a result: open this article at these hits."""

        def __init__(self, doc: Doc, hits: Hits) -> None:
            super().__init__()
            self.doc = doc
            self.hits = hits

    class Finished(Message):
        """Results for one query; stale ones (for an older query) are dropped."""

        def __init__(
            self,
            query: str,
            found: ResultSet,
            results: list[SearchResult],
            seconds: float,
            notes: list[str],
            months: str,
            offers: dict[str, str],
            searched: str,
        ) -> None:
            super().__init__()
            self.query = query
            self.searched = searched
            """The text searched: the query, or with its last word read whole (SearchPane.settle)."""
            self.found = found
            """Every result of the query, counted; `results` are its first page."""
            self.count = found.count()
            self.full = found.full_count()
            self.partial_held = found.partial_held
            """How many articles hold all the words but one (the best of them follow the full matches)."""
            self.offers = offers
            """Each query word with the spelling variant its note offers to add (+ adds them)."""
            self.results = results
            self.seconds = seconds
            self.notes = notes
            """Said before the results: filters that could not be read, words not found as written."""
            self.months = months
            """The timeline of every matching article, as a one-line chart."""

    class Noted(Message):
        """The notes and offers of a settled query whose results stand (SearchPane.settle)."""

        def __init__(
            self, query: str, searched: str, notes: list[str], offers: dict[str, str], shown: SearchPane.Finished
        ) -> None:
            super().__init__()
            self.query, self.searched, self.notes, self.offers = query, searched, notes, offers
            self.shown = shown
            """The search whose results stood: notes for another (the archive read again) are dropped."""

    class More(Message):
        """The next page of a search's results."""

        def __init__(self, found: ResultSet, start: int, results: list[SearchResult]) -> None:
            super().__init__()
            self.found = found
            self.start = start
            self.results = results

    def __init__(
        self, session: Session, *, id: str | None = None, classes: str | None = None, show_timings: bool = True
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.session = session
        """The session whose archive is searched and whose query the box holds."""
        self.status = Static(id="search-status", markup=False)
        """Under the box: what the search found, its notes and offers, or its timeline."""
        self.show_timings = show_timings
        """False in snapshot tests, whose screens must not depend on the machine's speed."""
        self._shown: dict[Doc, SearchResult] = {}
        """The results made of the query shown, by article (their hits, when one is opened)."""
        self._found: ResultSet | None = None
        """Every result of the query shown (the list shows those made so far)."""
        self._offers: dict[str, str] = {}
        """The spelling variants the notes of the query shown offer, by query word."""
        self._shown_query = ""
        """The query whose results the list shows."""
        self._whole = ""
        """The query left or entered (settle): its last word is a whole word, not one being typed."""
        self._shown_searched = ""
        """The text searched for the results shown (_searched of the query shown)."""
        self._finished: SearchPane.Finished | None = None
        """The search whose results are shown (its count and timeline, for the lines under the box)."""
        self._export_when_ready = ""
        """x came while the query's search ran again once settled: the file to write when it is in."""
        self._open_when_ready = False
        """Enter came before the results of the query typed: open the first when they arrive."""
        self._open_for = ""
        """The query enter was pressed on, while its search runs."""
        self._give_up: Timer | None = None
        self.by_date = False
        """Results newest first instead of best first (s)."""
        self.show_timeline = False
        """The status shows the timeline of the current search (m)."""
        self.history: list[str] = []
        """Earlier queries, oldest first (the screen gives the remembered list)."""
        self._history_at: int | None = None
        """Which query of the history the box shows, while walking it; None: what was typed."""
        self._typed = ""
        self._status_lines: list[str] = []
        """What the status says of the search shown (show_status adds the fold)."""
        self._cut: tuple[str, str] = ("", "")
        """(the query the box was cut to, the note that says so): a longer query is never held."""

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder='Search: words, "phrase", \'exact, !not', id="search", select_on_focus=False)
        yield self.status
        yield ResultList(id="results")

    @property
    def found(self) -> ResultSet | None:
        """Every result of the query shown (None: no search shown)."""
        return self._found if self._shown_query.strip() else None

    @property
    def input(self) -> SafeInput:
        return self.query_one("#search", SafeInput)

    @property
    def results(self) -> ResultList:
        return self.query_one(ResultList)

    def archive_arrived(self) -> None:
        """The session's archive is in, or changed: the query typed meanwhile runs (again)."""
        if self.input.value.strip():
            self.run_search(self.input.value)

    def hits_for(self, doc: Doc) -> Hits:
        """The current query's hits in an article, if it is among the results made."""
        result = self._shown.get(doc)
        return result.hits if result is not None else ()

    def restore(self, query: str) -> None:
        """Put back the last session's query as it was left: settled, its last word a whole word
        (ماكرو as typed, 2 results, not the 713 of the words it begins)."""
        self._whole = query
        self.input.value = query

    def type_text(self, text: str) -> None:
        """Type into the query (keys that arrive before the focus does): it replaces the
        selected query, as a key typed in the box would, else it is added at the end."""
        box = self.input
        if not box.selection.is_empty:
            box.replace(text, *sorted(box.selection))
            return
        box.value = box.value + text
        box.cursor_position = len(box.value)

    def delete_last(self) -> None:
        """Backspace: the selected query, else the last character."""
        box = self.input
        if not box.selection.is_empty:
            box.replace("", *sorted(box.selection))
            return
        box.value = box.value[:-1]

    def to_results(self) -> bool:
        """Leave the query box for the results, the query kept (still coming, they come there);
        False when the query is empty or matched nothing."""
        self.settle()
        done = self._shown_query == self.input.value
        if not self.input.value.strip() or (done and not self.results.item_count):
            return False
        self.results.focus()
        return True

    def _shaped(self, text: str) -> str:
        """A line of the pane's own words around Arabic ones (a query, a word not found), shaped
        and ordered as the rest of the screen is, wrapped at the pane's width."""
        width = max(20, (self.size.width or 80) - 1)
        lines = render_text(visible(text, bidi="strip"), width, self.results.options, rtl=False)
        return "\n ".join(line.rstrip() for line in lines)

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.session.query = event.value
        if event.value != self._whole:
            self._whole = ""  # typed again: its last word is begun again
        self._drop_export()
        if len(event.value) > MAX_QUERY_CHARS:
            self._cut = bounded_query(event.value)  # pasted or remembered: the box keeps what is searched
            self._set_query(self._cut[0])
            return
        if self._history_at is not None and event.value != self.history[self._history_at]:
            self._history_at = None  # edited: what is in the box is typed now
        self.run_search(event.value)

    @on(Input.Submitted, "#search")
    def _query_submitted(self, event: Input.Submitted) -> None:
        """Enter opens the result under the cursor (the first, until one moves), or, while the
        search runs, the first result as soon as it comes; with no result it says so."""
        event.stop()
        self.submit()

    def submit(self) -> None:
        """Enter in the query box (see _query_submitted); the main screen calls it as the key
        comes, so keys after it never reach the box (see MainScreen.take_typed_key)."""
        if not self.input.value.strip():
            return
        self.app_keys_held(True)  # what is typed next is for the article (held until it opens), never the query
        if self.settle() or self._shown_query != self.input.value:
            self._open_when_ready, self._open_for = True, self.input.value  # (its letters may still be on their way)
            if self._give_up is not None:
                self._give_up.stop()
            self._give_up = self.set_timer(OPEN_WAIT, self._no_longer_open)  # as long as the keys are held
            self.status.update(" searching… enter opens the first result when it comes")
            return
        self._open_current()

    def _no_longer_open(self) -> None:
        """The search enter was pressed on took longer than the keys after it were held: what is
        typed now edits the query, and its result is not opened under the typist."""
        self._give_up = None
        self._open_when_ready = False

    def _open_current(self) -> None:
        if not self.results.item_count:
            self.status.update(" " + self._shaped(f"No article matches {self.input.value!r}: nothing to open."))
            self.app_keys_held(False)
            return
        self.results.focus()
        self.results.action_select()  # the main screen lets the keys go once the article is open

    def app_keys_held(self, held: bool) -> None:
        """Hold the keys typed after enter while its search runs (AkhbarApp.hold_keys), or let them go."""
        hold, release = getattr(self.app, "hold_keys", None), getattr(self.app, "release_keys", None)
        if held and hold is not None:
            hold("open", OPEN_WAIT)
        elif not held and release is not None:
            release("open")

    def run_search(self, query: str) -> None:
        if self._open_when_ready and not self._open_for.startswith(query):
            self._open_when_ready = False  # another query: enter was for the one before
            self.app_keys_held(False)
        if not query.strip():
            self._shown = {}
            self._found, self._offers, self._finished = None, {}, None
            self._shown_query = self._shown_searched = query
            self.results.set_results([], "Type to search the whole corpus.")
            self.status.update("")
            return
        if self.session.archive is None:
            self.status.update("The index is still building; results will follow.")
            return
        self._search(self.session.archive, query, self._searched(query), max(40, (self.size.width or 80) - 2))

    def searched_text(self) -> str:
        """The query in the box as it is searched (see _searched): what S saves."""
        return self._searched(self.input.value)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """The query box left by any way (esc, tab, a click, a screen opened): the query is settled,
        and goes into the history when its results were on screen (it was read, if nothing opened)."""
        if event.widget is self.input:
            self.settle()
            if self.results.made and self._shown_query.strip() == self.input.value.strip():
                self.session.remember_query()

    def _searched(self, query: str) -> str:
        """The text to search for `query`: once settled, with a space after it, so that its last
        word is no longer read as the start of longer words (corpus.search.query's prefix)."""
        return query + " " if query and query == self._whole and not query[-1].isspace() else query

    def settle(self) -> bool:
        """The query is no longer being typed (the box is left, or enter is pressed): its last word
        is searched as a whole word from now on, as the shell searches it, so that the count, the
        timeline and an export hold no article that only a longer word matched. True when that
        searches again: only when the last word is read as begun and, if its results are shown,
        a longer word matched (else they stand, and the cursor with them)."""
        value = self.input.value
        if not value.strip() or value[-1].isspace() or self._whole == value or len(value) >= MAX_QUERY_CHARS:
            return False
        if not any(clause.prefix for clause in parse_query(value).clauses) or self.session.archive is None:
            return False  # no word read as begun (a phrase, a filter last): what runs or shows stands
        self._whole = value
        if self._shown_query == value and self._found is not None and not _begun_words_matched(self._found):
            self._shown_searched = self._searched(value)  # the results shown are the settled ones
            if self._finished is not None:  # its offers: of a whole word
                self._note_settled(self.session.archive, value, self._shown_searched, self._finished)
            return False
        self.run_search(value)
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Up and down are the history's only while the query box has the focus."""
        return action != "history" or self.input.has_focus

    def action_history(self, step: int) -> None:
        history = self.history
        at = self._history_at
        if step > 0 and at is None:
            if self.results.item_count:
                self.settle()
                self.results.focus()
            return
        if at is None:
            if not history:
                return
            self._typed = self.input.value
            at = len(history)
        at += step
        if at >= len(history):
            self._history_at = None
            self._set_query(self._typed)
            return
        self._history_at = max(0, at)
        self._set_query(history[self._history_at])

    def _set_query(self, text: str) -> None:
        box = self.input
        box.value = text
        box.cursor_position = len(text)

    def toggle_order(self) -> str:
        """Best first or newest first; the search runs again. Returns the new order."""
        self.by_date = not self.by_date
        self.run_search(self.input.value)
        return "date, newest first" if self.by_date else "relevance"

    def toggle_timeline(self) -> None:
        self.show_timeline = not self.show_timeline
        self.run_search(self.input.value)

    @work(thread=True, exclusive=True, group="notes")
    def _note_settled(self, archive: Archive, query: str, searched: str, shown: SearchPane.Finished) -> None:
        """The notes of `searched` (the settled `query`, whose results `shown` stand): the
        spelling variants offered for its last word, which a word being typed is not offered."""
        worker = get_current_worker()

        def stop() -> bool:
            return worker.is_cancelled  # a newer settled query's notes (the group is exclusive)

        try:
            notes = archive.query_notes(archive.plan(searched, stop=stop), stop=stop)
        except SearchStopped:
            return
        self.post_message(self.Noted(query, searched, notes.notes, notes.offers, shown))

    def on_search_pane_noted(self, message: SearchPane.Noted) -> None:
        message.stop()
        shown = self._finished
        if shown is not message.shown or message.query != self.input.value or message.searched != self._shown_searched:
            return
        if message.offers == self._offers and message.notes == shown.notes:
            return  # what is shown stands (and what was said over it: "nothing to open")
        self._offers = message.offers
        self._show_search_status(shown, message.notes, message.offers)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, archive: Archive, query: str, searched: str, width: int) -> None:
        """Search `searched` (for the query `query`) in a worker; a newer query, or quitting,
        cancels it and it stops at its next step. `width` is the pane's, read before (a worker
        thread cannot ask the screen)."""
        worker = get_current_worker()

        def stop() -> bool:
            return worker.is_cancelled

        started = time.perf_counter()
        try:
            plan = archive.plan(searched, stop=stop)  # parsed and expanded once, for all that follows
            found = archive.results(plan, by_date=self.by_date, stop=stop)
            results = found.results(0, PAGE, stop=stop)
            for result in results[:FIRST_SNIPPETS]:  # the rows shown first; the others when shown
                check_stop(stop)
                result.snippets  # noqa: B018 (made now, read from the text)
            found.count(stop)  # every phrase checked: the count is exact
            seconds = time.perf_counter() - started
            notes = archive.query_notes(plan, stop=stop, held=found.full_docs(stop))
            months = timeline_chart(found.months(stop), fit=width) if self.show_timeline else ""
        except SearchStopped:
            return
        self.post_message(self.Finished(query, found, results, seconds, notes.notes, months, notes.offers, searched))

    def show_status(self) -> None:
        """The search's status lines, and while the rows are folded by story a line that says so,
        with how many stories the results are ("338 results in 98 stories")."""
        folded = [f" folded by story{self._in_stories()}: one row a story (z unfolds)"] if self.results.folded else []
        self.status.update("\n".join([*self._status_lines, *folded]))

    def _in_stories(self) -> str:
        """ ": 338 results in 98 stories", or "" before the results and the stories are in."""
        archive, found = self.session.archive, self._found
        if archive is None or archive.stories is None or found is None:
            return ""
        docs = found.docs()
        stories = len(set(archive.stories.story_of[docs].tolist()))
        return f" ({len(docs):,} result{'s' * (len(docs) != 1)} in {stories:,} stor{'ies' if stories != 1 else 'y'})"

    def on_result_list_near_end(self, event: ResultList.NearEnd) -> None:
        event.stop()
        if self._found is not None:
            self._more(self._found, len(self.results.made))

    def on_result_list_all_wanted(self, event: ResultList.AllWanted) -> None:
        event.stop()
        if self._found is not None:
            self._more(self._found, len(self.results.made), every=True)

    def on_result_list_snippets_wanted(self, event: ResultList.SnippetsWanted) -> None:
        event.stop()
        self._make_snippets(self.results.results[event.start : event.start + SNIPPET_BATCH])

    @work(thread=True, exclusive=True, group="snippets")
    def _make_snippets(self, results: list[SearchResult]) -> None:
        """Make the snippets of rows about to be shown (reading their texts), then draw them."""
        worker = get_current_worker()
        for result in results:
            if worker.is_cancelled:
                return
            result.snippets  # noqa: B018 (made now, read from the text)
        self.app.call_from_thread(self.results.snippets_made)

    @work(thread=True, exclusive=True, group="more")
    def _more(self, found: ResultSet, start: int, *, every: bool = False) -> None:
        """Make the next page of results in a worker (their snippets are made when shown); with
        `every`, all the rest."""
        worker = get_current_worker()
        try:
            end = found.count() if every else start + PAGE
            results = found.results(start, end, stop=lambda: worker.is_cancelled)
        except SearchStopped:
            return
        self.post_message(self.More(found, start, results))

    def on_search_pane_more(self, message: SearchPane.More) -> None:
        message.stop()
        if message.found is not self._found or message.start != len(self.results.made):
            return  # for another search, or a page already shown
        self._shown.update((result.doc, result) for result in message.results)
        self.results.add_results(message.results)

    def add_offered_variants(self) -> str:
        """Add to the query the spelling variants its notes offer (word|variant); what was added, or ""."""
        query = self.input.value
        if not self._offers or self._shown_query != query:
            return ""
        added = with_alternatives(query, self._offers)
        if added == query:
            return ""
        self._set_query(added)
        return "، ".join(self._offers.values())

    def on_unmount(self) -> None:
        self._drop_export()  # quit before the search it waited for came in: no empty file left

    def _drop_export(self) -> None:
        """Forget an export waiting for its search, and the empty file named for it."""
        if self._export_when_ready:
            unmade(self._export_when_ready)
            self._export_when_ready = ""

    def export_results(self, folder: str | None = None) -> str | None:
        """Write every result of the search shown, in the order shown, as CSV into `folder`
        (default: the current directory), in a worker; returns the file's path, None when
        there is no search to export, or "" when no file can be made (the app is told why).
        The app is told when it is written, or why it was not. A query still being typed is
        settled first (from the command palette, the box keeps its focus): the file holds what
        the shell's export of the query holds, not the words its last word begins."""
        if self._found is None or self.session.archive is None or not self._shown_query.strip():
            return None
        self.settle()
        path = export_path(self.app, folder, self.session.archive)
        if not path:
            return ""
        if self._shown_searched != self._searched(self.input.value):
            self._drop_export()  # x twice: the one file, for the search on its way
            self._export_when_ready = path  # the settled search is on its way: its results are written
            return path
        self._export(self.session.archive, self._found, path)
        return path

    @work(thread=True, group="export")
    def _export(self, archive: Archive, found: ResultSet, path: str) -> None:
        from corpus import RESULT_FIELDS, partial_note, result_rows

        def said(written: int) -> str:
            return f"Exported {counted(written, 'result{s}')}{partial_note(written, found.full_count())}"

        write_export(self.app, archive, result_rows(found.iter()), RESULT_FIELDS, path, said)

    def on_search_pane_finished(self, message: SearchPane.Finished) -> None:
        message.stop()
        if message.query != self.input.value or message.searched != self._searched(message.query):
            return
        self._shown = {result.doc: result for result in message.results}
        self._found, self._offers = message.found, message.offers
        empty = self._shaped(f"No article matches {message.query.strip()!r}.")
        self.results.set_results(message.results, empty, message.count)
        self._shown_query = message.query
        self._shown_searched = message.searched
        self._finished = message
        self._show_search_status(message, message.notes, message.offers)
        if self._export_when_ready and self.session.archive is not None:
            path, self._export_when_ready = self._export_when_ready, ""
            self._export(self.session.archive, message.found, path)
        if self._open_when_ready:
            self._open_when_ready = False
            self._open_current()

    def _show_search_status(self, message: SearchPane.Finished, notes: list[str], offers_of: dict[str, str]) -> None:
        """The lines under the box for the search `message` brought: `notes`, the count, the
        offers (`offers_of`), the timeline."""
        timing = f" · {message.seconds * 1000:.0f} ms" if self.show_timings else ""
        order = " · newest first" if self.by_date else ""
        cut = self._cut[0] == message.query and not any(note.startswith("query cut") for note in notes)
        notes = [self._cut[1], *notes] if cut else notes
        partial = message.count - message.full
        found = counted(message.full, "result{s}")
        if partial:
            held = message.partial_held
            best = f"the best {partial:,} of {held:,}" if held > partial else f"{partial:,}"
            found += f" + {best} holding all words but one (partial)"
        offers = f" · ctrl+o adds {'، '.join(offers_of.values())}" if offers_of else ""  # + types in the box
        after = [" " + self._shaped(f"{found}{timing}{order}{offers} · enter opens")]
        if message.months:
            after.append(f" {message.months}")
        room = STATUS_LINES - _height(after) - (1 if self.results.folded else 0)  # show_status adds the fold's line
        self._status_lines = [*_notes_that_fit(notes, self._shaped, room), *after]
        self.show_status()

    @on(ResultList.Selected, "#results")
    def _result_chosen(self, event: ResultList.Selected) -> None:
        event.stop()
        result = self.results.results[event.index]
        self.post_message(self.Chosen(result.doc, result.hits))


STATUS_LINES = 4
"""Lines under the search box (#search-status max-height): the count always among them."""


def _height(lines: list[str]) -> int:
    return sum(line.count("\n") + 1 for line in lines)


def _notes_that_fit(notes: list[str], shaped: Callable[[str], str], room: int) -> list[str]:
    """The first notes (at most NOTE_LINES), each wrapped by `shaped`, in `room` lines; those left
    out counted on a line of their own, so that the count of results below is never pushed off."""
    shown: list[str] = []
    for number, note in enumerate(notes[:NOTE_LINES]):
        line = " " + shaped(note)
        left = len(notes) - number - 1
        free = room - _height(shown) - (1 if left else 0)
        if _height([line]) > free:
            if not shown and free > 0:  # never only "more notes": the first note, cut to fit
                shown.append(_cut_to_fit(note, shaped, free))
            break
        shown.append(line)
    if len(shown) < len(notes) and room > _height(shown):
        shown.append(f" … and {counted(len(notes) - len(shown), 'more note{s}')}")
    return shown


def _cut_to_fit(note: str, shaped: Callable[[str], str], lines: int) -> str:
    """The note's first words and "…", shaped, in at most `lines` lines (cut before it is shaped,
    so that right-to-left words keep their order and no line is wider than the pane)."""
    words = note.split()
    low, high = 0, len(words)
    while low < high:  # the most words that fit
        middle = (low + high + 1) // 2
        if _height([" " + shaped(" ".join([*words[:middle], "…"]))]) <= lines:
            low = middle
        else:
            high = middle - 1
    while low and _unclosed(words[:low]):
        low -= 1  # never inside brackets: an unpaired "(" between two Arabic words is drawn with them, mirrored
    return " " + shaped(" ".join([*words[:low], "…"]))


def _unclosed(words: list[str]) -> bool:
    """Whether the words open a bracket they do not close."""
    text = " ".join(words)
    return text.count("(") > text.count(")")
