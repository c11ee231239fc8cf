"""The notes under the search box, cut to the lines they have."""

from __future__ import annotations

import textwrap

from tui.app.panes.search import _cut_to_fit


def _wrapped(width: int):  # type: ignore[no-untyped-def]
    return lambda text: "\n".join(textwrap.wrap(text, width))


def test_a_note_cut_to_one_line_never_ends_inside_its_brackets() -> None:
    """Cut after "(=خاشقجي: as", the lone "(" stood between two Arabic words and was drawn with
    them, mirrored: "of ﻲﺠﻘﺷﺎﺧ=) ﻲﺠﻘﺷﺎﺧ: as …" (a newcomer's screen)."""
    note = "also searched: خاشجقي، the archive's other spelling of خاشقجي (=خاشقجي: as written only)"
    for width in range(40, 90):
        cut = _cut_to_fit(note, _wrapped(width), 1)
        assert cut.count("(") == cut.count(")"), (width, cut)
        assert cut.endswith("…")
    assert "(" not in _cut_to_fit(note, _wrapped(70), 1)
    assert _cut_to_fit(note, _wrapped(200), 1).count("(") == 1  # room for the whole note: kept whole
