"""Latin-script and Arabizi queries on the bench corpus: do they find Arabic articles about
what they name?

Each query names a well-known person, place or organisation in Latin letters (usual and
looser spellings, Arabizi digits, the article as al-/el-); it is judged by the Arabic
spellings of that name: a result is about it when its title or text, normalized, holds one
of them (or the query itself as typed, when it is written in Latin letters: an article
that writes "Twitter" names it). A query passes when at least 8 of its first 10 results are about it. Also measured:
the time to make the alias table (once per index) and what a Latin lookup adds to a query
(the median and worst over the queries, the table made, each word looked up the first time).

    python -m bench.latin [--corpus /tmp/akhbar-bench/news69k.jsonl] [--show] [--entities]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from corpus import Archive
from corpus.search import parse_query
from corpus.search.expansion import SAME_CONTEXT, context_similarity
from corpus.search.transliteration import make_alias_table, transliterate, warm_up
from corpus.text.latin import is_latin_word
from corpus.text.normalization import normalize

QUERIES: list[tuple[str, str]] = [
    # people
    ("putin", "بوتين|بوتن"),
    ("boutin", "بوتين|بوتن"),
    ("erdogan", "اردوغان"),
    ("erdugan", "اردوغان"),
    ("khashoggi", "خاشقجي"),
    ("kashogi", "خاشقجي"),
    ("trump", "ترامب|ترمب"),
    ("obama", "اوباما"),
    ("macron", "ماكرون"),
    ("netanyahu", "نتنياهو|نتانياهو"),
    ("merkel", "ميركل"),
    ("al-sisi", "السيسي"),
    ("el sisi", "السيسي"),
    ("bashar al assad", "الاسد"),
    ("mo7amed salah", "صلاح"),
    ("mohammed bin salman", "سلمان"),
    ("abbas", "عباس"),
    ("haftar", "حفتر"),
    ("gaddafi", "القذافي"),
    ("rouhani", "روحاني"),
    ("tillerson", "تيلرسون|تليرسون|تيليرسون"),
    ("pompeo", "بومبيو"),
    ("hariri", "الحريري"),
    ("7ariri", "الحريري"),
    ("nasrallah", "نصرالله|نصر الله"),
    ("tamim", "تميم"),
    ("barzani", "بارزاني|البارزاني"),
    ("zarif", "ظريف"),
    # places
    ("riyadh", "الرياض"),
    ("ryadh", "الرياض"),
    ("qatar", "قطر"),
    ("doha", "الدوحه"),
    ("beirut", "بيروت"),
    ("bayrut", "بيروت"),
    ("baghdad", "بغداد"),
    ("jeddah", "جده"),
    ("makkah", "مكه"),
    ("kuwait", "الكويت"),
    ("iraq", "العراق"),
    ("yemen", "اليمن"),
    ("oman", "عمان"),
    ("libya", "ليبيا"),
    ("mosul", "الموصل"),
    ("idlib", "ادلب"),
    ("raqqa", "الرقه"),
    ("ghouta", "الغوطه"),
    ("kurdistan", "كردستان"),
    ("egypt", "مصر"),
    ("cairo", "القاهره"),
    ("damascus", "دمشق"),
    ("aleppo", "حلب"),
    ("jerusalem", "القدس"),
    ("gaza", "غزه"),
    ("morocco", "المغرب"),
    ("syria", "سوريا|سوريه"),
    ("lebanon", "لبنان"),
    ("jordan", "الاردن"),
    ("tunisia", "تونس"),
    ("dubai", "دبي"),
    ("moscow", "موسكو"),
    ("tehran", "طهران"),
    ("3amman", "عمان"),
    # organisations
    ("7amas", "حماس"),
    ("hamas", "حماس"),
    ("houthi", "الحوثي|الحوثيين|الحوثيون"),
    ("daesh", "داعش"),
    ("taliban", "طالبان"),
    ("aramco", "ارامكو"),
    ("al-jazeera", "الجزيره"),
    ("hezbollah", "حزب الله"),
]

HELD_OUT: list[tuple[str, str]] = [
    # written after the costs were tuned on the queries above, run once as it stood (40 of 50), then
    # its failures were looked at too (johnson, moussa, the article of allah): no longer held out
    ("mahmoud abbas", "عباس"),
    ("haniyeh", "هنيه"),
    ("boris johnson", "جونسون"),
    ("kim jong un", "كيم"),
    ("bin laden", "لادن"),
    ("baghdadi", "البغدادي"),
    ("sistani", "السيستاني"),
    ("bouteflika", "بوتفليقه"),
    ("ghannouchi", "الغنوشي"),
    ("hodeidah", "الحديده"),
    ("sanaa", "صنعاء|صنعا"),
    ("taiz", "تعز"),
    ("aden", "عدن"),
    ("benghazi", "بنغازي"),
    ("tripoli", "طرابلس"),
    ("khartoum", "الخرطوم"),
    ("rabat", "الرباط"),
    ("casablanca", "الدار البيضاء|البيضاء"),
    ("algiers", "الجزائر"),
    ("manama", "المنامه"),
    ("muscat", "مسقط"),
    ("basra", "البصره"),
    ("kirkuk", "كركوك"),
    ("erbil", "اربيل"),
    ("homs", "حمص"),
    ("afrin", "عفرين"),
    ("istanbul", "اسطنبول"),
    ("ankara", "انقره"),
    ("ramallah", "رام الله"),
    ("hebron", "الخليل"),
    ("fatah", "فتح"),
    ("zamalek", "الزمالك"),
    ("al ahly", "الاهلي"),
    ("ronaldo", "رونالدو"),
    ("messi", "ميسي"),
    ("neymar", "نيمار"),
    ("guardiola", "غوارديولا|جوارديولا"),
    ("liverpool", "ليفربول"),
    ("barcelona", "برشلونه"),
    ("samsung", "سامسونج|سامسونغ"),
    ("huawei", "هواوي"),
    ("google", "جوجل|غوغل"),
    ("facebook", "فيسبوك|فيس بوك"),
    ("twitter", "تويتر"),
    ("netflix", "نتفليكس|نيتفليكس"),
    ("7ezb allah", "حزب الله"),
    ("3amr moussa", "موسى"),
    ("sa3d el hariri", "الحريري"),
    ("5alifa haftar", "حفتر"),
    ("el 7outhi", "الحوثي"),
]

LATER: list[tuple[str, str]] = [
    # written after the second, run once as it stood (40 of 55), then looked at: 44 of 55 after
    # the rules it showed wanting (m before b, short vowels before doubled letters, zh, sh, th)
    ("hassan rouhani", "روحاني"),
    ("javad zarif", "ظريف"),
    ("mike pompeo", "بومبيو"),
    ("jared kushner", "كوشنر"),
    ("theresa may", "ماي"),
    ("angela merkel", "ميركل"),
    ("emmanuel macron", "ماكرون"),
    ("vladimir putin", "بوتين"),
    ("xi jinping", "جين بينغ|جينبينغ"),
    ("kim jong-un", "كيم"),
    ("mohammed bin zayed", "زايد"),
    ("tamim bin hamad", "تميم"),
    ("king salman", "سلمان"),
    ("michel aoun", "عون"),
    ("nabih berri", "بري"),
    ("walid jumblatt", "جنبلاط"),
    ("ahmed aboul gheit", "ابو الغيط"),
    ("antonio guterres", "غوتيريس|جوتيريس"),
    ("staffan de mistura", "دي ميستورا"),
    ("sudan", "السودان"),
    ("mauritania", "موريتانيا"),
    ("somalia", "الصومال"),
    ("djibouti", "جيبوتي"),
    ("bahrain", "البحرين"),
    ("sharjah", "الشارقه"),
    ("ajman", "عجمان"),
    ("medina", "المدينه"),
    ("tabuk", "تبوك"),
    ("abha", "ابها"),
    ("najran", "نجران"),
    ("jizan", "جازان|جيزان"),
    ("qassim", "القصيم"),
    ("hail", "حائل|حايل"),
    ("fallujah", "الفلوجه"),
    ("ramadi", "الرمادي"),
    ("tikrit", "تكريت"),
    ("deraa", "درعا"),
    ("latakia", "اللاذقيه"),
    ("hama", "حماه"),
    ("palmyra", "تدمر"),
    ("saudi aramco", "ارامكو"),
    ("al nusra", "النصره"),
    ("hayat tahrir al-sham", "تحرير الشام"),
    ("peshmerga", "البيشمركه"),
    ("hashd al-shaabi", "الحشد"),
    ("al-azhar", "الازهر"),
    ("real madrid", "ريال مدريد"),
    ("al hilal", "الهلال"),
    ("al nassr", "النصر"),
    ("mo salah", "صلاح"),
    ("7amdan", "حمدان"),
    ("5aled", "خالد"),
    ("3omar", "عمر"),
    ("ta7rir", "تحرير"),
    ("ma7moud", "محمود"),
]


def about(text: str, spellings: list[str]) -> bool:
    """The article (its normalized title and text) holds one of the name's Arabic spellings."""
    return any(s in text for s in spellings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="/tmp/akhbar-bench/news69k.jsonl")
    parser.add_argument("--show", action="store_true", help="print each query's expansion and its count")
    parser.add_argument(
        "--entities", action="store_true", help="with the corpus's saved entity table, as the app reads once it is in"
    )
    args = parser.parse_args()
    archive = Archive.open([args.corpus])
    if args.entities:
        if not archive.use_saved_entities():
            parser.error("no saved entity table for this corpus: `akhbar index` makes it")
        archive.warm_entity_lookups()
    index = archive.index
    started = time.perf_counter()
    table = make_alias_table(index)  # as a cold build makes it (a saved index reads it)
    built = time.perf_counter() - started
    warm_up(index)  # what the app does after its first paint: the first lookup does not pay for it
    keys, _, members = table.arrays()
    print(f"alias table: {len(keys):,} keys over {len(members):,} words, made in {built:.2f} s")

    def same(a: int, b: int) -> bool:
        return context_similarity(index, a, b) >= SAME_CONTEXT

    lookups: list[float] = []
    for title, queries in (("tuned on", QUERIES), ("held out", HELD_OUT), ("later", LATER)):
        passed = _judge(archive, queries, same, lookups, show=args.show)
        print(
            f"{title}: {passed} of {len(queries)} queries have 8 or more of their first 10 results about what they name"
        )
    if lookups:
        ms = sorted(x * 1000 for x in lookups)
        print(f"Latin lookup: median {statistics.median(ms):.1f} ms, worst {ms[-1]:.1f} ms over {len(ms)} words")
    return 0


def _judge(
    archive: Archive,
    queries: list[tuple[str, str]],
    same: Callable[[int, int], bool],
    lookups: list[float],
    *,
    show: bool,
) -> int:
    """How many queries have at least 8 of their first 10 results about what they name."""
    index = archive.index
    passed = 0
    for query, names in queries:
        spellings = [normalize(n) for n in names.split("|")] + [normalize(query)]
        for word in (w for clause in parse_query(query).clauses for w in clause.words):
            if is_latin_word(word):
                started = time.perf_counter()
                transliterate(index, word, same)
                lookups.append(time.perf_counter() - started)
        results = archive.search(query, limit=10)
        good = 0
        for result in results:
            try:
                text = normalize(result.article.title + " " + archive.read_text(result.doc))
            except Exception:  # noqa: BLE001 - an unreadable article is not about anything
                continue
            good += about(text, spellings)
        ok = good >= 8
        passed += ok
        if show or not ok:
            notes = "; ".join(archive.search_notes(query))
            print(f"{'PASS' if ok else 'FAIL'} {query!r}: {good}/10 ({len(results)} shown) {notes}")
    return passed


if __name__ == "__main__":
    raise SystemExit(main())
