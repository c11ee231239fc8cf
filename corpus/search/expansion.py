"""What one query word matches: the word as written, its attested forms, and, only where the
archive says so, its spelling variants; the other variants are offered, not mixed in.

- **Forms** (clitics, endings) are the terms found under the word's search keys, except
  where a key is another word: a base far rarer than the word (السيسي is no nisba of سيس),
  and the bare form of a name that is written with its article (سيسي, Cissé, is not
  السيسي); NAME_RATIO decides both, as it does for endings.
- **Variants** (another spelling, a typo) of a word no article holds as written (whatever
  its forms: القهره is a typo of القاهره though قهر is a word) are matched by a noisy
  channel: the likeliest by how often the variant is written, against what the typo costs
  (CHANNEL). Otherwise a variant is matched only where the archive shows it to be the same
  word: the words around it are the words around the word (cosine of their neighbour
  profiles at least SAME_CONTEXT: ترمب and ترامب, not ترغب; for a word fewer than RARE_DF
  articles hold, whose few articles make a sparse profile, RARE_CONTEXT: السورين for
  السوريين, not المقامات for المقالات). A rare word is a word: a word held by a few articles
  does not take the thousands of another word a letter away.
  The others may be offered, for the user to add (`word|variant` in the query language): for a
  rare word, those nearly as likely by the channel; for a word the archive holds often, only a
  variant whose contexts agree at least loosely (OFFER_CONTEXT: ارودغان for اردوغان), not every
  neighbour in spelling (وغير for وزير, السياسي for السيسي).
- A known place (corpus/data/places.txt) takes its forms with clitics; a country also its
  nisba where its articles name the country (PLACE_FORM_LIFT): مصر finds المصري; a city none
  (بغداد not البغدادي, a man; الرياض not الرياضيه, sport).
"""

from __future__ import annotations

import itertools
import math
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

import numpy as np

from corpus.article_columns import article_ids
from corpus.packed import PackedStrings
from corpus.search.final_ta import STEM_ARTICLES, TA_WORD_SHARE, spelled_apart, ta_spellings, ta_twin
from corpus.search.final_ya import ya_twin
from corpus.search.index import EXACT, FALLBACK_CLITICS, FUZZY, KEYED, PREFIX, CorpusIndex, Expansion
from corpus.search.transliteration import TRANSLITERATED, transliterate
from corpus.search.typos import CHEAP, SWAP, edit_cost
from corpus.sorted_sets import distinct
from corpus.text.clitics import DEFINITE_PREFIXES, SHORT_PARTICLES, WORD_PREFIXES, with_the_article
from corpus.text.latin import fold_latin, strip_arabic_article, strip_article
from corpus.text.normalization import (
    CONSTRUCT_ANY,
    KEY_ENDINGS,
    NAME_RATIO,
    NISBA_SUFFIXES,
    PRONOUN_ENDS,
    PRONOUNS,
    clitic_base,
    fold_final_ya,
    folded_ta,
    has_sound_plural,
    nisba_base,
    search_keys,
    seen_with_article,
    suffix_bases,
    twin_with_ta,
)
from corpus.text.shipped import countries, person_names, places

__all__ = [
    "RARE_DF",
    "SAME_CONTEXT",
    "context_similarity",
    "expand",
    "hash_article_ids",
    "offered",
    "same_word",
    "use_names_by_article",
    "forget_expansions",
    "word_forms",
]

RARE_DF = 25
"""A word that fewer articles than this hold as written is rare: its variants need only loosely
agreeing contexts (RARE_CONTEXT), or none when no article holds it."""
SAME_CONTEXT = 0.4
"""Two spellings whose neighbour profiles have at least this cosine are taken for one word."""
MOVED_CONTEXT = 0.6
"""Two spellings a long vowel moved apart (الأمريكي, الأميركي) written where each other is at least
this closely are one word (أدين "I condemn" and إيدن, Eden, 0.44, are not)."""
MOVED_BY_OUTLET = 0.2
OUTLET_SPELLING = 0.7
"""...or at least MOVED_BY_OUTLET closely, and each outlet keeping to one of them this far (see
_kept_apart_by_outlets: أمريكا and أميركا 0.83, context 0.36)."""
RARE_CONTEXT = 0.15
"""A word fewer than RARE_DF articles hold matches a variant whose neighbour profile has at
least this cosine with its own (a few articles make a sparse profile): السورين the typo of
السوريين, هافنجتون of هافنغتون; not المقامات for المقالات, nor تسريباته for تدريباته."""
RARE_COVERAGE = 0.5
"""Or when at least this share of its neighbours' weight (idf) is among the variant's neighbours:
a typo held by one article has too few neighbours for a cosine (الاسرييليه, افرتون)."""
RARE_CANDIDATES = 8
"""The likeliest variants of a rare word the archive holds (by CHANNEL) whose contexts are compared."""
CONTEXT_DOCS = 80
"""Articles sampled per term to make its neighbour profile: those whose ids hash lowest, so an
archive brought up to date and one built from scratch, which number their articles in other
orders, read the same ones (an even spread over the numbers did not: a merged archive searched
مواقع with موقع where a fresh build only offered it)."""
CONTEXT_WINDOW = 2
"""Neighbours on each side that make a term's profile."""
CONTEXT_CANDIDATES = 6
"""The most frequent variants of a known word whose contexts are compared with the word's."""
LIKELY_SHARE = 10
"""Of the variants of a rare word that cost what the likeliest costs (see CHANNEL), those held by
a tenth as many articles as the most frequent one are matched (ناسر: ناصر, not نسر)."""
CHANNEL = 2 * math.log(100)
"""How much less likely a variant is per unit of typo cost: a cheap slip (0.5) as likely as a
word a hundred times rarer, so that a typo goes to the word meant (المصقي: المصري, thousands
of articles, a letter replaced; not المقصي, one article, two letters swapped), and a costlier
variant is matched only when it is that much more frequent (عدنن: عدنان, not عدن)."""
DEFINITE_RATIO = 8
"""A base written this many times more often with the article than without (or the other way
round) is two words: الرياض the city, رياض gardens."""
TYPO_BASE = 0.45
"""Weight of the other forms of a word no article holds, when its likeliest variant is written in
more articles than all those forms together: below every variant (القهره: القاهره first)."""
SHORTEST_PLURAL_BASE = 3
"""The shortest base a feminine word's plurals are looked for under (_feminine_plurals)."""
OFFERS = 3
"""Variants offered (not matched) per word."""
OFFER_CANDIDATES = 8
"""The most frequent unmatched variants of a word that `offered` chooses from."""
OFFER_CONTEXT = 0.2
"""A variant of a frequent word is offered when the cosine of their contexts is at least this."""
PLACE_FORM_LIFT = 4.0
"""A known place's form with an ending is the place's when its articles name the place this many
times as often as the archive does: 9 to 35 times for المصري, التونسي, القطري, اللبناني; 1.3 to
1.8 for الرياضه and الرياضي beside الرياض (sport), measured on the 69k bench."""


