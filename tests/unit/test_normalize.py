"""Normalization and clitic/nisba keys, over the ways Arabic is really written."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.text.normalization import (
    _MARKS,
    TOKEN_PATTERN,
    clitic_base,
    iter_token_spans,
    nisba_base,
    normalize,
    normalize_many,
    search_keys,
    tokenize,
)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("أحمد", "احمد"),
        ("إسرائيل", "اسراييل"),
        ("آسيا", "اسيا"),
        ("ٱلله", "الله"),
        ("مصطفى", "مصطفي"),
        ("القاهرة", "القاهره"),
        ("مؤتمر", "موتمر"),
        ("رئيس", "رييس"),
        ("کتاب", "كتاب"),
        ("فارسی", "فارسي"),
        ("ترامپ", "ترامب"),  # Persian letters of foreign names: ترامپ is searched as ترامب
        ("چين", "جين"),
        ("ژاپن", "زابن"),
        ("گوگل", "كوكل"),
        ("كازاخـــستان", "كازاخستان"),  # tatweel
        ("مُحَمَّدٌ", "محمد"),  # harakat
        ("الرحمٰن", "الرحمن"),  # superscript alef
        ("ﻛﺎﺯﺍﺧﺴﺘﺎﻥ", "كازاخستان"),  # presentation forms copied from a shaped screen
        ("ﻻ", "لا"),  # lam-alef ligature
        ("٢٠٢٥", "2025"),  # Arabic-Indic digits
        ("۱۹۹۱", "1991"),  # Persian digits
        ("TRIPP", "tripp"),
        ("Straße", "strasse"),
        ("\u200fكازاخستان\u200e", "كازاخستان"),  # bidi marks
        ("كازا\u200dخستان", "كازاخستان"),  # zero-width joiner
    ],
)
def test_normalize_folds_spelling_variants(written: str, expected: str) -> None:
    assert normalize(written) == expected


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


def test_token_spans_point_into_the_original_text() -> None:
    text = "قال   الرئيسُ (TITR) في ٢٠٢٥، و1.1 مليار"
    for start, end, form in iter_token_spans(text):
        assert normalize(text[start:end]) == form
    assert tokenize(text) == ["قال", "الرييس", "titr", "في", "2025", "و", "1.1", "مليار"]
    assert tokenize("بلغت 1.1 مليار و٣٫٥ ألف") == ["بلغت", "1.1", "مليار", "و", "3.5", "الف"]


def test_an_invisible_break_inside_a_word_leaves_it_one_word() -> None:
    """Pasted text leaves a soft hyphen (وجو\u00adههم), a zero-width space (العراق\u200bية), a word
    joiner or a BOM inside words: each is one word, found as it reads. A bidi control between two
    words (في\u202eالكثير) still parts them."""
    assert tokenize("صرت في ملامح وجو\u00adههم مرح\u00adلة") == ["صرت", "في", "ملامح", "وجوههم", "مرحله"]
    assert tokenize("السلطات \u200bالعراق\u200bية و\u200bحزب ال\u2060له\ufeff") == [
        "السلطات",
        "العراقيه",
        "وحزب",
        "الله",
    ]
    assert tokenize("في\u202eالكثير") == ["في", "الكثير"]


VOCABULARY = {"كازاخستان", "القاهره", "سلام", "فلسطين", "لبنان", "بنان", "مصر", "الكتاب", "كتاب"}


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("لكازاخستان", "كازاخستان"),
        ("وكازاخستان", "كازاخستان"),
        ("بكازاخستان", "كازاخستان"),
        ("فكازاخستان", "كازاخستان"),
        ("والقاهره", "قاهره"),
        ("للسلام", "سلام"),
        ("بالكتاب", "كتاب"),
        ("فلسطين", None),  # ف is part of the name: لسطين is not a word here
        ("لبنان", "بنان"),  # attested "بنان" makes the strip legal, as the rule says
        ("مصر", None),
    ],
)
def test_clitic_base_strips_only_into_attested_words(word: str, base: str | None) -> None:
    assert clitic_base(word, VOCABULARY) == base


COUNTS = {"بوتين": 900, "وتين": 7, "وزير": 800, "الوزير": 3000, "زير": 20, "كانت": 12000, "وكانت": 7000}
COUNTS |= {"انت": 550, "بشكل": 10000, "شكل": 1800, "وبشكل": 300, "واضاف": 13000, "اضاف": 750, "وبوتين": 40}
COUNTS |= {"فاضاف": 2, "وافق": 700, "افق": 150, "الافق": 139, "فافق": 3, "واحدا": 1260, "احدا": 318}
COUNTS |= {"لبنان": 1000, "بنان": 12, "للبنان": 80, "سلام": 900, "لسلام": 3, "للسلام": 200}
COUNTS |= {"كره": 900, "الكره": 4000, "لكره": 5000, "للكره": 200}
COUNTS |= {"كندا": 530, "ندا": 27, "بكين": 600, "كين": 210, "كتبت": 380, "تبت": 22, "كرييس": 200, "رييس": 9000}


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("بوتين", None),  # a name far more frequent than وتين
        ("وزير", None),  # the article goes in front of it: a noun of its own
        ("وكانت", "كانت"),  # not وك + انت: كانت is a word of its own
        ("وبشكل", "بشكل"),  # و + بشكل: بشكل, written 5 times as often as شكل, is a word of its own
        ("واضاف", "اضاف"),  # 17 times as often as اضاف, a verb (never with the article) فاضاف is also written
        ("وافق", None),  # 2.4 times as often as افق, a noun (الافق): a word of its own
        ("واحدا", None),  # 4 times as often as احدا, which no ف goes in front of: a word of its own
        ("كندا", None),  # no ك + ندا: 20 times as frequent
        ("بكين", None),  # no ب + كين: 3 times as frequent
        ("كتبت", None),  # no ك + تبت
        ("كرييس", "رييس"),  # ك + رييس, "as president": a fiftieth of رييس
        ("وبوتين", "بوتين"),
        ("للبنان", "لبنان"),  # ل + لبنان, not the article لل + بنان
        ("للسلام", "سلام"),
        ("للكره", "كره"),  # لكره is itself ل + كره: the article لل it is
    ],
)
def test_the_archive_must_read_a_word_as_clitic_and_base(word: str, base: str | None) -> None:
    assert clitic_base(word, COUNTS, lambda form: COUNTS.get(form, 0)) == base


@pytest.mark.parametrize(
    ("word", "keys"),
    [
        ("الكازاخستاني", ("كازاخستاني", "كازاخستان")),
        ("الكازاخستانيه", ("كازاخستانيه", "كازاخستان")),
        ("كازاخستانيون", ("كازاخستان",)),
        ("مصري", ("مصر",)),
        ("سلامي", ("سلام",)),
    ],
)
def test_search_keys_reach_the_nisba_base(word: str, keys: tuple[str, ...]) -> None:
    assert search_keys(word, VOCABULARY) == keys


def test_nisba_needs_an_attested_base() -> None:
    assert nisba_base("عربي", VOCABULARY) is None


@given(st.text(alphabet=st.characters(min_codepoint=0x600, max_codepoint=0x6FF) | st.sampled_from(" abc123")))
def test_tokens_never_hold_marks_or_spaces(text: str) -> None:
    for form in tokenize(text):
        assert form
        assert not any(unicodedata.category(c) == "Mn" for c in form)
        assert " " not in form


SPELLED_OUT = re.compile(rf"\d+(?:[.,\u066b\u066c]\d+)*|(?<![{_MARKS}])[{_MARKS}]*[^\W\d_](?:[^\W\d_]|[{_MARKS}])*")
"""The token pattern written plainly (greedy loops, numbers first): the fast one must agree."""


@given(
    st.text(
        alphabet=st.sampled_from("بسمـ\u064b\u064e\u0651\u0670 \n0123١٢,.٫٬_aZé½")
        | st.characters(min_codepoint=0x600, max_codepoint=0x6FF)
    )
)
def test_token_pattern_matches_what_the_plain_pattern_matches(text: str) -> None:
    assert [m.span() for m in TOKEN_PATTERN.finditer(text)] == [m.span() for m in SPELLED_OUT.finditer(text)]


@pytest.mark.parametrize(
    ("word", "keys"),
    [
        ("وزيرها", ("وزير",)),  # وزير + ها, not و + زير + ها: وزير is the far more frequent stem
        ("وبحكومتها", ("حكومتها", "حكومه")),  # و + ب + حكومة + ها: no stem of its own
    ],
)
def test_a_clitic_before_an_ending_is_stripped_only_where_the_stem_is_not_the_word_itself(
    word: str, keys: tuple[str, ...]
) -> None:
    counts = COUNTS | {"وزيرها": 10, "حكومه": 900, "حكومتها": 40, "وبحكومتها": 3}
    assert search_keys(word, counts, lambda form: counts.get(form, 0)) == keys


@pytest.mark.parametrize(
    ("counts", "keys"),
    [
        ({"معاناه": 900, "معان": 40}, ("معاناه",)),  # معاناة + هم: its ت is the ة's, not a plural's
        ({"سياره": 900, "سيارات": 500}, ("سيارات", "سياره")),  # سيارات + هم: no سياراة, so a plural of سيارة
        ({"معاناه": 30, "معان": 400}, ("معاناه", "معان")),  # the plural's base the commoner: both readings
    ],
)
def test_a_singular_in_ah_before_a_pronoun_is_no_plural(counts: dict[str, int], keys: tuple[str, ...]) -> None:
    word = "سياراتهم" if "سياره" in counts else "معاناتهم"
    counts = counts | {word: 20}
    assert search_keys(word, counts, lambda form: counts.get(form, 0)) == keys


def test_a_clitic_read_through_the_word_its_rest_inflects_needs_a_real_word_of_four_letters() -> None:
    """ومنظماته is و + منظماته, rare as منظماته is, for منظمة is common; بيانه is بيان + ه, not ب +
    يانه through يان (three letters), and باكستان is no ب + اكستان (no word) through اكس."""
    counts = {"بيان": 8671, "بيانه": 220, "يانه": 1, "يان": 123, "باكستان": 385, "اكس": 234}
    counts |= {"لقاء": 4360, "لقاءه": 86, "قاءه": 1, "قاء": 771}
    counts |= {"منظمه": 5000, "منظمات": 2000, "منظماته": 4, "ومنظماته": 11}

    def keys(word: str) -> tuple[str, ...]:
        return search_keys(word, counts, lambda form: counts.get(form, 0))

    assert keys("بيانه") == ("بيان",)
    assert keys("باكستان") == ()
    assert keys("لقاءه") == ("لقاء",)
    assert keys("ومنظماته") == ("منظماته", "منظمات", "منظمه")


def test_a_name_is_never_read_as_a_conjunction_before_a_verb() -> None:
    """فيصل is no ف + يصل ("arrives"), فانس (Vance) no ف + أنس (review M1)."""
    counts = {"فانس": 900, "انس": 200, "وانس": 15, "الانس": 2, "فيصل": 1500, "يصل": 400, "ويصل": 120}
    for word in ("فانس", "فيصل"):
        assert clitic_base(word, counts, lambda form: counts.get(form, 0)) is None


NISBA_COUNTS = {"اضاف": 750, "اضافي": 200, "الاضافي": 300, "الاضافه": 900, "بالاضافه": 3000, "مصر": 9000}
NISBA_COUNTS |= {"مصري": 3000, "مسلح": 600, "المسلحه": 2000, "مسلحين": 900, "مسلحي": 300, "تجار": 450}
NISBA_COUNTS |= {"التجاره": 1500, "التجاري": 900, "ملك": 600, "الملك": 1500, "والملك": 500, "للملك": 400}
NISBA_COUNTS |= {"الملكه": 1400, "والملكه": 400, "للملكه": 350, "الملكي": 700}


@pytest.mark.parametrize(
    ("word", "base", "keyed"),
    [
        ("الاضافي", "اضاف", False),  # extra: the adjective of الإضافة, not of أضاف (he added)
        ("التجاري", "تجار", False),  # commercial: of التجارة, not تجار (merchants)
        ("مصري", "مصر", True),
        ("مسلحي", "مسلح", True),  # "the gunmen of": a plural in construct, though المسلحة is common
        ("الملكي", "ملك", True),  # royal: the king after a clitic counts as the queen does (review M3)
    ],
)
def test_a_relative_adjective_is_keyed_under_its_base_unless_it_is_the_feminine_nouns(
    word: str, base: str, keyed: bool
) -> None:
    keys = search_keys(word, NISBA_COUNTS, lambda form: NISBA_COUNTS.get(form, 0))
    assert (base in keys) is keyed


@given(st.lists(st.text(alphabet=st.sampled_from("اأإآىيةهؤئ ًٌّ\u200f\u0640\x00\nABcd١٢ ﻻ"), max_size=12), max_size=20))
def test_normalizing_many_at_once_is_normalizing_each(texts: list[str]) -> None:
    assert normalize_many(texts) == [normalize(text) for text in texts]
