"""One entity in detail: every mention across the corpus in context, who occurs with it, and when."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Static

from corpus.models import Article
from tui.display.safety import visible
from tui.display import DisplayOptions, is_rtl_text, render_text
from tui.app.widgets.cursor_list import CursorList
from tui.app.panes.entities import TYPE_LABELS
from tui.app.widgets.lines import first_line, visual_strip

if TYPE_CHECKING:
    from corpus.entities.grouping import Entity, Mention

__all__ = ["EntityScreen", "MentionList", "timeline_chart"]

BARS = " ▁▂▃▄▅▆▇█"
CONTEXT = 60


def timeline_chart(months: list[tuple[str, int]], width: int = 40) -> str:
    """A one-line bar chart of articles per month: "2025-08 ▂▅█ 2025-10"."""
    if not months:
        return "no dated articles"
    months = months[-width:]
    peak = max(count for _, count in months)
    bars = "".join(BARS[max(1, round(count / peak * (len(BARS) - 1)))] for _, count in months)
    return f"{months[0][0]} {bars} {months[-1][0]}  (articles a month, peak {peak})"


class MentionList(CursorList):
    """Each mention: the article's title, then a line of shaped context with the mention highlighted."""

    LINES_PER_ITEM = 2

    def __init__(self, mentions: list[tuple[Article, int, Mention]], options: DisplayOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mentions = mentions
        self.options = options
        self.empty_message = "No mentions."

    def on_mount(self) -> None:
        self.set_item_count(len(self.mentions))

    def render_item_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        article, _, mention = self.mentions[index]
        base = self.rich_style + (self.style_of("cursor") if selected else Style())
        if line == 0:
            title = visible(article.title, bidi="strip")
            shown = first_line(title, width - 2, self.options, is_rtl_text(title))
            return Strip.join([Strip.blank(2, base), visual_strip(shown, width - 2, base + self.style_of("dim"))]).crop_extend(0, width, base)
        text = article.text
        start = max(text.rfind("\n", 0, mention.start) + 1, mention.start - CONTEXT)
        end = text.find("\n", mention.end)
        end = min(len(text) if end == -1 else end, mention.end + CONTEXT)
        context = visible(text[start:end], bidi="strip")
        hit = [(mention.start - start, mention.end - start, self.style_of("hit"))]
        shown = first_line(context, width - 4, self.options, is_rtl_text(context))
        return Strip.join([Strip.blank(4, base), visual_strip(shown, width - 4, base, hit)]).crop_extend(0, width, base)


class EntityScreen(Screen["tuple[int, Mention] | None"]):
    """Detail of one entity; enter on a mention opens its article there, esc goes back."""

    BINDINGS = [Binding("escape,q", "dismiss(None)", "Back", priority=True)]
    DEFAULT_CSS = """
    EntityScreen { layout: vertical; }
    EntityScreen #entity-head { height: auto; max-height: 8; padding: 0 1; background: $panel; }
    EntityScreen MentionList { height: 1fr; }
    """

    def __init__(
        self,
        entity: Entity,
        mentions: list[tuple[Article, int, Mention]],
        together: list[tuple[Entity, int]],
        months: list[tuple[str, int]],
        note: str,
        options: DisplayOptions,
    ) -> None:
        super().__init__()
        self.entity = entity
        self.mentions = mentions
        self.together = together
        self.months = months
        self.note = note
        self.options = options

    def compose(self) -> ComposeResult:
        entity = self.entity
        name = visible(entity.name, bidi="strip")
        variants = "، ".join(visible(v, bidi="strip") for v in entity.variants[:6])
        together = "، ".join(f"{visible(e.name, bidi='strip')} ({n})" for e, n in self.together[:6]) or "—"
        label = TYPE_LABELS.get(entity.type, entity.type)
        head = [
            (f"{name} — {label}: {len(entity.mentions)} إشارة في {len(entity.articles)} مقال", True),
            (f"يُكتب: {variants}", True),
            (f"يظهر مع: {together}", True),
            (f"over time: {timeline_chart(self.months)}", False),
        ]
        if self.note:
            head.append((self.note, False))
        with Vertical():
            yield _ShapedBlock(head, self.options, id="entity-head")
            yield MentionList(self.mentions, self.options, id="mentions")

    def on_mount(self) -> None:
        self.query_one(MentionList).focus()

    @on(CursorList.Selected, "#mentions")
    def _open(self, event: CursorList.Selected) -> None:
        _, doc, mention = self.mentions[event.index]
        self.dismiss((doc, mention))


class _ShapedBlock(Static):
    """A few lines of mixed Arabic and Latin text, each (text, is right-to-left) shown through the display engine."""

    def __init__(self, lines: list[tuple[str, bool]], options: DisplayOptions, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.block_lines = lines
        self.options = options

    def render_lines_for(self, width: int) -> list[str]:
        out: list[str] = []
        for line, rtl in self.block_lines:
            out.extend(render_text(line, width, self.options, rtl=rtl or None))
        return out

    def on_resize(self) -> None:
        self.update("\n".join(self.render_lines_for(max(10, self.size.width))))

    def on_mount(self) -> None:
        self.update("\n".join(self.render_lines_for(max(10, self.app.size.width - 2))))
