"""The staff desk: login, manual entry with every Vitec field, corrections, erasure, audit."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from flask import Flask

from app import outbox
from app.intake.validators import InvalidValue, normalize_personnummer
from app.staff import accounts, audit
from tests.conftest import hidden_fields, make_app, valid_answers

EMAIL = "anna@maklarbyran.se"
PASSWORD = "ett-långt-lösenord-77"


def staff_app(sandbox, database_url):
    """An app with the staff member's account."""
    app = make_app(sandbox.url, database_url, WTF_CSRF_ENABLED=True)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    return app


app = pytest.fixture(staff_app, name="app")


def token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def log_in(client, email=EMAIL, password=PASSWORD):
    """Post the login form as a browser would (with its CSRF token, when the app has one)."""
    page = client.get("/staff/login").get_data(as_text=True)
    return client.post(
        "/staff/login", data={"email": email, "password": password, **hidden_fields(page)}
    )


def logged_in(app, email: str = EMAIL, password: str = PASSWORD):
    """A client of the app logged in as this staff member (whose account must exist)."""
    client = app.test_client()
    response = log_in(client, email, password)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    return client


def staff_entry(**changes) -> dict:
    data = valid_answers(
        social_security_number="811218-9876",
        work_phone="08-123 456 78",
        obtain_through="Visit",
        user_id="HAN002",
        categories=["KAT-1", "KAT-9"],  # KAT-9 is read-only in Vitec and must be ignored
        note="Träffades på visning",
        lead_score="4",
        custom_field_name="Källa",
        custom_field_value="Visning Götgatan",
        task_id="UPG-2",
        task_note="Ring om värdering",
        task_estate_id="OBJ-1",
        task_assigned_to="HAN001",
        notify_user="y",
        watched="NotAsked",
        countys=["01"],
        requirements=["KRAV-1"],
        office="M99999",
    )
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def post_entry(client, data):
    page = client.get("/staff/ny").get_data(as_text=True)
    fields = hidden_fields(page)
    own = {name: fields[name] for name in ("csrf_token", "submission_id", "form_token")}
    return client.post("/staff/ny", data={**data, **own})


def test_every_staff_route_needs_a_login(app: Flask):
    client = app.test_client()
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/staff")]
    assert len(rules) >= 8
    for rule in rules:
        if rule.endpoint == "staff.login":
            continue
        url = rule.rule.replace("<submission_id>", "0" * 32)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method)
            assert response.status_code in (302, 401, 403), (method, url, response.status_code)
            if response.status_code == 302:
                assert response.headers["Location"].startswith("/staff/login")
            assert "Åsa" not in response.get_data(as_text=True)


