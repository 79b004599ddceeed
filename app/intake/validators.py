"""Normalising checks for Swedish contact data; each raises InvalidValue with a Swedish message."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from personnummer.personnummer import (
    Personnummer,
    PersonnummerException,
    PersonnummerParseException,
)

from app.core.swedish import NBSP, format_amount


class InvalidValue(ValueError):
    """A value a person typed that cannot be used; the message is shown next to the field."""


_CONTROL = {"Cc", "Cf"}


def clean_text(value: str | None) -> str:
    """NFC-normalise, drop control and format characters, collapse runs of spaces."""
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value)
    if text.isprintable():  # the common case: nothing to drop, no need to look at each char
        return " ".join(text.split())
    text = "".join(
        ch if unicodedata.category(ch) not in _CONTROL else (" " if ch in "\t\r\n" else "")
        for ch in text
    )
    return " ".join(text.split())


def clean_multiline(value: str | None) -> str:
    """Like clean_text but keeps line breaks, for free-text answers."""
    if not value:
        return ""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(clean_text(line) for line in lines).strip()


def parse_phone(value: str) -> phonenumbers.PhoneNumber:
    """A valid phone number (Swedish by default), or InvalidValue with the form's message."""
    try:
        number = phonenumbers.parse(value, "SE")
    except phonenumbers.NumberParseException as exc:
        raise InvalidValue("Skriv ett telefonnummer, till exempel 070-123 45 67.") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidValue("Telefonnumret verkar inte stämma. Kontrollera siffrorna.")
    return number


def normalize_phone(value: str) -> str:
    """Parse a phone number (Swedish by default) into a form of at most 17 characters."""
    return phone_as_stored(parse_phone(value))


def phone_e164(number: phonenumbers.PhoneNumber) -> str:
    """A number in E.164 (`+46701234567`), the form the desk's search index keeps."""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_as_stored(number: phonenumbers.PhoneNumber) -> str:
    """A valid number as the forms keep it: Swedish in the national form where that fits in
    17 characters, otherwise E.164."""
    if number.country_code == 46:
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        if len(national) <= 17:
            return national
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_POSTCODE = re.compile(r"^([1-9]\d{2})\s?(\d{2})$")


def normalize_postcode(value: str) -> str:
    """Accept '12345' or '123 45' and return the Swedish written form '123 45'."""
    match = _POSTCODE.match(value.strip())
    if not match:
        raise InvalidValue("Skriv postnumret med fem siffror, till exempel 123 45.")
    return f"{match.group(1)} {match.group(2)}"


def normalize_email(value: str) -> str:
    """Check an e-mail address's form (no network look-up) and return it normalised."""
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidValue("Skriv en giltig e-postadress, till exempel namn@exempel.se.") from exc
    if len(result.normalized) > 100:
        raise InvalidValue("E-postadressen får vara högst 100 tecken.")
    return result.normalized


_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
# Thousands grouped by dots or commas ("3.500.000", "3,500,000"), or by dots before a decimal
# comma ("3.500.000,50"). A single dot or comma is a decimal sign, as in "2,5".
_GROUPED = re.compile(r"^\d{1,3}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})+$")
_GROUPED_WITH_DECIMALS = re.compile(r"^\d{1,3}(?:\.\d{3})+,\d+$")
# What a number of each unit looks like, for the message when one is not understood: a price
# example beside a floor area would mislead.
NUMBER_EXAMPLES = {"kr": "3\u00a0500\u00a0000 eller 2,5", "m²": "75", "rum": "3 eller 2,5"}


def type_a_number(unit: str) -> str:
    """The message for a number not understood, with an example of its unit."""
    return f"Skriv ett tal, till exempel {NUMBER_EXAMPLES[unit]}."


def _compact(value: str) -> str:
    """Without spaces of any width, with the typographic minus as a plain one."""
    return "".join(value.split()).replace("\u2212", "-")


def _read_number(compact: str, unit: str) -> Decimal:
    """A non-negative number typed without spaces: '2,5', '2.5', '3500000', '3.500.000'."""
    if _GROUPED.match(compact):
        compact = compact.replace(compact[-4], "")
    elif _GROUPED_WITH_DECIMALS.match(compact):
        compact = compact.replace(".", "")
    if not _NUMBER.match(compact):
        raise InvalidValue(type_a_number(unit))
    return Decimal(compact.replace(",", "."))


