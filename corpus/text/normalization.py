"""Arabic-aware normalization and tokenization, one function for documents and queries."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Container, Iterator, Sequence
from functools import cache, lru_cache

from corpus.text.clitics import ARTICLE_PREFIXES, CHECKED_PREFIXES, CLITIC_LETTERS
from corpus.text.data_files import person_names

__all__ = [
    "CONSTRUCT_ANY",
    "KEY_ENDINGS",
    "normalize",
    "normalize_many",
    "unmarked",
    "NISBA_SUFFIXES",
    "index_form",
    "fold_final_ya",
    "search_form",
    "folded_ta",
    "twin_with_ta",
    "twin_with_maqsura",
    "YA_AS_MAQSURA",
    "writes_maqsura_apart",
    "MAQSURA_WORDS",
    "NEVER_FOLDED",
    "YA_WRITTEN_SO",
    "normalized_form",
    "iter_token_spans",
    "tokenize",
    "index_tokens",
    "clitic_base",
    "without_clitics",
    "nisba_base",
    "search_keys",
    "seen_with_article",
    "suffix_bases",
    "has_sound_plural",
    "written_with_articles",
    "PRONOUN_ENDS",
    "PRONOUNS",
    "OTHER_CONJUNCTION",
    "DEFINITE_PREFIXES",
]

_REMOVED = (
    [chr(c) for c in range(0x064B, 0x0660)]  # harakat and other Arabic marks
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]  # zero-width, soft hyphen
    + ["\u200e", "\u200f", "\u061c"]  # LRM, RLM, ALM
    + [chr(c) for c in range(0x202A, 0x202F)]  # LRE RLE PDF LRO RLO
    + [chr(c) for c in range(0x2066, 0x206A)]  # LRI RLI FSI PDI
    + [chr(c) for c in range(0x0610, 0x061B)]  # Quranic annotation marks
    + [chr(c) for c in range(0x06D6, 0x06EE)]
)

_FOLDED = {
    "آ": "ا",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    "ک": "ك",
    "ی": "ي",
    "پ": "ب",  # Persian letters Arabic writes foreign names with, or a Persian keyboard types:
    "چ": "ج",  # ترامپ is ترامب, چين is جين, ژاپن is زابن, گوگل is كوكل (as گ folds in sound_form)
    "ژ": "ز",
    "گ": "ك",
    "ڤ": "ف",  # the v of Maghrebi writing (روڤر), written ف elsewhere
}

_TABLE: dict[int, str | None] = {ord(c): None for c in _REMOVED}
_TABLE.update({ord(k): v for k, v in _FOLDED.items()})
for _digit in range(10):
    _TABLE[0x0660 + _digit] = str(_digit)  # Arabic-Indic
    _TABLE[0x06F0 + _digit] = str(_digit)  # Persian (Extended Arabic-Indic)
_TABLE[0x066B] = "."  # Arabic decimal separator
_TABLE[0x066C] = ","  # Arabic thousands separator


_KEEPING_FINALS = {code: to for code, to in _TABLE.items() if code not in (ord("ى"), ord("ة"))}


def normalize(text: str) -> str:
    """Fold `text` to its search form: NFKC, no marks, one alef, one ya, ASCII digits, casefolded."""
    return _normalized(text, _TABLE)


def normalize_many(texts: Sequence[str]) -> list[str]:
    """`normalize` of each of `texts`, made on them joined: one call, where a call each for the
    350,000 mention texts of an archive took 1.5 s."""
    joined = _SEPARATOR.join(texts)
    folded = normalize(joined).split(_SEPARATOR) if texts else []
    if len(folded) != len(texts) or joined.count(_SEPARATOR) != len(texts) - 1:
        return [normalize(text) for text in texts]  # a text that holds the separator itself
    return folded


_SEPARATOR = "\x00"


def unmarked(text: str) -> str:
    """`text` as written, its marks (harakat) and tatweel left out: hamza seats, ة and ى kept."""
    return "".join(c for c in text if not unicodedata.combining(c) and c != "\u0640")


def _normalized(text: str, table: dict[int, str | None]) -> str:
    if text.isascii():
        return text.casefold()
    if len(text) > LONG_MARK_RUN and (run := _mark_run(max(text) > "\uffff")).search(text):
        # NFKC puts a run of marks in order by insertion sort: quadratic in a long run of
        # marks of mixed classes. A run that long is no writing, so it is dropped first.
        text = run.sub("", text.translate(table))
    return unicodedata.normalize("NFKC", text).translate(table).casefold()


def index_form(token: str) -> str:
    """A token's form as the index keeps it: `normalize`, except that a final ى stays ى and a
    final ة stays ة, so that على ("on") is not علي ("Ali"), nor مستشفى a word in ي, and العملة
    ("the currency") is not عمله ("his work"), nor ابنة ("daughter") ابنه ("his son"). An article
    that writes ي as ى has its forms folded back (PostingsBuilder, YA_AS_MAQSURA); the search
    reads a ة and a ه as one word where the archive's writers do (corpus.search.final_ta)."""
    form = _normalized(token, _KEEPING_FINALS)
    if "ى" in form:
        form = form[:-1].replace("ى", "ي") + "ى" if form.endswith("ى") else form.replace("ى", "ي")
    if "ة" in form:
        form = form[:-1].replace("ة", "ه") + "ة" if form.endswith("ة") else form.replace("ة", "ه")
    return form


