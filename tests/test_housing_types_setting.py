"""Which housing types the buyer's form offers is the broker's choice (HOUSING_TYPES, Vitec's
own flags): by default not Lokal (premises) or Hyresrätt (tenancy), which brokers seldom sell
to private buyers. The staff form keeps every type."""

from __future__ import annotations

import re

import pytest

from app.settings.loading import ConfigError, load_settings
from tests.conftest import make_app, submit, valid_answers
from tests.test_staff import logged_in, staff_app

OFFERED = re.compile(r'name="housing_types" id="housing_types-\w+" value="(\w+)"')
BY_DEFAULT = [
    "house",
    "rowHouse",
    "housingCooperative",
    "cottage",
    "plot",
    "farm",
    "foreignProperty",
    "otherHousing",
]


# The staff tests' app (with the staff member's account) and a logged-in client.
app = pytest.fixture(staff_app, name="app")


def offered(client, path: str) -> list[str]:
    return OFFERED.findall(client.get(path).get_data(as_text=True))


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_by_default_the_form_offers_no_premises_and_no_tenancy(client, path):
    assert offered(client, path) == BY_DEFAULT
    page = client.get(path).get_data(as_text=True)
    assert "housing_types-premises" not in page and "housing_types-tenancy" not in page
    assert '<option value="Tenancy">Hyresrätt</option>' in page  # a present home may be one


def test_the_broker_chooses_the_types_in_vitecs_words(sandbox, database_url):
    app = make_app(
        sandbox.url, database_url, HOUSING_TYPES=["housingCooperative", "house", "premises"]
    )
    client = app.test_client()
    assert offered(client, "/") == ["housingCooperative", "house", "premises"]
    assert offered(client, "/?bostadstyp=tenancy&bostadstyp=house") == [
        "housingCooperative",
        "house",
        "premises",
    ]
    assert 'value="tenancy" checked' not in client.get("/?bostadstyp=tenancy").get_data(
        as_text=True
    )
    guide = client.get("/inbaddning").get_data(as_text=True)
    assert "<code>premises</code>" in guide and "<code>tenancy</code>" not in guide


def test_a_type_not_offered_is_not_registered(client):
    response = submit(client, "/", data=valid_answers(housing_types=["tenancy"]))
    assert response.status_code == 422
    assert "Välj minst en typ av bostad." in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["villa", "house, Lokal", ""])
def test_a_type_vitec_does_not_know_stops_start_up(value):
    if value == "":
        assert load_settings({"HOUSING_TYPES": ""})["HOUSING_TYPES"] == BY_DEFAULT
        return
    with pytest.raises(ConfigError, match="HOUSING_TYPES"):
        load_settings({"HOUSING_TYPES": value})


staff = pytest.fixture(logged_in, name="staff")


def test_the_staff_form_keeps_every_type(staff):
    types = OFFERED.findall(staff.get("/staff/ny").get_data(as_text=True))
    assert "premises" in types and "tenancy" in types
