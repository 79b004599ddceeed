"""Realistic Swedish sample data served by the built-in Vitec sandbox."""

from __future__ import annotations

from typing import Any


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


MUNICIPALITIES: list[dict[str, str]] = [
    {"id": "K0180", "name": "Stockholm", "countyMunicipalityCode": "0180"},
    {"id": "K0184", "name": "Solna", "countyMunicipalityCode": "0184"},
    {"id": "K0182", "name": "Nacka", "countyMunicipalityCode": "0182"},
    {"id": "K0380", "name": "Uppsala", "countyMunicipalityCode": "0380"},
]

# (areaId, name, municipality code, county, lon, lat)
_LIVE_AREAS = [
    ("OMR-SOD", "Södermalm", "0180", "01", 18.070, 59.315),
    ("OMR-VAS", "Vasastan", "0180", "01", 18.045, 59.345),
    ("OMR-KUN", "Kungsholmen", "0180", "01", 18.030, 59.332),
    ("OMR-OST", "Östermalm", "0180", "01", 18.085, 59.338),
    ("OMR-HAM", "Hammarby sjöstad", "0180", "01", 18.100, 59.303),
    ("OMR-RAS", "Råsunda", "0184", "01", 18.000, 59.364),
    ("OMR-BER", "Bergshamra", "0184", "01", 18.035, 59.381),
    ("OMR-HAG", "Hagalund", "0184", "01", 18.015, 59.359),
    ("OMR-SIC", "Sickla", "0182", "01", 18.120, 59.306),
    ("OMR-SAL", "Saltsjöbaden", "0182", "01", 18.300, 59.280),
    ("OMR-ALT", "Älta", "0182", "01", 18.180, 59.260),
    ("OMR-LUT", "Luthagen", "0380", "03", 17.620, 59.865),
    ("OMR-SUN", "Sunnersta", "0380", "03", 17.650, 59.790),
]


def _area(area_id, name, municipality, county, lon, lat, **overrides) -> dict[str, Any]:
    area = {
        "areaId": area_id,
        "areaName": name,
        "description": f"Bostäder i {name}",
        "archived": False,
        "showOnInternet": True,
        "county": municipality,
        "polygon": _square(lon, lat),
    }
    area.update(overrides)
    return area


def areas() -> list[dict[str, Any]]:
    """The sandbox customer's areas, including ones the form must not offer."""
    result = [_area(*row) for row in _LIVE_AREAS]
    result.append(_area("OMR-GAM", "Gamla stan", "0180", "01", 18.071, 59.325, archived=True))
    result.append(_area("OMR-SKA", "Skärholmen", "0180", "01", 17.90, 59.27, polygon=[]))
    result.append(
        _area("OMR-INT", "Intern bevakning", "0184", "01", 18.01, 59.37, showOnInternet=False)
    )
    return result


USERS: list[dict[str, Any]] = [
    {
        "userId": "HAN001",
        "userName": "Anna Lindqvist",
        "title": "Fastighetsmäklare",
        "emailAddress": "anna.lindqvist@example.se",
        "public": True,
        "archived": False,
    },
    {
        "userId": "HAN002",
        "userName": "Erik Johansson",
        "title": "Fastighetsmäklare",
        "emailAddress": "erik.johansson@example.se",
        "public": True,
        "archived": False,
    },
    {
        "userId": "HAN003",
        "userName": "Sara Öberg",
        "title": "Mäklarassistent",
        "emailAddress": "sara.oberg@example.se",
        "public": False,
        "archived": True,
    },
]

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


def increased_requirements(customer_id: str) -> list[dict[str, Any]]:
    """Increased requirements (utökade krav) for a customer."""
    return [
        {
            "customerId": customer_id,
            "increasedRequirements": [
                {
                    "id": "KRAV-1",
                    "text": "Balkong",
                    "validForTypes": ["HousingCooperative", "Condominium"],
                },
                {
                    "id": "KRAV-2",
                    "text": "Hiss",
                    "validForTypes": ["HousingCooperative", "Condominium"],
                },
                {"id": "KRAV-3", "text": "Garage", "validForTypes": ["House", "RowHouse"]},
                {
                    "id": "KRAV-4",
                    "text": "Sjöutsikt",
                    "validForTypes": ["House", "RowHouse", "HousingCooperative", "Cottage"],
                },
            ],
        }
    ]
