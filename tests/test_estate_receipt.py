"""The receipt of interest in a home names the home and its viewings (with Vitec's booking
link), never the areas form's wishes nor anything the buyer typed."""

from __future__ import annotations

import pytest

from tests.conftest import submit
from tests.mailtests import make_mail_app, send_mail
from tests.test_estate_pages import FLAT, estate_answers

TYPED_NOTE = "Gå till http://lura.example och logga in"


@pytest.fixture
def app(sandbox, database_url, smtp, clock):
    return make_mail_app(sandbox, database_url, smtp, clock)


def test_the_receipt_names_the_home_and_its_viewings_with_the_booking_link(app, smtp):
    answers = estate_answers(interest_note=TYPED_NOTE, present_estate_type="House")
    assert submit(app.test_client(), FLAT, data=answers).status_code == 302
    assert send_mail(app) == 1
    [mail] = smtp.received()
    assert mail.recipients == ("asa.oberg@example.se",)
    text, html = mail.part("plain"), mail.part("html")
    assert "Bostad: Götgatan 12, Södermalm (Bostadsrätt)" in text
    assert "Boka visning: https://visning.example.se/boka/VIS-1021" in text
    assert 'href="https://visning.example.se/boka/VIS-1021"' in html
    for part in (text, html):
        assert part.count("Visning") == 2  # the two shown on the internet
        assert "Områden" not in part and "Typ av bostad" not in part
        assert "lura.example" not in part and "Åsa" not in part
        assert "Villa" in part  # the present home, in the form's words
