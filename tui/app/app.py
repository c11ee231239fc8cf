"""The Akhbar app: composes the main screen, holds app-wide state (the archive, the bidi mode),
opens the archive and builds its entity index in the background, and hands both to the screen."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import signal
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from textual import events, work
from textual.app import App, SystemCommand
from textual.keys import _character_to_key as _character_key
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from corpus import AkhbarError, give_back_freed_memory
from tui.app import textual_fixes
from tui.app.commands import COMMANDS
from tui.app.keys import APP_KEYS, bindings
from tui.app.main_screen import MainScreen
from tui.app.messages import (
    ArchiveChanged,
    ArchiveFailed,
    ArchiveReady,
    EntitiesFailed,
    EntitiesReady,
    LoadProgress,
    StoriesFailed,
    StoriesReady,
)
from tui.app.palette import AkhbarCommands
from tui.app.screens.help import HelpScreen
from tui.crash import report_crash, say_after_exit
from tui.display import BidiMode, DisplayOptions, visible
from tui.session import Session

if TYPE_CHECKING:
    from corpus import Archive, Progress
    from tui.settings import Settings

textual_fixes.apply()

__all__ = ["AkhbarApp", "make_app", "run_app"]

BIDI_NOTES = {
    BidiMode.APP: "app: Akhbar shapes and orders Arabic",
    BidiMode.TERMINAL: "terminal: your terminal orders the text (VTE, Konsole, mlterm)",
    BidiMode.OFF: "off: raw text",
}


ENDING_SIGNALS = (signal.SIGHUP, signal.SIGTERM)
"""Signals that end the app as q does (see App._quit_on_signals)."""
KEY_HOLD = 0.5
"""Seconds at most a key waits for the one before it to act (see AkhbarApp._key)."""
KEY_SETTLE_TURNS = 5
"""Turns of a screen just opened's messages a key waits for it to give a widget the focus."""


QUIET_CHECK_SECONDS = 11.0
"""After a refresh left a JSON Lines file's unfinished last line unread, the corpus is looked at
again this long after: the line waits 10 s of quiet before it is read or named."""


def split_meta(event: events.Key) -> list[events.Key]:
    """esc and a key typed at once read as alt and that key (alt+j): the two keys, as typed.
    Akhbar binds no alt key, so one typed on purpose loses nothing."""
    if event.key.startswith("alt+") and event.character and event.character.isprintable():
        character = event.character
        return [events.Key("escape", "\x1b"), events.Key(_character_key(character), character)]
    return [event]


class Cancelled(AkhbarError):
    """Raised from a progress callback to stop background work when the app quits."""


