"""Entities found by rules: dates, amounts of money, percentages, quantities, and Latin acronyms."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from corpus.entities.heads import head_type
from corpus.entities.lexicons import LETTER_NAMES, ORG_TRIGGERS, PERSON_TRIGGERS, places
from corpus.entities.values import GREGORIAN_MONTHS, HIJRI_MONTHS
from corpus.text.clitics import CLITIC_LETTERS
from corpus.text.normalization import normalize

__all__ = ["RuleMention", "rule_mentions", "acronym_expansions", "currency_word"]

_MONTHS = "|".join(sorted((name for names in GREGORIAN_MONTHS.values() for name in names), key=len, reverse=True))
_HIJRI = "|".join(month for month in HIJRI_MONTHS.split("|") if month != "صفر")
"""Hijri months after a day; صفر ("zero", as in a score "3 صفر") only with a year."""
_NUMBER = r"\d+(?:[.,٫٬]\d+)*"
_FREE_NUMBER = r"\d(?:(?<![\w.]\d)|(?<=(?<!\w)[وفبلك]\d))\d*(?:[.,٫٬]\d+)*"
"""A number with no word or dot before it, or only a conjunction or preposition joined to it
(و20 في المائة); the lookbehind placed after the first digit lets the regex engine skip to
digits (three times faster than a pattern opening with the lookbehind)."""
_GAP = r"[^\S\n\r\x0b\x0c\x85\u2028\u2029]"
"""Space within a line: a date, an amount or a quantity never runs across a line break."""
_WORD_NUMBER = (
    r"(?:واحد|اثنان|اثنين|ثلاثة|ثلاث|أربعة|أربع|خمسة|خمس|ستة|ست|سبعة|سبع|ثمانية|ثماني|تسعة|تسع|عشرة|عشر|"
    r"عشرين|عشرون|ثلاثين|ثلاثون|أربعين|خمسين|مئة|مائة|مئات|ألف|آلاف)"
)
_SCALE = r"(?:ألف|الف|آلاف|مليون|ملايين|مليار|مليارات|بليون|ترليون|تريليون|تريليونات)"
_CURRENCY = (
    r"(?:دولار(?:ا|اً|ًا)?|دولارات|يورو|أورو|جنيه(?:ا|اً)?|جنيهات|ريال(?:ا|اً)?|ريالات|درهم(?:ا|اً)?|دراهم|دينار(?:ا|اً)?|دنانير|"
    r"ليرة|ليرات|شيكل|شيكلات|شواكل|روبل|يوان|ين|تينغ[يه]|روبية|روبيات|فرنك|إسترليني|استرليني)"
    r"(?: (?:أمريكي|أميركي|امريكي|سعودي|مصري|أردني|كويتي|إماراتي|إسترليني|استرليني|"
    r"قطري|تونسي|مغربي|جزائري|عراقي|ليبي|لبناني|سوري|تركي|روسي|صيني|كازاخستاني|باكستاني)(?:ا|اً|ًا)?)?"
)
"""A currency, and the adjective that says whose (جنيه إسترليني, دولارا أمريكيا)."""
_CURRENCY_ALONE = re.compile(normalize(_CURRENCY))
"""A currency, normalized (استرليني, دولار امريكي)."""


def currency_word(key: str) -> bool:
    """Whether a normalized key is only a currency (استرليني, الجنيه الاسترليني, استرلينيا): a
    thing ANERcorp tags as MISC where an amount names it, never a name in an archive's table."""
    bare = " ".join(word[2:] if word.startswith("ال") and len(word) > 4 else word for word in key.split())
    return any(_CURRENCY_ALONE.fullmatch(form) for form in (bare, bare[:-1] if bare.endswith("ا") else bare))


_UNITS = (
    r"(?:طن(?:ا|اً|ًا)?|أطنان|كيلومتر(?:ا|اً|ًا|ات)?|كيلو ?متر|كم|متر(?:ا|اً|ًا)?|أمتار|ميل(?:ا|اً)?|أميال|"
    r"برميل(?:ا|اً)?|براميل|ميغاواط|ميجاوات|ميغاوات|جيجاوات|هكتار(?:ا|اً)?|كيلوغرام(?:ا|اً)?|كغ|لتر(?:ا|اً)?|"
    r"دونم(?:ا|اً)?|فدان(?:ا|اً)?)"
)
_FUNCTION_WORDS = frozenset(
    normalize(w)
    for w in "من في على إلى الى عن مع حتى منذ بين و أو ثم إن أن التي الذي الذين هذه هذا ذلك تلك كل بعد قبل عام سنة "
    "يوم شهر أيضا فقط نحو حوالي قد لقد لم لن لا ما".split()
)


