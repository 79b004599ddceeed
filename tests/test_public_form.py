"""The public form end to end: the app and the sandbox talk over a loopback port."""

from __future__ import annotations

import base64
import json
import re

import pytest
from markupsafe import escape

from app import outbox
from tests.conftest import (
    SANDBOX_PASSWORD,
    SANDBOX_USER,
    form_token_for,
    hidden_fields,
    make_app,
    submit,
    valid_answers,
)


def field_block(html: str, field_id: str) -> str:
    """The markup of the .field wrapper that holds the input with this id."""
    start = html.index(f'id="{field_id}"')
    opening = html.rfind('<div class="field', 0, start)
    return html[opening : html.index("</div>", start)]


def test_form_is_swedish_and_offers_only_usable_areas_grouped_by_municipality(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    for label in ("Förnamn", "Efternamn", "E-post", "Mobiltelefon", "Skicka intresseanmälan"):
        assert label in html
    legends = re.findall(r'<fieldset class="area-group">\s*<legend>([^<]+)</legend>', html)
    assert legends == ["Nacka", "Solna", "Stockholm", "Uppsala"]  # by county code
    assert "Övriga områden" not in html
    assert 'for="areas-OMR-SOD">Södermalm</label>' in html
    assert 'for="areas-OMR-LIL">Liljeholmen</label>' in html  # only a WGS84 polygon: usable
    for hidden in ("Gamla stan", "Skärholmen", "Intern bevakning"):
        assert hidden not in html
    for name in (
        "Villa",
        "Radhus",
        "Bostadsrätt",
        "Fritidshus",
        "Tomt",
        "Gård",
        "Utlandsbostad",
        "Annat boende",
    ):
        assert f">{name}</label>" in html
    for name in ("Lokal", "Hyresrätt"):  # not by default (HOUSING_TYPES)
        assert f">{name}</label>" not in html
    assert 'autocomplete="given-name"' in html and 'autocomplete="email"' in html
    consent = re.search(r'<input type="checkbox" name="consent"[^>]*>', html).group(0)
    assert "checked" not in consent
    assert re.search(r'<label for="consent">Jag samtycker', html)
    assert re.search(r'<label for="wish_advertising">Jag vill', html)


def test_valid_submission_is_stored_then_delivered_to_vitec(app, client, sandbox, deliver):
    response = submit(client, "/", data=valid_answers(zip_code="11846", city="Stockholm"))
    assert response.status_code == 302
    # Nothing about the person in the address: only a signed reference for the summary.
    location = response.headers["Location"]
    assert re.fullmatch(r"/tack\?ref=[\w.-]+", location)
    assert not {"asa", "oberg", "070", "M99999"} & set(re.split(r"[^\w]+", location.lower()))
    engine = app.extensions["delivery"].engine
    assert outbox.counts(engine)["queued"] == 1
    assert sandbox.received() == []  # the person did not wait for Vitec
    assert deliver() == 1
    assert outbox.counts(engine)["delivered"] == 1
    received = sandbox.received()
    assert len(received) == 1
    payload = received[0]["payload"]
    person = payload["updatePerson"]
    assert person["firstName"] == "Åsa" and person["lastName"] == "Öberg"
    assert person["cellPhone"] == "070-123 45 67"
    assert person["email"] == {"emailAddress": "asa.oberg@example.se"}
    assert person["address"] == {"zipCode": "118 46", "city": "Stockholm", "countryCode": "SE"}
    assert person["customerId"] == "M99999" and person["userId"] == "HAN001"
    assert person["categoryIds"] == ["KAT-1"]
    assert person["obtainThrough"] == "Interest" and person["approval"] is True
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00", person["approvalDate"])
    assert person["wishAdvertising"] is False
    wish = payload["lookingForAccommodations"][0]
    assert wish["areaIds"] == ["OMR-SOD", "OMR-RAS"]
    assert wish["housingCooperative"] is True and wish["rowHouse"] is True
    assert wish["house"] is False
    assert wish["price"] == {"min": 2500000, "max": 4000000}
    assert wish["numberOfRooms"] == {"min": 2, "max": 3.5}
    assert payload["watched"] == "Yes" and payload["notifyUser"] is False
    thanks = client.get("/tack").get_data(as_text=True)
    assert "Tack för din intresseanmälan" in thanks
    assert "Åsa" not in thanks


INVALID = [
    ({"first_name": ""}, "first_name", "Skriv ditt förnamn."),
    ({"last_name": "   "}, "last_name", "Skriv ditt efternamn."),
    ({"first_name": "Å" * 31}, "first_name", "högst 30 tecken"),
    ({"email": "asa@", "cell_phone": ""}, "email", "Skriv en giltig e-postadress"),
    ({"cell_phone": "12"}, "cell_phone", "verkar inte stämma"),
    ({"home_phone": "abc"}, "home_phone", "Skriv ett telefonnummer"),
    ({"zip_code": "1234"}, "zip_code", "fem siffror"),
    ({"city": "x" * 26}, "city", "högst 25 tecken"),
    ({"street_address": "x" * 69}, "street_address", "högst 68 tecken"),
    ({"price_min": "5 000 000"}, "price_max", "inte vara lägre än det lägsta"),
    ({"rooms_min": "två"}, "rooms_min", "Skriv ett tal"),
    ({"living_space_max": "-4"}, "living_space_max", "Skriv ett tal"),
    (
        {"price_min": "500"},
        "price_min",
        "Menar du 500\u00a0000\u00a0kr eller 500\u00a0000\u00a0000\u00a0kr?",
    ),
    ({"price_max": "3,5 m²"}, "price_max", "Skriv priset i kronor"),
    ({"present_estate_type": "Slott"}, "present_estate_type", "Välj en typ av bostad i listan"),
]


# The form's free-text inputs: each shows back exactly what was typed, blanks trimmed.
TEXT_INPUTS = (
    "first_name",
    "last_name",
    "email",
    "cell_phone",
    "home_phone",
    "street_address",
    "zip_code",
    "city",
    "price_min",
    "price_max",
    "rooms_min",
    "rooms_max",
    "living_space_max",
)


@pytest.mark.parametrize(("changes", "field", "message"), INVALID)
def test_bad_input_gets_a_swedish_message_next_to_the_field_and_keeps_answers(
    client, sandbox, changes, field, message
):
    data = valid_answers(**changes)
    response = submit(client, "/", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>Fel: Intresseanmälan" in html
    assert message in field_block(html, field)
    assert f'href="#{field}"' in html  # the error summary links to the field
    typed = [name for name in TEXT_INPUTS if name in data]
    assert {"first_name", "last_name", "price_max"} <= set(typed)
    for name in typed:  # the wrong value as typed, and every other answer
        assert f'value="{escape(data[name].strip())}"' in field_block(html, name), name
    assert re.search(r'id="areas-OMR-SOD" value="OMR-SOD" checked', html)
    assert sandbox.received() == []


@pytest.mark.parametrize(
    ("changes", "group", "message"),
    [
        ({"areas": None}, "areas", "Välj minst ett område."),
        ({"areas": ["OMR-GAM", "OMR-FINNS-EJ"]}, "areas", "Välj minst ett område."),
        ({"housing_types": None}, "housing_types", "Välj minst en typ av bostad."),
        ({"consent": None}, "consent", "Du behöver samtycka"),
    ],
)
def test_required_choices(client, sandbox, changes, group, message):
    response = submit(client, "/", data=valid_answers(**changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    hidden = '<span class="visually-hidden">Fel: </span>'
    assert f'<p class="field-error" id="{group}-error">{hidden}{message}' in html
    assert sandbox.received() == []


def test_unknown_areas_are_ignored_when_a_known_one_is_chosen(client, sandbox, deliver):
    response = submit(client, "/", data=valid_answers(areas=["OMR-VAS", "OMR-GAM", "<script>"]))
    assert response.status_code == 302
    deliver()
    assert sandbox.received()[0]["payload"]["lookingForAccommodations"][0]["areaIds"] == ["OMR-VAS"]


@pytest.mark.parametrize(
    ("status", "retry_after"), [(500, None), (503, 30), (429, 10), (401, None), (403, None)]
)
def test_vitec_trouble_does_not_reach_the_person(app, client, sandbox, status, retry_after):
    client.get("/")  # the area list is cached before Vitec starts failing
    sandbox.fail_next(status, retry_after=retry_after)
    response = submit(client, "/", data=valid_answers())
    assert response.status_code == 302
    assert app.extensions["delivery"].worker().run_once() == 1  # exactly one attempt
    row = outbox.get(app.extensions["delivery"].engine, _only_id(app))
    assert row["status"] == "retrying" and row["last_status"] == status
    assert SANDBOX_PASSWORD not in (row["last_error"] or "")
    assert sandbox.received() == []


def _only_id(app) -> str:
    from sqlalchemy import select

    from app.outbox import submissions

    with app.extensions["delivery"].engine.connect() as conn:
        return conn.execute(select(submissions.c.id)).scalar_one()


def test_wrong_password_means_no_areas_and_no_leak(sandbox, database_url):
    app = make_app(sandbox.url, database_url, VITEC_PASSWORD="fel-lösenord-123")
    html = app.test_client().get("/").get_data(as_text=True)
    assert "Områdena kunde inte hämtas just nu" in html
    assert "fel-lösenord-123" not in html and SANDBOX_USER not in html


def test_a_stopped_vitec_does_not_stop_the_form(app, client, sandbox):
    client.get("/")
    sandbox.server.stop()
    assert submit(client, "/", data=valid_answers()).status_code == 302
    assert app.extensions["delivery"].worker().run_once() == 1
    row = outbox.get(app.extensions["delivery"].engine, _only_id(app))
    assert row["status"] == "retrying" and "kunde inte nås" in row["last_error"]


def test_the_public_form_sets_no_cookie_and_refuses_a_post_without_its_token(app, sandbox):
    client = app.test_client()
    response = client.get("/")
    assert "Set-Cookie" not in response.headers
    fields = hidden_fields(response.get_data(as_text=True))
    assert set(fields) == {"submission_id", "form_token"}
    for token in ("", fields["form_token"][:-4] + "AAAA"):
        refused = client.post("/", data={**valid_answers(), **fields, "form_token": token})
        assert refused.status_code == 403
        assert "Åtkomst nekad" in refused.get_data(as_text=True)
    accepted = client.post("/", data={**valid_answers(), **fields})
    assert accepted.status_code == 302 and "Set-Cookie" not in accepted.headers
    assert len(outbox.listing(app.extensions["delivery"].engine)) == 1


def test_an_expired_token_shows_the_form_again_with_answers_and_a_fresh_token(app, sandbox):
    client = app.test_client()
    sid = "e" * 32
    old = form_token_for(app, sid, age_seconds=app.config["EMBED_TOKEN_MAX_AGE"] + 60)
    response = client.post("/", data={**valid_answers(), "submission_id": sid, "form_token": old})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Formuläret hade varit öppet länge" in html and 'value="Åsa"' in html
    fields = hidden_fields(html)
    assert fields["submission_id"] == sid and fields["form_token"] != old
    assert client.post("/", data={**valid_answers(), **fields}).status_code == 302
    assert len(outbox.listing(app.extensions["delivery"].engine)) == 1


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "<script>" not in response.get_data(as_text=True)  # no inline script


def test_oversized_request_gets_a_swedish_413(client, sandbox):
    response = submit(client, "/", data=valid_answers(special_request="x" * 70_000))
    assert response.status_code == 413
    assert "För mycket data" in response.get_data(as_text=True)
    assert sandbox.received() == []


def test_unknown_page_gets_a_swedish_404(client):
    response = client.get("/finns-inte")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.get_data(as_text=True)


def test_no_credential_appears_in_any_response(app, client, sandbox):
    secrets = {
        SANDBOX_USER,
        SANDBOX_PASSWORD,
        base64.b64encode(f"{SANDBOX_USER}:{SANDBOX_PASSWORD}".encode()).decode(),
    }
    responses = [
        client.get("/"),
        submit(client, "/", data=valid_answers(first_name="")),
        submit(client, "/", data=valid_answers()),
        client.get("/tack"),
        client.get("/integritet"),
        client.get("/static/form.js"),
        client.get("/static/style.css"),
        client.get("/finns-inte"),
    ]
    sandbox.fail_next(503)
    responses.append(submit(client, "/", data=valid_answers()))
    app.extensions["delivery"].worker().drain()
    for response in responses:
        text = response.get_data(as_text=True) + json.dumps(dict(response.headers))
        for secret in secrets:
            assert secret not in text


def test_area_list_is_cached_between_page_views(client, sandbox):
    for _ in range(3):
        assert client.get("/").status_code == 200
    assert sandbox.state.calls == 2  # one GetAreas and one Municipality call


def test_areas_file_serves_when_vitec_cannot_be_reached(tmp_path, database_url):
    areas_file = tmp_path / "omraden.json"
    square = [{"longitud": 1, "latitud": 1}] * 4
    areas = [
        {"areaId": "FIL-1", "areaName": "Fågelsången", "county": "0380", "polygon": square},
        {"areaId": "FIL-2", "areaName": "Utanför", "county": "9999", "polygonWGS84": square},
    ]
    municipalities = [{"id": "K1", "name": "Uppsala", "countyMunicipalityCode": "0380"}]
    areas_file.write_text(
        json.dumps({"areas": areas, "municipalities": municipalities}), encoding="utf-8"
    )
    app = make_app("http://127.0.0.1:9", database_url, AREAS_FILE=str(areas_file))
    html = app.test_client().get("/").get_data(as_text=True)
    legends = re.findall(r'<fieldset class="area-group">\s*<legend>([^<]+)</legend>', html)
    assert legends == ["Uppsala", "Övriga områden"]
    assert ">Fågelsången</label>" in html and ">Utanför</label>" in html


def test_the_empty_form_page_is_reused_but_every_view_gets_its_own_ids(app, client):
    pages = [client.get(path).get_data(as_text=True) for path in ("/", "/embed", "/", "/embed")]
    cache = app.extensions["blank_form_pages"]
    assert len(cache) == 2  # one per page kind, neither evicting the other
    ids = [
        re.search(r'name="submission_id" type="hidden" value="([0-9a-f]{32})"', p)[1] for p in pages
    ]
    assert len(set(ids)) == 4
    assert "@@" not in "".join(pages)
