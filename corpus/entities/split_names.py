"""Names the tagger cut in two, joined where the archive writes them whole.

The tagger reads باريس سان جرمان (the club) as the city باريس and a place سان جرمان, بروسيا
دورتموند as a country and a club, سان بطرسبرغ as two places. Two mentions one character apart
(a space, a hyphen) are one name when the archive's other articles tag the two together as a
single mention, in JOINED_MIN_ARTICLES articles or more (a pair the tagger once ran together by
mistake, إسطنبول بتركيا, is no evidence). The joined mention takes the type those whole mentions
have most often.

Never joined: two names each tagged alone in RUN_TOGETHER times the whole's articles (ترامب
بوتين, which the tagger sometimes runs together); a list (حماس والجهاد الإسلامي: و or ف before
the second); a title and a person (المشير خليفة حفتر); a body and the person named in full who
heads it (أبل | تيم كوك); spelled letters (بي | سي may end إن بي سي as well as بي بي سي); a name
and "in" a known place (دوما بسوريا), unless the archive tags the two as one in
PLACE_JOIN_ARTICLES articles or more, and twice as often as apart (بروسيا دورتموند).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

import numpy as np

from corpus.entities.extract import is_title
from corpus.entities.lexicons import LETTER_NAMES
from corpus.entities.mentions import TYPES
from corpus.entities.regal import titled_full_name
from corpus.entities.resolution import known_place
from corpus.entities.table import MentionColumns, articles_each, column_view
from corpus.sorted_sets import counted, paired
from corpus.text.clitics import without_proclitic
from corpus.text.normalization import normalize

__all__ = ["JOINED_MIN_ARTICLES", "PLACE_JOIN_ARTICLES", "RUN_TOGETHER", "join_split_names"]

_PERSON = TYPES.index("PER")

JOINED_MIN_ARTICLES = 3
"""In how many articles the two pieces must be tagged as one mention for a split pair to join."""
PLACE_JOIN_ARTICLES = 10
"""The same, where the second piece reads as "in" or "for" a known place."""
RUN_TOGETHER = 40
"""Two pieces each tagged alone in this many times the articles of their whole are two names the
tagger ran together (ترامب بوتين), not pieces of one (باريس and سان جرمان: 8 and 3 times)."""


class _WholeNames:
    """Every mention text, normalized, with how many articles tag it and its types."""

    def __init__(self, columns: MentionColumns) -> None:
        strings = list(columns.numbers)
        texts, docs, types = (
            column_view(columns.texts, np.int32),
            column_view(columns.docs, np.int32),
            column_view(columns.types, np.int8),
        )
        numbers: dict[str, int] = {}
        key_of = np.array(
            [numbers.setdefault(normalize(text), len(numbers)) for text in strings] or [0], dtype=np.int32
        )
        self.keys = numbers
        self._articles = articles_each(key_of[texts], docs, len(numbers))
        kinds, counts = counted(paired(key_of[texts], len(TYPES), types))
        self._types: dict[int, Counter[int]] = defaultdict(Counter)
        for kind, count in zip(kinds.tolist(), counts.tolist(), strict=True):
            self._types[kind // len(TYPES)][kind % len(TYPES)] = count

    def articles(self, key: str) -> int:
        """How many articles tag a normalized text as one mention."""
        number = self.keys.get(key)
        return int(self._articles[number]) if number is not None else 0

    def attested(self, text: str) -> str:
        """The normalized whole `text` is when the archive tags it as one name often enough, else ""."""
        key = normalize(text)
        return key if self.articles(key) >= JOINED_MIN_ARTICLES else ""

    def whole(self, first: str, second: str, clitics: Callable[[str], str], holder: bool = False) -> str:
        """The attested whole of two pieces ("" when none): never a list (حماس والجهاد), spelled
        letters, or a person of a title (المشير خليفة حفتر) or of a body and, `holder`, the
        person named in full who heads it (أبل | تيم كوك)."""
        words = normalize(second).split()
        if not words or clitics(words[0]).startswith(("و", "ف")):
            return ""
        whole = f"{first} {second}"
        key = self.attested(whole) or self.attested(_without_clitics(whole, clitics))
        if not key or all(word in LETTER_NAMES for word in key.split()):
            return ""  # بي | سي may be the end of إن بي سي as well as of بي بي سي
        if min(self.articles(normalize(first)), self.articles(normalize(second))) >= RUN_TOGETHER * self.articles(key):
            return ""  # ترامب بوتين: two names the tagger ran together a few times, each named alone far more
        if self.type_of(key) == _PERSON and (is_title(normalize(first).split()[-1]) or holder):
            return ""  # جامعة الإمام محمد بن سعود is a name; المشير خليفة حفتر, أبل تيم كوك are not
        return key

    def type_of(self, key: str) -> int:
        """The type an attested whole is tagged with most often."""
        return self._types[self.keys[key]].most_common(1)[0][0]


def _without_clitics(text: str, clitics: Callable[[str], str]) -> str:
    words = normalize(text).split()
    return " ".join([words[0][len(clitics(words[0])) :], *words[1:]])


def join_split_names(columns: MentionColumns, clitics: Callable[[str], str]) -> int:
    """Join, in place, each run of mentions the archive writes as one name; returns how many
    mentions were joined into the one before them. `clitics` gives the clitics before a name
    in a normalized word ("" for none): the first piece is also looked up without its own."""
    if len(columns) < 2:
        return 0
    docs, starts, ends = (column_view(c, np.int32) for c in (columns.docs, columns.starts, columns.ends))
    links = column_view(columns.links, np.int32)
    # Rows in article order (as grouping puts them) are paired as they stand: sorted here, they
    # took a row-long int64 order and its two views, held while the columns were rewritten.
    order = None if columns.in_article_order() else np.lexsort((starts, docs))
    first = slice(0, -1) if order is None else order[:-1]
    second = slice(1, None) if order is None else order[1:]
    near = docs[first] == docs[second]  # a test at a time: a million articles' mentions are many
    gap = starts[second] - ends[first]  # a new column: starts[second] may be a view of the column
    near &= gap == 1
    del gap
    strings = list(columns.numbers)
    near &= (links[first] < 0) | _titled_links(links, strings)[links[first]]  # الأمير سلطان بن سلمان | آل سعود
    near &= links[second] < 0
    near = np.flatnonzero(near)
    if not len(near):
        return 0
    wholes = _WholeNames(columns)
    pairs = (
        [(pair, pair + 1) for pair in near.tolist()]
        if order is None
        else [(int(order[pair]), int(order[pair + 1])) for pair in near.tolist()]
    )
    del order, near
    split: dict[str, set[int]] = defaultdict(set)
    """Attested whole -> the articles that name it in two pieces."""
    for head, tail in pairs:
        key = wholes.whole(strings[columns.texts[head]], strings[columns.texts[tail]], clitics)
        if key:
            split[key].add(int(docs[head]))
    joined: dict[int, tuple[str, str]] = {}
    """Row that begins a joined run -> (its whole text, the normalized key it is attested as)."""
    into: dict[int, int] = {}
    """Row joined into the one before it -> the row that begins its run."""
    members: dict[int, list[int]] = defaultdict(list)
    for head, tail in pairs:
        run = into.get(head, head)
        text = joined[run][0] if run in joined else strings[columns.texts[head]]
        piece = strings[columns.texts[tail]]
        holder = columns.types[tail] == _PERSON and columns.types[head] != _PERSON and " " in piece.strip()
        key = wholes.whole(text, piece, clitics, holder)
        if key and (
            not _in_a_place(piece, clitics) or wholes.articles(key) >= max(PLACE_JOIN_ARTICLES, 2 * len(split[key]))
        ):
            joined[run] = (f"{text} {piece}", key)
            into[tail] = run
            members[run].append(tail)
    if not into:
        return 0
    for run, (whole, key) in joined.items():
        tails = members[run]
        columns.texts[run] = columns.number(whole)
        if columns.links[run] >= 0:  # written after a title: the whole name is
            title = strings[columns.links[run]].partition(" ")[0]
            columns.links[run] = columns.number(f"{title} {whole}")
        columns.ends[run] = columns.ends[tails[-1]]
        columns.types[run] = wholes.type_of(key)
        columns.confidences[run] = min(columns.confidences[row] for row in [run, *tails])
    keep = np.ones(len(columns), dtype=bool)
    keep[np.fromiter(into, dtype=np.int64, count=len(into))] = False
    columns.keep(keep)
    return len(into)


def _titled_links(links: np.ndarray, strings: list[str]) -> np.ndarray:
    """Which string numbers are a full name's link with its title (regal.titled_full_name), with
    one more place at the end for "no link" (-1), which is none: only the links are looked at."""
    titled = np.zeros(len(strings) + 1, dtype=bool)
    for number in np.unique(links[links >= 0]).tolist():
        titled[number] = bool(titled_full_name(strings[number])[0])
    return titled


def _in_a_place(piece: str, clitics: Callable[[str], str]) -> bool:
    """Whether `piece` begins with "in" or "for" and a known place (بسوريا, باليمن, لليمن):
    where the first piece is, not the rest of its name (دوما بسوريا)."""
    word = normalize(piece).split()[0]
    prefix = clitics(word)
    return prefix.lstrip("وف") in ("ب", "ل", "بال", "لل") and known_place(without_proclitic(word, prefix))
