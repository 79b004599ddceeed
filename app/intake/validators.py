"""Normalising checks for Swedish contact data; each raises InvalidValue with a Swedish message."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from personnummer.personnummer import (
    Personnummer,
    PersonnummerException,
    PersonnummerParseException,
)


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


def normalize_phone(value: str) -> str:
    """Parse a phone number (Swedish by default) into a form of at most 17 characters."""
    try:
        number = phonenumbers.parse(value, "SE")
    except phonenumbers.NumberParseException as exc:
        raise InvalidValue("Ange ett telefonnummer, till exempel 070-123 45 67.") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidValue("Telefonnumret verkar inte stämma. Kontrollera siffrorna.")
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
        raise InvalidValue("Ange postnumret med fem siffror, till exempel 123 45.")
    return f"{match.group(1)} {match.group(2)}"


def normalize_email(value: str) -> str:
    """Check an e-mail address's form (no network look-up) and return it normalised."""
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidValue("Ange en giltig e-postadress, till exempel namn@exempel.se.") from exc
    if len(result.normalized) > 100:
        raise InvalidValue("E-postadressen får vara högst 100 tecken.")
    return result.normalized


_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


def parse_amount(value: str, maximum: Decimal) -> Decimal:
    """Parse a non-negative Swedish number: spaces as thousands separators, comma as decimal."""
    compact = "".join(value.split()).replace("\u2212", "-")
    for suffix in ("kr", "m²", "m2", "kvm", "rok", "rum"):
        if compact.lower().endswith(suffix):
            compact = compact[: -len(suffix)]
    if not _NUMBER.match(compact):
        raise InvalidValue("Ange ett tal, till exempel 3 500 000 eller 2,5.")
    try:
        number = Decimal(compact.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - guarded by the pattern
        raise InvalidValue("Ange ett tal.") from exc
    if number > maximum:
        raise InvalidValue(f"Ange högst {format_amount(maximum)}.")
    return number


def format_amount(number: Decimal) -> str:
    """Write a number the Swedish way: '3 500 000', '2,5'."""
    if number == number.to_integral_value():
        return f"{int(number):,}".replace(",", "\u00a0")
    return str(number.normalize()).replace(".", ",")


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
