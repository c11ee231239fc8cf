"""One entity per real-world name across the archive: types agreed, spelling variants, longer
forms of a name, surnames and bare given names.

Every decision here rests on evidence counted over the archive, never on a list of names:

- **Type**: a name tagged with one type in at least TYPE_MAJORITY of its mentions takes that
  type everywhere (أوباما, a person the tagger sometimes calls an organisation), except a place
  and an organisation named alike where the smaller holds PLACE_AND_BODY_SHARE of the mentions
  (a region and its newspaper, الشرق الأوسط; a city and its club): they stay two.
- **Spelling variants** (ترامب/ترمب, بوتين/بوتن, غوتيريش/جوتيريش, الفيفا/فيفا): same type and
  number of words, and each pair of words equal with or without the article, once letters
  are folded to sound classes (a given name's خ/ج too: سيرخيو/سيرجيو), one long vowel apart or, in a person's
  given name, one written as another (ميشال/ميشيل); and the two are named with the same other
  entities (cosine of their co-occurrence profiles at least CONTEXT_SIMILAR). محمد صلاح and محمد
  صالح differ by more than one vowel, so they never meet.
- **Longer forms**: a person's name extended by more of its lineage (محمد بن سلمان بن عبدالعزيز,
  after بن، آل ...) joins the shorter full name it begins with (two words at least); of
  extensions naming different parents, only the one most of their articles name.
- **Surnames**: a one-word person name joins the full name that ends with it when that full
  name holds at least SURNAME_SHARE of the articles naming any full name ending with it, in
  the archive or resolved inside articles, and that evidence is not a stray few against a
  word used everywhere (بوتين → فلاديمير بوتين; المالكي, shared by several people, stays apart).
- **Official names**: a place named with the words a state's official name adds (المملكة العربية
  السعودية, الإمارات العربية المتحدة, الولايات المتحدة الأمريكية) is the place the rest names
  (السعودية, الإمارات, الولايات المتحدة), where the rest is a place of the archive and not
  itself only such words (المملكة المتحدة never joins المملكة), and an adjective (العربية,
  الأمريكية) left out alone only where the rest still holds a state word (الجزيرة العربية is a
  region, not الجزيرة); a one-word rest the gazetteer does not know only where the archive names
  it in SURNAME_EVIDENCE as many articles as the official name (الولايات, "states", never does).
- **Given names**: a one-word person name used more often to begin longer names than to end
  them (محمد, عبدالله) is not a person by itself and is dropped when nothing resolved it.
- **Titled given names** (الملك سلمان, الملكة إليزابيث: corpus.entities.regal): one joins the
  full name beginning with its given name that the articles naming both give it in
  SURNAME_SHARE of them, as a bare surname joins its owner; it is dropped where those articles
  give it to several people, each in two articles or more (الأمير محمد; الملك عبدالله, the Saudi
  and the Jordanian kings), and stays a person of its own where none names it in full (الأمير
  هاري).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz.distance import Levenshtein

from corpus.disjoint_sets import DisjointSets
from corpus.entities.clubs import adjective_country, country_in_full, country_named
from corpus.entities.doc_sets import DocPairs, Docs
from corpus.entities.lexicons import GENERATIONS, person_names, places
from corpus.entities.regal import titled_given_name
from corpus.models import Doc
from corpus.text.normalization import normalize
from corpus.text.shipped import latin_name_words
from corpus.text.sounds import LONG_VOWELS, sound_form

__all__ = [
    "BARE_ARTICLES",
    "CONTEXT_LIFT",
    "IN_CONTEXT",
    "TOLD_APART",
    "LINEAGE",
    "TYPE_MAJORITY",
    "CONTEXT_SIMILAR",
    "SURNAME_SHARE",
    "Candidate",
    "cosine",
    "given_names",
    "resolve",
    "spelling_variants",
    "surname",
    "known_place",
    "without_article",
]

TYPE_MAJORITY = 0.7
PLACE_AND_BODY_SHARE = 0.15
"""A place and an organisation of one name are two where the smaller holds this share of the name's
mentions (and PLACE_AND_BODY_ARTICLES articles): the newspaper «الشرق الأوسط», a quarter of the
name's mentions, is no mention of the region; the tagger's strays are fewer (الرياض as an
organisation: 1 in 90, مكة 1 in 75)."""
PLACE_AND_BODY_ARTICLES = 5
CONTEXT_SIMILAR = 0.15
SURNAME_SHARE = 0.75
SURNAME_MIN_ARTICLES = 2
"""A full name must be named in this many articles before a bare surname joins it."""
SURNAME_EVIDENCE = 0.1
"""...and in at least this share as many articles as the bare surname: one stray span
("أردوغان الأكراد") never carries a word used in a hundred articles."""
TITLED_EVIDENCE = 0.25
"""A titled given name (الملك فهد) joins a full name only where the articles naming both give it
to that name in this share of the titled name's articles: two articles naming a governor فهد
beside a park named after the king never make the king the governor."""

LINEAGE = frozenset(("ال", "بن", "ابن", "بنت", "ابو", "ام"))
"""Normalized words that tie a name to a family or a parent (آل، بن، ابن، بنت، أبو، أم)."""

_MIN_VARIANT_LETTERS = 4
STATE_WORDS = frozenset(
    normalize(word)
    for word in "المملكة جمهورية الجمهورية دولة سلطنة إمارة العربية المتحدة الأمريكية الأميركية الاتحادية "
    "الشعبية الهاشمية الإسلامية".split()
)
"""Words a state's official name adds to the name it is known by (see resolve: official names)."""
ADJECTIVES = frozenset(normalize(word) for word in ("العربية", "الأمريكية", "الأميركية"))
"""State words that also say where a place is or what kind it is (الجزيرة العربية, the Arabian
peninsula, is not الجزيرة; المدينة الأمريكية, an American city, is not المدينة): left out
alone only from a name whose rest still holds a state word (الولايات المتحدة الأمريكية)."""
_ARAB = frozenset({normalize("العربية")})
"""What an Arab state's official name adds to a country's (جمهورية مصر العربية): مصر العربية is مصر;
American Samoa (ساموا الأمريكية) is no Samoa."""
MOVED_VOWEL_LETTERS = 6
"""The shortest word (without its article) in which a long vowel on the other side of a
consonant is a spelling, not another word (see _one_vowel_moved): الحمادي and الحامدي, الجيزة
and الجزية are two."""


