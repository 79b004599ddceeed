"""The pure mapping from answers to Vitec's payload."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.intake.mapping import (
    Answers,
    PostalAddress,
    PresentHome,
    Routing,
    StaffExtras,
    StaffTask,
    Wish,
    build_payload,
)

SEED = json.loads((Path(__file__).parent / "fixtures" / "vitec_seed.json").read_text("utf-8"))
MOMENT = datetime(2026, 11, 29, 14, 30, 5, tzinfo=ZoneInfo("Europe/Stockholm"))


def key_paths(value, prefix=""):
    """Every key path in a JSON value, list items folded to []."""
    paths = set()
    if isinstance(value, dict):
        for key, child in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths.add(path)
            paths |= key_paths(child, path)
    elif isinstance(value, list):
        for child in value:
            paths |= key_paths(child, prefix + "[]")
    return paths


def minimal_answers(**overrides) -> Answers:
    base = {
        "first_name": "Åsa",
        "last_name": "Öberg",
        "email": "asa@example.se",
        "wish": Wish(area_ids=("OMR-SOD",), housing_flags=("house",)),
    }
    base.update(overrides)
    return Answers(**base)


ROUTING = Routing(customer_id="M12345", user_id="HAN001", category_ids=("KAT-1",))


def test_full_answers_map_to_the_exact_payload():
    answers = Answers(
        first_name="Åsa",
        last_name="Öberg",
        email="asa@example.se",
        cell_phone="070-123 45 67",
        home_phone="08-123 456 78",
        address=PostalAddress(street_address="Götgatan 1", zip_code="118 46", city="Stockholm"),
        wish=Wish(
            area_ids=("OMR-SOD", "OMR-RAS"),
            housing_flags=("housingCooperative", "rowHouse"),
            ranges={
                "price": (Decimal("2500000"), Decimal("4000000")),
                "living_space": (Decimal("55"), None),
                "rooms": (None, Decimal("3.5")),
                "plot_area": (None, None),
            },
            special_request="Balkong\nGärna hiss",
        ),
        present=PresentHome(
            estate_type="Tenancy",
            living_space=Decimal("42"),
            rooms=Decimal("2"),
            price=Decimal("0"),
            other="Hyresrätt i Hägersten",
        ),
        wish_advertising=True,
    )
    routing = Routing(
        customer_id="M12345",
        user_id="HAN001",
        category_ids=("KAT-1", "KAT-2"),
        notify_user=True,
        watched="NotAsked",
    )
    assert build_payload(answers, routing, MOMENT) == {
        "updatePerson": {
            "firstName": "Åsa",
            "lastName": "Öberg",
            "telePhone": "08-123 456 78",
            "cellPhone": "070-123 45 67",
            "approval": True,
            "approvalDate": "2026-11-29T14:30:05+01:00",
            "gdprApprovalDate": "2026-11-29T14:30:05+01:00",
            "obtainThrough": "Interest",
            "customerId": "M12345",
            "categoryIds": ["KAT-1", "KAT-2"],
            "address": {
                "streetAddress": "Götgatan 1",
                "zipCode": "118 46",
                "city": "Stockholm",
                "countryCode": "SE",
            },
            "email": {"emailAddress": "asa@example.se"},
            "userId": "HAN001",
            "wishAdvertising": True,
        },
        "lookingForAccommodations": [
            {
                "areaIds": ["OMR-SOD", "OMR-RAS"],
                "countryCode": "SE",
                "house": False,
                "rowHouse": True,
                "housingCooperative": True,
                "cottage": False,
                "plot": False,
                "farm": False,
                "premises": False,
                "tenancy": False,
                "foreignProperty": False,
                "otherHousing": False,
                "price": {"min": 2500000, "max": 4000000},
                "livingSpace": {"min": 55},
                "numberOfRooms": {"max": 3.5},
                "specialRequset": "Balkong\nGärna hiss",
                "active": True,
            }
        ],
        "presentAccommodation": {
            "estateType": "Tenancy",
            "livingSpace": 42,
            "numberOfRooms": 2,
            "price": 0,
            "other": "Hyresrätt i Hägersten",
        },
        "notifyUser": True,
        "watched": "NotAsked",
    }


def test_every_key_is_one_of_the_seeds_keys():
    answers = minimal_answers(
        cell_phone="070-123 45 67",
        home_phone="08-12345678",
        address=PostalAddress(street_address="Gatan 1", zip_code="111 22", city="Stockholm"),
        present=PresentHome(
            estate_type="House",
            living_space=Decimal(100),
            rooms=Decimal(4),
            price=Decimal(1),
            other="x",
        ),
        wish=Wish(
            area_ids=("A",),
            housing_flags=("house",),
            ranges={
                k: (Decimal(1), Decimal(2)) for k in ("price", "living_space", "rooms", "plot_area")
            },
            special_request="x",
        ),
    )
    produced = key_paths(build_payload(answers, ROUTING, MOMENT))
    assert produced - key_paths(SEED) == set()
    assert "lookingForAccommodations[].specialRequset" in produced


def test_empty_optional_fields_are_left_out():
    payload = build_payload(minimal_answers(), Routing(customer_id="M1"), MOMENT)
    person = payload["updatePerson"]
    for absent in ("telePhone", "cellPhone", "address", "userId", "categoryIds"):
        assert absent not in person
    assert "presentAccommodation" not in payload
    wish = payload["lookingForAccommodations"][0]
    for absent in ("price", "livingSpace", "numberOfRooms", "plotArea", "specialRequset"):
        assert absent not in wish

    def no_empty(value):
        if isinstance(value, dict):
            return all(v not in ("", None) and no_empty(v) for v in value.values())
        if isinstance(value, list):
            return all(no_empty(v) for v in value)
        return True

    assert no_empty(payload)


def test_numbers_are_json_numbers_and_flags_booleans():
    wish = Wish(
        area_ids=("A",),
        housing_flags=("plot",),
        ranges={"plot_area": (Decimal("1200.5"), Decimal("3000"))},
    )
    payload = build_payload(minimal_answers(wish=wish), ROUTING, MOMENT)
    entry = payload["lookingForAccommodations"][0]
    assert entry["plotArea"] == {"min": 1200.5, "max": 3000}
    assert isinstance(entry["plotArea"]["max"], int)
    assert entry["plot"] is True and entry["house"] is False
    text = json.dumps(payload)
    assert '"min": 1200.5' in text and '"active": true' in text


def test_consent_time_carries_the_stockholm_offset_in_summer_and_winter():
    summer = datetime(2026, 7, 1, 9, 0, tzinfo=UTC).astimezone(ZoneInfo("Europe/Stockholm"))
    payload = build_payload(minimal_answers(), ROUTING, summer)
    assert payload["updatePerson"]["approvalDate"] == "2026-07-01T11:00:00+02:00"
    assert payload["updatePerson"]["gdprApprovalDate"] == "2026-07-01T11:00:00+02:00"


def test_naive_consent_time_is_refused():
    with pytest.raises(ValueError):
        build_payload(minimal_answers(), ROUTING, datetime(2026, 1, 1))


def test_a_staff_task_goes_only_with_its_predefined_task():
    details = StaffTask(predefined_task_id="", note="Ring", estate_id="OBJ-1", assigned_to="HAN001")
    without = build_payload(minimal_answers(staff=StaffExtras(task=details)), ROUTING, MOMENT)
    assert "task" not in without["updatePerson"]
    task = StaffTask(predefined_task_id="UPG-2", note="Ring", estate_id="", assigned_to="HAN001")
    with_task = build_payload(minimal_answers(staff=StaffExtras(task=task)), ROUTING, MOMENT)
    assert with_task["updatePerson"]["task"] == {
        "predefinedTaskId": "UPG-2",
        "note": "Ring",
        "assignedTo": "HAN001",
    }


def test_a_valuation_request_never_replaces_the_task_staff_gave():
    routing = Routing(customer_id="M12345", user_id="HAN001", valuation_task_id="UPG-3")
    task = StaffTask(predefined_task_id="UPG-2", note="Ring", estate_id="", assigned_to="HAN002")
    answers = minimal_answers(wants_valuation=True, staff=StaffExtras(task=task))
    assert build_payload(answers, routing, MOMENT)["updatePerson"]["task"] == {
        "predefinedTaskId": "UPG-2",
        "note": "Ring",
        "assignedTo": "HAN002",
    }


def test_a_valuation_request_without_a_staff_task_asks_the_handlaggare_to_call():
    routing = Routing(customer_id="M12345", user_id="HAN001", valuation_task_id="UPG-3")
    answers = minimal_answers(wants_valuation=True)
    assert build_payload(answers, routing, MOMENT)["updatePerson"]["task"] == {
        "predefinedTaskId": "UPG-3",
        "note": "Vill bli kontaktad om en kostnadsfri värdering av sin nuvarande bostad.",
        "assignedTo": "HAN001",
    }
    unasked = build_payload(minimal_answers(), routing, MOMENT)
    assert "task" not in unasked["updatePerson"]


@pytest.mark.parametrize(("score", "sent"), [(0, 0), (5, 5)])
def test_a_lead_score_of_zero_is_sent(score, sent):
    answers = minimal_answers(staff=StaffExtras(lead_score=score))
    assert build_payload(answers, ROUTING, MOMENT)["updatePerson"]["leadScore"] == sent


def test_no_lead_score_given_sends_none():
    answers = minimal_answers(staff=StaffExtras())
    assert "leadScore" not in build_payload(answers, ROUTING, MOMENT)["updatePerson"]


def test_full_staff_answers_map_to_the_exact_payload():
    task = StaffTask(predefined_task_id="UPG-2", note="Ring", estate_id="OBJ-1", assigned_to="HAN2")
    staff = StaffExtras(
        social_security_number="19811218-9876",
        is_foreign_ssn=False,
        work_phone="08-765 432 10",
        other_phone="031-12 34 56",
        obtain_through="Visit",
        contact_id="KONTAKT-77",
        note="Träffades på visning",
        lead_score=4,
        custom_field=("Källa", "Visning Götgatan"),
        task=task,
        countys=("01", "03"),
        increased_requirement_ids=("KRAV-1", "KRAV-3"),
    )
    answers = minimal_answers(cell_phone="070-123 45 67", staff=staff)
    routing = Routing(customer_id="M12345", valuation_task_id="UPG-3")
    assert build_payload(answers, routing, MOMENT) == {
        "updatePerson": {
            "firstName": "Åsa",
            "lastName": "Öberg",
            "cellPhone": "070-123 45 67",
            "socialSecurityNumber": "19811218-9876",
            "isForeignSocialSecurityNumber": False,
            "workPhone": "08-765 432 10",
            "approval": True,
            "approvalDate": "2026-11-29T14:30:05+01:00",
            "gdprApprovalDate": "2026-11-29T14:30:05+01:00",
            "obtainThrough": "Visit",
            "contactId": "KONTAKT-77",
            "customerId": "M12345",
            "email": {"emailAddress": "asa@example.se"},
            "otherPhone": "031-12 34 56",
            "wishAdvertising": False,
            "note": "Träffades på visning",
            "task": {
                "predefinedTaskId": "UPG-2",
                "note": "Ring",
                "estateId": "OBJ-1",
                "assignedTo": "HAN2",
            },
            "customField": {"name": "Källa", "value": "Visning Götgatan"},
            "leadScore": 4,
        },
        "lookingForAccommodations": [
            {
                "areaIds": ["OMR-SOD"],
                "countys": ["01", "03"],
                "countryCode": "SE",
                "house": True,
                "rowHouse": False,
                "housingCooperative": False,
                "cottage": False,
                "plot": False,
                "farm": False,
                "premises": False,
                "tenancy": False,
                "foreignProperty": False,
                "otherHousing": False,
                "increasedRequirementIDs": ["KRAV-1", "KRAV-3"],
                "active": True,
            }
        ],
        "notifyUser": False,
        "watched": "Yes",
    }


def test_a_foreign_identity_number_says_so():
    staff = StaffExtras(social_security_number="NO-12345678", is_foreign_ssn=True)
    person = build_payload(minimal_answers(staff=staff), ROUTING, MOMENT)["updatePerson"]
    assert (person["socialSecurityNumber"], person["isForeignSocialSecurityNumber"]) == (
        "NO-12345678",
        True,
    )
    assert person["obtainThrough"] == "Phone"  # what staff enter came in by phone unless said


def test_a_naive_consent_time_is_refused_with_the_reason():
    with pytest.raises(ValueError, match=r"^consented_at must be timezone-aware$"):
        build_payload(minimal_answers(), ROUTING, datetime(2026, 1, 1))