def fold_final_ya(form: str) -> str:
    """An index form with its final ى folded to ي (its ة kept)."""
    return form[:-1] + "ي" if form.endswith("ى") else form


def folded_ta(form: str) -> str:
    """An index form with its final ة folded to ه, as `normalize` writes it (its ى kept)."""
    return form[:-1] + "ه" if form.endswith("ة") else form


def search_form(form: str) -> str:
    """An index form as `normalize` makes it: its final ى folded to ي and its final ة to ه."""
    last = form[-1:]
    return form[:-1] + "ي" if last == "ى" else form[:-1] + "ه" if last == "ة" else form


def twin_with_ta(form: str) -> str | None:
    """The form with its final ه written ة (عمله → عملة), or None when it does not end in ه."""
    return form[:-1] + "ة" if form.endswith("ه") and len(form) > 1 else None


def twin_with_maqsura(form: str) -> str | None:
    """The form with its final ي written ى (علي → على), or None when it does not end in ي."""
    return form[:-1] + "ى" if form.endswith("ي") and len(form) > 1 else None


YA_AS_MAQSURA = frozenset("فى وفى ففى بفى الذى والذى التى والتى هى وهى فهى".split())
"""Forms that show an article writes a final ي as ى (فى for في, الذى for الذي): words that
are never written with ى. In such an article ى says nothing, and the index folds its ى."""
MAQSURA_WORDS = frozenset("على وعلى فعلى إلى وإلى الى والى حتى وحتى".split())
"""Words always written with a final ى by those who write it apart from ي (على, إلى, حتى)."""
YA_WRITTEN_SO = frozenset(form[:-1] + "ي" for form in YA_AS_MAQSURA)
"""YA_AS_MAQSURA as those who keep ى apart write them (في, الذي): what shows an article does."""
NEVER_FOLDED = frozenset("على وعلى فعلى بعلى الى والى فالى حتى وحتى لدى ولدى".split())
"""Index forms of particles written with ى even where ي is written as ى, each a word of its own
in ي (علي "Ali", آلي "automatic", لدي "I have"): never folded into it (PostingsBuilder)."""


def writes_maqsura_apart(words: Collection[str]) -> bool:
    """Whether a text's words (as written) show it keeps a final ى apart from ي: على, إلى or
    حتى with ى, and never في or الذي with it."""
    return not MAQSURA_WORDS.isdisjoint(words) and YA_AS_MAQSURA.isdisjoint(words)