@dataclass(slots=True)
class Candidate:
    """A name as keyed, with what the archive says about it."""

    type: str
    key: str
    docs: Docs = field(default_factory=Docs)
    """The articles naming it."""
    mentions: int = 0


def _one_vowel_apart(a: str, b: str) -> bool:
    """One long vowel inside the word more (بوتين, بوتن); never at its start or its end, where
    a vowel makes another word (صالح, صالحي: a nisba, another person)."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) != len(b) + 1:
        return False
    for i in range(len(a)):
        if a[:i] + a[i + 1 :] == b:
            return a[i] in LONG_VOWELS and 0 < i < len(a) - 1
    return False


def _one_vowel_moved(a: str, b: str) -> bool:
    """A long vowel on the other side of a consonant, inside a word of MOVED_VOWEL_LETTERS or more
    (أمريكا, أميركا; نتنياهو, نتينياهو); never the first or the last letter, nor in a shorter word,
    where that makes another name (صلاح, صالح; عمير, عمري; آيفون, أفيون)."""
    if len(a) != len(b) or len(a) < MOVED_VOWEL_LETTERS or a == b:
        return False
    first = next(i for i in range(len(a)) if a[i] != b[i])
    if not 0 < first < len(a) - 2 or a[first + 2 :] != b[first + 2 :]:
        return False
    pair = a[first : first + 2]
    return b[first : first + 2] == pair[::-1] and (pair[0] in LONG_VOWELS) != (pair[1] in LONG_VOWELS)


CHANGED_VOWEL_LETTERS = 5


def _one_vowel_changed(a: str, b: str) -> bool:
    """One long vowel written as another inside a word of CHANGED_VOWEL_LETTERS or more (ميشال,
    ميشيل; ستيفان, ستافان; كورنتين, كورنتان): a foreign vowel each writer hears differently; never
    the first or the last letter, nor in a shorter word (سلام, سليم; سعود, سعيد: two names).
    `spelling_variants` asks it only of a person's given name before a surname: a single word
    (آسيان, أسوان; تشونغ, تشانغ) or a place's is another name as often."""
    if len(a) != len(b) or len(a) < CHANGED_VOWEL_LETTERS:
        return False
    apart = [i for i in range(len(a)) if a[i] != b[i]]
    return len(apart) == 1 and 0 < apart[0] < len(a) - 1 and a[apart[0]] in LONG_VOWELS and b[apart[0]] in LONG_VOWELS


def _known_with_kha(x: str, y: str) -> bool:
    """Whether one of two given names is written with خ and known as a name (خليل, خالد): an
    Arabic خ, never a foreign name's g or j (سيرخيو, يواخيم, which no list of names holds)."""
    people = person_names()
    return any("خ" in word and word in people for word in (x, y))


def _two_known_names(x: str, y: str, given: bool, kind: str) -> bool:
    """Two different words both known as given names (محمد, محمود; حسن, حسين), when `given`
    (the first word of a name: a surname's foreign spellings are in the list too, بولتون,
    بولتن), or, in a name that is no person's, both as places (ألمانيا, المنيا): each a name of
    its own, never a spelling of the other."""
    people = person_names()
    if given and x in people and y in people:
        return True
    return kind != "PER" and known_place(x) and known_place(y)


def known_place(word: str) -> bool:
    """A place the gazetteer knows, written with or without the article."""
    return word in places() or "ال" + word in places()


def without_article(word: str) -> str:
    """The word without a leading article (الفيفا → فيفا), when enough is left to be a name."""
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


