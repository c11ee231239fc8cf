"""Arabic shaping for reading, as glyph clusters that remember which original characters they show.

The letter forms and lam-alef ligatures are arabic-reshaper's own tables, applied with
arabic-reshaper's joining rules (a test checks every glyph against `ArabicReshaper.reshape`
configured for reading). The rules are applied here, word by word with a cache, because
arabic-reshaper keeps no map from output to input (its issue #34) and reading its
configuration on every call costs more than the shaping itself.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from arabic_reshaper import ArabicReshaper
from arabic_reshaper import letters as reshaper_letters
from arabic_reshaper.arabic_reshaper import HARAKAT_RE
from arabic_reshaper.letters import LETTERS_ARABIC, ZWJ
from arabic_reshaper.ligatures import LIGATURES
from rich.cells import cell_len

CLUSTER_MARKS = 16
"""At most this many marks are drawn on one letter: a letter under 200,000 harakat is still one
cell, sent to the terminal as a few characters, while its span covers every one of them
(selection and copying give the original text)."""

ISOLATED: int = reshaper_letters.ISOLATED
INITIAL: int = reshaper_letters.INITIAL
MEDIAL: int = reshaper_letters.MEDIAL
FINAL: int = reshaper_letters.FINAL
"""The four contextual forms, as arabic-reshaper numbers them (typed: the package has no hints)."""

__all__ = ["Clusters", "clusters", "reading_reshaper"]

_LAM_ALEF_NAMES = (
    "ARABIC LIGATURE LAM WITH ALEF",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
    "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
)
_LAM_ALEF: dict[str, tuple[str, str]] = {
    pair: (forms[ISOLATED], forms[FINAL]) for name, (pair, forms) in LIGATURES if name in _LAM_ALEF_NAMES
}
"""Lam followed by an alef → (isolated form, final form) of their one-cell ligature."""

_MARKS = frozenset(chr(c) for c in range(0x0590, 0x0900) if HARAKAT_RE.match(chr(c)))
_UNSUPPORTED = -1
_LIGATURE = -2
_BEFORE = frozenset(k for k, f in LETTERS_ARABIC.items() if f[FINAL] or f[MEDIAL])
_AFTER = frozenset(k for k, f in LETTERS_ARABIC.items() if f[INITIAL] or f[MEDIAL])
_BOTH = frozenset(k for k, f in LETTERS_ARABIC.items() if f[MEDIAL])
_PLAIN_LETTERS = frozenset(k for k in LETTERS_ARABIC if k != ZWJ)
"""Letters that each take one cell of their own once shaped."""


class Clusters(NamedTuple):
    """Parallel lists, one item a cluster: what one cell (two for wide characters) shows.

    A cluster is a base glyph and the marks and zero-width characters that follow it;
    `starts[k]`/`ends[k]` are the original characters it stands for (a lam-alef ligature
    stands for both letters and any mark between them).
    """

    glyphs: list[str]
    starts: list[int]
    ends: list[int]
    widths: list[int]


def reading_reshaper() -> ArabicReshaper:
    """arabic-reshaper configured for reading: harakat and tatweel kept, lam-alef the only ligature.

    The one-cell ALLAH ligature (U+FDF2) and the other word ligatures are wider than a
    cell in terminal fonts and would overlap their neighbours, so they stay off.
    """
    configuration: dict[str, object] = {name: False for name, _ in LIGATURES}
    configuration.update({name: True for name in _LAM_ALEF_NAMES})
    configuration.update({"delete_harakat": False, "delete_tatweel": False, "support_ligatures": True})
    return ArabicReshaper(configuration=configuration)


@lru_cache(maxsize=8192)
def _width(char: str) -> int:
    return 0 if char == ZWJ else cell_len(char)


def _join(forms: list[int], previous: str, letter: str) -> int:
    """The form of `letter` after `previous` (whose form is forms[-1]): FINAL when the two join,
    which turns the previous one initial or medial; else ISOLATED (arabic-reshaper's rules)."""
    before = forms[-1]
    if (
        before == _UNSUPPORTED
        or letter not in _BEFORE
        or previous not in _AFTER
        or (before == FINAL and previous not in _BOTH)
    ):
        return ISOLATED
    forms[-1] = INITIAL if before == ISOLATED else MEDIAL
    return FINAL


def _joined_forms(word: str) -> tuple[list[str], list[int], list[int], list[int], list[str]]:
    """arabic-reshaper's joining pass: letter, form, span and trailing marks of each non-mark."""
    letters: list[str] = []
    forms: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    marks: list[str] = []
    for index, letter in enumerate(word):
        if letter in _MARKS:
            if not letters:
                letters.append("")
                forms.append(_UNSUPPORTED)
                starts.append(index)
                ends.append(index)
                marks.append("")
            if len(marks[-1]) < CLUSTER_MARKS:
                marks[-1] += letter
            ends[-1] = index + 1
            continue
        if letter not in LETTERS_ARABIC:
            form = _UNSUPPORTED
        elif not letters:
            form = ISOLATED
        else:
            form = _join(forms, letters[-1], letter)
        letters.append(letter)
        forms.append(form)
        starts.append(index)
        ends.append(index + 1)
        marks.append("")
    return letters, forms, starts, ends, marks


def _plain_forms(word: str) -> list[int]:
    """The joining form of each letter of a word made only of Arabic letters (no marks)."""
    forms: list[int] = []
    previous = ""
    for letter in word:
        forms.append(_join(forms, previous, letter) if forms else ISOLATED)
        previous = letter
    return forms


WordClusters = tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...], bool, int]
"""glyphs, starts, ends, widths, whether each character is a one-cell cluster of its own, total width."""


