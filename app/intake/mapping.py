"""From a person's validated answers to Vitec's payload: a pure function, no Flask, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from app.vitec.payload import (
    HOUSING_FLAGS,
    InterestAndContactOnArea,
    LookingForAccommodation,
    PresentAccommodation,
    Range,
    Task,
    UpdatePerson,
    Watched,
)

# Form range names -> Vitec range keys.
RANGE_KEYS: dict[str, str] = {
    "price": "price",
    "living_space": "livingSpace",
    "rooms": "numberOfRooms",
    "plot_area": "plotArea",
}


@dataclass(frozen=True)
class Wish:
    area_ids: tuple[str, ...]
    housing_flags: tuple[str, ...]
    ranges: dict[str, tuple[Decimal | None, Decimal | None]] = field(default_factory=dict)
    special_request: str = ""


@dataclass(frozen=True)
class StaffTask:
    """A task for the office in Vitec: the predefined task and its details (empty: not given)."""

    predefined_task_id: str
    note: str
    estate_id: str
    assigned_to: str


@dataclass(frozen=True)
class StaffExtras:
    """What only staff enter: identity, how the interest came in, notes, a task."""

    social_security_number: str = ""
    is_foreign_ssn: bool = False
    work_phone: str = ""
    other_phone: str = ""
    obtain_through: str = "Phone"
    contact_id: str = ""
    note: str = ""
    lead_score: int | None = None
    custom_field: tuple[str, str] | None = None
    task: StaffTask | None = None
    countys: tuple[str, ...] = ()
    increased_requirement_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostalAddress:
    """Where the person lives; Vitec's address, the country being Sweden."""

    street_address: str = ""
    zip_code: str = ""
    city: str = ""


@dataclass(frozen=True)
class PresentHome:
    """What the person tells of their present home (Vitec's presentAccommodation)."""

    estate_type: str = ""
    living_space: Decimal | None = None
    rooms: Decimal | None = None
    price: Decimal | None = None
    other: str = ""


@dataclass(frozen=True)
class Answers:
    """A person's validated answers, as plain data for the mapping."""

    first_name: str
    last_name: str
    wish: Wish
    email: str = ""
    cell_phone: str = ""
    home_phone: str = ""
    address: PostalAddress = PostalAddress()
    present: PresentHome = PresentHome()
    wish_advertising: bool = False
    wants_valuation: bool = False  # "contact me about a free valuation of my present home"
    staff: StaffExtras | None = None


@dataclass(frozen=True)
class Routing:
    """Where a registration goes in Vitec: from configuration, never from the browser."""

    customer_id: str
    user_id: str | None = None
    category_ids: tuple[str, ...] = ()
    notify_user: bool = False
    watched: Watched = "Yes"
    valuation_task_id: str | None = None  # the predefined task for a valuation request


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: an int when whole, else a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _range(low: Decimal | None, high: Decimal | None) -> Range | None:
    result: Range = {}
    if low is not None:
        result["min"] = json_number(low)
    if high is not None:
        result["max"] = json_number(high)
    return result or None


def _person(answers: Answers, routing: Routing, consented_at: str) -> UpdatePerson:
    person: UpdatePerson = {
        "firstName": answers.first_name,
        "lastName": answers.last_name,
    }
    if answers.home_phone:
        person["telePhone"] = answers.home_phone
    if answers.cell_phone:
        person["cellPhone"] = answers.cell_phone
    staff = answers.staff
    if staff and staff.social_security_number:
        person["socialSecurityNumber"] = staff.social_security_number
        person["isForeignSocialSecurityNumber"] = staff.is_foreign_ssn
    if staff and staff.work_phone:
        person["workPhone"] = staff.work_phone
    person["approval"] = True
    person["approvalDate"] = consented_at
    person["gdprApprovalDate"] = consented_at
    person["obtainThrough"] = staff.obtain_through if staff else "Interest"  # type: ignore[typeddict-item]
    if staff and staff.contact_id:
        person["contactId"] = staff.contact_id
    person["customerId"] = routing.customer_id
    if routing.category_ids:
        person["categoryIds"] = list(routing.category_ids)
    address = {
        key: value
        for key, value in (
            ("streetAddress", answers.address.street_address),
            ("zipCode", answers.address.zip_code),
            ("city", answers.address.city),
        )
        if value
    }
    if address:
        person["address"] = {**address, "countryCode": "SE"}
    if answers.email:
        person["email"] = {"emailAddress": answers.email}
    if routing.user_id:
        person["userId"] = routing.user_id
    if staff and staff.other_phone:
        person["otherPhone"] = staff.other_phone
    person["wishAdvertising"] = answers.wish_advertising
    if staff:
        _staff_person_fields(person, staff)
    if "task" not in person and answers.wants_valuation and routing.valuation_task_id:
        person["task"] = _valuation_task(routing)
    return person


