"""A query's plan: the query parsed once, each of its words expanded once, its date and source
filters made into a mask once. Everything one keystroke asks of a query (the results, their
count and timeline, the notes and the variants offered, the saved-search counts, an export)
works from the one plan, so that they cannot disagree about what the query means.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from corpus.article_columns import article_sources
from corpus.search.expansion import expand, same_word, word_forms
from corpus.search.final_ta import held_spelling
from corpus.search.index import EXACT, KEYED, CorpusIndex
from corpus.search.phrases import phrase_docs
from corpus.search.query import Clause, Query, parse_query
from corpus.search.stop import Stop, check_stop
from corpus.search.transliteration import compound_reading
from corpus.search.written import written_form
from corpus.sorted_sets import distinct
from corpus.text.clitics import JOINED_NAME_ENDS, JOINED_NAME_PARTS
from corpus.text.latin import fold_latin, is_latin_word
from corpus.text.normalization import index_form, normalize, unmarked
from corpus.text.shipped import listed_names
from corpus.text.titles import TITLES

__all__ = [
    "LATIN_TITLES",
    "MatchedClause",
    "QueryPlan",
    "filter_mask",
    "plan_query",
    "unknown_sources",
]


@dataclass(slots=True)
class MatchedClause:
    """A clause after expansion: per word, the weighted terms it matches."""

    clause: Clause
    words: list[dict[int, float]]
    kinds: list[dict[int, str]]
    ranked: list[list[int]]
    """Per word, its terms from the most direct match to the least (for word_matches)."""
    offers: list[tuple[int, ...]]
    """Per word, the spelling variants that may be offered for it (not matched), most frequent first."""
    read_as: list[tuple[int, ...]]
    """Per word, the Arabic words a Latin or Arabizi word was read as (none for an Arabic word)."""
    typed: Clause | None = None
    """The clause as typed, when it was searched as another (a Latin word read as two Arabic words)."""
    unless_none: list[dict[int, float]] = field(default_factory=list)
    """Per word, the variants matched only when the query's words are together in no article
    (Expansion.unless_none)."""
    widened: list[bool] = field(default_factory=list)
    """Per word, whether those variants were matched: the query as typed is in no article."""
    joined: frozenset[int] = frozenset()
    """Terms that are two neighbouring words of the phrase written as one (عبدالله for عبد الله),
    which stand for both (phrase_docs)."""
    respelled: tuple[int, ...] = ()
    """The terms of the word with its hamza on the other seat, where the archive writes it so."""
    alternative_of: dict[int, str] = field(default_factory=dict)
    """Terms only an alternative matches (مرسي of السيسي|مرسي, its spellings too) → that
    alternative as typed: a result it found matched that word, not a spelling of the first."""


def expand_clause(index: CorpusIndex, clause: Clause, stop: Stop | None = None) -> MatchedClause:
    """The clause's words expanded (see corpus.search.expansion), its alternatives (word|other)
    matched as its first word is, with their own spelling variants (a|b finds what b|a finds); a
    Latin word the archive writes as two Arabic words, as their phrase."""
    typed = Clause("phrase", clause.latin) if clause.latin else clause
    clause = _as_compound(index, clause)
    if clause is typed or clause.latin:  # abu dhabi: أبوظبي, and أبو ظبي where the archive writes it so
        clause = _written_apart(index, clause)
    exact = clause.kind == "exact" or clause.as_written
    fuzzy = clause.kind == "word"  # !word leaves out what word finds, its spellings too (!بوتين: بوتن)
    expansions = []
    for word in clause.words:
        check_stop(stop)
        guessed = fuzzy and clause.negated and index.term_id(word) is None  # !ترامبب: no guess is left out unsaid
        sounded = [  # each reading the archive writes as such (كوكل is no ك + وكل)
            expand(index, r, exact=exact, fuzzy=False) for r in clause.readings_of(word) if index.term_id(r) is not None
        ]
        if sounded:  # a Persian letter read as Arabic writes its sound: گوگل is غوغل, جوجل, never وكل
            expansion = sounded[0]
            for reading in sounded[1:]:
                for term, weight in reading.weights.items():
                    _keep_stronger(expansion.weights, expansion.kinds, term, weight, reading.kinds[term])
        else:
            expansion = expand(
                index,
                word,
                exact=exact,
                fuzzy=fuzzy and not guessed,
                prefix=clause.prefix,
            )
        expansions.append(expansion)
    respelled = tuple(
        index_form(r)
        for r in clause.respelled
        if written_so(index, r) and _one_word_on_two_seats(index, clause.words[0], r)
    )
    alternatives = [
        (other, fuzzy and not (clause.negated and index.term_id(other) is None)) for other in clause.alternatives
    ]
    own = dict(expansions[0].weights)  # the first word's own terms, as strongly as it matches them
    alternative_of: dict[int, str] = {}
    chosen = [(other, with_variants, True) for other, with_variants in alternatives]
    for other, with_variants, typed_so in (*chosen, *((r, False, False) for r in respelled)):
        check_stop(stop)
        added = expand(index, other, exact=exact, fuzzy=with_variants)  # a|b finds what b|a finds
        first = expansions[0]
        for term, weight in added.weights.items():
            kind = "variant" if added.kinds[term] == "exact" and not typed_so else added.kinds[term]
            _keep_stronger(first.weights, first.kinds, term, weight, kind)
            if typed_so and weight > own.get(term, 0.0):
                alternative_of.setdefault(term, other)
        for term, weight in added.unless_none.items():
            if term not in first.weights and weight > first.unless_none.get(term, 0.0):
                first.unless_none[term] = weight
                if typed_so and term not in own:
                    alternative_of.setdefault(term, other)
    ranked = [sorted(e.weights, key=e.weights.__getitem__, reverse=True) for e in expansions]
    offers, read_as = [e.offers for e in expansions], [e.read_as for e in expansions]
    words, kinds = [e.weights for e in expansions], [e.kinds for e in expansions]
    unless_none = [e.unless_none for e in expansions]
    matched = MatchedClause(
        clause,
        words,
        kinds,
        ranked,
        offers,
        read_as,
        typed if typed is not clause else None,
        unless_none,
        [False] * len(words),
    )
    matched.respelled = tuple(t for t in map(index.term_id, respelled) if t is not None)
    matched.alternative_of = alternative_of
    if clause.kind == "phrase" and not exact:
        matched.joined = frozenset(_join(index, [matched]))
    return matched


def written_so(index: CorpusIndex, spelling: str) -> bool:
    """Whether the archive writes `spelling` (a word typed with its hamza moved to the other
    seat) as such: مسؤول for مسئول, but not رويس (Ruwais) for رئيس, nor ماؤه ("its water") for
    مائة, which only fold into the same letters."""
    term = index.term_id(index_form(spelling))
    return term is not None and unmarked(written_form(index, term)) == unmarked(spelling)


SEAT_SLIP = 5
"""A word typed with its hamza on one seat is the word the archive writes on the other where one
of the two spellings is written this many times as often (مسئول 28 articles, مسؤول 2,433), or
where their contexts agree (expansion.same_word)."""


def _one_word_on_two_seats(index: CorpusIndex, typed: str, other: str) -> bool:
    """Whether a word and the same letters with the hamza on the other seat are one word: not
    بئر ("a well", 215 articles) and بؤر ("hotbeds", 159), written as often in other contexts;
    always after an alef, where the seat is the case's (وزملاؤه, وزملائه: 618 articles, 78 of
    them by the 5x rule alone)."""
    own, theirs = index.term_id(typed), index.term_id(index_form(other))
    if own is None or theirs is None or "اؤ" in other or "ائ" in other:
        return True  # after an alef the seat follows the case ending: وزملاؤه, وزملائه
    held = sorted((int(index.document_frequency[own]), int(index.document_frequency[theirs])))
    return held[1] >= SEAT_SLIP * held[0] or same_word(index)(own, theirs)


def _keep_stronger(weights: dict[int, float], kinds: dict[int, str], term: int, weight: float, kind: str) -> None:
    """Give a word `term` at `weight` (and its `kind`) unless it matches it more strongly already."""
    if weight > weights.get(term, 0.0):
        weights[term] = weight
        kinds[term] = kind


def _single_word(clause: Clause) -> bool:
    """A clause of one word, with no alternatives, searched with its forms."""
    return clause.kind == "word" and len(clause.words) == 1 and not clause.alternatives and not clause.as_written


def _plain_word(clause: Clause) -> bool:
    """A clause of one Arabic word, searched with its forms."""
    return _single_word(clause) and not clause.latin and not clause.words[0].isascii()


def _join(index: CorpusIndex, clauses: Sequence[MatchedClause]) -> set[int]:
    """Give each two neighbouring words of `clauses` (a phrase's, or one word clause after
    another) the terms that are the two written as one (عبد الله: عبدالله, وعبدالله), as both
    words; the terms given."""
    pairs = [(m, i, m, i + 1) for m in clauses for i in range(len(m.words) - 1)]
    pairs += [(a, len(a.words) - 1, b, 0) for a, b in zip(clauses, clauses[1:], strict=False)]
    given: set[int] = set()
    for first, i, second, j in pairs:
        if first.clause.words[i] not in JOINED_NAME_PARTS and second.clause.words[j] not in JOINED_NAME_ENDS:
            continue  # إلا على is no الأعلى: only a name's part is written joined to the next word
        whole = index.term_id(first.clause.words[i] + second.clause.words[j])
        if whole is None:
            continue
        forms = {whole: EXACT, **{t: KEYED for t in word_forms(index, index.terms[whole]) if t != whole}}
        for matched, k in ((first, i), (second, j)):
            for term, weight in forms.items():
                _keep_stronger(matched.words[k], matched.kinds[k], term, weight, "exact" if weight == EXACT else "base")
            matched.ranked[k] = sorted(matched.words[k], key=matched.words[k].__getitem__, reverse=True)
        given.update(forms)
    return given


APART_MIN_DF = 2
"""Articles that must write a word as two words for it to be searched as both."""
APART_SHARE = 0.05
"""The share of a word's articles that must write it as two words (عبد الله for عبدالله, أبو ظبي
for أبوظبي) for the word to be searched as both. Only a name's part (JOINED_NAME_PARTS) is ever
written joined to the next word: إلا على is no الأعلى, آلت إليه no التالية."""
SHORTEST_PART = 3
"""Letters at least of a name's part written joined after عبد or أبو (عبدالله: الله)."""


