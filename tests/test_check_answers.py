"""The thank-you page as GOV.UK's check-answers pattern: what was registered, an "Ändra" link
back to the form with every answer in place (sent again it corrects the registration), and
the receipt named (masked) only when one was really queued."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import update

from app import outbox
from app.mail.queue import mail_queue
from tests.conftest import hidden_fields, submit, valid_answers
from tests.mailtests import mail_rows, make_mail_app, send_mail


@pytest.fixture
def app(sandbox, database_url, smtp, clock):
    return make_mail_app(sandbox, database_url, smtp, clock)


def thanks_page(client, path: str = "/", **answers) -> str:
    response = submit(client, path, data=valid_answers(**answers))
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client.get(response.headers["Location"]).get_data(as_text=True)


def change_links(page: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'<a href="([^"]+)"[^>]*>Ändra', page)]


def test_the_thank_you_page_lists_the_answers_with_a_change_link_and_no_back_button(app):
    page = thanks_page(app.test_client(), present_estate_type="House")
    assert "bakåtknapp" not in page
    assert '<dl class="summary-list">' in page
    for label, text in (
        ("Områden", "Södermalm, Råsunda"),
        ("Typ av bostad", "Radhus, Bostadsrätt"),
        ("Nuvarande boende", "Villa"),
    ):
        assert re.search(rf"<dt[^>]*>{label}</dt>\s*<dd[^>]*>{text}</dd>", page), label
    links = change_links(page)
    assert len(links) == 6  # areas, housing, price, rooms, the present home; and the rest
    assert all(link.startswith("/?andra=") for link in links)
    assert "kl. 11.00" in page  # the link works for an hour: 09:00 UTC is 10:00 in Stockholm


def test_the_change_link_shows_the_form_with_every_answer_and_sending_it_corrects(app):
    client = app.test_client()
    page = thanks_page(client, special_request="Gärna balkong", present_estate_type="House")
    (first_id,) = [row["id"] for row in outbox.listing(app.extensions["delivery"].engine)]
    form_page = client.get(change_links(page)[0])
    assert form_page.status_code == 200
    form = form_page.get_data(as_text=True)
    assert "Du ändrar den anmälan du skickade." in form
    fields = hidden_fields(form)
    assert fields["submission_id"] == first_id
    for shown in (
        'value="Åsa"',
        'value="Öberg"',
        'value="asa.oberg@example.se"',
        'value="070-123 45 67"',
        'value="2 500 000"',
        'value="3,5"',
        "Gärna balkong",
        'value="House" selected',
    ):
        assert shown in form, shown
    for area in ("OMR-SOD", "OMR-RAS"):
        assert re.search(rf'value="{area}"[^>]* checked', form), area
    assert re.search(r'name="consent"[^>]* checked', form)
    changed = {**valid_answers(areas=["OMR-LUT"], present_estate_type="House"), **fields}
    response = client.post("/", data=changed)
    assert response.status_code == 302
    (row,) = outbox.listing(app.extensions["delivery"].engine)
    assert row["id"] == first_id  # corrected, not registered twice
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Luthagen" in again and "Södermalm" not in again


def test_a_stale_or_forged_change_link_shows_an_empty_form(app, clock):
    client = app.test_client()
    link = change_links(thanks_page(client))[0]
    clock.advance(hours=1, seconds=1)
    for address in (link, "/?andra=eyJzaWQiOiIwMDAwIn0.AAAA"):
        form = client.get(address).get_data(as_text=True)
        assert "Åsa" not in form and "asa.oberg" not in form
        assert "Du ändrar" not in form
        assert 'value="OMR-SOD" checked' not in form


def test_a_change_link_of_the_embed_leads_to_the_embedded_form(app):
    client = app.test_client()
    page = thanks_page(client, "/embed")
    links = change_links(page)
    assert links and all(link.startswith("/embed?andra=") for link in links)
    form = client.get(links[0]).get_data(as_text=True)
    assert 'value="asa.oberg@example.se"' in form
    # A reference of the embed's registration does not fill the site's own form: sent from
    # there, it could not correct a registration of another channel.
    other = client.get(links[0].replace("/embed?", "/?")).get_data(as_text=True)
    assert "asa.oberg@example.se" not in other


def test_the_receipt_is_named_masked_while_it_is_queued_and_once_it_is_sent(app):
    client = app.test_client()
    response = submit(client, "/", data=valid_answers())
    location = response.headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "Vi skickar en bekräftelse till a…@example.se." in page
    assert "asa.oberg@example.se" not in page
    send_mail(app)
    page = client.get(location).get_data(as_text=True)
    assert "Vi har skickat en bekräftelse till a…@example.se." in page


def test_no_receipt_claimed_when_none_was_queued(sandbox, database_url, smtp, clock):
    capped = make_mail_app(sandbox, database_url, smtp, clock, RECEIPT_MAX_PER_DAY=1)
    client = capped.test_client()
    assert "bekräftelse till" in thanks_page(client)
    over_the_cap = thanks_page(client)
    assert sorted(row["status"] for row in mail_rows(capped)) == ["queued", "skipped"]
    assert "bekräftelse" not in over_the_cap
    assert "bekräftelse" not in thanks_page(client, email="")


def test_no_receipt_claimed_when_receipts_are_off(sandbox, database_url, smtp, clock):
    quiet = make_mail_app(sandbox, database_url, smtp, clock, RECEIPT_ENABLED=False)
    page = thanks_page(quiet.test_client())
    assert "Ändra" in page and "bekräftelse" not in page


def test_a_receipt_that_failed_for_good_is_not_claimed(app):
    client = app.test_client()
    location = submit(client, "/", data=valid_answers()).headers["Location"]
    with app.extensions["delivery"].engine.begin() as conn:  # as the sender records it
        conn.execute(update(mail_queue).values(status="failed", message=None))
    assert "bekräftelse" not in client.get(location).get_data(as_text=True)


def test_after_the_hour_the_page_offers_no_change_link(app, clock):
    client = app.test_client()
    location = submit(client, "/", data=valid_answers()).headers["Location"]
    clock.advance(hours=2)
    page = client.get(location).get_data(as_text=True)
    assert "Ändra" not in page and "Det här registrerade vi" not in page
