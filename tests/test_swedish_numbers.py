"""Numbers, days and dates as Swedish writes them (CLDR's Swedish, through Babel): no-break
spaces between thousands, a decimal comma, every typed digit kept, Swedish weekday names."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app.core.swedish import (
    amount_range,
    format_amount,
    format_days,
    sv_decimal,
    sv_int,
    sv_percent,
    sv_weekday_date,
)
from app.intake.summary import summarize
from app.mail.receipts import swedish_number
from app.vitec.estates import Viewing
from app.web.buyer.estate import viewing_when

NBSP = "\N{NO-BREAK SPACE}"


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (Decimal("3500000"), f"3{NBSP}500{NBSP}000"),
        (Decimal("3500000.00"), f"3{NBSP}500{NBSP}000"),
        (Decimal("2.5"), "2,5"),
        (Decimal("0.0625"), "0,0625"),  # every digit, none rounded away
        (Decimal("1500.5"), f"1{NBSP}500,5"),
        (Decimal("100"), "100"),
    ],
)
def test_an_amount_is_grouped_with_no_break_spaces_and_a_decimal_comma(number, text):
    assert format_amount(number) == text


def test_the_receipt_groups_thousands_with_plain_spaces():
    assert swedish_number(Decimal("3500000")) == "3 500 000"
    assert swedish_number(Decimal("1500.5")) == "1 500,5"


def test_a_wished_range_on_the_thank_you_page_and_in_the_receipt():
    million, three = Decimal("1000000"), Decimal("3")
    assert amount_range(million, None, "kr") == f"minst 1{NBSP}000{NBSP}000{NBSP}kr"
    assert amount_range(None, three, "rum") == f"högst 3{NBSP}rum"
    assert amount_range(None, None, "m²") is None
    assert amount_range(three, million, "kr", swedish_number) == f"3–1 000 000{NBSP}kr"
    wish = {"price": {"max": 4000000.0}, "livingSpace": {"min": 55.5, "max": 80.0}}
    rows = summarize({"lookingForAccommodations": [wish]}, {})
    assert [(row.label, row.text) for row in rows] == [
        ("Pris", f"högst 4{NBSP}000{NBSP}000{NBSP}kr"),
        ("Boarea", f"55,5–80{NBSP}m²"),
    ]


@pytest.mark.parametrize(("days", "text"), [(1, "1 dag"), (7, "7 dagar"), (0.5, "0,5 dagar")])
def test_days_are_counted_in_swedish(days, text):
    assert format_days(days) == text


def test_counts_shares_and_figures():
    assert sv_int(1234567) == f"1{NBSP}234{NBSP}567"
    assert sv_int(None) == "–"
    assert sv_decimal(1234.56) == "1234,6"  # a CSV cell: no grouping for a spreadsheet to trip on
    assert sv_decimal(0.15) == "0,1"  # the float itself is 0.1499…: rounded as Python rounds it
    assert sv_decimal(2.25, 2) == "2,25"
    assert sv_decimal(None) == ""
    assert sv_percent(12.5) == f"12,5{NBSP}%"


def test_a_viewing_is_written_with_its_weekday_and_time_of_day():
    assert sv_weekday_date(date(2026, 12, 13)) == "söndag 13 december"
    start = datetime(2026, 12, 13, 10, 0, tzinfo=UTC)  # 11.00 in Stockholm
    end = datetime(2026, 12, 13, 10, 45, tzinfo=UTC)
    assert viewing_when(Viewing(start, end, "", "")) == "söndag 13 december kl. 11.00–11.45"
    naive = datetime(2026, 6, 1, 17, 30)  # Vitec's times without an offset are Swedish time
    assert viewing_when(Viewing(naive, None, "", "")) == "måndag 1 juni kl. 17.30"
