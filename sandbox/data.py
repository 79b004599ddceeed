"""Realistic Swedish reference data served by the sandbox, one dataset per office.

Every record has only keys of Vitec's models (Area.Models.Area, User.Models.User, ...). An area
names no municipality: its `county` is its LK code, matched to a municipality's
`countyMunicipalityCode`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from sandbox.estates import gothenburg_estates, stockholm_estates

CHANGED = "2026-10-01T08:00:00+02:00"


def _square(lon: float, lat: float, half: float = 0.006) -> list[dict[str, float]]:
    """A closed five-point polygon around a point (first point equals the last)."""
    corners = [
        (lon - half, lat - half),
        (lon + half, lat - half),
        (lon + half, lat + half),
        (lon - half, lat + half),
        (lon - half, lat - half),
    ]
    return [{"longitud": round(x, 6), "latitud": round(y, 6)} for x, y in corners]


def _area(area_id: str, name: str, lk_code: str, lon: float, lat: float, **changes) -> dict:
    """One Area.Models.Area; `changes` replace keys (a value of None drops the key)."""
    square = _square(lon, lat)
    area: dict[str, Any] = {
        "areaId": area_id,
        "areaName": name,
        "description": f"Bostäder i {name}",
        "archived": False,
        "showOnInternet": True,
        "county": lk_code,
        "polygon": square,
        "polygonWGS84": square,
        "images": [],
        "dateChanged": CHANGED,
    }
    area.update(changes)
    return {key: value for key, value in area.items() if value is not None}


def _municipality(code: str, name: str) -> dict[str, str]:
    return {"id": f"K{code}", "name": name, "countyMunicipalityCode": code}


def _user(user_id: str, name: str, title: str, offices: list[str], **changes) -> dict:
    """One User.Models.User; customerId is the list of offices the user belongs to."""
    email = name.lower().replace(" ", ".").translate(str.maketrans("åäöé", "aaoe"))
    user = {
        "userId": user_id,
        "userName": name,
        "title": title,
        "emailAddress": f"{email}@example.se",
        "public": True,
        "archived": False,
        "customerId": offices,
        "orderNumber": int(user_id[-2:]),
    }
    user.update(changes)
    return user


TASKS: list[dict[str, str]] = [
    {"id": "UPG-1", "description": "Ring upp intressenten"},
    {"id": "UPG-2", "description": "Boka värdering"},
    {"id": "UPG-3", "description": "Skicka objektsbeskrivning"},
]

CATEGORIES: dict[str, Any] = {
    "companyCategories": [],
    "personCategories": [
        {"id": "KAT-1", "name": "Spekulant", "readOnly": False},
        {"id": "KAT-2", "name": "Värderingskund", "readOnly": False},
        {"id": "KAT-9", "name": "Importerad (system)", "readOnly": True},
    ],
}

# validForTypes holds EstateClassType names (not the estateType names of a present home).
REQUIREMENTS: list[dict[str, Any]] = [
    {"id": "KRAV-1", "text": "Balkong", "validForTypes": ["HousingCooperative", "Condominium"]},
    {"id": "KRAV-2", "text": "Hiss", "validForTypes": ["HousingCooperative", "Condominium"]},
    {"id": "KRAV-3", "text": "Garage", "validForTypes": ["House"]},
    {
        "id": "KRAV-4",
        "text": "Sjöutsikt",
        "validForTypes": ["House", "Cottage", "HousingCooperative"],
    },
    {"id": "KRAV-5", "text": "Stall", "validForTypes": ["Farm"]},
    {"id": "KRAV-6", "text": "Skyltfönster", "validForTypes": ["Premises", "CommercialProperty"]},
]


@dataclass
class OfficeData:
    """One office's (customer id's) reference data, as its GET calls answer it."""

    areas: list[dict[str, Any]]
    municipalities: list[dict[str, str]]
    users: list[dict[str, Any]]
    tasks: list[dict[str, str]] = field(default_factory=lambda: copy.deepcopy(TASKS))
    categories: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(CATEGORIES))
    requirements: list[dict[str, Any]] = field(default_factory=lambda: copy.deepcopy(REQUIREMENTS))
    estates: list[dict[str, Any]] = field(default_factory=list)  # EstateList answer

    def areas_with_polygon(self) -> set[str]:
        """The area ids Vitec accepts in areaIds: those with a polygon of four points or more."""
        return {
            area["areaId"]
            for area in self.areas
            if len(area.get("polygon") or area.get("polygonWGS84") or []) >= 4
        }

    def increased_requirements(self, customer_id: str) -> list[dict[str, Any]]:
        """IncreasedRequirementCollection list for the customer."""
        return [{"customerId": customer_id, "increasedRequirements": self.requirements}]


# (areaId, name, LK code, lon, lat)
STOCKHOLM_AREAS = [
    ("OMR-SOD", "Södermalm", "0180", 18.070, 59.315),
    ("OMR-VAS", "Vasastan", "0180", 18.045, 59.345),
    ("OMR-KUN", "Kungsholmen", "0180", 18.030, 59.332),
    ("OMR-OST", "Östermalm", "0180", 18.085, 59.338),
    ("OMR-HAM", "Hammarby sjöstad", "0180", 18.100, 59.303),
    ("OMR-RAS", "Råsunda", "0184", 18.000, 59.364),
    ("OMR-BER", "Bergshamra", "0184", 18.035, 59.381),
    ("OMR-HAG", "Hagalund", "0184", 18.015, 59.359),
    ("OMR-SIC", "Sickla", "0182", 18.120, 59.306),
    ("OMR-SAL", "Saltsjöbaden", "0182", 18.300, 59.280),
    ("OMR-ALT", "Älta", "0182", 18.180, 59.260),
    ("OMR-LUT", "Luthagen", "0380", 17.620, 59.865),
    ("OMR-SUN", "Sunnersta", "0380", 17.650, 59.790),
]

GOTHENBURG_AREAS = [
    ("OMR-GBG-LIN", "Linnéstaden", "1480", 11.950, 57.695),
    ("OMR-GBG-MAJ", "Majorna", "1480", 11.920, 57.690),
    ("OMR-GBG-HAG", "Haga", "1480", 11.955, 57.699),
    ("OMR-GBG-LOR", "Lorensberg", "1480", 11.980, 57.700),
    ("OMR-GBG-LIH", "Lindholmen", "1480", 11.935, 57.708),
    ("OMR-GBG-MOC", "Mölndals centrum", "1481", 12.015, 57.655),
    ("OMR-GBG-KAL", "Kållered", "1481", 12.050, 57.610),
    ("OMR-GBG-PAR", "Partille centrum", "1402", 12.105, 57.740),
    ("OMR-GBG-SAV", "Sävedalen", "1402", 12.075, 57.730),
]


def stockholm(customer_id: str) -> OfficeData:
    """Dataset 0: an office in the Stockholm region (Stockholm, Solna, Nacka, Uppsala)."""
    areas = [_area(*row) for row in STOCKHOLM_AREAS]
    areas += [
        _area("OMR-GAM", "Gamla stan", "0180", 18.071, 59.325, archived=True),
        _area("OMR-SKA", "Skärholmen", "0180", 17.90, 59.27, polygon=[], polygonWGS84=None),
        _area("OMR-INT", "Intern bevakning", "0184", 18.01, 59.37, showOnInternet=False),
        # Usable in Vitec: its only polygon is the WGS84 one.
        _area("OMR-LIL", "Liljeholmen", "0180", 18.022, 59.310, polygon=None),
    ]
    municipalities = [
        _municipality("0180", "Stockholm"),
        _municipality("0184", "Solna"),
        _municipality("0182", "Nacka"),
        _municipality("0380", "Uppsala"),
    ]
    users = [
        _user("HAN001", "Anna Lindqvist", "Fastighetsmäklare", [customer_id]),
        _user("HAN002", "Erik Johansson", "Fastighetsmäklare", [customer_id]),
        _user("HAN003", "Sara Öberg", "Mäklarassistent", [customer_id], archived=True),
        _user("HAN004", "Per Holm", "Ekonomi", [customer_id], public=False),
    ]
    return OfficeData(areas, municipalities, users, estates=stockholm_estates(customer_id))


def gothenburg(customer_id: str) -> OfficeData:
    """Dataset 1: an office in the Göteborg region (Göteborg, Mölndal, Partille)."""
    areas = [_area(*row) for row in GOTHENBURG_AREAS]
    areas.append(_area("OMR-GBG-GAM", "Gamlestaden", "1480", 12.005, 57.728, archived=True))
    municipalities = [
        _municipality("1480", "Göteborg"),
        _municipality("1481", "Mölndal"),
        _municipality("1402", "Partille"),
    ]
    users = [
        _user("HAN101", "Johanna Berg", "Fastighetsmäklare", [customer_id]),
        _user("HAN102", "Mikael Svensson", "Fastighetsmäklare", [customer_id]),
    ]
    return OfficeData(areas, municipalities, users, estates=gothenburg_estates(customer_id))


DATASETS = (stockholm, gothenburg)


def office_data(index: int, customer_id: str) -> OfficeData:
    """The built-in dataset for the index-th account (the datasets repeat past the last)."""
    return DATASETS[index % len(DATASETS)](customer_id)
