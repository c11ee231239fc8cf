"""Finding the mentions in an article's text: rules first, then the tagger where rules found nothing."""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import chain, compress

import numpy as np
import numpy.typing as npt

from corpus.entities.choice import default_tagger
from corpus.entities.clubs import clubs_and_cities
from corpus.entities.heads import named_by_heads, preposition_before_head
from corpus.entities.homonyms import linked_to_cities
from corpus.entities.lexicons import (
    GENERATIONS,
    LETTER_NAMES,
    ORG_TRIGGERS,
    PERSON_TRIGGERS,
    letter_clitic,
    not_names,
    person_names,
    places,
)
from corpus.entities.mentions import CONFIDENT, NAME_TYPES, Mention
from corpus.entities.name_shapes import generic_organisation, named_by_kind, place_adjective
from corpus.entities.regal import regnal_end, regnal_tail, with_titles
from corpus.entities.rules import ClaimedSpans, rule_mentions
from corpus.entities.tagger import SentenceTagger
from corpus.text.boilerplate import trailing_furniture
from corpus.text.clitics import ARTICLE_PREFIXES, CHECKED_PREFIXES, without_any_proclitic
from corpus.text.normalization import (
    MAQSURA_WORDS,
    normalize,
    normalized_form,
    without_clitics,
    writes_maqsura_apart,
)
from corpus.text.shipped import countries, feminine_words
from corpus.text.words import WORD

__all__ = [
    "DEFINITE",
    "TAGGED_CHARS",
    "WORD",
    "datelines",
    "definite_base",
    "article_mentions",
    "articles_mentions",
    "consistency_pass",
    "sentence_words",
    "is_title",
    "tag_words",
    "tagger_tokens",
    "read_conll_articles",
]

SENTENCE_END = re.compile(r"[.!?؟\n]+")
_TAGGER_TYPES = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
"""The tagger's types as mentions name them (NAME_TYPES)."""


def _sentences(text: str) -> list[list[re.Match[str]]]:
    """Words of each sentence of the text, as matches (so their offsets are known)."""
    sentences: list[list[re.Match[str]]] = []
    start = 0
    for end_match in [*SENTENCE_END.finditer(text), None]:
        end = end_match.start() if end_match else len(text)
        words = list(WORD.finditer(text, start, end))
        if words:
            sentences.append(words)
        start = end_match.end() if end_match else len(text)
    return sentences


def sentence_words(text: str) -> list[list[str]]:
    """The words of each sentence of `text`, split as the tagger splits them."""
    return [[m.group() for m in sentence] for sentence in _sentences(text)]


def tagger_tokens(text: str) -> list[list[str]]:
    """The tokens the tagger reads of each sentence of an article's text (its words and the
    punctuation marks between them), as `article_mentions` gives them to it."""
    cut = _tagged_part(text)
    return [_with_punctuation(cut, sentence)[0] for sentence in _sentences(cut)]


def _bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of each name in BIO tags: a B- or a stray I- opens one, an I- of the
    same type right after it goes on with it."""
    spans: list[tuple[int, int, str]] = []
    if tags.count("O") == len(tags):  # most sentences name nothing: counted in C
        return spans
    start, last, kind = -1, -2, ""
    for i in [i for i, tag in enumerate(tags) if tag != "O"]:  # the few named words, found in one pass
        tag = tags[i]
        if i == last + 1 and tag[2:] == kind and tag.startswith("I-"):
            last = i
            continue
        if start >= 0:
            spans.append((start, last + 1, kind))
        start, last, kind = i, i, tag[2:]
    spans.append((start, last + 1, kind))
    return spans


def tidy_spans(
    words: Sequence[str], tags: Sequence[str], ya_apart: bool = False, written: Counter[str] | None = None
) -> list[str]:
    """Tags of one sentence with the tagger's commonest slips in people and places mended: a
    function word or a title at either end of a name is left out (آنذاك نزارباييف, للشيخ القرضاوي) unless
    the name is spelled letters (بي بي سي), a person's name ends with its parent or family
    (see _lineage_end), and a word
    joined by و inside a name starts a new name of the same type (توكاييف وشريف → two
    people) unless it is itself a name (وليد) or, by `written` (how often the article writes each
    normalized word), a surname written so throughout its article (see _whole_waw_name: واينستين);
    an organisation followed at once by a place is
    one organisation (اتحاد طنجة, a club named after its city), and an organisation run on through
    و to a place or another organisation is split (see _split_organisations); a person's name the
    tagger ended on آل, بن or عبد takes the next word (حمد بن خليفة آل ثاني), and one ends before a
    word behind لل (صلاح لليفربول)."""
    out = list(tags)
    _split_at_titles(words, out)
    spans = _bio_spans(out)
    for (_, end, kind), (start, after, then) in zip(spans, spans[1:], strict=False):
        if kind == "ORG" and then == "LOC" and start == end:  # اتحاد طنجة: a club named after its city
            out[start:after] = ["I-ORG"] * (after - start)
    people = [(start, end) for start, end, kind in _bio_spans(out) if kind in ("PERS", "PER")]
    for (start, end), (after, _) in zip(people, people[1:], strict=False):
        if _describes(words, start, end, after):
            out[start] = "O"  # القيادي في حركة النهضة علي العريض: a description, not a name
    for start, end, kind in _bio_spans(out):
        if kind == "ORG":
            _split_organisations(words, out, start, end)
        elif (
            kind in ("PERS", "PER")
            and end < len(words)
            and out[end] == "O"
            and (_names_on(words[end - 1], words[end]) or _generation_after(words, out, end))
        ):
            # حمد بن خليفة آل ثاني: a name never ends on آل, بن, عبد; بوش الابن, ترامب جونيور: the son
            # is another man than the father
            out[end] = f"I-{kind}"
    for start, end, kind in _bio_spans(out):
        while kind == "ORG" and end < len(words) and out[end] == "O" and _says_which(words, start, end):
            out[end] = "I-ORG"  # البنك المركزي المصري: the adjective says which bank
            end += 1
    if ya_apart:  # "وقال علي لاريجاني": where على is written with ى, علي before a person is his given name
        for start, _, kind in _bio_spans(out):
            if kind in ("PERS", "PER") and start and out[start - 1] == "O" and _given_with_ya(words[start - 1]):
                out[start - 1 : start + 1] = [f"B-{kind}", f"I-{kind}"]
    for start, end, kind in _bio_spans(out):
        if kind in ("PERS", "PER"):  # a body may end in letters: الجوهرة أف أم (Jawhara FM)
            _letters_run_into(words, out, start, end)
    for start, end, kind in _bio_spans(out):
        forms = [normalize(w) for w in words[start:end]]
        if _spelled_letters(forms):
            end = _acronym_run_on(words, forms, out, start, end)
            _acronym_begun_before(words, out, start, end)
            continue  # بي بي سي: spelled letters, whatever words they look like
        if kind not in ("PERS", "PER", "LOC"):
            continue
        first, last = 0, len(forms)
        while first < last and (
            _function_word(words[start + first], forms, first, ya_apart)
            or is_title(forms[first])
            or (kind in ("PERS", "PER") and (forms[first] in _AYATOLLAH or _before_people(forms, first, last)))
        ):
            first += 1
        while last > first and (
            forms[last - 1] in not_names() or is_title(forms[last - 1]) or _indefinite(words[start + last - 1])
        ):
            last -= 1
        if kind == "LOC" and last - first == 1 and _place_part(forms[first]):
            first = last  # "بريف حلب": ريف says where in حلب and names nothing; حلب is the place
            if end < len(words) and out[end] == "O" and normalize(words[end]) in places():
                out[end] = "B-LOC"
        if kind in ("PERS", "PER"):
            last = _lineage_end(forms, first, last, before_place=end < len(words) and out[end].endswith("LOC"))
            last = next((i for i in range(first + 1, last) if _for_the(forms[i])), last)
        if (
            last - first == 1
            and words[start + first].endswith(_FINAL_HAMZA)
            and not without_any_proclitic(forms[first]).startswith("ال")  # بالشاطئ: ب and الشاطئ
        ):
            first = last  # حي هادئ, "a quiet quarter", a person or a place: names write ي (هادي)
        out[start:end] = ["O"] * (end - start)
        if first == last:
            continue
        out[start + first] = f"B-{kind}"
        for i in range(first + 1, last):
            form = forms[i]
            joined = form.startswith("و") and len(form) >= 4 and form not in person_names() and form not in places()
            if joined and _whole_waw_name(kind, forms, i, last, written):
                joined = False  # واينستين, written so throughout its article and اينستين never: Weinstein
            out[start + i] = f"B-{kind}" if joined else f"I-{kind}"
    for start, end, kind in _bio_spans(out):
        longer = regnal_end(words, start, end) if kind in ("PERS", "PER") else end
        if longer > end and all(tag == "O" for tag in out[end:longer]):
            out[end:longer] = [f"I-{kind}"] * (longer - end)  # الملك محمد السادس: his number is his name
    _join_place_pieces(words, out)
    clubs_and_cities(words, _bio_spans(out), out)
    return out


_FINAL_HAMZA = "ئ"
"""A word written with it at its end and no article is a word (هادئ, دافئ, طارئ), never a person's
or a place's name alone: names write ي (هادي); a place may be named with the article (مخيم الشاطئ)."""