def _definite(form: str, base: str) -> bool:
    """`form` is `base` (with an ending, maybe) behind the article or a clitic fused with it."""
    return any(form.startswith(p) and form[len(p) :].startswith(base) for p in DEFINITE_PREFIXES)


def forget_expansions(index: CorpusIndex) -> None:
    """Expand the words of `index` afresh from now on (what a Latin word reads as has changed)."""
    with _kept_lock:
        _kept.pop(index, None)
        _offers_kept.pop(index, None)


def use_names_by_article(index: CorpusIndex, names: frozenset[str]) -> None:
    """Search `index` with `names` as the names written only with the article or only without it (see
    CorpusIndex.names_by_article), its words expanded afresh."""
    if names == index.names_by_article:
        return
    with _kept_lock:
        index.names_by_article = names
        _kept.pop(index, None)
        _offers_kept.pop(index, None)


def _bare_name(index: CorpusIndex, form: str) -> bool:
    """Whether `form` (normalized) is a one-word name the entity table writes without the article
    only (CorpusIndex.names_by_article: حماس, طالبان)."""
    return form in index.names_by_article and not form.startswith("ال")


def _another_name(index: CorpusIndex, form: str, key: str) -> bool:
    """Whether `form` (normalized letters) is, behind at most three letters of clitics, such a
    name (_bare_name) other than `key` (طالبان under طالب)."""
    return any(form[cut:] != key and _bare_name(index, form[cut:]) for cut in range(min(4, len(form) - 2)))


def _by_the_article(index: CorpusIndex, base: str, *, typed: bool) -> bool:
    """Whether the forms of `base` with the article and those without it are two words, so a
    search keeps those of the word as typed: a name the entity table writes without the article
    only, both ways (CorpusIndex.names_by_article: حماس finds no الحماس, الحماس no حماس); one it
    writes with the article only, or, for a base the query does not hold as typed, one written
    far more often one way (_one_form_dominates), only when typed with the article (الخليل finds
    no خليل; خليل, which may be meant bare, still finds الخليل)."""
    named = index.names_by_article
    if base in named:
        return True
    return not typed and ("ال" + base in named or _one_form_dominates(index, base))


def _one_form_dominates(index: CorpusIndex, base: str) -> bool:
    """The base is written far more often with the article than without, or the other way
    round: then the two are different words (السيسي and سيسي, الرياض and رياض; not الحكومه
    and حكومه)."""
    bare, definite = index.frequency(base), index.frequency("ال" + base)
    return max(bare, definite) > DEFINITE_RATIO * max(1, min(bare, definite))


def word_forms(
    index: CorpusIndex, word: str, *, rare: bool = False, feminine: bool = False, pronouns: bool | None = None
) -> list[int]:
    """The terms that are `word` with other clitics or endings (see the module doc); a `rare`
    word also reaches the forms of its nisba base (الكازاخستانيه → كازاخستان). `feminine`: the
    word was written with a final ة, so its ه is no pronoun to take off (search_keys). The
    forms are found by the word's normalized letters (its ة as ه), so a word in ة and its twin
    in ه share them; where the archive writes the two as two words (عملة, عمله: final_ta), only
    the spelling meant keeps its own. A word the archive writes with an attached pronoun keeps
    it (رئيسه, حكومتها: never every رئيس, every الحكومة); one it never writes so finds its base.
    `pronouns`: take an attached pronoun off whatever the archive writes (True) or never (False)."""
    feminine = feminine or word.endswith("ة")
    word = folded_ta(word)
    frequency = index.frequency
    vocabulary = index.forms
    read = clitic_base(word, vocabulary, frequency)
    clitic = _clitic_read_off(index, word, read)
    misread = read if clitic is None else None  # لوبان: no ل + وبان
    nisba = nisba_base(clitic or word, vocabulary)
    written = seen_with_article(clitic or word, frequency)
    keys = [word]
    if pronouns is None:  # a word written with a pronoun means it; one no article writes, its base
        pronouns = frequency(word) == 0
    for key in search_keys(word, vocabulary, frequency, feminine=feminine, pronouns=pronouns):
        if misread and key.startswith(misread):
            continue
        if (
            key == nisba
            and not rare
            and key not in suffix_bases(clitic or word, vocabulary, frequency, feminine=feminine)
        ):
            continue
        if key == clitic or NAME_RATIO * max(1, seen_with_article(key, frequency)) >= written:
            keys.append(key)
    if _bare_name(index, clitic or word):  # طالبان, a name: no طالب read off it as a dual's base
        keys = [key for key in keys if key in (word, clitic)]
    typed = (word, clitic)
    apart = [k for k in dict.fromkeys((*typed, *keys)) if k and k.endswith("ه") and spelled_apart(index, k)]
    found: set[int] = set()
    for key in keys:
        members = list(index.key_terms.get(key, ()))
        for own in ta_spellings(index, key) if key.endswith("ه") else (index.term_id(key),):
            if own is not None and (key == word or key not in SHORT_PARTICLES):
                members.append(own)
        if _by_the_article(index, key, typed=key == word):  # الخليل: no خليل; خليل: no الخليل
            definite = _definite(word, key)
            members = [t for t in members if _definite(folded_ta(index.terms[t]), key) == definite]
        for stem in apart:  # a form typed in ه means the word in ه; one made from a plural, its noun in ة
            in_ta = feminine or stem not in typed
            members = _of_the_spelling(index, members, stem, in_ta=in_ta, own_key=key == stem)
        if feminine and key.endswith("ه") and key not in apart:  # عدة: no بعده ("after him"), وعده
            members = [t for t in members if not _pronoun_after_clitic(index, index.terms[t], key)]
        if index.names_by_article:  # طالب: no طالبان, a name of its own (CorpusIndex.names_by_article) as a dual
            members = [t for t in members if not _another_name(index, folded_ta(index.terms[t]), key)]
        found.update(t for t in members if folded_ta(index.terms[t]) == word or not _fa_word(index, index.terms[t]))
    stem = clitic or word
    if feminine and stem.endswith("ه"):
        found.update(_feminine_plurals(index, stem[:-1]))
        found -= _masculine_plurals(index, stem[:-1], found)
    with_article = with_the_article(word) if clitic else ""  # بالرياض: the place is الرياض, not رياض
    place = next((form for form in (word, with_article, stem) if form and fold_final_ya(form) in places()), None)
    if place is not None:
        found = _place_forms(index, place, found)
    else:
        found = _without_adjectives(index, word, keys, found)
    return sorted(found)


