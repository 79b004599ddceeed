"""Reference data from Vitec, per office and cached: areas grouped by municipality, and the
lists the staff form offers (users, tasks, categories, increased requirements)."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.vitec.client import VitecClient, VitecError

log = logging.getLogger(__name__)

OTHER_GROUP = "Övriga områden"
RETRY_SECONDS = 30.0
MIN_POLYGON_POINTS = 4  # Vitec: a polygon needs at least four points


@dataclass(frozen=True)
class Area:
    area_id: str
    name: str
    municipality: str


@dataclass(frozen=True)
class AreaGroup:
    municipality: str
    areas: tuple[Area, ...]


def offerable(raw: dict[str, Any]) -> bool:
    """Vitec accepts only areas with a polygon (either kind); archived or hidden ones are not
    offered."""
    polygon = raw.get("polygon") or raw.get("polygonWGS84") or []
    return (
        bool(raw.get("areaId"))
        and not raw.get("archived", False)
        and raw.get("showOnInternet", True) is not False
        and len(polygon) >= MIN_POLYGON_POINTS
    )


def build_groups(
    raw_areas: list[dict[str, Any]], municipalities: list[dict[str, Any]]
) -> tuple[AreaGroup, ...]:
    """Group offerable areas by municipality, matching an area's `county` (its LK code) to a
    municipality's `countyMunicipalityCode`; the rest go to one "other" group. Both sorted the
    Swedish way, the other group last."""
    names = {
        str(m["countyMunicipalityCode"]).strip(): str(m["name"])
        for m in municipalities
        if isinstance(m, dict) and m.get("countyMunicipalityCode") and m.get("name")
    }
    grouped: dict[str, list[Area]] = {}
    for raw in raw_areas:
        if not isinstance(raw, dict) or not offerable(raw):
            continue
        municipality = names.get(str(raw.get("county") or "").strip(), OTHER_GROUP)
        area = Area(str(raw["areaId"]), str(raw.get("areaName") or raw["areaId"]), municipality)
        grouped.setdefault(municipality, []).append(area)
    if OTHER_GROUP in grouped and names:
        # Observable rather than guessed: the width of Vitec's county codes is not published.
        log.warning("%d areas match no municipality by county code", len(grouped[OTHER_GROUP]))
    return tuple(
        AreaGroup(name, tuple(sorted(areas, key=lambda a: swedish_key(a.name))))
        for name, areas in sorted(
            grouped.items(), key=lambda item: (item[0] == OTHER_GROUP, swedish_key(item[0]))
        )
    )


_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def swedish_key(text: str) -> str:
    """Sort key putting å, ä, ö after z, as a Swedish reader expects."""
    return text.lower().translate(_SWEDISH_ORDER)


class TtlCache:
    """One value fetched from Vitec and kept for some minutes; on failure the last good
    value (or the fallback) serves, and Vitec is asked again after a short pause."""

    def __init__(
        self,
        fetch: Callable[[], Any],
        fallback: Callable[[], Any],
        ttl_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        label: str = "",
    ) -> None:
        self._fetch = fetch
        self._fallback = fallback
        self._ttl = ttl_seconds
        self._clock = clock
        self._label = label
        self._lock = threading.Lock()
        self._value: Any = None
        self._has_value = False
        self._fetched_at = 0.0

    def get(self) -> Any:
        """The cached value, fetched again once it is older than the TTL. While one thread
        fetches, the others keep serving the last value (only the very first fetch is waited
        for), so a slow Vitec never holds up every page of the office."""
        if self._has_value and not self._stale():
            return self._value
        if not self._lock.acquire(blocking=not self._has_value):
            return self._value  # another thread is fetching; the last value serves meanwhile
        try:
            if self._has_value and not self._stale():
                return self._value  # fetched while this thread waited
            self._refresh()
            return self._value
        finally:
            self._lock.release()

    def _stale(self) -> bool:
        return self._clock() - self._fetched_at >= self._ttl

    def _refresh(self) -> None:
        try:
            value = self._fetch()
            self._value, self._fetched_at = value, self._clock()
        except VitecError as exc:
            log.warning("%s from Vitec unavailable: %s", self._label or "reference data", exc)
            if not self._has_value:
                self._value = self._fallback()
            self._fetched_at = self._clock() - self._ttl + min(self._ttl, RETRY_SECONDS)
        self._has_value = True


def areas_from_file(path: str | None) -> tuple[AreaGroup, ...]:
    """Areas from AREAS_FILE: `{"areas": [...], "municipalities": [...]}` in Vitec's shapes."""
    if not path:
        return ()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.error("AREAS_FILE unreadable: %s", exc)
        return ()
    if not isinstance(data, dict):
        log.error("AREAS_FILE must hold an object with 'areas' and 'municipalities'")
        return ()
    return build_groups(data.get("areas") or [], data.get("municipalities") or [])


