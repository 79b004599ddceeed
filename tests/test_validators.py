"""Validator tables: what a Swedish buyer types and what is sent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.intake.validators import (
    InvalidValue,
    clean_multiline,
    clean_text,
    normalize_email,
    normalize_personnummer,
    normalize_phone,
    normalize_postcode,
    parse_amount,
    parse_phone,
    phone_e164,
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
    ("typed", "indexed"),
    [
        ("070-123 45 67", "+46701234567"),
        ("08-123 456 78", "+46812345678"),
        ("+47 412 34 567", "+4741234567"),
    ],
)
def test_the_desk_index_keeps_a_phone_number_in_e164(typed, indexed):
    assert phone_e164(parse_phone(typed)) == indexed


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


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("asa@", "Skriv en giltig e-postadress, till exempel namn@exempel.se."),
        ("x" * 90 + "@example.se", "E-postadressen får vara högst 100 tecken."),
    ],
)
def test_a_bad_email_gets_its_own_message(typed, message):
    with pytest.raises(InvalidValue) as caught:
        normalize_email(typed)
    assert str(caught.value) == message


def test_an_email_of_exactly_100_characters_is_accepted():
    assert normalize_email("x" * 89 + "@example.se") == "x" * 89 + "@example.se"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("hej", "Skriv ett telefonnummer, till exempel 070-123 45 67."),
        ("123", "Telefonnumret verkar inte stämma. Kontrollera siffrorna."),
    ],
)
def test_a_bad_phone_number_gets_its_own_message(typed, message):
    with pytest.raises(InvalidValue) as caught:
        normalize_phone(typed)
    assert str(caught.value) == message


def test_a_bad_postcode_gets_the_whole_message():
    with pytest.raises(InvalidValue) as caught:
        normalize_postcode("1184")
    assert str(caught.value) == "Skriv postnumret med fem siffror, till exempel 123 45."


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("3,500,000", Decimal("3500000")),
        ("3.500.000,50", Decimal("3500000.50")),
        ("1.234", Decimal("1.234")),  # one dot: a decimal sign
        ("75 kvm", Decimal("75")),
        ("75m2", Decimal("75")),
        ("3 rok", Decimal("3")),
        ("3rum", Decimal("3")),
        ("100", Decimal("100")),
    ],
)
def test_numbers_grouped_or_with_a_unit_typed_after(typed, number):
    assert parse_amount(typed, Decimal("1000000000"), "m²") == number


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("kr", "Skriv ett tal, till exempel 3\u00a0500\u00a0000 eller 2,5."),
        ("m²", "Skriv ett tal, till exempel 75."),
        ("rum", "Skriv ett tal, till exempel 3 eller 2,5."),
    ],
)
def test_a_number_not_understood_gets_an_example_of_its_unit(unit, message):
    with pytest.raises(InvalidValue) as caught:
        parse_amount("\u22125", Decimal("1000"), unit)  # a typographic minus
    assert str(caught.value) == message


def test_the_maximum_is_written_the_swedish_way():
    with pytest.raises(InvalidValue) as caught:
        parse_amount("20000", Decimal("10000"), "m²")
    assert str(caught.value) == "Skriv högst 10\u00a0000\u00a0m²."


def test_free_text_keeps_its_lines_and_loses_control_characters():
    typed = "Rad ett\r\n\tRad  två\rRad tre\x00 \n"
    assert clean_multiline(typed) == "Rad ett\nRad två\nRad tre"
    assert clean_multiline(None) == "" and clean_text(None) == ""
    assert clean_text("a\tb\nc\x07d\u200be") == "a b cde"


TODAY = date(2026, 1, 2)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("811218-9876", "19811218-9876"),
        ("8112189876", "19811218-9876"),
        ("811218+9876", "18811218-9876"),  # a hundred years or more
        ("19811218 9876", "19811218-9876"),
        ("20260102-2383", "20260102-2383"),  # born today
    ],
)
def test_personnummer_are_written_in_full(typed, normalised):
    assert normalize_personnummer(typed, TODAY) == normalised


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Ange personnumret som ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN."),
        (
            "811218-9875",
            "Personnumret stämmer inte. Kontrollera datumet och de fyra sista siffrorna.",
        ),
        ("20260102-2383", "Datumet i personnumret har inte inträffat än."),
    ],
)
def test_a_bad_personnummer_gets_its_own_message(typed, message):
    with pytest.raises(InvalidValue) as caught:
        normalize_personnummer(typed, date(2026, 1, 1))
    assert str(caught.value) == message
