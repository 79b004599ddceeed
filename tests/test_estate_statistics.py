"""Efterfrågan per bostad: registrations per listing (named as Vitec listed the home), per week
and per channel, spam not counted."""

from __future__ import annotations

import re

from app.staff import accounts
from tests.clock import FakeClock
from tests.conftest import hidden_fields, make_app, register, submit
from tests.test_estate_pages import FLAT, estate_answers
from tests.test_staff import EMAIL, PASSWORD, logged_in


def test_each_listing_shows_its_registrations_per_week_and_channel(sandbox, database_url):
    clock = FakeClock()  # Monday 30 November 2026, week 49
    app = make_app(sandbox.url, database_url, CLOCK=clock)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    buyer = app.test_client()
    assert submit(buyer, FLAT, estate_answers()).status_code == 302
    clock.advance(7 * 86400)  # week 50
    assert submit(buyer, "/embed" + FLAT, estate_answers()).status_code == 302
    assert submit(buyer, FLAT, estate_answers()).status_code == 302
    assert submit(buyer, "/bostad/OBJ-STH-101", estate_answers()).status_code == 302
    assert submit(buyer, FLAT, estate_answers(kontrollfalt="bot")).status_code == 302  # spam
    register(app)  # an area registration: not a listing's

    page = logged_in(app).get("/staff/statistik/bostader?period=4")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    flat = html.index('<th scope="row">Götgatan 12, Södermalm</th>')
    house = html.index('<th scope="row">Björkvägen 3, Bergshamra</th>')
    assert flat < house  # most registrations first
    flat_row = html[flat : html.index("</tr>", flat)]
    cells = [cell.rsplit(">", 1)[1] for cell in flat_row.split("</td>")[:-1]]
    assert cells[:4] == ["3", "2", "1", "0"]  # in all, web, embedded, staff
    assert "2026 v. 49: 1" in flat_row and "2026 v. 50: 2" in flat_row
    assert "Södermalm, Vasastan" not in html


def test_an_embedded_listing_is_counted_under_the_site_it_was_shown_on(sandbox, database_url):
    host = "https://maklare.example.se"
    app = make_app(sandbox.url, database_url, FRAME_ANCESTORS=[host])
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    buyer = app.test_client()
    page = buyer.get("/embed" + FLAT, headers={"Referer": host + "/till-salu/gotgatan-12"})
    html = page.get_data(as_text=True)
    action = re.search(r'<form method="post" action="([^"]+)"', html).group(1)
    assert action == "/embed/bostad/OBJ-STH-102?fran=https://maklare.example.se#felsammanfattning"
    response = buyer.post(action.split("#")[0], data={**hidden_fields(html), **estate_answers()})
    assert response.status_code == 302
    assert submit(buyer, FLAT, estate_answers()).status_code == 302

    html = logged_in(app).get("/staff/statistik/bostader?period=4").get_data(as_text=True)
    assert "<span>Inbäddad på https://maklare.example.se: 1</span>" in html
    assert "<span>Webb: 1</span>" in html