def test_staff_pages_are_never_framed(app):
    response = app.test_client().get("/staff/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_login_rotates_the_session_and_wrong_passwords_fail(app):
    client = app.test_client()
    assert log_in(client, password="fel-lösenord-123").status_code == 422
    before = client.get_cookie("session").value
    response = log_in(client)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    after = client.get_cookie("session")
    assert after.value != before and after.http_only and after.same_site == "Lax"
    assert client.get("/staff/").status_code == 200
    entries = audit.recent(app.extensions["delivery"].engine)
    assert [e["action"] for e in entries] == ["login", "login_failed"]


def test_a_disabled_account_loses_its_session(app):
    client = app.test_client()
    log_in(client)
    assert client.get("/staff/").status_code == 200
    assert app.test_cli_runner().invoke(args=["staff", "disable", EMAIL]).exit_code == 0
    assert client.get("/staff/").status_code == 302
    assert log_in(client).status_code == 422


def test_staff_add_prompts_for_the_password(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["staff", "add", "ny@maklarbyran.se"], input="kort\nkort\n")
    assert result.exit_code != 0 and "minst 12 tecken" in result.output
    pw = "ett-annat-långt-lösen"
    result = runner.invoke(args=["staff", "add", "ny@maklarbyran.se"], input=f"{pw}\n{pw}\n")
    assert result.exit_code == 0, result.output
    assert pw not in result.output
    user = accounts.authenticate(app.extensions["delivery"].engine, "NY@maklarbyran.se", pw)
    assert user is not None
    stored = (
        app.extensions["delivery"]
        .engine.connect()
        .exec_driver_sql("SELECT password_hash FROM staff_users WHERE email = 'ny@maklarbyran.se'")
        .scalar()
    )
    assert stored.startswith("$argon2id$") and pw not in stored


def test_login_attempts_are_throttled(sandbox, database_url):
    app = make_app(sandbox.url, database_url, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    codes = [
        client.post("/staff/login", data={"email": "x@y.se", "password": "nej"}).status_code
        for _ in range(4)
    ]
    assert codes[:3] == [422, 422, 422] and codes[3] == 429
    assert "För många försök" in client.post("/staff/login").get_data(as_text=True)


def test_manual_entry_carries_every_staff_field_to_vitec(app, sandbox):
    client = app.test_client()
    log_in(client)
    response = post_entry(client, staff_entry())
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    app.extensions["delivery"].worker().drain()
    (received,) = sandbox.received()
    payload = received["payload"]
    person = payload["updatePerson"]
    assert person["socialSecurityNumber"] == "19811218-9876"
    assert person["isForeignSocialSecurityNumber"] is False
    assert person["workPhone"] == "08-123 456 78"
    assert person["obtainThrough"] == "Visit"
    assert person["userId"] == "HAN002"
    assert person["categoryIds"] == ["KAT-1"]
    assert person["note"] == "Träffades på visning"
    assert person["leadScore"] == 4
    assert person["customField"] == {"name": "Källa", "value": "Visning Götgatan"}
    assert person["task"] == {
        "predefinedTaskId": "UPG-2",
        "note": "Ring om värdering",
        "estateId": "OBJ-1",
        "assignedTo": "HAN001",
    }
    assert person["approval"] is True and person["gdprApprovalDate"]
    assert payload["notifyUser"] is True and payload["watched"] == "NotAsked"
    wish = payload["lookingForAccommodations"][0]
    assert wish["countys"] == ["01"] and wish["increasedRequirementIDs"] == ["KRAV-1"]
    row = outbox.listing(app.extensions["delivery"].engine)[0]
    assert row["channel"] == "staff" and row["entered_by"] == EMAIL
    desk = client.get("/staff/?status=levererad").get_data(as_text=True)
    assert f"Registrerad av {EMAIL}" in desk and "levererad" in desk


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"social_security_number": "811218-9875"},
            "social_security_number",
            "Personnumret stämmer inte",
        ),
        (
            {"requirements": ["KRAV-1"], "housing_types": ["house"]},
            "requirements",
            "gäller inte de valda bostadstyperna",
        ),
        ({"notify_user": "y", "user_id": ""}, "user_id", "Välj en handläggare"),
        ({"custom_field_value": ""}, "custom_field_value", "både namn och värde"),
        ({"consent": None}, "consent", "Bekräfta att personen"),
        ({"user_id": "HAN999"}, "user_id", "Välj ett alternativ"),
    ],
)
def test_staff_form_refuses_what_vitec_would(app, sandbox, changes, field, message):
    client = app.test_client()
    log_in(client)
    response = post_entry(client, staff_entry(**changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html and message in html
    assert outbox.listing(app.extensions["delivery"].engine) == []


# (housing type, increased requirement, allowed): the sandbox's requirements name estate
# classes (sandbox/data.py); a radhus is a house to them.
REQUIREMENT_FITS = [
    ("house", "KRAV-3", True),  # Garage: House
    ("rowHouse", "KRAV-3", True),
    ("rowHouse", "KRAV-4", True),  # Sjöutsikt: House, Cottage, HousingCooperative
    ("rowHouse", "KRAV-1", False),  # Balkong: HousingCooperative, Condominium
    ("housingCooperative", "KRAV-1", True),
    ("housingCooperative", "KRAV-3", False),
    ("cottage", "KRAV-4", True),
    ("cottage", "KRAV-3", False),
    ("farm", "KRAV-5", True),  # Stall: Farm
    ("premises", "KRAV-6", True),  # Skyltfönster: Premises, CommercialProperty
    ("plot", "KRAV-4", False),
    ("tenancy", "KRAV-4", False),
    ("otherHousing", "KRAV-3", False),
]


@pytest.mark.parametrize(("flag", "requirement", "allowed"), REQUIREMENT_FITS)
def test_a_requirement_goes_only_with_a_housing_type_it_is_valid_for(
    app, flag, requirement, allowed
):
    client = logged_in(app)
    data = staff_entry(housing_types=[flag], requirements=[requirement])
    response = post_entry(client, data)
    assert response.status_code == (302 if allowed else 422)
    assert len(outbox.listing(app.extensions["delivery"].engine)) == (1 if allowed else 0)


def test_a_foreign_personnummer_is_not_checked(app, sandbox):
    client = app.test_client()
    log_in(client)
    data = staff_entry(social_security_number="NO-12345678", foreign_ssn="y")
    assert post_entry(client, data).status_code == 302
    app.extensions["delivery"].worker().drain()
    person = sandbox.received()[0]["payload"]["updatePerson"]
    assert person["socialSecurityNumber"] == "NO-12345678"
    assert person["isForeignSocialSecurityNumber"] is True


def test_a_rejected_registration_is_corrected_and_delivered_with_an_audit_trail(app, sandbox):
    public = app.test_client()
    public.get("/")
    body = {"Message": "Ogiltig", "ModelState": {"interest.UpdatePerson.LastName": ["Fel"]}}
    sandbox.fail_next(400, body=body)
    page = public.get("/").get_data(as_text=True)
    data = {**valid_answers(last_name="Öbrg"), **hidden_fields(page)}
    assert public.post("/", data=data).status_code == 302
    app.extensions["delivery"].worker().drain()
    sid = data["submission_id"]
    assert outbox.get(app.extensions["delivery"].engine, sid)["status"] == "rejected"

    client = app.test_client()
    log_in(client)
    detail = client.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    assert "Vitec avvisade uppgifterna" in detail and "Rätta och skicka igen" in detail
    form_page = client.get(f"/staff/anmalan/{sid}/ratta").get_data(as_text=True)
    assert 'value="Öbrg"' in form_page  # what the person typed, ready to correct
    corrected = staff_entry(last_name="Öberg", social_security_number="", requirements=None)
    corrected.update(csrf_token=token(form_page), submission_id=sid)
    response = client.post(f"/staff/anmalan/{sid}/ratta", data=corrected)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    app.extensions["delivery"].worker().drain()
    assert outbox.get(app.extensions["delivery"].engine, sid)["status"] == "delivered"
    assert sandbox.received()[0]["payload"]["updatePerson"]["lastName"] == "Öberg"
    log_page = client.get("/staff/logg").get_data(as_text=True)
    assert "rättade och skickade om" in log_page
    actions = [
        e["action"] for e in audit.recent(app.extensions["delivery"].engine, submission_id=sid)
    ]
    assert actions == ["edit", "read"]  # the detail page was read before the correction
    assert "Öbrg" not in log_page


def test_resend_and_erase_from_the_desk(app, sandbox):
    public = app.test_client()
    public.get("/")
    sandbox.fail_next(503, count=5)
    fields = hidden_fields(public.get("/").get_data(as_text=True))
    sid = fields["submission_id"]
    assert public.post("/", data={**valid_answers(), **fields}).status_code == 302
    app.extensions["delivery"].worker().run_once()
    client = app.test_client()
    log_in(client)
    detail = client.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    assert "tillfälligt fel (503)" in detail
    assert (
        client.post(
            f"/staff/anmalan/{sid}/skicka-igen", data={"csrf_token": token(detail)}
        ).status_code
        == 302
    )
    confirm = client.get(f"/staff/anmalan/{sid}/radera").get_data(as_text=True)
    assert "Radera Åsa Öbergs uppgifter?" in confirm
    client.post(f"/staff/anmalan/{sid}/radera", data={"csrf_token": token(confirm)})
    row = outbox.get(app.extensions["delivery"].engine, sid)
    assert row["payload"] is None and row["answers"] is None and row["erased_at"]
    assert row["status"] == "dead"  # never sent now
    actions = [
        e["action"] for e in audit.recent(app.extensions["delivery"].engine, submission_id=sid)
    ]
    assert actions == ["erase", "resend", "read"]
    assert app.extensions["delivery"].worker().drain() == 0


def test_a_post_without_the_csrf_token_changes_nothing(app, sandbox):
    client = app.test_client()
    log_in(client)
    response = client.post("/staff/ny", data=staff_entry())
    assert response.status_code == 400
    assert outbox.listing(app.extensions["delivery"].engine) == []


TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("19811218-9876", "19811218-9876"),
        ("198112189876", "19811218-9876"),
        ("811218-9876", "19811218-9876"),
        ("8112189876", "19811218-9876"),
        ("811218+9876", "18811218-9876"),  # '+' means over a hundred years old
        ("19811278-9873", "19811278-9873"),  # samordningsnummer (day + 60)
        ("811278-9873", "19811278-9873"),
        (" 19811218 - 9876 ", "19811218-9876"),
    ],
)
def test_valid_personnummer(typed, normalised):
    assert normalize_personnummer(typed, TODAY) == normalised


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("19811218-9875", "Personnumret stämmer inte"),  # the check digit
        ("8112189875", "Personnumret stämmer inte"),
        ("19811318-9876", "Personnumret stämmer inte"),  # month 13
        ("19810230-1234", "Personnumret stämmer inte"),  # 30 February
        ("19811292-9876", "Personnumret stämmer inte"),  # day 92 - 60 = 32
        ("20991218-9876", "har inte inträffat"),
        ("1981121-9876", "ÅÅÅÅMMDD-NNNN"),
        ("abc", "ÅÅÅÅMMDD-NNNN"),
    ],
)
def test_invalid_personnummer(typed, message):
    with pytest.raises(InvalidValue, match=message):
        normalize_personnummer(typed, TODAY)


