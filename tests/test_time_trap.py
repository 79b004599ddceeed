"""The time trap never thanks a person and drops the registration: a post sooner than
FORM_MIN_SECONDS after rendering gets the form back, answers kept, and its second press is
stored and sent. Only the honeypot is kept as spam: on the desk under its own heading, with a
count, and sent when staff send it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from app import outbox
from app.staff import accounts
from tests.clock import FakeClock
from tests.conftest import hidden_fields, make_app, valid_answers

TOO_FAST = (
    "Formuläret skickades väldigt snabbt efter att sidan öppnades. Dina uppgifter finns kvar: "
    "tryck på Skicka intresseanmälan en gång till."
)
STAFF_EMAIL = "anna@maklarbyran.se"
STAFF_PASSWORD = "ett-långt-lösenord-77"


@pytest.fixture
def trapped(sandbox, database_url):
    """The service with a 3 s time trap and a clock the test moves: (app, clock)."""
    clock = FakeClock()
    return make_app(sandbox.url, database_url, FORM_MIN_SECONDS=3, CLOCK=clock), clock


def rows(app) -> list[dict]:
    return outbox.listing(app.extensions["delivery"].engine)


@pytest.mark.parametrize(("path", "thanks"), [("/", "/tack"), ("/embed", "/embed/tack")])
def test_a_post_one_second_after_rendering_is_shown_again_and_its_second_press_is_sent(
    trapped, sandbox, path, thanks
):
    app, clock = trapped
    client = app.test_client()
    fields = hidden_fields(client.get(path).get_data(as_text=True))
    clock.advance(1)  # a prefill link and the browser's autofill
    first = client.post(path, data={**valid_answers(), **fields})
    page = first.get_data(as_text=True)
    assert first.status_code == 422  # never the thank-you page
    assert TOO_FAST in page
    assert "Tack för din intresseanmälan" not in page
    assert 'value="Åsa"' in page and 'value="asa.oberg@example.se"' in page
    assert re.search(r'value="OMR-SOD"[^>]*checked', page)
    assert rows(app) == []  # nothing stored, nothing to drop
    again = hidden_fields(page)
    assert again["submission_id"] == fields["submission_id"]
    assert again["form_token"] != fields["form_token"]  # a fresh stamp
    second = client.post(path, data={**valid_answers(), **again})  # pressed again at once
    assert second.status_code == 302
    assert urlsplit(second.headers["Location"]).path == thanks
    assert [(row["id"], row["status"]) for row in rows(app)] == [
        (fields["submission_id"], "queued")
    ]
    assert app.extensions["delivery"].worker().drain() == 1
    (received,) = sandbox.received()
    assert received["payload"]["updatePerson"]["firstName"] == "Åsa"


def test_a_post_after_the_minimum_time_is_thanked_at_once(trapped, sandbox):
    app, clock = trapped
    client = app.test_client()
    fields = hidden_fields(client.get("/").get_data(as_text=True))
    clock.advance(4)
    response = client.post("/", data={**valid_answers(), **fields})
    assert response.status_code == 302
    assert [row["status"] for row in rows(app)] == ["queued"]


def test_a_filled_honeypot_is_on_the_desk_under_its_own_heading_and_staff_can_send_it(
    sandbox, database_url
):
    app = make_app(sandbox.url, database_url, WTF_CSRF_ENABLED=True)
    accounts.add(app.extensions["delivery"].engine, STAFF_EMAIL, STAFF_PASSWORD)
    buyer = app.test_client()
    for email in ("en@example.se", "tva@example.se"):
        fields = hidden_fields(buyer.get("/").get_data(as_text=True))
        data = {**valid_answers(email=email, kontrollfalt="http://spam.example"), **fields}
        assert buyer.post("/", data=data).status_code == 302  # a bot is thanked, and kept
    assert [row["status"] for row in rows(app)] == ["spam", "spam"]
    assert app.extensions["delivery"].worker().drain() == 0

    staff = app.test_client()
    login = staff.get("/staff/login").get_data(as_text=True)
    credentials = {"email": STAFF_EMAIL, "password": STAFF_PASSWORD}
    assert staff.post("/staff/login", data={**credentials, **hidden_fields(login)}).status_code == (
        302
    )
    desk = staff.get("/staff/").get_data(as_text=True)
    assert re.search(r"<h2[^>]*>Spärrade som skräp: 2</h2>", desk)
    listed = staff.get("/staff/?status=sparrade").get_data(as_text=True)
    assert "Spärrade som skräp" in listed and listed.count("spärrad som skräp (skickas inte)") == 2

    sid = rows(app)[0]["id"]
    detail = staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    sent = staff.post(f"/staff/anmalan/{sid}/skicka-igen", data=hidden_fields(detail))
    assert sent.status_code == 302
    assert app.extensions["delivery"].worker().drain() == 1
    assert outbox.get(app.extensions["delivery"].engine, sid)["status"] == "delivered"
    (received,) = sandbox.received()
    assert received["payload"]["updatePerson"]["firstName"] == "Åsa"
    desk = staff.get("/staff/").get_data(as_text=True)
    assert re.search(r"<h2[^>]*>Spärrade som skräp: 1</h2>", desk)


@pytest.mark.parametrize("path", ["/bostad/OBJ-STH-102", "/embed/bostad/OBJ-STH-102"])
def test_a_listing_form_posted_too_fast_is_shown_again_and_its_second_press_is_sent(
    trapped, sandbox, path
):
    from tests.test_estate_pages import estate_answers

    app, clock = trapped
    client = app.test_client()
    fields = hidden_fields(client.get(path).get_data(as_text=True))
    clock.advance(1)
    first = client.post(path, data={**estate_answers(), **fields})
    page = first.get_data(as_text=True)
    assert first.status_code == 422
    assert TOO_FAST in page
    assert 'value="Åsa"' in page
    assert rows(app) == []
    second = client.post(path, data={**estate_answers(), **hidden_fields(page)})
    assert second.status_code == 302
    assert [(row["id"], row["status"]) for row in rows(app)] == [
        (fields["submission_id"], "queued")
    ]
