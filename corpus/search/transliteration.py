"""Latin-script and Arabizi query words → the Arabic words of the archive they spell.

The alias table (coarse sound key → the archive's Arabic words that have it, corpus.text.latin)
is made from the index's own vocabulary the first time a Latin word is searched (or ahead of it,
by `warm_up`), once per index. A Latin word is looked up under the keys of its readings (and
its usual Arabic spellings as Wikidata's labels of people attest them are candidates too); each
word found is scored by how closely its shape fits the closest reading (Indel similarity), and
the best fitting, then the most frequent, are taken: putin → بوتين، بوتن.
"""

from __future__ import annotations

import math
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from corpus.packed import PackedStrings
from corpus.search.final_ta import held_spelling
from corpus.search.index import CorpusIndex
from corpus.search.postings import KeyTerms
from corpus.text.latin import (
    ARABIC_ARTICLES,
    arabic_key,
    arabic_shape,
    coarse,
    fold_latin,
    from_keyboard,
    is_latin_word,
    latin_readings,
    latin_spelled,
    shape_cost,
    spelled_name_words,
    strip_arabic_article,
    strip_article,
)
from corpus.text.normalization import normalize, search_form, tokenize
from corpus.text.shipped import latin_names, listed_names, not_names, person_names, places

__all__ = [
    "LATIN_MIN_DF", "TRANSLITERATED", "AliasTable", "Transliteration", "alias_table", "compound_reading",
    "keyboard_reading",
    "transliterate", "use_alias_table", "use_named_words", "warm_named_words", "warm_up", "make_alias_table",
    "merged_alias_table",
]  # fmt: skip

TRANSLITERATED = 0.7
"""Weight of a match on an Arabic word that a Latin query word spells, scaled by how well it fits."""

LATIN_MIN_DF = 2
"""Arabic words held by fewer articles than this are not in the alias table (a misprint, a rare
word: a Latin query means a name that the archive writes)."""
COST_PER_CONSONANT = 0.3
"""What reading a Latin word as an Arabic one may cost (shape_cost), per consonant of the
Latin word, and at least MIN_COST."""
MIN_COST = 0.6
COST_WINDOW = 0.25
"""Other spellings that cost more than the best by more than this are left out."""
FAR_MORE = 5
"""Another spelling of the best's consonants held by this many times as many articles is weighed
whatever it costs within the limit (tillerson: تيلرسون, 97 articles, beside the cheaper تليرسون,
6), when the archive writes it where it writes the best."""
FREQUENT = 0.15
"""What each tenfold of articles holding an Arabic word takes off its cost when the best is
chosen (qatar: قطر in 1,261 articles before قطار in 249 and كاطار in 5)."""
PLACE_BONUS = 0.3
"""What being a known place (corpus/data/places.txt) takes off a word's cost when the best is
chosen: yemen is اليمن, not اليمين; oman is عمان, not ومن; qatar is قطر, not قطار. As written:
with the article a town's word is another word (ennahda is النهضة; النادي, the club, is no town نادي)."""
PERSON_BONUS = 0.15
"""What being a word of people's names (corpus/data/person_names.txt) takes off: less, as the
list holds common words too (خوان, which is Juan, is no ikhwan)."""
COMMON_COST = 0.4
"""What a function, currency or unit word (corpus/data/not_names.txt) adds to its cost: a Latin
query means a name (apple is أبل, not بلا), though a name may be one too (3ali: علي), and one the
entity table holds in a name in NAMED_WORD of its articles pays nothing."""
ARTICLE_BONUS = 0.2
"""What a word written with the article takes off its cost when the Latin word has one too
(al-qaeda: القاعدة, not قائدا)."""
USUAL_BONUS = (0.3, 0.15, 0.1, 0.05)
"""What being a name word that the Latin word is a usual spelling of (Wikidata's labels of
people: corpus.text.shipped.latin_name_words) takes off its cost, by the rank of the spelling
among the word's: salah is صلاح (its first), not صالح (Saleh first)."""
NAMED_WORD = 0.2
"""An Arabic word the entity table holds in a name in this share of its articles or more is a
name's word (أوبر, يونيسف, طالبان, علي): a Latin reading of it takes NAMED_BONUS off its cost."""
UNNAMED_WORD = 0.02
"""One held in a name in fewer than this share is a common word (عبر "through", نصف "half", أعلى
"higher", العمر "age"): its reading costs COMMON_COST more."""
NAMED_ARTICLES = 5
"""The fewest articles naming a word for its share to count (تيليجرام, named in 3 of 3, is no
better a reading than تليغرام for it); no fewer than the saved table keeps its words for
(corpus.entities.saved.SAVED_NAMED)."""
UNNAMED_HELD = 1000
"""...and is held by this many articles or more: a name the tagger misses is seldom so common
(مقتدى, Muqtada, named in 1 of its 147 articles; تليغرام in 1 of 28)."""
NAMED_BONUS = 0.2
CONTEXT_CHECKS = 5
"""Other spellings whose contexts are compared with the best's, the most frequent first (each
comparison reads a sample of their articles: about a millisecond)."""
CANDIDATES = 150
"""The most frequent Arabic words under a Latin word's keys that are scored."""
SHARE = 10
"""Other spellings held by at least a SHARE-th as many articles as the best are taken (بوتن
beside بوتين), when the archive writes them where it writes the best."""
MOST = 4
"""Arabic words taken per Latin word at most (their clitic forms come with them)."""
OWN_SHARE = 4
"""A Latin word that articles hold as written (BBC, Apple) in at least RARE articles and a
fourth as many as its best Arabic spelling is taken as written: the spelling is offered."""
RARE = 25


