"""Counted Arabic nouns: the noun's form agrees with the number, as Arabic grammar asks.

1 مقال، 2 مقالان، 3 to 10 مقالات، 11 to 99 مقالًا; from 100 on, the last two digits decide
(100 مقال، 103 مقالات، 111 مقالًا), and a count ending in 00, 01 or 02 takes the singular.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["ArabicNoun", "arabic_count", "ARTICLES", "MENTIONS"]


class ArabicNoun(NamedTuple):
    """The four forms a counted noun takes."""

    singular: str
    dual: str
    plural: str
    """After 3 to 10 (and for none)."""
    accusative: str
    """After 11 to 99: the singular, accusative (tamyiz)."""


ARTICLES = ArabicNoun("مقال", "مقالان", "مقالات", "مقالًا")
MENTIONS = ArabicNoun("إشارة", "إشارتان", "إشارات", "إشارةً")


def arabic_count(count: int, noun: ArabicNoun) -> str:
    """`count` and `noun` in the form that agrees with it: "5 مقالات", "11 مقالًا"."""
    return f"{count:,} {arabic_noun_form(count, noun)}"


def arabic_noun_form(count: int, noun: ArabicNoun) -> str:
    """The form of `noun` after `count`."""
    if count == 0:
        return noun.plural
    if count == 1:
        return noun.singular
    if count == 2:
        return noun.dual
    tens = count % 100
    if 3 <= tens <= 10:
        return noun.plural
    if 11 <= tens <= 99:
        return noun.accusative
    return noun.singular  # 100, 101, 102, 1000 …: a hundred, a thousand of the singular
