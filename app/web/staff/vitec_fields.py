"""Vitec's refusals in the staff form's words: ModelState field names (such as
`interest.LookingForAccommodations[0].AreaIds`) become the form's Swedish labels, while Vitec's
own message text is kept as it came."""

from __future__ import annotations

import functools
import re

from app.intake.mapping import RANGE_KEYS
from app.intake.staff_forms import StaffInterestForm
from app.vitec.payload import HOUSING_FLAGS
from app.vitec.vocabulary import RANGES

# Vitec's range key (lower case) -> the form's range name: `numberofrooms` -> `rooms`.
_RANGE_KEYS = {vitec.lower(): name for name, vitec in RANGE_KEYS.items()}
_LEGENDS = {wished.name: wished.legend for wished in RANGES}

# Payload path (lower case, no list index, no root name) -> the staff form's field name.
FIELDS: dict[str, str] = {
    "updateperson.firstname": "first_name",
    "updateperson.lastname": "last_name",
    "updateperson.socialsecuritynumber": "social_security_number",
    "updateperson.isforeignsocialsecuritynumber": "foreign_ssn",
    "updateperson.telephone": "home_phone",
    "updateperson.cellphone": "cell_phone",
    "updateperson.workphone": "work_phone",
    "updateperson.otherphone": "other_phone",
    "updateperson.email": "email",
    "updateperson.email.emailaddress": "email",
    "updateperson.email.emailaddress2": "email",
    "updateperson.address.streetaddress": "street_address",
    "updateperson.address.zipcode": "zip_code",
    "updateperson.address.city": "city",
    "updateperson.contactid": "contact_id",
    "updateperson.userid": "user_id",
    "updateperson.categoryids": "categories",
    "updateperson.note": "note",
    "updateperson.leadscore": "lead_score",
    "updateperson.obtainthrough": "obtain_through",
    "updateperson.wishadvertising": "wish_advertising",
    "updateperson.approval": "consent",
    "updateperson.approvaldate": "consent",
    "updateperson.gdprapprovaldate": "consent",
    "updateperson.customfield": "custom_field_name",
    "updateperson.customfield.name": "custom_field_name",
    "updateperson.customfield.value": "custom_field_value",
    "updateperson.task": "task_id",
    "updateperson.task.predefinedtaskid": "task_id",
    "updateperson.task.note": "task_note",
    "updateperson.task.estateid": "task_estate_id",
    "updateperson.task.assignedto": "task_assigned_to",
    "lookingforaccommodations.areaids": "areas",
    "lookingforaccommodations.countys": "countys",
    "lookingforaccommodations.increasedrequirementids": "requirements",
    "lookingforaccommodations.specialrequset": "special_request",
    "presentaccommodation.estatetype": "present_estate_type",
    "presentaccommodation.livingspace": "present_living_space",
    "presentaccommodation.numberofrooms": "present_rooms",
    "presentaccommodation.price": "present_price",
    "presentaccommodation.other": "present_other",
    "notifyuser": "notify_user",
    "watched": "watched",
}
FIELDS.update(
    {f"lookingforaccommodations.{flag.lower()}": "housing_types" for flag in HOUSING_FLAGS}
)
for _key, _name in _RANGE_KEYS.items():
    FIELDS[f"lookingforaccommodations.{_key}.min"] = f"{_name}_min"
    FIELDS[f"lookingforaccommodations.{_key}.max"] = f"{_name}_max"

# Parts of the payload that no single field of the form stands for.
LABELS: dict[str, str] = {
    "": "Anmälan",
    "updateperson": "Kontaktuppgifter",  # Vitec's "at least one way to reach the person"
    "updateperson.address": "Adress",
    "updateperson.address.countrycode": "Land (adress)",
    "updateperson.customerid": "Kontor (kund-id i Vitec)",
    "updateperson.coordinate": "Personens position",
    "lookingforaccommodations": "Önskemål om bostad",
    "lookingforaccommodations.countrycode": "Land (önskemål)",
    "lookingforaccommodations.polygon": "Område på karta",
    "lookingforaccommodations.active": "Önskemål om bostad",
    "presentaccommodation": "Nuvarande boende",
    **{f"lookingforaccommodations.{key}": _LEGENDS[name] for key, name in _RANGE_KEYS.items()},
}

_ROOT = re.compile(r"^(interest|model|request)\.", re.I)
_INDEX = re.compile(r"\[\d+\]")


def _normalised(key: str) -> str:
    return _INDEX.sub("", _ROOT.sub("", key.strip())).lower().strip(".")


@functools.cache
def _form_labels() -> dict[str, str]:
    form = StaffInterestForm()
    return {field.name: field.label.text for field in form}


def field_label(key: str) -> str:
    """The staff form's label for a ModelState key; the key itself when it is not known."""
    path = "" if key.strip().lower() in ("interest", "model", "request") else _normalised(key)
    if path in FIELDS:
        return _form_labels()[FIELDS[path]]
    return LABELS.get(path, key)


# How the worker stores a refusal: "<Vitec's Message> (<key>: <messages>; <key>: <messages>)".
_STORED = re.compile(r"^(?P<message>.*?) \((?P<details>.*)\)$", re.S)
_KEY = re.compile(r"(?:^|; )([A-Za-z_][\w.\[\]]*): ")


def rejection_problems(last_error: str | None) -> list[tuple[str, str]]:
    """(the form's label, Vitec's message) for each field a refusal names; none when it
    names no field."""
    found = _STORED.match(last_error or "")
    if not found:
        return []
    details = found.group("details")
    keys = list(_KEY.finditer(details))
    if not keys or keys[0].start() != 0:
        return []
    problems = []
    for index, key in enumerate(keys):
        end = keys[index + 1].start() if index + 1 < len(keys) else len(details)
        problems.append((field_label(key.group(1)), details[key.end() : end].strip()))
    return problems
