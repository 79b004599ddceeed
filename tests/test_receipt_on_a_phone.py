"""The receipt a buyer reads on a phone: it fits 320 px, its reference can be read aloud over
the phone (and the desk finds a registration by it), a corrected registration's receipt says
it is an update, and times read `kl. 10.00` as everywhere."""

from __future__ import annotations

import re

import pytest

from tests.conftest import hidden_fields, submit, valid_answers
from tests.mailtests import make_mail_app, send_mail

SUBMISSION = "a" * 32
SPOKEN = "HBS-QUX"  # SUBMISSION's reference: base 31 over 23456789ABCDEFGHJKMNPQRSTUVWXYZ

# What makes a receipt wide: every optional row, news chosen, a long broker contact line.
WIDE = valid_answers(
    submission_id=SUBMISSION,
    wish_advertising="y",
    present_estate_type="HousingCooperative",
    present_rooms="2",
    present_living_space="64",
    areas=["OMR-SOD", "OMR-RAS", "OMR-LUT"],
    housing_types=["housingCooperative", "rowHouse", "villa"],
)


@pytest.fixture
def app(sandbox, database_url, smtp, clock):
    return make_mail_app(
        sandbox,
        database_url,
        smtp,
        clock,
        BROKER_CONTACT="08-555 123 45, kundtjanst.intresseanmalningar@soderhusmakleri.se",
    )


def received(app, smtp, data: dict):
    assert submit(app.test_client(), "/", data=data).status_code == 302
    send_mail(app)
    return smtp.received()[-1]


def test_the_reference_is_short_grouped_and_free_of_look_alikes(app, smtp):
    mail = received(app, smtp, WIDE)
    for part in (mail.part("plain"), mail.part("html")):
        assert SPOKEN in part
        assert SUBMISSION not in part and not re.search(r"[0-9a-f]{32}", part)
    assert f"Referens: {SPOKEN}" in mail.part("plain")


def test_a_corrected_registrations_receipt_says_it_is_an_update(app, smtp):
    client = app.test_client()
    page = hidden_fields(client.get("/").get_data(as_text=True))
    first = received(app, smtp, {**valid_answers(areas=["OMR-SOD"]), **page})
    assert "ändra" not in first.message["Subject"]
    assert "Du har ändrat din intresseanmälan" not in first.part("plain")
    corrected = received(app, smtp, {**valid_answers(areas=["OMR-RAS"]), **page})
    assert corrected.message["Subject"] == "Din ändrade intresseanmälan hos Söderhus Mäkleri"
    for part in (corrected.part("plain"), corrected.part("html")):
        assert "Du har ändrat din intresseanmälan." in part
        assert "Råsunda" in part and "Södermalm" not in part


@pytest.mark.browser
def test_the_receipt_fits_a_320_px_phone_without_sideways_scrolling(app, smtp, browser):
    html = received(app, smtp, WIDE).part("html")
    page = browser.new_page(viewport={"width": 320, "height": 800}, locale="sv-SE")
    page.set_content(html)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    outside = page.evaluate(
        """() => {
          const card = document.querySelector('[data-card]').getBoundingClientRect();
          return [...document.querySelectorAll('[data-card] *')]
            .filter(el => el.getBoundingClientRect().right > card.right + 0.5)
            .map(el => el.tagName + ': ' + el.textContent.slice(0, 40));
        }"""
    )
    assert outside == []  # nothing runs out of the card
    page.close()