def _pronoun_after_clitic(index: CorpusIndex, term: str, key: str) -> bool:
    """Whether `term`, the `key` (a noun in ة, normalized) written in ه behind a clitic other than
    the article, reads as another word and a pronoun: بعده is بعد + ه ("after him") rather than
    ب + عدة, وجده وجد + ه ("found it"), وعده وعد + ه; the word before the ه is one the archive
    holds (final_ta.STEM_ARTICLES), and the term is no slip of the noun's spelling in ة, which the
    archive writes twenty times as often (بجده beside بجدة, ودوله beside ودولة: kept). After the
    article a ه is never a pronoun (الحكومه is الحكومة); the word in ه alone is its twin, which
    final_ta decides."""
    prefix = term[: len(term) - len(key)]
    if term.endswith("ة") or not term.endswith(key) or not prefix or prefix.endswith(("ال", "لل")):
        return False
    held = seen_with_article
    if held(term[:-1], index.frequency) < STEM_ARTICLES and held(key[:-1], index.frequency) < STEM_ARTICLES:
        return False
    own, twin = index.term_id(term), index.term_id(term[:-1] + "ة")
    if own is None or twin is None:
        return own is not None
    frequency = index.document_frequency
    return int(frequency[own]) >= TA_WORD_SHARE * int(frequency[twin])


def _of_the_spelling(index: CorpusIndex, members: list[int], stem: str, *, in_ta: bool, own_key: bool) -> list[int]:
    """The `members` of one of a word's keys that are the word meant, where the archive writes
    `stem` (the word or its base, in ه) with a final ة and with ه as two words (final_ta): meant
    in ة (`in_ta`: typed so, or a plural or a form before a pronoun made from it), none of the
    stem's forms in ه (عملة, بعملة, العملات: no عمله, وعمله); typed with ه, not the word in ة with
    its clitics, nor, among the stem's own key (`own_key`), anything but its forms in ه (عمله,
    بعمله: no عملة, عملات, عملتها)."""
    terms = index.terms
    if in_ta:
        return [t for t in members if not terms[t].endswith(stem)]
    if own_key:
        return [t for t in members if terms[t].endswith(stem)]
    with_ta = stem[:-1] + "ة"
    return [t for t in members if not terms[t].endswith(with_ta)]


PLAIN_ENDINGS = KEY_ENDINGS - set(NISBA_SUFFIXES)
"""What a word's own forms put after its base: pronouns, dual and plural endings (no nisba)."""
ADJECTIVE_SINGULARS = ("يه", "ي")
"""What a relative adjective puts after its base in the singular (a dual or plural in construct
ends so too: see _without_adjectives); its plurals are the other NISBA_SUFFIXES."""
ADJECTIVE_PLURALS = tuple(ending for ending in NISBA_SUFFIXES if ending not in ADJECTIVE_SINGULARS)


def _without_adjectives(index: CorpusIndex, word: str, keys: list[str], found: set[int]) -> set[int]:
    """`found` without the relative adjectives of the word's bases (a nisba ending after a base,
    with clitics before it): العرب does not find العربيه (Arabic: the dateline الإمارات العربية),
    الوطن no الوطني (national), الدول no الدولي (international), مالك no المالكي (a man). A form
    in ـي or ـيه without the article is the base's own (a dual or plural in construct: عامي in
    "بين عامي", وزيري, طالبي; with a pronoun: لاعبيه, معارضيه) unless the archive writes it with
    the article at least as often (عربي beside العربي: the adjective); a form in ـيه (written
    with ه: مسؤولية, in ة, is "responsibility", never مسؤولي + ه) only where the base's sound
    plural is written (see has_sound_plural), else it is a word of its own
    (عملية "operation" is no عمل, مديرية no مدير, صلاحية no صلاح); and so is any form that is
    also one of a base's own (السوريون: سوري + ون). A place's adjectives are decided by _place_forms
    (مصر finds المصري)."""
    bases = [key for key in keys if len(key) >= 3]
    if not bases:
        return found
    plurals = {key + ending for key in bases for ending in ADJECTIVE_PLURALS}
    singulars = {key + ending for key in bases for ending in ADJECTIVE_SINGULARS}
    definite_more: dict[str, bool] = {}

    def adjective(prefix: str, rest: str, in_ta: bool) -> bool:
        if rest in plurals:
            return True
        if rest not in singulars:
            return False
        if prefix in DEFINITE_PREFIXES:
            return True  # a construct form never takes the article
        if rest.endswith("يه") and (in_ta or not has_sound_plural(rest[:-2], index.frequency)):
            return True  # عملية: no plural عملين to be "its ... of him"; مسؤولية, in ة, no pronoun
        if rest.endswith("ي") and not has_sound_plural(rest[:-1], index.frequency, CONSTRUCT_ANY):
            return True  # فتحي (Fathi): no فتحين to be its plural in construct
        if rest not in definite_more:
            definite_more[rest] = index.frequency("ال" + rest) >= index.frequency(rest)
        return definite_more[rest]

    kept = set()
    for term in found:
        written = index.terms[term]
        form = folded_ta(written)
        split = [(p, form[len(p) :]) for p in _PREFIXES_OF.get(form[:1], ("",)) if form.startswith(p)]
        if (
            form == word
            or not any(adjective(p, rest, written.endswith("ة")) for p, rest in split)
            or any(_plain_form(rest, keys) for _, rest in split)
        ):
            kept.add(term)
    return kept