def parse_amount(value: str, maximum: Decimal, unit: str) -> Decimal:
    """Parse a non-negative Swedish number of `unit` ("m²", "rum"): spaces as thousands
    separators, comma as decimal."""
    compact = _compact(value)
    for suffix in ("kr", "m²", "m2", "kvm", "rok", "rum"):
        if compact.lower().endswith(suffix):
            compact = compact[: -len(suffix)]
    number = _read_number(compact, unit)
    if number > maximum:
        raise InvalidValue(f"Skriv högst {format_amount(maximum)}{NBSP}{unit}.")
    return number


@dataclass(frozen=True)
class PriceReading:
    """A price in whole kronor, and how it was read when that is not plain from what was
    typed ("Tolkat som 3 500 000 kr"), else None."""

    amount: Decimal
    note: str | None = None


_PRICE = re.compile(r"^(?P<number>\d[\d.,]*?)(?P<unit>[a-zåäö.:-]*)$")
_MILLIONS = frozenset({"milj", "milj.", "miljon", "miljoner", "mkr", "mnkr", "mn", "mille", "m"})
_THOUSANDS = frozenset({"tkr", "tusen", "k"})
_KRONOR = frozenset({"", "kr", "kr.", "kronor", "sek", ":-"})
# Below this a price without "milj" or "tkr" cannot be kronor: 2,5 is read as millions.
_READ_AS_MILLIONS_BELOW = Decimal(100)
# From here up to 10 000 it could be thousands or millions (or a slip): the buyer is asked.
_ASK_BELOW = Decimal(10_000)
_MILLION, _THOUSAND = Decimal(1_000_000), Decimal(1_000)


def parse_price(value: str, maximum: Decimal, asked: str = "du") -> PriceReading:
    """Read a price the way Swedes write it: '3,5 milj', '3,5 mkr', '3 500 000', '3500000 kr',
    '850 tkr'; a bare number under 100 is millions ('2,5'), one from 100 to 9 999 is asked
    about ("Menar du …?"; `asked` is who the question is about: "personen" on the staff form).
    The amount is in whole kronor."""
    compact = _compact(value).lower()
    match = _PRICE.match(compact)
    if not match or match["unit"] not in _MILLIONS | _THOUSANDS | _KRONOR:
        raise InvalidValue("Skriv priset i kronor, till exempel 3 500 000, eller 3,5 milj.")
    number = _read_number(match["number"], "kr")
    if match["unit"] in _MILLIONS:
        amount = number * _MILLION
    elif match["unit"] in _THOUSANDS:
        amount = number * _THOUSAND
    elif 0 < number < _READ_AS_MILLIONS_BELOW:
        amount = number * _MILLION
    elif 0 < number < _ASK_BELOW:
        raise InvalidValue(_which_price(number, asked))
    else:
        amount = number
    amount = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if amount > maximum:
        raise InvalidValue(f"Skriv högst {format_amount(maximum)}{NBSP}kr.")
    written = format_amount(amount)
    # Shown unless what was typed is already the amount as the form writes it.
    typed = " ".join(value.replace("\u00a0", " ").split()).lower()
    plain = {written.replace("\u00a0", " "), written.replace("\u00a0", " ") + " kr"}
    return PriceReading(amount, None if typed in plain else f"Tolkat som {written}{NBSP}kr")


def _which_price(number: Decimal, asked: str) -> str:
    """The question for a price that could be thousands or millions of kronor."""
    thousands = format_amount(number * _THOUSAND)
    if number >= 1000:
        return f"Menar {asked} {thousands}{NBSP}kr? Skriv hela beloppet, till exempel {thousands}."
    millions = format_amount(number * _MILLION)
    return (
        f"Menar {asked} {thousands}{NBSP}kr eller {millions}{NBSP}kr? Skriv hela beloppet, "
        f"till exempel {thousands}."
    )


def normalize_personnummer(value: str, today: date | None = None) -> str:
    """Check a Swedish personnummer or samordningsnummer (10 or 12 digits, with or without the
    dash; the personnummer package does the century, '+' and checksum) and return it as
    ÅÅÅÅMMDD-NNNN."""
    try:
        number = Personnummer("".join(value.split()))
    except PersonnummerParseException as exc:
        raise InvalidValue("Ange personnumret som ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN.") from exc
    except PersonnummerException as exc:
        raise InvalidValue(
            "Personnumret stämmer inte. Kontrollera datumet och de fyra sista siffrorna."
        ) from exc
    if number.get_date() > (today or date.today()):
        raise InvalidValue("Datumet i personnumret har inte inträffat än.")
    digits = number.format(long_format=True)
    return f"{digits[:8]}-{digits[8:]}"