def _written_apart(index: CorpusIndex, clause: Clause) -> Clause:
    """A one-word clause that the archive also writes as two words side by side (عبدالله as عبد
    الله), in APART_SHARE of its articles or more, as the phrase of the two (the word itself
    standing for both: phrase_docs); any other clause as it is. Decided once per word and index."""
    if not _single_word(clause):
        return clause
    word = clause.words[0]
    if word.isascii() or not (word.startswith(JOINED_NAME_PARTS) or word.endswith(JOINED_NAME_ENDS)):
        return clause
    return _as_phrase(clause, _decided(_apart, index, word, _parts_of))


_apart: weakref.WeakKeyDictionary[CorpusIndex, dict[str, tuple[str, ...] | None]] = weakref.WeakKeyDictionary()


def _parts_of(index: CorpusIndex, word: str) -> tuple[str, ...] | None:
    """The two words the archive writes `word` as most often, side by side, when that is
    APART_SHARE of the articles holding the word or more; else None."""
    held = index.frequency(word)
    best: tuple[int, tuple[str, ...]] | None = None
    cuts = [len(part) for part in JOINED_NAME_PARTS if word.startswith(part) and len(word) - len(part) >= SHORTEST_PART]
    cuts += [
        len(word) - len(end) for end in JOINED_NAME_ENDS if word.endswith(end) and len(word) - len(end) >= SHORTEST_PART
    ]
    for cut in cuts:  # عبدالله is عبد الله, نصرالله نصر الله; الأعلى is no إلا على
        first, second = index.term_id(word[:cut]), index.term_id(word[cut:])
        if first is None or second is None:
            continue
        docs = np.intersect1d(index.postings(first)[0], index.postings(second)[0], assume_unique=True)
        together = len(phrase_docs(index, docs, [{first: 1.0}, {second: 1.0}]))
        if together >= max(APART_MIN_DF, APART_SHARE * held) and (best is None or together > best[0]):
            best = (together, (word[:cut], word[cut:]))
    return best[1] if best is not None else None


