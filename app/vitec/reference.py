"""Areas offered on the form: from Vitec, cached, with a file fallback."""

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
    """Vitec accepts only areas with a polygon; archived or hidden ones are not offered."""
    polygon = raw.get("polygon") or []
    return (
        bool(raw.get("areaId"))
        and not raw.get("archived", False)
        and raw.get("showOnInternet", True) is not False
        and len(polygon) >= 4
    )


def build_groups(
    raw_areas: list[dict[str, Any]], municipalities: list[dict[str, Any]]
) -> tuple[AreaGroup, ...]:
    """Group offerable areas by municipality name, both sorted the Swedish way."""
    names = {
        str(m.get("countyMunicipalityCode")): str(m.get("name"))
        for m in municipalities
        if m.get("countyMunicipalityCode") and m.get("name")
    }
    grouped: dict[str, list[Area]] = {}
    for raw in raw_areas:
        if not isinstance(raw, dict) or not offerable(raw):
            continue
        # Vitec's Area has no municipality: its county (LK code) matches countyMunicipalityCode.
        municipality = (
            raw.get("municipalityName")
            or names.get(str(raw.get("municipalityCode")))
            or names.get(str(raw.get("county")))
            or OTHER_GROUP
        )
        area = Area(str(raw["areaId"]), str(raw.get("areaName") or raw["areaId"]), municipality)
        grouped.setdefault(municipality, []).append(area)
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
    ) -> None:
        self._fetch = fetch
        self._fallback = fallback
        self._ttl = ttl_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._value: Any = None
        self._has_value = False
        self._fetched_at = 0.0

    def get(self) -> Any:
        with self._lock:
            if self._has_value and self._clock() - self._fetched_at < self._ttl:
                return self._value
            try:
                self._value = self._fetch()
                self._fetched_at = self._clock()
            except VitecError as exc:
                log.warning("reference data from Vitec unavailable: %s", exc)
                if not self._has_value:
                    self._value = self._fallback()
                self._fetched_at = self._clock() - self._ttl + min(self._ttl, RETRY_SECONDS)
            self._has_value = True
            return self._value


class AreaCatalog:
    """The areas to offer, grouped by municipality; AREAS_FILE serves when Vitec cannot."""

    def __init__(
        self,
        client_factory: Callable[[], VitecClient],
        customer_id: str,
        ttl_seconds: float = 300.0,
        areas_file: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client_factory = client_factory
        self._customer_id = customer_id
        self._areas_file = areas_file
        self._cache = TtlCache(self._fetch, self._from_file, ttl_seconds, clock)

    def groups(self) -> tuple[AreaGroup, ...]:
        """The grouped areas to show; empty when no source can be had."""
        return self._cache.get()

    def _fetch(self) -> tuple[AreaGroup, ...]:
        client = self._client_factory()
        raw_areas = client.get_areas(self._customer_id)
        if not isinstance(raw_areas, list):
            raise VitecError("Vitec's area list was not a list.")
        try:
            municipalities = client.get_municipalities(self._customer_id)
        except VitecError as exc:
            log.warning("municipality names unavailable: %s", exc)
            municipalities = []
        return build_groups(raw_areas, municipalities if isinstance(municipalities, list) else [])

    def _from_file(self) -> tuple[AreaGroup, ...]:
        if not self._areas_file:
            return ()
        try:
            data = json.loads(Path(self._areas_file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.error("AREAS_FILE unreadable: %s", exc)
            return ()
        if isinstance(data, dict):
            return build_groups(data.get("areas", []), data.get("municipalities", []))
        return build_groups(data if isinstance(data, list) else [], [])


@dataclass(frozen=True)
class Requirement:
    requirement_id: str
    text: str
    valid_for: tuple[str, ...]


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


class StaffReference:
    """Users, tasks, categories and increased requirements for one customer, cached."""

    def __init__(
        self, client_factory: Callable[[], VitecClient], customer_id: str, ttl_seconds: float
    ) -> None:
        self._client_factory = client_factory
        self._customer_id = customer_id
        self._cache = TtlCache(self._fetch, StaffLists, ttl_seconds)

    def lists(self) -> StaffLists:
        return self._cache.get()

    def _fetch(self) -> StaffLists:
        client = self._client_factory()
        customer = self._customer_id
        users = [u for u in client.get_users(customer) or [] if not u.get("archived")]
        categories = client.get_categories(customer) or {}
        person_categories = [
            c for c in categories.get("personCategories") or [] if not c.get("readOnly")
        ]
        requirements = []
        for group in client.get_increased_requirements(customer) or []:
            for item in group.get("increasedRequirements") or []:
                if item.get("id"):
                    requirements.append(
                        Requirement(
                            str(item["id"]),
                            str(item.get("text") or item["id"]),
                            tuple(str(t) for t in item.get("validForTypes") or ()),
                        )
                    )
        return StaffLists(
            users=_pairs(users, "userId", "userName"),
            tasks=_pairs(client.get_tasks(customer), "id", "description"),
            categories=_pairs(person_categories, "id", "name"),
            requirements=tuple(requirements),
        )