@dataclass(frozen=True, slots=True)
class RuleMention:
    """A span of the text and the entity type a rule gave it."""

    start: int
    end: int
    type: str
    text: str
    link: str = ""
    """For an acronym's expansion, the acronym."""
    unsure: bool = False
    """An expansion nothing marks as a name (no organisation or head noun, no spelled letters):
    it may be a gloss (إرسال رسالة قصيرة (SMS)) rather than the acronym's name."""
    guessed: bool = False
    """An acronym whose type nothing in the text gives (no dateline, head noun or expansion
    that names it): MISC is a guess (SMS, GPS, or an FBI named nowhere in the article)."""


_DATE = re.compile(
    rf"(?<![\w])(?:"
    rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}(?:[ T]\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
    rf"|\d{{1,2}}(?:{_GAP}*(?:و|-|–|إلى|الى){_GAP}*\d{{1,2}})?{_GAP}+(?:{_MONTHS})(?:{_GAP}+(?:عام{_GAP}+)?\d{{4}})?"
    rf"|(?:{_MONTHS}){_GAP}+(?:عام{_GAP}+|من عام{_GAP}+)?\d{{4}}"
    rf"|(?:عام|سنة|العام){_GAP}+\d{{4}}"
    rf"|\d{{1,2}}{_GAP}+(?:(?:{_HIJRI})(?:{_GAP}+\d{{4}})?|صفر{_GAP}+\d{{4}})(?:{_GAP}*هـ)?"
    rf")(?![\w])"
)
_MONEY = re.compile(
    rf"(?:{_FREE_NUMBER}|(?<![\w.]){_WORD_NUMBER})(?:{_GAP}+{_SCALE})?{_GAP}+{_CURRENCY}(?![\w])"
    rf"|[$€£]{_GAP}?{_NUMBER}(?:{_GAP}?(?:million|billion|bn|m))?"
)
_PERCENT = re.compile(rf"{_FREE_NUMBER}{_GAP}*(?:%|٪|في المائة|في المئة|بالمائة|بالمئة)")
_QUANTITY_UNIT = re.compile(rf"{_FREE_NUMBER}(?:{_GAP}+{_SCALE})?{_GAP}+{_UNITS}(?![\w])")
_COUNTED = re.compile(rf"({_FREE_NUMBER})(?:{_GAP}+{_SCALE})?{_GAP}+([^\W\d_][\w\u064b-\u0652]*)")
_ACRONYM = re.compile(r"(?<![\w])([A-Z][A-Z0-9&]{1,9})(?![\w])")
_PRONOUN_ENDINGS = ("ها", "هم", "هما", "نا", "كم")
_DEFINITE = ("ال", "لل")
"""A definite noun, alone or after ل (للحصول): never a counted thing (بال and وال also open
indefinite words: 12 بالونا, 5 بالغين)."""


