"""The query's switches: = before a query searches every word as written only, and adding the
offered variants (word|variant) changes only the words they are offered for."""

from __future__ import annotations

import pytest

from corpus import Article
from corpus.search.index import CorpusIndex
from corpus.search.query import parse_query, toggle_as_written, with_alternatives
from corpus.search.ranking import query_notes
from corpus.search.results import ResultSet
from corpus.text.normalization import normalize, tokenize

TEXTS = {
    "plain": "خبر\nقال الرئيس ترمب إن مجلس الأمن يجتمع",
    "clitic": "خبر\nوقال للرئيس وترمب إن المجلس يجتمع",
    "variant": "خبر\nقال الرئيس ترامب إن مجلس الأمن يجتمع",
    **{f"more{n}": f"خبر {n}\nقال الرئيس ترامب في مجلس الأمن" for n in range(40)},  # the commoner spelling
    **{f"often{n}": f"تقرير {n}\nقال الرئيس ترمب في مجلس" for n in range(20)},  # written where ترامب is
    **{f"often{n}": f"تقرير {n}\nأعلن ترمب اليوم عن نتائج جديدة" for n in range(20, 30)},
}


def _index() -> CorpusIndex:
    return CorpusIndex.build(Article(k, f"{k}.txt", t.split("\n")[0], t) for k, t in TEXTS.items())


@pytest.mark.parametrize("query", ["ترمب", "الرئيس", "مجلس الأمن", '"مجلس الأمن"', "الرئيس !ترمب", "ترمب|ترامب"])
def test_as_written_matches_only_articles_holding_each_word_as_written(query: str) -> None:
    index = _index()
    parsed = parse_query("=" + query + " ")
    assert parsed.as_written
    positive = [w for c in parsed.positive for w in (*c.words, *c.alternatives)]
    for doc in ResultSet(index, parsed).docs().tolist():
        tokens = set(tokenize(index.articles[doc].read_text()))
        for clause in parsed.positive:
            assert any(w in tokens for w in (*clause.words, *clause.alternatives)), (query, doc)
    assert positive
    usual = set(ResultSet(index, query + " ").docs().tolist())
    assert set(ResultSet(index, parsed).docs().tolist()) <= usual


@pytest.mark.parametrize("query", ["ترمب", "  ترمب الرئيس", '"مجلس الأمن" ترمب', "=ترمب", "= ترمب"])
def test_the_switch_is_undone_by_toggling_it_again(query: str) -> None:
    once = toggle_as_written(query)
    assert parse_query(once).as_written != parse_query(query).as_written
    assert parse_query(toggle_as_written(once)).clauses == parse_query(query).clauses


@pytest.mark.parametrize(
    "query",
    [
        "ترمب ",
        "ترمب الرئيس ",
        '"الرئيس ترمب" ترمب after:2015 source:عكاظ ',
        "!ترمب ترمب ",
        "ترمب|ترامب ",
        "'ترمب ترمب",
    ],
)
def test_adding_an_offered_variant_changes_only_the_word_it_is_offered_for(query: str) -> None:
    added = with_alternatives(query, {normalize("ترمب"): "ترامب"})
    before, after = parse_query(query), parse_query(added)
    assert (after.after, after.before, after.sources) == (before.after, before.before, before.sources)
    assert len(after.clauses) == len(before.clauses)
    for old, new in zip(before.clauses, after.clauses, strict=True):
        if old.kind == "word" and not old.negated and old.words == ("ترمب",):
            assert "ترامب" in new.alternatives
        else:
            assert new == old


def test_the_offers_of_the_notes_are_what_the_key_adds() -> None:
    index = _index()
    notes = query_notes(index, "ترمب ")
    assert notes.offers == {"ترمب": "ترامب"}
    assert any("ترامب" in note for note in notes.notes)
    added = with_alternatives("ترمب ", notes.offers)
    assert len(ResultSet(index, added).docs()) > len(ResultSet(index, "ترمب ").docs())


def _two_spellings() -> CorpusIndex:
    """A name written two ways where it is named (matched as one), and other news."""
    filler = "أعلنت الجهات المختصة اليوم عن نتائج جديدة في إطار متابعة الملفات"
    texts = {f"a{n}": f"خبر {n}\nقال الرئيس ترمب {filler} {n}" for n in range(30)}
    texts |= {f"b{n}": f"تقرير {n}\nقال الرئيس ترامب {filler}" for n in range(30)}
    texts |= {f"c{n}": f"مقال {n}\nقال الرئيس إن الوزير ذهب إلى المدينة {n}" for n in range(60)}
    return CorpusIndex.build(Article(k, f"{k}.txt", t.split("\n")[0], t) for k, t in texts.items())


@pytest.mark.parametrize("left_out", ["ترمب", "ترامب", "الوزير"])
def test_a_word_left_out_leaves_out_what_the_word_finds(left_out: str) -> None:
    """!ترمب leaves out the articles ترمب finds, ترامب's among them: "the president without
    Trump" holds no article that names him in the other spelling."""
    index = _two_spellings()
    assert {index.terms[t] for t in ResultSet(index, "ترمب ").plan.positive[0].words[0]} >= {"ترمب", "ترامب"}
    every, both = ResultSet(index, "الرئيس "), ResultSet(index, f"الرئيس {left_out} ")
    without = ResultSet(index, f"الرئيس !{left_out} ")
    assert len(both.docs()) and len(without.docs())
    assert set(without.docs().tolist()) == set(every.docs().tolist()) - set(both.docs().tolist())


def test_a_word_no_article_holds_left_out_leaves_out_no_guess() -> None:
    """!ترامبب leaves out nothing: its guesses (ترامب) are not what was asked, and no note would say."""
    index = _two_spellings()
    assert len(ResultSet(index, "الرئيس !ترامبب ").docs()) == len(ResultSet(index, "الرئيس ").docs())