@lru_cache(maxsize=1 << 18)
def spelling_variants(a: str, b: str, kind: str = "") -> bool:
    """Whether two keys of as many words spell one name: each word equal with or without the
    article (not in a person's name: الصالح, الهادي are words, صالح, هادي names), equal in
    sound, one long vowel apart or one moved; never two words both known as names (_two_known_names),
    nor two different numbers (sound folding would make 2002 and 2022 one)."""
    left, right = a.split(), b.split()
    if len(left) != len(right) or a == b:
        return False
    for position, (x, y) in enumerate(zip(left, right, strict=True)):
        if x == y:
            continue
        if without_article(x) == without_article(y):
            if kind == "PER":
                return False
            continue  # the same word with and without the article; never both that and a spelling change
        if min(len(x), len(y)) < _MIN_VARIANT_LETTERS or _two_known_names(x, y, position == 0, kind):
            return False
        if any(c.isdigit() for c in x + y):
            return False  # a number is spelled one way: مونديال 2002 and مونديال 2022 are two events
        given = kind == "PER" and position == 0  # a person's given name: foreign ones vary more
        foreign = given and not _known_with_kha(x, y)
        sx, sy = sound_form(x, foreign=foreign), sound_form(y, foreign=foreign)
        if (
            sx != sy
            and not _one_vowel_apart(sx, sy)
            and not (given and len(left) > 1 and _one_vowel_changed(sx, sy))
            and not _one_vowel_moved(without_article(x), without_article(y))
        ):
            return False
        if sx != sy and _changed_letter_and_vowel(x, y):
            return False
        if _k_and_j(without_article(x), without_article(y)):
            return False
    return True


_INITIALS = {"ك": frozenset("KCQ"), "ج": frozenset("JD")}
"""The Latin initials that say a name word begins with ك or with ج (a G may be either: جيلان and
كيلان are both Gilan)."""


def _k_and_j(x: str, y: str) -> bool:
    """Whether two words, one beginning with ك and the other with ج (one sound class: an Egyptian ج
    is g), are two names: where the name lists spell one of them only with the other letter's
    initials (جيري: Jerry, never Kerry; كمال: Kamal, never Jamal). A foreign name the lists do not
    know may be written either way (كولاك, جولاق: Çolak)."""
    if {x[:1], y[:1]} != set(_INITIALS):
        return False
    for word in (x, y):
        spellings = latin_name_words().get(word, ())
        initials = {spelling[:1].upper() for spelling in spellings}
        if initials and initials <= _INITIALS[word[:1]]:
            return True
    return False


def given_names(candidates: Sequence[Candidate]) -> Counter[str]:
    """For each word, how many articles name a person whose name of several words it begins."""
    opens: Counter[str] = Counter()
    for candidate in candidates:
        if candidate.type == "PER" and " " in candidate.key:
            opens[candidate.key.split()[0]] += len(candidate.docs)
    return opens


def _article_apart(a: str, b: str) -> bool:
    """Whether two keys differ only in the article on some of their words."""
    return all(without_article(x) == without_article(y) for x, y in zip(a.split(), b.split(), strict=True))


SHORT_WORD_LETTERS = 4
"""A word (without its article) of at most this many letters is short: see _changed_letter_and_vowel."""


def _changed_letter_and_vowel(x: str, y: str) -> bool:
    """Whether two words one long vowel apart once folded to sounds also differ in a consonant, the
    shorter of them short (SHORT_WORD_LETTERS): a short word has many neighbours, and a vowel and
    a letter changed together make another one (النصر, النسور "the eagles"; قرقاش, جرجس), where a
    vowel alone (ترمب, ترامب) or a letter alone (غوتيريش, جوتيريش) is a spelling."""
    a, b = without_article(x), without_article(y)
    if min(len(a), len(b)) > SHORT_WORD_LETTERS or _one_vowel_apart(a, b):
        return False
    return _consonants(a) != _consonants(b)  # واتش, ووتش: vowels only


def _consonants(word: str) -> str:
    """A word without the long vowels after its first letter."""
    return word[:1] + "".join(c for c in word[1:] if c not in LONG_VOWELS)


def surname(full_name: str) -> str:
    """The last word of a full name, when it is a surname: in "آل سعود", "بن سلمان" it is a
    family or a father, in "بوش الابن" a generation, and "" is returned."""
    words = full_name.split()
    if words and words[-1] in GENERATIONS:
        return ""  # بوش الابن: the bare بوش is not his more than his father's
    return words[-1] if len(words) > 1 and words[-2] not in LINEAGE else ""


def _skeleton(key: str) -> tuple[str, ...]:
    """A blocking key: sound classes (a foreign name's too) without long vowels, so variants land
    in one block."""
    words = [sound_form(without_article(w), foreign=True) for w in key.split()]
    return tuple(w[0] + "".join(c for c in w[1:] if c not in LONG_VOWELS) for w in words)


def _profiles(pairs: DocPairs, candidates: list[Candidate], numbers: Iterable[int]) -> dict[int, Counter[int]]:
    """For the given candidates, how many articles each other candidate shares with them."""
    profiles: dict[int, Counter[int]] = {}
    for number in sorted(set(numbers)):
        _, holders = pairs.holders(candidates[number].docs.values)
        near, counts = np.unique(holders, return_counts=True)
        profile = Counter(dict(zip(near.tolist(), counts.tolist(), strict=True)))
        profile.pop(number, None)
        profiles[number] = profile
    return profiles