def _split_at_titles(words: Sequence[str], out: list[str]) -> None:
    """A person's span the tagger ran through a title after a preposition or a conjunction (بندر
    بالرئيس بوتين, "Bandar [met] with President Putin"; ميغان ماركل بالأمير هاري) is two people,
    the title neither's; a title written bare inside a name is the name's (عبد الملك الحوثي)."""
    for start, end, kind in _bio_spans(out):
        if kind not in ("PERS", "PER"):
            continue
        for at in range(start + 1, end - 1):
            form = normalize(words[at])
            if without_any_proclitic(form) != form and is_title(form):
                out[at], out[at + 1] = "O", f"B-{kind}"


def _whole_waw_name(kind: str, forms: Sequence[str], at: int, last: int, written: Counter[str] | None) -> bool:
    """Whether the و-word ending a person's name after a name the lists know is a name of its own
    (هارفي واينستين): its article (`written`) writes it more than once and never without the و,
    and without it, it is no name the lists know (القرضاوي وسيد قطب, كونيتيكت وبنسلفانيا stay two)."""
    form = forms[at]
    return (
        written is not None
        and kind in ("PERS", "PER")
        and at == last - 1
        and forms[at - 1] in person_names()
        and written[form] > 1
        and not written[form[1:]]
        and form[1:] not in person_names()
    )


_THAT = normalize("إن")
"""إن and أن ("that", normalized alike) spell N too."""


def _acronym_run_on(words: Sequence[str], forms: Sequence[str], out: list[str], start: int, end: int) -> int:
    """The end of spelled letters the tagger ran on into إن ("that") after three letters or more,
    the letter before the span counted (قال لبي بي سي إن ...: the BBC, no BBCN); سي إن إن, CNN, is
    two letters and its N. Changes `out`; returns the acronym's end."""
    if forms[-1] == _THAT and end - start + _letter_before(words, out, start) >= 4:
        out[end - 1] = "O"
        return end - 1
    return end


def _letters_run_into(words: Sequence[str], out: list[str], start: int, end: int) -> None:
    """A person's name the tagger ran on into spelled letters (جمال خاشقجي لبي بي سي: "told the BBC";
    سامح شكري بي بي سي) ends before them, and the letters, with the words after them (بي بي سي نيوز),
    are an organisation. Letters are two in a row at least, the first perhaps after a clitic:
    one letter inside a name (جون إف كينيدي, دي ميستورا) is the name's."""
    if _letter_with_clitic(normalize(words[start])):
        return  # spelled letters themselves (بي بي سي إن): see _acronym_run_on
    for at in range(start + 1, end):
        if (
            at + 1 < len(words)
            and _letter_with_clitic(normalize(words[at]))
            and normalize(words[at + 1]) in LETTER_NAMES
        ):
            stop = max(end, at + 2)  # the letters may go on past the name's span (the tagger's B-ORG)
            while stop < len(words) and normalize(words[stop]) in LETTER_NAMES:
                stop += 1
            out[at:stop] = ["B-ORG"] + ["I-ORG"] * (stop - at - 1)
            return