def _widened(index: CorpusIndex, positive: list[MatchedClause], stop: Stop | None) -> None:
    """When the positive clauses' words are together in no article, and a word has variants kept
    for that case (the typos a rare word may be: ولدة for ولادة), match them: a query that as typed
    finds nothing is likelier a typo than a word written once."""
    if not any(extra for m in positive for extra in m.unless_none):
        return
    held: np.ndarray | None = None
    for weights in sorted((w for m in positive for w in m.words), key=lambda w: _held_by(index, w)):
        check_stop(stop)
        docs = _docs_holding(index, weights)
        held = docs if held is None else np.intersect1d(held, docs, assume_unique=True)
        if not len(held):
            break
    if held is not None and len(held):
        return
    for m in positive:
        for i, extra in enumerate(m.unless_none):
            for term, weight in extra.items():
                if weight > m.words[i].get(term, 0.0):
                    m.words[i][term] = weight
                    m.kinds[i][term] = "variant"
                    m.widened[i] = True
            m.ranked[i] = sorted(m.words[i], key=m.words[i].__getitem__, reverse=True)


def _docs_holding(index: CorpusIndex, terms: Iterable[int]) -> np.ndarray:
    """The documents that hold one of the terms, ascending, each once."""
    return distinct(np.concatenate([index.postings(t)[0] for t in terms] or [np.zeros(0, np.int64)]))


