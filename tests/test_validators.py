"""Validator tables: what a Swedish buyer types and what is sent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.intake.validators import (
    InvalidValue,
    clean_text,
    normalize_email,
    normalize_phone,
    normalize_postcode,
    parse_amount,
)


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("0701234567", "070-123 45 67"),
        ("070-123 45 67", "070-123 45 67"),
        ("+46 70 123 45 67", "070-123 45 67"),
        ("0046701234567", "070-123 45 67"),
        ("08-123 456 78", "08-123 456 78"),
        ("031-123456", "031-12 34 56"),
        ("+47 412 34 567", "+4741234567"),
        ("+1 202 555 0143", "+12025550143"),
    ],
)
def test_phone_numbers_are_normalised_within_17_characters(typed, sent):
    assert normalize_phone(typed) == sent
    assert len(sent) <= 17


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("hej", "Skriv ett telefonnummer"),
        ("123", "verkar inte stämma"),
        ("070-123", "verkar inte stämma"),
        ("+46 70 123 45 67 89 12", "verkar inte stämma"),
    ],
)
def test_bad_phone_numbers_get_a_swedish_message(typed, message):
    with pytest.raises(InvalidValue, match=message):
        normalize_phone(typed)


@pytest.mark.parametrize(
    ("typed", "sent"),
    [("11846", "118 46"), ("118 46", "118 46"), (" 752 37 ", "752 37"), ("98499", "984 99")],
)
def test_postcodes(typed, sent):
    assert normalize_postcode(typed) == sent


@pytest.mark.parametrize("typed", ["1184", "118466", "01846", "abc 12", "118-46", ""])
def test_bad_postcodes(typed):
    with pytest.raises(InvalidValue, match="fem siffror"):
        normalize_postcode(typed)


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("asa@example.se", "asa@example.se"),
        ("Asa.Oberg@Example.SE", "Asa.Oberg@example.se"),
        ("åsa@exempel.se", "åsa@exempel.se"),
    ],
)
def test_emails(typed, sent):
    assert normalize_email(typed) == sent


@pytest.mark.parametrize(
    "typed", ["asa", "asa@", "asa@example", "a b@example.se", "x" * 95 + "@example.se"]
)
def test_bad_emails(typed):
    with pytest.raises(InvalidValue):
        normalize_email(typed)


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("3 500 000", Decimal("3500000")),
        ("3\u00a0500\u00a0000 kr", Decimal("3500000")),
        ("2,5", Decimal("2.5")),
        ("2.5", Decimal("2.5")),
        ("75 m²", Decimal("75")),
        ("0", Decimal("0")),
    ],
)
def test_amounts_typed_the_swedish_way(typed, number):
    assert parse_amount(typed, Decimal("1000000000"), "m²") == number


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "Skriv ett tal"),
        ("tre", "Skriv ett tal"),
        ("1,2,3", "Skriv ett tal"),
        ("101", "högst 100"),
        ("100,5", "högst 100"),
    ],
)
def test_bad_amounts(typed, message):
    with pytest.raises(InvalidValue, match=message):
        parse_amount(typed, Decimal("100"), "rum")


def test_clean_text_normalises_and_strips_control_characters():
    assert clean_text("  A\u030angström\u200b  \x00Öberg\t ") == "Ångström Öberg"


@pytest.mark.parametrize("typed", ["100", "100 rum", "100,0"])
def test_an_amount_at_the_maximum_is_accepted(typed):
    assert parse_amount(typed, Decimal("100"), "rum") == Decimal("100")