def _spelled_letters(forms: Sequence[str]) -> bool:
    """Whether normalized words are spelled letters, the first perhaps after a clitic (لبي بي سي)."""
    return _letter_with_clitic(forms[0]) and all(form in LETTER_NAMES for form in forms[1:])


def _letter_with_clitic(form: str) -> bool:
    return letter_clitic(form) is not None


def _letter_before(words: Sequence[str], out: list[str], start: int) -> bool:
    """Whether the word before a span, untagged, is a spelled letter, a clitic on it or not (لبي,
    إن); في before it is "in"."""
    if not start or out[start - 1] != "O":
        return False
    before = normalize(words[start - 1])
    return before != "في" and _letter_with_clitic(before)


def _acronym_begun_before(words: Sequence[str], out: list[str], start: int, end: int) -> None:
    """Two spelled letters (بي سي) name nothing alone: the tagger began the acronym a word late
    where a letter stands before them (إن بي سي NBC, أم بي سي MBC, لبي بي سي the BBC after ل),
    and that word begins it. في before them is "in"."""
    if end - start == 2 and _letter_before(words, out, start):
        kind = out[start][2:]
        out[start - 1 : start + 1] = [f"B-{kind}", f"I-{kind}"]


PLACE_PIECES = 3
"""Words at most a place the tagger cut in pieces is made whole of (دير | الزور, أديس | أبابا)."""


def _join_place_pieces(words: Sequence[str], out: list[str]) -> None:
    """A place the gazetteer knows by two or three words, tagged as pieces (دير | الزور, two
    places) or in part (خميس, then مشيط untagged), is one place; so is a country named with the
    word before the tagged place (جنوب أفريقيا: South Africa, not أفريقيا), where ANERcorp
    leaves a region's direction out (جنوب شرق آسيا). `out` changes in place."""
    for start, end, kind in _bio_spans(out):
        if kind != "LOC" or out[start] != "B-LOC":
            continue  # joined already to the place before it
        if start and out[start - 1] == "O" and _one_place(words[start - 1 : end], countries()):
            out[start - 1 : end] = ["B-LOC"] + ["I-LOC"] * (end - start)
            continue
        for stop in range(min(len(words), start + PLACE_PIECES), end, -1):
            free = all(out[i] == "O" or out[i].endswith("-LOC") for i in range(end, stop))
            if free and _one_place(words[start:stop]):
                out[start:stop] = ["B-LOC"] + ["I-LOC"] * (stop - start - 1)
                break


def _one_place(words: Sequence[str], known: frozenset[str] | None = None) -> bool:
    """Whether words name one place of the gazetteer (or of `known`), the first maybe behind و ف
    ب ل ك (بدير الزور)."""
    known = places() if known is None else known
    forms = [normalize(w) for w in words]
    rest = " ".join(forms[1:])
    return f"{forms[0]} {rest}" in known or (forms[0][:1] in "وفبلك" and f"{forms[0][1:]} {rest}" in known)


_FATHATAN = "\u064b"


def _indefinite(word: str) -> bool:
    """A word written with fathatan (دوماً "always", روسياً "Russia-wise", أميراً "as a prince"):
    an adverb or an indefinite accusative, never the end of a name (a name is definite: no tanween)."""
    return _FATHATAN in word


_PLACE_PARTS = frozenset(
    normalize(w) for w in "ريف ضواحي أطراف محيط شمال جنوب شرق غرب وسط شمالي جنوبي شرقي غربي".split()
)
"""Nouns that say which part of a place is meant (ريف دمشق, شمال سوريا): alone, no place's
name."""


def _place_part(form: str) -> bool:
    """Whether a normalized word is one of _PLACE_PARTS, maybe behind و ف ب ل (بريف); never with
    the article (الريف names a region too)."""
    return form in _PLACE_PARTS or (form[:1] in "وفبل" and form[1:] in _PLACE_PARTS)


def _for_the(form: str) -> bool:
    """A word behind لل (ل and the article: "for the") ends a person's name: صلاح لليفربول,
    عبد العزيز للعلوم (a city for science named after a king). No person's name in ANERcorp's
    2,736 holds one after its first word."""
    return form.startswith("لل") and len(form) >= 4 and form not in person_names()


_FAMILY = normalize("آل")
_LINEAGE = frozenset(normalize(w) for w in ("بن", "ابن", "بنت", "آل"))
"""Words after which a person's name gives a parent or the family (بن سلمان, آل سعود)."""
_NAME_OPENERS = frozenset(normalize(w) for w in ("عبد", "أبو", "أبي"))
"""Words that open a two-word name (عبد العزيز, أبي طالب)."""


def _split_organisations(words: Sequence[str], out: list[str], start: int, end: int) -> None:
    """Split an organisation the tagger ran on through و: a joined part that is a place in the
    gazetteer is that place (الاتحاد الأوروبي وكندا), one that opens with an organisation word is
    another organisation (البنك الدولي وصندوق النقد الدولي), and a first part that is a place is
    a place (روسيا والاتحاد الأوروبي) unless an organisation word opens it (الاتحاد الأوروبي is
    also in the gazetteer); a joined word that is itself a place stays (جامعة واشنطن),
    and any other stays inside the name (الهيئة العامة للسياحة والتراث الوطني)."""
    forms = [normalize(w) for w in words[start:end]]
    known = places()
    cut = len(forms)
    for i in range(len(forms) - 1, 0, -1):
        form = forms[i]
        if not form.startswith("و") or len(form) < 3 or form in known:
            continue
        if form[1:] in ORG_TRIGGERS:
            out[start + i] = "B-ORG"
            cut = i
        elif " ".join([form[1:], *forms[i + 1 : cut]]) in known:
            out[start + i : start + cut] = ["B-LOC"] + ["I-LOC"] * (cut - i - 1)
            cut = i
    if cut < len(forms) and forms[0] not in ORG_TRIGGERS and " ".join(forms[:cut]) in known:
        out[start : start + cut] = ["B-LOC"] + ["I-LOC"] * (cut - 1)