def test_staff_correcting_a_buyers_registration_keep_how_it_came_in_and_when_consent_was_given(
    app, sandbox
):
    public = app.test_client()
    public.get("/")
    body = {"Message": "Ogiltig", "ModelState": {"interest.UpdatePerson.LastName": ["Fel"]}}
    sandbox.fail_next(400, body=body)
    data = {**valid_answers(last_name="Öbrg"), **hidden_fields(public.get("/").get_data(True))}
    assert public.post("/", data=data).status_code == 302
    app.extensions["delivery"].worker().drain()
    sid = data["submission_id"]
    consented = outbox.get(app.extensions["delivery"].engine, sid)["consent_at"]

    client = app.test_client()
    log_in(client)
    page = client.get(f"/staff/anmalan/{sid}/ratta").get_data(as_text=True)
    assert 'value="Interest" selected' in page  # how it came in: the web form
    assert "Jag samtycker till att" in page  # the buyer's own consent, not the staff text
    response = client.post(
        f"/staff/anmalan/{sid}/ratta",
        data={**hidden_fields(page), **_selected(page), "last_name": "Öberg"},
    )
    assert response.status_code == 302
    app.extensions["delivery"].worker().drain()
    (received,) = sandbox.received()
    person = received["payload"]["updatePerson"]
    assert person["lastName"] == "Öberg" and person["obtainThrough"] == "Interest"
    assert person["userId"] == "HAN001"  # the office's handläggare, as the web form sent it
    assert person["categoryIds"] == ["KAT-1"]
    assert datetime.fromisoformat(person["approvalDate"]) == consented.replace(microsecond=0)