normalized_form = lru_cache(maxsize=1 << 18)(normalize)
"""normalize, remembered: the same words and names are met again and again across a corpus
(tagging reads each word many times, grouping each name); `normalized_form.cache_clear()` drops it."""
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d\u00ad\u200b\u2060\ufeff"
"""What a word may hold between its letters and normalizing removes: harakat, tatweel, the
zero-width joiners, and the invisible breaks pasted text leaves inside words (a soft hyphen in
وجو\u00adههم, a zero-width space in العراق\u200bية, a word joiner, a BOM): one word, as it reads."""
LONG_MARK_RUN = 32
"""More combining marks than this in a row never occur in real text (see normalize)."""
_MARK_PLANES = (range(0x20000), range(0xE0000, 0xE1000))
"""Where Unicode has marks: the basic and supplementary multilingual planes, and variation selectors."""


@cache
def _mark_run(wide: bool) -> re.Pattern[str]:
    """A run of LONG_MARK_RUN marks or more: any character NFKC may reorder or expand into marks
    (a combining class, or category M), or one of _MARKS; made on first need (0.07 s). Unless
    `wide`, only the marks of the basic plane: for a text with no character beyond it, the
    same runs, found in a tenth of the time (the engine tries every supplementary range on
    every character that is no mark)."""
    planes = _MARK_PLANES if wide else (range(0x10000),)
    marks = [c for plane in planes for c in plane if _is_mark(chr(c))]
    ranges: list[tuple[int, int]] = []
    for code in marks:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    spans = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)
    return re.compile(rf"[{spans}{_MARKS}]{{{LONG_MARK_RUN},}}")


def _is_mark(char: str) -> bool:
    return bool(unicodedata.combining(char)) or unicodedata.category(char).startswith("M")


TOKEN_PATTERN = re.compile(
    rf"(?<![{_MARKS}])[{_MARKS}]*[^\W\d_](?:[^\W\d_]++|[{_MARKS}]++)*+|\d++(?:[.,\u066b\u066c]\d++)*+"
)
"""A token: a run of letters and their marks, or a number (with decimal or thousands separators).

Marks may come before a token's first letter, but only from the start of their run: the
engine then tries each run of marks once, not once from each of its marks (a run of N
harakat after a space would cost N²/2 steps). The rest of a token is taken whole, run by run,
with possessive loops: nothing follows them that could make the engine give a character back,
so they match what greedy loops would, without keeping a way back at every character (a
fifth less time over news text). The marks before the first letter stay greedy: a tatweel is
a mark and a letter, and "ـــ" needs its last one given back as the letter."""