def cosine(a: Counter[int], b: Counter[int]) -> float:
    """The cosine of two profiles (0 when either is empty)."""
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def _agree_types(candidates: list[Candidate]) -> dict[int, int]:
    """Candidate → the candidate of the same key under its majority type, where one type dominates;
    a one-word person key goes to the type that holds more of its mentions than the person does."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for number, candidate in enumerate(candidates):
        by_key[candidate.key].append(number)
    moves: dict[int, int] = {}
    for numbers in by_key.values():
        if len(numbers) < 2:
            continue
        top = max(numbers, key=lambda n: candidates[n].mentions)
        total = sum(candidates[n].mentions for n in numbers)
        if candidates[top].mentions >= TYPE_MAJORITY * total:
            moves.update({n: top for n in numbers if n != top and not _place_and_body(candidates, n, top, total)})
        elif " " not in candidates[top].key and candidates[top].type != "PER":
            # one word the archive calls a person less often than a programme, a site or a club
            # (ضيف بوليتيكا beside برنامج "بوليتيكا"): no one's name
            moves.update({n: top for n in numbers if candidates[n].type == "PER"})
    return moves


def _place_and_body(candidates: list[Candidate], smaller: int, top: int, total: int) -> bool:
    """Whether `smaller` is an organisation named as the place `top` is, or a place named as the
    organisation, held by enough of the name's mentions to be its own (see PLACE_AND_BODY_SHARE)."""
    return (
        {candidates[smaller].type, candidates[top].type} == {"LOC", "ORG"}
        and candidates[smaller].mentions >= PLACE_AND_BODY_SHARE * total
        and len(candidates[smaller].docs) >= PLACE_AND_BODY_ARTICLES
    )


PARENT = frozenset(("بن", "ابن", "بنت"))
"""Lineage words followed by a parent's name: two of them after one name are two people."""
_PARENT_WORD = {"ابن": "بن"}
"""بن and ابن say the same."""


SHORT_NAME_CONTEXT = 0.5
"""Two people of one surname whose given names are one the other with a letter or two more (see
_short_given_names) are one where the names beside them agree this much (a cosine of their
profiles): measured on the 69k bench, جيم and جيمس ماتيس 0.90, ستيف and ستيفن منوتشين 0.84; محمد
and حمد الجاسر 0.24, two men."""
SHORT_NAME_ARTICLES = 5
"""...and where each is named in at least this many articles (ويل and ويلو سميث, father and son,
share their few articles)."""


def _short_given_names(candidates: Sequence[Candidate]) -> list[tuple[int, int]]:
    """Pairs of people named by two words with one surname, whose given names are one the
    other cut short by one or two letters at either end (جيم, جيمس; بيب, جوسيب; توما, توماس),
    never a nisba or feminine ending against none (حسني, حسن), each in SHORT_NAME_ARTICLES
    articles or more."""
    by_surname: dict[str, list[tuple[int, str]]] = defaultdict(list)  # surname -> (candidate, given name)
    for number, candidate in enumerate(candidates):
        words = candidate.key.split()
        if candidate.type == "PER" and len(words) == 2 and len(candidate.docs) >= SHORT_NAME_ARTICLES:
            by_surname[words[1]].append((number, words[0]))
    pairs: list[tuple[int, int]] = []
    for group in by_surname.values():
        for i, (a, given_a) in enumerate(group):
            for b, given_b in group[i + 1 :]:
                short, long = sorted((given_a, given_b), key=len)
                if (
                    len(short) >= 3
                    and 0 < len(long) - len(short) <= 2
                    and (long.startswith(short) or long.endswith(short))
                    and (short[-1] in "يه") == (long[-1] in "يه")
                ):
                    pairs.append((a, b))
    return pairs


def _join_longer_forms(candidates: list[Candidate], full_names: dict[str, int], links: DisjointSets[int]) -> None:
    """A full name extended by more of its lineage joins the shorter full name it begins with;
    where the extensions name different parents (فيصل بن خالد بن عبدالعزيز, فيصل بن خالد بن
    سلطان: two princes), only the parent holding SURNAME_SHARE of their articles does."""
    by_parent: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    under: Counter[str] = Counter()  # articles of the full names beginning with each prefix
    for key, number in full_names.items():
        written = key.split()
        words = [_PARENT_WORD.get(word, word) for word in written]
        for size in range(2, len(words) + 1):
            under[" ".join(words[:size])] += len(candidates[number].docs)
        for size in range(len(words) - 1, 1, -1):
            shorter = full_names.get(" ".join(written[:size]))
            if shorter is not None and words[size] in LINEAGE:
                parent = " ".join(words[: size + 2]) if words[size] in PARENT else ""
                by_parent[shorter][parent].append(number)
                break
    for shorter, extensions in by_parent.items():
        weights = {parent: under[parent] for parent in extensions if parent}
        top = max(weights, key=lambda parent: (weights[parent], parent)) if weights else ""
        for parent, numbers in extensions.items():
            if not parent or (parent == top and weights[top] >= SURNAME_SHARE * sum(weights.values())):
                for number in numbers:
                    links.union(shorter, number)


