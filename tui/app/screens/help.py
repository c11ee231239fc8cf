"""The help screen: every key, the bidi modes, and what to know about copying over SSH."""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from corpus.entities import CONFIDENT
from tui.app.keys import ALL_KEYS

__all__ = ["HelpScreen", "help_text"]

NOTES = """\
This help scrolls with j/k (a line), space/b (a page), g/G (either end).

Bidi modes (t cycles them; --bidi sets one at start):
  app       Akhbar shapes and orders Arabic itself: for xterm, tmux,
            kitty, foot, Alacritty, Windows Terminal, most terminals
            over SSH.
  terminal  logical order, for terminals that reorder themselves:
            GNOME Terminal and other VTE terminals, Konsole, mlterm.
  off       raw text.

Copying (c, and ctrl+c for a mouse selection) sends the ORIGINAL text,
in logical order, through OSC 52. It works in kitty, WezTerm, foot,
Alacritty, Windows Terminal and iTerm2 (once allowed); not in GNOME
Terminal/VTE or macOS Terminal. Inside tmux, run
  tmux set -s set-clipboard on
Without OSC 52, hold shift and drag to select with the terminal itself.

Typing any letter that is not a key above starts a search with it.
Query: words (all must match, typos forgiven), "a phrase",
'exact word, !excluded word. Filters: after:2018-01 (on or after),
before:2018-06 (before), source:okaz (several: any of them); they
combine with words and each other, and alone list newest first.
Each result not matched as written says how: base (without clitics
or endings), ≈spelling (a variant or typo), prefix (being typed).
A word no article holds as written is named above the results.

Entities: a ? before a name (the article's entities, the archive's
list) means the tagger was unsure of it: fewer than half of its
mentions there reach {percent}% probability. Check it. Its detail says
how many mentions were confident, and marks each unsure one with ?."""


HELP_WIDTH = 72
"""The help's lines at most: the 80-column box less its border, padding and scrollbar."""
_KEY_COLUMN = 17


def help_text(width: int = HELP_WIDTH) -> str:
    """The whole help as plain text, each key's description wrapped under itself."""
    rows = [
        textwrap.fill(
            k.description,
            width,
            initial_indent=f"  {k.shown or k.keys:<14} ",
            subsequent_indent=" " * _KEY_COLUMN,
            break_on_hyphens=False,
        )
        for k in ALL_KEYS
    ]
    return "Keys\n" + "\n".join(rows) + "\n\n" + NOTES.format(percent=round(CONFIDENT * 100))


class HelpScreen(ModalScreen[None]):
    """A modal listing every key; j/k, space/b and g/G scroll it; esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", priority=True),
        Binding("j,down", "move('scroll_down')", "Down", show=False),
        Binding("k,up", "move('scroll_up')", "Up", show=False),
        Binding("space,pagedown,f", "move('page_down')", "Page down", show=False),
        Binding("b,pageup", "move('page_up')", "Page up", show=False),
        Binding("g,home", "move('scroll_home')", "Top", show=False),
        Binding("G,end", "move('scroll_end')", "Bottom", show=False),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 80;
        max-width: 100%;
        height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(help_text(), markup=False)

    def action_move(self, how: str) -> None:
        """Scroll the help as less does: j/k a line, space/b a page, g/G to either end."""
        getattr(self.query_one(VerticalScroll), f"action_{how}")()
