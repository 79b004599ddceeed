"""The rules Vitec enforces on InterestAndContactOnArea and InterestOnEstateAndContact, as the
sandbox checks them.

Types, maximum lengths, enums, required keys and which keys exist at all come from Vitec's
published description (sandbox.contract); the rules the description cannot express are below.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from typing import Any

from jsonschema.exceptions import ValidationError

from sandbox.contract import definitions, missing_keys, unknown_keys, validator

Errors = dict[str, list[str]]

ROOT = "interest"
MODEL = "Interest.Models.InterestAndContactOnArea"

REQUIRED_MESSAGES = {
    "updatePerson": "Uppgift om personen krävs",
    "customerId": "Kundid krävs",
    "lookingForAccommodations": "Minst en sökpreferens måste anges",
    "estateId": "Objektid krävs",
}
TYPE_MESSAGES = {
    "string": "Värdet måste vara en textsträng.",
    "boolean": "Värdet måste vara true eller false.",
    "number": "Värdet måste vara ett tal.",
    "integer": "Värdet måste vara ett heltal.",
    "array": "Värdet måste vara en lista.",
    "object": "Värdet måste vara ett objekt.",
}


@cache
def housing_flags() -> tuple[str, ...]:
    """The housing-type flags of a LookingForAccommodation: its booleans other than 'active'."""
    properties = definitions()["Interest.Models.LookingForAccommodation"]["properties"]
    return tuple(
        key for key, spec in properties.items() if spec.get("type") == "boolean" and key != "active"
    )


def model_state_key(path: Collection[str | int]) -> str:
    """ASP.NET ModelState's name for a JSON path: interest.LookingForAccommodations[0].AreaIds."""
    key = ROOT
    for part in path:
        key += f"[{part}]" if isinstance(part, int) else f".{part[:1].upper()}{part[1:]}"
    return key


def _add(errors: Errors, key: str, message: str) -> None:
    messages = errors.setdefault(key, [])
    if message not in messages:
        messages.append(message)


def _enum_index(value: Any, names: list[str]) -> bool:
    """Vitec reads an enum by its name or by its index (the help page's curl sends 0)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(names)


def _unknown_value(value: Any) -> str:
    shown = value if isinstance(value, int) and not isinstance(value, bool) else repr(value)
    return f"Okänt värde: {shown}."


def _contract_error(error: ValidationError, errors: Errors) -> None:
    path = tuple(error.absolute_path)
    schema = error.schema
    kind = error.validator
    if "enum" in schema and kind in ("enum", "type"):
        if not _enum_index(error.instance, schema["enum"]):
            _add(errors, model_state_key(path), _unknown_value(error.instance))
    elif kind == "additionalProperties":
        # Vitec would silently drop an unknown key; the sandbox says so to catch mapping bugs.
        for key in unknown_keys(error):
            _add(errors, model_state_key((*path, key)), "Okänt fält.")
    elif kind == "required":
        for key in missing_keys(error):
            message = REQUIRED_MESSAGES.get(key, "Fältet krävs.")
            _add(errors, model_state_key((*path, key)), message)
    elif kind == "type":
        _add(errors, model_state_key(path), TYPE_MESSAGES.get(schema["type"], "Fel typ."))
    elif kind == "maxLength":
        limit = schema["maxLength"]
        _add(errors, model_state_key(path), f"Fältet får innehålla högst {limit} tecken.")
    elif kind == "format":
        _add(errors, model_state_key(path), "Datumet har fel format.")
    else:
        _add(errors, model_state_key(path), "Ogiltigt värde.")


def validate_interest(payload: Any, areas_with_polygon: Collection[str]) -> Errors:
    """Return Vitec-style ModelState errors for a payload; empty when Vitec would accept it."""
    errors: Errors = {}
    if not isinstance(payload, dict):
        _add(errors, ROOT, "Begäran saknar innehåll.")
        return errors
    for error in validator(MODEL).iter_errors(payload):
        _contract_error(error, errors)
    person = payload.get("updatePerson")
    if isinstance(person, dict):
        _check_person(person, payload.get("notifyUser") is True, errors)
    _check_looking_for(payload.get("lookingForAccommodations"), areas_with_polygon, errors)
    return errors


ESTATE_MODEL = "Interest.Models.InterestOnEstateAndContact"


def validate_estate_interest(payload: Any, estate_ids: Collection[str]) -> Errors:
    """Vitec-style ModelState errors for interest in one home; empty when Vitec would accept
    it. The home must be one of the office's (`estate_ids`)."""
    errors: Errors = {}
    if not isinstance(payload, dict):
        _add(errors, ROOT, "Begäran saknar innehåll.")
        return errors
    for error in validator(ESTATE_MODEL).iter_errors(payload):
        _contract_error(error, errors)
    person = payload.get("updatePerson")
    if isinstance(person, dict):
        _check_person(person, False, errors)  # the home's own handläggare is notified
    estate_id = payload.get("estateId")
    if isinstance(estate_id, str) and estate_id and estate_id not in estate_ids:
        _add(errors, model_state_key(("estateId",)), f"Bostaden {estate_id} finns inte")
    return errors


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_person(person: dict[str, Any], notify_user: bool, errors: Errors) -> None:
    customer_id = person.get("customerId")
    if isinstance(customer_id, str) and not customer_id.strip():
        _add(errors, model_state_key(("updatePerson", "customerId")), "Kundid krävs")
    email = person.get("email") if isinstance(person.get("email"), dict) else {}
    channels = [email.get("emailAddress"), person.get("telePhone")]
    channels += [person.get("workPhone"), person.get("cellPhone")]
    if not any(_filled(channel) for channel in channels):
        _add(
            errors,
            model_state_key(("updatePerson",)),
            "Minst en av e-post, telefon, arbetstelefon eller mobiltelefon måste anges",
        )
    if notify_user and not person.get("contactId") and not _filled(person.get("userId")):
        _add(
            errors,
            model_state_key(("updatePerson", "userId")),
            "Handläggare krävs för att notifiera",
        )


def _check_looking_for(wishes: Any, areas_with_polygon: Collection[str], errors: Errors) -> None:
    if isinstance(wishes, list) and not wishes:
        _add(
            errors,
            model_state_key(("lookingForAccommodations",)),
            "Minst en sökpreferens måste anges",
        )
    if not isinstance(wishes, list):
        return
    flags = housing_flags()
    for index, wish in enumerate(wishes):
        if not isinstance(wish, dict):
            continue
        here = ("lookingForAccommodations", index)
        if not any(wish.get(flag) is True for flag in flags):
            _add(errors, model_state_key(here), "Minst en önskad bostadstyp måste väljas")
        area_ids = wish.get("areaIds")
        for area_id in area_ids if isinstance(area_ids, list) else []:
            if isinstance(area_id, str) and area_id not in areas_with_polygon:
                _add(
                    errors,
                    model_state_key((*here, "areaIds")),
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
                model_state_key((*here, "polygon")),
                "Polygonen måste ha minst fyra punkter och sluta där den börjar",
            )
