"""The words a broker's assistant reads: what the desk is, who registered an entry, the
consent as it was worded, how often a registration was sent, and one word for one thing."""

from __future__ import annotations

import re

from tests.conftest import register
from tests.test_staff import EMAIL, post_entry, staff_entry


def fact(html: str, label: str) -> str:
    """The text of one <dt>label</dt><dd>…</dd> of a page."""
    found = re.search(rf"<dt>{re.escape(label)}</dt><dd>(.*?)</dd>", html, re.S)
    assert found, f"no {label!r} on the page"
    return found.group(1).strip()


def test_the_desk_is_called_incoming_registrations(staff):
    html = staff.get("/staff/").get_data(as_text=True)
    assert "<h1>Inkomna anmälningar</h1>" in html
    assert "<title>Inkomna anmälningar" in html
    assert ">Inkomna anmälningar</a>" in html  # the menu
    assert "Leveranser" not in html


def test_a_staff_entry_says_who_registered_it(app, staff):
    response = post_entry(staff, staff_entry())
    html = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert fact(html, "Registrerad av") == EMAIL
    assert "<dt>Kanal</dt>" not in html


def test_a_buyers_registration_names_its_channel(app, staff):
    sid = register(app)
    html = staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    assert fact(html, "Kanal") == "webb"
    assert "Registrerad av" not in html


def test_the_consent_is_shown_as_it_was_worded(app, staff):
    sid = register(app)
    html = staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    consent = fact(html, "Samtycke")
    assert "Jag samtycker till att Mäklarbyrån behandlar mina uppgifter" in consent
    assert "(text " not in html


def test_sends_are_counted_not_called_tries(app, staff):
    sid = register(app)
    app.extensions["delivery"].worker().drain()
    html = staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    assert fact(html, "Skickad till Vitec") == "1 gång"
    assert "<dt>Försök</dt>" not in html
    desk = staff.get("/staff/").get_data(as_text=True)
    assert '<th scope="col">Försök</th>' not in desk


def test_the_present_homes_type_asks_for_a_housing_type(app):
    html = app.test_client().get("/").get_data(as_text=True)
    assert '<option selected value="">Välj bostadstyp</option>' in html or (
        '<option value="">Välj bostadstyp</option>' in html
    )
    assert "Välj (frivilligt)" not in html


def test_the_staff_form_has_one_word_for_a_task_and_another_for_its_kind(staff):
    html = staff.get("/staff/ny").get_data(as_text=True)
    assert "<legend><h2>Uppföljning</h2></legend>" in html
    assert re.search(r"<label[^>]*>\s*Typ av uppgift", html)
    assert "<legend><h2>Uppgift</h2></legend>" not in html


def test_both_staff_forms_use_the_same_words_for_the_task_and_the_privacy_policy(staff):
    for page in ("/staff/ny", "/staff/ny/bostad"):
        html = staff.get(page).get_data(as_text=True)
        assert "<legend><h2>Uppföljning</h2></legend>" in html, page
        assert "<legend><h2>Uppgift</h2></legend>" not in html, page
        assert ">Läs integritetspolicyn</a>" in html, page
        assert ">Integritetspolicyn</a>" not in html, page


def test_the_area_picker_says_none_is_chosen_yet():
    with open("static/areas.js", encoding="utf-8") as script:
        text = script.read()
    assert "Inga områden valda ännu" in text
    assert "inga än" not in text