def _held_by(index: CorpusIndex, weights: dict[int, float]) -> int:
    """At most how many articles hold one of the terms: the order in which words are intersected."""
    return sum(int(index.document_frequency[t]) for t in weights)


def _as_compound(index: CorpusIndex, clause: Clause) -> Clause:
    """A word clause in Latin letters that the archive writes as two Arabic words more often than
    as one (hezbollah: حزب الله; ramallah: رام الله, not الرملة; but abdallah stays عبدالله), as
    the phrase of those two; any other clause as it is. Decided once per word and index."""
    if not _single_word(clause):
        return clause
    word = clause.words[0]
    return _as_phrase(clause, _decided(_compounds, index, word, _compound_of))


_compounds: weakref.WeakKeyDictionary[CorpusIndex, dict[str, tuple[str, ...] | None]] = weakref.WeakKeyDictionary()
_compounds_lock = threading.Lock()
Decisions = weakref.WeakKeyDictionary[CorpusIndex, dict[str, tuple[str, ...] | None]]


def _decided(
    store: Decisions, index: CorpusIndex, word: str, decide: Callable[[CorpusIndex, str], tuple[str, ...] | None]
) -> tuple[str, ...] | None:
    """What `decide` says of the word on this index, decided once."""
    with _compounds_lock:
        decided = store.setdefault(index, {})
        known = word in decided
        parts = decided.get(word)
    if not known:
        parts = decide(index, word)
        with _compounds_lock:
            decided[word] = parts
    return parts


def _as_phrase(clause: Clause, parts: tuple[str, ...] | None) -> Clause:
    """The clause as the phrase of `parts`, or as it is when there are none."""
    if parts is None:
        return clause
    return Clause("phrase", parts, negated=clause.negated, latin=clause.latin, read_as=clause.read_as)


def _compound_of(index: CorpusIndex, word: str) -> tuple[str, ...] | None:
    """The two Latin words a Latin word stands for, when the archive writes their Arabic readings
    side by side in more articles than it writes the word's own reading; else None."""
    parts = compound_reading(index, word, same_word(index))
    if parts is None:
        return None
    whole = expand(index, word, fuzzy=False).read_as
    held = max((int(index.document_frequency[t]) for t in whole), default=0)
    first, second = (expand(index, part, fuzzy=False) for part in parts)
    pair = [{t: 1.0 for t in first.read_as}, {t: 1.0 for t in second.read_as}]
    held_first, held_second = (_docs_holding(index, terms) for terms in pair)
    docs = np.intersect1d(held_first, held_second, assume_unique=True)
    return parts if len(phrase_docs(index, docs, pair)) > held else None