@dataclass(frozen=True, slots=True)
class Transliteration:
    """What a Latin query word spells in the archive."""

    word: str
    terms: tuple[tuple[int, float], ...]
    """(term id, fit), the Arabic words it is taken for, most frequent first."""
    offered: tuple[int, ...] = ()
    """Arabic words it may spell but is not taken for: the word is written as such often enough."""


AliasTable = KeyTerms
"""Coarse key → the ids of the Arabic words that have it, stored flat (saved with the index)."""

_tables: weakref.WeakKeyDictionary[CorpusIndex, AliasTable] = weakref.WeakKeyDictionary()
_found: weakref.WeakKeyDictionary[CorpusIndex, OrderedDict[str, Transliteration]] = weakref.WeakKeyDictionary()
_naming: weakref.WeakKeyDictionary[CorpusIndex, Callable[[], Mapping[str, int]] | None] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
KEPT = 256
"""Transliterations kept per index."""


def alias_table(index: CorpusIndex) -> AliasTable:
    """Coarse key → the ids of the Arabic words (in LATIN_MIN_DF articles or more) that have it;
    made once per index, or read with a saved one (`use_alias_table`)."""
    with _lock:
        table = _tables.get(index)
        if table is None:
            table = _tables[index] = make_alias_table(index)
    return table


def warm_up(index: CorpusIndex) -> None:
    """Make or read what the first Latin query would: the alias table and the shipped name data."""
    alias_table(index)
    places()
    person_names()
    latin_names()
    latin_spelled()


def use_named_words(index: CorpusIndex, named: Callable[[], Mapping[str, int]] | None) -> None:
    """Read Latin words with `named` (articles naming each normalized word, made on first need from
    the entity table, or None without one), the readings remembered so far dropped."""
    with _lock:
        _naming[index] = named
        _found.pop(index, None)


def warm_named_words(index: CorpusIndex) -> None:
    """Count the words the entity table's names hold now, not at the first Latin word typed."""
    with _lock:
        named = _naming.get(index)
    if named is not None:
        named()


def _named_share(index: CorpusIndex, term: int) -> float | None:
    """The share of a term's articles that hold it in a name (0 when fewer than NAMED_ARTICLES
    do: too few to tell), or None without an entity table."""
    with _lock:
        named = _naming.get(index)
    if named is None:
        return None
    count = named().get(normalize(index.terms[term]), 0)
    return count / max(1, int(index.document_frequency[term])) if count >= NAMED_ARTICLES else 0.0


def use_alias_table(index: CorpusIndex, table: AliasTable) -> None:
    """Take the alias table saved with the index instead of making it again."""
    if len(table) and int(np.max(table.arrays()[2], initial=0)) >= len(index.terms):
        raise ValueError("an alias names a term that does not exist")
    with _lock:
        _tables[index] = table


def make_alias_table(index: CorpusIndex) -> AliasTable:
    """The alias table of an index, made from its vocabulary (about a second on 69k articles)."""
    ids = np.nonzero(index.document_frequency >= LATIN_MIN_DF)[0]
    ids = ids[ids != CorpusIndex.EMPTY_TERM]
    terms = index.terms
    texts = terms.many(ids) if isinstance(terms, PackedStrings) else [terms[t] for t in ids.tolist()]
    table: dict[str, list[int]] = {}
    attested = set(texts)
    for term, text in zip(ids.tolist(), texts, strict=True):
        for key in _alias_keys(text, attested.__contains__):
            table.setdefault(key, []).append(term)
    return KeyTerms.from_dict(table)


