"""Grouping keys of dates, amounts, percentages and quantities: one entity for one value,
however the articles write it.

"عام 2016", "العام 2016" and "سنة 2016" are the year 2016; "14 يونيو", "14 حزيران" and "14 جوان"
(the Egyptian, Levantine and Maghrebi names of one month) are one day; "20%", "20 %" and "20 في
المائة" one share; "3 مليارات دولار", "ثلاثة مليارات دولار" and "3 مليار دولار" one sum. A text
that none of these shapes fits keeps its normalized words as its key.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from corpus.text.dates import MONTHS
from corpus.text.normalization import normalize

__all__ = ["value_key", "GREGORIAN_MONTHS", "HIJRI_MONTHS"]

GREGORIAN_MONTHS: dict[int, tuple[str, ...]] = {
    number: tuple(name for name, month in MONTHS.items() if month == number) for number in range(1, 13)
}
"""Each month's names as articles write them (corpus.text.dates.MONTHS: Egyptian, Levantine,
Maghrebi): the date rule finds these, and a date's key gives them one number."""
HIJRI_MONTHS = (
    "محرم|صفر|ربيع الأول|ربيع الاول|ربيع الآخر|ربيع الثاني|جمادى الأولى|جمادى الاولى|جمادى الآخرة|"
    "جمادى الثانية|رجب|شعبان|رمضان|شوال|ذو القعدة|ذي القعدة|ذو الحجة|ذي الحجة"
)
"""The months of the Hijri calendar as articles write them (ذو and ذي both)."""


def _month_names() -> dict[str, str]:
    """Normalized month name → its key: the Gregorian month's number, or the Hijri month's name."""
    months = {normalize(name): f"{number:02d}" for number, names in GREGORIAN_MONTHS.items() for name in names}
    for name in HIJRI_MONTHS.split("|"):
        same = name.replace("ذي ", "ذو ").replace("الآخرة", "الثانية").replace("الآخر", "الثاني")
        months[normalize(name)] = "هـ " + normalize(same)
    return months


_MONTHS = _month_names()
_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_YEAR_WORDS = frozenset(normalize(w) for w in ("عام", "العام", "سنة", "السنة", "من", "هـ", "ه"))
_DAY_MONTH = re.compile(rf"(\d{{1,2}}) ({_MONTH})(?: (\d{{4}}))?")
_MONTH_YEAR = re.compile(rf"({_MONTH}) (\d{{4}})")
_YEAR = re.compile(r"\d{4}")
_GLUED_HIJRI = re.compile(r"(\d{4})هـ?")

_PERCENT_SIGNS = tuple({normalize(s) for s in ("%", "٪", "في المائة", "في المئة", "بالمائة", "بالمئة")})
_WORD_NUMBERS = {
    normalize(word): value
    for value, words in {
        1: "واحد",
        2: "اثنان اثنين",
        3: "ثلاثة ثلاث",
        4: "أربعة أربع",
        5: "خمسة خمس",
        6: "ستة ست",
        7: "سبعة سبع",
        8: "ثمانية ثماني",
        9: "تسعة تسع",
        10: "عشرة عشر",
        20: "عشرين عشرون",
        30: "ثلاثين ثلاثون",
        40: "أربعين",
        50: "خمسين",
        100: "مئة مائة",
        1000: "ألف",
    }.items()
    for word in words.split()
}
_SCALES = {
    normalize(word): value
    for value, words in {
        1000: "ألف الف آلاف",
        10**6: "مليون ملايين",
        10**9: "مليار مليارات بليون",
        10**12: "ترليون تريليون تريليونات",
    }.items()
    for word in words.split()
}
_UNITS = {
    normalize(word): normalize(unit)
    for unit, words in {
        "دولار": "دولار دولارا دولارات",
        "يورو": "يورو أورو",
        "جنيه": "جنيه جنيها جنيهات",
        "جنيه استرليني": "إسترليني استرليني",
        "ريال": "ريال ريالا ريالات",
        "درهم": "درهم درهما دراهم",
        "دينار": "دينار دينارا دنانير",
        "ليرة": "ليرة ليرات",
        "روبية": "روبية روبيات",
        "شيكل": "شيكل شيكلات شواكل",
        "سنة": "عام عاما أعوام سنة سنوات سنين",
        "شهر": "شهر شهرا أشهر شهور",
        "أسبوع": "أسبوع أسبوعا أسابيع",
        "يوم": "يوم يوما أيام",
        "ساعة": "ساعة ساعات",
        "دقيقة": "دقيقة دقائق",
        "طن": "طن طنا أطنان",
        "كيلومتر": "كيلومتر كيلومترا كيلومترات كم",
        "متر": "متر مترا أمتار",
        "ميل": "ميل ميلا أميال",
        "برميل": "برميل برميلا براميل",
        "هكتار": "هكتار هكتارا",
        "كيلوغرام": "كيلوغرام كيلوغراما كغ",
        "لتر": "لتر لترا",
    }.items()
    for word in words.split()
}
MAX_DIGITS = 18
"""A number longer than this keeps its writing as its key: its value times a scale stays exact
in the 28 digits decimal arithmetic keeps (no two values rounded into one)."""
_DOLLAR = normalize("دولار")
_DOLLAR_ADJECTIVES = frozenset(normalize(w) for w in ("أمريكي", "أميركي", "أمريكيا", "أميركيا"))


def value_key(text: str, kind: str) -> str:
    """The grouping key of a DATE, MONEY, PERCENT or QUANTITY mention (see the module)."""
    words = normalize(text).split()
    plain = " ".join(words)
    if kind == "DATE":
        return _date_key(words) or plain
    if kind == "PERCENT":
        return _percent_key(plain) or plain
    if kind in ("MONEY", "QUANTITY"):
        return _amount_key(words) or plain
    return plain


def _date_key(words: list[str]) -> str:
    """ "2016", "2015-08-10", "08-10", "2015-08", or a Hijri day "هـ شوال 25"; "" for other shapes."""
    hijri = False
    if words and words[-1] in ("هـ", "ه"):
        words, hijri = words[:-1], True
    elif words and (glued := _GLUED_HIJRI.fullmatch(words[-1])):
        words, hijri = [*words[:-1], glued.group(1)], True  # 1437هـ
    text = " ".join(w for w in words if w not in _YEAR_WORDS)
    if _YEAR.fullmatch(text):
        return f"هـ {text}" if hijri else text  # a Hijri year is never the Gregorian one
    if found := _DAY_MONTH.fullmatch(text):
        day, month, year = int(found.group(1)), _MONTHS[found.group(2)], found.group(3)
        if month.startswith("هـ"):
            return f"{month} {day}" + (f" {year}" if year else "")
        return f"{year}-{month}-{day:02d}" if year else f"{month}-{day:02d}"
    if found := _MONTH_YEAR.fullmatch(text):
        month = _MONTHS[found.group(1)]
        return f"{month} {found.group(2)}" if month.startswith("هـ") else f"{found.group(2)}-{month}"
    return ""


def _percent_key(plain: str) -> str:
    for sign in _PERCENT_SIGNS:
        if plain.endswith(sign):
            number = _number(plain[: -len(sign)].strip())
            return f"{number.normalize():f}%" if number is not None else ""
    return ""


def _amount_key(words: list[str]) -> str:
    """The value and its unit ("3000000000 دولار"), or "" when the words are not a number, an
    optional scale and a unit the module knows."""
    if len(words) < 2:
        return ""
    value = _number(words[0])
    if value is None:
        return ""
    rest = words[1:]
    if rest and rest[0] in _SCALES:
        value *= _SCALES[rest[0]]
        rest = rest[1:]
    if not rest:
        return ""
    unit = _UNITS.get(rest[0], rest[0])
    adjective = [word[:-1] if word.endswith("ا") and len(word) > 4 else word for word in rest[1:]]  # إسترلينيا
    if unit == _DOLLAR and adjective and adjective[0] in _DOLLAR_ADJECTIVES:
        adjective = adjective[1:]  # a dollar is the US dollar unless said otherwise
    unit = " ".join([unit, *adjective])
    return f"{value.normalize():f} {unit}"


def _number(word: str) -> Decimal | None:
    """A number written in digits or as a word; None where its value is not certain: a separator
    before exactly three digits (50.000 and 1,500 are thousands in some newsrooms, decimals in
    others), so such a number groups only with the same writing."""
    if word in _WORD_NUMBERS:
        return Decimal(_WORD_NUMBERS[word])
    if not re.fullmatch(r"\d+(?:[.,](?!\d{3}$)\d+)?", word) or len(word) > MAX_DIGITS:
        return None
    try:
        return Decimal(word.replace(",", "."))
    except InvalidOperation:
        return None