def _says_which(words: Sequence[str], start: int, end: int) -> bool:
    """Whether the word after an organisation named only by the kind of body it is (البنك, الاتحاد,
    اللجنة, and adjectives that say no place: البنك المركزي) is a place's adjective with the
    article, agreeing with it, that says which body it is (المصري, الأوروبي): ANERcorp tags it
    inside every time (36 of 36). After a proper name the adjective only describes (نادي ليون
    الفرنسي, الأهلي المصري), and after one that already says where or how far it reaches
    (الاتحاد الأوروبي, الاتحاد الدولي) it is of something else."""
    forms = _first_word_bare([normalize(word) for word in words[start:end]])
    if not named_by_kind(forms, scope=False):
        return False
    following = normalize(words[end])
    return (
        following.startswith("ال")
        and place_adjective(following[2:])
        and following.endswith("ه") == forms[-1].endswith("ه")
    )


def _describes(words: Sequence[str], start: int, end: int, person: int) -> bool:
    """Whether a one-word person with the article is a description of the person named after it
    (القيادي في حركة النهضة علي العريض, القيادي بحركة النهضة …): what follows it is في or a word
    joined to ب, and the other person comes within six words, with no punctuation between. A
    name followed by another is two people otherwise (المالكي اليوم رئيس الوزراء … بلير)."""
    if end - start != 1 or not normalize(words[start]).startswith("ال") or not 2 <= person - end <= 6:
        return False
    following = normalize(words[end])
    between = words[end:person]
    return (following == "في" or (following.startswith("ب") and len(following) > 3)) and all(
        w.isalpha() for w in between
    )


_BIRTH_ORDER = frozenset(normalize(w) for w in ("الأصغر", "الأكبر", "الأوسط", "البكر", "الثاني", "الثالث"))


def _generation_after(words: Sequence[str], tags: Sequence[str], at: int) -> bool:
    """Whether the word at `at`, after a person's name, says which of a family the name is
    (بوش الابن, ترامب جونيور): not a title before the next name (ميشال عون الأب بطرس: Father
    Boutros) nor a son described (جمال مبارك الابن الأصغر, the younger son)."""
    if normalize(words[at]) not in GENERATIONS:
        return False
    if at + 1 == len(words):
        return True
    following = normalize(words[at + 1])
    return tags[at + 1] == "O" and following not in person_names() and following not in _BIRTH_ORDER


def _names_on(word: str, following: str) -> bool:
    """Whether a person's name that the tagger ended on `word` goes on to `following`: a name
    never ends on a parent or family word or on the first half of a two-word name (آل ثاني, بن
    خليفة, عبد الله), when what follows is a word and no function word."""
    form = normalize(word)
    return (
        (form in _LINEAGE or form in _NAME_OPENERS) and following.isalpha() and normalize(following) not in not_names()
    )


def _lineage_end(forms: Sequence[str], first: int, last: int, *, before_place: bool = False) -> int:
    """Where a person's name ends once it gives a parent or a family: at the family after آل
    (سلمان بن عبدالعزيز آل سعود), or after a parent (بن عبدالعزيز) unless another parent, the
    family, a family name with the article (بن عبدالله العيسى) or a name word (_name_word:
    مروان بن عبدالعزيز خاشقجي, cut there, gave the bare خاشقجي after it to another man) follows,
    the name then running on through name words only; never on a word the tagger ran on to (…
    آل سعود برقية تهنئة, … بن عبدالعزيز برقية, محمد بن راشد سعيد برقية: the telegram he sent)."""
    i = first + 1
    while i < last - 1:
        if forms[i] not in _LINEAGE:
            i += 1
            continue
        after = i + 2 + (forms[i + 1] in _NAME_OPENERS and i + 2 < last)  # the parent or family named
        if forms[i] == _FAMILY:
            return min(after, last)
        if after < last and forms[after] not in _LINEAGE and not forms[after].startswith("ال"):
            if not _name_word(forms, after, last, before_place):
                return after
            end = after + 1  # name words, then no more: not what the tagger ran on to
            while (
                end < last
                and forms[end] not in _LINEAGE
                and (forms[end].startswith("ال") or _name_word(forms, end, last, before_place))
            ):
                end += 1
            return end
        i = after  # another parent, or a family name with the article
    return last


def _name_word(forms: Sequence[str], at: int, last: int, before_place: bool) -> bool:
    """Whether the word at `at`, after a parent's name, goes on with the person's name as a word
    the name lists know or a family's relative adjective without the article (عسيري), that is
    no title (شيخ, الشيخ), no ruler's title before a place (قابوس بن سعيد سلطان عمان:
    `before_place`, the span ending there) and no word of a prayer (بن عبدالعزيز رحمه الله)."""
    form = forms[at]
    return (
        (form in person_names() or (len(form) >= 4 and form.endswith("ي")))  # or a family's نسبة: عسيري
        and form not in _TITLES_AND_NAMES
        and not is_title("ال" + form)
        and not (before_place and at == last - 1)
        and (at + 1 >= last or forms[at + 1] != _GOD)
    )


_GOD = normalize("الله")
_AYATOLLAH = frozenset((normalize("آية"), _GOD))
"""آية الله, a title: a person's name never begins with either word (آية الله علي خامنئي was the
name الله علي خامنئي, another man of the surname, who took خامنئي alone in its articles)."""
_BEFORE_PEOPLE = frozenset(
    normalize(w)
    for w in "الركن ركن الطيار طيار خطيبة خطيبته زوج زوجة صهر نجل شقيق شقيقة مستشاري مستشارو محامي محامو أنصار".split()
)
"""Words a person's span never begins with (the tagger's slips): a rank's second word (العقيد الركن تركي
المالكي) and a relation in construct (خطيبة خاشقجي, مستشاري ترامب: the person is the name after it)."""


_FAITH = normalize("الدين")


def _before_people(forms: Sequence[str], first: int, last: int) -> bool:
    """Whether a person's span begins with a rank's or a relation's word (_BEFORE_PEOPLE), not a
    name of the "X الدين" kind (ركن الدين)."""
    return forms[first] in _BEFORE_PEOPLE and not (first + 1 < last and forms[first + 1] == _FAITH)


_TITLES_AND_NAMES = frozenset(normalize(w) for w in "سلطان أمير حاكم ملك شيخ مفتي حاج قائد".split())
"""Titles that are given names too: after a parent's name the title of what follows (قابوس بن
سعيد سلطان البلاد), never the family."""