def _alias_keys(text: str, written_bare: Callable[[str], bool]) -> set[str]:
    """The coarse keys of an Arabic word of the alias table: its key without its article, and
    with it too when the archive does not write it without (`written_bare` says)."""
    if not "\u0621" <= text[0] <= "\u064a":
        return set()
    keys = {arabic_key(text)}
    if not written_bare(strip_arabic_article(text)):
        keys.add(arabic_key(text, article=True))
    keys.discard("")
    return keys


def merged_alias_table(
    base: CorpusIndex, merged: CorpusIndex, base_to_merged: np.ndarray, changed: Iterable[str]
) -> AliasTable:
    """The alias table of `merged` (made from `base` and some changed articles) from `base`'s:
    the entries of the words whose own frequency or whose article-less form's changed (`changed`,
    every form whose frequency or presence differs) made again, the others renumbered; the same
    keys and members as `make_alias_table(merged)`, each key's members in term order. A word
    only deleted articles held (corpus.search.segmented) is made again too: it has none."""
    vocabulary = merged.vocabulary_of_every_term
    redo: set[int] = set()
    for form in changed:
        for written in (form, *(article + form for article in ARABIC_ARTICLES)):
            term = vocabulary.get(written)
            if term is not None and term != CorpusIndex.EMPTY_TERM:
                redo.add(term)
    frequency = merged.document_frequency

    def written_bare(form: str) -> bool:
        term = vocabulary.get(form)
        return term is not None and int(frequency[term]) >= LATIN_MIN_DF

    keyed = (
        (term, _alias_keys(merged.terms[term], written_bare))
        for term in sorted(redo)
        if int(frequency[term]) >= LATIN_MIN_DF
    )
    return alias_table(base).rekeyed(base_to_merged, redo, keyed)


SameWord = Callable[[int, int], bool]
"""Whether two terms are one word in two spellings (the archive writes them in the same contexts)."""


Readings = tuple[tuple[str, float], ...]


def _readings_of(text: str, readings: Readings, solid: Readings) -> Readings:
    """The readings of the Latin word to compare with an Arabic word: those with a solid article
    too when the Arabic word has the article."""
    return readings + solid if solid and strip_arabic_article(text) != text else readings


def _shapes(index: CorpusIndex, text: str) -> tuple[str, ...]:
    """The shapes of an Arabic word: without its article, and with it too when the archive
    (LATIN_MIN_DF articles) never writes it without (اليسا: Elissa; القذافي: Gaddafi, al-Qadhafi)."""
    bare = strip_arabic_article(text)
    if bare != text and index.frequency(bare) < LATIN_MIN_DF:
        return (arabic_shape(text), arabic_shape(text, article=True))
    return (arabic_shape(text),)


def transliterate(index: CorpusIndex, word: str, same_word: SameWord) -> Transliteration | None:
    """The Arabic words a Latin or Arabizi query word spells (None for a word that is no such
    word): the one that fits best, frequency counting too, and its other spellings that the
    archive writes where it writes it (`same_word`); kept for the last KEPT words of each index."""
    if not is_latin_word(word):
        return None
    with _lock:
        kept = _found.setdefault(index, OrderedDict())
        found = kept.get(word)
    if found is None:
        found = _transliterate(index, word, same_word)
        if (apart := _article_apart(word)) is not None:  # alqaeda: القاعدة as al-qaeda, not القعدة
            other = _transliterate(index, apart, same_word)
            read_with_article = bool(other.terms) and index.terms[other.terms[0][0]].startswith("ال")
            if read_with_article and _held(index, other) > _held(index, found):
                found = Transliteration(word, other.terms, other.offered)
        with _lock:
            kept[word] = found
            while len(kept) > KEPT:
                kept.popitem(last=False)
    return found


def _article_apart(word: str) -> str | None:
    """A Latin word that may begin with the article typed without its hyphen (alqaeda,
    eljazeera), as written with it (al-qaeda); None for any other."""
    if "-" in word:
        return None
    article = next((a for a in ("al", "el") if word.startswith(a) and len(word) - len(a) >= 4), None)
    return f"{article}-{word[len(article) :]}" if article is not None else None


def _held(index: CorpusIndex, found: Transliteration) -> int:
    """The articles of the most held Arabic word a Latin word was taken for (0: none)."""
    return max((int(index.document_frequency[term]) for term, _ in found.terms), default=0)


