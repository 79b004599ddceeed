"""The rules Vitec enforces on InterestAndContactOnArea, as the sandbox checks them."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from app.vitec.payload import ESTATE_TYPES, HOUSING_FLAGS, OBTAIN_THROUGH, WATCHED

MAX_LENGTHS = {
    "firstName": 30,
    "lastName": 30,
    "socialSecurityNumber": 20,
    "telePhone": 17,
    "workPhone": 17,
    "cellPhone": 17,
    "otherPhone": 17,
    "contactId": 40,
    "customerId": 40,
    "emailAddress": 100,
    "emailAddress2": 100,
    "streetAddress": 68,
    "zipCode": 15,
    "city": 25,
    "countryCode": 2,
}

Errors = dict[str, list[str]]
Check = Callable[[Any, str, Errors], None]


def _add(errors: Errors, path: str, message: str) -> None:
    errors.setdefault(path, []).append(message)


def _pascal(key: str) -> str:
    return key[:1].upper() + key[1:]


def _string(name: str) -> Check:
    limit = MAX_LENGTHS.get(name)

    def check(value: Any, path: str, errors: Errors) -> None:
        if not isinstance(value, str):
            _add(errors, path, "Värdet måste vara en textsträng.")
        elif limit is not None and len(value) > limit:
            _add(errors, path, f"Fältet får innehålla högst {limit} tecken.")

    return check


def _boolean(value: Any, path: str, errors: Errors) -> None:
    if not isinstance(value, bool):
        _add(errors, path, "Värdet måste vara true eller false.")


def _number(value: Any, path: str, errors: Errors) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _add(errors, path, "Värdet måste vara ett tal.")


def _integer(value: Any, path: str, errors: Errors) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        _add(errors, path, "Värdet måste vara ett heltal.")


def _date(value: Any, path: str, errors: Errors) -> None:
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        _add(errors, path, "Datumet har fel format.")


def _enum(names: Collection[str]) -> Check:
    def check(value: Any, path: str, errors: Errors) -> None:
        # Vitec accepts an enum by name or by its index.
        if isinstance(value, int) and not isinstance(value, bool):
            if not 0 <= value < len(names):
                _add(errors, path, f"Okänt värde: {value}.")
        elif value not in names:
            _add(errors, path, f"Okänt värde: {value!r}.")

    return check


def _list_of(item: Check) -> Check:
    def check(value: Any, path: str, errors: Errors) -> None:
        if not isinstance(value, list):
            _add(errors, path, "Värdet måste vara en lista.")
            return
        for index, element in enumerate(value):
            item(element, f"{path}[{index}]", errors)

    return check


def _object(fields: dict[str, Check]) -> Check:
    def check(value: Any, path: str, errors: Errors) -> None:
        if not isinstance(value, dict):
            _add(errors, path, "Värdet måste vara ett objekt.")
            return
        for key, element in value.items():
            child = f"{path}.{_pascal(key)}"
            if key not in fields:
                # Vitec would silently drop it; the sandbox says so to catch mapping bugs.
                _add(errors, child, "Okänt fält.")
            elif element is not None:
                fields[key](element, child, errors)

    return check


def _s(*names: str) -> dict[str, Check]:
    return {name: _string(name) for name in names}


_COORDINATE = _object({"longitud": _number, "latitud": _number})
_RANGE = _object({"min": _number, "max": _number})

_PERSON = _object(
    {
        **_s("firstName", "lastName", "socialSecurityNumber", "telePhone", "workPhone"),
        **_s("cellPhone", "contactId", "customerId", "userId", "otherPhone", "note"),
        "isForeignSocialSecurityNumber": _boolean,
        "approval": _boolean,
        "approvalDate": _date,
        "gdprApprovalDate": _date,
        "obtainThrough": _enum(OBTAIN_THROUGH),
        "categoryIds": _list_of(_string("categoryId")),
        "address": _object(_s("streetAddress", "zipCode", "city", "countryCode")),
        "email": _object(_s("emailAddress", "emailAddress2")),
        "wishAdvertising": _boolean,
        "coordinate": _COORDINATE,
        "task": _object(_s("predefinedTaskId", "note", "estateId", "assignedTo")),
        "customField": _object(_s("name", "value")),
        "leadScore": _integer,
    }
)

_LOOKING_FOR = _object(
    {
        **_s("id", "countryCode", "specialRequset"),
        "areaIds": _list_of(_string("areaId")),
        "countys": _list_of(_string("county")),
        "polygon": _list_of(_COORDINATE),
        **{flag: _boolean for flag in HOUSING_FLAGS},
        "livingSpace": _RANGE,
        "numberOfRooms": _RANGE,
        "price": _RANGE,
        "plotArea": _RANGE,
        "increasedRequirementIDs": _list_of(_string("increasedRequirementId")),
        "active": _boolean,
    }
)

_PRESENT = _object(
    {
        "estateType": _enum(ESTATE_TYPES),
        "livingSpace": _number,
        "numberOfRooms": _number,
        "price": _number,
        "other": _string("other"),
        "coordinate": _COORDINATE,
    }
)

_INTEREST = _object(
    {
        "updatePerson": _PERSON,
        "lookingForAccommodations": _list_of(_LOOKING_FOR),
        "presentAccommodation": _PRESENT,
        "notifyUser": _boolean,
        "watched": _enum(WATCHED),
    }
)

ROOT = "interest"


def validate_interest(payload: Any, areas_with_polygon: Collection[str]) -> Errors:
    """Return Vitec-style ModelState errors for a payload; empty when Vitec would accept it."""
    errors: Errors = {}
    if not isinstance(payload, dict):
        _add(errors, ROOT, "Begäran saknar innehåll.")
        return errors
    _INTEREST(payload, ROOT, errors)
    person = payload.get("updatePerson")
    if not isinstance(person, dict):
        _add(errors, f"{ROOT}.UpdatePerson", "Uppgift om personen krävs")
        person = {}
    if not (person.get("customerId") or "").strip():
        _add(errors, f"{ROOT}.UpdatePerson.CustomerId", "Kundid krävs")
    email = person.get("email") if isinstance(person.get("email"), dict) else {}
    channels = [email.get("emailAddress"), person.get("telePhone")]
    channels += [person.get("workPhone"), person.get("cellPhone")]
    if not any(isinstance(c, str) and c.strip() for c in channels):
        _add(
            errors,
            f"{ROOT}.UpdatePerson",
            "Minst en av e-post, telefon, arbetstelefon eller mobiltelefon måste anges",
        )
    needs_user = payload.get("notifyUser") is True and not person.get("contactId")
    if needs_user and not person.get("userId"):
        _add(errors, f"{ROOT}.UpdatePerson.UserId", "Handläggare krävs för att notifiera")
    _check_looking_for(payload.get("lookingForAccommodations"), areas_with_polygon, errors)
    return errors


def _check_looking_for(wishes: Any, areas_with_polygon: Collection[str], errors: Errors) -> None:
    path = f"{ROOT}.LookingForAccommodations"
    if not isinstance(wishes, list) or not wishes:
        _add(errors, path, "Minst en sökpreferens måste anges")
        return
    for index, wish in enumerate(wishes):
        if not isinstance(wish, dict):
            continue
        here = f"{path}[{index}]"
        if not any(wish.get(flag) is True for flag in HOUSING_FLAGS):
            _add(errors, here, "Minst en önskad bostadstyp måste väljas")
        for area_id in wish.get("areaIds") or []:
            if isinstance(area_id, str) and area_id not in areas_with_polygon:
                _add(
                    errors,
                    f"{here}.AreaIds",
                    f"Området {area_id} finns inte eller saknar polygon",
                )
        polygon = wish.get("polygon")
        if (
            isinstance(polygon, list)
            and polygon
            and (len(polygon) < 4 or polygon[0] != polygon[-1])
        ):
            _add(
                errors,
                f"{here}.Polygon",
                "Polygonen måste ha minst fyra punkter och sluta där den börjar",
            )
