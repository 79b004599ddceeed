"""A large broker's area list in Vitec's shapes: 300 areas in 12 municipalities, for the
sandbox's `PUT /_sandbox/areas/<customer id>` (browser tests and the README's screenshot)."""

from __future__ import annotations

import itertools
import unicodedata

AREAS_PER_MUNICIPALITY = 25

# (county code, municipality, real district names); the rest of each list is made up below.
MUNICIPALITIES = [
    ("0180", "Stockholm", ["Södermalm", "Vasastan", "Kungsholmen", "Östermalm", "Älvsjö",
                           "Hammarby sjöstad", "Bromma", "Hägersten", "Skarpnäck", "Farsta"]),
    ("0380", "Uppsala", ["Luthagen", "Sunnersta", "Fålhagen", "Svartbäcken", "Gottsunda",
                         "Eriksberg", "Kåbo", "Sävja", "Gränby"]),
    ("0184", "Solna", ["Råsunda", "Bergshamra", "Hagalund", "Frösunda", "Huvudsta", "Ulriksdal"]),
    ("0182", "Nacka", ["Sickla", "Saltsjöbaden", "Älta", "Fisksätra", "Orminge", "Boo"]),
    ("0183", "Sundbyberg", ["Hallonbergen", "Rissne", "Duvbo", "Ursvik"]),
    ("0186", "Lidingö", ["Torsvik", "Käppala", "Brevik", "Bodal"]),
    ("0162", "Danderyd", ["Djursholm", "Stocksund", "Enebyberg", "Mörby"]),
    ("0160", "Täby", ["Näsbypark", "Gribbylund", "Arninge", "Ensta"]),
    ("0126", "Huddinge", ["Flemingsberg", "Segeltorp", "Stuvsta", "Trångsund"]),
    ("0138", "Tyresö", ["Bollmora", "Trollbäcken", "Krusboda"]),
    ("0181", "Södertälje", ["Järna", "Pershagen", "Ronna", "Hovsjö"]),
    ("0114", "Upplands Väsby", ["Runby", "Vilunda", "Bollstanäs"]),
]  # fmt: skip

_STEMS = ["Björk", "Ek", "Tall", "Sjö", "Berg", "Lind", "Ås", "Äng", "Hag", "Strand", "Öster",
          "Väster", "Al", "Gran", "Rönn", "Sol", "Mos", "Kvarn", "Hav", "Vit"]  # fmt: skip
_ENDINGS = ["dal", "vik", "backen", "lund", "höjden", "näs", "berga", "torp", "holmen", "gärdet",
            "sund", "skogen"]  # fmt: skip


def _square(lon: float, lat: float) -> list[dict[str, float]]:
    """A closed polygon of five points (Vitec needs at least four)."""
    d = 0.004
    corners = [(lon, lat), (lon + d, lat), (lon + d, lat + d), (lon, lat + d), (lon, lat)]
    return [{"longitud": x, "latitud": y} for x, y in corners]


def many_areas() -> dict[str, list[dict]]:
    """The body for `PUT /_sandbox/areas/<customer id>`: 300 areas, 25 in each municipality."""
    made_up = (stem + ending for ending, stem in itertools.product(_ENDINGS, _STEMS))
    areas, municipalities = [], []
    for index, (code, name, districts) in enumerate(MUNICIPALITIES):
        municipalities.append({"id": f"K{code}", "name": name, "countyMunicipalityCode": code})
        names = districts + [next(made_up) for _ in range(AREAS_PER_MUNICIPALITY - len(districts))]
        for number, area_name in enumerate(names):
            lon, lat = 17.5 + index * 0.05, 59.2 + number * 0.01
            areas.append(
                {
                    "areaId": f"OMR-{code}-{number:02}",
                    "areaName": area_name,
                    "county": code,
                    "showOnInternet": True,
                    "archived": False,
                    "polygon": _square(lon, lat),
                }
            )
    return {"areas": areas, "municipalities": municipalities}


def folded(text: str) -> str:
    """Lower case without diacritics, as a person searching expects ("alvsjo" = "Älvsjö")."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def area_ids_in(body: dict, municipality: str) -> list[str]:
    """The ids of one municipality's areas in a `many_areas()` body."""
    codes = {m["name"]: m["countyMunicipalityCode"] for m in body["municipalities"]}
    return [a["areaId"] for a in body["areas"] if a["county"] == codes[municipality]]


def area_names_matching(body: dict, query: str) -> list[str]:
    """The names of the areas a search for `query` should leave visible: those whose own name
    or whose municipality's name contains it."""
    names = {m["countyMunicipalityCode"]: m["name"] for m in body["municipalities"]}
    wanted = folded(query)
    return [
        a["areaName"]
        for a in body["areas"]
        if wanted in folded(a["areaName"]) or wanted in folded(names[a["county"]])
    ]