def _given_with_ya(word: str) -> bool:
    """A given name written with a final ي that is a function word written with ى (علي, not على)."""
    return word.endswith("ي") and word[:-1] + "ى" in MAQSURA_WORDS and normalize(word) in person_names()


def _function_word(word: str, forms: Sequence[str], position: int, ya_apart: bool = False) -> bool:
    """Whether a word that opens a name is a function word: علي (also على once ى is folded) is
    the given name when written with ي in an article that writes على with ى (`ya_apart`), or
    followed by another given name and one more word (علي عبد الله صالح; where an article writes
    على with ي, "علي محمد" is as often على)."""
    form = forms[position]
    if form not in not_names():
        return False
    following = forms[position + 1] if len(forms) > position + 2 else ""
    written_as_name = word.endswith("ي") and form in person_names()
    if ya_apart and _given_with_ya(word):
        return False
    return not (written_as_name and following in person_names())


def is_title(form: str) -> bool:
    """A title or a reporting verb (الرئيس, للشيخ, برئيس, الزعيمان): never part of a name."""
    stem = without_any_proclitic(form)
    return stem in PERSON_TRIGGERS or (stem.endswith(("ان", "ين")) and stem[:-2] in PERSON_TRIGGERS)


def _forms_of(sentences: Sequence[Sequence[str]]) -> dict[str, str]:
    """Each distinct word of these sentences and its normalized form."""
    words = dict.fromkeys(chain.from_iterable(sentences))
    return dict(zip(words, map(normalized_form, words), strict=True))


_LONGEST_CLITIC = max(len(prefix) for prefix in (*ARTICLE_PREFIXES, *CHECKED_PREFIXES))


def consistency_pass(sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]) -> list[list[str]]:
    """Tag again, throughout one article, the names tagged somewhere in it (a surname included),
    with the article where it was tagged with it and without where without (see _with_article),
    and give each name the type the article mostly gives it."""
    form_of = _forms_of(sentences)
    apart = writes_maqsura_apart(form_of)  # علي is then Ali, never على
    written = Counter(form_of[word] for word in chain.from_iterable(sentences))
    tags = [
        tidy_spans(words, sentence_tags, apart, written) for words, sentence_tags in zip(sentences, tags, strict=True)
    ]
    names: dict[tuple[str, ...], Counter[str]] = {}
    definite: dict[tuple[str, ...], set[bool]] = {}
    """Whether each name was tagged with the article on its first word, without it, or both."""
    vocabulary = set(form_of.values())
    bases: dict[str, str] = {}

    def base_of(form: str) -> str:
        base = bases.get(form)
        if base is None:
            base = bases[form] = without_clitics(form, vocabulary)
        return base

    normalized_sentences = [[form_of[w] for w in words] for words in sentences]
    for normalized, sentence_tags in zip(normalized_sentences, tags, strict=True):
        for start, end, kind in _bio_spans(sentence_tags):
            base = base_of(normalized[start])
            forms = (base, *normalized[start + 1 : end])
            if len(forms) == 1 and is_title(forms[0]):
                continue  # a title the tagger took for a name is never spread through the article
            names.setdefault(forms, Counter())[kind] += 1
            definite.setdefault(forms, set()).add(_with_article(normalized[start], base))
            if kind in ("PERS", "PER") and end - start >= 2:
                surname = normalized[end - 1]
                if len(surname) >= 4 and surname not in PERSON_TRIGGERS:
                    names.setdefault((surname,), Counter())[kind] += 1
                    definite.setdefault((surname,), set()).add(False)
    if not names:
        return [_without_adjectives(words, t) for words, t in zip(normalized_sentences, tags, strict=True)]
    longest = max(len(k) for k in names)
    first_words = {k[0] for k in names}
    opening = {
        form
        for form in vocabulary
        if any(form[cut:] in first_words for cut in range(_LONGEST_CLITIC + 1)) and base_of(form) in first_words
    }  # a base is what is left once a clitic is cut off the front: only forms that end in a first word can have one
    result: list[list[str]] = []
    for words, normalized, sentence_tags in zip(sentences, normalized_sentences, tags, strict=True):
        out = list(sentence_tags)
        for start, end, kind in _bio_spans(out):  # one name, one type: the article's majority
            key = (base_of(normalized[start]), *normalized[start + 1 : end])
            votes = names.get(key)
            if votes:
                top, count = votes.most_common(1)[0]
                if top != kind and count >= 2 * votes[kind]:
                    out[start:end] = [f"B-{top}"] + [f"I-{top}"] * (end - start - 1)
        free = 0  # words before this are in a name just tagged
        for i in [i for i, form in enumerate(normalized) if form in opening]:
            if i < free or out[i] != "O" or _indefinite(words[i]):
                continue  # دوماً "always" is never the دوما tagged elsewhere in the article
            base = base_of(normalized[i])
            for size in range(min(longest, len(normalized) - i), 0, -1):
                key = (base, *normalized[i + 1 : i + size])
                if (
                    key in names
                    and all(t == "O" for t in out[i : i + size])
                    and _with_article(normalized[i], base) in definite[key]
                ):
                    kind = names[key].most_common(1)[0][0]
                    out[i : i + size] = [f"B-{kind}"] + [f"I-{kind}"] * (size - 1)
                    free = i + size
                    break
        result.append(_without_adjectives(normalized, out))
    return result


DEFINITE = ("وال", "فال", "بال", "كال", "لل", "ال")
"""The article, alone or after a conjunction or preposition (لل: ل with the article folded in)."""


def definite_base(form: str) -> str:
    """A normalized definite word with the article alone in front (للأسهم → الاسهم), or "" for a
    word without the article."""
    prefix = next((p for p in DEFINITE if form.startswith(p)), "")
    return "ال" + form[len(prefix) :] if prefix else ""


def _takes_feminine(form: str, base: str) -> bool:
    """Whether a normalized definite word (`base` its definite_base) is feminine or a plural
    (القنصلية, السلطات; الأسهم, الحدود, السوق, which the archive's place adjectives agree with:
    corpus.text.shipped.feminine_words)."""
    return form.endswith(("ه", "ات")) or base in feminine_words()


