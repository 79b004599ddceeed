"""Homes for sale and their viewings, as the sandbox serves them (List.Estate.EstateList and
Viewing.Models.Viewing shapes; only keys of those models)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

FOR_SALE = {"id": "ST-3", "name": "Till salu"}
COMING = {"id": "ST-2", "name": "Kommande"}
SOLD = {"id": "ST-9", "name": "Såld"}
BOOKING_BASE = "https://visning.example.se/boka/"


def _estate(estate_id: str, street: str, area: str, status: dict, **values: Any) -> dict:
    """One list item (HouseBasic, HousingCooperativesBasic, ...): the keys all of them share."""
    return {
        "id": estate_id,
        "status": dict(status),
        "streetAddress": street,
        "areaName": area,
        "objectNumber": estate_id.rsplit("-", 1)[-1],
        "dateChanged": "2026-11-20T09:00:00+01:00",
        **values,
    }


def stockholm_estates(customer_id: str) -> list[dict[str, Any]]:
    """Dataset 0's homes: a house, two flats (one sold), a condominium, a cottage and a plot."""
    return [
        {
            "customerId": customer_id,
            "houses": [
                _estate(
                    "OBJ-STH-101",
                    "Björkvägen 3",
                    "Bergshamra",
                    FOR_SALE,
                    price=8_950_000,
                    rooms=6,
                    livingSpace=164,
                    bidding=False,
                )
            ],
            "housingCooperativeses": [
                _estate(
                    "OBJ-STH-102",
                    "Götgatan 12",
                    "Södermalm",
                    FOR_SALE,
                    price=4_250_000,
                    rooms=2,
                    livingSpace=58,
                    monthlyFee=3_412,
                ),
                _estate(
                    "OBJ-STH-103",
                    "Åsögatan 40",
                    "Södermalm",
                    SOLD,
                    price=3_100_000,
                    rooms=1.5,
                    livingSpace=41,
                ),
            ],
            "condominiums": [
                _estate("OBJ-STH-104", "Sickla kaj 7", "Sickla", COMING, rooms=3, livingSpace=78)
            ],
            "cottages": [
                _estate("OBJ-STH-105", "Sjöstigen 9", "Saltsjöbaden", FOR_SALE, price=2_750_000)
            ],
            "plots": [_estate("OBJ-STH-106", "Tallvägen 14", "Älta", FOR_SALE, plotSize=1_210)],
        }
    ]


def gothenburg_estates(customer_id: str) -> list[dict[str, Any]]:
    """Dataset 1's homes: a flat in Linnéstaden and a house in Mölndal."""
    return [
        {
            "customerId": customer_id,
            "housingCooperativeses": [
                _estate("OBJ-GBG-201", "Linnégatan 21", "Linnéstaden", FOR_SALE, rooms=3)
            ],
            "houses": [_estate("OBJ-GBG-202", "Ekvägen 5", "Mölndals centrum", FOR_SALE, rooms=5)],
        }
    ]


def _next_weekday(today: date, weekday: int) -> date:
    """The first day after `today` that is `weekday` (0 Monday .. 6 Sunday)."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _moment(day: date, hour: int, minute: int = 0) -> str:
    return datetime.combine(day, time(hour, minute)).isoformat()


def viewings_for(estate_id: str, today: date) -> list[dict[str, Any]]:
    """The viewings of a home: the Södermalm flat has two on the internet (one bookable there,
    with a booking link) and one that is not; the house one without a link; others none."""
    sunday, monday = _next_weekday(today, 6), _next_weekday(today, 0)
    if estate_id == "OBJ-STH-102":
        return [
            {
                "id": "VIS-1021",
                "estateId": estate_id,
                "startsAt": _moment(sunday, 11),
                "endsAt": _moment(sunday, 11, 45),
                "showOnInternet": True,
                "bookableFromInternet": True,
                "noLaterThen": _moment(sunday, 9),
                "bookingUrl": BOOKING_BASE + "VIS-1021",
                "commentary": "Välkommen på visning!",
                "participantPerTimeSlot": 4,
                "timeSlots": [
                    {
                        "id": "TID-1",
                        "startsAt": _moment(sunday, 11),
                        "endsAt": _moment(sunday, 11, 15),
                    }
                ],
            },
            {
                "id": "VIS-1022",
                "estateId": estate_id,
                "startsAt": _moment(monday, 17, 30),
                "endsAt": _moment(monday, 18),
                "showOnInternet": True,
                "bookableFromInternet": False,
            },
            {
                "id": "VIS-1023",
                "estateId": estate_id,
                "startsAt": _moment(monday, 12),
                "showOnInternet": False,
                "commentary": "Endast för grannar",
            },
        ]
    if estate_id == "OBJ-STH-101":
        return [
            {
                "id": "VIS-1011",
                "estateId": estate_id,
                "startsAt": _moment(sunday, 13),
                "endsAt": _moment(sunday, 14),
                "showOnInternet": True,
                "bookableFromInternet": False,
            }
        ]
    return []


def estate_ids(lists: list[dict[str, Any]]) -> set[str]:
    """Every home id of an estate list."""
    return {
        item["id"]
        for estate_list in lists
        for key, items in estate_list.items()
        if isinstance(items, list)
        for item in items
        if isinstance(item, dict) and "id" in item
    }