def iter_token_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, normalized form) for every token of `text`, offsets into `text`."""
    for match in TOKEN_PATTERN.finditer(text):
        form = normalize(match.group())
        if form:
            yield match.start(), match.end(), form


def tokenize(text: str) -> list[str]:
    """The normalized tokens of `text`, in order."""
    return [form for _, _, form in iter_token_spans(text)]


def index_tokens(text: str) -> list[str]:
    """The tokens of `text` as the index keeps them (`index_form`: a final ى and ة kept), in order."""
    return [form for raw in TOKEN_PATTERN.findall(text) if (form := index_form(raw))]


NISBA_SUFFIXES = ("يون", "يين", "يات", "يه", "ي")
"""What a relative adjective (nisba) puts after the place or group it is formed from, longest first."""
_MIN_BASE = 3
_STARTS = CLITIC_LETTERS | {"ا"}
"""A word that can carry a clitic starts with one of these (ا for the article)."""
_CHECKED = frozenset(CHECKED_PREFIXES)
_CHECKED_SIZES = sorted({len(prefix) for prefix in CHECKED_PREFIXES}, reverse=True)


def _attested(word: str, vocabulary: Container[str]) -> bool:
    return word in vocabulary or ("ال" + word) in vocabulary


def clitic_base(word: str, vocabulary: Container[str], frequency: Frequency | None = None) -> str | None:
    """The word without its leading clitics, or None when nothing attested can be stripped.

    The article and its fused forms (ال، لل، وال) always go; the conjunctions and
    prepositions (و ف ب ل ك and their combinations with ال) go only when what is left
    is itself in the vocabulary, so names such as فلسطين and لبنان stay whole. With
    `frequency`, the archive must also read the word that way (_read_as_clitic): بوتين is
    not ب + وتين, وزير not و + زير, وكانت is و + كانت (not وك + انت).
    """
    if word[:1] not in _STARTS:
        return None
    for prefix in ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            rest, inner = word[len(prefix) :], word[1:]
            if prefix == "وال" and frequency is not None and _no_article_after_wa(word, rest, frequency):
                break  # والده, والدة, والتر: their و is their own

            if (
                prefix == "لل"
                and frequency is not None
                and seen_with_article(inner, frequency) > seen_with_article(rest, frequency)
                and not _read_as_clitic(inner, rest, frequency, vocabulary)
            ):
                return inner  # للبنان is ل + لبنان (not لل + بنان); للكره is لل + كره (لكره is ل + كره)
            return rest
    for size in _CHECKED_SIZES:  # longest first, as CHECKED_PREFIXES: one prefix of each size can match
        rest = word[size:]
        if word[:size] not in _CHECKED or len(rest) < _MIN_BASE or not _attested(rest, vocabulary):
            continue
        if frequency is None:
            return rest
        if not _read_as_clitic(word, rest, frequency, vocabulary):
            continue
        inner = word[1:]  # وكانت: if كانت is a word of its own, the clitic is و alone
        if size > 1 and not word[:size].endswith("ال") and _attested(inner, vocabulary):
            if not _read_as_clitic(inner, rest, frequency, vocabulary):
                continue
        return rest
    return None


def _no_article_after_wa(word: str, rest: str, frequency: Frequency) -> bool:
    """Whether a word written وال... is no و + the article: the archive never writes what would
    follow the article with it alone (ال + rest), and holds the word more than CLITIC_FLOOR times
    (والده "his father" is no و + الده; والحكومة is و + الحكومة)."""
    return frequency("ال" + rest) == 0 and frequency(word) > CLITIC_FLOOR


WITH_ARTICLE_SHARE = 20
"""A word written with the article in front at least once for this many times without it is a
noun of its own: its first letter is no clitic (الوزير, so وزير is not و + زير)."""


def seen_with_article(form: str, frequency: Frequency) -> int:
    """How often the archive writes the form, bare or with the article."""
    return frequency(form) + frequency("ال" + form)


def _read_as_clitic(word: str, rest: str, frequency: Frequency, vocabulary: Container[str]) -> bool:
    """Whether the archive's counts let `word` be a clitic in front of `rest`: the word is
    written at most CLITIC_RATIO times as often as `rest`, or as the word `rest` inflects
    (KAF_CLITIC_RATIO after ك, "like"), so كندا is no ك + ندا, بكين no ب + كين, كتبت no ك + تبت
    while ومنظماته is و + منظماته, unless it is too rare to tell (CLITIC_FLOOR); and it is not a
    noun the article goes in front of (WITH_ARTICLE_SHARE: وزير is no و + زير)."""
    own, definite = frequency(word), frequency("ال" + word)
    ratio = KAF_CLITIC_RATIO if "ك" in word[: len(word) - len(rest)] else CLITIC_RATIO
    if own + definite > max(CLITIC_FLOOR, ratio * seen_with_article(rest, frequency)):
        if not _inflects_a_word(word, rest, own + definite, ratio, vocabulary, frequency) and not _conjunction_and_verb(
            word, rest, own + definite, frequency
        ):
            return False
    return definite < 2 or definite * WITH_ARTICLE_SHARE < own


def _conjunction_and_verb(word: str, rest: str, written: int, frequency: Frequency) -> bool:
    """Whether `word` is و or ف in front of `rest`, a word the archive holds in VERB_ARTICLES
    articles or more and almost never writes with the article (a verb: أضاف, أوضح, شدد), that
    the other conjunction goes in front of too (فأضاف), at most VERB_CLITIC_RATIO times as often:
    news writes its reporting verbs after و far more often than alone (وأضاف 17 times أضاف),
    where the first letter of وافق, وجدت, واحدا is their own (no فافق, فجدت, فاحدا). Never where
    either is a word of people's names (فيصل is no ف + يصل, فانس no ف + أنس)."""
    clitic = word[: len(word) - len(rest)]
    if clitic not in OTHER_CONJUNCTION or word in person_names() or rest in person_names():
        return False
    bare = frequency(rest)
    return (
        bare >= VERB_ARTICLES
        and frequency("ال" + rest) <= VERB_WITH_ARTICLE * bare
        and written <= VERB_CLITIC_RATIO * bare
        and frequency(OTHER_CONJUNCTION[clitic] + rest) > 0
    )