def _without_adjectives(forms: Sequence[str], tags: Sequence[str]) -> list[str]:
    """A sentence's tags with each one-word place that is an adjective left out: a definite
    feminine relative adjective (السعودية) right after a definite feminine or plural word that no
    name holds (القنصلية السعودية, السلطات السعودية, الأسهم السعودية: see _takes_feminine). A
    definite noun never takes a noun after it in construct, so the second word describes the
    first (ANERcorp tags it O); a word that is
    itself a place's adjective before it (زارت الحكومة القطرية السعودية) ends the subject, and the
    place is the object. `forms` are the sentence's normalized words."""
    out = list(tags)
    for i in range(1, len(forms)):
        form, before = forms[i], forms[i - 1]
        if (
            out[i] == "B-LOC"
            and (i + 1 == len(out) or not out[i + 1].startswith("I-"))
            and out[i - 1] == "O"
            and form.startswith("ال")
            and form.endswith("يه")
            and (base := definite_base(before))
            and _takes_feminine(before, base)
            and not place_adjective(base[2:])
        ):
            out[i] = "O"
    return out


def _with_article(form: str, base: str) -> bool:
    """Whether a normalized word is its base after the article (السعودية, والسعودية, للسعودية):
    the article is part of a name, so a name tagged with it is spread only onto words with it
    (سعودية is the adjective, جزيرة an island, beside السعودية and الجزيرة), and one tagged
    without it only onto words without it (أبل, not الإبل)."""
    prefix = form[: len(form) - len(base)] if form.endswith(base) else ""
    return prefix.endswith(("ال", "لل"))


def _unbroken(text: str, words: list[re.Match[str]], start: int, end: int) -> Iterator[tuple[int, int]]:
    """A tagged span cut wherever anything but spaces stands between two of its words
    (a comma, a quote, a bracket), so a list of names is several names."""
    first = start
    for i in range(start + 1, end):
        if text[words[i - 1].end() : words[i].start()].strip():
            yield first, i
            first = i
    yield first, end


TAGGED_CHARS = 100_000
"""Only this much of an article is tagged (about 16,000 words, 15 long articles): a 50 MB
file pasted into an archive must not hold the tagger, or quitting the app, for minutes."""


def article_mentions(text: str, tagger: SentenceTagger | None = None) -> list[Mention]:
    """Every mention in an article's text (its first TAGGED_CHARS): rules first, then the
    tagger (the bundled one unless given) where rules found nothing."""
    return articles_mentions([text], tagger)[0]


def articles_mentions(texts: Sequence[str], tagger: SentenceTagger | None = None) -> list[list[Mention]]:
    """article_mentions of several articles, their sentences tagged in one call (a neural tagger
    runs its batches much faster than one article at a time); each article is still its own
    document for the consistency pass."""
    cut = [_tagged_part(text) for text in texts]
    tagger = tagger or default_tagger()
    sentences = [_sentences(text) for text in cut] if tagger is not None else [[] for _ in cut]
    tokens = [
        [_with_punctuation(text, sentence) for sentence in article]
        for text, article in zip(cut, sentences, strict=True)
    ]
    flat, chances = _tagged([s for article in tokens for s, _ in article], tagger)
    out: list[list[Mention]] = []
    first = 0
    for text, article, article_tokens in zip(cut, sentences, tokens, strict=True):
        tags = consistency_pass([s for s, _ in article_tokens], flat[first : first + len(article_tokens)])
        word_tags = [list(compress(tags_, kinds)) for tags_, (_, kinds) in zip(tags, article_tokens, strict=True)]
        word_chances = (
            [c[np.array(kinds, dtype=bool)] for c, (_, kinds) in zip(chances[first:], article_tokens, strict=False)]
            if chances is not None
            else None
        )
        first += len(article_tokens)
        out.append(_mentions(text, article, word_tags, word_chances))
    return out


_TAGGING = threading.Lock()
"""Held while a tagger tags: its caches of the words it has met are one per process and are
filled as it goes, and two threads tagging at once (the app's entity build and an article's
entities asked meanwhile) would number their new words over each other's."""


def _tagged(
    sentences: Sequence[Sequence[str]], tagger: SentenceTagger | None
) -> tuple[list[list[str]], list[npt.NDArray[np.float32]] | None]:
    """The tags of every sentence and, when the tagger gives label probabilities
    (`tag_sentences_scored`), each word's probability of each name type (words × NAME_TYPES)."""
    if tagger is None:
        return [], None
    scored = getattr(tagger, "tag_sentences_scored", None)
    with _TAGGING:
        if scored is None:
            return tagger.tag_sentences(sentences), None
        tags, marginals = scored(sentences)
    labels: Sequence[str] = tagger.labels  # type: ignore[attr-defined]
    folded = np.zeros((len(labels), len(NAME_TYPES)), dtype=np.float32)
    for row, label in enumerate(labels):
        kind = _TAGGER_TYPES.get(label[2:]) if label[:2] in ("B-", "I-") else None
        if kind is not None:
            folded[row, NAME_TYPES.index(kind)] = 1
    return tags, [m @ folded for m in marginals]


def _with_punctuation(text: str, sentence: list[re.Match[str]]) -> tuple[list[str], list[bool]]:
    """The tokens the tagger reads of a sentence: its words and, as tokens of their own, the
    punctuation marks between them (a bracket, a quote, a comma), as in its training data; and
    which tokens are words."""
    tokens: list[str] = []
    is_word: list[bool] = []
    end = -1
    for word in sentence:
        start = word.start()
        if end >= 0 and (start - end != 1 or text[end] != " "):  # more than one space: look for marks
            for mark in _MARKS.findall(text, end, start):
                tokens.append(mark)
                is_word.append(False)
        tokens.append(word.group())
        is_word.append(True)
        end = word.end()
    return tokens, is_word


_MARKS = re.compile(r"(\S)\1*")
"""A punctuation mark between two words, a run of the same mark counted once ("..." or "--")."""


def _tagged_part(text: str) -> str:
    """What of an article is tagged: not the site's furniture at its end ("get our app", an opinion
    disclaimer: the BBC named there is no mention of it), and only its first TAGGED_CHARS."""
    text = text[: trailing_furniture(text)]
    if len(text) > TAGGED_CHARS:
        cut = text.rfind(" ", 0, TAGGED_CHARS)
        return text[: cut if cut > 0 else TAGGED_CHARS]
    return text