def _cost(readings: Readings, shape: str, limit: float) -> float:
    """What reading the Latin word as an Arabic word of this shape costs, by its cheapest reading
    (some value above `limit` when every reading costs more)."""
    return min(shape_cost(reading, shape, limit - cost) + cost for reading, cost in readings)


def _named(index: CorpusIndex, word: str, same_word: SameWord) -> list[tuple[int, float]]:
    """The Arabic names of a place whose Latin name is no spelling of them (egypt: مصر, aleppo:
    حلب), as the shipped list gives them (corpus.text.shipped.latin_names) and the archive holds
    them in one word: those of its best sources (listed_names), the most frequent first (a name
    the archive writes with the article as often as without, a noun, last); after the first,
    only those the archive writes where it writes the first (amman: عمان, not امان, "safety",
    which GeoNames lists too)."""
    bare, _ = strip_article(fold_latin(word))
    held = [
        term
        for arabic in listed_names(bare)
        if (term := held_spelling(index, arabic)) is not None and int(index.document_frequency[term]) >= LATIN_MIN_DF
    ]
    frequency = index.document_frequency

    def a_word(term: int) -> bool:  # written with the article as often as without: الأمان, a noun
        name = index.terms[term]
        return not name.startswith("ال") and index.frequency("ال" + name) >= index.frequency(name)

    terms = sorted(set(held), key=lambda term: (a_word(term), -int(frequency[term])))
    most = int(frequency[terms[0]]) if terms else 0
    others = [term for term in terms[1:] if int(frequency[term]) * SHARE >= most]
    return [(term, 1.0) for term in terms[:1] + [t for t in others if same_word(terms[0], t)]][:MOST]


NAME_PARTICLES = {
    "bin": ("بن",),
    "ben": ("بن",),
    "ibn": ("ابن", "بن"),
    "bint": ("بنت",),
    "abu": ("ابو",),
    "abou": ("ابو",),
}
"""The words of Arabic names that tie a name to a parent, as Latin writes them: read as such,
never as whatever Arabic word fits their letters best (bin: بين "between")."""


def _transliterate(index: CorpusIndex, word: str, same_word: SameWord) -> Transliteration:
    particle = [
        (t, 1.0) for arabic in NAME_PARTICLES.get(fold_latin(word), ()) if (t := index.term_id(arabic)) is not None
    ]
    if particle:
        return Transliteration(word, tuple(particle))
    named = _named(index, word, same_word)
    if named:
        return _as_written_or(index, word, named)
    table = alias_table(index)
    readings = latin_readings(word)
    solid = latin_readings(word, solid_article=True)  # only for words with the article: essebsi, السبسي
    found: set[int] = set()
    for reading, _ in readings + solid:
        found.update(table.get(coarse(reading), ()))
    frequency = index.document_frequency
    spelled = spelled_name_words(word)
    attested = {
        term
        for arabic in spelled
        if (term := held_spelling(index, arabic)) is not None and int(frequency[term]) >= LATIN_MIN_DF
    }  # james: جيمس, which no reading of its letters keys (the e said as ei)
    found |= attested
    if not found:
        return Transliteration(word, ())
    candidates = np.fromiter(found, dtype=np.int64, count=len(found))
    candidates = candidates[np.argsort(-frequency[candidates], kind="stable")[:CANDIDATES]]
    terms = index.terms
    limit = max(MIN_COST, COST_PER_CONSONANT * len(coarse(readings[0][0])))
    scored = [
        (
            term,
            min(
                _cost(_readings_of(terms[term], readings, solid), shape, limit) for shape in _shapes(index, terms[term])
            ),
        )
        for term in candidates.tolist()
    ]
    scored = [(term, min(cost, limit) if term in attested else cost) for term, cost in scored]
    scored = [(term, cost) for term, cost in scored if cost <= limit]
    if not scored:
        return Transliteration(word, ())
    towns, people, common = places(), person_names(), not_names()
    _, with_article = strip_article(fold_latin(word))

    def rank(pair: tuple[int, float]) -> float:
        text = search_form(terms[pair[0]])  # the lists' spelling: موسى is their موسي, جدة their جده
        bare = strip_arabic_article(text)
        named = PLACE_BONUS if text in towns else PERSON_BONUS if text in people or bare in people else 0
        usual = spelled.get(text, len(USUAL_BONUS))
        bonus = named + (USUAL_BONUS[usual] if usual < len(USUAL_BONUS) else 0.0)
        bonus += ARTICLE_BONUS if with_article and bare != text else 0.0
        share = _named_share(index, pair[0])
        named_here = share is not None and share >= NAMED_WORD  # علي: "on" to the lists, a name in half its articles
        if (text in common or bare in common) and text not in towns and not named_here:
            bonus -= COMMON_COST  # الريال too
        if share is not None and text not in towns:  # a Latin word means a name: عبر, نصف, أعلى are none
            unnamed = share < UNNAMED_WORD and int(frequency[pair[0]]) >= UNNAMED_HELD
            bonus += NAMED_BONUS if named_here else -COMMON_COST if unnamed else 0.0
        return pair[1] - FREQUENT * math.log10(int(frequency[pair[0]])) - bonus

    best, best_cost = min(scored, key=rank)
    most = int(frequency[best])
    taken = [(best, 1.0 - best_cost / (limit + 1))]
    others = [
        (term, cost)
        for term, cost in scored  # most frequent first
        if term != best
        and (cost <= best_cost + COST_WINDOW or _far_more_of_the_same(terms[term], terms[best], frequency[term], most))
        and int(frequency[term]) * SHARE >= most
    ]
    for term, cost in others[:CONTEXT_CHECKS]:
        if len(taken) < MOST and same_word(best, term):
            taken.append((term, 1.0 - cost / (limit + 1)))
    return _as_written_or(index, word, taken)