class ClaimedSpans:
    """Character spans already claimed by a mention; an overlap check costs one scan of the span."""

    def __init__(self, length: int) -> None:
        self._marks = bytearray(length)

    @classmethod
    def of(cls, length: int, mentions: Iterable[RuleMention]) -> ClaimedSpans:
        """The spans of `mentions` in a text of `length` characters."""
        claimed = cls(length)
        for mention in mentions:
            claimed.claim(mention.start, mention.end)
        return claimed

    def claim(self, start: int, end: int) -> None:
        self._marks[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self._marks.find(1, start, end) != -1

    def covers(self, start: int, end: int) -> bool:
        """Whether every character of the span is claimed."""
        return end > start and self._marks.find(0, start, end) == -1


def _counted_quantities(text: str, taken: ClaimedSpans) -> Iterator[RuleMention]:
    """A number followed by an indefinite noun ("600 حافلة"); years and definite nouns are not counts."""
    for match in _COUNTED.finditer(text):
        number, noun = match.group(1), match.group(2)
        form = normalize(noun)
        if form.startswith(_DEFINITE) or form in _FUNCTION_WORDS or len(form) < 3:
            continue
        if len(number) == 4 and number.isdigit() and 1800 <= int(number) <= 2100:
            continue
        if taken.overlaps(match.start(), match.end()):
            continue
        yield RuleMention(match.start(), match.end(), "QUANTITY", match.group())


def acronym_expansions(text: str) -> Iterator[tuple[RuleMention, RuleMention | None]]:
    """Latin acronyms, each with the Arabic words it stands for when written "Long Name (ACR)"."""
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        if acronym.isdigit() or sum(c.isalpha() for c in acronym) < 2:
            continue
        expansion = None
        kind = ""
        before = text[max(0, match.start() - 2) : match.start()]
        if before.endswith("(") or before.endswith("( "):
            opening = text.rfind("(", 0, match.start())
            expansion = _expansion_before(text, opening, len(acronym))
            if _dateline(text, opening, match.end()):
                expansion, kind = None, "ORG"  # "دبي، الإمارات العربية المتحدة (CNN)--": the news source
            elif announced := _kind_before(text, opening):
                expansion, kind = None, announced  # "موقع (BBC)": the head noun says what it is
        if expansion is not None:
            expansion = _from_its_head(expansion)
        words = [normalize(w) for w in expansion.text.split()] if expansion is not None else []
        named = False
        if words and (any(w in ORG_TRIGGERS for w in words) or all(w in LETTER_NAMES for w in words)):
            kind, named = "ORG", True  # منظمة الصحة العالمية (WHO); إم بي سي (MBC), its letters spelled out
        elif words and (head := _institution(words[0]) or head_type(words[0])):
            kind, named = head, True  # مكتب التحقيقات الفيدرالي (FBI), خطة العمل المشتركة الشاملة (JCPOA)
        elif not kind:
            kind = _kind_before(text, match.start())  # قناة MBC, موقع CNN
        guessed = not kind
        kind = kind or "MISC"
        if expansion is not None:
            expansion = RuleMention(expansion.start, expansion.end, kind, expansion.text, acronym, not named)
        yield RuleMention(match.start(), match.end(), kind, acronym, guessed=guessed), expansion


_INSTITUTIONS = {
    normalize(word): kind
    for kind, words in (
        ("ORG", "مكتب رابطة كلية معهد أكاديمية فرقة إدارة دائرة جهاز مجموعة تنظيم جماعة"),
        ("MISC", "خطة اتفاقية معاهدة"),
    )
    for word in words.split()
}
"""Nouns that open the name of an institution or an agreement (مكتب التحقيقات الفيدرالي (FBI),
خطة العمل المشتركة الشاملة (JCPOA)): an expansion opening with one is a name, not a gloss."""


def _institution(form: str) -> str:
    """The type of the name a normalized word opens as an institution's or agreement's noun, or ""."""
    bare = form[1:] if form[:1] in "وفلب" and len(form) > 3 else form  # لحزب, وكلية
    forms = (form, bare, bare[2:] if bare.startswith("ال") and len(bare) > 4 else bare)  # الرابطة
    if any(f in ORG_TRIGGERS for f in forms):
        return "ORG"
    return next((_INSTITUTIONS[f] for f in forms if f in _INSTITUTIONS), "")


def _from_its_head(expansion: RuleMention) -> RuleMention:
    """An expansion from its first institution word on, when words that are not the name come
    before it (أكدت وكالة الأنباء الفرنسية (AFP), باسم خطة العمل المشتركة الشاملة (JCPOA)); a head
    left with fewer than two words leaves the expansion as it is."""
    words = list(re.finditer(r"\S+", expansion.text))
    for word in words[1:-1]:
        if _institution(normalize(word.group())):
            start = expansion.start + word.start()
            return RuleMention(start, expansion.end, expansion.type, expansion.text[word.start() :], expansion.link)
    return expansion


def _kind_before(text: str, start: int) -> str:
    """The kind a head noun right before an acronym (or its bracket) gives it (قناة → ORG), or ""."""
    before = text[max(0, start - 40) : start].rstrip(" (")
    words = before.split()
    return head_type(words[-1]) if words and before.endswith(words[-1]) else ""


_PHRASE_BREAK = re.compile(r"[^\w\s\u064b-\u0652\u0640-]|[\n\r\x0b\x0c\x85\u2028\u2029]")
"""What ends the phrase an acronym can stand for: a line break or any punctuation (a dateline
"إسطنبول، تركيا (CNN)" is no expansion, and a title never runs into the body)."""


_DASHES = ("-", "–", "—")


def _dateline(text: str, opening: int, end: int) -> bool:
    """Whether "(ACR)" closes a dateline (a place, then the news source: "إسطنبول، تركيا (CNN)--"):
    a dash follows it, or its line before it is a known place, alone or before a comma
    ("واشنطن، الولايات المتحدة الأمريكية (CNN)")."""
    closing = text.find(")", end)
    if closing != -1 and text[closing + 1 : closing + 4].lstrip(" ").startswith(_DASHES):
        return True
    line_start = max(text.rfind(c, 0, opening) for c in "\n\r\u2028\u2029") + 1
    parts = [normalize(" ".join(part.split())) for part in re.split(r"[،,]", text[line_start:opening])]
    return parts[0] in places() and (len(parts) > 1 or bool(parts[0]))


def _expansion_before(text: str, opening: int, letters: int) -> RuleMention | None:
    """The words before "(ACR)", within its line and after the last punctuation mark: as many
    as the acronym has letters, one more when that one opens the phrase with a preposition
    ("بطريق النقل الدولي عبر قزوين (TITR)"), whose preposition is then left out."""
    base = max(0, opening - 300)
    breaks = list(_PHRASE_BREAK.finditer(text, base, opening))
    if breaks:
        base = breaks[-1].end()
    words = list(re.finditer(r"[^\s()]+", text[base:opening]))
    chosen = words[-letters:]
    extended = False
    if len(words) > letters:
        extra = normalize(words[-letters - 1].group())
        if len(extra) > 3 and extra[0] in CLITIC_LETTERS and extra not in _FUNCTION_WORDS:
            chosen = words[-letters - 1 :]
            extended = True
    spelled = words[-letters:] if all(normalize(w.group()) in LETTER_NAMES for w in words[-letters:]) else None
    if spelled:
        chosen = spelled  # إن بي سي (NBC): spelled letters, whatever words they look like
    while (
        not spelled
        and chosen
        and (normalize(chosen[0].group()) in _FUNCTION_WORDS or normalize(chosen[0].group()).endswith(_PRONOUN_ENDINGS))
    ):
        chosen = chosen[1:]
    if len(chosen) < 2 or (not spelled and any(_not_in_a_name(word.group()) for word in chosen[1:])):
        return None
    start = base + chosen[0].start()
    end = base + chosen[-1].end()
    first = normalize(chosen[0].group())
    if (extended and chosen[0] is words[-letters - 1]) or _written_without_clitic(text, first):
        start += 1
    return RuleMention(start, end, "MISC", text[start:end])


def _written_without_clitic(text: str, word: str) -> bool:
    """Whether a word opens with a preposition the text shows is not its own: the word without
    its first letter is written on its own in the text (لطريق beside طريق; never بوتين → وتين)."""
    if len(word) < 5 or word[0] not in "لب" or word.startswith("ال"):
        return False
    rest = word[1:]
    return any(normalize(found) == rest for found in re.findall(rf"(?<!\w){re.escape(rest[0])}\w+", text))


def _not_in_a_name(word: str) -> bool:
    """A word no expansion holds: a function word, one letter, or a reporting verb (إذ قال لـ)."""
    form = normalize(word).strip("ـ")
    return len(form) < 2 or form in _FUNCTION_WORDS or form in PERSON_TRIGGERS


def rule_mentions(text: str) -> list[RuleMention]:
    """Every rule-based mention, longest first where two overlap."""
    found: list[RuleMention] = []
    for pattern, kind in ((_MONEY, "MONEY"), (_PERCENT, "PERCENT"), (_DATE, "DATE"), (_QUANTITY_UNIT, "QUANTITY")):
        found.extend(RuleMention(m.start(), m.end(), kind, m.group()) for m in pattern.finditer(text))
    found.extend(_counted_quantities(text, ClaimedSpans.of(len(text), found)))
    for acronym, expansion in acronym_expansions(text):
        found.append(acronym)
        if expansion is not None:
            found.append(expansion)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[RuleMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept
