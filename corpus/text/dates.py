"""Publication dates as written in news archives, read into ISO dates (YYYY-MM-DD).

What is read, in this order of trust (`article_date`):
1. a date in the metadata (a JSON field, or a labelled line such as "تاريخ النشر: …"):
   ISO (2018-02-18, 2018/02/18, with or without a time), RFC 2822 ("Sun, 18 Feb 2018 21:35:43
   +0400"), day first (18/02/2018, 18-02-2018), or a day, an Arabic or Levantine month name
   and a year ("18 فبراير 2018", "18 شباط 2018", "الأحد 18 شباط/فبراير 2018");
2. a date in the file name: 2015-08-01 or 20170530, between non-digits; day first (20082016)
   only when it cannot be read month first too, or when a date in the text is within
   REFINE_DAYS of one reading only (01112016 with "1 نوفمبر 2016" in its text);
3. a dateline in the first lines of the text: a date with a month name, or an ISO date, that
   opens its line ("الرياض - 18 فبراير 2018", within its first DATELINE_REACH characters) or
   makes most of it (a line of at most DATELINE_WORDS words). A date inside a sentence ("زار
   … في 8 أغسطس 2025") is what the story is about, not when it was published. Where the
   file name gives a date, a dateline only refines it: it is used when it is at most
   REFINE_DAYS away (the file name's day may be the day it was filed), else the name's date
   stands (a birth date in the opening lines is no publication date).

Arabic-Indic and Persian digits count as digits. A date that is not a real calendar day, or
falls outside 1900 to next year, is not trusted: it is left empty, never guessed.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import re

__all__ = ["parse_date", "date_in_text", "date_in_name", "article_date", "MONTHS", "ASCII_DIGITS"]

MONTHS: dict[str, int] = {
    # Egyptian / Gulf (transliterated Latin) names
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "اغسطس": 8, "أغسطس": 8, "سبتمبر": 9, "اكتوبر": 10,
    "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Levantine / Iraqi (Syriac) names
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5,
    "حزيران": 6, "تموز": 7, "آب": 8, "اب": 8, "أيلول": 9, "ايلول": 9, "تشرين الأول": 10,
    "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
    # Tunisian / Algerian names
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "افريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "أوت": 8, "اوت": 8,
    # Moroccan names (beside يناير, فبراير, مارس, أبريل, ماي, يونيو, أكتوبر)
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
}  # fmt: skip
"""Arabic month names, by month number: an article's date and the entity rules' dates read them."""

ASCII_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
"""Arabic-Indic and Persian digits to ASCII, for `str.translate`."""
_MONTH_NAMES = "|".join(sorted((re.escape(name) for name in MONTHS), key=len, reverse=True))
_ARABIC_DATE = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})\s*(?:من\s+)?(?P<month>{_MONTH_NAMES})(?:\s*[/(]\s*(?:{_MONTH_NAMES})\s*\)?)?"
    rf"\s*[,،]?\s*(?:عام\s+|سنة\s+)?(?P<year>\d{{4}})(?!\d)"
)
_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)")
_DAY_FIRST = re.compile(r"(?<!\d)(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{4})(?!\d)")
_IN_NAME = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})-?(?P<month>\d{2})-?(?P<day>\d{2})(?!\d)")
_DAY_FIRST_IN_NAME = re.compile(r"(?<!\d)(?P<day>\d{2})(?P<month>\d{2})(?P<year>(?:19|20)\d{2})(?!\d)")
_HEAD_LINES = 4
DATELINE_REACH = 30
DATELINE_WORDS = 6
REFINE_DAYS = 3
"""How far a dateline may be from the file name's date and still be taken as the day it gives."""


def _day(year: str | int, month: str | int, day: str | int) -> str:
    """The ISO date, or "" when it is no real day in 1900 to next year."""
    try:
        value = dt.date(int(year), int(month), int(day))
    except ValueError:
        return ""
    if not 1900 <= value.year <= dt.date.today().year + 1:
        return ""
    return value.isoformat()


def parse_date(value: str) -> str:
    """The ISO date a metadata value gives, or "" when it gives none that can be trusted."""
    text = value.translate(ASCII_DIGITS).strip()
    if not text:
        return ""
    match = _ISO.search(text)
    if match:
        return _day(match["year"], match["month"], match["day"])
    if any(c.isascii() and c.isalpha() for c in text):
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None:
            return _day(parsed.year, parsed.month, parsed.day)
    return date_in_text(text, numeric=True)


def date_in_text(text: str, *, numeric: bool = False) -> str:
    """A date written with an Arabic month name in `text` (and, with `numeric`, a day-first
    numeric one), or ""."""
    text = text.translate(ASCII_DIGITS)
    match = _ARABIC_DATE.search(text)
    if match:
        return _day(match["year"], MONTHS[match["month"]], match["day"])
    if numeric:
        match = _DAY_FIRST.search(text)
        if match:
            return _day(match["year"], match["month"], match["day"])
    return ""


def date_in_name(path: str) -> str:
    """A date in a file's name (sn_okaz-2015-08-01-01165.txt, …-20170530.txt), or "": year
    first, else day first when month first reads no other day (…-20082016.txt, 05052016; not
    01112016, which may be 1 November or 11 January)."""
    name = os.path.basename(path)
    match = _IN_NAME.search(name)
    found = _day(match["year"], match["month"], match["day"]) if match else ""
    if found:
        return found
    match = _DAY_FIRST_IN_NAME.search(name)
    if not match or (match["day"] != match["month"] and _day(match["year"], match["day"], match["month"])):
        return ""  # it reads month first too, as another day: not guessed
    return _day(match["year"], match["month"], match["day"])


def article_date(metadata_date: str, text: str, path: str) -> str:
    """An article's date: from its metadata, else its file name (a dateline within REFINE_DAYS
    of it refining it), else a dateline in its first lines."""
    if metadata_date:
        return parse_date(metadata_date)  # a date that is given but cannot be read is not replaced by a guess
    dateline = _first_dateline(text)
    named = date_in_name(path) or _told_by_text(path, text, dateline)
    if not named or not dateline:
        return named or dateline
    apart = abs(dt.date.fromisoformat(dateline) - dt.date.fromisoformat(named))
    return dateline if apart.days <= REFINE_DAYS else named


def _told_by_text(path: str, text: str, dateline: str) -> str:
    """The reading of a day-first file name that also reads month first (…-01112016: 1 November
    or 11 January) that a date in the text (its `dateline` first) is within REFINE_DAYS of, when
    only one is; else ""."""
    match = _DAY_FIRST_IN_NAME.search(os.path.basename(path))
    if not match or match["day"] == match["month"]:
        return ""
    readings = [_day(match["year"], match["month"], match["day"]), _day(match["year"], match["day"], match["month"])]
    told = dateline or date_in_text(text)
    if not all(readings) or not told:
        return ""
    near = [r for r in readings if abs(dt.date.fromisoformat(told) - dt.date.fromisoformat(r)).days <= REFINE_DAYS]
    return near[0] if len(near) == 1 else ""


def _first_dateline(text: str) -> str:
    """The date of the first dateline in the first _HEAD_LINES lines, or ""."""
    for line in text[:600].split("\n", _HEAD_LINES)[:_HEAD_LINES]:
        found = _dateline(line)
        if found:
            return found
    return ""


_DATE_LENGTH = 40
"""A dateline's date is at most this long: only the start of a long line is looked at."""
_OTHER_DIGITS = re.compile("[٠-٩۰-۹]")


def _dateline(line: str) -> str:
    """The date a line gives as a dateline, or "" (a few microseconds: it runs on every article)."""
    short = len(line.split()) <= DATELINE_WORDS
    if not short:
        line = line[: DATELINE_REACH + _DATE_LENGTH]
    if _OTHER_DIGITS.search(line):
        line = line.translate(ASCII_DIGITS)
    match = _ARABIC_DATE.search(line)
    if match and (short or match.start() <= DATELINE_REACH):
        return _day(match["year"], MONTHS[match["month"]], match["day"])
    match = _ISO.search(line)
    if match and (short or match.start() <= DATELINE_REACH):
        return _day(match["year"], match["month"], match["day"])
    return ""