def _join_lineage_left_out(candidates: list[Candidate], full_names: dict[str, int], links: DisjointSets[int]) -> None:
    """A name written with its lineage between the given name and the family name (عادل بن أحمد
    الجبير, عزام بن محمد الدخيل; of three words, a father's or middle name without بن: علي عبدالله
    صالح, محمد جواد ظريف) joins the name written without it (عادل الجبير, علي صالح), where that short
    name is written so of one such person only, or of one holding SURNAME_SHARE of their articles
    (محمد القحطاني names many sons of many fathers), and an article names the person both ways
    (أحمد الخطيب of Syria never beside أحمد بن عقيل الخطيب of Saudi Arabia)."""
    by_short: dict[int, list[int]] = defaultdict(list)
    begun: Counter[str] = Counter()  # two words → the articles of the most named longer name they begin
    for key, number in full_names.items():
        words = key.split()
        if len(words) > 2:
            begun[" ".join(words[:2])] = max(begun[" ".join(words[:2])], len(candidates[number].docs))
    for key, number in full_names.items():
        words = key.split()
        cut = next((i for i, word in enumerate(words) if word in PARENT), 0)
        middle = cut == 0 and len(words) == 3 and not LINEAGE.intersection(words)
        if middle:
            cut = 1  # a father's name without بن, or a middle name: علي عبدالله صالح, محمد جواد ظريف
        elif cut == 0 or len(words) < cut + 3 or words[-2] in LINEAGE:
            continue  # no lineage inside, or the name ends with it (فيصل بن خالد: no family name)
        given = words[:cut]
        for written in dict.fromkeys((" ".join(given), "".join(given))):  # in this order: the same every run
            short_key = f"{written} {words[-1]}"
            if middle and begun[short_key] >= len(candidates[number].docs):
                continue  # كيم جونغ is the start of كيم جونغ أون far more than the end of كيم داي جونغ
            short = full_names.get(short_key)
            if short is not None and short != number and candidates[short].docs & candidates[number].docs:
                by_short[short].append(number)
                break
    for short, longer in by_short.items():
        roots: Counter[int] = Counter()
        for number in longer:
            roots[links.find(number)] += len(candidates[number].docs)
        top, count = roots.most_common(1)[0]
        if count >= SURNAME_SHARE * sum(roots.values()):
            links.union(short, top)


_MOVEMENT = (normalize("دولة"), normalize("الإسلامية"))
"""The first and last words of a movement's name made as a state's (دولة العراق الإسلامية), not
the state's (جمهورية إيران الإسلامية is Iran)."""


def state_named(words: Sequence[str]) -> str:
    """The country a place's normalized name is made of beside STATE_WORDS, opening with one:
    its adjective (المملكة المغربية, الجمهورية العربية السورية) or its name (سلطنة عمان, جمهورية
    العراق, جمهورية إيران الإسلامية); never a movement named as a state (دولة العراق الإسلامية)."""
    if len(words) < 2 or words[0] not in STATE_WORDS or (words[0], words[-1]) == _MOVEMENT:
        return ""
    rest = [word for word in words if word not in STATE_WORDS]
    return (adjective_country(rest[0]) or country_named(rest[0])) if len(rest) == 1 else ""


def _join_official_names(candidates: list[Candidate], links: DisjointSets[int]) -> None:
    """A place's official name joins the place named without its STATE_WORDS: each way of
    leaving some of them out (الإمارات العربية المتحدة: الإمارات, الإمارات العربية) that leaves
    a place of the archive with a word of its own, where the gazetteer knows the official name
    or the rest of two words or more (الولايات المتحدة). A rest of one word the gazetteer does not
    know joins only when named in SURNAME_EVIDENCE as many articles as the official name and its
    longer forms together: the name the state is known by (السعودية, الإمارات), not the common
    noun the official name opens with (الولايات, "states", beside الولايات المتحدة). A name that
    opens with a state word and holds, beside state words, only a country or its adjective is that
    country (سلطنة عمان, المملكة المغربية, الجمهورية العربية السورية). A country's short name
    (بريطانيا, أمريكا) is the country CLDR names in full (clubs.country_in_full)."""
    places_named = {c.key: n for n, c in enumerate(candidates) if c.type == "LOC"}
    one_word: list[tuple[int, int]] = []
    for key, number in places_named.items():
        words = key.split()
        optional = [i for i, word in enumerate(words) if word in STATE_WORDS]
        if len(words) < 2 or not optional or len(optional) > 4:
            continue
        official = key in places()
        for left_out in range(1, 1 << len(optional)):
            dropped = {optional[bit] for bit in range(len(optional)) if left_out >> bit & 1}
            rest = [word for i, word in enumerate(words) if i not in dropped]
            arab_state = len(rest) == 1 and bool(country_named(rest[0])) and {words[i] for i in dropped} <= _ARAB
            if (
                all(words[i] in ADJECTIVES for i in dropped)
                and not any(word in STATE_WORDS for word in rest)
                and not arab_state
            ):
                continue  # الجزيرة العربية is no الجزيرة; مصر العربية (جمهورية مصر العربية cut) is مصر
            named = " ".join(rest)
            if not (official or arab_state or (len(rest) > 1 and named in places())):
                continue  # دولة العراق الإسلامية, إمارة القوقاز: not the place the rest names
            if any(word not in STATE_WORDS for word in rest) and (shorter := places_named.get(named)) is not None:
                if len(rest) > 1 or known_place(named):
                    links.union(shorter, number)
                else:
                    one_word.append((shorter, number))
        country = state_named(words)
        if country and (shorter := places_named.get(country)) is not None:
            links.union(shorter, number)  # سلطنة عمان, المملكة الأردنية الهاشمية: the country
    for key, number in places_named.items():
        if (full := places_named.get(country_in_full(key))) is not None:
            links.union(full, number)  # بريطانيا is the United Kingdom, أمريكا the United States
    for shorter, number in one_word:  # once the longer forms are joined, so each is weighed with all of them
        if links.size(shorter) >= SURNAME_EVIDENCE * links.size(number):
            links.union(shorter, number)


