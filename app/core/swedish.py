"""Swedish numbers, amounts, dates, days and weeks for people to read: no-break spaces between
thousands, a decimal comma."""

from __future__ import annotations

from decimal import Decimal

NBSP = "\u00a0"


def format_amount(number: Decimal) -> str:
    """Write a number the Swedish way: '3 500 000', '2,5'."""
    if number == number.to_integral_value():
        return f"{int(number):,}".replace(",", "\u00a0")
    return str(number.normalize()).replace(".", ",")


def format_days(days: float) -> str:
    """A number of days the Swedish way: '1 dag', '7 dagar', '0,5 dagar'."""
    return f"{format_amount(Decimal(str(days)))} {'dag' if days == 1 else 'dagar'}"


def sv_int(value: int | None) -> str:
    """3 500 (a no-break space between thousands), or a dash for none."""
    return "–" if value is None else f"{value:,}".replace(",", NBSP)


def sv_decimal(value: float | None, digits: int = 1) -> str:
    """'12,5' with a decimal comma, or '' for none."""
    return "" if value is None else f"{value:.{digits}f}".replace(".", ",")


def sv_percent(value: float | None) -> str:
    """'12,5 %', or a dash when there is nothing to divide by."""
    return "–" if value is None else f"{sv_decimal(value)}{NBSP}%"


def sv_duration(seconds: float | None) -> str:
    """A time span in words a broker reads at a glance."""
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


def week_label(monday) -> str:
    """'2026 v. 11': the ISO year and week of a Monday."""
    year, week, _ = monday.isocalendar()
    return f"{year} v. {week}"


MONTHS = (
    *("januari", "februari", "mars", "april", "maj", "juni"),
    *("juli", "augusti", "september", "oktober", "november", "december"),
)


def sv_date(day) -> str:
    """'16 mars 2025', with no-break spaces so that a line never breaks inside a date."""
    return f"{day.day}{NBSP}{MONTHS[day.month - 1]}{NBSP}{day.year}"