LATIN_NAME_WORDS = 4
"""Latin words at most a place's name in the shipped list is looked up by (united arab emirates)."""

LATIN_TITLES = {tuple(latin.split()): " ".join(index_form(word) for word in arabic.split()) for latin, arabic in TITLES}
"""Titles a name is written after in English, by what they mean in Arabic: read by their sound
they were other words (king salman: كينغ, Burger King's; president: no Arabic word at all)."""


LatinNames = Callable[[Sequence[str]], str]
"""Latin words → the Arabic name of the one thing of the archive they spell, or "": the
archive's entity table (corpus.entities.lookup.latin_name_read), which the search cannot see."""


def latin_names_read(index: CorpusIndex, clauses: Sequence[Clause], names: LatinNames | None = None) -> list[Clause]:
    """The clauses with each run of two to LATIN_NAME_WORDS words in Latin letters that the
    shipped list names as one place (saudi arabia: السعودية; abu dhabi: أبو ظبي; united states)
    read as that place's Arabic name, as the archive writes it: one word, or the phrase of its
    words. Read word by word they were السعودي + عربية, أبو + دبي (Dubai). A title (LATIN_TITLES)
    before another Latin word, the name it is the title of, is read by its meaning (king salman:
    الملك + salman); alone or last it is read as any word (stephen king). A longer run that
    `names` gives one entity of the archive is read as that entity's name (theresa may: تيريزا
    ماي, where theresa alone is دراسة; new york times: نيويورك تايمز, where new york is the city)."""
    out: list[Clause] = []
    at = 0
    while at < len(clauses):
        place = _place_run(index, clauses, at)
        named = _entity_run(index, clauses, at, names) if names is not None else None
        if named is not None and (place is None or named[1] > place[1]):
            place = named
        read = place or _title_run(index, clauses, at) or _people_run(index, clauses, at)
        if read is None:
            out.append(clauses[at])
            at += 1
        else:
            out.append(read[0])
            at += read[1]
    return out


def _entity_run(index: CorpusIndex, clauses: Sequence[Clause], at: int, names: LatinNames) -> tuple[Clause, int] | None:
    """The entity a run of two to LATIN_NAME_WORDS Latin words from `at` names (the longest
    run `names` reads), or one word of initials no article holds (mbs: محمد بن سلمان, as the E
    box reads it), as the clause of its Arabic name with every word held, and the run's
    length; or None."""
    for size in range(min(LATIN_NAME_WORDS, len(clauses) - at), 0, -1):
        run = clauses[at : at + size]
        named = _name_run(run) if size > 1 else _initials(index, run[0])
        if named and (name := names([c.words[0] for c in run])):
            arabic = " ".join(index_form(word) for word in name.split())  # as a typed query's words: الاسد
            if all(held_spelling(index, normalize(word)) is not None for word in arabic.split()):
                return _read_from(arabic, run, "a name"), size
    return None


_INITIALS = re.compile(r"[b-df-hj-np-tv-xz]{3,5}")
"""A word of three to five letters none a vowel: initials (mbs, mbz), no name's spelling."""


def _initials(index: CorpusIndex, clause: Clause) -> bool:
    """Whether a clause is one word of initials (_INITIALS) that no article holds as written
    (cnn, bbc are written so: the channel, not a person's initials)."""
    if not _single_word(clause) or clause.negated or not clause.words[0].isascii():
        return False
    word = fold_latin(clause.words[0])
    return _INITIALS.fullmatch(word) is not None and index.term_id(word) is None