@dataclass(frozen=True)
class Requirement:
    requirement_id: str
    text: str
    valid_for: frozenset[str]  # EstateClassType names


@dataclass(frozen=True)
class StaffLists:
    """Choices for the staff form, from Vitec."""

    users: tuple[tuple[str, str], ...] = ()
    tasks: tuple[tuple[str, str], ...] = ()
    categories: tuple[tuple[str, str], ...] = ()
    requirements: tuple[Requirement, ...] = ()


def _pairs(items: Any, key: str, label: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(items, list):
        return ()
    return tuple(
        (str(i[key]), str(i.get(label) or i[key]))
        for i in items
        if isinstance(i, dict) and i.get(key)
    )


def _requirements(collections: Any) -> tuple[Requirement, ...]:
    found = []
    for group in collections if isinstance(collections, list) else []:
        for item in group.get("increasedRequirements") or [] if isinstance(group, dict) else []:
            if isinstance(item, dict) and item.get("id"):
                valid = frozenset(str(t) for t in item.get("validForTypes") or ())
                found.append(
                    Requirement(str(item["id"]), str(item.get("text") or item["id"]), valid)
                )
    return tuple(found)


class OfficeReference:
    """One office's reference data, each list cached on its own (a refused call for one list
    leaves the others working)."""

    def __init__(
        self,
        client: VitecClient,
        customer_id: str,
        ttl_seconds: float,
        areas_file: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.customer_id = customer_id
        label = f"office {customer_id}:"
        self._areas = TtlCache(
            self._fetch_areas,
            lambda: areas_from_file(areas_file),
            ttl_seconds,
            clock,
            f"{label} areas",
        )
        self._staff = TtlCache(self._fetch_staff, StaffLists, ttl_seconds, clock, f"{label} lists")

    def groups(self) -> tuple[AreaGroup, ...]:
        """The grouped areas to offer; empty when no source can be had."""
        return self._areas.get()

    def staff_lists(self) -> StaffLists:
        """Users, tasks, categories and requirements for the staff form."""
        return self._staff.get()

    def _fetch_areas(self) -> tuple[AreaGroup, ...]:
        raw_areas = self.client.get_areas(self.customer_id)
        if not isinstance(raw_areas, list):
            raise VitecError("Vitec's area list was not a list.")
        try:
            municipalities = self.client.get_municipalities(self.customer_id)
        except VitecError as exc:
            log.warning("office %s: municipality names unavailable: %s", self.customer_id, exc)
            municipalities = []
        return build_groups(raw_areas, municipalities if isinstance(municipalities, list) else [])

    def _fetch_staff(self) -> StaffLists:
        client, customer = self.client, self.customer_id
        users = [u for u in client.get_users(customer) or [] if not u.get("archived")]
        categories = client.get_categories(customer) or {}
        person_categories = [
            c for c in categories.get("personCategories") or [] if not c.get("readOnly")
        ]
        return StaffLists(
            users=_pairs(users, "userId", "userName"),
            tasks=_pairs(client.get_tasks(customer), "id", "description"),
            categories=_pairs(person_categories, "id", "name"),
            requirements=_requirements(client.get_increased_requirements(customer)),
        )
