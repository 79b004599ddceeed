"""The buyer's words: an example of the right kind beside a number, a contact hint and error
that say the same, an error summary in the page's order, one term for a type of home, days
in proper Swedish, one voice on the thank-you page, and "e-post" throughout the e-mails."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest

from app.intake.validators import InvalidValue, parse_price
from tests.conftest import make_app, submit, valid_answers
from tests.test_public_form import field_block

NBSP = "\u00a0"


def text_of(markup: str) -> str:
    """Markup as a person reads it: tags gone, entities decoded, blanks collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", markup)).split())


# A number of its own kind --------------------------------------------------------------------

ROOMS_EXAMPLE = "Skriv ett tal, till exempel 3 eller 2,5."
AREA_EXAMPLE = "Skriv ett tal, till exempel 75."
PRICE_EXAMPLE = f"Skriv ett tal, till exempel 3{NBSP}500{NBSP}000 eller 2,5."


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("living_space_min", "-5", AREA_EXAMPLE),
        ("living_space_max", "sjuttio", AREA_EXAMPLE),
        ("plot_area_min", "1,2,3", AREA_EXAMPLE),
        ("present_living_space", "-5", AREA_EXAMPLE),
        ("rooms_min", "två", ROOMS_EXAMPLE),
        ("present_rooms", "-1", ROOMS_EXAMPLE),
    ],
)
def test_a_number_not_understood_gets_an_example_of_its_own_kind(client, field, typed, message):
    response = submit(client, "/", data=valid_answers(**{field: typed}))
    assert response.status_code == 422
    block = unescape(field_block(response.get_data(as_text=True), field))
    assert message.replace(NBSP, " ") in block.replace(NBSP, " ")
    assert "3 500 000" not in block.replace(NBSP, " ")  # no price example beside a non-price


def test_a_price_keeps_the_price_example():
    with pytest.raises(InvalidValue) as caught:
        parse_price("1,2,3", Decimal(1_000_000_000))
    assert str(caught.value) == PRICE_EXAMPLE


# The contact rule ---------------------------------------------------------------------------


def test_the_contact_hint_and_its_error_say_the_same_rule(client):
    """The same rule in the same words, though never both shown at once (the error stands
    instead of the hint; tests/test_form_layout_browser.py)."""
    response = submit(client, "/", data=valid_answers(email="", cell_phone="", home_phone=""))
    html = response.get_data(as_text=True)
    hint = text_of(re.search(r'<p class="hint" id="kontakt-hint"[^>]*>(.*?)</p>', html, re.S)[1])
    error = text_of(
        re.search(r'<p class="field-error" id="kontakt-error"[^>]*>(.*?)</p>', html, re.S)[1]
    )
    error = error.removeprefix("Fel: ")
    for said in (hint, error):
        assert said.startswith("Fyll i "), said
        assert re.search(r"e-post, mobiltelefon eller hemtelefon", said), said


# The error summary --------------------------------------------------------------------------


def test_the_error_summary_follows_the_order_of_the_page(client):
    answers = valid_answers(
        last_name="",
        email="",
        cell_phone="",
        home_phone="",
        zip_code="12",
        areas=None,
        rooms_min="tre",
        present_rooms="-1",
        consent=None,
    )
    html = submit(client, "/", data=answers).get_data(as_text=True)
    summary = html[html.index('id="felsammanfattning"') : html.index("</ul>")]
    targets = re.findall(r'<a href="#([^"]+)">', summary)
    assert targets[:3] == ["last_name", "email", "zip_code"]  # the contact rule after Efternamn
    form = html[html.index("<form") :]
    positions = [form.index(f'id="{target}"') for target in targets]
    assert positions == sorted(positions), targets
    assert len(targets) == 7


# One term for a type of home -------------------------------------------------------------------


def test_the_present_home_and_the_wishes_use_one_term(client):
    html = client.get("/").get_data(as_text=True)
    assert re.search(r'<label for="present_estate_type">Typ av bostad</label>', html)
    assert "Typ av boende" not in html
    response = submit(client, "/", data=valid_answers(present_estate_type="Slott"))
    block = field_block(response.get_data(as_text=True), "present_estate_type")
    assert "Välj en typ av bostad i listan." in block


# Days in Swedish on the privacy page ----------------------------------------------------------


@pytest.mark.parametrize(
    ("delivered", "kept", "sentence"),
    [
        (
            1.0,
            1.0,
            "Det som lämnades över tas bort härifrån 1 dag efter överlämningen, och allt som rör "
            "dig tas bort härifrån senast 1 dag efter att du skickade anmälan.",
        ),
        (
            0.0,
            0.0,
            "Det som lämnades över tas bort härifrån samma dag som överlämningen, och allt som "
            "rör dig tas bort härifrån senast samma dag som du skickade anmälan.",
        ),
        (
            14.0,
            0.5,
            "Det som lämnades över tas bort härifrån 14 dagar efter överlämningen, och allt som "
            "rör dig tas bort härifrån senast 0,5 dagar efter att du skickade anmälan.",
        ),
    ],
)
def test_the_privacy_page_counts_days_in_swedish(sandbox, database_url, delivered, kept, sentence):
    app = make_app(
        sandbox.url, database_url, DELIVERED_RETENTION_DAYS=delivered, RETENTION_DAYS=kept
    )
    page = text_of(app.test_client().get("/integritet").get_data(as_text=True))
    assert sentence in page
    assert not re.search(r"\b[01] dagar\b", page)


# One voice on the thank-you page ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_the_thank_you_page_speaks_in_one_voice(client, path):
    response = submit(client, path, data=valid_answers())
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    panel = text_of(re.search(r'<div class="panel panel--success"[^>]*>(.*?)</div>', page, re.S)[1])
    assert panel == (
        "Tack för din intresseanmälan! Vi har tagit emot dina önskemål och hör av oss när det "
        "finns en bostad som passar."
    )
    assert "hör av sig" not in page