def _mentions(
    text: str,
    sentences: list[list[re.Match[str]]],
    tags: Sequence[Sequence[str]],
    chances: Sequence[npt.NDArray[np.float32]] | None = None,
) -> list[Mention]:
    """Rules' mentions, then the tagged names (after the consistency pass) where no rule found
    one, each with its confidence: the least probability `chances` gives one of its words of
    being part of a name of its type (1.0 without `chances`)."""
    ruled = rule_mentions(text)
    mentions = [Mention(m.start, m.end, m.type, m.text, m.link, confidence=0.0 if m.guessed else 1.0) for m in ruled]
    """An acronym whose type is a guess is not sure at all: the archive settles it
    (corpus.entities.grouping) or leaves it out."""
    taken = ClaimedSpans.of(len(text), [m for m in ruled if m.type in NAME_TYPES])
    """What a rule named, the tagger leaves alone; a date or an amount never hides a name (ANERcorp tags
    a currency as MISC)."""
    amounts = ClaimedSpans.of(len(text), [m for m in ruled if m.type in ("MONEY", "QUANTITY")])
    """A person inside an amount is its unit or counted thing (88.62 بنس: pence, no Pence)."""
    glosses = [m for m, rule in zip(mentions, ruled, strict=True) if rule.unsure]
    """Words before "(ACR)" that nothing marks as a name (no organisation or head noun, no spelled
    letters): a name where the tagger finds one in them (موانئ دبي العالمية (DCT)), else a gloss
    (إرسال رسالة قصيرة (SMS)), not the acronym's name."""
    confirmed: set[int] = set()
    if sentences:
        named = named_by_heads(text, sentences, tags)
        for number, (sentence, sentence_tags) in enumerate(zip(sentences, named, strict=True)):
            for start, end, kind in _bio_spans(sentence_tags):
                for first, last in _unbroken(text, sentence, start, end):
                    begin, finish = sentence[first].start(), sentence[last - 1].end()
                    if last - first > 1:  # بمستشفى الملك فهد: the name, not the preposition before it
                        begin += preposition_before_head(sentence[first].group())
                    if taken.overlaps(begin, finish):
                        confirmed.update(id(m) for m in glosses if m.start < finish and begin < m.end)
                        continue
                    found = _TAGGER_TYPES.get(kind, "MISC")
                    if found == "PER" and amounts.covers(begin, finish):
                        continue
                    sure = 1.0
                    if chances is not None:
                        around = [w.group() for w in sentence[first - 1 : last]] if first and last - first > 1 else []
                        name_end = last - (regnal_tail(around, 1, len(around)) if around else 0)  # not السادس
                        sure = float(chances[number][first:name_end, NAME_TYPES.index(found)].min())
                    mentions.append(Mention(begin, finish, found, text[begin:finish], confidence=sure))
        if len(confirmed) < len(glosses):
            dropped = {id(m) for m in glosses} - confirmed
            mentions = [m for m in mentions if id(m) not in dropped]
    lines = datelines(text)
    if lines:
        mentions = [m for m in mentions if not any(start <= m.start < end for start, end in lines)]
    mentions = _told_to_papers(text, _aliases_in_brackets(text, sorted(mentions, key=lambda m: m.start)))
    mentions = with_titles(text, linked_to_cities(text, mentions))
    return _as_sure_as_the_name(mentions) if chances is not None else mentions


def _generic(name: str) -> bool:
    """A generic organisation's name (see generic_organisation), whatever clitic its first word
    carries (والبنك المركزي)."""
    return generic_organisation(" ".join(_first_word_bare(normalized_form(name).split())))


def _first_word_bare(words: list[str]) -> list[str]:
    """Normalized words with the clitic before the first taken off, its article kept (والبنك →
    البنك, لبنك → بنك)."""
    if words and (stem := without_any_proclitic(words[0])) != words[0]:
        return ["ال" + stem if words[0].endswith("ال" + stem) else stem, *words[1:]]
    return words


_BRACKET_OPENS = re.compile(r"\s*[(«]\s*")
_BRACKET_CLOSES = re.compile(r"\s*[)»]")


def _aliases_in_brackets(text: str, mentions: list[Mention]) -> list[Mention]:
    """An organisation's name followed at once by a shorter one of its type in brackets
    (الاتحاد الدولي لكرة القدم (فيفا), حلف شمال الأطلسي «الناتو») is linked to it, as an acronym's
    expansion is to the acronym: the text says they are one body (corpus.entities.grouping weighs
    it over the archive). Never a generic name on either side (البنك المركزي (ساما), مجلس الاحتياط
    الاتحادي (البنك المركزي): a country's bank, each article's own), nor a name the tagger was
    unsure of: a span run into a clause before a quoted name ("الأكراد سيقاتلون «داعش»", "أبل
    وألفابيت (غوغل)") would become a spelling of it."""
    out = list(mentions)
    for i, (name, alias) in enumerate(zip(mentions, mentions[1:], strict=False)):
        if (
            name.type == alias.type == "ORG"
            and name.confidence >= CONFIDENT
            and not name.link
            and not alias.link
            and len(alias.text.split()) < len(name.text.split())
            and not _generic(name.text)
            and not _generic(alias.text)
            and _BRACKET_OPENS.fullmatch(text, name.end, alias.start)
            and _BRACKET_CLOSES.match(text, alias.end)
        ):
            out[i] = Mention(name.start, name.end, name.type, name.text, alias.text, name.confidence)
    return out


_DATELINE = re.compile(r"^[ \t]*([^\n()]{0,60}?)[ \t]*\(([^()\n]{1,20})\)[ \t]*[-–—]+", re.MULTILINE)


