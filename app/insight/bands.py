"""How a wish is put in a class: the price band of the highest price, the rooms wanted.

A band is stored by its bounds in kronor ("2000000-4000000"), not by its label, so that figures
counted under bands configured earlier still read correctly after DEMAND_PRICE_BANDS changes."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

NO_MAX_PRICE = "none"
NO_ROOMS = "none"
ROOM_CLASSES = ("1", "2", "3", "4", "5+")


def price_band(max_price: Decimal | None, bounds: Sequence[int]) -> str:
    """The band a highest price falls in; a price equal to a bound belongs to the band below
    it (a buyer who types 4 000 000 is looking up to 4 Mkr)."""
    if max_price is None:
        return NO_MAX_PRICE
    lower = None
    for upper in bounds:
        if max_price <= upper:
            return f"{'' if lower is None else lower}-{upper}"
        lower = upper
    return f"{lower}-" if lower is not None else "-"


def band_bounds(band: str) -> tuple[int | None, int | None]:
    """(lower, upper) of a stored band; None where it is open."""
    low, _, high = band.partition("-")
    return (int(low) if low else None, int(high) if high else None)


def _mkr(kronor: int) -> str:
    millions = Decimal(kronor) / Decimal(1_000_000)
    text = f"{millions.normalize():f}".replace(".", ",")
    return text


def band_label(band: str) -> str:
    """'högst 2 Mkr', 'över 2 till och med 4 Mkr', 'över 10 Mkr' or 'inget maxpris': a band
    holds its upper bound, so no price can be read into two bands."""
    if band == NO_MAX_PRICE:
        return "inget maxpris"
    low, high = band_bounds(band)
    if low is None and high is None:
        return "alla priser"
    if low is None:
        return f"högst {_mkr(high)} Mkr"
    if high is None:
        return f"över {_mkr(low)} Mkr"
    return f"över {_mkr(low)} till och med {_mkr(high)} Mkr"


def band_order(band: str) -> tuple[int, int]:
    """Sort key: cheapest band first, 'inget maxpris' last."""
    if band == NO_MAX_PRICE:
        return (2, 0)
    low, _ = band_bounds(band)
    return (1, low) if low is not None else (0, 0)


def rooms_class(min_rooms: Decimal | None) -> str:
    """The least number of rooms wanted, in whole rooms ('5+' for five or more)."""
    if min_rooms is None:
        return NO_ROOMS
    whole = max(1, int(min_rooms))
    return "5+" if whole >= 5 else str(whole)


def rooms_label(value: str) -> str:
    """'minst 2 rum', 'minst 5 rum', or 'inget angivet'."""
    if value == NO_ROOMS:
        return "inget minsta antal"
    return f"minst {value.rstrip('+')} rum"


def rooms_order(value: str) -> tuple[int, str]:
    """Sort key: fewest rooms first, 'inget minsta antal' last."""
    return (1, "") if value == NO_ROOMS else (0, value)