def _plain_form(rest: str, keys: list[str]) -> bool:
    """`rest` (a form without its clitics) is one of the keys with a plain ending (no nisba)."""
    return any(rest.startswith(key) and rest[len(key) :] in PLAIN_ENDINGS for key in keys)


_PREFIXES_OF = {
    first: ("", *(p for p in WORD_PREFIXES if p.startswith(first))) for first in {p[:1] for p in WORD_PREFIXES if p}
}
"""The clitic prefixes a form may begin with, by its first letter ("" always among them)."""


FEMININE_PLURALS = ("ات", "تان", "تين")
"""What a feminine noun's plural and dual put after its base (عملات, عملتين), pronouns after them."""


MASCULINE_PLURALS = ("ون", "ين")
"""What a masculine noun's or adjective's sound plural puts after its base (مدرسون, المدرسين)."""


def _masculine_plurals(index: CorpusIndex, base: str, found: set[int]) -> set[int]:
    """Of `found`, the sound masculine plurals of a feminine word's base (مدرسة: المدرسين,
    والمدرسون, "teachers"; a feminine noun's plural ends in ات), where the base is a word of its
    own in the archive (مدرس) of SHORTEST_PLURAL_BASE letters or more: سنة keeps سنين."""
    if len(base) < SHORTEST_PLURAL_BASE or not (index.frequency(base) or index.frequency("ال" + base)):
        return set()
    plurals = {base + ending for ending in MASCULINE_PLURALS}
    out = set()
    for term in found:
        form = folded_ta(index.terms[term])
        if any(form[len(p) :] in plurals for p in _PREFIXES_OF.get(form[:1], ("",)) if form.startswith(p)):
            out.add(term)
    return out


def _feminine_plurals(index: CorpusIndex, base: str) -> list[int]:
    """The plurals and duals of a word written with ة (العملة: العملات, بعملاتها), among the forms
    of its base: not the base itself or its other words (العمل, عمليه)."""
    if len(base) < SHORTEST_PLURAL_BASE:
        return []
    found = []
    for term in index.key_terms.get(base, ()):
        form = folded_ta(index.terms[term])
        for prefix in WORD_PREFIXES:
            if form.startswith(prefix + base) and form[len(prefix) + len(base) :].startswith(FEMININE_PLURALS):
                found.append(term)
                break
    return found


@lru_cache(maxsize=1)
def _states() -> frozenset[str]:
    """The countries (CLDR's names), and the places a country's name is the adjective of
    (الأراضي الفلسطينية: فلسطين)."""
    named = countries()
    adjectives = {
        word[2 : -len(ending)]
        for name in named
        for word in name.split()[1:]
        for ending in ("يه", "ي")
        if word.startswith("ال") and word.endswith(ending)
    }
    return named | (adjectives & places())


NISBA_ENDINGS = frozenset({*NISBA_SUFFIXES, "يان", "يتان", "يتين"})
"""What a nisba (the adjective of a place: المصري, المصريون, المصريتين) puts after the place's
name: the endings search keys read off, and the duals."""


def _place_forms(index: CorpusIndex, place: str, forms: set[int]) -> set[int]:
    """The forms of a known place: with clitics (بالرياض); and, for a country, its nisba (a
    NISBA_ENDINGS ending, with its clitics) where the articles of the ending's forms name the
    country PLACE_FORM_LIFT times as often as the archive does (المصري for مصر). A city's nisba
    is mostly a family name or another word (البغدادي, a man; الرياضيه, sport; الحلبي), and no
    other ending makes the place (مصراته, another city; قطره, a drop; جدته, a grandmother)."""
    core = place[2:] if place.startswith("ال") and len(place) > 4 else place
    own = index.term_id(place)
    if own is None and (written_in_ta := twin_with_ta(place)) is not None:
        own = index.term_id(written_in_ta)  # جدة, where the place is written with its ة
    if own is None:
        return forms
    country = fold_final_ya(place) in _states()
    bare_only = not place.startswith("ال") and _one_form_dominates(index, core)  # حمص: no الحمص (chickpeas)
    holders = index.postings(own)[0]
    share = len(holders) / max(1, len(index))
    kept: set[int] = set()
    nisbas: dict[str, list[int]] = {}  # ending → its forms, with their clitics (العراقي, للعراقي)
    for term in forms:
        form = folded_ta(index.terms[term])
        if bare_only and any(form == prefix + core for prefix in DEFINITE_PREFIXES):
            continue  # the place's name behind the article: another word (its nisba, المصري, is decided below)
        if term == own or form.endswith(core):
            kept.add(term)
        elif country and core in form and (ending := form[form.rindex(core) + len(core) :]) in NISBA_ENDINGS:
            nisbas.setdefault(ending, []).append(term)
    for terms in nisbas.values():  # decided for the ending, by all its forms' articles
        docs = distinct(np.concatenate([index.postings(term)[0] for term in terms]))
        together = len(np.intersect1d(docs, holders, assume_unique=True))
        if together / max(1, len(docs)) >= PLACE_FORM_LIFT * share:
            kept.update(terms)
    return kept


Profile = tuple[np.ndarray, np.ndarray]
"""A term's neighbours (term ids, ascending) and their weights."""


def _sampled(index: CorpusIndex, docs: np.ndarray) -> np.ndarray:
    """CONTEXT_DOCS of `docs` (in order), chosen by a hash of their articles' ids, not by
    their numbers (see CONTEXT_DOCS)."""
    docs = np.asarray(docs, dtype=np.int64)
    if len(docs) <= CONTEXT_DOCS:
        return docs
    keys = _id_hashes(index, docs)
    return np.sort(docs[np.argpartition(keys, CONTEXT_DOCS - 1)[:CONTEXT_DOCS]])


_hashed: weakref.WeakKeyDictionary[CorpusIndex, tuple[np.ndarray, np.ndarray]] = weakref.WeakKeyDictionary()
_hashed_lock = threading.Lock()


