"""Grouping mentions into entities: one entity per person, place or thing, across articles."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from corpus.disjoint_sets import DisjointSets
from corpus.entities.country_bodies import country_qualified_pairs
from corpus.entities.doc_sets import Docs
from corpus.entities.extract import article_mentions
from corpus.entities.homonyms import cities_named_like_countries
from corpus.entities.lexicons import LETTER_NAMES, ORG_TRIGGERS, letter_clitic, person_names, places
from corpus.entities.mentions import CONFIDENT, NAME_TYPES, TYPES, Entity, Mention
from corpus.entities.name_shapes import (
    GENERIC_WORDS,
    gazetteer_place,
    generic_organisation,
    junk_key,
    known_place,
    named_by_kind,
    place_adjective,
    spelled_acronym,
)
from corpus.entities.regal import shown_with_title, titled_full_name, titled_given_name
from corpus.entities.resolution import (
    BARE_ARTICLES,
    CONTEXT_LIFT,
    CONTEXT_SIMILAR,
    IN_CONTEXT,
    LINEAGE,
    SURNAME_EVIDENCE,
    SURNAME_MIN_ARTICLES,
    SURNAME_SHARE,
    TOLD_APART,
    TYPE_MAJORITY,
    Candidate,
    cosine,
    given_names,
    resolve,
    spelling_variants,
    surname,
    without_article,
)
from corpus.entities.split_names import join_split_names
from corpus.entities.table import (
    PAIR_BLOCK,
    MentionColumns,
    MentionRun,
    MentionTable,
    articles_each,
    articles_named,
    column_view,
    ranked,
)
from corpus.entities.values import value_key
from corpus.garbage_collection import large_blocks_returned
from corpus.models import Doc
from corpus.packed import range_positions
from corpus.sorted_sets import counted, distinct, members, paired, stably_grouped, tally
from corpus.text.clitics import ARTICLE_PREFIXES, CHECKED_PREFIXES, JOINED_NAME_PARTS, without_proclitic
from corpus.text.latin import spelled_letters
from corpus.text.normalization import normalize, normalized_form, unmarked
from corpus.text.sounds import sound_key

__all__ = [
    "GROUPING_VERSION",
    "forget_name_caches",
    "NameWords",
    "group_mentions",
    "article_entities",
    "entity_key",
    "name_similarity",
    "written_form",
    "choose_name",
    "compact_name",
    "group_columns",
]

GROUPING_VERSION = "g175"
"""Raised whenever grouping changes what entities a set of mentions makes, or what is saved with
them (g175: the named words' counts): the saved entity index is then made again from the cached
mentions (the tagger's cache is kept)."""

MERGE_AT = 70
SURNAME_SOUND_AT = 60
"""Two surnames of one person in one article are at least this alike once folded to sounds
(fuzz ratio of their sound keys): محمدوفا and مامادوفا (75) are, كيري and كيلي (50) are not."""


def forget_name_caches() -> None:
    """Drop what grouping remembered (tens of MB over a large archive) once the index is built."""
    normalized_form.cache_clear()
    sound_key.cache_clear()


PLACE_WEIGHT = 3
"""A place in the gazetteer counts as this many mentions beginning with it (see NameWords)."""
NAME_WORD_MARGIN = 2
"""How many times as often what a clitic's strip leaves must begin names as a word the name
lists know (see NameWords)."""


class NameWords:
    """How often each normalized word begins a mention: the evidence for stripping a clitic.

    A leading و ف ب ل ك (alone or with the article) goes only when what is left begins
    names at least as often as the whole word does, or more often once a known place counts
    PLACE_WEIGHT more:
    لكازاخستان → كازاخستان and وبشار → بشار, but فرنسا, لندن, بشار and فرانس (though رانس is
    a French town) keep their first letter. A strip that leaves a place the gazetteer knows wins,
    shortest first, where that place is seen more often than what the strip above leaves: وبكين
    is و + بكين (Beijing), not وب + كين (Kane); للبنان is ل + لبنان; ولأيمن is ول + أيمن however
    لايمن is a place too. A preposition with the article before a place the archive names
    (بالخبر, وبالخرج) is read off however often the archive writes it so, unless the whole word
    is a place the gazetteer knows (بالتيمور) or a name the name lists know (كالفين).
    The article and its fused forms (ال، لل، وال) go from a key, unless the whole word is a name
    the name lists know (والاس Wallace, والكوت Walcott) and what the strip leaves begins fewer
    names. A word the name lists know keeps its first letter unless what is left begins names
    NAME_WORD_MARGIN times as often (وسام, بروس, كوين, فلوريان are no و + سام, ب + روس "Russians",
    ك + وين, ف + لوريان).
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._prefixes: dict[str, str] = {}
        """`prefix` of each word asked about (the counts are complete before the first question)."""

    @classmethod
    def from_counts(cls, texts: dict[str, int]) -> NameWords:
        """From how many mentions each distinct text has."""
        words = cls()
        for text, count in texts.items():
            first = normalized_form(text).split()
            if first:
                words.counts[first[0]] += count
        return words

    def _named(self, word: str) -> int:
        return self.counts.get(word, 0) + self.counts.get("ال" + word, 0)

    def begins_far_more(self, word: str, other: str) -> bool:
        """Whether `word` begins ten times as many mentions as `other` (and at least ten)."""
        return self._named(word) >= 10 * max(1, self._named(other))

    def _seen(self, word: str) -> int:
        return self._named(word) + (PLACE_WEIGHT if known_place(word) else 0)

    def prefix(self, word: str, place: bool = False) -> str:
        """The clitics to strip from the front of a normalized word ("" when none); a place
        the gazetteer knows keeps its first letter (كابل, بابل are never ك or ب and أبل). A word
        the tagger called a place (`place`) loses the fewest clitics that leave a place the
        gazetteer knows: وبابل, tagged a place, is و + بابل (Babylon) however much more the archive
        names أبل (Apple)."""
        if place and (found := self._place_prefix(word)) is not None:
            return found
        found = self._prefixes.get(word)
        if found is None:
            found = self._prefixes[word] = self._prefix(word)
        return found

    def _place_prefix(self, word: str) -> str | None:
        """Of the strips (the article kept: للقدس is ل + القدس) that leave a place the gazetteer
        knows, named at least as often as the whole word begins names (كسروان is no ك + سروان),
        the one leaving the place the archive names most, the shortest of equals (وباريس is و +
        باريس, not وب + اريس); None when no strip does."""
        if word in places():
            return ""
        found = [
            p
            for p in (*reversed(CHECKED_PREFIXES), *ARTICLE_PREFIXES)
            if word.startswith(p)
            and len(rest := without_proclitic(word, p)) >= 3
            and rest in places()
            and self._named(rest) >= self._named(word)
        ]
        return max(found, key=lambda p: self._named(without_proclitic(word, p)), default=None)

    def _prefix(self, word: str) -> str:
        if word in places():
            return ""
        generic = self._counted_prefix(word)
        bar = self._seen(without_proclitic(word, generic)) if generic else self._seen(word)
        for prefix in reversed(CHECKED_PREFIXES):  # the shortest strip that leaves a place: وبكين is و + بكين
            rest = word[len(prefix) :]
            if word.startswith(prefix) and len(rest) >= 3 and known_place(rest):
                if self._seen(rest) > bar or self._article_before_place(word, prefix, rest):
                    return prefix  # for لبنان, للبنان is ل + لبنان, not the article and بنان
        return generic

    def _article_before_place(self, word: str, prefix: str, rest: str) -> bool:
        """Whether `prefix` ends with the article before a place the archive names (بالخبر is ب +
        الخبر however often it is written so), on a word the name lists do not know (كالفين,
        فالدانو, بالترو keep their letters)."""
        return prefix.endswith("ال") and word not in person_names() and self._named(rest) > 0

    def _conjunction_after(self, prefix: str, rest: str) -> bool:
        """Whether stripping `prefix` would leave a conjunction on a word (بوروسيا as ب + و + روسيا):
        و and ف come before a preposition, never after one, so the preposition is the name's."""
        return (
            prefix.endswith(("ب", "ل", "ك"))
            and rest.startswith(("و", "ف"))
            and self._named(rest[1:]) >= self._named(rest)
        )

    def _counted_prefix(self, word: str) -> str:
        known = word in person_names()
        for prefix in ARTICLE_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                if prefix == "ال" or not known or self._seen("ال" + word[len(prefix) :]) >= self._seen(word):
                    return prefix
                return ""
        own = self._seen(word) * (NAME_WORD_MARGIN if known else 1)
        for prefix in CHECKED_PREFIXES:
            rest = word[len(prefix) :]
            if word.startswith(prefix) and len(rest) >= 3 and not self._conjunction_after(prefix, rest):
                named = self._named(rest)
                if self._seen(rest) > own or (named and named >= own):
                    return prefix
        return ""


def _leading_prefix(words: list[str], words_seen: NameWords, place: bool = False) -> str:
    """The clitics to strip from a normalized name's first word: none when the whole name is a
    known place as written (بيونغ يانغ), else as `words_seen` says (of a name tagged a place if `place`)."""
    if len(words) > 1 and known_place(" ".join(words)):
        return ""
    return words_seen.prefix(words[0], place)


def entity_key(text: str, kind: str, words_seen: NameWords | None = None) -> str:
    """The grouping key of a mention: normalized, a leading conjunction or preposition removed and
    the article kept ("لكازاخستان" → كازاخستان, "للسعودية" → السعودية, so ألاباما stays whole),
    compound name parts joined (عبد الفتاح → عبدالفتاح), a dangling آل or بن at the end dropped.

    و ف ب ل ك go only where `words_seen` says so (see NameWords), so كازاخستان keeps its ك.
    """
    if kind not in NAME_TYPES:
        return value_key(text, kind)
    words = normalized_form(text.translate(_JOINERS)).split()  # إيمانويل_ماكرون, كيم جونغ-أون: two words
    if not words:
        return ""
    words[0] = without_proclitic(words[0], _leading_prefix(words, words_seen or NameWords(), kind == "LOC"))
    if clitic := _letter_clitic(words):
        words[0] = words[0][len(clitic) :]
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] in JOINED_NAME_PARTS:
            joined[-1] += word
        else:
            joined.append(word)
    while len(joined) > 1 and joined[-1] in _DANGLING and not spelled_acronym(" ".join(joined)):  # دي إتش إل
        joined.pop()
    return " ".join(joined)


_JOINERS = str.maketrans({"_": " ", "-": " ", "\u2010": " ", "\u2011": " "})
"""What joins a name's words in some writings (a hashtag's underscore, a hyphen: كيم جونغ-نام is
كيم جونغ نام, never كيم جونغ أون), read as a space."""


def name_similarity(a: str, b: str) -> float:
    """How alike two names of the same length are: the weakest aligned word pair, by spelling or sound."""
    left, right = a.split(), b.split()
    if len(left) != len(right) or not left:
        return 0.0
    return min(max(fuzz.ratio(x, y), fuzz.ratio(sound_key(x), sound_key(y))) for x, y in zip(left, right, strict=True))


def _nisba_on_one(first: str, second: str) -> bool:
    """One surname ends in ي (a nisba, حسني) where the other ends in a consonant (حسين): two
    names. An ending vowel written another way (ماني, مانيه: Mané) is one name."""
    if first.endswith("ي") == second.endswith("ي"):
        return False
    other = second if first.endswith("ي") else first
    return other[-1:] not in ("ه", "ة", "ا", "و", "ى")


def _alike(first: str, second: str) -> bool:
    """Two full names one person is written as in one article: spelling variants, or the same
    given name (in sound, or one long vowel apart), surnames alike in sound (SURNAME_SOUND_AT)
    and alike word by word (MERGE_AT): عادل الجبير
    and عبدالله الجاسر, alike in letters, stay two people, and so do محمد بن سلمان بن عبدالعزيز
    and أحمد بن سليمان بن عبدالعزيز, alike in every word but their own."""
    if spelling_variants(first, second, "PER"):
        return True
    left, right = first.split(), second.split()
    if len(left) != len(right) or not (left[0] == right[0] or spelling_variants(left[0], right[0], "PER")):
        return False
    if left[-1].startswith("ال") and right[-1].startswith("ال"):
        return False  # Arabic family names are spelled one way: الشهري, الشمري, الزهراني in one list are three men
    if _nisba_on_one(left[-1], right[-1]):
        return False  # محمد مصيلحي beside محمد صلاح, تامر حسني beside تامر حسين: two men
    if fuzz.ratio(sound_key(left[-1]), sound_key(right[-1])) < SURNAME_SOUND_AT:
        return False  # جون كيري and جون كيلي: alike in letters, not in sound
    return name_similarity(first, second) >= MERGE_AT


TITLED_OWNER_ARTICLES = 5
"""A titled given name (الملك سلمان) stands for a full name of its article beginning with it only
where the archive names that full name in this many articles: a span the tagger ran on (هاري
وميغان, named in two) is nobody's full name."""


def _article_people(
    counts: Counter[str],
    dominant: dict[str, str],
    established: set[str],
    titled: Mapping[str, set[str]],
    titled_givens: Container[tuple[str, str]],
) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """Within one article, the name each person key stands for: a surname alone, or after a
    conjunction or preposition the key kept (وأردوغان beside رجب طيب أردوغان), stands for the one
    full name it ends (unless the archive gives that surname overwhelmingly to someone else:
    ترامب in an article on ميلانيا ترامب), a titled given name (الملك سلمان) for the one
    `established` person whose full name it begins (see _titled_owner), and spelling variants of
    a name stand for the most frequent of them. Also returns the titled given names that begin
    the names of several people written with the title, with those names (one of them, or no
    one, once the archive has said who is whom: _settle_titled)."""
    full_names = sorted((key for key in counts if " " in key), key=lambda k: (-counts[k], k))
    in_full = [key for key in full_names if not titled_given_name(key)]
    links: DisjointSets[str] = DisjointSets()
    for position, first in enumerate(in_full):
        for second in in_full[position + 1 :]:
            if _alike(first, second):
                links.union(first, second)
    canonical = {key: links.find(key) for key in full_names}
    several: dict[str, frozenset[str]] = {}
    for key in full_names:
        given = titled_given_name(key)
        if not given:
            continue
        named = [name for name in in_full if name.split()[0] == given and name in established]
        owner = _titled_owner(key, named, canonical, titled, titled_givens)
        if isinstance(owner, frozenset):
            several[key] = owner
        elif owner is not None:
            canonical[key] = owner
    for key in counts:
        if " " not in key:
            bare = {key} | {
                without_proclitic(key, p) for p in CHECKED_PREFIXES if key.startswith(p) and len(key) > len(p) + 2
            }
            owners = {name for name in full_names if surname(name) in bare}  # never the father of "X بن Y"
            if len(owners) > 1:
                owners = {name for name in owners if surname(name) == key} or owners
            if len(owners) == 1 and dominant.get(key, next(iter(owners))) in owners:
                canonical[key] = canonical[owners.pop()]
    return canonical, several


def _settle_titled(
    unsettled: Mapping[tuple[int, str], frozenset[str]],
    candidates: Sequence[Candidate],
    joins: Mapping[int, int],
    alive: npt.NDArray[np.bool_],
) -> dict[int, dict[int, int]]:
    """Titled given names that begin, in their article, the names of several people written
    with the title (`unsettled`: (article, titled key) → those names), now that the archive
    has said who is whom: the titled candidate → article → the root of the one person those
    names are (the founder's عبدالعزيز بن عبدالرحمن and عبدالعزيز آل سعود), or -1 where they are
    several (محمد بن سلمان and محمد بن نايف: the title and the given name say no more)."""
    if not unsettled:
        return {}
    number = {c.key: n for n, c in enumerate(candidates) if c.type == "PER"}
    out: dict[int, dict[int, int]] = {}
    for (doc, key), names in unsettled.items():
        if key not in number:
            continue
        roots = {joins[number[name]] for name in names if name in number and alive[joins[number[name]]]}
        out.setdefault(number[key], {})[doc] = roots.pop() if len(roots) == 1 else -1
    return out


def _titled_owner(
    key: str,
    named: Sequence[str],
    canonical: Mapping[str, str],
    titled: Mapping[str, set[str]],
    titled_givens: Container[tuple[str, str]],
) -> str | frozenset[str] | None:
    """Whom a titled given name (الأمير محمد) stands for in an article that names in full the
    established people `named`, whose full names it begins: the one person among them (a name and
    its longer forms are one), counting only those the archive writes with that title where it
    writes any of that given name so (`titled`: full key → titles; `titled_givens`: (title, given
    name) of established names written with a title): الأمير محمد beside محمد بن سلمان and the
    consul محمد العتيبي is the prince. Where several such people are named (الأمير محمد beside
    الأمير محمد بن سلمان and الأمير محمد بن نايف), their names; None where the article does not say."""
    title, given = key.split()
    written = (title, given) in titled_givens
    if written:
        named = [name for name in named if title in titled.get(name, ())]
    shortest = _shortest_forms(set(named))
    people: list[list[str]] = []  # the names, most named first, as one person's (_one_person)
    for name in (name for name in named if name in shortest):
        alike = next((names for names in people if all(_one_person(name, other) for other in names)), None)
        if alike is None:
            people.append([name])
        else:
            alike.append(name)
    if len(people) == 1:  # الملك سلمان beside سلمان بن عبدالعزيز (and سلمان بن عبدالعزيز آل سعود)
        return canonical[people[0][0]]
    return frozenset(shortest) if people and written else None


def _one_person(first: str, second: str) -> bool:
    """Whether two full names of one given name are one person's: one holds the other's words in
    order (سعود بن ثنيان, سعود بن عبدالله بن ثنيان), or both name the same father, the name after
    بن or a two-word name's family after its article (سعود الفيصل, سعود بن فيصل). Else two
    (محمد بن سلمان, محمد بن نايف; هاري كين, هاري ستايلز)."""
    left, right = first.split(), second.split()
    if _in_order(left, right) or _in_order(right, left):
        return True
    father = _father(left)
    return bool(father) and father == _father(right)


def _in_order(part: Sequence[str], whole: Sequence[str]) -> bool:
    """Whether the words `part` all come in `whole`, in that order."""
    rest = iter(whole)
    return all(word in rest for word in part)


def _father(words: Sequence[str]) -> str:
    """The father a normalized full name gives: the word after its first بن or ابن, else, in a name
    of two words, the family's after its article where four letters or more are left (الفيصل:
    فيصل; not العلي, too short to tell a father), else ""."""
    for at, word in enumerate(words[1:-1], start=1):
        if word in ("بن", "ابن"):
            return words[at + 1]
    last = words[-1]
    return last[2:] if len(words) == 2 and last.startswith("ال") and len(last) - 2 >= 4 else ""


def _shortest_forms(names: set[str]) -> set[str]:
    """Of full names, those no other begins (محمد بن سلمان, not محمد بن سلمان بن عبدالعزيز beside it):
    a name and its longer forms are one person."""
    return {name for name in names if not any(other != name and name.startswith(other + " ") for other in names)}


def _dominant_full_names(articles: dict[str, int]) -> dict[str, str]:
    """Surname → the full person name holding at least SURNAME_SHARE of the articles that name
    a full name ending with it (`articles`: full name → the articles naming it)."""
    ending: dict[str, Counter[str]] = {}
    for key, count in articles.items():
        last = surname(key)
        if last:
            ending.setdefault(last, Counter())[key] = count
    dominant = {}
    for last, owners in ending.items():
        owner, count = owners.most_common(1)[0]
        if count >= SURNAME_SHARE * sum(owners.values()):
            dominant[last] = owner
    return dominant


def group_mentions(mentions: Sequence[tuple[Doc, Mention]]) -> list[Entity]:
    """One entity per thing named, from (article, mention) pairs (see group_columns)."""
    columns = MentionColumns()
    for doc, mention in sorted(mentions, key=lambda pair: pair[0]):
        columns.add(doc, mention)
    return group_columns(columns)[0]


class _Keys:
    """Entity keys by number; each row of the columns points at one (or -1: names nothing)."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.names: list[str] = []
        self.titles: dict[str, set[str]] = {}
        """A person's full key → the regal titles the archive writes right before it (الامير)."""

    def number(self, key: str) -> int:
        found = self.numbers.get(key)
        if found is None:
            found = self.numbers[key] = len(self.names)
            self.names.append(key)
        return found


def group_columns(columns: MentionColumns) -> tuple[list[Entity], MentionTable]:
    """One entity per thing named: same key (clitics removed, spacing of compound names
    folded), surnames and spelling variants resolved inside each article, then across the
    archive on the evidence of the whole of it (corpus.entities.resolution). Returns the
    entities, most named first, and the table their mentions are read from.

    Keys are worked out once per distinct text and the rows stay numbers throughout, so a
    million mentions never become a million objects. `columns` is spent: the table takes its rows.
    """
    with large_blocks_returned():  # its blocks of rows, freed, are given back
        return _grouped(columns)


def _grouped(columns: MentionColumns) -> tuple[list[Entity], MentionTable]:
    """group_columns, its memory settings aside."""
    columns.put_in_article_order()  # so a stable sort by entity leaves each entity's rows in that order
    vocabulary = _vocabulary(columns)
    if join_split_names(columns, vocabulary.prefix):
        vocabulary = _vocabulary(columns)
    strings = list(columns.numbers)
    docs = column_view(columns.docs, np.int32)  # each row's article, as the columns hold it
    texts = column_view(columns.texts, np.int32)
    links = column_view(columns.links, np.int32)
    keys = _Keys()
    sources = np.where(links >= 0, links, texts)
    row_kind, row_key = _row_keys(strings, sources, column_view(columns.types, np.int8), vocabulary, keys)
    del sources  # a million mentions' int64 columns add up: each goes once its work is done
    settled = _settle_guessed_acronyms(row_kind, row_key, column_view(columns.confidences, np.uint8), keys)
    for row in settled.tolist():
        columns.confidences[row] = 100  # as sure as the text that said what the letters name
    surname_owners, unsettled = _resolve_people_in_articles(docs, row_kind, row_key, keys)
    _join_described_names(docs, row_kind, row_key, keys)
    _resolve_parts_of_names(docs, row_kind, row_key, keys)
    aliases = _bracket_aliases(strings, texts, links, docs, row_kind, row_key, vocabulary, keys)
    valid = np.flatnonzero(row_key >= 0).astype(np.int32)  # rows named something: 4 bytes each, not 8
    candidates, candidate_of = _candidates(valid, docs, row_kind, row_key, keys)
    del row_kind, row_key
    joined = _alias_pairs(aliases, candidates) + country_qualified_pairs(candidates)  # أرامكو السعودية is أرامكو
    resolution = resolve(candidates, surname_owners, joined)
    joins, dropped, cut, doubtful = resolution.joins, resolution.dropped, resolution.cut, resolution.doubtful
    root_of = np.array([joins[n] for n in range(len(candidates))] or [0], dtype=np.int32)  # rows' roots: 4 bytes each
    alive = np.array([joins[n] not in dropped for n in range(len(candidates))] or [False], dtype=bool)
    kept = alive[candidate_of]
    span = int(docs.max(initial=0)) + 1
    if cut:  # a bare surname where it names no one (غير صالح للاستهلاك): its rows in those articles
        some = _rows_of(candidate_of, cut)
        kept[some[members(paired(candidate_of[some], span, docs[valid[some]]), _pairs(cut, span))]] = False
    if doubtful:  # where it names its owner only doubtfully: its rows the tagger was unsure of (الأسد, a lion)
        some = _rows_of(candidate_of, doubtful)
        some = some[column_view(columns.confidences, np.uint8)[valid[some]] < round(CONFIDENT * 100)]
        kept[some[members(paired(candidate_of[some], span, docs[valid[some]]), _pairs(doubtful, span))]] = False
    rows, roots = valid[kept], root_of[candidate_of[kept]]
    kept_candidates = candidate_of[kept]
    del valid, candidate_of, kept
    overrides = _settle_titled(unsettled, candidates, joins, alive)
    for bare, at in resolution.namesakes.items():
        overrides.setdefault(bare, {}).update({doc: root for doc, root in at.items() if alive[root]})
    if overrides:  # a bare surname where its article names another person by it in full; a titled given name
        there = {bare * span + doc: root for bare, at in overrides.items() for doc, root in at.items()}
        codes = np.fromiter(there, dtype=np.int64, count=len(there))
        order = np.argsort(codes)
        codes, owners = codes[order], np.fromiter(there.values(), dtype=np.int32, count=len(there))[order]
        some = _rows_of(kept_candidates, overrides)
        pairs = paired(kept_candidates[some], span, docs[rows[some]])
        hit = members(pairs, codes)
        roots[some[hit]] = owners[np.searchsorted(codes, pairs[hit])]
        del pairs, hit, some
        if (roots < 0).any():  # a titled given name of several people of its article: no one's there
            rows, roots = rows[roots >= 0], roots[roots >= 0]
    del kept_candidates
    names = _names(roots, texts[rows], strings, vocabulary, [c.type for c in candidates])
    names = {root: shown_with_title(candidates[root].key, name) for root, name in names.items()}
    shown = _cities_shown()
    names.update({root: shown[candidates[root].key] for root in names if candidates[root].key in shown})
    roots = _one_entity_per_name(roots, names, candidates)
    articles = articles_each(roots, docs[rows], len(candidates))
    run_together = _run_together(names, candidates, root_of, articles)
    if run_together:
        kept_rows = ~members(roots, np.array(sorted(run_together), dtype=np.int64))
        rows, roots = rows[kept_rows], roots[kept_rows]
        articles = articles_each(roots, docs[rows], len(candidates))
    counts = tally(roots, len(candidates))
    ordered = ranked(names, articles, counts, names)
    rank = np.zeros(len(candidates), dtype=np.int32)
    rank[ordered] = np.arange(len(ordered))
    rows = stably_grouped(rows, roots, counts, rank)  # entity by entity, each in article order as the rows were
    del roots, docs, texts, links  # views of the columns, which the table takes in their place
    table = columns.into_table(rows)
    entities: list[Entity] = []
    start = 0
    for root in ordered:
        run = MentionRun(table, start, start + int(counts[root]))
        entities.append(Entity(candidates[root].key, names[root], candidates[root].type, run))
        start = run.stop
    return entities, table


@lru_cache(maxsize=1)
def _cities_shown() -> dict[str, str]:
    """The keys of capitals named like another country (corpus.entities.homonyms), with the name
    each is shown by: عمان (الاردن) → عمّان (الأردن)."""
    return {entity_key(city.shown, "LOC"): city.shown for city in cities_named_like_countries().values()}


def _vocabulary(columns: MentionColumns) -> NameWords:
    """How often each word begins the mentions in `columns` (an acronym's expansion counted as the acronym)."""
    texts, links = column_view(columns.texts, np.int32), column_view(columns.links, np.int32)
    seen = np.zeros(len(columns.numbers), dtype=np.int64)
    for start in range(0, len(texts), PAIR_BLOCK):  # a block at a time: no row-long int64 column
        block = slice(start, start + PAIR_BLOCK)
        seen += np.bincount(np.where(links[block] >= 0, links[block], texts[block]), minlength=len(seen))
    strings = list(columns.numbers)
    counts: Counter[str] = Counter()
    for i, count in enumerate(seen.tolist()):
        if count:  # a full name written with its title (الأمير محمد بن سلمان) begins with the name
            counts[titled_full_name(strings[i])[1] or strings[i]] += count
    return NameWords.from_counts(counts)


def _rows_of(candidate_of: npt.NDArray[np.integer], wanted: Iterable[int]) -> npt.NDArray[np.int64]:
    """The positions of the rows whose candidate is one of `wanted`: the few a rule looks at, so
    no row-long column of pairs is made for them."""
    return np.flatnonzero(members(candidate_of, np.fromiter(wanted, dtype=np.int64)))


def _pairs(articles: dict[int, Docs], span: int) -> npt.NDArray[np.int64]:
    """(candidate, article) pairs as one number each: candidate * span + article."""
    return np.fromiter((n * span + d for n, docs in articles.items() for d in docs), dtype=np.int64)


def _one_entity_per_name(
    roots: npt.NDArray[np.int32], names: dict[int, str], candidates: Sequence[Candidate]
) -> npt.NDArray[np.int32]:
    """The roots with entities of one type and one name (as normalized, spacing aside) made one, the most
    mentioned keeping the others' mentions: their keys differed (a clitic read off one spelling,
    a misspelt mention), but a reader cannot tell two rows named تنظيم داعش apart. `names` loses
    the roots merged away."""
    sizes = tally(roots, len(candidates))
    owner: dict[tuple[str, str], int] = {}
    into = np.arange(len(candidates), dtype=np.int32)
    for root in sorted(names, key=lambda r: (-int(sizes[r]), r)):
        kind = candidates[root].type
        first = owner.setdefault((kind, compact_name(normalized_form(names[root]), kind)), root)
        if first != root:
            into[root] = first
            del names[root]
    return into[roots]


_SPACING = re.compile(r"[\s\-\u2010-\u2015_]+")
_FAMILY = re.compile(r"(^|\s)ال(?=[\s_-]+\S)")
"""آل, the family word, normalized (آل سعود): kept apart from its name, which is not السعود."""


def compact_name(name: str, kind: str = "") -> str:
    """A name without its spaces and hyphens: كيم جونغ-أون is كيم جونغ أون, حسن نصرالله is
    حسن نصر الله, شي جينبينغ is شي جين بينغ (a writer's spacing, not another name); but a
    person's خالد آل سعود stays apart from خالد السعود (إل باييس is الباييس)."""
    return _SPACING.sub("", _FAMILY.sub(r"\1آل·", name) if kind == "PER" else name)


RUN_TOGETHER_SHARE = 10
"""Two names run together are each named in at least this many times the articles of the run."""


def _run_together(
    names: dict[int, str],
    candidates: Sequence[Candidate],
    root_of: npt.NDArray[np.int32],
    articles: npt.NDArray[np.int64],
) -> set[int]:
    """Entities that are two others joined by و (داعش وبوكو حرام, أبل وسامسونغ): their key cut at a
    word joined to و (the و dropped) gives keys of two other entities, each named in at least
    RUN_TOGETHER_SHARE times as many articles; and people named by two words of which the first is
    a surname (see _surnames) and each word, the second maybe after ل or ب, is another person
    named so many times as often (أردوغان نتنياهو, روحاني لترامب). They are left out of the table,
    and `names` loses them: their mentions belong to neither alone."""
    owner = {candidate.key: int(root_of[n]) for n, candidate in enumerate(candidates)}
    surnames = _surnames(candidates)
    out: set[int] = set()
    for root in list(names):
        if candidates[root].type not in NAME_TYPES:
            continue
        words = candidates[root].key.split()
        least = RUN_TOGETHER_SHARE * max(1, int(articles[root]))
        if candidates[root].type == "PER" and len(words) == 2 and words[0] in surnames:
            left = owner.get(words[0], -1)
            rights = [owner.get(words[1], -1)] + [owner.get(words[1][1:], -1)] * words[1].startswith(("ل", "ب"))
            if left not in (-1, root) and int(articles[left]) >= least:
                if any(right not in (-1, root, left) and int(articles[right]) >= least for right in rights):
                    out.add(root)  # أردوغان نتنياهو, روحاني لترامب: two people's surnames side by side
                    del names[root]
                    continue
        for cut in range(1, len(words)):
            if not words[cut].startswith("و") or len(words[cut]) <= 3:
                continue
            right = [words[cut][1:], *words[cut + 1 :]]
            parts = [owner.get(" ".join(words[:cut]), -1), owner.get(" ".join(right), -1)]
            if all(part not in (-1, root) and int(articles[part]) >= least for part in parts) and parts[0] != parts[1]:
                out.add(root)
                del names[root]
                break
    return out


def _surnames(candidates: Sequence[Candidate]) -> set[str]:
    """Words that end people's names of several words in at least ten times as many articles as
    they begin them (أردوغان, نتنياهو; never صالح or أحمد, which begin as many)."""
    begins = given_names(candidates)
    ends: Counter[str] = Counter()
    for candidate in candidates:
        if candidate.type == "PER" and " " in candidate.key:
            ends[candidate.key.split()[-1]] += len(candidate.docs)
    return {word for word, count in ends.items() if count >= 10 * begins[word]}


PLACE_EVIDENCE = 0.2
"""A one-word person or other name the gazetteer knows as a place is made a place only where the
tagger itself typed that name a place in at least this share of its mentions over the archive:
the gazetteer's ten thousand towns share words with people's names (مون, Moon Jae-in, is a town
too), and the tagger reads the sentence where the gazetteer reads a list."""


def _row_keys(
    strings: list[str],
    sources: npt.NDArray[np.int32],
    types: npt.NDArray[np.int8],
    vocabulary: NameWords,
    keys: _Keys,
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int64]]:
    """Each row's type and key number (-1 for both where it names nothing), worked out once
    per distinct (type, text)."""
    size = max(1, len(strings))
    row_codes = paired(types, size, sources)
    codes = distinct(row_codes)
    pair_of_row = np.searchsorted(codes, row_codes).astype(np.int32)  # distinct (type, text) pairs are few
    del row_codes
    pair_rows = tally(pair_of_row, len(codes))
    pair_kind = np.full(len(codes), -1, dtype=np.int8)  # a byte a row: types are few
    pair_key = np.full(len(codes), -1, dtype=np.int64)
    found: list[tuple[int, str, str]] = []
    typed: Counter[tuple[str, str]] = Counter()  # (key, type the tagger gave) -> mentions
    for i, code in enumerate(codes.tolist()):
        kind, text = TYPES[code // size], strings[code % size]
        title, name = titled_full_name(text) if kind == "PER" else ("", "")
        key = entity_key(name or text, kind, vocabulary)
        if not key or junk_key(key, kind):
            continue
        if title:
            keys.titles.setdefault(key, set()).add(title)
        found.append((i, kind, key))
        typed[key, kind] += int(pair_rows[i])
    for i, kind, key in found:
        if kind in NAME_TYPES and spelled_acronym(key):
            kind = "ORG"
        elif kind in ("PER", "MISC") and gazetteer_place(key) and _placed_by_tagger(key, typed):
            kind = "LOC"  # الإمارات العربية المتحدة, بيونغ يانغ: a place the gazetteer knows by its full name
        elif kind == "MISC" and not (key := event_core(key)):
            continue
        pair_kind[i], pair_key[i] = TYPES.index(kind), keys.number(key)
    return pair_kind[pair_of_row], pair_key[pair_of_row]


def _placed_by_tagger(key: str, typed: Counter[tuple[str, str]]) -> bool:
    """Whether the archive's tagging lets the gazetteer make `key` a place: always for a name of
    several words, for one word where PLACE_EVIDENCE of its mentions were tagged a place."""
    if " " in key:
        return True
    every = sum(typed[key, kind] for kind in NAME_TYPES)
    return typed[key, "LOC"] >= PLACE_EVIDENCE * every


_EVENT_HEADS = frozenset(normalize(w) for w in ("بطولة", "البطولة", "نهائيات", "منافسات"))
"""Words that say a name is a competition, or its last stage, without being part of it (بطولة كأس
العالم, نهائيات كأس العالم); not تصفيات, the qualifiers, another contest."""
_WORLD_CUP = normalize("كأس العالم").split()
_MUNDIAL = frozenset(normalize(w) for w in ("مونديال", "المونديال"))
"""The loanword for the World Cup: مونديال 2018 is كأس العالم 2018, مونديال الأندية its clubs' cup."""
_CONSTRUCT_HEADS = frozenset(normalize(w) for w in ("كأس", "جائزة", "بطولة", "دوري", "مسابقة"))
"""Nouns an event's name never ends with bare: they need what follows (كأس العالم, جائزة نوبل)."""
_DEFAULT_SPORT = normalize("لكرة القدم").split()
"""The sport a competition is of when none is named: its naming adds nothing (كأس العالم لكرة القدم)."""


def event_core(key: str) -> str:
    """The key of an event's name without what only describes it, where two words or more are
    left: the word "championship" before it, "of football" after it, and the place it is held
    in (بطولة كأس العالم 2018 لكرة القدم بروسيا → كاس العالم 2018); the World Cup by either name
    (مونديال 2018 → كاس العالم 2018). Other sports stay (كأس العالم لكرة اليد is another cup)."""
    words = key.split()
    if words and words[0] in _MUNDIAL:
        words[:1] = _WORLD_CUP
    elif len(words) > 1 and words[1] in _MUNDIAL and words[0] in _EVENT_HEADS:
        words[1:2] = _WORLD_CUP
    if words[2:4] == _WORLD_CUP == words[:2]:
        del words[:2]  # مونديال كأس العالم: the name said twice
    if len(words) > 3 and words[-1].startswith("ب") and known_place(words[-1][1:]):
        words.pop()
    if len(words) > len(_DEFAULT_SPORT) + 1 and words[-len(_DEFAULT_SPORT) :] == _DEFAULT_SPORT:
        del words[-len(_DEFAULT_SPORT) :]
    if len(words) > 2 and words[0] in _EVENT_HEADS:
        words.pop(0)
    while len(words) > 1 and words[-1] in _CONSTRUCT_HEADS:
        words.pop()  # بطولة كأس: a span cut before what the cup is of
    if len(words) == 1 and words[0] in _EVENT_HEADS | _CONSTRUCT_HEADS:
        return ""
    return " ".join(words)


def _acronym_letters(key: str) -> str:
    """The Latin letters a key is (fbi → FBI, بي بي سي → BBC), or ""."""
    if key.isascii():
        return key.upper() if key.replace(" ", "").isalnum() and any(c.isalpha() for c in key) else ""
    return spelled_letters(key)


def _settle_guessed_acronyms(
    row_kind: npt.NDArray[np.int8], row_key: npt.NDArray[np.int64], confidences: npt.NDArray[np.uint8], keys: _Keys
) -> npt.NDArray[np.int64]:
    """An acronym whose type was a guess (confidence 0: SMS, or FBI with nothing around it that
    says what it is) takes the entity the archive gives the same letters where a text said what
    they name (مكتب التحقيقات الفيدرالي (FBI), بي بي سي spelled out, قناة MBC): the one named so
    in most rows, which the other names of those letters with its type join too. Letters the
    archive never explains (SMS, USB: a gloss, a device, a format) are left out of the table
    (row_key -1). Changed in place; returns the rows settled into an entity."""
    none = np.zeros(0, dtype=np.int64)
    if not len(row_key):
        return none
    letters: dict[int, str] = {}
    for number in np.unique(row_key[row_key >= 0]).tolist():
        if found := _acronym_letters(keys.names[number]):
            letters[number] = found
    if not letters:
        return none
    lettered = members(row_key, np.fromiter(letters, dtype=np.int64))
    guessed = lettered & (confidences == 0)
    explained: dict[str, Counter[tuple[int, int]]] = {}
    told = lettered & ~guessed
    codes, counts = np.unique(row_kind[told].astype(np.int64) * len(keys.names) + row_key[told], return_counts=True)
    for code, count in zip(codes.tolist(), counts.tolist(), strict=True):
        kind, number = divmod(code, len(keys.names))
        explained.setdefault(letters[number], Counter())[(kind, number)] += count
    for told_of in explained.values():  # BBC after موقع and بي بي سي: one organisation
        (top_kind, owner), _ = told_of.most_common(1)[0]
        for kind, number in told_of:
            if kind == top_kind and number != owner:
                row_key[told & (row_key == number) & (row_kind == kind)] = owner
    settled: list[np.ndarray] = [none]
    for number in np.unique(row_key[guessed]).tolist():
        rows = np.flatnonzero(guessed & (row_key == number))
        named = explained.get(letters[number])
        if named:
            (kind, owner), _ = named.most_common(1)[0]
            row_kind[rows], row_key[rows] = kind, owner
            settled.append(rows)
        else:
            row_kind[rows], row_key[rows] = -1, -1
    return np.concatenate(settled)


def _resolve_people_in_articles(
    docs: npt.NDArray[np.int32], row_kind: npt.NDArray[np.int8], row_key: npt.NDArray[np.int64], keys: _Keys
) -> tuple[dict[str, Counter[str]], dict[tuple[int, str], frozenset[str]]]:
    """Give each person row the key of the name it stands for in its article (row_key is
    changed in place); returns, for each bare surname, the full names it stood for, and the
    (article, titled given name) pairs where it begins the names of several people (_settle_titled)."""
    people = np.flatnonzero(row_kind == TYPES.index("PER"))
    full = np.array([" " in k for k in keys.names] or [False], dtype=bool)
    full_rows = people[full[row_key[people]]]
    full_keys, full_articles = articles_named(row_key[full_rows], docs[full_rows])
    named = {keys.names[k]: n for k, n in zip(full_keys.tolist(), full_articles.tolist(), strict=True)}
    dominant = _dominant_full_names(named)
    established = {key for key, n in named.items() if n >= TITLED_OWNER_ARTICLES}
    titled_givens = {(title, key.split()[0]) for key in established for title in keys.titles.get(key, ())}
    surname_owners: dict[str, Counter[str]] = {}
    unsettled: dict[tuple[int, str], frozenset[str]] = {}
    for rows in _article_runs(people, docs):
        found = Counter(keys.names[k] for k in row_key[rows].tolist())
        if len(found) < 2:
            continue
        canonical, several = _article_people(found, dominant, established, keys.titles, titled_givens)
        for key, names in several.items():
            unsettled[int(docs[rows[0]]), key] = names
        for row in rows.tolist():
            key = keys.names[row_key[row]]
            resolved = canonical.get(key, key)
            if resolved != key:
                if " " not in key or titled_given_name(key):
                    surname_owners.setdefault(key, Counter())[resolved] += 1
                row_key[row] = keys.number(resolved)
    return surname_owners, unsettled


def _article_runs(rows: npt.NDArray[np.int64], docs: npt.NDArray[np.int32]) -> Iterator[npt.NDArray[np.int64]]:
    """`rows` (in article order) an article at a time: one view at a time, where np.split made a
    million arrays at once."""
    if not len(rows):
        return
    bounds = np.concatenate(([0], np.flatnonzero(np.diff(docs[rows])) + 1, [len(rows)]))
    for first in range(0, len(bounds) - 1, RUNS_AT_ONCE):  # a few Python ints at a time, not one a article
        chunk = bounds[first : first + RUNS_AT_ONCE + 1].tolist()
        for start, stop in zip(chunk, chunk[1:], strict=False):
            yield rows[start:stop]


RUNS_AT_ONCE = 65_536
"""Articles whose bounds `_article_runs` turns into Python ints at once."""


def _articles_by_key(keys: npt.NDArray[np.int64], docs: npt.NDArray[np.int32]) -> Counter[int]:
    """How many distinct articles each key is named in, from each row's key and article."""
    numbers, articles = articles_named(keys, docs)
    return Counter(dict(zip(numbers.tolist(), articles.tolist(), strict=True)))


def _name_parts(names: list[str], kind: str = "ORG") -> dict[str, set[str]]:
    """Each shorter name that stands for part of longer ones, and the longer names: the first
    or last word of an organisation's name (مانشستر of مانشستر يونايتد and مانشستر سيتي, يونايتد)
    or its last two, the first without the article (سان جرمان of باريس سان جرمان; الدول العربية,
    المقاومة الإسلامية are phrases, no body's),
    unless it only says what kind of body it is (حزب, تنظيم, الاتحاد), the first word of a
    place's (ريو of ريو دي جانيرو, سيدي of سيدي بوزيد: the last is often a place of its own) unless
    it has the article (الولايات, المدينة, الجزيرة: common nouns far more often than short forms), and
    the words an organisation's name begins with where they only say what kind of body it is
    (named_by_kind: البنك المركزي of البنك المركزي التونسي, الاتحاد الدولي of الاتحاد الدولي لكرة
    القدم; never الاتحاد الأوروبي, a body of its own), and any two letters of spelled letters
    (بي سي of بي بي سي): three are an acronym of their own (إن بي سي, NBC, is no piece of CNBC)."""
    parts: dict[str, set[str]] = {}
    city_keys = _cities_shown()
    for name in names:
        words = name.split()
        if len(words) < 2 or name in city_keys:
            continue  # عمان (الاردن), Amman, is no longer name holding عمان, Oman (corpus.entities.homonyms)
        ends = {words[0], words[-1]} if kind == "ORG" else {words[0]} - {w for w in words[:1] if w.startswith("ال")}
        for word in ends - ORG_TRIGGERS - GENERIC_WORDS:
            if not place_adjective(without_article(word)):  # السعودي of الاتحاد السعودي names no club
                parts.setdefault(word, set()).add(name)
        if kind == "ORG" and len(words) > 2 and not words[-2].startswith("ال") and not named_by_kind(words[-2:]):
            parts.setdefault(" ".join(words[-2:]), set()).add(name)  # سان جرمان; never الدول العربية, a phrase
        if kind == "ORG":
            for size in range(2, len(words)):
                if named_by_kind(words[:size]):  # البنك المركزي of البنك المركزي التونسي; never الاتحاد الأوروبي
                    parts.setdefault(" ".join(words[:size]), set()).add(name)
        if spelled_acronym(name) and len(words) > 2:
            for start in range(len(words) - 1):
                parts.setdefault(" ".join(words[start : start + 2]), set()).add(name)
    return parts


def _resolve_parts_of_names(
    docs: npt.NDArray[np.int32], row_kind: npt.NDArray[np.int8], row_key: npt.NDArray[np.int64], keys: _Keys
) -> None:
    """Organisations and places written in part (see _resolve_parts_of_kind)."""
    for kind in ("ORG", "LOC"):
        _resolve_parts_of_kind(kind, docs, row_kind, row_key, keys)


def _resolve_parts_of_kind(
    kind: str,
    docs: npt.NDArray[np.int32],
    row_kind: npt.NDArray[np.int8],
    row_key: npt.NDArray[np.int64],
    keys: _Keys,
) -> None:
    """Give an organisation written in part (مانشستر, بي سي) the key of the one longer name it
    is part of in its article (row_key is changed in place). Where its article names none or
    several, it joins the longer name holding at least SURNAME_SHARE of the articles naming any
    that holds it (بي سي → بي بي سي, a piece of the tagger's), when it is spelled letters or the
    longer names are named in more articles than it is alone, counting its other spellings (a
    short form, not a name of its own like برشلونة, or جوجل, written غوغل too, of جوجل بلس) and,
    for an organisation, it is no place the gazetteer knows (واشنطن of
    واشنطن بوست, ميونيخ; بن قردان, a town, of إتحاد بن قردان);
    such a short form that two big longer names share names nothing (مانشستر, part of two
    clubs) and is dropped. A generic beginning (البنك المركزي) is only ever joined in its
    article. A place's piece does all this only where the longer places are named in as many
    articles as it is (ريو, كوريا): القدس, named far more alone, stays itself
    beside القدس الشرقية; and one the gazetteer knows as a place is never dropped (الجزيرة of
    الجزيرة العربية and الجزيرة الكورية is also islands, and the channel the tagger took for a place)."""
    rows = np.flatnonzero(row_kind == TYPES.index(kind))
    if not len(rows):
        return
    present = distinct(row_key[rows])
    parts = _name_parts([keys.names[k] for k in present.tolist()], kind)
    wanted = {keys.numbers[part] for part in parts if part in keys.numbers} & set(present.tolist())
    if not wanted:
        return
    containers = {number: {keys.numbers[name] for name in parts[keys.names[number]]} for number in wanted}
    if kind == "LOC":
        containers = _mostly_of_kind(containers, rows, row_key)
    articles = _articles_by_key(row_key[rows], docs[rows])
    if kind == "LOC":
        wanted = {part for part in wanted if sum(articles[c] for c in containers[part]) >= articles[part]}
    holders = {
        part: {c for c in containers[part] if articles[c] >= SURNAME_EVIDENCE * articles[part]} for part in wanted
    }
    """A name the archive uses in ten times as many articles as a longer name holding it
    (الفيفا, one article of "مكدونالدز الفيفا") is no piece of that one even in its article: the
    longer one is two names run together, and would carry the big one's mentions off."""
    own_names = {
        part
        for part in wanted
        if kind == "ORG"
        and not spelled_acronym(keys.names[part])
        and not named_by_kind(keys.names[part].split())
        and 2 * sum(articles[c] for c in holders[part]) < articles[part]
    }
    """Organisations named in over twice as many articles as the longer names holding them
    together (غوغل beside غوغل بلاي, توتنهام beside توتنهام هوتسبير): names of their own, even
    beside the longer one (Google, in an article on Google Play); never a generic beginning
    (البنك المركزي), which stands for its article's longer name."""
    for article in _article_runs(rows, docs):
        found = set(row_key[article].tolist())
        for part in found & (wanted - own_names):
            inside = holders[part] & found
            if len(inside) == 1:
                row_key[article[row_key[article] == part]] = inside.pop()
    own = _articles_by_key(row_key[rows], docs[rows])
    kind_docs: npt.NDArray[np.int32] | None = None
    kind_keys: npt.NDArray[np.int64] | None = None
    by_sound: dict[str, list[int]] = defaultdict(list)
    for number in own:
        if " " not in keys.names[number]:
            by_sound[sound_key(keys.names[number])].append(number)
    for part in wanted:
        owner, count = max(((articles[c], c) for c in containers[part]), default=(0, -1))[::-1]
        longer = sum(articles[c] for c in containers[part])
        spelled = spelled_acronym(keys.names[part])
        if named_by_kind(keys.names[part].split()):
            continue  # البنك المركزي alone: each article's own country's bank, no one bank of the archive
        alone = own[part] + sum(
            own[other]
            for other in by_sound.get(sound_key(keys.names[part]), ())
            if other != part and spelling_variants(keys.names[part], keys.names[other], kind)
        )  # جوجل of جوجل بلس is غوغل, written so in more articles than the longer name
        if not spelled and longer < alone:
            continue  # برشلونة: a name of its own far more often than a piece of a longer one
        if count and count >= SURNAME_SHARE * longer:
            if (
                spelled or kind == "LOC" or not known_place(keys.names[part])
            ):  # واشنطن alone is the city's government, not a paper
                where = rows[row_key[rows] == part]
                if kind == "ORG" and not spelled:
                    if kind_docs is None or kind_keys is None:  # the rows as they stand, each article resolved
                        kind_docs, kind_keys = docs[rows], row_key[rows]
                    where = _in_owners_context(where, owner, part, docs, kind_docs, kind_keys, articles)
                row_key[where] = owner
        elif (
            not spelled
            and _two_big_names(containers[part], articles)
            and not (kind == "LOC" and known_place(keys.names[part]))
        ):
            row_key[rows[row_key[rows] == part]] = -1  # مانشستر: a piece of two clubs, named for neither


def _in_owners_context(
    where: npt.NDArray[np.int64],
    owner: int,
    part: int,
    docs: npt.NDArray[np.int32],
    kind_docs: npt.NDArray[np.int32],
    kind_keys: npt.NDArray[np.int64],
    articles: Counter[int],
) -> npt.NDArray[np.int64]:
    """Of an organisation's piece written where no longer name holding it is (rows `where`),
    those to give to its `owner`: the rows of articles that name an organisation of the owner's
    context (named CONTEXT_LIFT times more often in the owner's articles than in the archive at
    large), as a person's bare surname is given (corpus.entities.resolution): فرانس of "فرانس 24",
    فيلا (a villa) and الجهاد (the word) name no فرانس برس, أستون فيلا or الجهاد الإسلامي. All of
    them where the piece is in the owner's context in IN_CONTEXT of its articles, or too few
    articles tell (BARE_ARTICLES), or the archive is about the owner. `kind_docs` and `kind_keys`
    are the organisations' rows' articles (ascending) and keys, as they stood when the first piece
    was weighed; `articles` each key's article count. The owner's articles take one pass over the
    organisations' rows; the names of those and of the piece's articles are read a range an article."""
    alone = distinct(docs[where])
    owned = distinct(kind_docs[kind_keys == owner])
    span = int(docs[-1]) + 1 if len(docs) else 1  # the archive's articles: docs are in article order
    if len(alone) < BARE_ARTICLES or len(owned) < max(BARE_ARTICLES, len(alone) / 2) or len(owned) * TOLD_APART > span:
        return where
    inside = _rows_in(kind_docs, owned)
    near, counts = articles_named(kind_keys[inside], kind_docs[inside])
    everywhere = np.array([articles[key] for key in near.tolist()], dtype=np.float64)
    lifted = (counts >= 2) & (counts / len(owned) >= CONTEXT_LIFT * everywhere / span)
    context = near[lifted & (near != owner) & (near != part) & (near >= 0)]
    if not len(context):
        return where
    around = _rows_in(kind_docs, alone)
    held = distinct(kind_docs[around[members(kind_keys[around], context)]])
    if len(held) >= IN_CONTEXT * len(alone):
        return where
    kept: npt.NDArray[np.int64] = where[members(docs[where], held)]
    return kept


def _rows_in(kind_docs: npt.NDArray[np.int32], docs: npt.NDArray[np.integer]) -> npt.NDArray[np.int64]:
    """The positions in `kind_docs` (ascending) of the rows of the articles `docs` (ascending, distinct)."""
    low = np.searchsorted(kind_docs, docs, side="left")
    return range_positions(low, np.searchsorted(kind_docs, docs, side="right") - low)


ALIAS_ARTICLES = 3
ALIAS_SHARE = 0.1
"""Two organisations are one where at least ALIAS_ARTICLES articles, and ALIAS_SHARE of the
articles of the less named one, write one as the other's name in brackets (see _bracket_aliases)."""
ALIAS_LONGER = 10
"""...unless the name before the brackets is named in more than this many times the articles of
the one in them, and the brackets follow it in few of its articles: that name is then a piece of
a longer one the brackets shorten (منظمة الأغذية والزراعة التابعة للأمم المتحدة (الفاو): the United
Nations, 3,096 articles, 39 of them so, is no FAO, 40)."""


def _unlink_pieces(
    strings: list[str],
    texts: npt.NDArray[np.int32],
    linked: npt.NDArray[np.int64],
    docs: npt.NDArray[np.int32],
    row_key: npt.NDArray[np.int64],
    vocabulary: NameWords,
    keys: _Keys,
) -> None:
    """An organisation written before a shorter name in brackets (rows `linked`) is keyed as
    that name (the text says they are one); not where the name before the brackets is named in
    ALIAS_LONGER times the articles of the one in them and the brackets follow it in under
    ALIAS_SHARE of its articles: it is a piece of a longer name that the brackets shorten, and
    keeps its own key (row_key is changed in place)."""
    if not len(linked):
        return
    valid = row_key >= 0
    articles = articles_each(row_key[valid], docs[valid], len(keys.names))
    own_keys: dict[int, int] = {}
    for text in np.unique(texts[linked]).tolist():
        own_keys[text] = keys.numbers.get(entity_key(strings[text], "ORG", vocabulary), -1)
    owns = np.array([own_keys[int(text)] for text in texts[linked]], dtype=np.int64)
    size = len(keys.names)
    pairs = owns * size + row_key[linked]
    bracketed = _articles_by_key(pairs, docs[linked])  # (own, alias) -> articles
    for row, own, pair in zip(linked.tolist(), owns.tolist(), pairs.tolist(), strict=True):
        alias = int(row_key[row])
        if (
            own >= 0
            and articles[own] > ALIAS_LONGER * articles[alias]
            and bracketed[pair] < ALIAS_SHARE * articles[own]
        ):
            row_key[row] = own


def _bracket_aliases(
    strings: list[str],
    texts: npt.NDArray[np.int32],
    links: npt.NDArray[np.int32],
    docs: npt.NDArray[np.int32],
    row_kind: npt.NDArray[np.int8],
    row_key: npt.NDArray[np.int64],
    vocabulary: NameWords,
    keys: _Keys,
) -> Counter[tuple[str, str, str]]:
    """(type, key as written, key of the name it is linked to) of each organisation written with
    a shorter name in brackets after it, or an acronym's expansion (الاتحاد الدولي لكرة القدم
    (فيفا), مكتب التحقيقات الفيدرالي (FBI)), by the number of articles that write it so; neither
    a generic name (generic_organisation: البنك المركزي (ساما) names no one bank everywhere), nor
    a piece of a longer name the brackets shorten (see _unlink_pieces)."""
    found: Counter[tuple[str, str, str]] = Counter()
    linked = np.flatnonzero((links >= 0) & (row_key >= 0) & (row_kind == TYPES.index("ORG")))
    _unlink_pieces(strings, texts, linked, docs, row_key, vocabulary, keys)  # then keyed as their own name
    pairs = texts[linked].astype(np.int64) * len(keys.names) + row_key[linked]
    once_an_article = np.unique(np.column_stack([pairs, docs[linked]]), axis=0)[:, 0]
    codes, counts = np.unique(once_an_article, return_counts=True)
    for code, count in zip(codes.tolist(), counts.tolist(), strict=True):
        text, alias = divmod(code, len(keys.names))
        own = entity_key(strings[text], "ORG", vocabulary)
        if (
            own
            and own != keys.names[alias]
            and not generic_organisation(own)
            and not generic_organisation(keys.names[alias])
        ):
            found["ORG", own, keys.names[alias]] += count
    return found


def _alias_pairs(aliases: Counter[tuple[str, str, str]], candidates: Sequence[Candidate]) -> list[tuple[int, int]]:
    """The candidates each alias written often enough (ALIAS_ARTICLES, ALIAS_SHARE) makes one."""
    number = {(c.type, c.key): n for n, c in enumerate(candidates)}
    pairs: list[tuple[int, int]] = []
    for (kind, own, alias), count in aliases.items():
        a, b = number.get((kind, own)), number.get((kind, alias))
        if a is None or b is None:
            continue
        fewest = min(len(candidates[a].docs), len(candidates[b].docs))
        if count >= ALIAS_ARTICLES and count >= ALIAS_SHARE * fewest:
            pairs.append((a, b))
    return pairs


def _mostly_of_kind(
    containers: dict[int, set[int]], rows: npt.NDArray[np.int64], row_key: npt.NDArray[np.int64]
) -> dict[int, set[int]]:
    """The longer names that `rows` (one type's) hold in TYPE_MAJORITY of their mentions: a place's
    piece never joins a name mostly of another type (سانتياغو of the stadium سانتياغو برنابيو, MISC),
    whose type the archive's vote would then lose."""
    wanted = np.fromiter({c for held in containers.values() for c in held}, dtype=np.int64)
    valid = row_key[row_key >= 0]
    every = Counter(valid[members(valid, wanted)].tolist())
    own = Counter(row_key[rows][members(row_key[rows], wanted)].tolist())
    return {part: {c for c in held if own[c] >= TYPE_MAJORITY * every[c]} for part, held in containers.items()}


def _two_big_names(containers: set[int], articles: Counter[int]) -> bool:
    """Whether at least two of the longer names holding a piece are each named in
    SURNAME_MIN_ARTICLES articles and a quarter of theirs (مانشستر يونايتد, مانشستر سيتي): the
    piece is then ambiguous, not a name written more or less fully (أرسنال, نادي أرسنال)."""
    total = sum(articles[c] for c in containers)
    big = [c for c in containers if articles[c] >= max(SURNAME_MIN_ARTICLES, (1 - SURNAME_SHARE) * total)]
    return len(big) >= 2


_DESCRIPTIONS = frozenset(normalize(w) for w in "تنظيم جماعة ميليشيا ميليشيات مليشيا مليشيات منظمة حلف".split())
"""Words that say what kind of group a name is without being part of it (تنظيم داعش is داعش).
Not نادي: a club is often named as its city (نادي الرياض is no الرياض)."""
_TRAILING_DESCRIPTIONS = frozenset(
    normalize(w) for w in "الإرهابي الإرهابية المحظور المحظورة المتطرف المتطرفة للأنباء".split()
)
"""Words after a name that say what the writer thinks of the body or what it does, without being
part of its name (تنظيم داعش الإرهابي is تنظيم داعش, رويترز للأنباء رويترز)."""
DESCRIBED_SHARE = 0.25
"""The name without its description joins only when the archive names it alone as an
organisation in at least this share as many articles as with it."""


_INTERNATIONAL = frozenset(normalize(w) for w in ("الدولي", "الدولية"))
"""An adjective that may say an organisation of two words or more is international without
being part of its name (مجلس الأمن الدولي; البنك الدولي is no البنك, and جامعة فلوريدا الدولية no
جامعة فلوريدا: see _written_together)."""


def _written_together(
    one: int, other: int, rows: npt.NDArray[np.int64], row_key: npt.NDArray[np.int64], docs: npt.NDArray[np.int32]
) -> bool:
    """Whether two keys are named beside the same others (cosine of the names in their articles
    at least CONTEXT_SIMILAR, the test spelling variants pass): مجلس الأمن and مجلس الأمن الدولي
    beside سوريا, روسيا, الأمم المتحدة; جامعة فلوريدا and جامعة فلوريدا الدولية each beside its own.
    `docs` is in article order, so an article's rows are read as one range, not by a pass over all."""

    def around(key: int) -> Counter[int]:
        articles = np.unique(docs[rows[row_key[rows] == key]])
        starts = np.searchsorted(docs, articles, side="left")
        near = row_key[range_positions(starts, np.searchsorted(docs, articles, side="right") - starts)]
        profile = Counter(near[near >= 0].tolist())
        profile.pop(one, None)
        profile.pop(other, None)
        return profile

    return cosine(around(one), around(other)) >= CONTEXT_SIMILAR


def _join_described_names(
    docs: npt.NDArray[np.int32], row_kind: npt.NDArray[np.int8], row_key: npt.NDArray[np.int64], keys: _Keys
) -> None:
    """Give an organisation written after a word that only describes it (تنظيم داعش, جماعة
    الحوثي, منظمة أوبك, حلف الناتو) the key of the name alone, when the archive names that alone as
    an organisation often enough (DESCRIBED_SHARE); and one written before "international" the
    key of the name without it where the two are written in the same articles (مجلس الأمن
    الدولي): one body, one entity (row_key is changed in place)."""
    rows = np.flatnonzero(row_kind == TYPES.index("ORG"))
    if not len(rows):
        return
    seen = dict(_articles_by_key(row_key[rows], docs[rows]))
    moved: dict[int, int] = {}
    for number, count in list(seen.items()):
        words = keys.names[number].split()
        bare = (
            keys.numbers.get(" ".join(words[:-1])) if len(words) > 1 and words[-1] in _TRAILING_DESCRIPTIONS else None
        )
        if bare is not None and seen.get(bare, 0) >= DESCRIBED_SHARE * count:
            moved[number] = bare  # تنظيم داعش الإرهابي: تنظيم داعش, and then داعش where that goes
            continue
        head, _, rest = keys.names[number].partition(" ")
        alone = keys.numbers.get(rest)
        if head in _DESCRIPTIONS and alone is not None and seen.get(alone, 0) >= DESCRIBED_SHARE * count:
            moved[number] = alone
            continue
        shorter = keys.numbers.get(" ".join(words[:-1])) if len(words) > 2 and words[-1] in _INTERNATIONAL else None
        if shorter is not None and shorter in seen and _written_together(number, shorter, rows, row_key, docs):
            moved[number] = shorter  # مجلس الأمن الدولي is مجلس الأمن
    for number in moved:
        target = moved[number]
        for _ in range(len(moved)):  # a chain of descriptions: to its end
            if target not in moved:
                break
            target = moved[target]
        row_key[rows[row_key[rows] == number]] = target


def _candidates(
    valid: npt.NDArray[np.int32],
    docs: npt.NDArray[np.int32],
    kinds: npt.NDArray[np.int8],
    row_keys: npt.NDArray[np.int64],
    keys: _Keys,
) -> tuple[list[Candidate], npt.NDArray[np.int32]]:
    """One candidate per (type, key) with its articles and mention count, and the candidate of
    each of the rows `valid`. The (type, key) codes are counted and numbered a block of rows at
    a time: no row-long int64 column (160 MB at a million articles)."""
    size = max(1, len(keys.names))
    blocks = [valid[start : start + PAIR_BLOCK] for start in range(0, len(valid), PAIR_BLOCK)]
    seen = np.zeros(len(TYPES) * size, dtype=np.int64)  # (type, key) codes: a block of rows at a time
    for block in blocks:
        seen += np.bincount(paired(kinds[block], size, row_keys[block]), minlength=len(seen))
    codes = np.flatnonzero(seen)
    del seen
    number = np.full(len(TYPES) * size, -1, dtype=np.int32)
    number[codes] = np.arange(len(codes), dtype=np.int32)
    candidate_of = np.empty(len(valid), dtype=np.int32)  # 4 bytes a row while the archive is resolved
    at = 0
    for block in blocks:
        candidate_of[at : at + len(block)] = number[paired(kinds[block], size, row_keys[block])]
        at += len(block)
    del number, blocks
    span = int(docs.max(initial=0)) + 1
    pairs = distinct(paired(candidate_of, span, docs[valid]), in_place=True)
    bounds = np.searchsorted(pairs, np.arange(len(codes) + 1, dtype=np.int64) * span).tolist()
    pairs %= span
    named = pairs.astype(np.int32)  # each candidate's articles, sorted, one run after another
    del pairs
    sizes = tally(candidate_of, len(codes)).tolist()
    candidates = [
        Candidate(TYPES[code // size], keys.names[code % size], Docs.sorted(named[bounds[i] : bounds[i + 1]]), sizes[i])
        for i, code in enumerate(codes.tolist())
    ]
    return candidates, candidate_of


def _names(
    roots: npt.NDArray[np.integer],
    texts: npt.NDArray[np.int32],
    strings: list[str],
    vocabulary: NameWords,
    kinds: list[str],
) -> dict[int, str]:
    """Each entity's name (by its root candidate, whose type `kinds` gives) from the written forms
    of its mentions."""
    size = max(1, len(strings))
    codes, counts = counted(paired(roots, size, texts))  # (root, text) of each row as one number
    forms: dict[int, Counter[tuple[str, str, str]]] = {}
    plain: dict[int, set[str]] = {}
    written: dict[int, tuple[str, str, str]] = {}
    for code, count in zip(codes.tolist(), counts.tolist(), strict=True):
        root, text = divmod(code, size)
        if text not in written:
            written[text] = written_forms(strings[text], vocabulary)
        forms.setdefault(root, Counter())[written[text]] += count
        plain.setdefault(root, set()).add(written[text][-1])
    return {root: choose_name(_attested(found, plain[root], vocabulary), kinds[root]) for root, found in forms.items()}


def _attested(forms: Counter[tuple[str, str, str]], plain: set[str], vocabulary: NameWords) -> Counter[str]:
    """Each mention's name as written on its own (see `written_forms`): a one-word name as
    `written_form` strips it (لماكرون → ماكرون); a longer one stripped of its clitics where another
    mention of the entity writes it so, what is left begins as no clitic-led word does (see
    `_surely_stripped`) or begins ten times as many names of the archive (ليوسف → يوسف), else of
    a leading conjunction only, else as written:
    كريم بنزيمة is never ك + ريم بنزيمة when no mention writes ريم بنزيمة, however many names begin
    with ريم, and لجين الأحمدي keeps its ل."""
    out: Counter[str] = Counter()
    for (stripped, conjunction, written), count in forms.items():
        if " " not in written or stripped in plain or _read_off_surely(stripped, written, vocabulary):
            out[stripped] += count
        else:
            out[conjunction or written] += count
    return out


def _read_off_surely(stripped: str, written: str, vocabulary: NameWords) -> bool:
    """Whether the clitics read off a name of several words surely were clitics: what is left
    begins as no clitic-led word does, or begins ten times as many names of the archive."""
    left = normalized_form(stripped).split()[0]
    return _surely_stripped(left) or vocabulary.begins_far_more(left, normalized_form(written).split()[0])


def _surely_stripped(first: str) -> bool:
    """Whether a name's first word, once a clitic is read off it, is surely no word the clitic
    belongs to: it begins with the article (للعلوم → العلوم) or with عبد (لعبدالرحيم), or it is an
    organisation's or a competition's head (بجامعة → جامعة, لبطولة → بطولة)."""
    return first.startswith(("ال", "عبد")) or first in ORG_TRIGGERS or first in _CONSTRUCT_HEADS


_DANGLING = (LINEAGE - {"ام"}) | {"عبد", "و"}
"""Words a name never ends with: a span cut before the family or father it names (… آل, which
normalizes as the article written alone does: البطولة العربية الـ 20 ends there too)."""


def written_form(text: str, vocabulary: NameWords) -> str:
    """A mention as a name is written on its own: marks dropped, a leading conjunction or
    preposition removed, the article kept (وبالرياض → الرياض, للسعودية → السعودية)."""
    return written_forms(text, vocabulary)[0]


def written_forms(text: str, vocabulary: NameWords) -> tuple[str, str, str]:
    """`written_form`; the mention stripped of a leading conjunction only, where its clitics
    begin with one ("" otherwise: وكريم بنزيمة → كريم بنزيمة); and the mention as written (marks
    dropped, nothing stripped)."""
    plain = unmarked(text).strip()
    words = plain.split()
    while len(words) > 1 and normalized_form(words[-1]) in _DANGLING:
        words.pop()
    written = " ".join(words) if words else plain
    normalized = [normalized_form(w) for w in words]
    prefix = _leading_prefix(normalized, vocabulary) or _letter_clitic(normalized) if words else ""
    if not prefix or len(normalized[0]) != len(words[0]):
        return written, "", written
    rest = "".join(f" {word}" for word in words[1:])
    conjunction = without_proclitic(words[0], prefix[0]) + rest if prefix[0] in "وف" else ""
    return without_proclitic(words[0], prefix) + rest, conjunction, written


def _letter_clitic(words: list[str]) -> str:
    """The conjunction or preposition joined to the first letter of a spelled acronym (the ل of
    لبي بي سي), or ""."""
    first = words[0] if words else ""
    if len(words) < 2 or first in LETTER_NAMES or not all(w in LETTER_NAMES for w in words[1:]):
        return ""
    return letter_clitic(first) or ""


def choose_name(forms: Counter[str], kind: str = "MISC") -> str:
    """The most frequent complete written form: among forms frequent enough (at least
    NAME_SHARE of the mentions: a one-off span never names a popular entity), the one with
    the most words (a compound part written apart, عبد الله, counted as the one word it is;
    written apart preferred where the names are as long; an event's describing words not
    counted), then the most used."""
    total = sum(forms.values())
    frequent = [f for f, c in forms.items() if c >= NAME_SHARE * total]
    chosen = max(frequent, key=lambda f: (*_name_words(f, kind), len(f.split()), forms[f], f))
    return chosen.replace("_", " ")  # a name only hashtags write: إيمانويل_ماكرون shown as its words


def _name_words(form: str, kind: str) -> tuple[int, int]:
    """How many words a written name has once compound parts are joined (عبد الله بن عبد العزيز:
    three) and, in an event's (MISC), words that only describe it are left out (بطولة كأس
    العالم: two), and, negated, how many such describing words it has (fewer first). An
    organisation keeps its sport (الاتحاد السعودي لكرة القدم)."""
    key = normalized_form(form)
    words = (event_core(key) if kind == "MISC" else key).split()
    if kind == "ORG" and len(words) > 1 and words[-1] in _TRAILING_DESCRIPTIONS:
        words = words[:-1]  # تاس للأنباء is named تاس
    return len(words) - sum(1 for word in words[:-1] if word in JOINED_NAME_PARTS), min(
        0, len(words) - len(key.split())
    )


NAME_SHARE = 0.1


def article_entities(text: str, doc: Doc = 0) -> list[Entity]:
    """The entities of one article's text, grouped; their mentions carry `doc` as the article."""
    return group_mentions([(doc, m) for m in article_mentions(text)])
