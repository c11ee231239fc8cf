"""Kings, queens, princes and popes: people the news names by a title and a given name.

A monarch is written الملكة إليزابيث or الملك سلمان far more often than in full, and a given name
alone names no one (the archive drops it: corpus.entities.resolution). So a one-word person name
right after a regal title is keyed with its title (the mention's link: الملكة إليزابيث), and the
grouping gives it to the full name its article names beginning with that given name (الملك سلمان
beside سلمان بن عبدالعزيز), across the archive to the one such name those articles give it,
or keeps it as the titled name itself; a regnal number after it is part of the name, as ANERcorp
tags it (محمد السادس, إليزابيث الثانية).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from corpus.entities.heads import HEAD_NOUNS, INSTITUTIONS
from corpus.entities.mentions import Mention
from corpus.text.clitics import JOINED_NAME_ENDS, JOINED_NAME_PARTS, without_any_proclitic
from corpus.text.normalization import normalize, normalized_form
from corpus.text.titles import REGAL_TITLES as TITLES_IN_BOTH

__all__ = [
    "REGAL_TITLES",
    "REGNAL_NUMBERS",
    "regal_title",
    "regnal_end",
    "regnal_tail",
    "shown_with_title",
    "titled_full_name",
    "titled_given_name",
    "with_titles",
]

_TITLES_WRITTEN = [arabic for _, arabic in TITLES_IN_BOTH]
REGAL_TITLES = frozenset(normalize(w) for w in _TITLES_WRITTEN)
"""Titles a monarch, a royal or a pope is named by with a given name alone (normalized)."""
_WRITTEN = {normalized_form(w): w for w in _TITLES_WRITTEN}
"""A title as a key holds it (normalized_form) → as the entity's name shows it."""
_LINKED_TITLES = tuple(f"{w} " for w in _TITLES_WRITTEN)
"""How a link with_titles makes begins: a title as _WRITTEN writes it, and a space."""

_MASCULINE_NUMBERS = frozenset(
    normalize(w) for w in "الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر الحادي".split()
)
_FEMININE_NUMBERS = frozenset(
    normalize(w) for w in "الأولى الثانية الثالثة الرابعة الخامسة السادسة السابعة الثامنة التاسعة العاشرة".split()
)
REGNAL_NUMBERS = _MASCULINE_NUMBERS | _FEMININE_NUMBERS
"""Ordinals after a monarch's name (عبدالله الثاني, إليزابيث الثانية); عشر follows the teens'."""
_TEENS = frozenset(normalize(w) for w in ("عشر", "عشرة"))
_FEMININE_TITLES = frozenset(normalize(w) for w in ("الملكة", "الأميرة", "الإمبراطورة"))
"""The titles of a woman (الشاه ends with ه and is a man's)."""


def regal_title(word: str) -> str:
    """The regal title a written word is, its clitics read off (للملكة → الملكه), or ""."""
    form = without_any_proclitic(normalize(word))
    return form if form in REGAL_TITLES else ""


def _numbers_of(title: str) -> frozenset[str]:
    """The ordinals that agree with a title (الملكة إليزابيث الثانية; الملك سلمان الثانية is his
    second visit or speech, not his name)."""
    return _FEMININE_NUMBERS if title in _FEMININE_TITLES else _MASCULINE_NUMBERS


def regnal_end(words: Sequence[str], start: int, end: int) -> int:
    """Where a person's name words[start:end] ends once its regnal number is taken in (الملك محمد
    السادس, البابا بنديكت السادس عشر): only for a name right after a regal title whose gender
    the ordinal agrees with, where an ordinal cannot be a rank (حل صلاح الثاني, "came second")."""
    title = regal_title(words[start - 1]) if start else ""
    if not title:
        return end
    numbers = _numbers_of(title)
    if end < len(words) and normalize(words[end]) in numbers:
        end += 1
    if start + 1 < end < len(words) and normalize(words[end - 1]) in numbers and normalize(words[end]) in _TEENS:
        end += 1
    return end


def regnal_tail(words: Sequence[str], start: int, end: int) -> int:
    """How many words at the end of a person's name words[start:end] are its regnal number."""
    title = regal_title(words[start - 1]) if start and end - start > 1 else ""
    if not title:
        return 0
    tail = 1 if normalize(words[end - 1]) in _TEENS else 0
    return tail + 1 if end - tail - 1 > start and normalize(words[end - tail - 1]) in _numbers_of(title) else 0


_WORDS_BEFORE = re.compile(r"(?:(\S+)[ \t\u00a0]+)?(\S+)[ \t\u00a0]+$")
"""The two words right before a place in the text, on its line, with nothing but spaces between."""
_NAMED_AFTER_HEADS = frozenset(
    normalize(w)
    for w in "طريق مخطط حي مدرسة مدارس مجمع مشروع كرسي قاعدة حديقة منتزه سد توسعة مستشفيات مراكز جامعات كليات".split()
)
"""Nouns a thing named after a monarch begins with (مخطط الأمير تركي, a plot of land; مدرسة الأمير
تشارلز), beside corpus.entities.heads' heads: a titled name after one names the thing."""


def _named_after(head: str) -> bool:
    """Whether a word in front of a title is the head of a thing named after the titled person."""
    form = without_any_proclitic(normalize(head))
    return form in _NAMED_AFTER_HEADS or form in HEAD_NOUNS or form in INSTITUTIONS


def with_titles(text: str, mentions: list[Mention]) -> list[Mention]:
    """Each person named right after a regal title linked to the name with its title: by one
    word, its titled name (الملكة إليزابيث); in full, the full name so written (الأمير محمد بن
    سلمان, read back by titled_full_name: the grouping gives الأمير محمد only to people written
    with the title), unless something else links it already or the title follows the head of a
    thing named after the person (مدرسة الأمير تشارلز)."""
    out = []
    for mention in mentions:
        if mention.type == "PER" and not mention.link:
            before = _WORDS_BEFORE.search(text, max(0, mention.start - 60), mention.start)
            title = regal_title(before.group(2)) if before else ""
            if title and before and before.group(1) and _named_after(before.group(1)):
                title = ""
            if title:
                mention = replace(mention, link=f"{_WRITTEN[normalized_form(title)]} {mention.text.strip()}")
        out.append(mention)
    return out


def _one_name(text: str) -> bool:
    """Whether a mention is one name: one word, or a compound written apart (عبد الله)."""
    words = [normalize(w) for w in text.split()]
    return len(words) == 1 or (len(words) == 2 and (words[0] in JOINED_NAME_PARTS or words[1] in JOINED_NAME_ENDS))


def titled_full_name(link: str) -> tuple[str, str]:
    """A full name's link as with_titles writes it, split into the title (normalized) and the
    name as written (الأمير محمد بن سلمان → الامير, محمد بن سلمان); ("", "") for any other link."""
    if not link.startswith(_LINKED_TITLES):  # the test a million mention texts take: one call in C
        return "", ""
    title, _, name = link.partition(" ")
    form = normalized_form(title)
    if form in _WRITTEN and name and not _one_name(name):
        return form, name
    return "", ""


def titled_given_name(key: str) -> str:
    """The given name of a titled person key (الملكه اليزابيث → اليزابيث), or ""."""
    words = key.split()
    return words[1] if len(words) == 2 and words[0] in _WRITTEN else ""


def shown_with_title(key: str, name: str) -> str:
    """An entity's name with the title of its titled key where the name is the given name alone
    (إليزابيث → الملكة إليزابيث)."""
    words = key.split()
    if not titled_given_name(key) or not _one_name(name):
        return name
    return f"{_WRITTEN[words[0]]} {name}"