def _far_more_of_the_same(other: str, best: str, held: int, most: int) -> bool:
    """Whether a spelling is held by FAR_MORE times the best's articles and is the best's
    consonants with its long vowels placed otherwise (تيلرسون beside تليرسون; never الى beside علي)."""
    return held >= FAR_MORE * most and _consonants(other) == _consonants(best)


def _consonants(text: str) -> str:
    """An Arabic word without its long vowels (ا و ي ى)."""
    return text.translate(_LONG_VOWELS)


_LONG_VOWELS = str.maketrans("", "", "اويى")


def _as_written_or(index: CorpusIndex, word: str, taken: list[tuple[int, float]]) -> Transliteration:
    """The Arabic words taken for the Latin word, or only offered when the articles hold the
    Latin word as written often enough (RARE, OWN_SHARE)."""
    own = index.frequency(word)
    if own >= RARE and own * OWN_SHARE >= int(index.document_frequency[taken[0][0]]):
        return Transliteration(word, (), tuple(term for term, _ in taken))
    return Transliteration(word, tuple(taken))


KEYBOARD_MIN_DF = 5
"""Articles that must hold what a chunk gives on the Arabic keyboard for it to be offered."""


def keyboard_reading(index: CorpusIndex, chunk: str) -> int | None:
    """The term that a chunk of a query typed on a Latin layout gives on the Arabic one (hgsdsd →
    السيسي, lpl] → محمد), when the archive holds it far more often than the chunk as typed; None
    otherwise."""
    typed = from_keyboard(chunk)
    if typed is None or len(chunk) < 3:
        return None
    term = held_spelling(index, normalize(typed))
    if term is None:
        return None
    held = int(index.document_frequency[term])
    as_typed = max((index.frequency(word) for word in tokenize(chunk)), default=0)
    return term if held >= KEYBOARD_MIN_DF and held > SHARE * as_typed else None


_COMPOUNDS = (
    re.compile(r"^(?P<first>[a-z0-9']{3,}?)[aeiou]?(?P<second>llah|lah)$"),  # hezbollah, ramallah: حزب الله، رام الله
    re.compile(r"^(?P<first>abd)(?:[aeiou]?l-?|-)(?P<second>[a-z0-9']{3,})$"),  # abdelaziz, abdul-rahman: عبد العزيز
)
"""Latin words that Arabic writes as two: a name ending in Allah, a name after Abd."""


def compound_reading(index: CorpusIndex, word: str, same_word: SameWord) -> tuple[str, str] | None:
    """The two Latin words that a Latin word may stand for as Arabic writes it (hezbollah: hezb
    allah, read as حزب الله; abdelaziz: abd al-aziz), when each of them is read as an Arabic
    word; None otherwise. Whether the archive writes the two words or the one is for the caller
    to weigh."""
    if not is_latin_word(word):
        return None
    bare, _ = strip_article(fold_latin(word))
    for number, pattern in enumerate(_COMPOUNDS):
        found = pattern.match(bare.replace("-", "") if number == 0 else bare)
        if found:
            parts = (found["first"], "allah" if number == 0 else "al-" + found["second"].removeprefix("al-"))
            if all((reading := transliterate(index, part, same_word)) is not None and reading.terms for part in parts):
                return parts
    return None
