"""The buyer's form and the thank-you page."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_wtf.csrf import CSRFError

from app.delivery.relay import relay
from app.intake.forms import RANGES, InterestForm
from app.intake.mapping import build_payload
from app.intake.vitec_errors import place_errors
from app.services import vitec
from app.vitec.client import VitecError, VitecRejected, VitecUnavailable

bp = Blueprint("public", __name__)

STOCKHOLM = ZoneInfo("Europe/Stockholm")

UNAVAILABLE = (
    "Vi kunde inte skicka din anmälan just nu eftersom mäklarsystemet inte svarar. "
    "Dina uppgifter finns kvar nedan. Försök igen om en stund."
)
CSRF_MESSAGE = (
    "Av säkerhetsskäl behöver formuläret skickas igen. Dina uppgifter finns kvar; "
    "kontrollera dem och tryck på Skicka intresseanmälan."
)
NOT_ACCEPTED = (
    "Vi kunde inte skicka din anmälan just nu på grund av ett tekniskt fel hos oss. "
    "Dina uppgifter finns kvar nedan. Försök igen senare eller kontakta oss."
)


def build_form() -> InterestForm:
    """An InterestForm offering the configured customer's current areas."""
    form = InterestForm()
    form.set_area_choices([(a.area_id, a.name) for g in vitec().catalog.groups() for a in g.areas])
    return form


@bp.route("/", methods=["GET", "POST"])
def interest_form():
    form = build_form()
    problems: list[str] = []
    status = None
    if form.validate_on_submit():
        payload = build_payload(form.answers(), vitec().routing, datetime.now(STOCKHOLM))
        try:
            relay(vitec().client(), payload, submission_id=uuid.uuid4().hex)
            return redirect(url_for(".thanks"))
        except VitecRejected as exc:
            placed, problems = place_errors(exc, set(form._fields))
            for name, messages in placed.items():
                form[name].errors = list(form[name].errors) + messages
        except VitecUnavailable:
            problems, status = [UNAVAILABLE], 503
        except VitecError:  # credentials, rights or an unexpected answer
            problems, status = [NOT_ACCEPTED], 503
    return render_form(form, problems, status)


def render_form(form: InterestForm, problems: list[str], status: int | None = None):
    """Render the form; 422 when it carries errors unless a status is given."""
    status = status or (422 if (form.errors or problems) else 200)
    page = render_template(
        "form.html",
        form=form,
        groups=vitec().catalog.groups(),
        ranges=RANGES,
        problems=problems,
        privacy_url=current_app.config["PRIVACY_POLICY_URL"],
    )
    return page, status


@bp.errorhandler(CSRFError)
def token_expired(error: CSRFError):
    """A missing or stale form token: show the form again with the answers kept."""
    return render_form(build_form(), [CSRF_MESSAGE])


@bp.get("/tack")
def thanks():
    return render_template("thanks.html")


@bp.get("/integritet")
def privacy():
    return render_template("privacy.html")
