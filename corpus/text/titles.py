"""Titles a person is named after, in English and in Arabic (king salman, الملك سلمان)."""

from __future__ import annotations

__all__ = ["REGAL_TITLES", "TITLES"]

REGAL_TITLES = (
    ("king", "الملك"),
    ("queen", "الملكة"),
    ("prince", "الأمير"),
    ("princess", "الأميرة"),
    ("pope", "البابا"),
    ("sultan", "السلطان"),
    ("emperor", "الإمبراطور"),
    ("empress", "الإمبراطورة"),
    ("shah", "الشاه"),
)
"""Titles a monarch, a royal or a pope is named by with a given name alone (الملكة إليزابيث)."""
NAME_WORDS = frozenset({"shah"})
"""Regal titles that are words of names in Latin letters too (Shah Rukh Khan): never a title in a query."""
TITLES = (
    *((english, arabic) for english, arabic in REGAL_TITLES if english not in NAME_WORDS),
    ("emir", "الأمير"),
    ("crown prince", "ولي العهد"),
    ("president", "الرئيس"),
    ("prime minister", "رئيس الوزراء"),
    ("sheikh", "الشيخ"),
    ("sheikha", "الشيخة"),
)
"""Every title, English first (the words of a Latin query), Arabic as the news writes it."""
