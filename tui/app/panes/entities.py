"""The entities pane: the open article's people, places, organisations, dates and amounts, by type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from textual import work
from textual.message import Message
from textual.strip import Strip

from corpus import ArticleUnreadable, Doc
from corpus.entities import TYPES, Entity
from tui.app.keys import COPY, bindings
from tui.app.widgets.clipboard import copy_text
from tui.app.widgets.cursor_list import CursorList
from tui.app.widgets.lines import first_line, text_strip, visual_strip
from tui.display import DisplayOptions, is_rtl_text, visible

if TYPE_CHECKING:
    from corpus import Archive

__all__ = ["EntityList", "TYPE_LABELS", "TYPE_NAMES", "UNSURE_MARK", "mark_strip"]

TYPE_CODES = {"PERCENT": "PCT", "QUANTITY": "QTY"}
"""Short codes of the types whose names are long."""
TYPE_NAMES = {
    "PER": "شخص",
    "LOC": "مكان",
    "ORG": "منظمة",
    "MISC": "أخرى",
    "DATE": "تاريخ",
    "MONEY": "مال",
    "PERCENT": "نسبة",
    "QUANTITY": "كمية",
}
"""Each type's Arabic name, as Arabic lines (the entity detail's head) say it."""
TYPE_LABELS = {kind: f"{TYPE_CODES.get(kind, kind)} {name}" for kind, name in TYPE_NAMES.items()}
"""Latin first: each label is a left-to-right line, its Arabic word shaped in place."""
LABEL_CELLS = 11
UNSURE_MARK = "?"
"""Drawn before a name the tagger was unsure of (most of its mentions below CONFIDENT): one to check."""


def mark_strip(unsure: bool, style: Style) -> Strip:
    """The one cell before a label: UNSURE_MARK for a name to check, else blank."""
    return text_strip(UNSURE_MARK, 1, style + Style(bold=True)) if unsure else Strip.blank(1, style)


class EntityList(CursorList):
    """Entities grouped by type (people first), each with how often the article names it, and
    UNSURE_MARK before a name the tagger was unsure of in most of this article's mentions.

    The open article's entities come from the archive's entity index once it is built;
    before that, the article is tagged in a worker here.
    """

    BINDINGS = bindings([COPY])

    class Tagged(Message):
        """The entities of one article, tagged on their own."""

        def __init__(self, doc: Doc, items: list[tuple[Entity, int]], problem: str = "") -> None:
            super().__init__()
            self.doc = doc
            self.items = items
            self.problem = problem

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[tuple[Entity, int]] = []
        self.unsure: list[bool] = []
        self.doc: Doc | None = None
        self.options = DisplayOptions()
        self.empty_message = "Open an article to see who and what it mentions."

    def show_article(self, archive: Archive, doc: Doc) -> None:
        """The entities of an article: at once from the entity index, else tagged in the background."""
        self.doc = doc
        if archive.entities is not None:
            self.set_entities(archive.entities.for_article(doc))
            return
        self.set_entities([], "Finding the names in this article…")
        self._tag(archive, doc)

    @work(thread=True, exclusive=True, group="article-entities")
    def _tag(self, archive: Archive, doc: Doc) -> None:
        try:
            self.post_message(self.Tagged(doc, archive.article_entities(doc)))
        except ArticleUnreadable as error:
            self.post_message(self.Tagged(doc, [], str(error)))

    def on_entity_list_tagged(self, message: EntityList.Tagged) -> None:
        message.stop()
        if message.doc == self.doc and not self.items:
            self.set_entities(message.items, visible(message.problem) or "No entities found in this article.")

    def action_copy(self) -> None:
        """Copy the name under the cursor."""
        copy_text(self, self.current.name if self.current is not None else None)

    def set_entities(
        self, items: list[tuple[Entity, int]], empty_message: str = "No entities found in this article."
    ) -> None:
        order = {kind: i for i, kind in enumerate(TYPES)}
        self.items = sorted(items, key=lambda pair: (order.get(pair[0].type, 99), -pair[1], pair[0].name))
        doc = self.doc
        self.unsure = [entity.unsure_in(doc) if doc is not None else entity.unsure for entity, _ in self.items]
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
        rtl = is_rtl_text(name) or not any(c.isascii() and c.isalpha() for c in name)  # "40%" sits with Arabic
        shown = first_line(name, max(5, width - used), self.options, rtl)
        return Strip.join(
            [
                mark_strip(self.unsure[index], base),
                label_strip if label else Strip.blank(LABEL_CELLS, base),
                text_strip(counted, len(counted), dim),
                visual_strip(shown, width - used, base),
            ]
        ).crop_extend(0, width, base)
