"""The entities pane: the open article's people, places, organisations, dates and amounts, by type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from textual.strip import Strip

from corpus.models import ENTITY_TYPES
from tui.display.safety import visible
from tui.display import DisplayOptions, is_rtl_text
from tui.app.widgets.cursor_list import CursorList
from tui.app.widgets.lines import first_line, text_strip, visual_strip

if TYPE_CHECKING:
    from corpus.entities.grouping import Entity

__all__ = ["EntityList", "TYPE_LABELS"]

TYPE_LABELS = {
    "PER": "PER شخص",
    "LOC": "LOC مكان",
    "ORG": "ORG منظمة",
    "MISC": "MISC أخرى",
    "DATE": "DATE تاريخ",
    "MONEY": "MONEY مال",
    "PERCENT": "PCT نسبة",
    "QUANTITY": "QTY كمية",
}
"""Latin first: each label is a left-to-right line, its Arabic word shaped in place."""
LABEL_CELLS = 11


class EntityList(CursorList):
    """Entities grouped by type (people first), each with how often the article names it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[tuple[Entity, int]] = []
        self.options = DisplayOptions()
        self.empty_message = "Open an article to see who and what it mentions."

    def set_entities(self, items: list[tuple[Entity, int]], empty_message: str = "No entities found in this article.") -> None:
        order = {kind: i for i, kind in enumerate(ENTITY_TYPES)}
        self.items = sorted(items, key=lambda pair: (order.get(pair[0].type, 99), -pair[1], pair[0].name))
        self.empty_message = empty_message
        self.set_item_count(len(self.items))

    def set_options(self, options: DisplayOptions) -> None:
        self.options = options
        self.refresh()

    @property
    def current(self) -> Entity | None:
        return self.items[self.cursor][0] if self.items else None

    def render_item_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        entity, count = self.items[index]
        base = self.rich_style + (self.style_of("cursor") if selected else Style())
        first_of_type = index == 0 or self.items[index - 1][0].type != entity.type
        label = TYPE_LABELS.get(entity.type, entity.type) if first_of_type else ""
        dim = base + self.style_of("dim")
        label_strip = visual_strip(first_line(label, LABEL_CELLS, self.options, None), LABEL_CELLS, dim)
        counted = f"{count:>4}× "
        name = visible(entity.name, bidi="strip")
        used = 1 + LABEL_CELLS + len(counted)
        shown = first_line(name, max(5, width - used), self.options, is_rtl_text(name))
        return Strip.join(
            [
                Strip.blank(1, base),
                label_strip if label else Strip.blank(LABEL_CELLS, base),
                text_strip(counted, len(counted), dim),
                visual_strip(shown, width - used, base),
            ]
        ).crop_extend(0, width, base)
