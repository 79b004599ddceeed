"""Efterfrågan's dates are written by the server in Swedish, whatever the browser's locale:
the period's heading keeps each date whole, and the period's own dates are typed as text."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.swedish import sv_date
from tests.conftest import make_app
from tests.insight_pages import Clock, log_in

NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture
def app(sandbox, database_url):
    return make_app(sandbox.url, database_url, CLOCK=Clock())


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2025, 3, 16), f"16{NBSP}mars{NBSP}2025"),
        (date(2025, 2, 1), f"1{NBSP}februari{NBSP}2025"),
        (date(2024, 12, 31), f"31{NBSP}december{NBSP}2024"),
    ],
)
def test_a_date_in_swedish_never_breaks(day, text):
    assert sv_date(day) == text


def test_the_periods_heading_and_fields_are_in_swedish(app):
    html = log_in(app).get("/staff/statistik?period=egen&fran=2025-02-01&till=2025-03-16")
    page = html.get_data(as_text=True)
    assert f"Alla kontor, 1{NBSP}februari{NBSP}2025 till 16{NBSP}mars{NBSP}2025</h2>" in page
    assert 'type="date"' not in page  # the browser would show it in its own locale
    assert 'value="2025-02-01"' in page and 'value="2025-03-16"' in page
