"""Every body the listing form builds is Vitec's InterestOnEstateAndContact, strictly (no key
outside the model), and the sandbox takes it: on the page and in the embed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sandbox import contract
from tests.conftest import submit
from tests.test_form_and_sandbox_agree import swedish_text, valid_submissions
from tests.test_vitec_contract import SETTINGS

ESTATE_MODEL = "Interest.Models.InterestOnEstateAndContact"


@st.composite
def listing_submissions(draw):
    """What the area form's careful buyers post, with a message; the wishes the listing form
    does not ask for are posted too, and must not reach Vitec."""
    data = draw(valid_submissions())
    data["interest_note"] = draw(swedish_text)
    data["valuation"] = draw(st.sampled_from(["y", None]))
    return {key: value for key, value in data.items() if value is not None}


def delivered(client, sandbox, deliver, path, data) -> dict:
    before = len(sandbox.state.received)
    response = submit(client, path, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert deliver() == 1
    assert sandbox.state.rejected == [], sandbox.state.rejected[-1]["errors"]
    assert len(sandbox.state.received) == before + 1
    payload = sandbox.state.received[-1]["payload"]
    assert contract.errors(payload, ESTATE_MODEL) == []
    assert "lookingForAccommodations" not in payload
    return payload


@SETTINGS
@given(data=listing_submissions())
def test_every_listing_payload_is_vitecs_estate_model(client, sandbox, deliver, data):
    payload = delivered(client, sandbox, deliver, "/bostad/OBJ-STH-101", data)
    assert payload["estateId"] == "OBJ-STH-101"


@SETTINGS
@given(data=listing_submissions())
def test_every_embedded_listing_payload_is_vitecs_estate_model(client, sandbox, deliver, data):
    payload = delivered(client, sandbox, deliver, "/embed/bostad/OBJ-STH-104", data)
    assert payload["estateId"] == "OBJ-STH-104"