OTHER_CONJUNCTION = {"و": "ف", "ف": "و"}
VERB_ARTICLES = 50
"""What `_conjunction_and_verb` asks of a word before it reads و or ف in front of it, past
CLITIC_RATIO: held by this many articles, written with the article in at most VERB_WITH_ARTICLE
of that, and the word with the conjunction at most VERB_CLITIC_RATIO times as frequent. On the
69k bench this reads 14 more words as و + a word (وأضاف, وأوضح, وأشار, وشدد, ولفت, وغيرها, …),
none of them wrongly; without the other conjunction it read واحدا and وجدت so too."""
VERB_WITH_ARTICLE = 0.02
VERB_CLITIC_RATIO = 20.0


def _inflects_a_word(
    word: str, rest: str, written: int, ratio: float, vocabulary: Container[str], frequency: Frequency
) -> bool:
    """Whether `rest`, a word of the corpus, is a form of a word of four letters or more that the
    archive writes at least 1/`ratio` as often as `word` (`written` times), and more often than
    any stem of `word` read with its own ending: ومنظماته is و + منظماته (منظمه), بيانه no ب +
    يانه (a stem of three letters: يان), لقاءه no ل + قاءه."""
    if rest not in vocabulary:
        return False
    lemma = _commonest_stem(rest, vocabulary, frequency, longer_than=_MIN_BASE)
    return written <= ratio * lemma and _commonest_stem(word, vocabulary, frequency) < lemma


def _commonest_stem(word: str, vocabulary: Container[str], frequency: Frequency, *, longer_than: int = 0) -> int:
    """How often the archive writes the commonest stem `suffix_bases` finds in `word` (of more
    than `longer_than` letters), with or without the article; 0 when none."""
    stems = (stem for stem in suffix_bases(word, vocabulary, frequency) if len(stem) > longer_than)
    return max((seen_with_article(stem, frequency) for stem in stems), default=0)


CLITIC_RATIO = 2.0
"""A word written with a leading و ف ب ل (or two of them) is at most this many times as frequent
as the word without them: on the 69k bench, 99% of such forms of words held by 50 articles or
more are under 0.9 (و), 1.0 (ب), 2.1 (ل) times their base; above it stand words whose first
letter is their own (بكين 2.8 times كين, بريتش 3.1 times ريتش, ليون, وافق) and phrases set in one
form (بسبب, بشكل, أصيب بجروح), which are then words of their own."""
KAF_CLITIC_RATIO = 0.2
"""The same for ك ("like", "as"), which news writes rarely: its forms are a fiftieth of their base
at the median; above a fifth stand كانا, كوين, كلاين, كاملا (كلفت is no ك + لفت)."""
CLITIC_FLOOR = 10
"""A word written this many times or fewer may be a clitic whatever its base's count: so few
cannot tell (بعملتها is ب + عملتها where عملتها is written nowhere)."""


def without_clitics(word: str, vocabulary: Container[str]) -> str:
    """The word without its leading clitics where they can be stripped, else the word itself."""
    return clitic_base(word, vocabulary) or word


def nisba_base(word: str, vocabulary: Container[str]) -> str | None:
    """The place or group a relative adjective is formed from (كازاخستاني → كازاخستان), if attested."""
    if word[-1:] not in ("ي", "ه", "ن", "ت"):
        return None
    for suffix in NISBA_SUFFIXES:
        rest = word[: -len(suffix)]
        if word.endswith(suffix) and len(rest) >= _MIN_BASE and rest in vocabulary:
            return rest
    return None


