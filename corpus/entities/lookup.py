"""Finding an entity by any way it is written: its name, a written variant, or words of its name.

A journalist types ماكرون, لماكرون, عبدالفتاح السيسي or بن سلمان, not the name the table shows.
The lookup tries, in order: the name or key (spacing, marks and clitics folded); a form the
articles write it as; the words of its key. Where a form or a word belongs to several
entities, one of them is the answer only when it holds OWNER_SHARE of what matched (its
mentions written so, or the articles of the entities whose names hold the words); else the
lookup is ambiguous and offers them, most named first.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from corpus.entities.grouping import NameWords, compact_name, entity_key
from corpus.entities.mentions import NAME_TYPES, TYPES, Entity
from corpus.entities.regal import titled_given_name
from corpus.entities.table import PackedEntities, articles_each
from corpus.text.clitics import CHECKED_PREFIXES, without_proclitic
from corpus.text.latin import fold_latin, latin_spellings, spelled_by_rule, spelled_name_words
from corpus.text.normalization import normalize, normalize_many
from corpus.text.shipped import latin_name_words
from corpus.text.sounds import sound_key

__all__ = [
    "OWNER_SHARE",
    "EntityLookup",
    "by_initials",
    "by_latin_spelling",
    "by_title",
    "latin_name_read",
    "named_exactly",
    "NameIndex",
    "entities_holding",
    "lookup_entities",
    "name_index",
    "one_or_offered",
    "typed_words",
    "warm_latin_lookups",
]

VALUE_TYPES = TYPES[4:]
"""DATE, MONEY, PERCENT, QUANTITY: keyed by their value (corpus.entities.values)."""
OWNER_SHARE = 0.75
"""The share of what matched one entity must hold to be the answer among several."""
OFFERED = 10
"""At most this many entities are offered when the lookup is ambiguous."""


@dataclass(slots=True)
class EntityLookup:
    """What a name found: the entities it names (`found`), or, when it is ambiguous, the
    entities it may name (`offered`, most named first, `found` empty)."""

    found: list[Entity] = field(default_factory=list)
    offered: list[Entity] = field(default_factory=list)
    more: int = 0
    """How many more entities it may name than are offered (OFFERED at most are)."""


def _keyed(name: str) -> set[str]:
    """The keys a typed name may have: as typed, and as a person's or a place's key (clitics and
    compound parts folded, ال kept or not)."""
    wanted = " ".join(normalize(name).split())
    keys = {wanted, *(entity_key(name, kind, NameWords()) for kind in ("PER", "LOC", *VALUE_TYPES))}
    return {key for key in keys if key}


def _without_clitic(name: str) -> set[str]:
    """The typed name without a leading conjunction or preposition (لماكرون → ماكرون), each way
    it may be cut."""
    words = " ".join(normalize(name).split()).split()
    if not words:
        return set()
    cuts = {without_proclitic(words[0], p) for p in CHECKED_PREFIXES if words[0].startswith(p)}
    return {" ".join([cut, *words[1:]]) for cut in cuts if len(cut) >= 3} - {" ".join(words)}


def _fold(text: str) -> str:
    return " ".join(normalize(text).split())


def _fold_many(texts: Iterable[str]) -> list[str]:
    """`_fold` of each of `texts`, normalized in one call (see normalize_many)."""
    return [" ".join(text.split()) for text in normalize_many(list(texts))]


@dataclass(slots=True)
class NameIndex:
    """The entities' keys, names and words, and the forms their mentions are written as, as
    maps to entity numbers: a lookup reads a few lists instead of every entity. The maps of
    words are made when first read (a lookup by a whole name, as one `export --entity` makes,
    never needs them: a second and a half of 151,000 entities)."""

    named: dict[str, list[int]]
    """A key, or a name folded (spacing, marks) → the entities with it."""
    compact: dict[str, list[int]]
    """A folded name without its spaces and hyphens → the entities with it: حسن نصرالله finds حسن
    نصر الله, the one entity the two spellings were grouped into."""
    written: dict[str, list[int]] | None
    """Over a packed table: a mention's text folded → the numbers of the table's strings so folded."""
    keys: Sequence[str]
    """Each entity's key."""
    folded: list[str]
    """Each entity's name folded."""
    _words: tuple[dict[str, list[int]], dict[str, list[int]]] | None = field(default=None, init=False)

    @property
    def name_words(self) -> dict[str, list[int]]:
        """A word of a folded name → the entities whose name holds it, in entity order."""
        return self._word_maps()[0]

    @property
    def key_words(self) -> dict[str, list[int]]:
        """A word of a key → the entities whose key holds it, in entity order."""
        return self._word_maps()[1]

    def _word_maps(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        if self._words is None:
            name_words: dict[str, list[int]] = {}
            key_words: dict[str, list[int]] = {}
            for number, (key, folded) in enumerate(zip(self.keys, self.folded, strict=True)):
                parts = folded.split()
                joined = [a + b for a, b in zip(parts, parts[1:], strict=False)]  # نصر الله: نصرالله too
                for word in dict.fromkeys([*parts, *joined]):
                    name_words.setdefault(word, []).append(number)
                for word in dict.fromkeys(key.split()):
                    key_words.setdefault(word, []).append(number)
            self._words = (name_words, key_words)
        return self._words


_INDEXED: list[tuple[Sequence[Entity], NameIndex]] = []
_INDEXING = threading.Lock()


def name_index(entities: Sequence[Entity]) -> NameIndex:
    """The NameIndex of `entities`, made once (the last one made is kept)."""
    with _INDEXING:
        if _INDEXED and _INDEXED[0][0] is entities:
            return _INDEXED[0][1]
        index = _make_index(entities)
        _INDEXED[:] = [(entities, index)]
        return index


def _make_index(entities: Sequence[Entity]) -> NameIndex:
    if isinstance(entities, PackedEntities):
        keys: Sequence[str] = entities.keys
        names: Iterable[str] = entities.names
    else:
        keys = [entity.key for entity in entities]
        names = [entity.name for entity in entities]
    named: dict[str, list[int]] = {}
    compact: dict[str, list[int]] = {}
    folded_names = _fold_many(names)  # one call: 150,000 names
    for number, (key, folded) in enumerate(zip(keys, folded_names, strict=True)):
        named.setdefault(key, []).append(number)
        if folded != key:
            named.setdefault(folded, []).append(number)
        compact.setdefault(compact_name(folded), []).append(number)
    written: dict[str, list[int]] | None = None
    if isinstance(entities, PackedEntities):
        written = {}
        for number, text in enumerate(_fold_many(entities.table.strings)):
            written.setdefault(text, []).append(number)
    return NameIndex(named, compact, written, keys, folded_names)


def entities_holding(entities: Sequence[Entity], words: Sequence[Iterable[str]], *, keys: bool = True) -> list[int]:
    """The numbers of the entities (in entity order) whose name, or key when `keys`, holds for
    each item of `words` one of its words."""
    index = name_index(entities)
    held: set[int] | None = None
    for each in words:
        numbers: set[int] = set()
        for word in each:
            numbers.update(index.name_words.get(word, ()))
            if keys:
                numbers.update(index.key_words.get(word, ()))
        held = numbers if held is None else held & numbers
        if not held:
            return []
    return sorted(held or ())


def typed_words(name: str) -> list[set[str]]:
    """The words of each key a typed name may have (see _keyed): what browsing by words of a
    name looks for."""
    return [set(key.split()) for key in _keyed(name)]


def lookup_entities(entities: Sequence[Entity], name: str) -> EntityLookup:
    """The entities `name` names (see the module); the name without a leading conjunction or
    preposition is tried when the name as typed finds nothing."""
    found = _lookup(entities, _keyed(name))
    if found.found or found.offered:
        return found
    return _lookup(entities, {key for cut in _without_clitic(name) for key in _keyed(cut)})


def _lookup(entities: Sequence[Entity], keys: set[str]) -> EntityLookup:
    if not keys:
        return EntityLookup()
    index = name_index(entities)
    numbers = {number for key in keys for number in index.named.get(key, ())}
    compact = {number for key in keys for number in index.compact.get(compact_name(key), ())}
    written = _written_as(entities, keys)
    if len(numbers) == 1:
        (only,) = numbers
        if all((e.key, e.type) == (entities[only].key, entities[only].type) for _, e in written):
            return EntityLookup([entities[only]])  # the name, and no other entity is written so
    if numbers or compact or written:
        # صالح: the one-article entity named so is weighed against علي عبد الله صالح, whose
        # mentions write صالح in hundreds of articles; حسن نصرالله: حسن نصر الله; اردوغان: the person
        # who is written so, not a piece أر دوغان
        weights = {(entity.key, entity.type): (count, entity) for count, entity in written}
        begun = set() if numbers else _begun_by(index, keys)  # تميم: تميم بن حمد beside خلفان تميم
        for n in numbers | compact | begun:
            entity = entities[n]
            held = weights.get((entity.key, entity.type), (0, entity))[0]
            weights[entity.key, entity.type] = (max(held, len(entity.articles)), entity)
        return one_or_offered(list(weights.values()))
    holding = {n for key in keys for n in entities_holding(entities, [[word] for word in set(key.split())])}
    # a date's or a sum's key is its value (06-14): its words are its name's (14 يونيو)
    return one_or_offered([(len(entities[n].articles), entities[n]) for n in sorted(holding)])


BEGUN_BY = 20
"""At most this many of the entities whose key begins with a name typed are weighed beside those
that write it (the most named first)."""


def _begun_by(index: NameIndex, keys: set[str]) -> set[int]:
    """The entities whose key begins with the words of one of `keys` and goes on (تميم: تميم بن حمد
    آل ثاني; مانشستر: مانشستر يونايتد and مانشستر سيتي), the BEGUN_BY most named: a name typed is
    also their first name, where the forms the articles write it in may be a few others' only."""
    begun: set[int] = set()
    for key in keys:
        words = key.split()
        for number in index.key_words.get(words[0], [])[: BEGUN_BY * 10] if words else []:
            parts = index.keys[number].split()
            if len(parts) > len(words) and parts[: len(words)] == words:
                begun.add(number)
    return set(sorted(begun)[:BEGUN_BY])


def _written_as(entities: Sequence[Entity], keys: set[str]) -> list[tuple[int, Entity]]:
    """The entities with mentions written as one of `keys`, with how many articles each has
    them in (a namesake's one profile writing ميلنر twenty times weighs one article against the
    footballer's forty): over a packed table, the strings so written are found in the index and
    the (entity, article) pairs counted in numpy."""
    if not isinstance(entities, PackedEntities):
        found = []
        for entity in entities:
            count = len({doc for doc, mention in entity.mentions if _fold(mention.text) in keys})
            if count:
                found.append((count, entity))
        return found
    written = name_index(entities).written or {}
    numbers = [n for key in keys for n in written.get(key, ())]
    if not numbers:
        return []
    table = entities.table
    rows = np.flatnonzero(np.isin(table.texts, np.array(numbers, dtype=np.int32)))
    order = np.argsort(entities.starts, kind="stable")
    position = np.searchsorted(entities.starts[order], rows, side="right") - 1
    owners = order[np.maximum(position, 0)]
    inside = (position >= 0) & (rows < entities.stops[owners])
    counts = articles_each(owners[inside], table.docs[rows[inside]], len(entities))
    return [(int(counts[n]), entities[n]) for n in np.flatnonzero(counts).tolist()]


def one_or_offered(matches: list[tuple[int, Entity]]) -> EntityLookup:
    """The entity holding OWNER_SHARE of the weight, or the entities offered."""
    if not matches:
        return EntityLookup()
    matches.sort(key=lambda pair: (-pair[0], pair[1].name))
    total = sum(weight for weight, _ in matches)
    top, entity = matches[0]
    if top >= OWNER_SHARE * total:
        return EntityLookup([entity])
    return EntityLookup(offered=[e for _, e in matches[:OFFERED]], more=max(0, len(matches) - OFFERED))


LATIN_ENTITIES = 20_000
"""The most named entities whose Latin spellings a name typed in Latin letters is compared with."""
LATIN_LIKENESS = 90
"""How alike (0-100) a typed Latin name and an entity's Latin spelling must sound (see _sounded);
names typed with fewer than LATIN_LETTERS such letters are left to the other readings."""
LATIN_LETTERS = 3
_SOUNDS = (
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("kh", "k"),
    ("gh", "g"),
    ("ch", "sh"),
    ("c", "k"),
    ("q", "k"),
    ("z", "s"),
)
_LATIN: list[tuple[Sequence[Entity], list[tuple[int, str, str, str]]]] = []


def _sounded(text: str, *, keep_h: bool = False) -> str:
    """A Latin name as its consonants sound (theresa → trs, jungh awn → jng n, manshstr →
    mnstr): letters only, lower case, digraphs and k/c/q, z/s made one, vowels, h, w and y
    left out, a doubled letter once; words kept apart. With `keep_h`, an h of its own stays
    (halil is no ali; the h of kh, th, sh still goes with its digraph)."""
    folded = re.sub(r"[^a-z ]+", " ", text.lower())
    for pair, one in _SOUNDS:
        folded = folded.replace(pair, one)
    folded = re.sub(r"[aeiouyw]+" if keep_h else r"[aeiouyhw]+", "", folded)
    return " ".join(re.sub(r"(.)\1+", r"\1", word) for word in folded.split() if word)


def _sounded_words(text: str) -> str:
    """`_sounded` with the h kept, word for word: a word with no consonant left stands as "_"
    (Kim Yu Jungh is km _ jng, never the km jng of kim jong)."""
    return " ".join(_sounded(word, keep_h=True) or "_" for word in re.sub(r"[^a-z ]+", " ", text.lower()).split())


def _latin_of(entities: Sequence[Entity]) -> list[tuple[int, str, str, str]]:
    """(entity number, sounded Latin spelling, the initials of the spelling's words, the spelling
    sounded with its h) of the LATIN_ENTITIES most named name entities, made once for `entities`
    (the last made is kept)."""
    with _INDEXING:
        if _LATIN and _LATIN[0][0] is entities:
            return _LATIN[0][1]
    spelled: list[tuple[int, str, str, str]] = []
    most = min(len(entities), LATIN_ENTITIES)
    named: Iterable[tuple[str, str]]
    if isinstance(entities, PackedEntities):  # the columns: no entity made
        named = zip((TYPES[t] for t in entities.types[:most].tolist()), entities.names[:most], strict=True)
    else:
        named = ((entity.type, entity.name) for entity in entities[:most])
    for number, (kind, name) in enumerate(named):
        if kind not in NAME_TYPES:
            continue
        for spelling in [name] if name.isascii() else latin_spellings(name, place=kind == "LOC"):
            if sounded := _sounded(spelling):
                initials = "".join(word[0] for word in re.sub(r"[^a-z ]+", " ", spelling.lower()).split())
                spelled.append((number, sounded, initials, _sounded_words(spelling)))
    with _INDEXING:
        _LATIN[:] = [(entities, spelled)]
    return spelled


def by_latin_spelling(entities: Sequence[Entity], name: str) -> EntityLookup:
    """The entities a name typed in Latin letters names by how it sounds against their Latin
    spellings (theresa may: تيريزا ماي, spelled Teresa May; kim jong un: كيم جونغ أون, spelled Kim
    Jungh Awn), when nothing else found it: the whole name (its words run together: new york
    times, نيويورك تايمز), or as many last words of the spelling as were typed (jong un: كيم
    جونغ أون). One holding OWNER_SHARE of their articles is the answer; else they are offered."""
    typed = _sounded(name)
    if len(typed.replace(" ", "")) < LATIN_LETTERS or not name.isascii():
        return EntityLookup()
    words, joined = len(typed.split()), typed.replace(" ", "")
    best: dict[int, float] = {}
    for number, spelled, _, _ in _latin_of(entities):
        parts = spelled.split()
        likeness = fuzz.ratio(joined, "".join(parts))  # new york times: Nywywrk Taymz
        if len(parts) > words:
            likeness = max(likeness, fuzz.ratio(typed, " ".join(parts[-words:])))
        if likeness >= LATIN_LIKENESS and likeness > best.get(number, 0):
            best[number] = likeness
    return one_or_offered([(len(entities[n].articles), entities[n]) for n in best])


LATIN_READ_ARTICLES = 20
"""The fewest articles an entity is named in for a search's Latin words to be read as its name."""


def latin_name_read(entities: Sequence[Entity], words: Sequence[str]) -> str:
    """The Arabic name of the one entity whose Latin spelling sounds, word for word, as the Latin
    words typed (theresa may: تيريزا ماي, spelled Teresa May; manchester united: مانشستر يونايتد),
    named in LATIN_READ_ARTICLES articles or more; of several, the one whose spelling the name
    lists give (hassan rouhani: حسن روحاني, not a شون ريان spelled by rule). Two words at least,
    their h sounded (ahmed ali is no Ahmad Halil), run together only against a spelling of
    several words and another number of them (new york times: نيويورك تايمز, spelled Nywywrk
    Taymz; never hayku mas as two other words, nor hammam sousse as حمص); no fuzzier than the
    sounds: a search reads them so, where an export weighs a likeness (by_latin_spelling). ""
    when none or several (mohamed salah: Mohamed Salah and Mohamed Saleh). One word is read as
    initials only (see by_initials)."""
    if len(words) == 1:  # initials (mbs): the one person they name, as the E box finds him, by
        initials = by_initials(entities, words[0])  # the words they stand for (محمد بن سلمان)
        return " ".join(initials.found[0].name.split()[: len(words[0])]) if len(initials.found) == 1 else ""
    wanted = _sounded_words(" ".join(words))
    joined = wanted.replace(" ", "")
    if len(joined.replace("_", "")) < LATIN_LETTERS:
        return ""
    exact, run_together = _latin_read_index(entities)
    found = sorted(
        {number for number in exact.get(wanted, ()) if len(entities[number].articles) >= LATIN_READ_ARTICLES}
        | {
            number
            for number, spaces in run_together.get(joined, ())
            if spaces != wanted.count(" ") and len(entities[number].articles) >= LATIN_READ_ARTICLES
        }
    )
    found = [n for n in found if not _named_otherwise(words, entities[n].name)]
    if len(found) > 1:
        found = [
            n
            for n in found
            if not spelled_by_rule(entities[n].name, place=entities[n].type == "LOC", person=entities[n].type == "PER")
        ]
    return entities[found[0]].name if len(found) == 1 else ""


_PARTICLE_WORDS = frozenset(("al", "el", "ul", "bin", "ben", "ibn", "bint", "abu", "abou", "umm", "um"))
"""Latin words of names that are an article or a tie to a parent: the name lists say nothing of them."""


def _light(word: str) -> str:
    """A Latin name word folded lightly, its vowels kept (mahmoud is mahmud, mohamed mohamed):
    lower case, letters only, th ph ck ou oo ee as t f k u u i, a doubled letter once."""
    folded = re.sub(r"[^a-z]+", "", word.lower())
    for pair, one in (("th", "t"), ("ph", "f"), ("ck", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i")):
        folded = folded.replace(pair, one)
    return re.sub(r"(.)\1+", r"\1", folded)


def _named_otherwise(words: Sequence[str], name: str) -> bool:
    """Whether a Latin word typed is a usual spelling of name words (the name lists': mahmoud is
    محمود, zayed زايد, ali علي) and no word of the entity's name answers it: none is one of them,
    none is spelled so by the lists (its vowels kept: barak is باراك's Barack, theresa تيريزا's
    Teresa, mahmoud no محمد's Mohamed), and none the lists do not spell is one of them a long
    vowel apart. mahmoud ibrahim is no محمد إبراهيم, ali nasser no النصر, though each sounds as
    it once the vowels are gone."""
    held = {word for written in normalize(name).split() for word in (written, written.removeprefix("ال"))}
    spelled = latin_name_words()
    latin = {_light(spelling) for word in held for spelling in spelled.get(word, ())}
    unlisted = {sound_key(word) for word in held if word not in spelled}
    for word in words:
        listed = spelled_name_words(word) if fold_latin(word) not in _PARTICLE_WORDS else {}
        if not listed or held & set(listed) or _light(word) in latin:
            continue
        if not unlisted & {sound_key(spelling) for spelling in listed}:
            return True
    return False


_READ: list[tuple[Sequence[Entity], tuple[dict[str, list[int]], dict[str, list[tuple[int, int]]]]]] = []


def _latin_read_index(
    entities: Sequence[Entity],
) -> tuple[dict[str, list[int]], dict[str, list[tuple[int, int]]]]:
    """The entities by their Latin spellings sounded with the h (latin_name_read): as sounded,
    and, for spellings of several words, run together (with their number of spaces); made once
    for `entities` (the last made is kept)."""
    spelled = _latin_of(entities)
    with _INDEXING:
        if _READ and _READ[0][0] is entities:
            return _READ[0][1]
    exact: dict[str, list[int]] = defaultdict(list)
    run_together: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, _, _, sounded in spelled:
        exact[sounded].append(number)
        if " " in sounded:
            run_together[sounded.replace(" ", "")].append((number, sounded.count(" ")))
    made = dict(exact), dict(run_together)
    with _INDEXING:
        _READ[:] = [(entities, made)]
    return made


def warm_latin_lookups(entities: Sequence[Entity]) -> None:
    """Make the Latin spellings names typed in Latin letters are looked up in (a second or so),
    before a search or a lookup needs them."""
    _latin_read_index(entities)


INITIALS = (3, 5)
"""How many letters a name typed as its initials has (mbs, mbz, jfk)."""


def by_initials(entities: Sequence[Entity], name: str) -> EntityLookup:
    """The people a name typed as the initials of their Latin spelling names (mbs: محمد بن سلمان,
    Mohammed Bin Salman, its first words' initials): a word of INITIALS letters with no vowel,
    which no name is. One holding OWNER_SHARE of their articles is the answer; else they are offered."""
    typed = name.strip().lower()
    if not (typed.isascii() and typed.isalpha() and INITIALS[0] <= len(typed) <= INITIALS[1]):
        return EntityLookup()
    if re.search("[aeiouy]", typed):
        return EntityLookup()
    found = {n for n, _, initials, _ in _latin_of(entities) if initials.startswith(typed) and entities[n].type == "PER"}
    return one_or_offered([(len(entities[n].articles), entities[n]) for n in found])


def by_title(entities: Sequence[Entity], title: str, readings: Sequence[str]) -> EntityLookup:
    """The person the archive keys with a regal title and a given name (الأمير هاري), `readings`
    being what follows the title in Arabic; nothing when it keys no one so (see
    corpus.export.entity_lookup, which then looks up what follows the title)."""
    index = name_index(entities)
    for reading in readings:
        for number in index.named.get(entity_key(f"{title} {reading}", "PER"), ()):
            if titled_given_name(index.keys[number]) and entities[number].type == "PER":
                return EntityLookup([entities[number]])
    return EntityLookup()


def named_exactly(entities: Sequence[Entity], name: str) -> list[Entity]:
    """The entities whose name or key is the typed name (spacing, marks and clitics folded)."""
    index = name_index(entities)
    return [entities[n] for n in sorted({n for key in _keyed(name) for n in index.named.get(key, ())})]
