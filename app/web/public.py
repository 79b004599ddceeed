"""The buyer's form and the thank-you page."""

from __future__ import annotations

import re
import uuid

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_wtf.csrf import CSRFError

from app.intake.forms import RANGES, InterestForm
from app.intake.submit import accept
from app.services import vitec

bp = Blueprint("public", __name__)

SUBMISSION_ID = re.compile(r"[0-9a-f]{32}")

CSRF_MESSAGE = (
    "Av säkerhetsskäl behöver formuläret skickas igen. Dina uppgifter finns kvar; "
    "kontrollera dem och tryck på Skicka intresseanmälan."
)


def build_form() -> InterestForm:
    """An InterestForm offering the current areas and carrying a submission id."""
    form = InterestForm()
    form.set_area_choices([(a.area_id, a.name) for g in vitec().catalog.groups() for a in g.areas])
    # The id travels with the rendered form, so a double click, a reload or the back button
    # posts the same id again and the registration is stored once.
    if not SUBMISSION_ID.fullmatch(form.submission_id.data or ""):
        form.submission_id.data = uuid.uuid4().hex
    return form


@bp.route("/", methods=["GET", "POST"])
def interest_form():
    form = build_form()
    if form.validate_on_submit():
        accept(form.answers(), form.submission_id.data, channel="web")
        return redirect(url_for(".thanks"))
    return render_form(form, [])


def render_form(form: InterestForm, problems: list[str]):
    """Render the form; 422 when it carries errors."""
    page = render_template(
        "form.html",
        form=form,
        groups=vitec().catalog.groups(),
        ranges=RANGES,
        problems=problems,
        privacy_url=current_app.config["PRIVACY_POLICY_URL"],
    )
    return page, 422 if (form.errors or problems) else 200


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
