"""The Swedish words for Vitec's housing types, estate types and wished ranges, in one place
for the forms, the receipt, the summary and the statistics."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.vitec.payload import HOUSING_FLAGS

HOUSING_LABELS: dict[str, str] = {
    "house": "Villa",
    "rowHouse": "Radhus",
    "housingCooperative": "Bostadsrätt",
    "cottage": "Fritidshus",
    "plot": "Tomt",
    "farm": "Gård",
    "premises": "Lokal",
    "tenancy": "Hyresrätt",
    "foreignProperty": "Utlandsbostad",
    "otherHousing": "Annat boende",
}
assert tuple(HOUSING_LABELS) == HOUSING_FLAGS

# The same words as HOUSING_LABELS, in the same order (Ägarlägenhet has no wish flag).
ESTATE_TYPE_LABELS: dict[str, str] = {
    "House": "Villa",
    "RowHouse": "Radhus",
    "HousingCooperative": "Bostadsrätt",
    "Condominium": "Ägarlägenhet",
    "Cottage": "Fritidshus",
    "Plot": "Tomt",
    "AgricultureProperty": "Gård",
    "CommercialProperty": "Lokal",
    "Tenancy": "Hyresrätt",
    "OtherHousing": "Annat boende",
}


@dataclass(frozen=True)
class WishRange:
    """A wished range: fields `<name>_min` and `<name>_max`, shown under one legend."""

    name: str
    legend: str
    unit: str
    maximum: Decimal
    low_label: str
    high_label: str


RANGES: tuple[WishRange, ...] = (
    WishRange("price", "Pris", "kr", Decimal("1000000000"), "Lägsta pris", "Högsta pris"),
    WishRange("living_space", "Boarea", "m²", Decimal("100000"), "Minsta boarea", "Största boarea"),
    WishRange("rooms", "Antal rum", "rum", Decimal("100"), "Minst antal rum", "Högst antal rum"),
    WishRange(
        "plot_area", "Tomtarea", "m²", Decimal("100000000"), "Minsta tomtarea", "Största tomtarea"
    ),
)
PRICE, LIVING_SPACE, ROOMS, PLOT_AREA = RANGES

# The lists of Vitec's estate list (List.Estate.EstateList), each named as a buyer reads it.
ESTATE_LIST_LABELS: dict[str, str] = {
    "houses": "Villa",
    "housingCooperativeses": "Bostadsrätt",
    "condominiums": "Ägarlägenhet",
    "cottages": "Fritidshus",
    "plots": "Tomt",
    "farms": "Gård",
    "projects": "Nyproduktion",
    "commercialPropertys": "Kommersiell fastighet",
    "premises": "Lokal",
    "foreignProperties": "Utlandsbostad",
}