class AkhbarApp(App[int]):
    """Reads and searches a corpus of Arabic articles; the index builds in the background."""

    CSS_PATH = "app.tcss"
    TITLE = "Akhbar"
    COMMANDS = App.COMMANDS | {AkhbarCommands}
    BINDINGS = bindings(APP_KEYS)
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        paths: Sequence[Path],
        options: DisplayOptions,
        *,
        theme: str | None = None,
        follow_links: bool = False,
        follow: bool = True,
        show_timings: bool = True,
    ) -> None:
        # NO_COLOR: no colour at all (Textual's own NO_COLOR handling turns colours to greys,
        # still sent as 256-colour codes); cursors and highlights then show by reverse and bold.
        super().__init__(ansi_color="NO_COLOR" in os.environ)
        self.paths = list(paths)
        self.follow_links = follow_links
        self.follow = follow
        """Watch the corpus while the app runs, and index what arrives (follow mode)."""
        self._stop_following = threading.Event()
        self._quitting = False
        self._reload_asked = threading.Event()
        self._quiet_check = threading.Event()
        """Set with `_reload_asked` for the look QUIET_CHECK_SECONDS after a JSON Lines tail was
        left unread, which says nothing when nothing changed."""
        self._quiet_check_due = False
        """Whether that look is on a timer already."""
        self._adopted = threading.Event()
        self._entities_started: float | None = None
        """When the entity index began to be built (monotonic), while none is ready."""
        self._held_keys: list[events.Key] | None = None
        """Keys come while an earlier one had not acted yet, to hand on once it has (see _key)."""
        self._key_timer: Timer | None = None
        self._key_deadline = 0.0
        self._replay_asked = False
        self._holding: set[str] = set()
        """Why keys are held: "key" (the last one has not acted yet), or a pane's own reason."""
        self._settling = 0
        self._pending: ArchiveChanged | None = None
        """A change that came while another screen was on top: adopted when the main screen is back."""
        self.options = options
        self.show_timings = show_timings
        """False in snapshot tests, whose screens must not depend on the machine's speed."""
        self.session = Session()
        """The archive, what is remembered of it, the open article: the state the screens draw."""
        self.main = MainScreen(options, self.session, COMMANDS, show_timings=show_timings)
        self.notes: list[str] = []
        """Warnings to show once the screen is up (a config value that could not be used)."""
        self.parting_notes: list[str] = []
        """Problems to print once the app has exited (what could not be saved at quit)."""
        self.settled = False
        """True once the background work is over: the archive and its entities are in, or
        could not be had."""
        if theme:
            try:
                self.theme = theme
            except Exception:  # noqa: BLE001 - an unknown theme name is not worth refusing to start over
                self.notes.append(f"config: theme = {theme!r} ignored (no such theme: ctrl+p, Theme, lists them)")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's notice, its text never read as markup (whatever a widget or a screen asks):
        a path or a query holding [x] is shown as written, and [/x] raised MarkupError."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def get_default_screen(self) -> Screen[None]:
        return self.main

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's palette commands, less Screenshot: it writes a file on the server, which
        a journalist over SSH cannot fetch, and Akhbar writes nothing but its own caches."""
        return (command for command in super().get_system_commands(screen) if command.title != "Screenshot")

    def on_main_screen_mounted(self) -> None:
        """The panes exist: say what the settings could not use, and start loading."""
        for note in self.notes:
            self.notify(visible(note), severity="warning", timeout=10)
        self._quit_on_signals()
        self.open_archive()

    def _quit_on_signals(self) -> None:
        """An SSH connection that drops (SIGHUP), a closed terminal or tmux session, a shutdown
        (SIGTERM) quit as q does: the query, the open article and its place are remembered. They
        ended the process at once, and everything since the last bookmark was lost."""
        loop = asyncio.get_running_loop()
        for number in ENDING_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread
                loop.add_signal_handler(number, self.action_quit_app)

    async def on_event(self, event: events.Event) -> None:
        """Keys one at a time, each once the one before it has acted (see _key); alt and a key,
        as a terminal reads esc and a key typed at once, are esc then the key."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            for key in split_meta(event):
                await self._key(key)
            return
        await super().on_event(event)

    async def _key(self, event: events.Key) -> None:
        """Hand a key on, or hold it while an earlier one has not acted yet.

        Over SSH a burst such as "Emacron" or "/putin⏎e" arrives in one read. Textual queues
        each key at the widget that has the focus as it is read, so "m" would reach the article
        list before "E" has opened the entity browser, and "e" the search box before enter has
        opened the article. So after a key is handed on, the next ones wait until the widget
        that took it has done with it (a callback queued behind it), or KEY_HOLD seconds."""
        if self._held_keys is not None:
            self._held_keys.append(event)
            return
        await self._hand_on(event)

    async def _hand_on(self, event: events.Key) -> None:
        """The main screen first takes a printable key on its way to the search box
        (take_typed_key); any other key goes where Textual sends it, and holds those after it."""
        if self.screen is self.main and self.main.take_typed_key(event):
            return
        target = self.focused or self.screen
        screen = self.screen
        await super().on_event(event)
        self.hold_keys()
        if not target.call_later(self._after_key, event, target, screen):
            self.release_keys()

    def _after_key(self, event: events.Key, node: MessagePump, screen: Screen[object]) -> None:
        """`node` has done with the key: follow it up to the App if it went on up (the App runs
        the screen's key bindings, E and the like, once the key reaches it); once it has acted,
        a screen it opened takes the next keys when its box or list has the focus (_settled)."""
        parent = getattr(node, "parent", None)
        if event.bubble and parent is not None and not event._stop_propagation and node is not self:
            if parent.call_later(self._after_key, event, parent, screen):
                return
        if not self.call_later(self._settled, screen):  # a screen the key opens is pushed after it
            self.release_keys()

    def _settled(self, screen: Screen[object]) -> None:
        """Release the keys, once a screen the last key opened has given the focus (on mount)."""
        if self.screen is not screen and self.screen.focused is None and self._settling < KEY_SETTLE_TURNS:
            self._settling += 1
            if self.screen.call_later(self._settled, screen):
                return
        self.release_keys()

    def hold_keys(self, reason: str = "key", seconds: float = KEY_HOLD) -> None:
        """Hold the keys that come from now on, for `reason`: they are handed on, in order, once
        every reason is released (release_keys), or after `seconds` whatever happens."""
        if self._held_keys is None:
            self._held_keys = []
        self._holding.add(reason)
        deadline = time.monotonic() + seconds
        if self._key_timer is None or deadline > self._key_deadline:
            if self._key_timer is not None:
                self._key_timer.stop()
            self._key_timer, self._key_deadline = self.set_timer(seconds, self._release_all), deadline

    def release_keys(self, reason: str = "key") -> None:
        """`reason` no longer holds the keys; with no other, they are handed on, in order."""
        self._holding.discard(reason)
        if not self._holding:
            self._release_all()

    def _release_all(self) -> None:
        """Hand the held keys on, in order, after the focus changes already asked for; keys that
        come meanwhile wait behind them."""
        if self._key_timer is not None:
            self._key_timer.stop()
            self._key_timer = None
        self._holding.clear()
        self._settling = 0
        if not self._held_keys:
            self._held_keys = None
        elif not self._replay_asked:
            self._replay_asked = True
            self.call_later(self._replay)

    async def _replay(self) -> None:
        self._replay_asked = False
        while self._held_keys and not self._holding:  # a key handed on may hold the rest again
            await self._hand_on(self._held_keys.pop(0))
        if not self._holding and not self._held_keys:
            self._held_keys = None

    # Background work

    def _progress(self, task: str) -> Progress:
        """A progress callback for the current worker's task: it reports counts and phases (see
        corpus.report_phase), and stops the work (by raising Cancelled) once the worker is
        cancelled, as it is when the app quits."""
        return _Reporter(self, task)

    @work(thread=True, exclusive=True, group="load")
    def open_archive(self) -> None:
        from corpus import Archive

        try:
            archive = Archive.open(
                self.paths, progress=self._progress("archive"), follow_links=self.follow_links, check_later=True
            )
            if not len(archive) and archive.trusted:  # an empty saved index (the folder was away): look
                archive = Archive.open(self.paths, progress=self._progress("archive"), follow_links=self.follow_links)
        except Cancelled:
            return
        if not len(archive):
            self.post_message(ArchiveFailed("no articles could be loaded", archive.problems))
            threading.Thread(target=self._wait_for_articles, args=(archive,), name="akhbar-wait", daemon=True).start()
            return
        self.post_message(ArchiveReady(archive))
        archive.warm_up()
        threading.Thread(target=self._follow, args=(archive,), name="akhbar-follow", daemon=True).start()

    def _wait_for_articles(self, archive: Archive) -> None:
        """With no article loaded: open the archive again at the first change to its folders, or
        R (a folder filled, or put back), unless following is off (then R alone)."""
        from corpus import watch_corpus

        stop = self._stop_following
        skip = [str(archive.cache_dir)] if archive.cache_dir is not None else []
        woken = False
        if self.follow:
            try:
                wakes = watch_corpus(
                    archive.paths, stop, self._reload_asked, follow_links=archive.follow_links, skip=skip
                )
                woken = next(wakes, None) is not None
            except OSError:  # a folder that cannot be watched: R alone
                pass
        if not woken:
            while not stop.is_set() and not self._reload_asked.wait(0.2):
                pass
            woken = not stop.is_set()
        self._reload_asked.clear()
        if woken and not stop.is_set():
            self.call_from_thread(self.open_archive)

    def _follow(self, archive: Archive) -> None:
        """Until the app quits: on every change to the corpus (or R), bring the index up to date
        in this thread (not a worker: it never completes), and hand it to the screen, which
        adopts it between two keystrokes. An archive opened as saved, without a look at its
        files (`Archive.trusted`), is brought up to date first: the list is shown at once."""
        from corpus import Wake, watch_corpus

        stop = self._stop_following
        skip = [str(archive.cache_dir)] if archive.cache_dir is not None else []
        wakes = (
            watch_corpus(archive.paths, stop, self._reload_asked, follow_links=archive.follow_links, skip=skip)
            if self.follow
            else None
        )
        first = Wake("check") if archive.trusted else None
        while not stop.is_set():
            wake: Wake | None
            if first is not None:
                wake, first = first, None
            elif wakes is not None:
                wake = next(wakes, None)
                if wake is None:
                    return
            elif self._reload_asked.wait(0.2):
                self._reload_asked.clear()
                wake = Wake("asked")
            else:
                continue
            if stop.is_set():
                return
            if wake.method == "asked" and self._quiet_check.is_set():
                self._quiet_check.clear()
                wake = Wake("quiet")
            if wake.method == "check":
                self.post_message(LoadProgress("files", "looking at the files", 0, -1))
            try:
                refreshed = archive.updated()
            except Exception as error:  # noqa: BLE001 - a failed refresh must not end following
                self.post_message(ArchiveChanged(None, wake.method, error))
                continue
            if refreshed is None and wake.method not in ("asked", "check"):
                continue
            if refreshed is not None and refreshed.lines_waiting() and not self._quiet_check_due:
                self._quiet_check_due = True  # one at a time: a feed written every second asks for one look
                timer = threading.Timer(QUIET_CHECK_SECONDS, self._look_when_quiet)
                timer.daemon = True
                timer.start()
            self._adopted.clear()
            self.post_message(ArchiveChanged(refreshed, wake.method))
            while refreshed is not None and not self._adopted.wait(0.2):
                if stop.is_set():
                    return
            try:
                archive.save()  # after the screen has it: the next start begins from it
            except Exception:  # noqa: BLE001, S110 - a cache that cannot be written only costs the next start time
                pass

    def _look_when_quiet(self) -> None:
        """Look at the corpus again, saying nothing unless something changed (a JSON Lines
        file's unfinished last line, left unsaid while it was being written, is named now)."""
        self._quiet_check_due = False
        self._quiet_check.set()
        self._reload_asked.set()

    @work(thread=True, exclusive=True, group="stories")
    def build_stories(self, archive: Archive) -> None:
        """Group the stories (or read them from the saved index) after the first paint."""
        started = time.perf_counter()
        try:
            archive.build_stories(progress=self._progress("stories"), separate_process=archive.worth_a_helper())
        except Cancelled:
            return
        except (OSError, ValueError, MemoryError) as error:
            self.post_message(StoriesFailed(str(error)))
            return
        self.post_message(StoriesReady(time.perf_counter() - started))

    def on_stories_ready(self, message: StoriesReady) -> None:
        if self._shutting_down():
            return
        self.main.stories_ready()
        give_back_freed_memory()  # what the start freed since its loads gave back theirs (16 MB at 16x)

    def on_stories_failed(self, message: StoriesFailed) -> None:
        if self._shutting_down():
            return
        self.main.status_line.progress_over("stories")
        self.notify(f"Stories could not be grouped: {visible(message.reason)}", severity="warning")

    @work(thread=True, exclusive=True, group="entities")
    def build_entities(self, archive: Archive) -> None:
        started = time.perf_counter()
        try:
            tagged = archive.build_entities(
                progress=self._progress("entities"), separate_process=archive.worth_a_helper()
            )
        except Cancelled:
            return
        except Exception as error:  # noqa: BLE001 - a helper's failure, or one of tagging here: said, the app goes on
            self.post_message(EntitiesFailed(str(error) or type(error).__name__))
            return
        self.post_message(EntitiesReady(tagged, time.perf_counter() - started))
        archive.warm_entity_lookups()  # here, not at the first search typed in Latin letters

    def _shutting_down(self) -> bool:
        """True once the app is quitting: background work may still report, to panes that are gone."""
        return self._stop_following.is_set() or not self.main.is_attached

    def on_load_progress(self, message: LoadProgress) -> None:
        if self._shutting_down():
            return
        self.main.status_line.show_progress(message.task, message.phase, message.done, message.total)

    def _start_entities(self, archive: Archive) -> None:
        """Build the entity index; its time runs from the first start while none is ready (a
        build the archive's update cut short does not start the clock again)."""
        if self._entities_started is None:
            self._entities_started = time.monotonic()
        self.build_entities(archive)

    def on_archive_ready(self, message: ArchiveReady) -> None:
        self.main.archive_ready(message.archive)
        self.build_stories(message.archive)
        self._start_entities(message.archive)

    def on_archive_changed(self, message: ArchiveChanged) -> None:
        if self._shutting_down():
            return
        if self.screen is not self.main:
            self._pending = message  # a detail screen holds article keys: adopt once it is gone
            if message.refreshed is not None:
                self.main.status_line.show_waiting(message.refreshed.describe())
            return
        self._adopt(message)

    def _adopt(self, message: ArchiveChanged) -> None:
        self._pending = None
        self.main.status_line.show_waiting("")
        self.main.status_line.progress_over("files")  # any refresh looked at every file
        if message.refreshed is None:
            self.main.problems_looked_at()  # a look that found nothing changed may name files it skipped
            if message.failure is not None:
                why = str(message.failure) or type(message.failure).__name__
                self.notify(f"The corpus could not be read again: {visible(why)}", severity="warning")
            elif message.method == "asked":
                self.notify("Nothing new: the index is up to date", timeout=3)
            return
        self.main.archive_changed(message.refreshed)
        self._adopted.set()
        if self.session.archive is not None:
            if self.session.archive.stories is None:
                self.build_stories(self.session.archive)
            self._start_entities(self.session.archive)

    def on_main_screen_resumed(self, message: MainScreen.Resumed) -> None:
        """Take in a change held while another screen was shown."""
        if self._pending is not None and self.screen is self.main:
            self._adopt(self._pending)

    def on_unmount(self) -> None:
        self._stop_following.set()
        if self.session.archive is not None:
            with contextlib.suppress(Exception):
                self.session.archive.save(force=True)  # what arrived since the last save

    def on_archive_failed(self, message: ArchiveFailed) -> None:
        self.main.archive_failed(message.reason, message.problems)
        self.settled = True

    def on_entities_ready(self, message: EntitiesReady) -> None:
        started, self._entities_started = self._entities_started, None
        if self._shutting_down():
            return
        self.main.entities_ready(time.monotonic() - started if started is not None else message.seconds)
        self.settled = True
        give_back_freed_memory()  # as after the stories: the start's last load is either

    def on_entities_failed(self, message: EntitiesFailed) -> None:
        self.settled = True
        self._entities_started = None
        if self._shutting_down():
            return
        self.main.status_line.progress_over("entities")
        self.main.status_line.set_entities("entities unavailable")
        self.notify(f"Entities could not be tagged: {visible(message.reason)}", severity="warning")

    # App-wide keys

    def action_cycle_bidi(self) -> None:
        self.options = DisplayOptions(self.options.mode.next(), self.options.shaping)
        self.main.set_options(self.options)
        self.notify(f"Bidi mode {BIDI_NOTES[self.options.mode]}", timeout=3)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_reload(self) -> None:
        if self.session.archive is None and not self.settled:
            self.notify("The corpus is still loading", timeout=3)
            return
        self._reload_asked.set()
        self.notify("Looking for new, changed and deleted files…", timeout=2)

    async def action_quit(self) -> None:
        """Textual's own quit (ctrl+q, the palette's Quit) quits as q does: the session is remembered."""
        self.action_quit_app()

    def action_quit_app(self) -> None:
        if self._quitting:  # q, then the terminal closing: what q remembered stays
            return
        self._quitting = True
        self._stop_following.set()
        self.workers.cancel_all()  # a search or a count stops at its next step: quitting waits for none
        self._remember()
        self.exit(0)

    def _remember(self) -> None:
        """Keep the query and the open article at its place for the next start; a memory that
        cannot be written is said on stderr after the exit (parting_notes), never stops the quit."""
        try:
            problem = self.session.remember_now(self.main.reader.top_offset())
        except Exception as error:  # noqa: BLE001 - quitting must always work
            problem = f"this session could not be remembered ({error})"
        if problem:
            self.parting_notes.append(problem)