_PRONOUNS = ("هما", "هم", "ها", "كم", "نا", "ه")
"""Attached pronouns, longest first (ه is also the feminine ending, ة once normalized). The rare
كن، هن، كما are left out: what they would strip is more often part of the word."""
PRONOUNS = _PRONOUNS
PRONOUN_ENDS = frozenset(pronoun[-1] for pronoun in _PRONOUNS)
"""The last letters of the attached pronouns: a word ending otherwise carries none."""
_NUMBERS = ("تان", "تين", "ات", "ون", "ين", "ان")
"""Dual and sound plural endings, longest first."""
_PARTNERS = {"ون": ("ين",), "ين": ("ون", "ان"), "ان": ("ين",)}
"""An ending that names also have (ماكرون، سلمان، ياسين) counts only when the base is seen with
its partner too (the plural ون with ين, the dual ان with ين), and leaves four letters or more."""
NAME_RATIO = 20
"""A form this many times more frequent than its supposed base is a name, not an inflection
(لبنان is not the dual of لبن)."""
SHORT_BASE_RATIO = 3
"""A base of three letters counts only where it is this many times more frequent than the word
(لونه → لون, وقتين → وقت; not مساهم → مسا)."""
LONE_HA_RATIO = 3
"""A final ه is a pronoun (كتابه → كتاب) only where the base is this many times more frequent
than the word; otherwise it is a ة (نافذة is not نافذ, حاجة is not حاج)."""
Frequency = Callable[[str], int]
KEY_ENDINGS = frozenset(
    {
        "",
        *_PRONOUNS,
        *("ت" + pronoun for pronoun in _PRONOUNS),
        *_NUMBERS,
        *(number + pronoun for number in _NUMBERS for pronoun in _PRONOUNS),
        *NISBA_SUFFIXES,
    }
)
"""Every ending search_keys may take off a word after its proclitics (corpus.storage.merge
relies on this to find the words whose keys a changed form can concern)."""
KEY_TAILS = ("ه", "ين", "ون", "ان")
"""What search_keys may put after a part of a word to look it up (a feminine ending, a dual or
plural partner)."""
_FEMININE_NUMBERS = ("ات", "تين", "تان")
"""The plural and dual endings of a noun in ة (عملات, عملتين): where an index holds the singular
written with ة, they are its forms (an index of normalized words cannot tell: عمله is also عمل + ه)."""
_SUFFIX_ENDS = frozenset(ending[-1] for ending in (*_PRONOUNS, *_NUMBERS))
"""The last letters of every ending: a word ending otherwise has no suffix base."""


