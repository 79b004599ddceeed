"""Every page a person can see, rendered by a test client: the buyer's pages in each state, the
embedded ones, the error pages and the staff pages. Used by the HTML checks (the strict parser
in tests/test_html_validity.py and the Nu Html Checker in `make check-html`)."""

from __future__ import annotations

from flask import Flask

from app import outbox
from app.staff import accounts
from tests.conftest import submit, valid_answers

STAFF_EMAIL, STAFF_PASSWORD = "sidor@maklarbyran.se", "sidornas-lösenord-12"


def every_page(app: Flask) -> dict[str, str]:
    """name -> HTML of every kind of page, in its usual states (the app needs
    VALUATION_TASK_ID set to show the valuation question, FORM_RATE_LIMIT low for the 429)."""
    client = app.test_client()
    pages: dict[str, str] = {}

    def keep(name: str, response, status: int = 200) -> None:
        assert response.status_code == status, (name, response.status_code)
        pages[name] = response.get_data(as_text=True)

    for path, name, status in (
        ("/", "form", 200),
        ("/embed", "embed", 200),
        ("/integritet", "privacy", 200),
        ("/inbaddning", "embedding-guide", 200),
        ("/finns-inte", "error-404", 404),
        ("/tack", "thanks-without-summary", 200),
    ):
        keep(name, client.get(path), status)
    keep("form-with-errors", submit(client, "/", data={"consent": ""}), 422)
    keep("embed-with-errors", submit(client, "/embed", data={"price_min": "500"}), 422)
    thanks = submit(client, "/", data=valid_answers(valuation="y", present_estate_type="House"))
    keep("thanks", client.get(thanks.headers["Location"]))
    embedded = submit(client, "/embed", data=valid_answers())
    keep("embed-thanks", client.get(embedded.headers["Location"]))
    keep("error-405", client.put("/"), 405)
    keep("error-403", client.post("/", data={**valid_answers(), "form_token": "x"}), 403)
    keep("error-413", client.post("/staff/login", data={"x": "y" * 70_000}), 413)
    keep("form-429", submit(client, "/", data=valid_answers()), 429)
    # A filled honeypot from another address: the desk shows its own heading for it.
    spam = valid_answers(kontrollfalt="http://spam.example")
    assert (
        submit(client, "/", data=spam, environ_base={"REMOTE_ADDR": "192.0.2.9"}).status_code == 302
    )

    engine = app.extensions["delivery"].engine
    accounts.add(engine, STAFF_EMAIL, STAFF_PASSWORD)
    staff = app.test_client()
    keep("staff-login", staff.get("/staff/login"))
    staff.post("/staff/login", data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD})
    submission_id = outbox.listing(engine)[0]["id"]
    for path, name in (
        ("/staff/", "staff-desk"),
        ("/staff/ny", "staff-entry"),
        (f"/staff/anmalan/{submission_id}", "staff-detail"),
        (f"/staff/anmalan/{submission_id}/ratta", "staff-correction"),
        (f"/staff/anmalan/{submission_id}/radera", "staff-erase"),
        ("/staff/logg", "staff-audit"),
    ):
        keep(name, staff.get(path))
    keep("staff-entry-with-errors", staff.post("/staff/ny", data={"first_name": ""}), 422)
    return pages