def _id_hashes(index: CorpusIndex, docs: np.ndarray) -> np.ndarray:
    """The hash of each of `docs`' article ids, kept per index as they are first asked for (all
    at once when a sixteenth of the archive is asked: 0.2 s at 1.1 million articles; a word of a
    hundred thousand articles read one at a time took 0.15 s a query)."""
    with _hashed_lock:
        kept = _hashed.get(index)
        if kept is None:
            kept = _hashed[index] = (np.zeros(len(index), dtype=np.uint64), np.zeros(len(index), dtype=bool))
    hashes, known = kept
    missing = docs[~known[docs]]
    if len(missing):
        ids = article_ids(index.articles)
        if len(missing) * 16 > len(index):
            missing = np.arange(len(index), dtype=np.int64)
        packed = ids if len(missing) == len(ids) and isinstance(ids, PackedStrings) else None
        if packed is None:
            packed = (
                ids.select(missing)
                if isinstance(ids, PackedStrings)
                else PackedStrings.of([ids[d] for d in missing.tolist()])
            )
        hashes[missing] = packed.hashes()  # two threads may fill the same places: with the same values
        known[missing] = True
    found: np.ndarray = hashes[docs]
    return found


def hash_article_ids(index: CorpusIndex) -> None:
    """Hash every article's id now, as the first query of a word in more than a sixteenth of the
    archive would (0.27 s at 1.1 million articles): Archive.warm_up, before the first query."""
    if len(index) > CONTEXT_DOCS:
        _id_hashes(index, np.arange(len(index), dtype=np.int64))


def _profile(index: CorpusIndex, term: int) -> Profile:
    """The words around a term in a sample of its articles: (term ids, weights), weighted by
    their inverse document frequency so that the common words count little."""
    docs = _sampled(index, index.postings(term)[0])
    starts = index.token_offsets[docs]
    lengths = index.token_offsets[docs + 1] - starts
    tokens = index.tokens_in(starts, lengths)
    owner = np.repeat(np.arange(len(docs)), lengths)  # which article each token is of
    where = np.nonzero(tokens == term)[0]
    near = [(where + step, where) for step in range(-CONTEXT_WINDOW, CONTEXT_WINDOW + 1) if step]
    places = np.concatenate([p for p, _ in near]) if near else where
    origin = np.concatenate([w for _, w in near]) if near else where
    inside = (places >= 0) & (places < len(tokens))
    places, origin = places[inside], origin[inside]
    places = places[owner[places] == owner[origin]]  # never a word of the next article in the sample
    ids, counts = np.unique(tokens[places], return_counts=True)
    ids, counts = ids[ids != term], counts[ids != term]
    df = index.document_frequency[ids].astype(np.float64)
    weights = counts * np.log(len(index) / np.maximum(df, 1.0))
    return ids, weights


def same_word(index: CorpusIndex) -> Callable[[int, int], bool]:
    """Whether two terms of the index are one word in two spellings: the words around them agree
    (cosine at least SAME_CONTEXT)."""
    return lambda a, b: context_similarity(index, a, b) >= SAME_CONTEXT


def context_similarity(index: CorpusIndex, a: int, b: int) -> float:
    """Cosine of the neighbour profiles of two terms, 0 to 1."""
    return _cosine(_profile(index, a), _profile(index, b), a, b)


