"""The office's homes for sale and their viewings, from Vitec's estate list and viewing calls,
cached per office like the areas and kept last-good."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.vitec.client import VitecClient, VitecError
from app.vitec.reference import TtlCache
from app.vitec.vocabulary import ESTATE_LIST_LABELS

log = logging.getLogger(__name__)

# Status ids are per customer and their names are the office's own; Vitec's description names
# "Till salu", "Kommande" and "Såld" as examples. A home takes interest in these two.
FOR_SALE_STATUSES = frozenset({"till salu", "kommande"})
MAX_VIEWING_CACHES = 256  # homes whose viewings are kept at once, per office


@dataclass(frozen=True)
class Estate:
    """One home as the buyer's page names it."""

    estate_id: str
    street_address: str
    area_name: str
    kind: str  # the Swedish word for its list (Villa, Bostadsrätt, ...)
    status: str  # the status name as the office calls it
    for_sale: bool

    @property
    def title(self) -> str:
        """The home in one line: street address, area."""
        return ", ".join(part for part in (self.street_address, self.area_name) if part)


@dataclass(frozen=True)
class Viewing:
    """One viewing shown on the internet, with Vitec's booking link when it has one."""

    starts_at: datetime
    ends_at: datetime | None
    booking_url: str
    commentary: str


def _status_name(raw: dict[str, Any]) -> str:
    status = raw.get("status")
    return str(status.get("name") or "").strip() if isinstance(status, dict) else ""


def build_estates(lists: Any) -> dict[str, Estate]:
    """The homes of Vitec's EstateList answer (an array of lists by kind), by id."""
    found: dict[str, Estate] = {}
    for estate_list in lists if isinstance(lists, list) else []:
        if not isinstance(estate_list, dict):
            continue
        for key, kind in ESTATE_LIST_LABELS.items():
            items = estate_list.get(key)
            for raw in items if isinstance(items, list) else []:
                if not isinstance(raw, dict) or not raw.get("id"):
                    continue
                status = _status_name(raw)
                found[str(raw["id"])] = Estate(
                    estate_id=str(raw["id"]),
                    street_address=str(raw.get("streetAddress") or "").strip(),
                    area_name=str(raw.get("areaName") or "").strip(),
                    kind=kind,
                    status=status,
                    for_sale=status.lower() in FOR_SALE_STATUSES,
                )
    return found


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _booking_url(value: Any) -> str:
    """Vitec's booking link, only when it is a web address (never a script URL)."""
    url = str(value or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


def build_viewings(raw_viewings: Any) -> tuple[Viewing, ...]:
    """The viewings shown on the internet, earliest first; one without a start is left out."""
    found = []
    for raw in raw_viewings if isinstance(raw_viewings, list) else []:
        if not isinstance(raw, dict) or raw.get("showOnInternet") is not True:
            continue
        starts_at = _moment(raw.get("startsAt"))
        if starts_at is None:
            continue
        found.append(
            Viewing(
                starts_at=starts_at,
                ends_at=_moment(raw.get("endsAt")),
                booking_url=_booking_url(raw.get("bookingUrl")),
                commentary=str(raw.get("commentary") or "").strip(),
            )
        )
    return tuple(sorted(found, key=lambda v: v.starts_at))


class EstatesUnavailable(Exception):
    """Vitec's estate list could not be had and none was had before."""


class OfficeEstates:
    """One office's homes (one cached list) and each home's viewings (cached one by one)."""

    def __init__(
        self,
        client: VitecClient,
        customer_id: str,
        ttl_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.customer_id = customer_id
        self._ttl = ttl_seconds
        self._clock = clock
        self._list = TtlCache(
            self._fetch_list, lambda: None, ttl_seconds, clock, f"office {customer_id}: estates"
        )
        self._lock = threading.Lock()
        self._viewings: dict[str, TtlCache] = {}

    def _fetch_list(self) -> dict[str, Estate]:
        lists = self.client.get_estate_list(self.customer_id)
        if not isinstance(lists, list):
            raise VitecError("Vitec's estate list was not a list.")
        return build_estates(lists)

    def find(self, estate_id: str) -> Estate | None:
        """The home of this id (None: Vitec does not list it); EstatesUnavailable when no
        list could be had."""
        estates = self._list.get()
        if estates is None:
            raise EstatesUnavailable(self.customer_id)
        return estates.get(estate_id)

    def for_sale(self) -> list[Estate]:
        """The office's homes still taking interest, by address (EstatesUnavailable when no
        list could be had)."""
        estates = self._list.get()
        if estates is None:
            raise EstatesUnavailable(self.customer_id)
        return sorted((e for e in estates.values() if e.for_sale), key=lambda e: e.title)

    def viewings(self, estate_id: str) -> tuple[Viewing, ...]:
        """The home's viewings shown on the internet (none when Vitec cannot say)."""
        with self._lock:
            cache = self._viewings.get(estate_id)
            if cache is None:
                if len(self._viewings) >= MAX_VIEWING_CACHES:
                    self._viewings.clear()
                cache = self._viewings[estate_id] = TtlCache(
                    lambda: build_viewings(self.client.get_viewings(self.customer_id, estate_id)),
                    tuple,
                    self._ttl,
                    self._clock,
                    f"office {self.customer_id}: viewings",
                )
        return cache.get()
