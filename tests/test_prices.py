"""Prices the way Swedes say them: what a buyer types in a price field and what Vitec gets."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from app.intake.validators import InvalidValue, parse_price
from tests.conftest import submit, valid_answers
from tests.test_public_form import field_block

NBSP = "\u00a0"
BILLION = Decimal(1_000_000_000)

# typed -> (kronor, what the form says beside the field; None: nothing to say)
READINGS = [
    ("3,5 milj", 3_500_000, f"Tolkat som 3{NBSP}500{NBSP}000{NBSP}kr"),
    ("3,5 mkr", 3_500_000, f"Tolkat som 3{NBSP}500{NBSP}000{NBSP}kr"),
    ("3,5 miljoner", 3_500_000, f"Tolkat som 3{NBSP}500{NBSP}000{NBSP}kr"),
    ("3,5 Milj.", 3_500_000, f"Tolkat som 3{NBSP}500{NBSP}000{NBSP}kr"),
    ("3 500 000", 3_500_000, None),
    ("3 500 000 kr", 3_500_000, None),
    (f"3{NBSP}500{NBSP}000", 3_500_000, None),
    ("3500000 kr", 3_500_000, f"Tolkat som 3{NBSP}500{NBSP}000{NBSP}kr"),
    ("3500000", 3_500_000, f"Tolkat som 3{NBSP}500{NBSP}000{NBSP}kr"),
    ("3.500.000", 3_500_000, f"Tolkat som 3{NBSP}500{NBSP}000{NBSP}kr"),
    ("3500000:-", 3_500_000, f"Tolkat som 3{NBSP}500{NBSP}000{NBSP}kr"),
    ("2,5", 2_500_000, f"Tolkat som 2{NBSP}500{NBSP}000{NBSP}kr"),
    ("3", 3_000_000, f"Tolkat som 3{NBSP}000{NBSP}000{NBSP}kr"),
    ("0,8", 800_000, f"Tolkat som 800{NBSP}000{NBSP}kr"),
    ("850 tkr", 850_000, f"Tolkat som 850{NBSP}000{NBSP}kr"),
    ("12 000 000", 12_000_000, None),
    ("0", 0, None),
    # At the edges: a bare 99,5 is still millions, 10 000 is kronor, half a krona rounds up.
    ("99,5", 99_500_000, f"Tolkat som 99{NBSP}500{NBSP}000{NBSP}kr"),
    ("10", 10_000_000, f"Tolkat som 10{NBSP}000{NBSP}000{NBSP}kr"),
    ("10000", 10_000, f"Tolkat som 10{NBSP}000{NBSP}kr"),
    ("3500000,5", 3_500_001, f"Tolkat som 3{NBSP}500{NBSP}001{NBSP}kr"),
    ("3 500 000,49", 3_500_000, f"Tolkat som 3{NBSP}500{NBSP}000{NBSP}kr"),
    ("2,4999995", 2_500_000, f"Tolkat som 2{NBSP}500{NBSP}000{NBSP}kr"),
    ("1 000 000 000", 1_000_000_000, None),
    ("1000 milj", 1_000_000_000, f"Tolkat som 1{NBSP}000{NBSP}000{NBSP}000{NBSP}kr"),
]

# typed -> the question or instruction shown next to the field
REFUSED = [
    ("500", f"Menar du 500{NBSP}000{NBSP}kr eller 500{NBSP}000{NBSP}000{NBSP}kr?"),
    ("3500", f"Menar du 3{NBSP}500{NBSP}000{NBSP}kr?"),
    ("3,5 m²", "Skriv priset i kronor"),
    ("tre miljoner", "Skriv priset i kronor"),
    ("-3", "Skriv priset i kronor"),
    ("1,2,3", "Skriv ett tal"),
    ("2 000 milj", f"Skriv högst 1{NBSP}000{NBSP}000{NBSP}000{NBSP}kr."),
    ("1 000 000 001", f"Skriv högst 1{NBSP}000{NBSP}000{NBSP}000{NBSP}kr."),
    ("100", f"Menar du 100{NBSP}000{NBSP}kr eller 100{NBSP}000{NBSP}000{NBSP}kr?"),
    ("9999", f"Menar du 9{NBSP}999{NBSP}000{NBSP}kr?"),
]


@pytest.mark.parametrize(("typed", "kronor", "note"), READINGS)
def test_a_price_is_read_the_swedish_way(typed, kronor, note):
    reading = parse_price(typed, BILLION)
    assert reading.amount == kronor
    assert reading.note == note


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "1000",
            f"Menar du 1{NBSP}000{NBSP}000{NBSP}kr? Skriv hela beloppet, "
            f"till exempel 1{NBSP}000{NBSP}000.",
        ),
        (
            "999",
            f"Menar du 999{NBSP}000{NBSP}kr eller 999{NBSP}000{NBSP}000{NBSP}kr? "
            "Skriv hela beloppet, "
            f"till exempel 999{NBSP}000.",
        ),
        ("tre miljoner", "Skriv priset i kronor, till exempel 3 500 000, eller 3,5 milj."),
    ],
)
def test_the_question_about_a_price_word_for_word(typed, message):
    with pytest.raises(InvalidValue) as caught:
        parse_price(typed, BILLION)
    assert str(caught.value) == message


@pytest.mark.parametrize(("typed", "message"), REFUSED)
def test_an_ambiguous_or_unreadable_price_is_asked_about(typed, message):
    with pytest.raises(InvalidValue) as caught:
        parse_price(typed, BILLION)
    assert message in str(caught.value)


# typed in Lägsta pris, Högsta pris and the present home's value -> the JSON numbers sent
SENT = [
    (("2,5", "3,5 milj", "3"), (2_500_000, 3_500_000, 3_000_000)),
    (("3 500 000", "3500000 kr", "3,5 mkr"), (3_500_000, 3_500_000, 3_500_000)),
    (("850 tkr", "1,2 miljoner", "0,9"), (850_000, 1_200_000, 900_000)),
    (("0", "12 000 000", "4.250.000"), (0, 12_000_000, 4_250_000)),
]


@pytest.mark.parametrize(("typed", "sent"), SENT)
def test_vitec_receives_prices_in_kronor(client, sandbox, deliver, typed, sent):
    low, high, present = typed
    answers = valid_answers(price_min=low, price_max=high, present_price=present)
    assert submit(client, "/", data=answers).status_code == 302
    assert deliver() == 1
    payload = sandbox.received()[0]["payload"]
    assert payload["lookingForAccommodations"][0]["price"] == {"min": sent[0], "max": sent[1]}
    assert payload["presentAccommodation"]["price"] == sent[2]


def test_the_page_shown_again_says_how_each_price_was_read(client, sandbox):
    answers = valid_answers(first_name="", price_min="2,5", price_max="500", present_price="3")
    html = submit(client, "/", data=answers).get_data(as_text=True)
    low = field_block(html, "price_min")
    assert 'value="2,5"' in low  # what was typed stays as typed
    reading = re.search(r'<p class="reading" id="price_min-reading"[^>]*>([^<]*)</p>', html)
    assert reading and reading[1] == f"Tolkat som 2{NBSP}500{NBSP}000{NBSP}kr"
    assert re.search(r'aria-describedby="[^"]*\bprice_min-reading\b', html)
    present = re.search(r'id="present_price-reading"[^>]*>([^<]*)<', html)
    assert present and present[1] == f"Tolkat som 3{NBSP}000{NBSP}000{NBSP}kr"
    assert f"Menar du 500{NBSP}000{NBSP}kr" in field_block(html, "price_max")
    assert sandbox.received() == []


def test_units_stand_beside_the_inputs_not_in_the_labels(client):
    html = client.get("/").get_data(as_text=True)
    assert "(rum)" not in html and "(kr)" not in html and "(m²)" not in html
    for field, unit in (
        ("price_min", "kr"),
        ("living_space_max", "m²"),
        ("rooms_min", "rum"),
        ("plot_area_min", "m²"),
        ("present_living_space", "m²"),
        ("present_rooms", "rum"),
        ("present_price", "kr"),
    ):
        assert f'<span class="unit" id="{field}-unit">{unit}</span>' in html
        described = re.search(rf'id="{field}"[^>]*aria-describedby="([^"]*)"', html)
        assert described and f"{field}-unit" in described[1].split()
    assert re.search(r"<legend>Antal rum</legend>", html)