class _Reporter:
    """The progress callback of one background task, in its worker: counts and phases become
    LoadProgress messages; once the worker is cancelled, the next report raises Cancelled."""

    def __init__(self, app: AkhbarApp, task: str) -> None:
        self.app = app
        self.task = task
        self.worker = get_current_worker()
        self.current: str | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.worker.is_cancelled:
            raise Cancelled
        self.app.post_message(LoadProgress(self.task, self.current or "", done, total))

    def phase(self, name: str) -> None:
        if self.worker.is_cancelled:
            raise Cancelled
        if name != self.current:
            self.current = name
            self.app.post_message(LoadProgress(self.task, name, 0, -1))


def make_app(
    paths: Sequence[Path] | None = None,
    options: DisplayOptions | None = None,
    *,
    theme: str | None = None,
    follow_links: bool = False,
    follow: bool = True,
    show_timings: bool = True,
) -> AkhbarApp:
    """The app on `paths` (default: the bundled seeds)."""
    from corpus import default_corpus_path

    return AkhbarApp(
        paths or [default_corpus_path()],
        options or DisplayOptions(),
        theme=theme,
        follow_links=follow_links,
        follow=follow,
        show_timings=show_timings,
    )


def run_app(settings: Settings) -> int:
    """Run the app with resolved settings; its exit status.

    After an error the app did not handle, Textual restores the terminal; the traceback then
    goes to a log file under the user's state directory (named on stderr, never printed with
    whatever article text it holds), and the status is 1.
    """
    app = make_app(
        list(settings.corpus),
        settings.display_options(),
        theme=settings.theme,
        follow_links=settings.follow_links,
        follow=settings.follow,
    )
    app.notes = list(settings.warnings)
    report = io.StringIO()
    app.error_console = Console(file=report, width=120, color_system=None, markup=False, highlight=False)
    app.run()
    for note in app.parting_notes:
        say_after_exit(f"akhbar: {visible(note)}")
    code = app.return_code or 0
    if code and report.getvalue():
        report_crash(report.getvalue())
    return code
