"""Vitec's refusals in the staff form's words: ModelState field names (such as
`interest.LookingForAccommodations[0].AreaIds`) become the form's Swedish labels and fields,
Vitec's known English messages are said in Swedish (the original kept beside them)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from app.core.sealing import PayloadSealer
from app.intake.mapping import RANGE_KEYS
from app.intake.staff_forms import StaffInterestForm
from app.outbox.errors import LastError, open_last_error
from app.vitec.messages import in_swedish
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


def form_field(key: str) -> str | None:
    """The staff form's field a ModelState key stands for; None for a part no field stands for."""
    return FIELDS.get(_normalised(key))


@dataclass(frozen=True)
class Refusal:
    """One message of Vitec's refusal: the key it came under, the form's field and label for
    it, Vitec's words as they came, and in Swedish when they are one of Vitec's known English
    messages."""

    key: str
    field: str | None
    label: str
    original: str
    swedish: str | None = None

    @property
    def said(self) -> str:
        """What staff read: the Swedish, else Vitec's own words."""
        return self.swedish or self.original


def refusals(last: LastError) -> list[Refusal]:
    """Each message of a refusal's ModelState, named as the form names its field."""
    return [
        Refusal(key, form_field(key), field_label(key), message, in_swedish(message))
        for key, messages in last.fields.items()
        for message in messages
    ]


def rejection_problems(
    last_error: str | None, sealer: PayloadSealer | None = None
) -> list[tuple[str, str]]:
    """(the form's label, what Vitec said, in Swedish where known) for each field a refusal
    names; none when it names no field. `sealer` opens a sealed refusal."""
    last = open_last_error(sealer, last_error)
    return [(refusal.label, refusal.said) for refusal in refusals(last)]


def mark_refused(
    form: StaffInterestForm,
    found: list[Refusal],
    stored: MultiDict,
    typed: MultiDict | None = None,
) -> None:
    """Put Vitec's words next to each field it refused, on the correction form, so that the
    error summary links to it; not on a field with errors of its own, nor on one changed since
    (`typed`, what was posted, differs from `stored`, what Vitec was sent)."""
    marked: set[str] = set()
    for refusal in found:
        name = refusal.field
        if name is None or name not in form:
            continue
        field = form[name]
        if field.errors and name not in marked:
            continue
        if typed is not None and typed.getlist(name) != stored.getlist(name):
            continue
        field.errors = [*field.errors, refusal.said]
        marked.add(name)