def _join_names_cut_at_the_front(
    candidates: list[Candidate], full_names: dict[str, int], links: DisjointSets[int]
) -> None:
    """A full name that is the end of longer ones (عبدالله صالح of علي عبدالله صالح, the given
    name left out of the span) joins the longer one that holds SURNAME_SHARE of the articles
    naming any of them (its spellings counted together: أنخيل, أنخل دي ماريا), when that one is
    named in SURNAME_EVIDENCE as many articles as the shorter: محمد صلاح never joins a rare أحمد
    محمد صلاح. What follows بن or آل is a father or
    a family (عبدالعزيز آل سعود of سلمان بن عبدالعزيز آل سعود), never the end of a name."""
    longer: dict[int, list[int]] = defaultdict(list)
    for key, number in full_names.items():
        words = key.split()
        for start in range(1, len(words) - 1):
            shorter = full_names.get(" ".join(words[start:]))
            if shorter is not None and words[start - 1] not in LINEAGE and words[start] not in LINEAGE:
                longer[shorter].append(number)
    for shorter, owners in longer.items():
        weights: Counter[int] = Counter()  # by root: the spellings of one name (انخيل, انخل دي ماريا) are one
        for number in owners:
            weights[links.find(number)] += len(candidates[number].docs)
        owner = max(weights, key=lambda n: (weights[n], -n))
        bare = len(candidates[shorter].docs)
        if weights[owner] >= SURNAME_SHARE * sum(weights.values()) and weights[owner] >= max(
            SURNAME_MIN_ARTICLES, SURNAME_EVIDENCE * bare
        ):
            links.union(owner, shorter)


@dataclass(slots=True)
class Resolution:
    """What `resolve` decides over the archive's candidates."""

    joins: dict[int, int]
    """Candidate → the candidate it joins (its root)."""
    dropped: set[int]
    cut: dict[int, Docs]
    """A bare surname joined to its owner → the articles in which it names no one."""
    doubtful: dict[int, Docs]
    """A bare surname → the articles in which it names its owner only where the tagger was sure."""
    namesakes: dict[int, dict[Doc, int]] = field(default_factory=dict)
    """A bare surname → the articles, out of its owner's context, that name one other person in
    full by a name ending with it, and that person's root: there it is that person (صالح in an
    article on برهم صالح, not علي عبد الله صالح)."""


@dataclass(slots=True)
class ContextSplit:
    """A bare surname's articles as its owner's context splits them (_Context.out_of_context)."""

    elsewhere: Docs
    """Those that name the owner in no form and hold no name of its context."""
    surely: bool
    """Whether the surname names no one there (else it names the owner where the tagger was sure)."""
    owned: Docs
    """The articles naming the owner in full."""


