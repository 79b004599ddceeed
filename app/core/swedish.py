"""Swedish numbers, amounts, dates, days and weeks for people to read, from CLDR's Swedish (Babel):
no-break spaces between thousands, a decimal comma, Swedish month and weekday names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

NBSP = "\u00a0"
# Babel reads the Swedish data on first use (about 4 MB in a process), not at import.
SWEDISH = Locale.parse("sv")


def format_amount(number: Decimal) -> str:
    """Write a number the Swedish way, every digit kept: '3 500 000', '2,5'."""
    return format_decimal(number, locale=SWEDISH, decimal_quantization=False)


def format_days(days: float) -> str:
    """A number of days the Swedish way: '1 dag', '7 dagar', '0,5 dagar'."""
    # Not Babel's units: CLDR's Swedish for a span of days is "dygn", and these are calendar days.
    return f"{format_amount(Decimal(str(days)))} {'dag' if days == 1 else 'dagar'}"


def amount_range(
    low: Decimal | None,
    high: Decimal | None,
    unit: str,
    number: Callable[[Decimal], str] = format_amount,
) -> str | None:
    """A wished range: '2 500 000–4 000 000 kr', 'minst 2 rum', 'högst 75 m²' (a no-break space
    before the unit; each bound written by `number`), or None when it has no bound."""
    if low is not None and high is not None:
        return f"{number(low)}–{number(high)}{NBSP}{unit}"
    if low is not None:
        return f"minst {number(low)}{NBSP}{unit}"
    if high is not None:
        return f"högst {number(high)}{NBSP}{unit}"
    return None


def sv_int(value: int | None) -> str:
    """3 500 (a no-break space between thousands), or a dash for none."""
    return "–" if value is None else format_decimal(value, locale=SWEDISH)


def sv_decimal(value: float | None, digits: int = 1) -> str:
    """'12,5' with a decimal comma and no grouping (a CSV cell too), or '' for none."""
    if value is None:
        return ""
    # Decimal(value) is the float's exact value, so halves round as Python's own format does.
    return format_decimal(Decimal(value), f"0.{'0' * digits}", locale=SWEDISH)


def sv_percent(value: float | None) -> str:
    """'12,5 %', or a dash when there is nothing to divide by."""
    return "–" if value is None else f"{sv_decimal(value)}{NBSP}%"


def sv_duration(seconds: float | None) -> str:
    """A time span in words a broker reads at a glance."""
    # Not Babel's units: they write "1 sek" and "2 timmar" where this has "1 s" and "2,0 timmar".
    if seconds is None:
        return "–"
    seconds = round(seconds)
    if seconds < 120:
        return f"{seconds:.0f}{NBSP}s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f}{NBSP}min"
    if seconds < 2 * 86400:
        return f"{sv_decimal(seconds / 3600)}{NBSP}timmar"
    return f"{sv_decimal(seconds / 86400)}{NBSP}dygn"


def week_label(monday: date) -> str:
    """'2026 v. 11': the ISO year and week of a Monday."""
    # isocalendar() is the ISO week itself; a Babel pattern would only restate it.
    year, week, _ = monday.isocalendar()
    return f"{year} v. {week}"


def sv_date(day: date, space: str = NBSP) -> str:
    """'16 mars 2025', with no-break spaces (unless `space` says otherwise) so that a line never
    breaks inside a date."""
    return format_date(day, f"d{space}MMMM{space}y", locale=SWEDISH)


def sv_weekday_date(day: date) -> str:
    """'söndag 13 december': the weekday, the day and the month."""
    return format_date(day, "EEEE d MMMM", locale=SWEDISH)
