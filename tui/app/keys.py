"""Every key of the app in one table: the bindings, the help screen and the palette all read it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

__all__ = ["Key", "APP_KEYS", "WIDGET_KEYS", "app_bindings"]


@dataclass(frozen=True, slots=True)
class Key:
    """One action: the keys that run it, what it does, and the app action it calls (if app-wide)."""

    keys: str
    description: str
    action: str | None = None
    priority: bool = False
    shown: str | None = None
    """How the keys are written in the help, when not as in `keys`."""


APP_KEYS: tuple[Key, ...] = (
    Key("slash", "Search the whole corpus (or just start typing)", "focus_search", shown="/"),
    Key("tab", "Next pane (articles, search, reader, entities)", "next_pane", priority=True),
    Key("shift+tab", "Previous pane", "previous_pane", priority=True),
    Key("n", "Next search hit in the article", "next_hit"),
    Key("N", "Previous search hit in the article", "previous_hit"),
    Key("e", "Entities of the open article", "show_entities"),
    Key("c", "Copy the paragraph, snippet or name (OSC 52)", "copy"),
    Key("t", "Cycle the bidi mode: app, terminal, off", "cycle_bidi"),
    Key("ctrl+f", "Filter the article list by title", "filter"),
    Key("s", "Sort the article list: corpus order, date, title", "sort"),
    Key("w", "Files that were skipped, and why", "show_problems"),
    Key("question_mark,f1", "This help", "help", shown="? F1"),
    Key("escape", "Back", "back", shown="esc"),
    Key("q", "Quit", "quit_app"),
)

WIDGET_KEYS: tuple[Key, ...] = (
    Key("j,down", "Down (list) / scroll (reader)", shown="j ↓"),
    Key("k,up", "Up", shown="k ↑"),
    Key("g,home", "Top", shown="g Home"),
    Key("G,end", "Bottom", shown="G End"),
    Key("space,pagedown", "Page down", shown="Space PgDn"),
    Key("pageup", "Page up", shown="PgUp"),
    Key("enter", "Open the article, result, entity or mention"),
    Key("ctrl+c", "Copy the mouse selection as original text"),
    Key("ctrl+p", "Command palette"),
)


def app_bindings() -> list[Binding]:
    """The app-wide bindings, from APP_KEYS."""
    return [
        Binding(k.keys, k.action or "", k.description, show=False, priority=k.priority, id=k.action)
        for k in APP_KEYS
        if k.action
    ]