def _shared(profile_a: Profile, profile_b: Profile, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    """The weights, in each profile, of the neighbours the two share, the two terms counting as
    one word around each other (ترمب beside ترامب)."""
    ids_a, w_a = profile_a
    ids_b, w_b = profile_b
    ids_b = np.where(ids_b == a, b, ids_b)
    ids_a = np.where(ids_a == b, a, ids_a)
    _, in_a, in_b = np.intersect1d(ids_a, ids_b, return_indices=True)
    return w_a[in_a], w_b[in_b]


def _cosine(profile_a: Profile, profile_b: Profile, a: int, b: int) -> float:
    """Cosine of two neighbour profiles (see `_shared`)."""
    w_a, w_b = profile_a[1], profile_b[1]
    if not len(w_a) or not len(w_b):
        return 0.0
    shared_a, shared_b = _shared(profile_a, profile_b, a, b)
    norm = math.sqrt(float(np.dot(w_a, w_a)) * float(np.dot(w_b, w_b)))
    return float(np.dot(shared_a, shared_b)) / norm if norm else 0.0


def _coverage(profile_a: Profile, profile_b: Profile, a: int, b: int) -> float:
    """The share of `a`'s neighbour weight that `b`'s neighbours hold too: how far the few places
    a rare word is written in are places where the other is written."""
    total = float(profile_a[1].sum())
    return float(_shared(profile_a, profile_b, a, b)[0].sum()) / total if total else 0.0


def expand(
    index: CorpusIndex,
    word: str,
    *,
    exact: bool = False,
    fuzzy: bool = True,
    prefix: bool = False,
    feminine: bool = False,
    whole: bool = False,
) -> Expansion:
    """The terms a normalized query word matches, weighted by how directly they match it, and
    the variants offered instead of matched (`feminine`: written with a final ة; `whole`: the
    word a clitic was read off, never read as behind another). The last EXPANSIONS_KEPT
    expansions of each index are kept: a keystroke expands again only the word being typed, and
    the notes none."""
    key = (word, exact, fuzzy, prefix, feminine, whole)
    found = _remembered(
        _kept,
        index,
        key,
        lambda: _expand(index, word, exact=exact, fuzzy=fuzzy, prefix=prefix, feminine=feminine, whole=whole),
    )
    return Expansion(  # the caller's
        found.word, dict(found.weights), dict(found.kinds), found.offers, found.read_as, dict(found.unless_none)
    )


EXPANSIONS_KEPT = 256
"""Expansions (and choices of offers) kept per index (a few KB each)."""
_kept: weakref.WeakKeyDictionary[CorpusIndex, OrderedDict[tuple[str, bool, bool, bool, bool, bool], Expansion]] = (
    weakref.WeakKeyDictionary()
)
_offers_kept: weakref.WeakKeyDictionary[CorpusIndex, OrderedDict[tuple[str, tuple[int, ...]], tuple[int, ...]]] = (
    weakref.WeakKeyDictionary()
)
_kept_lock = threading.Lock()
K = TypeVar("K")
V = TypeVar("V")


def _remembered(
    store: weakref.WeakKeyDictionary[CorpusIndex, OrderedDict[K, V]], index: CorpusIndex, key: K, make: Callable[[], V]
) -> V:
    """What `make` gives for `key` on this index, made once and kept among the last EXPANSIONS_KEPT."""
    with _kept_lock:
        kept = store.setdefault(index, OrderedDict())
        found = kept.get(key)
        if found is not None:
            kept.move_to_end(key)
            return found
    made = make()
    with _kept_lock:
        kept[key] = made
        while len(kept) > EXPANSIONS_KEPT:
            kept.popitem(last=False)
    return made


def _expand(
    index: CorpusIndex, word: str, *, exact: bool, fuzzy: bool, prefix: bool, feminine: bool, whole: bool = False
) -> Expansion:
    """The expansion of `expand`, made."""
    weights: dict[int, float] = {}
    kinds: dict[int, str] = {}

    def take(term: int, weight: float, kind: str) -> None:
        if weight > weights.get(term, 0.0):
            weights[term] = weight
            kinds[term] = kind

    def keep_unless_none(term: int, weight: float, _kind: str) -> None:
        if term not in weights and weight > unless_none.get(term, 0.0):
            unless_none[term] = weight

    unless_none: dict[int, float] = {}
    feminine = feminine or word.endswith("ة")  # its twin in ه, one word with it, is read so too
    own = index.term_id(word)
    if own is not None:
        take(own, EXACT, "exact")
    if exact:
        return Expansion(word, weights, kinds)
    twin = spelling_twin(index, word)  # its final ي/ى or ة/ه written the other way, where one word
    if twin is not None:
        take(twin, EXACT, "exact")
    spelled = transliterate(index, word, same_word(index))
    if spelled is not None and own is None:
        fuzzy = False  # a Latin word no article writes has no Latin spelling variants, only Arabic ones
    behind = _behind_clitic(index, word) if fuzzy and not whole else ""
    if behind:
        fuzzy = False  # the variants are the word's behind the clitic, its context being the word's own
    forms = (word,) if twin is None else (word, index.terms[twin])
    rare = sum(index.frequency(form) for form in forms) < RARE_DF
    apart = twin is not None and _apart_with_the_article(index, word, index.terms[twin])
    for form in forms if not behind else ():  # behind a clitic: the forms are the word's (below)
        for term in word_forms(index, form, rare=rare, feminine=feminine):
            if not (apart and form != word and _definite(folded_ta(index.terms[term]), form)):
                take(term, KEYED, "base")
        if not feminine and own is not None and form[-1:] in PRONOUN_ENDS:
            # حكومتها, written so: its base only when the query's words are together in no article
            for term in word_forms(index, form, rare=rare, pronouns=True):
                keep_unless_none(term, KEYED, "base")
    typed = word
    if twin is not None and own is None:
        own, word = twin, index.terms[twin]  # the variants of the word as the archive writes it
    offers: list[int] = []
    typos: list[tuple[int, float]] = []
    if fuzzy:
        variants = index.lexicon.fuzzy_terms(word, one_edit=not rare)
        if word.endswith(("ة", "ه")) and spelled_apart(index, word):  # عمله is no typo of عملة: another word
            other = ta_spellings(index, word)[1 if word.endswith("ة") else 0]
            variants = [(t, c) for t, c in variants if t != other]
        if own is None and (in_ta := twin_with_ta(word)) is not None:  # الحكمومه: typed with ه, a typo of الحكومة
            known = {t for t, _ in variants}
            variants += [(t, c) for t, c in index.lexicon.fuzzy_terms(in_ta, one_edit=not rare) if t not in known]
        if not weights and not variants and len(word) >= 4:
            # Written nowhere, and no variant of it either: the corpus may only have it with
            # a clitic in front (وجوادار), which is not keyed when the bare word is absent.
            for clitic in FALLBACK_CLITICS:
                variants.extend(index.lexicon.fuzzy_terms(word, clitic=clitic))
        written = index.frequency(word)
        frequency = index.document_frequency
        if rare and own is not None:
            # A word the archive holds, if rarely, is a word: a variant is matched only where the
            # articles write it as they write the word (a typo of it, or another spelling).
            by_odds = sorted(variants, key=lambda pair: -_odds(frequency, *pair))
            own_profile = _profile(index, own)
            matched = [
                (t, c)
                for t, c in by_odds[:RARE_CANDIDATES]
                if t not in weights and _written_alike(index, own, own_profile, t)
            ]
            typos = [(t, c) for t, c in _likeliest(variants, written, frequency) if t not in weights]
        elif rare:
            matched = _likeliest(variants, written, frequency)
        else:
            likely = [
                (t, c)
                for t, c in variants
                if t not in weights
                and (c <= CHEAP or (c <= SWAP and _vowel_moved(word, index.terms[t])))
                and int(frequency[t]) >= 2
            ]
            likely = sorted(likely, key=lambda pair: -int(frequency[pair[0]]))[:CONTEXT_CANDIDATES]
            profile = _profile(index, own) if own is not None else None
            matched = [
                (t, c)
                for t, c in likely
                if own is not None
                and profile is not None
                and (_same_word(index, own, profile, t) if c <= CHEAP else _outlets_spelling(index, own, profile, t))
            ]
        most = max([1, *(int(frequency[t]) for t, _ in matched)])
        for term, cost in matched:
            share = math.sqrt(max(1, int(frequency[term])) / most) if own is None else 1.0  # القاهره before القاره
            _take_variant(index, word, term, cost, take, share)
            if own is None:  # a typo of ترامب is also of the spellings ترامب is searched with (ترمب)
                meant = expand(index, index.terms[term])
                for other, weight in meant.weights.items():
                    if meant.kinds[other] == "variant":
                        take(other, weight * weights.get(term, 0.0), "variant")
        if (
            own is None
            and matched
            and max(int(frequency[t]) for t, _ in matched)
            > sum(int(frequency[t]) for t, kind in kinds.items() if kind == "base")
        ):  # a typo is likelier the word the archive writes most: القهره is القاهره before قهر
            for term, kind in kinds.items():
                if kind == "base":
                    weights[term] = min(weights[term], TYPO_BASE)
        for term, cost in typos:
            _take_variant(index, word, term, cost, keep_unless_none)
        by_frequency = sorted(variants, key=lambda pair: -int(frequency[pair[0]]))
        if own is None and matched:  # a typo: offer only what it is nearly as likely to be (not القدره for القهره)
            best = max(_odds(frequency, t, c) for t, c in matched)
            by_frequency = [(t, c) for t, c in by_frequency if _odds(frequency, t, c) >= best - CHANNEL * CHEAP]
        offers = [t for t, _ in by_frequency if t not in weights][:OFFER_CANDIDATES]
    if behind:  # لترامب: what ترامب finds, its spellings (ترمب) too; ومصر: مصر's adjectives (المصري)
        inner = expand(index, behind, feminine=feminine, whole=True)
        for term, kind in inner.kinds.items():
            take(term, min(inner.weights[term], KEYED), "base" if kind == "exact" else kind)
        offers = list(dict.fromkeys([*offers, *inner.offers]))[:OFFER_CANDIDATES]
    if spelled is not None:
        latin = fold_latin(word)
        with_article = strip_article(latin)[1] or latin.startswith(("al", "el"))
        for term, fit in spelled.terms:
            twin = spelling_twin(index, index.terms[term])  # موسى, and موسي where ي is written as ى
            for spelling in (term,) if twin is None else (term, twin):
                take(spelling, TRANSLITERATED * fit, "transliteration")
                arabic = folded_ta(index.terms[spelling])
                base = arabic[2:] if with_article and arabic.startswith("ال") else ""
                for related in word_forms(index, index.terms[spelling]):  # al-qaeda: القاعدة, not قاعدة "base"
                    form = folded_ta(index.terms[related])
                    if not _with_pronoun(form, arabic) and (not base or _definite(form, base)):
                        take(related, TRANSLITERATED * fit * 0.9, "transliteration")
        offers = list(dict.fromkeys([*spelled.offered, *offers]))[:OFFER_CANDIDATES]
    if prefix and rare:  # a word many articles hold is taken as typed: its completions are other words
        for term in index.lexicon.prefix_terms(word):
            take(term, PREFIX, "prefix")
    read_as = tuple(term for term, _ in spelled.terms) if spelled is not None else ()
    return Expansion(typed, weights, kinds, tuple(offers), read_as, unless_none)


def _vowel_moved(word: str, other: str) -> bool:
    """Whether two spellings differ by a ي or و written one letter or two away, nothing else: a
    foreign name's long vowel placed as each outlet hears it (الأمريكي, الأميركي; تيلرسون, تليرسون)."""
    if len(word) != len(other) or word == other:
        return False
    for i, letter in enumerate(word):
        if letter not in "يو":
            continue
        rest = word[:i] + word[i + 1 :]
        for j in range(max(0, i - 2), min(len(other), i + 3)):
            if j != i and other[j] == letter and other[:j] + other[j + 1 :] == rest:
                return True
    return False


def _with_pronoun(form: str, name: str) -> bool:
    """Whether `form` is the Arabic `name` a Latin word was read as (normalized letters) with an
    attached pronoun: a Latin word means a name, which takes none (3omar: no عمره "his age", sa3d
    no سعدنا, 5alifa no خليفته "his successor"); its clitic, plural and adjective forms stay."""
    stems = (name, name[:-1] + "ت") if name.endswith("ه") else (name,)
    return any(form.endswith(stem + pronoun) for stem in stems for pronoun in PRONOUNS)


FA_SHARE = 0.5
"""A word read as ف + a word is that only where the archive writes و + that word at least twice as
often (news joins و to a word far more than ف): فتحت (480 articles of the 69k; وتحت 237) is a
word of its own, فالحكومة ف + الحكومة."""
CONJUNCTIONS = frozenset("وف")
"""The clitics that stand first, before ب ل ك and the article (وبالرياض, فلترامب)."""


def _behind_clitic(index: CorpusIndex, word: str) -> str:
    """The word a query word is behind a clitic (بالرياض: الرياض, لترامب: ترامب), where the archive
    reads it so and holds that word more often than the typed form; "" otherwise, and for a place
    the gazetteer knows or a word of people's names the lists know, read whole (وجدة, Oujda)."""
    clitic = _clitic_read_off(index, word, clitic_base(word, index.forms, index.frequency))
    if clitic is None or fold_final_ya(folded_ta(word)) in places() or word in person_names():
        return ""
    with_article = with_the_article(word)
    base = with_article if with_article[2:] == clitic else clitic  # للبنان: ل + لبنان, never لل + بنان
    return base if base != word and index.frequency(base) > index.frequency(word) else ""


def _fa_word(index: CorpusIndex, form: str) -> bool:
    """Whether a form beginning with ف is a word of its own the archive's keys read as ف + a word
    (فتحت, keyed with تحت): it is no form of that word (FA_SHARE)."""
    if not form.startswith("ف") or len(form) < 4:
        return False
    return _fa_more(index, form) and clitic_base(form, index.forms, index.frequency) == form[1:]


def _fa_more(index: CorpusIndex, form: str) -> bool:
    """Whether the archive writes a form in ف over FA_SHARE times as often as the same word after و."""
    return index.frequency(form) > FA_SHARE * index.frequency("و" + form[1:])


def _clitic_read_off(index: CorpusIndex, word: str, clitic: str | None) -> str | None:
    """clitic_base's reading of a query word (`clitic`), unless it is ف before a word news writes
    after و less (_fa_word) or leaves ب, ل or ك before a و or ف that is itself a clitic: Arabic
    writes و and ف first (وبالرياض), so لوبان (Le Pen) is no ل + و + بان, بوروسيا no ب + و + روسيا;
    بوزارة is ب + وزارة, whose و is its own."""
    if clitic is not None and word == "ف" + clitic and len(word) >= 4 and _fa_more(index, word):
        return None  # فتحت ("she opened") is no ف + تحت ("under"): وتحت is written more
    if clitic is None or clitic[:1] not in CONJUNCTIONS or word[: len(word) - len(clitic)][-1:] in CONJUNCTIONS:
        return clitic
    return None if clitic_base(clitic, index.forms, index.frequency) is not None else clitic


def _apart_with_the_article(index: CorpusIndex, word: str, twin: str) -> bool:
    """Whether a word and its twin in ى or ي, one word bare (يمني, "Yemeni", and يمنى, 10 articles
    beside 352), are two with the article (اليمني and اليمنى, "the right one", 307 beside 1,646):
    then the twin's forms with the article are not the word's."""
    if word == twin or fold_final_ya(word) != fold_final_ya(twin) or index.term_id("ال" + twin) is None:
        return False
    return index.term_id("ال" + word) is not None and ya_twin(index, "ال" + word) is None


def spelling_twin(index: CorpusIndex, word: str) -> int | None:
    """The term of `word` with its final ي or ى, or its final ة or ه, written the other way, where
    the archive reads the two as one word or holds only the other (final_ya, final_ta)."""
    twin = ya_twin(index, word)
    return ta_twin(index, word) if twin is None else twin


def _odds(frequency: np.ndarray, term: int, cost: float) -> float:
    """How likely a typo is of `term`, by the noisy channel: its articles against what the typo costs."""
    return math.log(max(1, int(frequency[term]))) - CHANNEL * cost


def _likeliest(variants: list[tuple[int, float]], written: int, frequency: np.ndarray) -> list[tuple[int, float]]:
    """The variants a typo is likeliest to be of, by the noisy channel (CHANNEL): of those at
    least as frequent as the word, the ones that cost what the likeliest costs and are held by
    a LIKELY_SHARE-th as many articles as the most frequent of them."""
    likely = [(t, c) for t, c in variants if int(frequency[t]) >= written]
    odds = {t: _odds(frequency, t, c) for t, c in likely}
    best = max(likely, key=lambda pair: odds[pair[0]], default=(0, 0.0))
    tier = [(t, c) for t, c in likely if c == best[1]]  # the likeliest variant's cost
    most = max((int(frequency[t]) for t, _ in tier), default=0)
    return [(t, c) for t, c in tier if int(frequency[t]) * LIKELY_SHARE >= most]


def _take_variant(
    index: CorpusIndex,
    word: str,
    term: int,
    cost: float,
    take: Callable[[int, float, str], object],
    share: float = 1.0,
) -> None:
    """Give `take` a variant of `word` and its own forms, weighted by what the typo costs (and
    by `share`, how likely the variant is among those of a word no article holds)."""
    weight = FUZZY * (1.0 - cost / (len(word) + 1)) * share
    take(term, weight, "variant")
    for related in word_forms(index, index.terms[term]):
        take(related, weight * 0.9, "variant")


def offered(index: CorpusIndex, word: str, candidates: tuple[int, ...]) -> tuple[int, ...]:
    """The variants to offer for `word` among its unmatched `candidates` (Expansion.offers, most
    frequent first), at most OFFERS (see the module doc); the last choices of each index are kept."""
    written, own = index.frequency(word), index.term_id(word)
    if word.isascii():  # its Arabic readings: no spelling to compare
        return candidates[:OFFERS]
    if _a_known_name(word, index):  # محمد is never حمد, سلمان never سلطان, وهران never طهران: each a name
        candidates = tuple(t for t in candidates if not _a_known_name(index.terms[t], index))
    base = strip_arabic_article(word)  # الخليجي is no spelling of الخليج: its adjective, left out on purpose
    candidates = tuple(
        t
        for t in candidates
        if not any(folded_ta(index.terms[t]).endswith(folded_ta(base) + ending) for ending in NISBA_SUFFIXES)
    )
    if written < RARE_DF or own is None:  # too few contexts to compare: the likeliest by the noisy channel
        odds = {t: _odds(index.document_frequency, t, edit_cost(word, index.terms[t])) for t in candidates}
        best = max(odds.values(), default=0.0)
        return tuple(t for t in candidates if odds[t] >= best - CHANNEL * CHEAP)[:OFFERS]
    return _remembered(_offers_kept, index, (word, candidates), lambda: _chosen_offers(index, own, candidates))


def _a_known_name(form: str, index: CorpusIndex) -> bool:
    """A person's name word or a place the shipped lists know, as written or after its clitics."""
    names, known = person_names(), places()
    form = folded_ta(form)
    base = clitic_base(form, index.forms, index.frequency) or form
    return any(fold_final_ya(f) in names or fold_final_ya(f) in known for f in {form, base})


def _chosen_offers(index: CorpusIndex, own: int, candidates: tuple[int, ...]) -> tuple[int, ...]:
    """The choice of `offered` for a word the archive holds often (its term `own`), made."""
    profile = _profile(index, own)
    agreeing = (term for term in candidates if _context_cosine(index, own, profile, term) >= OFFER_CONTEXT)
    return tuple(itertools.islice(agreeing, OFFERS))


def _same_word(index: CorpusIndex, own: int | None, profile: Profile, variant: int) -> bool:
    """The variant is written where the word is: the same name in another spelling."""
    return own is not None and _context_cosine(index, own, profile, variant) >= SAME_CONTEXT


def _outlets_spelling(index: CorpusIndex, own: int, profile: Profile, variant: int) -> bool:
    """A variant with a long vowel moved (_vowel_moved) is the word as another outlet spells it:
    written where the word is, closely (MOVED_CONTEXT), or loosely (MOVED_BY_OUTLET) by outlets
    that each keep to one of the two spellings (OUTLET_SPELLING: الأمريكي and الأميركي, 0.86;
    جيد "good" and جدي "serious", 0.08)."""
    cosine = _context_cosine(index, own, profile, variant)
    if cosine >= MOVED_CONTEXT:
        return True
    return cosine >= MOVED_BY_OUTLET and _kept_apart_by_outlets(index, own, variant) >= OUTLET_SPELLING


def _kept_apart_by_outlets(index: CorpusIndex, one: int, other: int) -> float:
    """How far the outlets each keep to one of two spellings: Goodman and Kruskal's lambda of the
    spelling given the source, over the articles holding either (1: every outlet writes one of
    them only; 0: the source tells nothing of which is written)."""
    sources = index.source_numbers()
    held = [
        np.bincount(sources[index.postings(term)[0]], minlength=len(index.distinct_source_keys()))
        for term in (one, other)
    ]
    total = int(held[0].sum() + held[1].sum())
    if not total:
        return 0.0
    usual = max(int(held[0].sum()), int(held[1].sum())) / total
    if usual >= 1.0:
        return 0.0
    by_outlet = int(np.maximum(held[0], held[1]).sum()) / total
    return (by_outlet - usual) / (1.0 - usual)


def _written_alike(index: CorpusIndex, own: int, profile: Profile, variant: int) -> bool:
    """A rare word (its term `own`) is written where the variant is: their neighbour profiles
    agree loosely (RARE_CONTEXT), or most of the word's neighbours are the variant's too
    (RARE_COVERAGE: االلواء, where اللواء is)."""
    theirs = _profile(index, variant)
    return (
        _cosine(profile, theirs, own, variant) >= RARE_CONTEXT
        or _coverage(profile, theirs, own, variant) >= RARE_COVERAGE
    )


def _context_cosine(index: CorpusIndex, own: int, profile: Profile, variant: int) -> float:
    """The cosine of the word's neighbour profile (of its term `own`) and the variant's."""
    return _cosine(profile, _profile(index, variant), own, variant)
