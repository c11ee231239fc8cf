"""Dates and sources read from metadata, text and file names; the query's filters; how a result matched."""

from __future__ import annotations

import pytest

from corpus.load import article_from_text
from corpus.models import Article
from corpus.search.index import CorpusIndex
from corpus.search.query import parse_query
from corpus.search.ranking import search_notes
from corpus.search.results import match_months, search
from corpus.text.dates import article_date, date_in_name, parse_date
from corpus.text.sources import NAME_OF_CODE, article_source


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sun, 18 Feb 2018 21:35:43 +0400", "2018-02-18"),
        ("2018-02-18T10:00:00Z", "2018-02-18"),
        ("2018/2/8", "2018-02-08"),
        ("18/02/2018", "2018-02-18"),
        ("18 فبراير 2018", "2018-02-18"),
        ("الأحد ١٨ شباط/فبراير ٢٠١٨", "2018-02-18"),
        ("5 كانون الثاني 2019", "2019-01-05"),
        ("3 جويلية 2016", "2016-07-03"),
        ("15 يوليوز 2017", "2017-07-15"),  # Moroccan
        ("2 دجنبر 2019", "2019-12-02"),
        ("31 فبراير 2018", ""),  # no such day: left empty, not guessed
        ("2018-13-01", ""),
        ("1850-01-01", ""),
        ("قريبا", ""),
    ],
)
def test_metadata_dates(value: str, expected: str) -> None:
    assert parse_date(value) == expected


def test_dates_from_datelines_and_file_names_but_not_from_sentences() -> None:
    assert date_in_name("sn_okaz-2015-08-01-01165.txt") == "2015-08-01"
    assert date_in_name("ant1_JA-localNews-4218-20170530.txt") == "2017-05-30"
    assert date_in_name("000_e90027a7146fb653.txt") == ""
    assert date_in_name("ant1_JA-politic-73-20082016.txt") == "2016-08-20"  # day first: no 20th month
    assert date_in_name("ant1_JA-diverse-43-17122015.txt") == "2015-12-17"
    assert date_in_name("ant1_JA-diverse-1-01112016.txt") == ""  # 1 November or 11 January: not guessed
    assert date_in_name("ant1_JA-diverse-1-05052016.txt") == "2016-05-05"  # either way the same day
    assert article_date("", "الرياض - 18 فبراير 2018\nنص الخبر", "a.txt") == "2018-02-18"
    sentence = "زار رئيس الوزراء الأرميني نيكول باشينيان مدينة أستانا في 8 أغسطس 2025 والتقى الرئيس."
    assert article_date("", sentence, "b.txt") == ""
    assert article_date("", sentence, "x-20170530.txt") == "2017-05-30"
    assert article_date("غير معروف", "الرياض - 18 فبراير 2018", "c-20170530.txt") == ""  # a given date is not replaced


def test_a_file_name_that_reads_two_days_is_the_one_its_text_dates() -> None:
    """01112016 is 1 November or 11 January: a date in the text within REFINE_DAYS of one of them
    says which (the name's day stands); none, or near both, leaves the article undated."""
    name = "ant1_JA-diverse-1-01112016.txt"
    assert article_date("", "خبر\nوقال الوزير يوم الثلاثاء 1 نوفمبر 2016 إن", name) == "2016-11-01"
    told = "خبر\nوقال الوزير في تصريح صحفي طويل للإذاعة يوم 10 جانفي 2016 إن الحكومة"
    assert article_date("", told, name) == "2016-01-11"  # a day from 11 January, a month and more from November
    assert article_date("", "خبر بلا تاريخ", name) == ""
    far = "خبر\nوقال الوزير في تصريح صحفي طويل للإذاعة يوم 20 مارس 2016 إن الحكومة"
    assert article_date("", far, name) == ""  # near neither reading, and in a sentence: no dateline


def test_sources_from_metadata_address_and_archive_names() -> None:
    assert article_source({"source": "ant2:alarabia"}, "x.txt") == "ant2:alarabia"
    assert article_source({"url": "https://www.aljazeera.net/news/1"}, "x.txt") == "aljazeera.net"
    assert article_source({}, "/a/sn_okaz-2015-08-01-01165.txt") == "okaz"
    assert article_source({}, "sn_3alyoum-2015-07-26-00079.txt") == "3alyoum"
    assert article_source({}, "000_e90027a7146fb653.txt") == ""
    labelled = article_from_text("t", "sn_sabq-2015-07-23-01256.txt", "خبر\nالمصدر: سبق\nتاريخ النشر: 2015-07-24\nنص")
    assert (labelled.source_name, labelled.date) == ("سبق", "2015-07-24")


def _index() -> CorpusIndex:
    texts = [
        ("sn_okaz-2015-08-01-1.txt", "ترامب يزور الرياض"),
        ("sn_okaz-2018-02-10-2.txt", "ترامب يلتقي الملك في واشنطن"),
        ("sn_sabq-2018-05-30-3.txt", "قال ترامب إن الاتفاق انتهى"),
        ("sn_sabq-2018-07-01-4.txt", "ترامب والصين"),
        ("notes.txt", "ترامب بلا تاريخ"),
        ("sn_sabq-2018-03-03-5.txt", "خالد يكتب عن الاقتصاد و 1991"),
    ]
    return CorpusIndex.build(Article(str(n), path, f"عنوان {n}", text) for n, (path, text) in enumerate(texts))