def _place_run(index: CorpusIndex, clauses: Sequence[Clause], at: int) -> tuple[Clause, int] | None:
    """The place or body a run of Latin words from `at` names, as a clause, and the run's length;
    or None. One Latin word is read so only where its Arabic name is several words (olympics:
    الألعاب الأولمبية): a name of one word is the transliteration's (corpus.search.transliteration)."""
    for size in range(min(LATIN_NAME_WORDS, len(clauses) - at), 0, -1):
        run = clauses[at : at + size]
        if all(_plain_latin_word(c) for c in run) and (arabic := _place_named(index, run)):
            if size > 1 or " " in arabic:
                return _read_from(arabic, run, "a name"), size
    return None


DEMONYM_ENDINGS = (
    ("ian", ("ia", "e", "", "a", "y")),
    ("ese", ("", "a", "on")),
    ("ish", ("ey", "ain", "and")),
    ("an", ("a", "", "o", "any")),
    ("i", ("", "es", "i arabia")),
)
"""How English names a people after its place (syrian: syria, lebanese: lebanon, turkish:
turkey, american: america, iraqis: iraq, saudis: saudi arabia; the ending i only in the plural,
but for saudi):
an ending, and what may stand in its place in the place's name."""


def demonym_place(word: str) -> str:
    """The place (as the shipped list names it in Latin letters) a folded Latin word names the
    people of, singular or plural (syrians: syria), or "" (a place itself, or no such word)."""
    if listed_names(word):
        return ""
    plural = word.endswith("s") and len(word) > 4
    for base in dict.fromkeys((word, word[:-1] if plural else word)):
        for ending, replacements in DEMONYM_ENDINGS:
            stem = base[: -len(ending)]
            if ending == "i" and base == word and not listed_names(base + " arabia"):
                continue  # baghdadi, masri: an Arab's family name as often as a people; iraqis, saudi are
            if base.endswith(ending) and len(stem) >= 3:
                for replacement in replacements:
                    place = stem + replacement if replacement != "i arabia" else base + " arabia"
                    if listed_names(place):
                        return place
    return ""


def nisba(place: str) -> str:
    """The relative adjective of an Arabic place name (normalized): سوريا → سوري, مصر → مصري,
    السعودية → سعودي, اليمن → يمني; the search finds its forms (السوريين, اليمنية)."""
    word = _known_as(place).split()[-1] if " " in place else place
    word = word[2:] if word.startswith("ال") else word
    if word.endswith("يا") or word.endswith("يه"):
        return word[:-1]
    if word.endswith(("ا", "ه")):
        return word[:-1] + "ي"
    return word + "ي"


def _people_run(index: CorpusIndex, clauses: Sequence[Clause], at: int) -> tuple[Clause, int] | None:
    """A Latin word naming a people after its place (syrians, lebanese, saudi), as the Arabic
    adjective of the place the archive holds (سوري, with its forms), and its length 1; or None."""
    clause = clauses[at]
    if not _plain_latin_word(clause):
        return None
    place = demonym_place(fold_latin(clause.words[0]))
    if not place:
        return None
    for arabic in listed_names(place):
        adjective = normalize(nisba(arabic))
        forms = [article + adjective + ending for article in ("", "ال") for ending in ("", "ة", "ه", "ين", "ون")]
        held = [term for form in forms if (term := index.term_id(form)) is not None]
        if sum(int(index.document_frequency[term]) for term in held) >= 2:  # سوري, السوريون, السورية ...
            named = f"ال{adjective}ة"  # السعودية: the place named by its adjective, as "saudi" names it too
            last = normalize(arabic.split()[-1])
            also = (named,) if normalize(named) == last and index.term_id(named) is not None else ()
            return Clause("word", (adjective,), alternatives=also, latin=(clause.words[0],), read_as="a people"), 1
    return None


