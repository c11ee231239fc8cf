"""Every key of the app in one table: the bindings, the help screen and the palette all read it.

A key is bound where its action lives: on the App (app-wide state: help, quit, the bidi
mode), on the MainScreen (panes, focus, hits, find, filter, back), on the MainScreen as a
command of tui.app.commands (bookmarks, saved searches, stories, the search's order,
timeline and export), or on the widget that owns it (lists, the reader).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding, BindingType

__all__ = ["Key", "APP_KEYS", "SCREEN_KEYS", "WIDGET_KEYS", "ALL_KEYS", "COPY", "action_of", "bindings"]

Owner = Literal["app", "screen", "command", "widget"]


@dataclass(frozen=True, slots=True)
class Key:
    """One action: the keys that run it, what it does, its action name and who binds it."""

    keys: str
    description: str
    action: str | None = None
    owner: Owner = "widget"
    priority: bool = False
    shown: str | None = None
    """How the keys are written in the help, when not as in `keys`."""


APP_KEYS: tuple[Key, ...] = (
    Key("t", "Cycle the bidi mode: app, terminal, off", "cycle_bidi", "app"),
    Key("question_mark,f1", "This help", "help", "app", shown="? F1"),
    Key("R", "Reload: index new, changed and deleted files now (they also come on their own)", "reload", "app"),
    Key("q", "Quit (in a text box q is typed: esc leaves the box first)", "quit_app", "app"),
)

SCREEN_KEYS: tuple[Key, ...] = (
    Key(
        "slash",
        "Search the whole corpus (or just start typing): the last query is selected, typing replaces it, End keeps it",
        "focus_search",
        "screen",
        shown="/",
    ),
    Key("tab", "Next pane (articles, search, reader, entities)", "move_pane(1)", "screen", priority=True),
    Key("shift+tab", "Previous pane", "move_pane(-1)", "screen", priority=True),
    Key("n", "Next search hit (or found text) in the article", "next_hit", "command"),
    Key("N", "Previous search hit in the article", "previous_hit", "command"),
    Key("f", "Find text in the open article (like / in less); then n/N", "find", "command"),
    Key("e", "Entities of the open article", "show_entities", "command"),
    Key(
        "E",
        "Entities of the archive, most named first; type a name in any spelling to find one",
        "archive_entities",
        "command",
    ),
    Key("ctrl+f", "Filter the article list by title, id or source; after:, before:, source: too", "filter", "command"),
    Key(
        "s",
        "Sort: search results by relevance or date; the article list by corpus order, date, newest file, title",
        "sort",
        "command",
    ),
    Key(
        "m",
        "Timeline of the current search: matching articles a month (the keys go to the results)",
        "timeline",
        "command",
    ),
    Key(
        "plus,ctrl+o",
        "Add the spelling variants the search notes offer (as word|variant)",
        "add_variants",
        "command",
        shown="+ ctrl+o",
    ),
    Key(
        "equals_sign", "Search as written only (= before the query); again as usual", "as_written", "command", shown="="
    ),
    Key(
        "x",
        "Export every result of the search, in the order shown, as CSV into the current folder",
        "export",
        "command",
    ),
    Key("b", "Bookmark the article (open, or under the cursor); again to remove", "bookmark", "command"),
    Key("B", "Show only bookmarked articles in the list (its head says so); again for all", "bookmarks", "command"),
    Key("S", "Save the current search, to run again", "save_search", "command"),
    Key("V", "Saved searches, with how many new articles match each since last time", "saved_searches", "command"),
    Key("o", "Sources, with their article counts; enter searches one", "sources", "command"),
    Key(
        "Y",
        "Stories: the largest stories of the articles in view (the list's filter), with sources and dates",
        "stories",
        "command",
    ),
    Key("a", "Also reported by: the other articles of the open article's story; enter opens one", "also", "command"),
    Key("z", "Fold the search results by story (one row a story); again to unfold", "fold_stories", "command"),
    Key("w", "Files that were skipped, and why", "show_problems", "command"),
    Key("escape", "Back to where you came from (a mention: its list)", "back", "screen", shown="esc"),
)

MOVES = {
    "down": "j,down",
    "up": "k,up",
    "first": "g,home",
    "last": "G,end",
    "page_down": "space,pagedown",
    "page_up": "pageup",
}
"""The movement keys of WIDGET_KEYS, by what they do."""

COPY = Key("c", "Copy the paragraph, snippet, title or name (OSC 52)", "copy", "widget")
"""Bound by each pane's widget, which knows what it shows."""

COPY_ARTICLE = Key("C", "Copy the whole article, as its file holds it (in the reader)", "copy_article", "widget")

WIDGET_KEYS: tuple[Key, ...] = (
    COPY,
    COPY_ARTICLE,
    Key(MOVES["down"], "Down (list) / scroll (reader)", shown="j ↓"),
    Key(MOVES["up"], "Up", shown="k ↑"),
    Key(MOVES["first"], "Top", shown="g Home"),
    Key(MOVES["last"], "Bottom", shown="G End"),
    Key(MOVES["page_down"], "Page down", shown="Space PgDn"),
    Key(MOVES["page_up"], "Page up", shown="PgUp"),
    Key("enter", "Open the article, result, entity or mention; in the search box, the first result"),
    Key("ctrl+c", "Copy the mouse selection as original text"),
    Key("ctrl+p", "Command palette"),
)

ALL_KEYS = (*SCREEN_KEYS, *APP_KEYS, *WIDGET_KEYS)
"""In the order the help lists them."""


def movement_bindings(**actions: str) -> list[BindingType]:
    """The movement keys, each bound to the widget's own action (down="cursor_down", …)."""
    return [
        Binding(MOVES[move], action, move.replace("_", " ").capitalize(), show=False)
        for move, action in actions.items()
    ]


def action_of(key: Key) -> str:
    """The Textual action a key runs: a command's runs it through the screen's `command` action."""
    assert key.action is not None
    return f"command({key.action!r})" if key.owner == "command" else key.action


def bindings(keys: Iterable[Key]) -> list[BindingType]:
    """Textual bindings for the keys that have an action."""
    return [
        Binding(k.keys, action_of(k), k.description, show=False, priority=k.priority, id=k.action)
        for k in keys
        if k.action
    ]