def _selected(page: str) -> dict:
    """What a browser posts back for a form page: text inputs, ticked boxes, chosen options."""
    import html as html_module

    data: dict = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or (kind and kind.group(1) == "hidden"):
            continue
        if kind and kind.group(1) == "checkbox" and " checked" not in tag:
            continue
        data.setdefault(name.group(1), []).append(
            html_module.unescape(value.group(1) if value else "")
        )
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        data[name] = [chosen.group(1) if chosen else ""]
    for name, text in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', page, re.S
    ):
        data[name] = [html_module.unescape(text)]
    return data


def test_a_staff_form_cannot_rewrite_a_buyers_registration(app, sandbox):
    public = app.test_client()
    data = {**valid_answers(last_name="Köpare"), **hidden_fields(public.get("/").get_data(True))}
    assert public.post("/", data=data).status_code == 302
    app.extensions["delivery"].worker().drain()
    sid = data["submission_id"]
    before = outbox.get(app.extensions["delivery"].engine, sid)

    client = app.test_client()
    log_in(client)
    page = client.get("/staff/ny").get_data(as_text=True)
    forged = {**staff_entry(last_name="Annan"), "csrf_token": token(page), "submission_id": sid}
    assert client.post("/staff/ny", data=forged).status_code == 422
    after = outbox.get(app.extensions["delivery"].engine, sid)
    assert after["status"] == "delivered" and after["version"] == before["version"]
    assert after["payload"] == before["payload"] and after["consent"] == before["consent"]
    assert app.extensions["delivery"].worker().drain() == 0
    assert len(sandbox.received()) == 1
