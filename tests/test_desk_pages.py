"""The desk's pages speak Swedish to staff: who the registration is from, Vitec's answer with
the form's own labels, the history in words, and a staff form that speaks of the person."""

from __future__ import annotations

import re

import pytest

from app import outbox
from app.outbox.errors import open_last_error
from app.staff import accounts
from app.vitec.client import SEND_INTEREST_PATH as SEND
from app.web.staff.vitec_fields import field_label, refusals, rejection_problems
from tests.conftest import hidden_fields, make_app, register
from tests.test_staff import EMAIL, logged_in, post_entry, staff_app, staff_entry, token

# The staff tests' app (with the staff member's account) and a logged-in client.
app = pytest.fixture(staff_app, name="app")
staff = pytest.fixture(logged_in, name="staff")


def text_of(html: str) -> str:
    """What a person reads: the page without tags, scripts and attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# Vitec's answer -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("interest.UpdatePerson.Email.EmailAddress", "E-post"),
        ("interest.UpdatePerson.Email", "E-post"),
        ("interest.UpdatePerson.FirstName", "Förnamn"),
        ("interest.UpdatePerson.LastName", "Efternamn"),
        ("interest.UpdatePerson.CellPhone", "Mobiltelefon"),
        ("interest.UpdatePerson.TelePhone", "Hemtelefon"),
        ("interest.UpdatePerson.WorkPhone", "Arbetstelefon"),
        ("interest.UpdatePerson.OtherPhone", "Annan telefon"),
        ("interest.UpdatePerson.SocialSecurityNumber", "Personnummer"),
        ("interest.UpdatePerson.Address.StreetAddress", "Gatuadress"),
        ("interest.UpdatePerson.Address.ZipCode", "Postnummer"),
        ("interest.UpdatePerson.Address.City", "Ort"),
        ("interest.UpdatePerson.UserId", "Handläggare"),
        ("interest.UpdatePerson.ContactId", "Befintligt kontakt-id i Vitec"),
        ("interest.UpdatePerson.CategoryIds", "Kategorier"),
        ("interest.UpdatePerson.LeadScore", "Intressegrad (0–5)"),
        ("interest.UpdatePerson.Task.PredefinedTaskId", "Typ av uppgift"),
        ("interest.UpdatePerson.Task.AssignedTo", "Uppgiften tilldelas"),
        ("interest.UpdatePerson.CustomerId", "Kontor (kund-id i Vitec)"),
        ("interest.UpdatePerson", "Kontaktuppgifter"),
        ("interest.LookingForAccommodations", "Önskemål om bostad"),
        ("interest.LookingForAccommodations[0]", "Önskemål om bostad"),
        ("interest.LookingForAccommodations[0].AreaIds", "Områden"),
        ("interest.LookingForAccommodations[0].Countys", "Län"),
        ("interest.LookingForAccommodations[0].Price.Min", "Lägsta pris"),
        ("interest.LookingForAccommodations[0].Price.Max", "Högsta pris"),
        ("interest.LookingForAccommodations[0].NumberOfRooms.Min", "Minst antal rum"),
        ("interest.LookingForAccommodations[0].LivingSpace", "Boarea"),
        ("interest.LookingForAccommodations[0].RowHouse", "Typ av bostad"),
        ("interest.LookingForAccommodations[0].SpecialRequset", "Övriga önskemål"),
        ("interest.LookingForAccommodations[0].IncreasedRequirementIDs", "Utökade krav"),
        ("interest.PresentAccommodation.EstateType", "Typ av bostad"),
        ("interest.NotifyUser", "Meddela handläggaren"),
        ("interest.Watched", "Ska matchas och bevakas"),
        ("interest.lookingForAccommodations[3].areaIds", "Områden"),  # any case, any index
        ("updatePerson.email.emailAddress", "E-post"),  # without the root name
        ("interest.Something.New", "interest.Something.New"),  # unknown: shown as Vitec said
    ],
)
def test_model_state_names_become_the_forms_labels(key, label):
    assert field_label(key) == label


def test_vitecs_messages_are_said_under_the_forms_labels_the_english_in_swedish():
    # A refusal as rows stored it before refusals were sealed: still read.
    stored = (
        "The request is invalid. (interest.UpdatePerson.Email.EmailAddress: The field "
        "EmailAddress must be a string with a maximum length of 100.; "
        "interest.LookingForAccommodations[0].AreaIds: Området X finns inte eller saknar "
        "polygon Området Y finns inte eller saknar polygon)"
    )
    assert rejection_problems(stored) == [
        ("E-post", "Vitec tar högst 100 tecken här."),
        (
            "Områden",
            "Området X finns inte eller saknar polygon Området Y finns inte eller saknar polygon",
        ),
    ]
    email = refusals(open_last_error(None, stored))[0]
    assert email.field == "email"
    assert email.original == "The field EmailAddress must be a string with a maximum length of 100."
    assert rejection_problems("Begäran är ogiltig.") == []
    assert rejection_problems("") == []


def rejected(app, sandbox, model_state: dict, **answers) -> str:
    sandbox.fail_next(
        400, path=SEND, body={"Message": "The request is invalid.", "ModelState": model_state}
    )
    sid = register(app, **answers)
    app.extensions["delivery"].worker().drain()
    assert outbox.get(app.extensions["delivery"].engine, sid)["status"] == "rejected"
    return sid


MODEL_STATE = {
    "interest.UpdatePerson.Email.EmailAddress": ["The EmailAddress field is not valid."],
    "interest.LookingForAccommodations[0].AreaIds": ["Området OMR-SOD saknar polygon"],
}


def test_the_desk_and_the_detail_show_vitecs_answer_in_the_forms_words(app, staff, sandbox):
    sid = rejected(app, sandbox, MODEL_STATE)
    for page in (
        staff.get("/staff/").get_data(as_text=True),
        staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True),
    ):
        words = text_of(page)
        assert "E-post: E-postadressen är inte giltig enligt Vitec." in words
        assert "Områden: Området OMR-SOD saknar polygon" in words
        assert "interest." not in words and "The request is invalid" not in words


def test_the_correction_page_repeats_vitecs_reason_at_the_top(app, staff, sandbox):
    sid = rejected(app, sandbox, MODEL_STATE)
    page = staff.get(f"/staff/anmalan/{sid}/ratta").get_data(as_text=True)
    reason = page.find("E-post: E-postadressen är inte giltig enligt Vitec.")
    assert 0 < reason < page.find('class="interest-form"')
    assert "Vitec avvisade uppgifterna" in page


# The detail page ------------------------------------------------------------------------------


def test_the_detail_heading_names_the_person_and_keeps_the_id(app, staff):
    sid = register(app, first_name="Åsa", last_name="Öberg")
    page = staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert "Åsa Öberg" in heading and sid not in heading
    assert sid in text_of(page)  # for support
    assert "asa.oberg@example.se" in page and "070-123 45 67" in page


def test_an_erased_registration_is_not_named(app, staff):
    sid = register(app, first_name="Åsa", last_name="Öberg")
    confirm = staff.get(f"/staff/anmalan/{sid}/radera").get_data(as_text=True)
    staff.post(f"/staff/anmalan/{sid}/radera", data={"csrf_token": token(confirm)})
    page = staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert "raderade" in heading and "Åsa" not in page


def test_the_history_on_the_detail_page_is_in_swedish(app, staff, sandbox):
    sandbox.fail_next(503, count=5, path=SEND)
    sid = register(app)
    app.extensions["delivery"].worker().run_once()
    detail = staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    staff.post(f"/staff/anmalan/{sid}/skicka-igen", data={"csrf_token": token(detail)})
    history = text_of(staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True))
    assert f"{EMAIL} skickade om" in history
    assert "resend" not in history


# The staff form speaks of the person ----------------------------------------------------------

SECOND_PERSON = re.compile(r"\b(du|dig|din|ditt|dina)\b", re.I)


def test_the_staff_form_speaks_of_the_person(staff):
    response = staff.get("/staff/ny")
    words = text_of(response.get_data(as_text=True))
    assert response.status_code == 200 and "Något behöver rättas" not in words  # not yet
    for heading in (
        "Personens kontaktuppgifter",
        "Var vill personen bo?",
        "Vilken typ av bostad söker personen?",
        "Personens nuvarande boende",
        "Meddela handläggaren",
        "Intressegrad (0–5)",
    ):
        assert heading in words
    assert SECOND_PERSON.findall(words) == []
    assert "Notifiera" not in words and "Leadpoäng" not in words
    assert 0 <= words.find("Personnummer") < words.find("Förnamn")


def test_the_staff_forms_messages_speak_of_the_person(staff):
    page = post_entry(staff, {"notify_user": "y"}).get_data(as_text=True)
    words = text_of(page)
    for message in (
        "Förnamn saknas.",
        "Efternamn saknas.",
        "Personens e-post eller telefonnummer saknas.",
        "Välj en handläggare att meddela",
        "Bekräfta att personen",
    ):
        assert message in words
    assert SECOND_PERSON.findall(words) == []


def test_the_buyers_form_keeps_speaking_to_the_buyer(app):
    client = app.test_client()
    words = text_of(client.get("/").get_data(as_text=True))
    assert "Dina kontaktuppgifter" in words and "Var vill du bo?" in words
    assert "Personens" not in words
    fields = hidden_fields(client.get("/").get_data(as_text=True))
    errors = text_of(client.post("/", data=fields).get_data(as_text=True))
    assert "Skriv ditt förnamn." in errors and "Förnamn saknas" not in errors


def test_a_staff_entry_still_reaches_vitec(app, staff, sandbox):
    assert post_entry(staff, staff_entry()).status_code == 302
    app.extensions["delivery"].worker().drain()
    assert sandbox.received()[0]["payload"]["updatePerson"]["leadScore"] == 4


@pytest.mark.parametrize(
    ("days", "said"), [(1, "gallras efter 1 dag "), (7, "gallras efter 7 dagar")]
)
def test_the_desk_says_the_retention_in_proper_swedish(sandbox, database_url, days, said):
    app = make_app(sandbox.url, database_url, DELIVERED_RETENTION_DAYS=float(days))
    accounts.add(app.extensions["delivery"].engine, "r@maklarbyran.se", "dagar-lösenord-12")
    client = app.test_client()
    client.post("/staff/login", data={"email": "r@maklarbyran.se", "password": "dagar-lösenord-12"})
    assert said in client.get("/staff/").get_data(as_text=True)


# What the pages say happened to the row ----------------------------------------------------

REFUSED_EMAIL = {
    "interest.UpdatePerson.Email.EmailAddress": [
        "The field EmailAddress must be a valid e-mail address."
    ]
}


def notices(page: str) -> list[str]:
    """The status notices at the top of a staff page, as read."""
    found = re.findall(r'<p class="notice" role="status">(.*?)</p>', page, re.S)
    return [" ".join(text_of(notice).split()) for notice in found]


def test_a_staff_entry_vitec_refused_is_never_said_to_be_on_its_way(app, staff, sandbox):
    body = {"Message": "The request is invalid.", "ModelState": REFUSED_EMAIL}
    sandbox.fail_next(400, path=SEND, body=body)
    response = post_entry(staff, staff_entry())
    assert response.status_code == 302
    app.extensions["delivery"].worker().drain()  # Vitec answers before the page is read
    page = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert '<dd class="state state--rejected">avvisad</dd>' in page
    assert notices(page) == ["Anmälan är sparad, men Vitec avvisade den. Se Vitecs svar nedan."]
    assert "skickas till Vitec" not in text_of(page)


def test_a_staff_entry_still_waiting_is_said_to_be_on_its_way(staff):
    response = post_entry(staff, staff_entry())
    page = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert '<dd class="state state--queued">väntar</dd>' in page
    assert notices(page) == ["Anmälan är sparad och skickas till Vitec."]


def test_a_staff_entry_vitec_took_says_so(app, staff):
    response = post_entry(staff, staff_entry())
    app.extensions["delivery"].worker().drain()
    page = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert notices(page) == ["Anmälan är sparad och Vitec har tagit emot den."]


def test_a_resend_vitec_refuses_again_says_so(app, staff, sandbox):
    sid = rejected(app, sandbox, REFUSED_EMAIL)
    detail = staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    sandbox.fail_next(400, path=SEND, body={"Message": "Nej", "ModelState": REFUSED_EMAIL})
    staff.post(f"/staff/anmalan/{sid}/skicka-igen", data={"csrf_token": token(detail)})
    app.extensions["delivery"].worker().drain()
    page = staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    assert notices(page) == [
        "Anmälan skickades igen, men Vitec avvisade den. Se Vitecs svar nedan."
    ]


def test_vitecs_english_is_said_in_swedish_and_the_original_kept_on_the_detail_page(
    app, staff, sandbox
):
    sid = rejected(app, sandbox, REFUSED_EMAIL)
    desk = text_of(staff.get("/staff/").get_data(as_text=True))
    assert "E-post: E-postadressen är inte giltig enligt Vitec." in desk
    assert "The field EmailAddress" not in desk
    page = staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    assert "E-post: E-postadressen är inte giltig enligt Vitec." in text_of(page)
    original = re.search(r"<dt>Vitecs ursprungliga svar</dt>\s*<dd>(.*?)</dd>", page, re.S)
    assert original, "the original is not on the detail page"
    assert (
        '<span lang="en">The field EmailAddress must be a valid e-mail address.</span>'
        in original.group(1)
    )


@pytest.mark.parametrize(
    ("english", "swedish"),
    [
        (
            "The field EmailAddress must be a valid e-mail address.",
            "E-postadressen är inte giltig enligt Vitec.",
        ),
        (
            "The EmailAddress field is not a valid e-mail address.",
            "E-postadressen är inte giltig enligt Vitec.",
        ),
        ("The EmailAddress field is not valid.", "E-postadressen är inte giltig enligt Vitec."),
        ("The FirstName field is required.", "Vitec kräver att fältet är ifyllt."),
        (
            "The field LastName must be a string with a maximum length of 30.",
            "Vitec tar högst 30 tecken här.",
        ),
        (
            "The field Email must be a string or array type with a maximum length of '100'.",
            "Vitec tar högst 100 tecken här.",
        ),
        ("The field LeadScore must be between 0 and 5.", "Vitec tar bara värden från 0 till 5."),
        ("The CellPhone field is not a valid phone number.", "Vitec godtar inte telefonnumret."),
        ("The value 'abc' is not valid for LeadScore.", "Vitec kunde inte läsa värdet."),
        ("Okänt värde: 7.", None),  # Vitec's own Swedish (the sandbox's) stays as it is
        ("Something new from Vitec.", None),
    ],
)
def test_vitecs_known_english_messages_in_swedish(english, swedish):
    from app.vitec.messages import in_swedish

    assert in_swedish(english) == swedish


def test_the_correction_form_marks_and_links_the_field_vitec_refused(app, staff, sandbox):
    sid = rejected(app, sandbox, REFUSED_EMAIL)
    page = staff.get(f"/staff/anmalan/{sid}/ratta").get_data(as_text=True)
    said = "E-postadressen är inte giltig enligt Vitec."
    assert re.search(r"<title>Fel: ", page)
    error = re.search(r'<p class="field-error" id="email-error">(.*?)</p>', page, re.S)
    assert error and said in error.group(1)
    email = re.search(r'<input type="email" id="email"[^>]*>', page).group(0)
    assert 'aria-describedby="' in email and "email-error" in email
    assert 'aria-invalid="true"' in email
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert f'<a href="#email">E-post: {said}</a>' in summary
    assert "Vitec avvisade uppgifterna" in summary


def test_a_corrected_field_is_no_longer_marked_when_another_error_remains(app, staff, sandbox):
    sid = rejected(app, sandbox, REFUSED_EMAIL)
    page = staff.get(f"/staff/anmalan/{sid}/ratta").get_data(as_text=True)
    data = {**hidden_fields(page), **_typed(page), "email": "ny@example.se", "first_name": ""}
    response = staff.post(f"/staff/anmalan/{sid}/ratta", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="first_name-error"' in html
    assert 'id="email-error"' not in html


def _typed(page: str) -> dict:
    from tests.test_staff import _selected

    return _selected(page)


def test_vitecs_words_are_sealed_in_the_outbox(app, staff, sandbox):
    quoting = {
        "interest.UpdatePerson.Email.EmailAddress": [
            "The value 'asa.oberg@example.se' is not valid for EmailAddress."
        ]
    }
    sid = rejected(app, sandbox, quoting)
    stored = outbox.get(app.extensions["delivery"].engine, sid)["last_error"]
    assert "asa.oberg" not in stored and "EmailAddress" not in stored
    page = staff.get(f"/staff/anmalan/{sid}").get_data(as_text=True)
    assert "E-post: Vitec kunde inte läsa värdet." in text_of(page)
    assert "The value &#39;asa.oberg@example.se&#39; is not valid for EmailAddress." in page