def resolve(
    candidates: list[Candidate],
    surname_owners: Mapping[str, Counter[str]],
    aliases: Iterable[tuple[int, int]] = (),
) -> Resolution:
    """Which candidates are one entity, which are dropped, the articles in which a bare
    surname that joins its owner names no one, those in which it names the owner only where
    the tagger was sure (see _Context), and those in which it names a namesake (see Resolution).

    `surname_owners` maps a one-word person key to the full person keys it stood for inside
    articles (in-article evidence), counted by article; `aliases` are pairs of candidates the
    archive's texts say are one (a name and its short name in brackets).
    """
    links = DisjointSets({n: max(1, len(c.docs)) for n, c in enumerate(candidates)})
    moved = _agree_types(candidates)
    for number, target in moved.items():
        links.union(target, number)
    blocks: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for number, candidate in enumerate(candidates):
        if candidate.type in ("PER", "LOC", "ORG", "MISC") and not (
            number in moved and candidates[moved[number]].type == "PER"
        ):  # a name most of whose mentions are a person is that person, never a spelling of the
            # thing a few tag it as (نصر, the father in "X بن نصر", tagged once as a club, is no النصر)
            blocks[(candidate.type, _skeleton(candidate.key))].append(number)
    pairs = [
        (a, b)
        for block in blocks.values()
        if len(block) > 1
        for i, a in enumerate(block)
        for b in block[i + 1 :]
        if spelling_variants(candidates[a].key, candidates[b].key, candidates[a].type)
    ]
    short_forms = _short_given_names(candidates)
    held = DocPairs([candidate.docs for candidate in candidates])
    profiles = _profiles(held, candidates, {n for pair in (*pairs, *short_forms) for n in pair})
    for a, b in short_forms:
        if cosine(profiles[a], profiles[b]) >= SHORT_NAME_CONTEXT:
            links.union(a, b)  # جيم ماتيس is جيمس ماتيس, named beside the same others
    opens = given_names(candidates)
    for a, b in pairs:
        shared = candidates[a].docs & candidates[b].docs
        if candidates[a].type == "LOC" and _article_apart(candidates[a].key, candidates[b].key):
            bare = min(a, b, key=lambda n: len(candidates[n].key))
            if opens[candidates[bare].key] > len(candidates[bare].docs):
                continue  # رياض opens more people's names (رياض محرز) than it names places: no الرياض
            fewest = min(len(candidates[a].docs), len(candidates[b].docs))
            if len(shared) < fewest / 2:
                shared = Docs()  # places are named beside others: an article or two says nothing of الجبيل, جبيل
        if shared or cosine(profiles[a], profiles[b]) >= CONTEXT_SIMILAR:
            links.union(a, b)
    for a, b in aliases:
        links.union(a, b)
    people = [(n, c) for n, c in enumerate(candidates) if c.type == "PER" and candidates[moved.get(n, n)].type == "PER"]
    """A name most of whose mentions are something else (برج ترامب, a tower the tagger once took
    for a person) names no one: never a namesake the bare surname of its article goes to."""
    full_names = {c.key: n for n, c in people if " " in c.key}
    _join_longer_forms(candidates, full_names, links)
    _join_lineage_left_out(candidates, full_names, links)
    _join_names_cut_at_the_front(candidates, full_names, links)
    _join_official_names(candidates, links)
    ending: dict[str, Counter[int]] = defaultdict(Counter)
    starting: Counter[str] = Counter()
    for key, number in full_names.items():
        last = surname(key)
        if last:
            ending[last][links.find(number)] += len(candidates[number].docs)
        for word in key.split()[:-1]:
            starting[word] += len(candidates[number].docs)
    dropped: set[int] = set()
    cut: dict[int, Docs] = {}
    doubtful: dict[int, Docs] = {}
    namesakes: dict[int, dict[Doc, int]] = {}
    given = {key for key in starting if starting[key] > sum(ending.get(key, Counter()).values())}
    telling = np.array(
        [c.type in ("PER", "LOC", "ORG", "MISC") and c.key not in given for c in candidates] or [False], dtype=bool
    )  # a date, a sum or a given name (احمد) says nothing of whose article it is
    context = _Context(held, candidates, links, full_names.values(), telling)
    ended_by: dict[str, list[int]] = defaultdict(list)
    for key, number in full_names.items():
        if surname(key):
            ended_by[surname(key)].append(number)
    given_of: dict[int, set[str]] = defaultdict(set)  # a root → the given names of the full names under it
    for key, number in full_names.items():
        given_of[links.find(number)].add(key.split()[0])
    for number, candidate in people:
        titled = titled_given_name(candidate.key)
        if " " in candidate.key and not titled:
            continue
        owners = Counter() if titled else Counter(ending.get(candidate.key, {}))
        for full_key, count in surname_owners.get(candidate.key, Counter()).items():
            if full_key in full_names and links.find(full_names[full_key]) != links.find(number):
                owners[links.find(full_names[full_key])] += count
        bare = links.size(number)
        if titled:  # only people the archive names in full in articles enough count (not هاري وميغان)
            owners = Counter({o: n for o, n in owners.items() if links.size(o) >= SURNAME_EVIDENCE * bare})
        total = sum(owners.values())
        if not titled and starting[candidate.key] > total:
            dropped.add(number)  # a given name: it begins more names than it ends
            continue
        if not owners:
            continue
        owner, count = owners.most_common(1)[0]
        rivals = [o for o, n in owners.items() if o != owner and n >= SURNAME_MIN_ARTICLES]
        if titled and total >= SURNAME_MIN_ARTICLES and (rivals or count < SURNAME_SHARE * total):
            dropped.add(number)  # الأمير محمد, الملك عبدالله: its articles give it to several people in full
            continue
        evidence = TITLED_EVIDENCE if titled else SURNAME_EVIDENCE
        if count >= SURNAME_SHARE * total and count >= max(SURNAME_MIN_ARTICLES, evidence * bare):
            namesakes_of = [
                n
                for n in ended_by[candidate.key]
                if links.find(n) != owner and not _misspelt(candidates[n].key, given_of[owner])
            ]
            split = context.out_of_context(number, owner, namesakes_of)
            elsewhere, surely = split.elsewhere, split.surely
            apart = [
                n for n in namesakes_of if len(candidates[n].docs & split.owned) < FAMILY * len(candidates[n].docs)
            ]
            there = _named_in_full(candidates, links, apart, candidates[number].docs - split.owned)
            if there:
                namesakes[number] = there
                elsewhere -= set(there)
            if elsewhere:
                (cut if surely else doubtful)[number] = elsewhere
            joined = links.find(number)
            links.union(owner, number)
            root = links.find(owner)
            given_of[root] = given_of.pop(owner, set()) | given_of.pop(joined, set())
    joins = {n: links.find(n) for n in range(len(candidates))}
    return Resolution(joins, dropped, cut, doubtful, namesakes)