def test_date_and_source_filters_combine_with_words_and_sort_newest_first() -> None:
    index = _index()
    found = [r.article.path for r in search(index, "after:2018-01 before:2018-06 ترامب", by_date=True)]
    assert found == ["sn_sabq-2018-05-30-3.txt", "sn_okaz-2018-02-10-2.txt"]
    assert [r.article.id for r in search(index, "source:OKAZ ترامب")] and all(
        r.article.source_name == "okaz" for r in search(index, "source:okaz ترامب")
    )
    assert [r.article.id for r in search(index, "source:sabq after:2018-06")] == ["3"]  # filters alone: newest first
    assert [r.article.id for r in search(index, "بعد:٢٠١٨ قبل:2018-03 ترامب")] == ["1"]
    assert parse_query("after:2018-13 ترامب").problems and not parse_query("after:2018-13 ترامب").after
    assert parse_query("after:2018 ترامب source:okaz 10:30").rest == "ترامب 10:30"  # what the list filter keeps
    assert match_months(index, "ترامب") == [("2015-08", 1), ("2018-02", 1), ("2018-05", 1), ("2018-07", 1)]


@pytest.mark.parametrize("named", ["okz", "عكاظ"])
def test_a_source_filter_that_names_no_source_says_so_and_names_the_sources(named: str) -> None:
    """0 results must not read as "this source never wrote of it" when no source has that name."""
    index = _index()
    assert not search(index, f"source:{named} ترامب")
    said = [note for note in search_notes(index, f"source:{named} ترامب ") if "no source" in note]
    assert said and named in said[0] and "okaz" in said[0] and "sabq" in said[0]
    assert not [note for note in search_notes(index, "source:okaz ترامب ") if "no source" in note]
    assert ("(okaz?)" in said[0]) == (named == "okz")  # a near spelling is named as meant


def test_every_result_says_how_it_matched_and_a_missing_word_is_named() -> None:
    index = _index()
    exact = search(index, "ترامب ")
    assert exact and {r.match for r in exact} == {"exact"}
    assert exact[0].to_json()["match"] == "exact" and exact[0].words[0].to_json()["found"] == "ترامب"
    variant = search(index, "ترامبب ")
    assert variant and {r.match for r in variant} == {"variant"}
    assert search_notes(index, "ترامبب ") == ["no exact match for ترامبب; searched as: ترامب"]
    assert search_notes(index, "ترامب ") == []
    assert not search(index, "1992 ") and search_notes(index, "1992 ") == ["no exact match for 1992"]
    assert [r.match for r in search(index, "ترا")] == ["prefix"] * 5


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("18 يونيو 2018", "2018-06-18"),  # confirms it
        ("17 يونيو 2018", "2018-06-17"),  # refines it by a day
        ("21 يونيو 2018", "2018-06-21"),
        ("15 يونيو 2018", "2018-06-15"),
        ("22 يونيو 2018", "2018-06-18"),  # four days away: the file name's date stands
        ("18 مايو 2018", "2018-06-18"),  # a month away
        ("18 يونيو 2017", "2018-06-18"),  # a year away
        ("26 أبريل 1970", "2018-06-18"),  # a birth date in the opening lines
        ("2018-07-30", "2018-06-18"),
    ],
)
@pytest.mark.parametrize("name", ["ant2_AL-culture-503-20180618.txt", "sn_okaz-2018-06-18-01165.txt"])
def test_a_dateline_only_confirms_or_refines_the_file_name_date(dateline: str, expected: str, name: str) -> None:
    for text in (f"ميلانيا ترامب\n{dateline}\nنص الخبر", f"الرياض - {dateline} - قال المتحدث"):
        assert article_date("", text, name) == expected
        assert article_date("2011-01-02", text, name) == "2011-01-02"  # the metadata's date comes first
    assert article_date("", f"{dateline}\nنص", "ant1_92.txt") == parse_date(dateline)  # no other date: the dateline


@pytest.mark.parametrize(("code", "name"), sorted(NAME_OF_CODE.items()))
def test_a_source_code_in_a_file_name_is_the_name_the_archive_gives_it(code: str, name: str) -> None:
    assert name.casefold().startswith(code.casefold())  # so a source: filter finds it by either
    folder = article_from_text("a", f"ant2_{code}-culture-502-20180618.txt", "خبر\nنص")
    record = Article("b", "feed.jsonl", "خبر", "نص", {"source": f"ant2:{name}"})
    index = CorpusIndex.build([folder, record])
    assert folder.source_name == name
    for wanted in (code, code.lower(), name, name.upper(), name[: len(name) // 2 + 1]):
        assert sorted(r.article.id for r in search(index, f"نص source:{wanted}")) == ["a", "b"], wanted
    assert article_source({}, "ant2_ZZ-culture-1-20180618.txt") == "ZZ"  # an unknown code stays as written