def _by_last_letter(endings: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Endings grouped by their last letter, longest first as given (one lookup, not a loop)."""
    return {last: tuple(e for e in endings if e[-1] == last) for last in {e[-1] for e in endings}}


_PRONOUNS_BY_LAST = _by_last_letter(_PRONOUNS)
_NUMBERS_BY_LAST = _by_last_letter(_NUMBERS)


def suffix_bases(
    word: str,
    vocabulary: Container[str],
    frequency: Frequency | None = None,
    *,
    feminine: bool = False,
    pronouns: bool = True,
) -> list[str]:
    """The word without a pronoun, dual, plural or feminine ending, where what is left (or it
    with ة) is itself a word of the corpus: حكومتها → حكومه, حافلات → حافله, معلمون → معلم.
    Without `pronouns`, a word ending in an attached pronoun keeps it (a query's رئيسه, "his
    president" or رئيسة typed with ه, never finds every رئيس: what was typed says which one).

    Names keep their endings: كازاخستان has no attested كازاخست; a plural or dual ending
    that names have (ون، ين، ان) needs its partner form attested too; and a form far more
    frequent than its base (NAME_RATIO, with `frequency`) is taken for a name.
    """
    if len(word) <= _MIN_BASE or word[-1] not in _SUFFIX_ENDS or word.isascii():
        return []
    found: list[str] = []

    def seen(form: str) -> int:
        return seen_with_article(form, frequency) if frequency is not None else 1

    own = seen(word)

    def accept(base: str) -> None:
        base = _written_with_maqsura(base, vocabulary, seen if frequency is not None else None)
        if len(base) < _MIN_BASE or base == word or base in found or not _attested(base, vocabulary):
            return
        if frequency is not None and own > NAME_RATIO * max(1, seen(base)):
            return
        if frequency is not None and len(base) == _MIN_BASE and seen(base) < SHORT_BASE_RATIO * own:
            return  # مساهم is not مسا + هم: a three-letter base must be the far more common form
        found.append(base)

    stems = [word]
    for pronoun in () if (feminine and word.endswith("ه")) or not pronouns else _PRONOUNS_BY_LAST.get(word[-1], ()):
        if word.endswith(pronoun) and len(word) - len(pronoun) >= _MIN_BASE:
            rest = word[: -len(pronoun)]
            if rest.endswith("ت") and _attested(rest[:-1] + "ه", vocabulary):
                accept(rest[:-1] + "ه")  # a feminine noun before a pronoun: حكومتها → حكومه
                if _singular_in_ah(rest, seen if frequency is not None else None):
                    break  # معاناتهم is معاناة + هم, not a plural of معان
            elif pronoun != "ه" or frequency is None or seen(rest) >= LONE_HA_RATIO * own:
                accept(rest)
            stems.append(rest)
            break
    for stem in stems:
        for ending in _NUMBERS_BY_LAST.get(stem[-1], ()):
            if not stem.endswith(ending) or len(stem) - len(ending) < _MIN_BASE:
                continue
            rest = stem[: -len(ending)]
            partners = _PARTNERS.get(ending)
            if partners is not None and (len(rest) < 4 or not any(_attested(rest + p, vocabulary) for p in partners)):
                break
            with_ta = rest + "ه"
            if ending in _FEMININE_NUMBERS and _attested(rest + "ة", vocabulary):
                accept(with_ta)  # عملات, عملتين → عملة: the archive writes the singular with its ة
            elif ending == "ات" and _attested(with_ta, vocabulary) and seen(with_ta) * 3 >= seen(rest):
                accept(with_ta)  # حافلات → حافله, مساعدات → مساعده (not مساعد)
            else:
                accept(rest if seen(rest) >= seen(with_ta) else with_ta)
            break
    return found


def _singular_in_ah(stem: str, seen: Callable[[str], int] | None) -> bool:
    """Whether a stem before a pronoun ending in ات is a singular noun in اة (معانات of
    معاناتهم: معاناة) rather than a plural (سيارات): the archive writes the singular (معاناه, once
    normalized) more often than the plural's base with or without ة (معان, معانه)."""
    if seen is None or not stem.endswith("ات") or len(stem) - 2 < _MIN_BASE:
        return False
    base = stem[:-2]
    return seen(stem[:-1] + "ه") > max(seen(base), seen(base + "ه"))


def _written_with_maqsura(stem: str, vocabulary: Container[str], seen: Callable[[str], int] | None) -> str:
    """A stem left by an ending: a final ي is the ى of the word the archive writes more, as ى
    is written ي before an ending (عليه is على + ه, لديها لدى + ها, مستشفيات مستشفى + ات)."""
    twin = twin_with_maqsura(stem)
    if twin is None or seen is None or not _attested(twin, vocabulary) or seen(twin) <= seen(stem):
        return stem
    return twin


def search_keys(
    word: str,
    vocabulary: Container[str],
    frequency: Frequency | None = None,
    *,
    feminine: bool = False,
    pronouns: bool = True,
) -> tuple[str, ...]:
    """The keys a normalized word is found under besides itself: its base without clitics, its
    nisba base, and its bases without a pronoun, dual, plural or feminine ending (of the word or
    of its clitic base: وبحكومتها → حكومه; behind the article, no pronoun: السنتهم is no سنة + هم).
    `feminine`: the word was written with a final ة
    (an index term or a query's word, here in normalized letters): its ه is not a pronoun (العملة
    is not العمل + ه). Without `pronouns`, no attached pronoun is taken off (a query's word:
    see suffix_bases)."""
    keys: list[str] = []
    base = clitic_base(word, vocabulary, frequency)
    if base is None:
        base = _clitics_before_a_suffix(word, vocabulary, frequency)
    if base is not None:
        keys.append(base)
    stem = base if base is not None else word
    nisba = nisba_base(stem, vocabulary)
    if nisba is not None and nisba != word and not _of_the_feminine_noun(stem, nisba, frequency):
        keys.append(nisba)
    definite = base is not None and any(word == prefix + base for prefix in DEFINITE_PREFIXES)
    # the article and an attached pronoun never meet: السنتهم is ألسنتهم ("their tongues"), no سنة
    bases = suffix_bases(stem, vocabulary, frequency, feminine=feminine, pronouns=pronouns and not definite)
    keys.extend(k for k in bases if k not in keys)
    return tuple(keys)


def _of_the_feminine_noun(word: str, base: str, frequency: Frequency | None) -> bool:
    """Whether the relative adjective `word` (nisba base `base`) is the adjective of the noun in
    ة, not of `base`: the archive writes that noun with the article (الإدارة; after a clitic too:
    بالإضافة) more often than `base` bare or with the article (after a clitic too), and `word` is no plural in
    construct of `base` (مسلحي, "the gunmen of": مسلحين is written at least a tenth as often as
    مسلح). So الإضافي (extra) is no أضاف (he added), التجاري (commercial) no تجار (merchants)."""
    if frequency is None:
        return False
    noun = base + "ه"
    if written_with_articles(noun, frequency) - frequency(noun) <= written_with_articles(base, frequency):
        return False
    return not (word.endswith(("ي", "يه")) and has_sound_plural(base, frequency))


def written_with_articles(form: str, frequency: Frequency) -> int:
    """How often the archive writes the form bare or with the article, alone or behind a clitic
    (بالإضافة)."""
    return sum(frequency(article + form) for article in ("", *DEFINITE_PREFIXES))


DEFINITE_PREFIXES = ("ال", "بال", "وال", "لل", "فال", "كال", "وبال", "ولل")
"""The article and the clitics it is written after (بالإضافة): corpus.storage.merge takes them
off a changed form to find the words whose keys the form's count concerns."""
CONSTRUCT_PLURAL = 10
"""A word in ي or يه after a base whose plural (ين, ون) is written at least 1/this as often as
the base may be that plural in construct (مسلحي, محافظي, معارضيه): its base stays a key."""
CONSTRUCT_ANY = 200
"""A word in ي after a base whose dual or plural in ين, ون is written at least 1/this as often
(عامي of "بين عامي": عامين is 1/20 of عام; وزيري; مديري) may be it in construct; after one
never so written it is another word (فتحي, the name Fathi, of فتح: no فتحين; عملي "practical")."""


def has_sound_plural(base: str, frequency: Frequency, share: int = CONSTRUCT_PLURAL) -> bool:
    """Whether the archive writes the base's sound plural (ين, ون: see written_with_articles) at
    least 1/`share` as often as the base: then a form of it in ـي or ـيه may be that plural in
    construct (مسلحي, "the gunmen of"; with a pronoun, لاعبيه, "his players")."""
    plural = written_with_articles(base + "ين", frequency) + written_with_articles(base + "ون", frequency)
    return plural * share >= written_with_articles(base, frequency)


def _clitics_before_a_suffix(word: str, vocabulary: Container[str], frequency: Frequency | None) -> str | None:
    """A clitic stripped because what is left has an attested suffix base (وبحكومتها → حكومتها),
    where what is left is not itself a word of the corpus (and, with `frequency`, where the
    archive reads the word that way: وزيره is وزير + ه, not و + زيره)."""
    if word[:1] not in CLITIC_LETTERS:
        return None
    whole: int | None = None
    for prefix in CHECKED_PREFIXES:
        rest = word[len(prefix) :]
        if not word.startswith(prefix) or len(rest) <= _MIN_BASE:
            continue
        bases = suffix_bases(rest, vocabulary, frequency)
        if not bases:
            continue
        if frequency is not None:
            if not _read_as_clitic(word, rest, frequency, vocabulary):
                continue
            if whole is None:  # the word as its own stem and ending: وزيرها is وزير + ها
                whole = _commonest_stem(word, vocabulary, frequency)
            if whole >= max(seen_with_article(b, frequency) for b in bases):
                continue  # not و + زير + ها: وزير is the far more frequent stem
        return rest
    return None
