"""The company a word keeps in the archive (corpus.search.company): the words right before and
after it, counted in articles."""

from __future__ import annotations

from corpus.models import Article
from corpus.search.company import WordCompany
from corpus.search.index import CorpusIndex


def _company(texts: list[str], sampled: int = 1000) -> WordCompany:
    articles = [Article(f"a{n}", f"a{n}.txt", text.split("\n")[0], text) for n, text in enumerate(texts)]
    return WordCompany(CorpusIndex.build(articles), sampled)


def test_articles_holding_a_word_right_after_a_head() -> None:
    company = _company(
        [
            "فاز نادي الهلال على ضيفه",
            "لاعب الهلال يعود ولاعبو نادي الهلال لنادي الهلال",  # one article, however many times
            "ظهر الهلال في السماء",  # the word, but not after a head
            "نادي النصر والهلال",  # والهلال is another word
            "الهلال",
        ]
    )
    assert company.articles_after("الهلال", {"نادي", "لنادي"}) == 2
    assert company.articles_after("الهلال", {"حزب"}) == 0
    assert company.articles_after("الهلال", {"نادى"}) == 0  # a head the archive never writes
    assert company.articles_after("المريخ", {"نادي"}) == 0  # a word it never writes


def test_the_largest_share_of_articles_with_one_same_word_beside_it() -> None:
    pieces = ["قالت سكاي نيوز اليوم", "سكاي نيوز", "على شاشة سكاي", "بثت سكاي نيوز"]
    assert _company(pieces).partner_share("سكاي") == 0.75  # نيوز after it in three of four
    spread = ["قال سكاي", "سكاي يقول", "رأى سكاي", "سكاي وحده"]
    assert _company(spread).partner_share("سكاي") == 0.25
    assert _company(["كلمة سكاي كلمة", "كلمة سكاي"]).partner_share("سكاي") == 1.0  # before it, both
    assert _company(["سكاي"]).partner_share("سكاي") == 0.0  # alone: no word beside it, nor past the article
    assert _company(["سكاي", "نيوز"]).partner_share("سكاي") == 0.0  # the next article's word is not beside it
    assert _company(["كلمة"]).partner_share("سكاي") == 0.0


def test_only_the_first_articles_are_read() -> None:
    texts = ["نادي الهلال"] * 3 + ["الهلال"] * 3
    assert _company(texts, sampled=2).articles_after("الهلال", {"نادي"}) == 2
    assert _company(texts, sampled=4).partner_share("الهلال") == 0.75


def test_a_final_ta_marbuta_given_as_ha_is_looked_up_as_the_articles_write_it() -> None:
    """The entity table gives its words normalized (صحيفه, الحياه); the index keeps the ة the
    articles write: both spellings are looked up (صحيفة الحياة was never found after its head)."""
    company = _company(["نشرت صحيفة الحياة الخبر", "قالت صحيفة الحياة", "عاد إلى الحياة", "كتب في صحيفه الحياه"])
    assert company.articles_after("الحياه", {"صحيفه"}) == 3
    assert company.partner_share("الحياه") == 0.5  # صحيفة before it in two of four (صحيفه is another term)