def datelines(text: str) -> list[tuple[int, int]]:
    """The spans of the datelines that open a paragraph, a dash after them: where a story was filed
    and who filed it ("دبي، الإمارات العربية المتحدة (CNN) --", "(CNN)--"): the bureau, not what the
    story names, so none of its names is a mention (every article of a wire would name its city and
    itself). The part before the source is empty, or a known place before a comma or alone: a
    name before a parenthesis ("كريستين لاغارد (مديرة الصندوق) -") is no dateline. Without the dash
    ("كراتشي (رويترز) قال ...") ANERcorp tags the place and the agency, and so does this."""
    spans = []
    for found in _DATELINE.finditer(text):
        before = found.group(1).strip()
        if not before or normalize(" ".join(re.split(r"[،,]", before)[0].split())) in places():
            spans.append((found.start(), found.end()))
    return spans


_PROCLITICS = ("و", "ف", "ب", "ل", "ك")

_TOLD_TO = re.compile(r"(?:(?:^|[\s(])لـ?|(?:^|\s)[وف]?(?:علمت|حصلت))\s?[«\"“]$")
"""ل ("to"), maybe with a tatweel, or علمت, حصلت ("learned", "obtained": what a paper does), and
an opening quote just before a name: قال لـ«الشرق الأوسط», وعلمت «الرياض»."""
_CLOSING = '»"”'


def _told_to_papers(text: str, mentions: list[Mention]) -> list[Mention]:
    """A place in quotes right after ل, علمت or حصلت is the paper named after it, not the place:
    sources speak "to «الشرق الأوسط»", «الرياض» learned or obtained; a city in quotes does neither."""
    return [
        replace(m, type="ORG")
        if m.type == "LOC"
        and m.end < len(text)
        and text[m.end] in _CLOSING
        and _TOLD_TO.search(text, max(0, m.start - 10), m.start)
        else m
        for m in mentions
    ]


def _as_sure_as_the_name(mentions: list[Mention]) -> list[Mention]:
    """Each name as sure as the article's surest mention of it: a repeat the consistency pass
    tagged where the tagger alone said nothing (باشينيان after نيكول باشينيان, وباشينيان) counts
    as sure as the name where the tagger found it; a one-word person as the full names it ends;
    a place the gazetteer knows by a name of several words, sure."""
    best: dict[tuple[str, tuple[str, ...]], float] = {}
    keys: list[list[tuple[str, tuple[str, ...]]]] = []
    for mention in mentions:
        words = tuple(normalize(w) for w in mention.text.split())
        own = [(mention.type, words)]
        if words and len(words[0]) > 3 and words[0].startswith(_PROCLITICS):
            own.append((mention.type, (words[0][1:], *words[1:])))
        keys.append(own)
        if mention.type in NAME_TYPES:
            ends = [(mention.type, words[-1:])] if mention.type == "PER" and len(words) > 1 else []
            for key in own[:1] + ends:
                best[key] = max(best.get(key, 0.0), mention.confidence)
    lifted: list[Mention] = []
    for mention, own in zip(mentions, keys, strict=True):
        sure = max([mention.confidence, *(best.get(key, 0.0) for key in own)])
        if mention.type == "LOC" and any(len(words) > 1 and " ".join(words) in places() for _, words in own):
            sure = 1.0  # مكة المكرمة: the gazetteer knows the place by all its words (the tagger's data cuts it at مكة)
        if sure > mention.confidence:
            mention = Mention(mention.start, mention.end, mention.type, mention.text, mention.link, sure)
        lifted.append(mention)
    return lifted


DOCUMENT_SENTENCES = 20
"""Sentences taken as one article by tag_words when its input marks no article boundaries."""


def tag_words(
    articles: Sequence[Sequence[Sequence[str]]], tagger: SentenceTagger | None = None
) -> list[list[list[str]]]:
    """BIO tags (PERS, LOC, ORG, MISC) for words already split into sentences and articles, as
    the app extracts names from text: each article's sentences joined into one text (a line
    each, words between spaces) through `articles_mentions` (rules, tagger, consistency pass,
    heads), and each name mention read back onto the words it covers."""
    texts: list[str] = []
    word_places: list[list[tuple[int, int, int, int]]] = []
    for article in articles:
        places: list[tuple[int, int, int, int]] = []  # (start, end, sentence, word) in the text
        offset = 0
        for s, words in enumerate(article):
            for w, word in enumerate(words):
                places.append((offset, offset + len(word), s, w))
                offset += len(word) + 1
        texts.append("\n".join(" ".join(words) for words in article))
        word_places.append(places)
    out: list[list[list[str]]] = []
    for article, places, mentions in zip(articles, word_places, articles_mentions(texts, tagger), strict=True):
        tags = [["O"] * len(words) for words in article]
        starts = [start for start, _, _, _ in places]
        for mention in mentions:
            if mention.type not in NAME_TYPES:
                continue
            first = max(0, bisect_right(starts, mention.start) - 1)
            reached = places[first : bisect_left(starts, mention.end)]
            covered = [(s, w) for _, end, s, w in reached if end > mention.start]
            if not covered or covered[0][0] != covered[-1][0]:
                continue  # a mention never spans two sentences; this guards the reading back
            kind = CONLL_TYPES.get(mention.type, mention.type)
            s = covered[0][0]
            tags[s][covered[0][1] : covered[-1][1] + 1] = [f"B-{kind}"] + [f"I-{kind}"] * (len(covered) - 1)
        out.append(tags)
    return out


CONLL_TYPES = {"PER": "PERS"}
"""Type names of ANERcorp's tags where the app's differ."""


def read_conll_articles(text: str) -> list[list[list[str]]]:
    """Articles of sentences of words from CoNLL-style lines: a word's first column, a blank line
    between sentences, -DOCSTART- between articles (else DOCUMENT_SENTENCES sentences an article)."""
    articles: list[list[list[str]]] = []
    sentences: list[list[str]] = []
    words: list[str] = []
    marked = False
    for line in [*text.splitlines(), ""]:
        parts = line.split()
        if parts and parts[0] == "-DOCSTART-":
            marked = True
            if words:
                sentences.append(words)
                words = []
            if sentences:
                articles.append(sentences)
                sentences = []
        elif parts:
            words.append(parts[0])
        elif words:
            sentences.append(words)
            words = []
    if sentences:
        articles.append(sentences)
    if marked:
        return articles
    flat = [sentence for article in articles for sentence in article]
    return [flat[i : i + DOCUMENT_SENTENCES] for i in range(0, len(flat), DOCUMENT_SENTENCES)]
