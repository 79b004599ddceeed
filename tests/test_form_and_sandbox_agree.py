"""Properties: whatever the form accepts, the sandbox (Vitec's rules) accepts too;
whatever it refuses is neither sent nor a server error."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.intake.validators import parse_price
from tests.conftest import submit, valid_answers
from tests.test_housing_types_setting import BY_DEFAULT

KNOWN_AREAS = ["OMR-SOD", "OMR-RAS", "OMR-SIC", "OMR-LUT", "OMR-OST"]
OTHER_AREAS = ["OMR-GAM", "OMR-SKA", "OMR-INT", "", "x" * 50]
# What the form offers by default (HOUSING_TYPES): every flag but premises and tenancy.
HOUSING = BY_DEFAULT
RANGE_FIELDS = ("price", "living_space", "rooms", "plot_area")
PRESENT_NUMBERS = ("present_living_space", "present_rooms", "present_price")
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Valid values that still push at the edges: Swedish letters, decomposed å (NFC makes it
# one character), the longest lengths Vitec allows, big and fractional numbers.
letters = st.sampled_from([*"abcdefghijklmnopqrstuvwxyzåäöÅÄÖéü", "a\u030a"])
valid_names = st.lists(letters, min_size=1, max_size=30).map("".join)
valid_phones = st.sampled_from(
    [
        "070-123 45 67",
        "+46701234567",
        "0046 70 123 45 67",
        "08-123 456 78",
        "031-123456",
        "+47 412 34 567",
        "+1 202 555 0143",
        "0771-23 45 67",
    ]
)
valid_emails = st.from_regex(
    r"\A[a-z0-9åäö]{1,30}(\.[a-z0-9_]{1,20})?@[a-z][a-z0-9]{0,19}\.(se|com|nu)\Z"
)
valid_zips = st.from_regex(r"\A[1-9][0-9]{2} ?[0-9]{2}\Z")
valid_amounts = st.one_of(
    st.integers(min_value=0, max_value=100).map(str),
    st.decimals(min_value=0, max_value=99, places=1).map(lambda d: str(d).replace(".", ",")),
)
# Prices as Swedes type them: millions as a bare number under 100 or with "milj", whole kronor
# with or without spaces and "kr", thousands with "tkr".
valid_prices = st.one_of(
    st.integers(min_value=0, max_value=99).map(str),
    st.decimals(min_value=0, max_value=99, places=1).map(lambda d: str(d).replace(".", ",")),
    st.integers(min_value=10_000, max_value=999_999_999).map(lambda n: f"{n:,}".replace(",", " ")),
    st.integers(min_value=10_000, max_value=999_999_999).map(lambda n: f"{n} kr"),
    st.decimals(min_value=0, max_value=999, places=2).map(lambda d: f"{d} milj".replace(".", ",")),
    st.integers(min_value=10, max_value=999_999).map(lambda n: f"{n} tkr"),
)


def typed_value(name: str, typed: str) -> Decimal:
    """What the form reads from a typed amount (a price the Swedish way, else a plain number)."""
    if name.endswith("price"):
        return parse_price(typed, Decimal(10**9)).amount
    return Decimal(typed.replace(",", "."))


swedish_text = st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs"]), max_size=1000)


@st.composite
def valid_submissions(draw):
    optional = st.one_of(st.just(""), valid_phones)
    data = valid_answers(
        first_name=draw(valid_names),
        last_name=draw(valid_names),
        email=draw(st.one_of(st.just(""), valid_emails)),
        cell_phone=draw(optional),
        home_phone=draw(optional),
        street_address=draw(st.lists(letters, max_size=68).map("".join)),
        zip_code=draw(st.one_of(st.just(""), valid_zips)),
        city=draw(st.lists(letters, max_size=25).map("".join)),
        areas=draw(st.lists(st.sampled_from(KNOWN_AREAS), min_size=1, max_size=5, unique=True)),
        housing_types=draw(st.lists(st.sampled_from(HOUSING), min_size=1, unique=True)),
        special_request=draw(swedish_text),
        present_other=draw(swedish_text),
        present_estate_type=draw(st.sampled_from(["", "House", "Condominium", "Tenancy"])),
        wish_advertising=draw(st.sampled_from(["y", None])),
    )
    if not (data.get("email") or data.get("cell_phone") or data.get("home_phone")):
        data["email"] = "asa@example.se"
    for name in RANGE_FIELDS:
        amounts = valid_prices if name == "price" else valid_amounts
        low, high = sorted(
            draw(st.lists(amounts, min_size=2, max_size=2)),
            key=lambda v, name=name: typed_value(name, v),
        )
        data[f"{name}_min"] = draw(st.sampled_from(["", low]))
        data[f"{name}_max"] = draw(st.sampled_from(["", high]))
    for name in PRESENT_NUMBERS:
        amounts = valid_prices if name == "present_price" else valid_amounts
        data[name] = draw(st.one_of(st.just(""), amounts))
    return data


@SETTINGS
@given(data=valid_submissions())
def test_every_submission_the_form_accepts_the_sandbox_accepts(client, sandbox, deliver, data):
    before = len(sandbox.state.received)
    response = submit(client, "/", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert deliver() == 1
    assert sandbox.state.rejected == [], sandbox.state.rejected[-1]["errors"]
    assert len(sandbox.state.received) == before + 1
    payload = sandbox.state.received[-1]["payload"]
    person = payload["updatePerson"]
    assert 0 < len(person["firstName"]) <= 30 and 0 < len(person["lastName"]) <= 30
    # A price reaches Vitec in kronor, never as the "2,5" (millions) that was typed.
    prices = [
        *payload["lookingForAccommodations"][0].get("price", {}).values(),
        payload.get("presentAccommodation", {}).get("price", 0),
    ]
    assert all(price == 0 or price >= 10_000 for price in prices), prices


hostile_text = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "'; DROP TABLE x; --",
            "\u202eabc",
            "\u200b",
            "😀" * 40,
            "x" * 5000,
            "\x00\x01",
            "Å" * 31,
            "{{7*7}}",
        ]
    ),
)


@st.composite
def hostile_submissions(draw):
    fields = [
        "first_name",
        "last_name",
        "email",
        "cell_phone",
        "home_phone",
        "street_address",
        "zip_code",
        "city",
        "special_request",
        "present_other",
        "present_estate_type",
        *(f"{n}_{e}" for n in RANGE_FIELDS for e in ("min", "max")),
        *PRESENT_NUMBERS,
    ]
    data = valid_answers()
    for name in draw(st.lists(st.sampled_from(fields), min_size=1, max_size=6, unique=True)):
        data[name] = draw(st.one_of(hostile_text, st.lists(hostile_text, max_size=3)))
    if draw(st.booleans()):
        data["areas"] = draw(st.lists(st.sampled_from(KNOWN_AREAS + OTHER_AREAS), max_size=4))
    if draw(st.booleans()):
        data["housing_types"] = draw(st.lists(hostile_text, max_size=3))
    data["consent"] = draw(st.sampled_from(["y", "", "on", None]))
    if draw(st.booleans()):
        data[draw(st.text(min_size=1, max_size=10))] = draw(hostile_text)
    return {k: v for k, v in data.items() if v is not None}


@SETTINGS
@given(data=hostile_submissions())
def test_hostile_input_is_never_a_server_error_and_refusals_send_nothing(
    client, sandbox, deliver, data
):
    before = len(sandbox.state.received)
    response = submit(client, "/", data=data)
    assert response.status_code in (302, 413, 422), response.status_code
    deliver()
    assert sandbox.state.rejected == [], sandbox.state.rejected[-1]["errors"]
    if response.status_code == 302:
        assert len(sandbox.state.received) == before + 1
    else:
        assert len(sandbox.state.received) == before
        body = response.get_data(as_text=True)
        assert "<script>alert(1)</script>" not in body


STAFF_FIELDS = [
    "social_security_number",
    "work_phone",
    "other_phone",
    "contact_id",
    "note",
    "custom_field_name",
    "custom_field_value",
    "task_estate_id",
    "task_note",
    "user_id",
    "task_id",
    "lead_score",
    "watched",
    "obtain_through",
    "office",
]


@st.composite
def hostile_staff_submissions(draw):
    data = draw(hostile_submissions())
    for name in draw(st.lists(st.sampled_from(STAFF_FIELDS), max_size=5, unique=True)):
        data[name] = draw(st.one_of(hostile_text, st.lists(hostile_text, max_size=2)))
    for name in ("categories", "countys", "requirements"):
        if draw(st.booleans()):
            data[name] = draw(st.lists(hostile_text, max_size=3))
    return data


@SETTINGS
@given(data=hostile_submissions())
def test_hostile_input_to_the_embed_form(client, sandbox, deliver, data):
    before = len(sandbox.state.received)
    response = submit(client, "/embed", data=data)  # a freshly rendered form each time
    assert response.status_code in (302, 413, 422), response.status_code
    deliver()
    assert sandbox.state.rejected == []
    assert len(sandbox.state.received) - before == (1 if response.status_code == 302 else 0)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


@pytest.fixture
def staff_client(app):
    from app.staff import accounts

    accounts.add(app.extensions["delivery"].engine, "h@maklarbyran.se", "hypotes-lösen-123")
    client = app.test_client()
    client.post("/staff/login", data={"email": "h@maklarbyran.se", "password": "hypotes-lösen-123"})
    assert client.get("/staff/").status_code == 200
    return client


@SETTINGS
@given(data=hostile_staff_submissions())
def test_hostile_input_to_the_staff_form(staff_client, sandbox, deliver, data):
    before = len(sandbox.state.received)
    response = staff_client.post("/staff/ny", data=data)  # a new submission id each time
    assert response.status_code in (302, 413, 422), response.status_code
    deliver()
    assert sandbox.state.rejected == [], sandbox.state.rejected[-1]["errors"]
    assert len(sandbox.state.received) - before == (1 if response.status_code == 302 else 0)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