def _title_run(index: CorpusIndex, clauses: Sequence[Clause], at: int) -> tuple[Clause, int] | None:
    """The title of one or two Latin words at `at` before another Latin word, as a clause of its
    Arabic words (held by the archive), and its length; or None. A title of two words (prime
    minister, crown prince) is read so wherever it stands: no name ends with one, and read by
    their sound its words were other words (prime: برمي, "throwing"; minister: المنستير, a city)."""
    for size in (2, 1):
        run = clauses[at : at + size + 1]
        before_a_name = len(run) == size + 1 and all(_plain_latin_word(c) for c in run)
        if before_a_name or (size == 2 and len(run) >= size and all(_plain_latin_word(c) for c in run[:size])):
            title = LATIN_TITLES.get(tuple(fold_latin(c.words[0]) for c in run[:size]))
            if title is not None and all(index.term_id(word) is not None for word in title.split()):
                return _read_from(title, run[:size], "a title"), size
    return None


def _read_from(arabic: str, run: Sequence[Clause], what: str) -> Clause:
    """The clause of Arabic words a run of Latin word clauses is read as (`what` they are): a
    word, or a phrase."""
    words = tuple(arabic.split())
    latin = tuple(c.words[0] for c in run)
    return Clause("word" if len(words) == 1 else "phrase", words, latin=latin, read_as=what)


_LETTERS = re.compile(r"[a-z]+(?:['-][a-z]+)*")
"""A Latin word of a name: letters, maybe joined by a hyphen or an apostrophe (al-assad, o'neill)."""


def _name_run(run: Sequence[Clause]) -> bool:
    """Words in Latin letters, one a clause, that may be a name's: each a word read alone or of
    two letters at most (the un of kim jong un), never letters spelled out (cnn news is no خان
    يونس, Khan Yunis)."""
    return all(
        _single_word(c)
        and not c.negated
        and c.words[0].isascii()
        and _LETTERS.fullmatch(fold_latin(c.words[0])) is not None
        and (len(c.words[0]) <= 2 or is_latin_word(c.words[0]))
        for c in run
    )


def _plain_latin_word(clause: Clause) -> bool:
    return _single_word(clause) and not clause.negated and is_latin_word(clause.words[0])


_STATE_NOUNS = frozenset(normalize(w) for w in "المملكة جمهورية الجمهورية دولة سلطنة إمارة".split())
_STATE_ADJECTIVES = frozenset(
    normalize(w) for w in "العربية الإسلامية الهاشمية المتحدة الاتحادية الشعبية الديمقراطية الأمريكية".split()
)


def _known_as(name: str) -> str:
    """A state's official name as it is known (المملكة العربية السعودية: السعودية): without the
    state noun it opens with and an adjective after it, where a name is left (المملكة المتحدة
    stays whole: المتحدة alone is "united", in every الأمم المتحدة)."""
    words = name.split()
    if len(words) > 1 and words[0] in _STATE_NOUNS:
        rest = words[1:]
        if len(rest) > 1 and rest[0] in _STATE_ADJECTIVES:
            rest = rest[1:]
        if not all(word in _STATE_ADJECTIVES for word in rest):
            return " ".join(rest)
    return name


def _place_named(index: CorpusIndex, run: Sequence[Clause]) -> str:
    """The Arabic name the shipped list gives the Latin words (CLDR's first; a state by the name
    it is known by), the one the archive holds in the most articles (all its words held), or ""."""
    held = []
    for official in listed_names(" ".join(fold_latin(c.words[0]) for c in run)):
        arabic = _known_as(official)
        terms = [held_spelling(index, normalize(word)) for word in arabic.split()]
        if all(t is not None for t in terms):
            held.append((min(int(index.document_frequency[t]) for t in terms if t is not None), -len(terms), arabic))
    return max(held)[2] if held else ""  # held as often: the fewest words (الشارقة, not مدينة الشارقة)


def filter_mask(index: CorpusIndex, query: Query) -> np.ndarray | None:
    """Which documents the query's date and source filters let through (None: no filter).
    An article with no date never passes a date filter."""
    if not query.filtered:
        return None
    keep = np.ones(len(index), dtype=bool)
    if query.after or query.before:
        days = index.article_days()
        keep &= days > 0
        if query.after:
            keep &= days >= query.after
        if query.before:
            keep &= days < query.before
    if query.sources:
        names = index.source_keys()
        admitted = {name for name in index.distinct_source_keys() if any(w in name for w in query.sources)}
        keep &= np.fromiter((name in admitted for name in names), dtype=bool, count=len(names))
    return keep


