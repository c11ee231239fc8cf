"""Names known by the noun in front of them: a league, a programme, a stadium, a website.

In Arabic the kind of thing a name names is often said just before it, in construct state
(دوري عبد اللطيف جميل, برنامج "بوليتيكا", ملعب "لوفتس رود", موقع أكسيوس). The tagger reads the
name alone and calls it a person, or cuts a foreign name into pieces. Here:

- a quoted phrase right after such a head noun is one name, of the head's type;
- a person the tagger found right after one, and nowhere else in the article without one,
  is that thing, not a person (in "برنامج ترامب" … "قال ترامب" ترامب stays a person); after a
  head and a title or a word of lineage (مطار الملك خالد الدولي, مدينة بن قردان), the thing is
  named from the head on;
- a name the tagger cut into one-word pieces of one type right after one (ملعب لوفتس | رود)
  is one name of its type;
- a place right after the head of a body or a thing is its name (صحيفة الرياض, مهرجان كان).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from corpus.text.normalization import normalize

__all__ = [
    "HEAD_NOUNS",
    "INSTITUTIONS",
    "NAMED_AFTER",
    "NAMED_AFTER_PLACES",
    "head_forms",
    "head_type",
    "named_by_heads",
    "preposition_before_head",
]

HEAD_NOUNS: dict[str, str] = {
    normalize(word): kind
    for kind, words in (
        (
            "ORG",
            "شركة موقع صحيفة جريدة مجلة وكالة قناة شبكة إذاعة تلفزيون نادي حزب مجموعة مؤسسة منظمة جمعية بنك "
            "مصرف جامعة هيئة حركة دار",
        ),
        (
            "MISC",
            "برنامج دوري كأس بطولة مهرجان مسلسل فيلم كتاب رواية جائزة عملية مبادرة تطبيق وسم هاشتاغ هاشتاج ألبوم أغنية "
            "صاروخ صواريخ",
        ),
        (
            "MISC",
            "اتفاق اتفاقية اتفاقات اتفاقيات معاهدة",
        ),
        ("MISC", "ملعب استاد ستاد"),  # as ANERcorp tags stadiums
        ("LOC", "مطار شارع ميدان ساحة جسر ميناء فندق مدينة بلدة قرية محافظة"),
    )
    for word in words.split()
}
"""Nouns that say what the name after them is (never with the article: الدوري السعودي is no
construct), and the type that name has."""

INSTITUTIONS: dict[str, str] = {
    normalize(word): kind
    for kind, words in (("ORG", "مستشفى مستوصف معهد كلية مركز مكتبة متحف"), ("LOC", "مسجد جامع"))
    for word in words.split()
}
"""Heads of things named after a person (مستشفى الملك فهد, مركز محمد بن نايف للمناصحة, جامع الملك
عبدالعزيز): only a name with a title or lineage in it (NAMED_AFTER) is theirs, from the head on;
after them a bare name is the person's (مركز ميسي: Messi's position). Not a palace or a tower:
قصر الرئيس بشار الأسد is whose palace it is, not its name."""

PEOPLE_ONLY = frozenset(normalize(w) for w in "اتفاق اتفاقية اتفاقات اتفاقيات معاهدة صاروخ صواريخ".split())
"""Heads whose name is often a place, a description or who holds the thing (اتفاقات كامب ديفيد,
اتفاق "جديد وذكي", اتفاقية سلام ومصالحة, صواريخ «حماس»): only a person the tagger found after
them is their name; a quoted phrase or words in pieces after them are left as they are."""

NAMED_AFTER = frozenset(normalize(w) for w in "الملك الأمير الشيخ السلطان الإمام الرئيس الشهيد بن ابن أبو".split())
"""A title or a word of lineage between a head noun and the person a thing is named after (مطار
الملك خالد الدولي, مدينة بن قردان): the thing is named, from the head on (ANERcorp leaves out
مطار and مدينة, but without them the airport, the city and the university named after one king
would be one place), never the person."""

_PREPOSITIONS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")
_OPENING_QUOTES = "\"'«“„‘"
_CLOSING_QUOTES = "\"'»”“’"
_LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
QUOTED_WORDS = 5
"""At most this many words in a quoted name after a head noun."""


_POSSESSIVES = ("ها", "هم", "ه")


@lru_cache(maxsize=8)
def head_forms(kind: str) -> frozenset[str]:
    """The head nouns announcing a name of `kind`, normalized, bare and after a preposition or a
    conjunction (نادي, لنادي, ونادي)."""
    heads = [word for word, head in HEAD_NOUNS.items() if head == kind]
    return frozenset(heads + [prefix + word for word in heads for prefix in _PREPOSITIONS])


@lru_cache(maxsize=1 << 14)
def head_type(word: str) -> str:
    """The type of the name a word announces (دوري → MISC, لصحيفة → ORG, ملعبه → LOC), or ""
    (an institution's head announces a name only with a title in it: INSTITUTIONS)."""
    return HEAD_NOUNS.get(head_base(word), "")


@lru_cache(maxsize=1 << 14)
def head_base(word: str) -> str:
    """The head noun a word is, without a preposition or a possessive (لصحيفة → صحيفه), or ""."""
    form = normalize(word)
    bases = [form] + [form[len(p) :] for p in _PREPOSITIONS if form.startswith(p)]
    bases += [base[: -len(s)] for base in bases for s in _POSSESSIVES if base.endswith(s) and len(base) > len(s) + 2]
    return next((base for base in bases if base in HEAD_NOUNS or base in INSTITUTIONS), "")


def preposition_before_head(word: str) -> int:
    """How many characters of `word` are a preposition before the head noun it is (بمستشفى: 1,
    ولصحيفة: 2), or 0: a name from its head on starts after them."""
    form = normalize(word)
    base = head_base(word)
    prefix = (
        next((p for p in _PREPOSITIONS if form.startswith(p) and form[len(p) :].startswith(base)), "") if base else ""
    )
    letters, taken = 0, 0
    while letters < len(prefix) and taken < len(word):
        if normalize(word[taken]):  # a letter, not a mark
            letters += 1
        taken += 1
    while letters and taken < len(word) and not normalize(word[taken]):
        taken += 1  # the preposition's own marks (بَمستشفى)
    return taken if letters == len(prefix) else 0


def _opens_quote(text: str, start: int, end: int) -> bool:
    """Whether a quote opens between two words (never between two one space apart)."""
    return end - start > 1 and any(c in _OPENING_QUOTES for c in text[start:end])


def _quoted(text: str, words: Sequence[re.Match[str]], after: int) -> int:
    """How many words, from `after` on, stand in quotes opened just before it, or 0."""
    gap = text[words[after - 1].end() : words[after].start()]
    if not gap.strip() or gap.strip()[-1] not in _OPENING_QUOTES:
        return 0
    for count in range(1, min(QUOTED_WORDS, len(words) - after) + 1):
        last = words[after + count - 1]
        following = words[after + count].start() if after + count < len(words) else len(text)
        tail = text[last.end() : following]
        if any(c in _LINE_BREAKS for c in tail):
            return 0
        if tail.strip() and tail.strip()[0] in _CLOSING_QUOTES:
            return count
        if tail.strip():
            return 0
    return 0


def _span_end(tags: Sequence[str], start: int) -> int:
    """The end of the tagged span that begins at `start`."""
    end = start + 1
    while end < len(tags) and tags[end] == "I-" + tags[start][2:]:
        end += 1
    return end


def _pieces_end(text: str, words: Sequence[re.Match[str]], tags: Sequence[str], start: int) -> int:
    """The end of the one-word spans of one type from `start` on with only spaces between them
    (ملعب لوفتس | رود: the tagger cut one name in pieces), or `start` when there are not two."""
    end = start
    while end < len(tags) and tags[end] == tags[start] and _span_end(tags, end) == end + 1:
        if end > start and (text[words[end - 1].end() : words[end].start()].strip() or _describes(words[end].group())):
            break
        end += 1
    return end if end - start >= 2 else start


def _describes(word: str) -> bool:
    """A relative adjective (السعودية, المصري): it says whose the name before it is (مدينة جدة
    السعودية), it is no piece of that name."""
    form = normalize(word)
    bare = form[2:] if form.startswith("ال") else form
    return len(bare) >= 4 and bare.endswith(("يه", "ي"))


NAMED_AFTER_PLACES = frozenset(
    normalize(w)
    for w in "صحيفة جريدة مجلة وكالة شبكة إذاعة تلفزيون نادي حزب مؤسسة منظمة جمعية بنك مصرف جامعة "
    "هيئة شركة مهرجان كأس بطولة دوري جائزة ملعب استاد ستاد".split()
)
"""Heads of bodies and things named after a place (صحيفة الرياض, نادي الرياض, مهرجان كان, كأس
آسيا, استاد القاهرة): a place right after one is that name. Not a place's own head (مدينة جدة
is the city), nor a head a place after is its owner's (برنامج إيران النووي, Iran's programme),
nor one with another sense (موقع سوريا, Syria's position; قناة السويس, the canal; مجموعة مصر,
Egypt's group in a cup)."""


def _named_after_place(word: str) -> bool:
    return head_base(word) in NAMED_AFTER_PLACES


def named_by_heads(
    text: str, sentences: Sequence[Sequence[re.Match[str]]], tags: Sequence[Sequence[str]]
) -> list[list[str]]:
    """The tags of an article's sentences with names after head nouns typed by them (see the module)."""
    out = [list(sentence_tags) for sentence_tags in tags]
    after_heads: list[tuple[int, int, int, str, int]] = []  # (sentence, start, end, type, head) of people after a head
    for number, words in enumerate(sentences):
        sentence_tags = out[number]
        for i in range(1, len(words)):
            if sentence_tags[i] == "O" and not _opens_quote(text, words[i - 1].end(), words[i].start()):
                continue  # no name follows: the word before is never looked up
            kind = head_type(words[i - 1].group())
            if not kind:
                if sentence_tags[i] not in ("B-PER", "B-PERS"):
                    continue
                end = _span_end(sentence_tags, i)
                institution = INSTITUTIONS.get(head_base(words[i - 1].group()), "")
                if institution and any(normalize(w.group()) in NAMED_AFTER for w in words[i:end]):
                    after_heads.append((number, i, end, institution, i - 1))  # مركز محمد بن نايف
                elif i >= 2 and normalize(words[i - 1].group()) in NAMED_AFTER and sentence_tags[i - 1] == "O":
                    before = head_base(words[i - 2].group())
                    if kind := HEAD_NOUNS.get(before, "") or INSTITUTIONS.get(before, ""):
                        after_heads.append((number, i, end, kind, i - 2))  # مستشفى الملك فهد
                continue
            people_only = head_base(words[i - 1].group()) in PEOPLE_ONLY
            quoted = 0 if people_only else _quoted(text, words, i)
            if quoted:
                sentence_tags[i : i + quoted] = [f"B-{kind}"] + [f"I-{kind}"] * (quoted - 1)
            elif sentence_tags[i] in ("B-PER", "B-PERS"):
                after_heads.append((number, i, _span_end(sentence_tags, i), kind, i))
            elif (
                not people_only
                and sentence_tags[i].startswith("B-")
                and (end := _pieces_end(text, words, sentence_tags, i)) > i
            ):
                sentence_tags[i:end] = [f"B-{kind}"] + [f"I-{kind}"] * (end - i - 1)
            elif (
                sentence_tags[i] == "B-LOC" and sentence_tags[i - 1] == "O" and _named_after_place(words[i - 1].group())
            ):
                end = _span_end(sentence_tags, i)  # صحيفة الرياض, نادي الرياض: the paper, the club
                sentence_tags[i - 1 : end] = [f"B-{kind}"] + [f"I-{kind}"] * (end - i)
    if not after_heads:
        return out
    elsewhere = _people_without_heads(sentences, out, {(n, s) for n, s, _, _, _ in after_heads})
    for number, start, end, kind, first in after_heads:
        span = tuple(normalize(w.group()) for w in sentences[number][start:end])
        if span not in elsewhere and span[:1] not in elsewhere:
            out[number][first:end] = [f"B-{kind}"] + [f"I-{kind}"] * (end - first - 1)
    return out


def _people_without_heads(
    sentences: Sequence[Sequence[re.Match[str]]], tags: Sequence[Sequence[str]], skipped: set[tuple[int, int]]
) -> set[tuple[str, ...]]:
    """The people (as normalized words, and each one's last word) the article names outside `skipped`."""
    people: set[tuple[str, ...]] = set()
    for number, (words, sentence_tags) in enumerate(zip(sentences, tags, strict=True)):
        i = 0
        while i < len(words):
            if sentence_tags[i] in ("B-PER", "B-PERS") and (number, i) not in skipped:
                end = i + 1
                while end < len(words) and sentence_tags[end] in ("I-PER", "I-PERS"):
                    end += 1
                forms = tuple(normalize(w.group()) for w in words[i:end])
                people.update((forms, forms[-1:]))
                i = end
            else:
                i += 1
    return people
