"""A unit never starts a line of its own: a no-break space joins `kr`, `rum` and `m²` to their
number, on the pages, in the form's messages and in the receipt."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.intake.summary import summarize
from app.intake.validators import InvalidValue, parse_amount, parse_price
from tests.conftest import submit, valid_answers
from tests.mailtests import make_mail_app, send_mail


def test_the_thank_you_summary_joins_each_unit_to_its_number():
    wish = {
        "areaIds": [],
        "price": {"min": 2500000, "max": 4000000},
        "numberOfRooms": {"min": 2},
        "livingSpace": {"max": 75},
    }
    rows = {row.label: row.text for row in summarize({"lookingForAccommodations": [wish]}, {})}
    assert rows["Pris"] == "2\u00a0500\u00a0000–4\u00a0000\u00a0000\u00a0kr"
    assert rows["Antal rum"] == "minst 2\u00a0rum"
    assert rows["Boarea"] == "högst 75\u00a0m²"


def test_the_forms_messages_join_kr_to_its_number():
    assert (
        parse_price("3,5 milj", Decimal(100_000_000)).note
        == "Tolkat som 3\u00a0500\u00a0000\u00a0kr"
    )
    with pytest.raises(InvalidValue) as too_much:
        parse_price("200 milj", Decimal(100_000_000))
    assert str(too_much.value) == "Skriv högst 100\u00a0000\u00a0000\u00a0kr."
    with pytest.raises(InvalidValue) as too_many:
        parse_amount("99", Decimal(20), "rum")
    assert str(too_many.value) == "Skriv högst 20\u00a0rum."


def test_the_receipt_joins_each_unit_to_its_number(sandbox, database_url, smtp, clock):
    app = make_mail_app(sandbox, database_url, smtp, clock)
    data = valid_answers(present_estate_type="House", present_rooms="5", present_price="3 mkr")
    assert submit(app.test_client(), "/", data=data).status_code == 302
    send_mail(app)
    text = smtp.received()[0].part("plain")
    assert "4 000 000\u00a0kr" in text and "2–3,5\u00a0rum" in text
    assert "Villa, 5\u00a0rum, 3 000 000\u00a0kr" in text
