"""Vitec's published description holds both ways: every reference answer the sandbox serves and
every payload the service builds validates against it, strictly (no key outside a model)."""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.staff import accounts
from sandbox import SandboxState, contract, create_sandbox_app
from sandbox.data import DATASETS
from tests.conftest import CUSTOMER_ID, make_app, valid_answers
from tests.test_form_and_sandbox_agree import letters, swedish_text, valid_phones, valid_submissions
from tests.test_sandbox import GOOD, post

INTEREST = "Interest.Models.InterestAndContactOnArea"
SWAGGER = (
    Path(__file__).resolve().parents[2] / "shared/vitec-connect/vitec-connect-swagger-2020.json"
)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# (path, query, the model its success answer is made of)
REFERENCE_CALLS = [
    ("/Area/GetAreas", {"criteria.customerId": "{cid}"}, "Area.Models.Area"),
    ("/Municipality", {"customerId": "{cid}"}, "Municipality.Models.Municipality"),
    ("/User/GetUser", {"criteria.customerId": "{cid}"}, "User.Models.User"),
    ("/Task/GetTasks", {"customerId": "{cid}"}, "Task.Models.PredefinedTask"),
    ("/Category/GetCategories", {"customerId": "{cid}"}, "Category.Models.Categories"),
    (
        "/IncreasedRequirement/{customerId}",
        {},
        "IncreasedRequirement.Models.IncreasedRequirementCollection",
    ),
]


def test_the_fixture_is_the_extract_of_vitecs_description():
    if not SWAGGER.exists():
        pytest.skip("Vitec's description is not beside the repository")
    from scripts.extract_vitec_contract import extract

    assert contract.contract() == extract(SWAGGER.read_bytes())


@pytest.mark.parametrize("dataset", range(len(DATASETS)))
@pytest.mark.parametrize(
    ("path", "query", "model"), REFERENCE_CALLS, ids=[c[0] for c in REFERENCE_CALLS]
)
def test_every_reference_answer_is_vitecs_model(dataset, path, query, model):
    ids = [f"M7000{i}" for i in range(len(DATASETS))]
    state = SandboxState({cid: ("referens", "referens-lösen") for cid in ids})
    client = create_sandbox_app(state).test_client()
    cid = ids[dataset]
    url = path.replace("{customerId}", cid)
    params = {key: value.format(cid=cid) for key, value in query.items()}
    response = client.get(url, query_string=params, auth=("referens", "referens-lösen"))
    assert response.status_code == 200
    schema = contract.response_schema(path)
    ref = {"$ref": contract.LOCAL_REF + model}
    assert schema in (ref, {"type": "array", "items": ref})
    body = response.get_json()
    assert body, "an empty answer would prove nothing"
    assert contract.response_errors(body, path) == []


