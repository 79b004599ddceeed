"""Back and correct: the same rendered form sent again with other answers corrects the one
registration (sent again when it had been sent), and the thank-you page shows what it holds."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from app import outbox
from app.outbox.worker import Worker
from tests.conftest import hidden_fields, make_app, valid_answers

WRONG, RIGHT = "asa.oberg@exmaple.se", "asa.oberg@example.se"


class Clock:
    """The app's injected clock, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(sandbox, database_url, clock):
    return make_app(sandbox.url, database_url, CLOCK=clock)


def rendered_form(client) -> dict[str, str]:
    """The hidden fields of one rendered form: what the back button brings back."""
    return hidden_fields(client.get("/").get_data(as_text=True))


def send(client, form: dict[str, str], **answers):
    response = client.post("/", data={**valid_answers(**answers), **form})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def only_row(app) -> dict:
    (listed,) = outbox.listing(app.extensions["delivery"].engine)
    return outbox.get(app.extensions["delivery"].engine, listed["id"])


def emails(sandbox) -> list[str]:
    return [r["payload"]["updatePerson"]["email"]["emailAddress"] for r in sandbox.received()]


def test_a_correction_before_delivery_replaces_the_registration(app, client, sandbox, deliver):
    form = rendered_form(client)
    send(client, form, email=WRONG)
    send(client, form, email=RIGHT)  # back, fix the typo, send again
    assert deliver() == 1
    assert emails(sandbox) == [RIGHT]
    row = only_row(app)
    assert row["status"] == "delivered"
    assert app.extensions["delivery"].sealer.open(row["answers"])["email"] == [RIGHT]


def test_a_correction_after_delivery_is_sent_too(app, client, sandbox, deliver, clock):
    form = rendered_form(client)
    send(client, form, email=WRONG)
    assert deliver() == 1
    clock.now += timedelta(minutes=5)
    send(client, form, email=RIGHT)
    row = only_row(app)
    assert row["status"] == "queued" and row["updated_at"] == clock.now
    assert deliver() == 1
    assert emails(sandbox) == [WRONG, RIGHT]  # Vitec's duplicate check merges the person
    assert only_row(app)["status"] == "delivered"


def test_an_identical_post_again_stores_nothing_new(app, client, sandbox, deliver, clock):
    form = rendered_form(client)
    send(client, form)
    before = only_row(app)
    clock.now += timedelta(seconds=30)
    send(client, form)  # a double click or a reload, a moment later
    assert only_row(app) == before
    assert deliver() == 1
    send(client, form)  # and again after delivery: nothing to send
    assert deliver() == 0
    assert len(sandbox.received()) == 1


def test_a_correction_also_replaces_the_consent_record(app, client, deliver):
    form = rendered_form(client)
    send(client, form)
    send(client, form, wish_advertising="y")
    consent = json.loads(only_row(app)["consent"])
    assert consent["purposes"]["marketing"]["given"] is True


def test_a_correction_while_the_first_version_is_being_sent_follows_it(app, client, sandbox, clock):
    """The worker holds the row and is sending the old answers when the correction arrives:
    its result is not recorded, and the corrected version goes next, after the old one."""
    services = app.extensions["delivery"]
    vitec = app.extensions["vitec"]
    form = rendered_form(client)
    send(client, form, email=WRONG)

    class CorrectedMidway:
        def __init__(self, office):
            self.real = vitec.client(office)

        def send_interest(self, payload):
            send(client, form, email=RIGHT)  # the person presses send again meanwhile
            return self.real.send_interest(payload)

    worker = Worker(
        services.engine, CorrectedMidway, services.sealer, services.settings, clock=clock
    )
    assert worker.run_once() == 1
    row = only_row(app)
    assert row["status"] == "queued" and row["delivered_at"] is None
    assert row["lease_until"] is None  # let go once the old send was over, not before
    assert services.worker().drain() == 1
    assert emails(sandbox) == [WRONG, RIGHT]
    assert only_row(app)["status"] == "delivered"


def test_the_thank_you_page_shows_what_was_registered_and_how_to_correct_it(app, client, clock):
    form = rendered_form(client)
    location = send(client, form, email=WRONG).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "Det här registrerade vi" in page
    for shown in ("Södermalm, Råsunda", "Radhus, Bostadsrätt", "2\u00a0500\u00a0000–"):
        assert shown in page
    assert "bakåtknapp" not in page and ">Ändra<" in page  # a link back, with the answers
    for personal in ("Åsa", "Öberg", "exmaple", "070-123"):
        assert personal not in page
    corrected = send(client, form, email=RIGHT, areas=["OMR-LUT"]).headers["Location"]
    page = client.get(corrected).get_data(as_text=True)
    assert "Luthagen" in page and "Södermalm" not in page
    assert "Set-Cookie" not in client.get(corrected).headers
    clock.now += timedelta(hours=1, seconds=1)  # the reference is short-lived
    assert "Det här registrerade vi" not in client.get(corrected).get_data(as_text=True)


def test_a_forged_or_missing_reference_shows_no_summary(client):
    for address in ("/tack", "/tack?ref=eyJzaWQiOiIwMDAwIn0.AAAA", "/embed/tack?ref=x"):
        response = client.get(address)
        assert response.status_code == 200
        assert "Det här registrerade vi" not in response.get_data(as_text=True)


def test_the_same_form_sent_again_after_the_purge_is_not_sent_again(sandbox, database_url, clock):
    """Once a delivered registration's personal data is purged nothing is left to compare a
    re-post with: it is taken for the duplicate it most likely is, never sent a second time."""
    app = make_app(sandbox.url, database_url, CLOCK=clock, DELIVERED_RETENTION_DAYS=0)
    client = app.test_client()
    form = rendered_form(client)
    send(client, form, email=RIGHT)
    app.extensions["delivery"].worker().drain()
    clock.now += timedelta(seconds=1)
    assert app.test_cli_runner().invoke(args=["privacy", "purge"]).exit_code == 0
    assert only_row(app)["payload"] is None
    send(client, form, email=RIGHT)  # the back button, then send again
    assert app.extensions["delivery"].worker().drain() == 0
    assert emails(sandbox) == [RIGHT]


def test_storing_and_indexing_are_one_transaction(app, client, monkeypatch):
    """A registration and its search terms are written together: nothing can erase the one
    and leave the other (nor store a registration the desk cannot find)."""
    from app.outbox import search_index

    def broken(*args, **kwargs):
        raise RuntimeError("the index could not be written")

    monkeypatch.setattr(search_index, "store_in", broken)
    response = client.post("/", data={**valid_answers(email=RIGHT), **rendered_form(client)})
    assert response.status_code == 500  # as when the database itself fails
    assert outbox.listing(app.extensions["delivery"].engine) == []
