"""The Akhbar app: article list, reader, entities and search, keyboard first, made for SSH."""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from corpus.models import Article, LoadProblem, Progress
from tui.display.safety import visible
from tui.app import textual_fixes
from tui.app.palette import AkhbarCommands
from tui.settings import Settings, load_settings
from tui.app.keys import app_bindings
from tui.app.messages import (
    ArticleEntities,
    CorpusFailed,
    CorpusReady,
    EntitiesReady,
    LoadProgress,
    SearchFinished,
)
from tui.display import BidiMode, DisplayOptions
from tui.app.screens.entity import EntityScreen
from tui.app.screens.help import HelpScreen
from tui.app.screens.problems import ProblemsScreen
from tui.app.panes.articles import ArticleList
from tui.app.panes.entities import EntityList
from tui.app.panes.reader import Reader
from tui.app.panes.search import ResultList
from tui.app.widgets.safe_input import SafeInput

textual_fixes.apply()

if TYPE_CHECKING:
    from collections.abc import Iterable

    from corpus.entities.grouping import Mention
    from corpus.entities.index import EntityIndex
    from corpus.search.index import CorpusIndex

__all__ = ["AkhbarApp", "make_app", "run_app"]

PANES = ("articles", "search", "reader", "entities")


class Cancelled(Exception):
    """Raised from a progress callback to stop background work when the app quits."""
NARROW_WIDTH = 110
"""Below this many columns the panes become tabs: one shows at a time."""
RESULT_LIMIT = 100

PANE_TITLES = {"articles": "Articles", "search": "Search", "reader": "Reader", "entities": "Entities"}


