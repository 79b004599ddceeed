"""Efterfrågan: a period at the calendar's edge is refused next to its field; the page says
"sidvisningar" and "misstänkt spam"; the service's own pages are no host site; a form request
works out its host site once."""

from __future__ import annotations

import re

import pytest

from app.web.buyer import counting
from tests.conftest import make_app, submit, valid_answers
from tests.insight_pages import HOST_SITE, Clock, csv_section, embed_submit, log_in, tables, visitor

PAGE = "/staff/statistik?period=4"
OWN = "https://intresse.maklarbyran.se"


@pytest.fixture
def app(sandbox, database_url):
    return make_app(
        sandbox.url, database_url, CLOCK=Clock(), FRAME_ANCESTORS=[HOST_SITE], PUBLIC_URL=OWN
    )


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        ("fran=9999-12-01&till=9999-12-31", "fran", "Välj ett datum till och med "),
        ("fran=2025-01-01&till=9999-12-31", "till", "Välj ett datum till och med "),
        ("fran=0001-01-01&till=0001-01-31", "fran", "Välj ett datum från och med 2000-01-01."),
    ],
)
def test_a_period_at_the_calendars_edge_is_refused_next_to_its_field(app, dates, field, message):
    staff = log_in(app)
    response = staff.get(f"/staff/statistik?period=egen&{dates}")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', html)
    assert error and message in error.group(1)
    for export in ("efterfragan.csv", "efterfragan.json"):
        assert staff.get(f"/staff/statistik/{export}?period=egen&{dates}").status_code == 400


def test_the_page_and_the_csv_say_sidvisningar_and_misstankt_spam(app):
    submit(visitor(app, 1), "/", valid_answers())
    submit(visitor(app, 2), "/", valid_answers(kontrollfalt="http://spam.example"))
    staff = log_in(app)
    html = staff.get(PAGE).get_data(as_text=True)
    text = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1])
    assert not re.search(r"\b[Vv]isning", text)  # a viewing is a broker's showing of a home
    assert "robot" not in text.lower()
    assert "Sidvisningar" in text and "Misstänkt spam" in text
    found = tables(html)
    assert found["tabell-formularet"][0] == [
        "Kanal och webbplats",
        "Sidvisningar",
        "Anmälningar",
        "Konvertering",
        "Misstänkt spam",
        "Andel misstänkt spam",
    ]
    body = staff.get("/staff/statistik/efterfragan.csv?period=4").data
    key_figures = csv_section(body, "Nyckeltal")
    assert ["", "", "Misstänkt spam", "1"] in key_figures
    assert ["", "", "Sidvisningar av formuläret", "2"] in key_figures
    assert csv_section(body, "Formuläret")[0][2] == "Sidvisningar"
    assert "robot" not in body.decode("utf-8").lower()
    assert not re.search(r"\b[Vv]isning", body.decode("utf-8"))


@pytest.mark.parametrize("own", [OWN, "http://localhost"])
def test_the_services_own_example_page_is_counted_as_the_website(app, own):
    visitor(app, 1).get("/embed", headers={"Referer": own + "/inbaddning"})
    sent = embed_submit(visitor(app, 2), valid_answers(), referrer=own + "/inbaddning")
    assert sent.status_code == 302
    visitor(app, 3).get("/embed", headers={"Referer": HOST_SITE + "/"})
    staff = log_in(app)
    found = tables(staff.get(PAGE).get_data(as_text=True))
    assert found["tabell-formularet"][1:] == [
        ["Webb", "2", "1", "50,0 %", "0", "0,0 %"],
        [f"Inbäddad på {HOST_SITE}", "1", "0", "0,0 %", "0", "–"],
    ]
    weeks = found["tabell-veckor"]
    assert weeks[-1][1:] == ["1", "0", "0", "1"]  # the week's registration under Webb


def test_a_form_request_works_out_its_host_site_once(app, monkeypatch):
    calls = []
    allowed = counting._allowed_sites

    def counted():
        calls.append(1)
        return allowed()

    monkeypatch.setattr(counting, "_allowed_sites", counted)
    client = app.test_client()
    assert client.get("/embed", headers={"Referer": HOST_SITE + "/"}).status_code == 200
    assert len(calls) == 1
    calls.clear()
    assert embed_submit(client, valid_answers()).status_code == 302
    assert len(calls) == 2  # the form's GET and its post, once each
