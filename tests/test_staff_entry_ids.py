"""The staff form's submission id is bound to the session that was shown the form: no staff
member can rewrite or resend another entry by posting its id, and an entry is changed only
under the rules of "Rätta" (never once delivered)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app import outbox
from app.core import migrate
from app.core.db import make_engine
from app.staff import accounts
from tests.conftest import hidden_fields
from tests.test_staff import EMAIL, PASSWORD, logged_in, staff_app, staff_entry

app = pytest.fixture(staff_app, name="app")

COLLEAGUE, COLLEAGUES_PASSWORD = "bertil@maklarbyran.se", "ett-annat-långt-lösenord-12"
REFUSED = "Formuläret hörde inte till din inloggning, så inget sparades."


def engine_of(app):
    return app.extensions["delivery"].engine


def enter(client, **changes) -> tuple[str, dict]:
    """A new entry through the form as the browser shows it; its id and the posted data."""
    fields = hidden_fields(client.get("/staff/ny").get_data(as_text=True))
    data = {**staff_entry(**changes), **fields}
    response = client.post("/staff/ny", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    client.get(response.headers["Location"])  # as the browser does: the message is read
    return fields["submission_id"], data


def delivered_entry(app, sandbox):
    """Anna's entry, delivered: her client, its id and what she posted."""
    anna = logged_in(app, EMAIL, PASSWORD)
    sid, data = enter(anna, last_name="Andersson")
    assert app.extensions["delivery"].worker().drain() == 1
    assert len(sandbox.received()) == 1
    return anna, sid, data


def test_a_colleague_posting_a_delivered_entrys_id_cannot_rewrite_or_resend_it(app, sandbox):
    _, sid, _ = delivered_entry(app, sandbox)
    before = outbox.get(engine_of(app), sid)
    assert before["status"] == "delivered"

    accounts.add(engine_of(app), COLLEAGUE, COLLEAGUES_PASSWORD)
    bertil = logged_in(app, COLLEAGUE, COLLEAGUES_PASSWORD)
    own = hidden_fields(bertil.get("/staff/ny").get_data(as_text=True))  # his own form's token
    forged = {**staff_entry(last_name="Bertilsson"), **own, "submission_id": sid}
    response = bertil.post("/staff/ny", data=forged)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert REFUSED in html
    assert 'value="Bertilsson"' in html  # what he typed is kept
    assert hidden_fields(html)["submission_id"] != sid  # a fresh form, not the colleague's entry
    after = outbox.get(engine_of(app), sid)
    assert after["version"] == before["version"] and after["status"] == "delivered"
    assert after["payload"] == before["payload"] and after["answers"] == before["answers"]
    assert app.extensions["delivery"].worker().drain() == 0
    assert len(sandbox.received()) == 1
    assert len(outbox.listing(engine_of(app))) == 1


def test_a_forged_id_is_refused_with_a_swedish_message(app, sandbox):
    anna = logged_in(app, EMAIL, PASSWORD)
    fields = hidden_fields(anna.get("/staff/ny").get_data(as_text=True))
    for token in ("", "förfalskad", fields["form_token"]):  # none, forged, another id's
        forged = {**staff_entry(), **fields, "submission_id": "ab" * 16, "form_token": token}
        response = anna.post("/staff/ny", data=forged)
        assert response.status_code == 422
        assert REFUSED in response.get_data(as_text=True)
    assert outbox.listing(engine_of(app)) == []
    assert app.extensions["delivery"].worker().drain() == 0


def test_the_same_staff_form_sent_again_does_not_change_a_delivered_entry(app, sandbox):
    anna, sid, data = delivered_entry(app, sandbox)
    before = outbox.get(engine_of(app), sid)
    # The back button and the same form, changed: the token is hers, but the entry is delivered.
    response = anna.post("/staff/ny", data={**data, "last_name": "Annorlunda"})
    assert response.status_code == 302
    shown = anna.get(response.headers["Location"]).get_data(as_text=True)
    assert "Anmälan var redan sparad och ändrades inte. Vitec har tagit emot den." in shown
    assert "skickas till Vitec" not in shown
    after = outbox.get(engine_of(app), sid)
    assert after["version"] == before["version"] and after["payload"] == before["payload"]
    assert app.extensions["delivery"].worker().drain() == 0
    assert len(sandbox.received()) == 1


def test_the_same_staff_form_sent_again_still_corrects_an_entry_not_yet_sent(app, sandbox):
    anna = logged_in(app, EMAIL, PASSWORD)
    _, data = enter(anna, last_name="Först")
    response = anna.post("/staff/ny", data={**data, "last_name": "Sedan"})
    assert response.status_code == 302
    assert app.extensions["delivery"].worker().drain() == 1
    (received,) = sandbox.received()
    assert received["payload"]["updatePerson"]["lastName"] == "Sedan"


def test_store_correction_for_staff_refuses_a_delivered_row(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'o.db'}")
    migrate.upgrade(engine)
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    whole = outbox.Sealed(b"p1", b"a1", "{}", "v1", now, "M1")
    assert outbox.enqueue(engine, "a" * 32, whole, "staff", now)
    (row,) = outbox.claim(engine, "w", 1, 10, now)
    outbox.mark_delivered(engine, row, "w", now, 204)
    changed = outbox.Sealed(b"p2", b"a2", "{}", "v1", now, "M1")
    assert not outbox.store_correction(engine, "a" * 32, changed, now, correctable_only=True)
    assert outbox.get(engine, "a" * 32)["payload"] == b"p1"
    assert outbox.store_correction(engine, "a" * 32, changed, now)  # a buyer's own form may
