"""The desk for a broker's assistant: the detail page shows what was registered (and the read
is audited), the erase page names the person, and a search ignores diacritics."""

from __future__ import annotations

import re

import pytest

from app.intake.search_terms import name_words, query_terms
from app.outbox.search_index import NAME
from app.staff import audit
from tests.conftest import register
from tests.test_staff import EMAIL


def facts(html: str) -> dict[str, str]:
    """The detail page's "Vad personen anmälde" list: label -> text."""
    block = html.split('<h2 id="anmalt">Vad personen anmälde</h2>', 1)[1].split("</dl>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", block, re.S)
    return {label: text.strip().replace("\N{NO-BREAK SPACE}", " ") for label, text in pairs}


def test_the_detail_page_shows_what_was_registered(app, staff):
    sid = register(
        app,
        present_estate_type="House",
        special_request="Gärna nära skolan & parken",
    )
    html = staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    shown = facts(html)
    assert shown["Områden"] == "Södermalm, Råsunda"
    assert shown["Typ av bostad"] == "Radhus, Bostadsrätt"
    assert shown["Pris"] == "2 500 000–4 000 000 kr"
    assert shown["Antal rum"] == "2–3,5 rum"
    assert shown["Nuvarande boende"] == "Villa"
    assert shown["Övriga önskemål"] == "Gärna nära skolan &amp; parken"


def test_reading_what_was_registered_is_in_the_audit_log(app, staff):
    sid = register(app)
    staff.get(f"/staff/anmalan/{sid}")
    entries = audit.recent(app.extensions["delivery"].engine, submission_id=sid)
    assert [(e["actor"], e["action"]) for e in entries] == [(EMAIL, "read")]
    assert "visade vad som anmäldes" in staff.get("/staff/logg").get_data(as_text=True)


def test_an_erased_registration_shows_nothing_and_logs_no_read(app, staff):
    sid = register(app)
    page = staff.get(f"/staff/anmalan/{sid}/radera").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]*)"', page)
    staff.post(f"/staff/anmalan/{sid}/radera", data={"csrf_token": token.group(1) if token else ""})
    html = staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    assert "Vad personen anmälde" not in html and "Södermalm" not in html
    actions = [
        e["action"] for e in audit.recent(app.extensions["delivery"].engine, submission_id=sid)
    ]
    assert "erase" in actions and actions.count("read") == 0


def test_the_erase_page_names_the_person(app, staff):
    sid = register(app, first_name="Göran", last_name="Persson")
    html = staff.get(f"/staff/anmalan/{sid}/radera").get_data(as_text=True)
    assert "<h1>Radera Göran Perssons uppgifter?</h1>" in html
    assert "<title>Radera Göran Perssons uppgifter" in html
    assert f"<code>{sid}</code>" not in html


def test_the_erase_page_of_a_name_ending_in_s(app, staff):
    sid = register(app, first_name="Hans", last_name="Lindqvist Ros")
    html = staff.get(f"/staff/anmalan/{sid}/radera").get_data(as_text=True)
    assert "<h1>Radera Hans Lindqvist Ros uppgifter?</h1>" in html


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("Öberg", ["oberg"]),
        ("Åsa-Märta", ["asa", "marta"]),
        ("Zoë Müller", ["zoe", "muller"]),
        ("José", ["jose"]),
    ],
)
def test_name_words_ignore_diacritics(typed, words):
    assert name_words(typed) == words


def test_a_search_without_diacritics_finds_the_name_with_them(app, staff):
    register(app, first_name="Åsa", last_name="Öberg")
    assert query_terms("Oberg") == [(NAME, "oberg")]
    desk = staff.post("/staff/sok", data={"q": "asa oberg"}, follow_redirects=True)
    assert "Åsa Öberg" in desk.get_data(as_text=True)
    desk = staff.post("/staff/sok", data={"q": "Öberg"}, follow_redirects=True)
    assert "Åsa Öberg" in desk.get_data(as_text=True)