class AkhbarApp(App[int]):
    """Reads and searches a corpus of Arabic articles; the index builds in the background."""

    CSS_PATH = "app.tcss"
    TITLE = "Akhbar"
    COMMANDS = App.COMMANDS | {AkhbarCommands}
    BINDINGS = app_bindings()
    ENABLE_COMMAND_PALETTE = True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's palette commands, less Screenshot: it writes a file on the server, which
        a journalist over SSH cannot fetch, and Akhbar writes nothing but its own caches."""
        commands = super().get_system_commands(screen)
        return (command for command in commands if command.title != "Screenshot")

    def __init__(
        self,
        paths: list[Path],
        options: DisplayOptions,
        settings: Settings | None = None,
        *,
        show_timings: bool = True,
    ) -> None:
        super().__init__()
        self.show_timings = show_timings
        """False in snapshot tests, whose screens must not depend on the machine's speed."""
        self.paths = paths
        self.options = options
        self.settings = settings or Settings()
        self.index: CorpusIndex | None = None
        self.problems: list[LoadProblem] = []
        self.active_pane = "articles"
        self.list_pane = "articles"
        self.came_from = "articles"
        self._capturing_search = False
        self._status_text = "Starting…"
        self._hit_text = ""
        self._entity_status = ""
        self.entity_index: EntityIndex | None = None
        self._docs_by_id: dict[str, int] = {}
        if self.settings.theme:
            try:
                self.theme = self.settings.theme
            except Exception:  # an unknown theme name is not worth refusing to start over
                pass

    # Layout

    def compose(self) -> ComposeResult:
        yield Static(id="tabs", markup=False)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                with Vertical(id="articles-pane", classes="pane"):
                    yield SafeInput(placeholder="Filter titles…", id="filter", select_on_focus=False)
                    yield ArticleList(id="articles")
                with Vertical(id="search-pane", classes="pane"):
                    yield SafeInput(placeholder="Search: words, \"phrase\", 'exact, !not", id="search", select_on_focus=False)
                    yield Static(id="search-status", markup=False)
                    yield ResultList(id="results")
            with Vertical(id="right"):
                with Vertical(id="reader-pane", classes="pane"):
                    yield Reader(id="reader")
                with Vertical(id="entities-pane", classes="pane"):
                    yield EntityList(id="entities")
        yield Static(id="status", markup=False)

    def on_mount(self) -> None:
        for input_widget in self.query(Input):
            input_widget.cursor_blink = False
        self.query_one("#filter", Input).display = False
        for widget in self._shaped_widgets():
            widget.options = self.options
        self._apply_layout(self.size.width)
        self.articles.focus()
        self._set_status("Reading the corpus…")
        self.load_corpus_in_background()

    @property
    def articles(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def results(self) -> ResultList:
        return self.query_one("#results", ResultList)

    @property
    def reader(self) -> Reader:
        return self.query_one("#reader", Reader)

    @property
    def entity_list(self) -> EntityList:
        return self.query_one("#entities", EntityList)

    def _shaped_widgets(self) -> tuple[ArticleList | ResultList | Reader | EntityList | SafeInput, ...]:
        return (self.articles, self.results, self.reader, self.entity_list, *self.query(SafeInput))

    @property
    def search_input(self) -> Input:
        return self.query_one("#search", Input)

    def on_resize(self, event: events.Resize) -> None:
        self._apply_layout(event.size.width)

    def _apply_layout(self, width: int) -> None:
        narrow = width < NARROW_WIDTH
        self.screen.set_class(narrow, "-narrow")
        for pane in PANES:
            container = self.query_one(f"#{pane}-pane")
            if narrow:
                container.display = pane == self.active_pane
            elif pane in ("articles", "search"):
                container.display = pane == self.list_pane
            else:
                container.display = True
        left = self.query_one("#left")
        right = self.query_one("#right")
        left.display = not narrow or self.active_pane in ("articles", "search")
        right.display = not narrow or self.active_pane in ("reader", "entities")
        self._draw_tabs()

    def _draw_tabs(self) -> None:
        parts = []
        for pane in PANES:
            title = PANE_TITLES[pane]
            parts.append(f"[{title}]" if pane == self.active_pane else f" {title} ")
        mode = f"bidi: {self.options.mode.value}{'' if self.options.shapes or self.options.mode is BidiMode.OFF else ', unshaped'}"
        self.query_one("#tabs", Static).update(" ".join(parts) + f"   {mode}   ? help")

    def activate(self, pane: str, *, focus: bool = True) -> None:
        """Show a pane (a tab when narrow) and give its main widget the focus."""
        if pane in ("articles", "search"):
            self.list_pane = pane
        self.active_pane = pane
        self._apply_layout(self.size.width)
        if focus:
            target = {
                "articles": self.articles,
                "search": self.search_input,
                "reader": self.reader,
                "entities": self.entity_list,
            }[pane]
            if target.focusable:
                target.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        for pane in PANES:
            container = self.query_one(f"#{pane}-pane")
            if event.widget in container.walk_children() or event.widget is container:
                if pane != self.active_pane:
                    self.active_pane = pane
                    if pane in ("articles", "search"):
                        self.list_pane = pane
                    self._apply_layout(self.size.width)
                break
        if event.widget is self.search_input:
            self._capturing_search = False

    # Loading

    def _progress(self, stage: str) -> Progress:
        """A progress callback for the current worker: it reports the stage, and stops the work
        (by raising Cancelled) once the worker is cancelled, as it is when the app quits."""
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise Cancelled
            self.post_message(LoadProgress(stage, done, total))

        return progress

    @work(thread=True, exclusive=True, group="load")
    def load_corpus_in_background(self) -> None:
        from corpus.archive import open_corpus

        try:
            opened = open_corpus(self.paths, progress=self._progress("Reading and indexing"))
        except Cancelled:
            return
        if not len(opened.index):
            self.post_message(CorpusFailed("no articles could be loaded", opened.problems))
            return
        self.post_message(CorpusReady(opened.index, opened.problems, opened.seconds))
        opened.index.warm_up()

    def on_load_progress(self, message: LoadProgress) -> None:
        if message.stage == "Tagging entities":
            self._entity_status = f"tagging entities {message.done:,}/{message.total:,}"
            self._set_status(self._status_text)
        else:
            self._set_status(f"{message.stage}… {message.done:,}/{message.total:,}")

    def on_corpus_failed(self, message: CorpusFailed) -> None:
        self.problems = message.problems
        self.articles.empty_message = f"No articles: {message.reason}. Press w for the reasons."
        self.articles.refresh()
        self._set_status(f"No articles loaded · {len(message.problems)} problems (w)")

    def on_corpus_ready(self, message: CorpusReady) -> None:
        self.index = message.index
        self.problems = message.problems
        self.articles.set_articles(message.index.articles)
        skipped = sum(1 for p in message.problems if p.skipped)
        count = len(message.index)
        summary = f"{count:,} article{'s' if count != 1 else ''}"
        if self.show_timings:
            summary += f" ({message.seconds:.1f} s)"
        if skipped:
            summary += f" · {skipped} file{'s' if skipped != 1 else ''} skipped (w)"
        elif message.problems:
            summary += f" · {len(message.problems)} warning(s) (w)"
        self._set_status(summary)
        self._docs_by_id = {a.id: n for n, a in enumerate(message.index.articles)}
        query = self.search_input.value
        if query.strip():
            self.run_search(query)
        self.tag_corpus_in_background(message.index.articles)

    @work(thread=True, exclusive=True, group="entities")
    def tag_corpus_in_background(self, articles: list[Article]) -> None:
        from corpus.entities.index import EntityIndex, default_cache_path

        started = time.perf_counter()
        try:
            index, tagged = EntityIndex.build_elsewhere(
                articles, cache_path=default_cache_path(), progress=self._progress("Tagging entities")
            )
        except Cancelled:
            return
        except (OSError, RuntimeError, EOFError) as error:
            self.call_from_thread(self._entities_unavailable, str(error))
            return
        self.post_message(EntitiesReady(index, tagged, time.perf_counter() - started))

    def _entities_unavailable(self, reason: str) -> None:
        self._entity_status = "entities unavailable"
        self._set_status(self._status_text)
        self.notify(f"Entities could not be tagged: {visible(reason)}", severity="warning")

    def on_entities_ready(self, message: EntitiesReady) -> None:
        self.entity_index = message.index
        gc.freeze()  # the entity index lives all session: keep the collector's passes off it
        self._entity_status = f"{len(message.index.entities):,} entities"
        if self.show_timings:
            self._entity_status += f" ({message.seconds:.1f} s)"
        self._set_status(self._status_text)
        if self.reader.article is not None:
            self.entity_list.set_entities(message.index.for_article(self.reader.article.id))

    @work(thread=True, exclusive=True, group="article-entities")
    def _tag_article(self, doc: int, article: Article) -> None:
        from corpus.entities.grouping import article_entities

        entities = article_entities(article)
        self.post_message(ArticleEntities(doc, [(e, len(e.mentions)) for e in entities]))

    def on_article_entities(self, message: ArticleEntities) -> None:
        if self.reader.doc == message.doc and self.entity_index is None:
            self.entity_list.set_entities(message.items)

    @on(EntityList.Selected, "#entities")
    def _open_entity(self, event: EntityList.Selected) -> None:
        entity = self.entity_list.items[event.index][0]
        if self.index is None:
            return
        note = ""
        if self.entity_index is not None:
            together = self.entity_index.cooccurring(entity)
            months = self.entity_index.timeline(entity)
        else:
            together, months = [], []
            note = "Only this article: entities of the whole corpus are still being tagged."
        mentions = [
            (self.index.articles[self._docs_by_id[a]], self._docs_by_id[a], m)
            for a, m in entity.mentions
            if a in self._docs_by_id
        ]
        self.push_screen(EntityScreen(entity, mentions, together, months, note, self.options), self._mention_chosen)

    def _mention_chosen(self, chosen: tuple[int, Mention] | None) -> None:
        if chosen is None:
            return
        doc, mention = chosen
        self.came_from = "entities"
        self.open_article(doc, ((mention.start, mention.end),), at=mention.start)

    def _set_status(self, text: str) -> None:
        self._status_text = text
        status = self._status_text
        if self._entity_status:
            status += f" · {self._entity_status}"
        if self._hit_text:
            status += f" · {self._hit_text}"
        self.query_one("#status", Static).update(visible(status, bidi="strip"))

    # Search

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self._route_to_search(event):
            return
        await super().on_event(event)

    def _route_to_search(self, event: events.Key) -> bool:
        """Send typed characters to the search box while the focus is on its way there.

        Over SSH a burst such as "/cairo" arrives in one read: the focus change that "/"
        asks for happens after the letters are dispatched, so they are inserted here.
        """
        if isinstance(self.focused, Input) or len(self.screen_stack) > 1:
            return False
        printable = event.is_printable and event.character is not None
        if self._capturing_search:
            if printable:
                self._type_into_search(event.character or "")
                return True
            if event.key == "backspace":
                self.search_input.value = self.search_input.value[:-1]
                return True
            return False
        if printable and not self._is_bound(event.key):
            self._start_search_capture()
            self._type_into_search(event.character or "")
            return True
        return False

    def _is_bound(self, key: str) -> bool:
        bound = {b for b in self._bindings.key_to_bindings}
        node = self.focused
        while node is not None:
            bound.update(node._bindings.key_to_bindings)
            node = node.parent  # type: ignore[assignment]
        return key in bound

    def _start_search_capture(self) -> None:
        self._capturing_search = True
        self.activate("search")

    def _type_into_search(self, text: str) -> None:
        search_input = self.search_input
        search_input.value = search_input.value + text
        search_input.cursor_position = len(search_input.value)

    def action_focus_search(self) -> None:
        if self.focused is not self.search_input:
            self._start_search_capture()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    def run_search(self, query: str) -> None:
        if not query.strip():
            self.results.set_results([], "Type to search the whole corpus.")
            self.query_one("#search-status", Static).update("")
            return
        if self.index is None:
            self.query_one("#search-status", Static).update("The index is still building; results will follow.")
            return
        self._search_worker(query)

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(self, query: str) -> None:
        from corpus.search.ranking import search

        assert self.index is not None
        started = time.perf_counter()
        results = search(self.index, query, limit=RESULT_LIMIT)
        self.post_message(SearchFinished(query, results, time.perf_counter() - started))

    def on_search_finished(self, message: SearchFinished) -> None:
        if message.query != self.search_input.value:
            return
        count = len(message.results)
        more = "+" if count >= RESULT_LIMIT else ""
        self.results.set_results(message.results, f"No article matches {visible(message.query, bidi='strip')!r}.")
        timing = f" · {message.seconds * 1000:.0f} ms" if self.show_timings else ""
        self.query_one("#search-status", Static).update(
            f" {count}{more} result{'s' if count != 1 else ''}{timing} · enter opens"
        )

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        if self.results.item_count:
            self.results.focus()

    # Opening articles

    @on(ResultList.Selected, "#results")
    def _open_result(self, event: ResultList.Selected) -> None:
        result = self.results.results[event.index]
        self.came_from = "search"
        self.open_article(result.doc, result.hits)

    @on(ArticleList.Selected, "#articles")
    def _open_listed(self, event: ArticleList.Selected) -> None:
        doc = self.articles.view[event.index]
        hits: tuple[tuple[int, int], ...] = ()
        for result in self.results.results:
            if result.doc == doc:
                hits = result.hits
        self.came_from = "articles"
        self.open_article(doc, hits)

    def open_article(self, doc: int, hits: tuple[tuple[int, int], ...] = (), at: int | None = None) -> None:
        if self.index is None:
            return
        article = self.index.articles[doc]
        self.reader.show(article, doc, hits, at)
        if self.entity_index is not None:
            self.entity_list.set_entities(self.entity_index.for_article(article.id))
        else:
            self.entity_list.set_entities([], "Finding the names in this article…")
            self._tag_article(doc, article)
        self.activate("reader")

    def on_reader_hit_changed(self, message: Reader.HitChanged) -> None:
        self._hit_text = f"hit {message.position + 1}/{message.count} (n/N)" if message.count else ""
        self._set_status(self._status_text)

    # Filter

    def action_filter(self) -> None:
        self.activate("articles", focus=False)
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.articles.set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.articles.focus()

    def action_sort(self) -> None:
        order = self.articles.cycle_sort()
        self.notify(f"Articles sorted by {order}", timeout=2)

    # Actions

    MAIN_SCREEN_ACTIONS = frozenset(
        {"next_pane", "previous_pane", "next_hit", "previous_hit", "show_entities", "copy", "cycle_bidi", "filter", "sort", "focus_search"}
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Pane actions belong to the main screen; over a modal screen they do nothing."""
        if action in self.MAIN_SCREEN_ACTIONS and len(self.screen_stack) > 1:
            return False
        return True

    def action_next_pane(self) -> None:
        self.activate(PANES[(PANES.index(self.active_pane) + 1) % len(PANES)])

    def action_previous_pane(self) -> None:
        self.activate(PANES[(PANES.index(self.active_pane) - 1) % len(PANES)])

    def action_next_hit(self) -> None:
        if not self.reader.step_hit(1):
            self.notify("No search hits in this article", timeout=2)

    def action_previous_hit(self) -> None:
        if not self.reader.step_hit(-1):
            self.notify("No search hits in this article", timeout=2)

    def action_show_entities(self) -> None:
        self.activate("entities")

    def action_copy(self) -> None:
        text = self._copy_target()
        if not text:
            self.notify("Nothing to copy here", timeout=2)
            return
        self.copy_to_clipboard(text)
        self.notify(f"Copied {len(text):,} characters (OSC 52; ? for terminal support)", timeout=3)

    def _copy_target(self) -> str | None:
        focused = self.focused
        if focused is self.results and self.results.current is not None:
            result = self.results.current
            if result.snippets:
                snippet = result.snippets[0]
                return result.article.text[snippet.start : snippet.end]
            return result.article.title
        if focused is self.entity_list and self.entity_list.current is not None:
            return self.entity_list.current.name
        if focused is self.articles and self.articles.current_doc is not None:
            return self.articles.articles[self.articles.current_doc].title
        return self.reader.current_paragraph()

    def action_cycle_bidi(self) -> None:
        self.options = DisplayOptions(self.options.mode.next(), self.options.shaping)
        for widget in self._shaped_widgets():
            widget.set_options(self.options)
        self._draw_tabs()
        notes = {
            BidiMode.APP: "app: Akhbar shapes and orders Arabic",
            BidiMode.TERMINAL: "terminal: your terminal orders the text (VTE, Konsole, mlterm)",
            BidiMode.OFF: "off: raw text",
        }
        self.notify(f"Bidi mode {notes[self.options.mode]}", timeout=3)

    def action_show_problems(self) -> None:
        self.push_screen(ProblemsScreen(self.problems, self.paths))

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_back(self) -> None:
        if len(self.screen_stack) > 1:
            return  # a screen on top closes itself on escape
        if self.focused is self.query_one("#filter", Input):
            box = self.query_one("#filter", Input)
            box.value = ""
            box.display = False
            self.articles.focus()
        elif self.focused is self.search_input:
            if self.search_input.value:
                self.search_input.value = ""
            else:
                self.activate("articles")
        elif self.active_pane in ("reader", "entities"):
            self.activate(self.came_from)
        elif self.active_pane == "search":
            self.activate("articles")
        self._capturing_search = False

    def action_quit_app(self) -> None:
        self.exit(0)


def make_app(
    paths: list[Path] | None = None,
    options: DisplayOptions | None = None,
    settings: Settings | None = None,
    *,
    show_timings: bool = True,
) -> AkhbarApp:
    """The app on `paths` (default: the bundled seeds)."""
    from corpus.load import default_corpus_path

    return AkhbarApp(paths or [default_corpus_path()], options or DisplayOptions(), settings, show_timings=show_timings)


def run_app(args: argparse.Namespace) -> int:
    """Run the app from parsed `akhbar` arguments; config-file settings fill in what they omit."""
    from tui.shell.main import resolve_corpus_paths

    settings, warning = load_settings()
    if warning:
        print(f"akhbar: config: {visible(warning)}", file=sys.stderr)
    paths = resolve_corpus_paths(args.corpus, settings.corpus)
    mode = BidiMode(args.bidi) if args.bidi else settings.bidi
    shaping = settings.shaping and not args.no_shaping
    app = make_app(paths, DisplayOptions(mode, shaping), settings)
    code = app.run()
    return code if isinstance(code, int) else 0