MISSPELT_EDITS = 2
"""A full name whose given name is this many letters from the owner's and no given name the
lists know is the owner misspelt (دونادل ترامب, فلاديمبر بوتين), no namesake to give the bare
surname to."""


def _misspelt(key: str, given: set[str]) -> bool:
    """Whether a full name's given name is one of `given` misspelt (see MISSPELT_EDITS)."""
    first = key.split()[0]
    return first not in person_names() and any(
        Levenshtein.distance(first, name, score_cutoff=MISSPELT_EDITS) <= MISSPELT_EDITS for name in given
    )


def _named_in_full(
    candidates: list[Candidate], links: DisjointSets[int], namesakes: list[int], docs: Docs
) -> dict[Doc, int]:
    """Of `docs`, those naming in full one of `namesakes` (full names ending with the surname,
    of others than its owner), each with that person's root: the one such person, or of several
    the one named in NAMESAKE_LEAD times as many articles as any other (برهم صالح, 22, beside his
    wife سرباغ صالح, 1)."""
    found: dict[Doc, set[int]] = defaultdict(set)
    for number in namesakes:
        for doc in candidates[number].docs & docs:
            found[doc].add(links.find(number))
    out: dict[Doc, int] = {}
    for doc, roots in found.items():
        ranked = sorted(roots, key=lambda root: (-links.size(root), root))
        if len(ranked) == 1 or links.size(ranked[0]) >= NAMESAKE_LEAD * links.size(ranked[1]):
            out[doc] = ranked[0]
    return out


NAMESAKE_LEAD = 2
"""How many times as many articles the namesake an article's bare surname is given to must have as
the next one the article names (else the surname names no one there)."""


CONTEXT_LIFT = 5.0
"""A name is of a person's context when the articles that name the person in full name it this
many times more often than the archive at large does (اليمن, الحوثي for علي عبد الله صالح)."""
FAMILY = 0.25
"""A namesake named with the owner in full in this share of its articles or more is of the owner's
family or story (ميلانيا ترامب): its articles' bare surname stays the owner's."""
IN_CONTEXT = 0.8
"""A bare surname whose articles without its owner's full name are this often in the owner's
context is the owner's throughout (ترامب); below it, only in those articles (صالح in "غير صالح
للاستهلاك" names no one)."""
BARE_ARTICLES = 20
"""Bare surnames named without their owner in fewer articles than this are taken whole."""
TOLD_APART = 2 * CONTEXT_LIFT
"""...and so are those whose owner is named in full in over 1/TOLD_APART of the archive's
articles: in an archive about him (a folder of articles on ماكرون), no name can be CONTEXT_LIFT
times more frequent beside him than at large, so no article can be told out of his context."""


class _Context:
    """Which articles of a bare surname, of those that do not name its owner in full, share the
    owner's context. The (article, candidate) pairs are made once, as sorted columns, for the
    surnames that need them."""

    def __init__(
        self,
        pairs: DocPairs,
        candidates: list[Candidate],
        links: DisjointSets[int],
        full_names: Iterable[int],
        telling: np.ndarray,
    ) -> None:
        self.pairs = pairs
        self.candidates = candidates
        self.telling = telling
        """Which candidates may be of a person's context (names, not dates, sums or given names)."""
        self.links = links
        self.full_names = list(full_names)
        self._members: dict[int, list[int]] | None = None

    def out_of_context(self, bare: int, owner: int, namesakes: Sequence[int] = ()) -> ContextSplit:
        """The articles of candidate `bare` that name its owner's root `owner` in no form and
        hold no name of its context, and whether the surname names no one there (fewer than
        IN_CONTEXT of those articles hold one) or only doubtfully (then it is the owner's
        where the tagger was sure: الأسد in an article about lions was an unsure PER). Other
        people named by the surname (`namesakes`) are never the owner's context (برهم صالح,
        named beside علي عبد الله صالح in a few articles, was context for him)."""
        if self._members is None:
            self._members = defaultdict(list)
            for number in self.full_names:
                self._members[self.links.find(number)].append(number)
        members = self._members.get(owner, [])
        owned = Docs.union(self.candidates[m].docs for m in members)
        alone = self.candidates[bare].docs - owned
        articles = self.pairs.articles
        if (
            len(alone) < BARE_ARTICLES
            or len(owned)
            < max(BARE_ARTICLES, len(alone) / 2)  # an owner named in few articles has no context (أبو مازن)
            or len(owned) * TOLD_APART > articles  # an archive about the owner: no lift can be seen
        ):
            return ContextSplit(Docs(), False, owned)
        _, around = self.pairs.holders(owned.values)
        near, counts = np.unique(around, return_counts=True)
        context = np.zeros(len(self.candidates), dtype=bool)
        lifted = counts / len(owned) >= CONTEXT_LIFT * self.pairs.sizes[near] / articles
        context[near[lifted & (counts >= 2)]] = True
        context[[bare, *members, *namesakes]] = False
        context &= self.telling
        if not context.any():
            return ContextSplit(Docs(), False, owned)  # no context to tell articles apart by
        docs, holders = self.pairs.holders(alone.values)
        held = Docs.sorted(np.unique(docs[context[holders]]))
        return ContextSplit(alone - held, len(held) < IN_CONTEXT * len(alone), owned)