@lru_cache(maxsize=1 << 16)
def _word_clusters(word: str, shape: bool) -> WordClusters:
    """The clusters of one space-free word, offsets relative to the word."""
    if shape and not word.isascii():
        if _PLAIN_LETTERS.issuperset(word) and not any(pair in word for pair in _LAM_ALEF):
            shaped = tuple([LETTERS_ARABIC[c][f] or c for c, f in zip(word, _plain_forms(word), strict=True)])
            return shaped, tuple(range(len(word))), tuple(range(1, len(word) + 1)), (1,) * len(word), True, len(word)
        letters, forms, starts, ends, marks = _joined_forms(word)
    else:
        letters, forms = list(word), [_UNSUPPORTED] * len(word)
        starts, ends, marks = list(range(len(word))), list(range(1, len(word) + 1)), [""] * len(word)
    glyphs: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    widths: list[int] = []
    for k, letter in enumerate(letters):
        form = forms[k]
        if form >= 0 and glyphs and out_starts and letters[k - 1] and forms[k - 1] >= 0:
            pair = _LAM_ALEF.get(letters[k - 1] + letter)
            if pair is not None and forms[k - 1] != _LIGATURE:
                joined = forms[k - 1] in (MEDIAL, FINAL)
                glyphs[-1] = (pair[1] if joined else pair[0]) + glyphs[-1][1:] + marks[k]
                out_ends[-1] = ends[k]
                forms[k] = _LIGATURE
                continue
        glyph = letter if form < 0 else (LETTERS_ARABIC[letter][form] or letter)
        width = _width(glyph) if glyph else 0
        if width == 0 and glyphs:
            if len(glyphs[-1]) < CLUSTER_MARKS:
                glyphs[-1] += glyph + marks[k]
            out_ends[-1] = ends[k]
            continue
        glyphs.append((glyph or "◌") + marks[k])
        out_starts.append(starts[k])
        out_ends.append(ends[k])
        widths.append(max(width, 1) if not glyph else width)
    simple = len(glyphs) == len(word) and all(w == 1 for w in widths)
    return tuple(glyphs), tuple(out_starts), tuple(out_ends), tuple(widths), simple, sum(widths)


def clusters(text: str, *, shape: bool = True) -> tuple[Clusters, list[tuple[int, int, int]]]:
    """The clusters of a paragraph in logical order (each space a cluster of its own), and
    (first cluster, end cluster, width) of each word between spaces."""
    result = Clusters([], [], [], [])
    glyphs, starts, ends, widths = result
    words: list[tuple[int, int, int]] = []
    position = 0
    for word in text.split(" "):
        if word:
            g, s, e, w, simple, total = _word_clusters(word, shape)
            first = len(glyphs)
            glyphs.extend(g)
            widths.extend(w)
            if simple:
                starts.extend(range(position, position + len(word)))
                ends.extend(range(position + 1, position + len(word) + 1))
            elif position:
                starts.extend([x + position for x in s])
                ends.extend([x + position for x in e])
            else:
                starts.extend(s)
                ends.extend(e)
            words.append((first, len(glyphs), total))
        position += len(word)
        if position < len(text):
            glyphs.append(" ")
            starts.append(position)
            ends.append(position + 1)
            widths.append(1)
            position += 1
    return result, words