class HiddenInputs(HTMLParser):
    """Collects the hidden inputs of a page: whatever the form needs posted back."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "hidden" and attributes.get("name"):
            self.fields[attributes["name"]] = attributes.get("value") or ""


def submit(client, page: str, answers: dict):
    """GET the form page, then post back every hidden input it rendered plus the answers."""
    parser = HiddenInputs()
    parser.feed(client.get(page).get_data(as_text=True))
    return client.post(page, data={**answers, **parser.fields})


def delivered_payload(sandbox, deliver, response) -> dict:
    """The payload the sandbox received for one accepted post, checked against the contract."""
    before = len(sandbox.state.received)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert deliver() == 1
    assert sandbox.state.rejected == [], sandbox.state.rejected[-1]["errors"]
    assert len(sandbox.state.received) == before + 1
    payload = sandbox.state.received[-1]["payload"]
    assert contract.errors(payload, INTEREST) == []
    return payload


@pytest.fixture
def staff(app):
    """A test client logged in as staff."""
    accounts.add(app.extensions["delivery"].engine, "kontrakt@maklarbyran.se", "kontrakt-lösen-12")
    client = app.test_client()
    login = {"email": "kontrakt@maklarbyran.se", "password": "kontrakt-lösen-12"}
    assert submit(client, "/staff/login", login).status_code == 302
    return client


@SETTINGS
@given(data=valid_submissions())
def test_every_public_form_payload_is_vitecs_model(client, sandbox, deliver, data):
    delivered_payload(sandbox, deliver, submit(client, "/", data))


@SETTINGS
@given(data=valid_submissions())
def test_every_embedded_form_payload_is_vitecs_model(client, sandbox, deliver, data):
    delivered_payload(sandbox, deliver, submit(client, "/embed", data))


# The sandbox's increased requirements (sandbox/data.py) each housing type allows, written out
# by hand: a radhus takes what a house takes (Garage, Sjöutsikt).
ALLOWED_REQUIREMENTS: dict[str, tuple[str, ...]] = {
    "house": ("KRAV-3", "KRAV-4"),
    "rowHouse": ("KRAV-3", "KRAV-4"),
    "housingCooperative": ("KRAV-1", "KRAV-2", "KRAV-4"),
    "cottage": ("KRAV-4",),
    "plot": (),
    "farm": ("KRAV-5",),
    "premises": ("KRAV-6",),
    "tenancy": (),
    "foreignProperty": (),
    "otherHousing": (),
}


def compatible_requirements(flags: list[str]) -> list[str]:
    """The increased requirements the staff form allows for the chosen housing types."""
    return sorted({r for flag in flags for r in ALLOWED_REQUIREMENTS[flag]})


@st.composite
def staff_submissions(draw):
    data = draw(valid_submissions())
    users = st.sampled_from(["", "HAN001", "HAN002"])
    ssn = draw(st.sampled_from(["", "811218-9876", "198112189876", "19811278-9873", "utl"]))
    task = draw(st.sampled_from(["", "UPG-1", "UPG-2", "UPG-3"]))
    custom = draw(st.booleans())
    data.update(
        office=CUSTOMER_ID,
        social_security_number="NO-12345678" if ssn == "utl" else ssn,
        foreign_ssn="y" if ssn == "utl" else None,
        work_phone=draw(st.one_of(st.just(""), valid_phones)),
        other_phone=draw(st.one_of(st.just(""), valid_phones)),
        contact_id=draw(st.from_regex(r"\A[A-Za-z0-9-]{0,40}\Z")),
        obtain_through=draw(st.sampled_from(["Phone", "Visit", "Email", "Agreement", "Other"])),
        user_id=draw(users),
        categories=draw(st.lists(st.sampled_from(["KAT-1", "KAT-2", "KAT-9"]), unique=True)),
        note=draw(swedish_text),
        lead_score=draw(st.sampled_from(["", "0", "3", "5"])),
        custom_field_name=draw(st.lists(letters, min_size=1, max_size=100).map("".join))
        if custom
        else "",
        custom_field_value=draw(swedish_text.filter(str.strip)) if custom else "",
        task_id=task,
        task_note=draw(swedish_text) if task else "",
        task_estate_id=draw(st.from_regex(r"\A[A-Z0-9-]{0,40}\Z")) if task else "",
        task_assigned_to=draw(users) if task else "",
        watched=draw(st.sampled_from(["Yes", "No", "NotAsked"])),
        countys=draw(st.lists(st.sampled_from(["01", "03", "14"]), unique=True)),
        requirements=draw(
            st.lists(st.sampled_from(compatible_requirements(data["housing_types"]) or [""]))
        ),
    )
    data["requirements"] = [r for r in data["requirements"] if r]
    if data["user_id"] or data["contact_id"]:
        data["notify_user"] = draw(st.sampled_from(["y", None]))
    return {key: value for key, value in data.items() if value is not None}


@SETTINGS
@given(data=staff_submissions())
def test_every_staff_form_payload_is_vitecs_model(staff, sandbox, deliver, data):
    delivered_payload(sandbox, deliver, submit(staff, "/staff/ny", data))


def test_a_staff_entry_with_every_field_filled_is_vitecs_model(staff, sandbox, deliver):
    answers = valid_answers(
        home_phone="08-765 43 21",
        street_address="Götgatan 1",
        zip_code="11646",
        city="Stockholm",
        housing_types=["housingCooperative", "house"],
        **{
            f"{name}_{end}": "1" if end == "min" else "9"
            for name in ("price", "living_space", "rooms", "plot_area")
            for end in ("min", "max")
        },
        special_request="Gärna balkong i söderläge",
        present_estate_type="Condominium",
        present_living_space="64",
        present_rooms="2,5",
        present_price="3 100 000",
        present_other="Hyr ut i andra hand",
        wish_advertising="y",
        social_security_number="811218-9876",
        work_phone="08-123 456 78",
        other_phone="031-123456",
        contact_id="KONTAKT-77",
        obtain_through="Visit",
        user_id="HAN002",
        categories=["KAT-1", "KAT-2"],
        note="Träffades på visning",
        lead_score="4",
        custom_field_name="Källa",
        custom_field_value="Visning Götgatan",
        task_id="UPG-2",
        task_note="Ring om värdering",
        task_estate_id="OBJ-1",
        task_assigned_to="HAN001",
        notify_user="y",
        watched="NotAsked",
        countys=["01", "03"],
        requirements=["KRAV-1", "KRAV-3"],
        office=CUSTOMER_ID,
    )
    payload = delivered_payload(sandbox, deliver, submit(staff, "/staff/ny", answers))
    model = contract.definitions()
    person_keys = set(model["Update.Contact.UpdatePerson"]["properties"])
    assert person_keys - set(payload["updatePerson"]) == {"coordinate"}
    assert set(payload["updatePerson"]["email"]) == {"emailAddress"}
    (wish,) = payload["lookingForAccommodations"]
    assert set(model["Interest.Models.LookingForAccommodation"]["properties"]) - set(wish) == {
        "id",
        "polygon",
    }
    present = set(model["Interest.Models.PresentAccommodation"]["properties"])
    assert present - set(payload["presentAccommodation"]) == {"coordinate"}
    assert set(model[INTEREST]["properties"]) == set(payload)


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_a_buyers_valuation_request_is_vitecs_model(sandbox, database_url, path):
    app = make_app(sandbox.url, database_url, VALUATION_TASK_ID="UPG-3")
    answers = valid_answers(valuation="y", present_estate_type="House", present_price="4,2 milj")
    response = submit(app.test_client(), path, answers)
    payload = delivered_payload(sandbox, app.extensions["delivery"].worker().drain, response)
    task = payload["updatePerson"]["task"]
    assert set(task) == {"predefinedTaskId", "note", "assignedTo"}
    assert (task["predefinedTaskId"], task["assignedTo"]) == ("UPG-3", "HAN001")
    assert contract.errors(task, "Task.Models.Task") == []


MISSPELT = [
    (["lookingForAccommodations", 0], "specialRequset", "specialRequest", "SpecialRequest"),
    (["updatePerson", "email"], "emailAddress", "emailAdress", "EmailAdress"),
    (["updatePerson"], "cellPhone", "mobilePhone", "MobilePhone"),
    ([], "watched", "watch", "Watch"),
]


@pytest.mark.parametrize(("parent", "right", "wrong", "shown"), MISSPELT)
def test_a_misspelt_key_breaks_the_contract_and_the_sandbox_names_it(
    sandbox, parent, right, wrong, shown
):
    payload = copy.deepcopy(GOOD)
    payload["lookingForAccommodations"][0]["specialRequset"] = "Balkong"
    payload["updatePerson"]["email"] = {"emailAddress": "asa@example.se"}
    assert contract.errors(payload, INTEREST) == []
    node = payload
    for key in parent:
        node = node[key]
    node[wrong] = node.pop(right)
    problems = contract.errors(payload, INTEREST)
    assert ((*parent, wrong), f"{wrong!r} is not a key of {_model_of(parent)}") in problems
    response = post(sandbox, payload)
    assert response.status_code == 400
    model_state = response.json()["ModelState"]
    keys = [key for key in model_state if key.endswith("." + shown)]
    assert keys and model_state[keys[0]] == ["Okänt fält."]
    assert sandbox.received() == []


def _model_of(parent: list) -> str:
    names = {
        (): INTEREST,
        ("updatePerson",): "Update.Contact.UpdatePerson",
        ("updatePerson", "email"): "Models.Api.Email",
        ("lookingForAccommodations", 0): "Interest.Models.LookingForAccommodation",
    }
    return names[tuple(parent)]


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        ({"isForeignSocialSecurityNumber": True}, True),
        ({"socialSecurityNumber": "1" * 20}, True),  # the help page's 20 ...
        ({"socialSecurityNumber": "1" * 21}, False),  # ... not a character more
        ({"isForeignSocialSecurityNumber": "ja"}, False),
        ({"municipalityCode": "0180"}, False),
    ],
)
def test_the_overlay_adds_only_what_vitecs_help_page_states(change, valid):
    payload = copy.deepcopy(GOOD)
    payload["updatePerson"].update(change)
    assert (contract.errors(payload, INTEREST) == []) is valid


@pytest.mark.parametrize("spelling", ["ForeignProperty", "Foreignproperty"])
def test_an_increased_requirement_may_spell_foreign_property_either_way(spelling):
    collection = [
        {"customerId": "M1", "increasedRequirements": [{"id": "K", "validForTypes": [spelling]}]}
    ]
    assert contract.response_errors(collection, "/IncreasedRequirement/{customerId}") == []
    collection[0]["increasedRequirements"][0]["validForTypes"] = ["RowHouse"]
    assert contract.response_errors(collection, "/IncreasedRequirement/{customerId}") != []