VALUATION_NOTE = "Vill bli kontaktad om en kostnadsfri värdering av sin nuvarande bostad."


def _valuation_task(routing: Routing) -> Task:
    """A seller lead: the office's handläggare is asked to call about a valuation."""
    task: Task = {"predefinedTaskId": routing.valuation_task_id or "", "note": VALUATION_NOTE}
    if routing.user_id:
        task["assignedTo"] = routing.user_id
    return task


def _staff_person_fields(person: UpdatePerson, staff: StaffExtras) -> None:
    if staff.note:
        person["note"] = staff.note
    if staff.task and staff.task.predefined_task_id:  # no task's details without the task
        task = {
            key: value
            for key, value in (
                ("predefinedTaskId", staff.task.predefined_task_id),
                ("note", staff.task.note),
                ("estateId", staff.task.estate_id),
                ("assignedTo", staff.task.assigned_to),
            )
            if value
        }
        person["task"] = task  # type: ignore[typeddict-item]
    if staff.custom_field:
        person["customField"] = {"name": staff.custom_field[0], "value": staff.custom_field[1]}
    if staff.lead_score is not None:
        person["leadScore"] = staff.lead_score


def _looking_for(wish: Wish, staff: StaffExtras | None) -> LookingForAccommodation:
    entry: LookingForAccommodation = {"areaIds": list(wish.area_ids)}
    if staff and staff.countys:
        entry["countys"] = list(staff.countys)
    entry["countryCode"] = "SE"
    chosen = set(wish.housing_flags)
    for flag in HOUSING_FLAGS:
        entry[flag] = flag in chosen  # type: ignore[literal-required]
    for name, key in RANGE_KEYS.items():
        value = _range(*wish.ranges.get(name, (None, None)))
        if value:
            entry[key] = value  # type: ignore[literal-required]
    if wish.special_request:
        entry["specialRequset"] = wish.special_request  # Vitec's spelling
    if staff and staff.increased_requirement_ids:
        entry["increasedRequirementIDs"] = list(staff.increased_requirement_ids)
    entry["active"] = True
    return entry


def _present(home: PresentHome) -> PresentAccommodation | None:
    present: PresentAccommodation = {}
    if home.estate_type:
        present["estateType"] = home.estate_type  # type: ignore[typeddict-item]
    if home.living_space is not None:
        present["livingSpace"] = json_number(home.living_space)
    if home.rooms is not None:
        present["numberOfRooms"] = json_number(home.rooms)
    if home.price is not None:
        present["price"] = json_number(home.price)
    if home.other:
        present["other"] = home.other
    return present or None


def build_payload(
    answers: Answers, routing: Routing, consented_at: datetime
) -> InterestAndContactOnArea:
    """Map validated answers to InterestAndContactOnArea; consent time must carry its offset."""
    if consented_at.tzinfo is None:
        raise ValueError("consented_at must be timezone-aware")
    moment = consented_at.isoformat(timespec="seconds")
    payload: InterestAndContactOnArea = {
        "updatePerson": _person(answers, routing, moment),
        "lookingForAccommodations": [_looking_for(answers.wish, answers.staff)],
    }
    present = _present(answers.present)
    if present:
        payload["presentAccommodation"] = present
    payload["notifyUser"] = routing.notify_user
    payload["watched"] = routing.watched
    return payload