SOURCES_NAMED = 8
"""The sources a note names when a source filter names none (the most articles first)."""


def unknown_sources(index: CorpusIndex, query: Query) -> list[str]:
    """A note for each source filter that names no source of the archive (source:okz,
    source:عكاظ), naming the sources it has: else "0 results" reads as the source never wrote it."""
    if not query.sources:
        return []
    keys = index.distinct_source_keys()
    unknown = [word for word in query.sources if not any(word in key for key in keys if key)]
    if not unknown:
        return []
    names = [name for name, _ in Counter(article_sources(index.articles)).most_common() if name]
    more = f" and {len(names) - SOURCES_NAMED} more" if len(names) > SOURCES_NAMED else ""
    listed = f"the archive's are {', '.join(names[:SOURCES_NAMED])}{more}" if names else "the archive names none"
    return [f"no source is named {word}{_meant_source(word, names)}: {listed}" for word in unknown]


def _meant_source(word: str, names: list[str]) -> str:
    """The source `word` was likely meant for, as " (okaz?)" (okz), or ""."""
    best = process.extractOne(word, {name: name.casefold() for name in names}, scorer=fuzz.ratio)
    return f" ({best[2]}?)" if best is not None and best[1] >= MEANT_SOURCE else ""


MEANT_SOURCE = 70
"""How alike (rapidfuzz ratio, 0 to 100) a source's name must be to a filter's word to be named as meant."""


@dataclass(slots=True)
class QueryPlan:
    """A query made ready for one index: parsed, its clauses expanded, its filters a mask."""

    index: CorpusIndex
    query: Query
    positive: list[MatchedClause]
    negative: list[MatchedClause]
    _mask: np.ndarray | None = field(default=None, repr=False)
    _masked: bool = field(default=False, repr=False)

    def mask(self) -> np.ndarray | None:
        """Which documents the date and source filters let through (None: no filter), made once."""
        if not self._masked:
            self._mask, self._masked = filter_mask(self.index, self.query), True
        return self._mask


def plan_query(
    index: CorpusIndex, query: str | Query | QueryPlan, stop: Stop | None = None, names: LatinNames | None = None
) -> QueryPlan:
    """The plan of a query for `index` (a plan for this index is returned as it is); `names`
    reads runs of Latin words as the archive's entities (latin_names_read). Raises
    SearchStopped once `stop` says to."""
    if isinstance(query, QueryPlan) and query.index is index:
        return query
    parsed = query.query if isinstance(query, QueryPlan) else parse_query(query) if isinstance(query, str) else query
    positive = [expand_clause(index, clause, stop) for clause in latin_names_read(index, parsed.positive, names)]
    run: list[MatchedClause] = []
    for matched in [*positive, None]:  # words typed one after another: عبد الله finds عبدالله
        if matched is not None and _plain_word(matched.clause):
            run.append(matched)
            continue
        _join(index, run)
        run = []
    _widened(index, positive, stop)
    if sum(len(matched.clause.words) for matched in positive) > 1:
        _lineage_twins(index, positive)
    negative = [expand_clause(index, clause, stop) for clause in parsed.negative]
    return QueryPlan(index, parsed, positive, negative)


LINEAGE_TWINS = {"ابن": "بن", "بن": "ابن"}
"""The tie to a father in a name, written in full or short (normalized)."""


def _lineage_twins(index: CorpusIndex, positive: list[MatchedClause]) -> None:
    """ابن and بن, among other words, match each other: محمد ابن سلمان finds محمد بن سلمان (80
    articles found 1,914), as an entity lookup does; alone, ابن ("son") stays what it is."""
    for matched in positive:
        if matched.clause.kind != "word" or matched.clause.as_written:
            continue
        for position, word in enumerate(matched.clause.words):
            tie = LINEAGE_TWINS.get(word)
            term = index.term_id(tie) if tie is not None else None
            if term is not None and term not in matched.words[position]:
                matched.words[position][term] = KEYED
                matched.kinds[position][term] = "base"
                matched.ranked[position].append(term)
