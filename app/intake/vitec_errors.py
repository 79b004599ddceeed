"""Places Vitec's validation complaints next to the form field they concern."""

from __future__ import annotations

import re

from app.vitec.client import VitecRejected

# Vitec ModelState path (lower case, without the leading 'interest.' and list indexes)
# -> public form field name.
FIELD_FOR_PATH: dict[str, str] = {
    "updateperson.firstname": "first_name",
    "updateperson.lastname": "last_name",
    "updateperson.email.emailaddress": "email",
    "updateperson.email": "email",
    "updateperson.cellphone": "cell_phone",
    "updateperson.telephone": "home_phone",
    "updateperson.address.streetaddress": "street_address",
    "updateperson.address.zipcode": "zip_code",
    "updateperson.address.city": "city",
    "lookingforaccommodations.areaids": "areas",
    "lookingforaccommodations": "housing_types",
    "lookingforaccommodations.specialrequset": "special_request",
    "presentaccommodation.estatetype": "present_estate_type",
    "presentaccommodation.livingspace": "present_living_space",
    "presentaccommodation.numberofrooms": "present_rooms",
    "presentaccommodation.price": "present_price",
    "presentaccommodation.other": "present_other",
}

_RANGE_FIELDS = {
    "price": "price",
    "livingspace": "living_space",
    "numberofrooms": "rooms",
    "plotarea": "plot_area",
}


def field_for(path: str) -> str | None:
    """The form field a ModelState key points at, or None when it cannot be placed."""
    key = re.sub(r"\[\d+\]", "", path).lower()
    if key.startswith("interest."):
        key = key[len("interest.") :]
    if key in FIELD_FOR_PATH:
        return FIELD_FOR_PATH[key]
    parts = key.split(".")
    if len(parts) == 3 and parts[0] == "lookingforaccommodations":
        name = _RANGE_FIELDS.get(parts[1])
        if name and parts[2] in ("min", "max"):
            return f"{name}_{parts[2]}"
    return None


def place_errors(rejection: VitecRejected, field_names: set[str]) -> tuple[dict, list[str]]:
    """Split Vitec's complaints into {field: [messages]} and messages with no field."""
    placed: dict[str, list[str]] = {}
    loose: list[str] = []
    for path, messages in rejection.field_errors.items():
        name = field_for(path)
        if name in field_names:
            placed.setdefault(name, []).extend(messages)
        else:
            loose.extend(messages)
    if not placed and not loose:
        loose.append(str(rejection))
    return placed, loose
