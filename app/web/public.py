"""The buyer's form on the broker's own site, and the thank-you page."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError

from app.intake.forms import InterestForm
from app.intake.submit import accept, typed_answers
from app.services import vitec
from app.web.formpage import (
    blank_form_page,
    build_form,
    form_rate_limits,
    is_blank_get,
    render_form,
    spam_reason,
)

bp = Blueprint("public", __name__)

CSRF_MESSAGE = (
    "Av säkerhetsskäl behöver formuläret skickas igen. Dina uppgifter finns kvar; "
    "kontrollera dem och tryck på Skicka intresseanmälan."
)


def _render(form, problems=()):
    return render_form(form, list(problems), "form.html", url_for("public.interest_form"))


@bp.route("/", methods=["GET", "POST"])
@form_rate_limits
def interest_form():
    if is_blank_get():
        return blank_form_page(InterestForm, "form.html", url_for("public.interest_form"))
    form = build_form()
    if form.validate_on_submit():
        data = typed_answers(request.form)
        accept(form.answers(), form.submission_id.data, "web", data, spam_reason=spam_reason(form))
        return redirect(url_for(".thanks"))  # a bot sees the same thank-you page
    return _render(form)


@bp.errorhandler(CSRFError)
def token_expired(error: CSRFError):
    """A missing or stale form token: show the form again with the answers kept."""
    return _render(build_form(), [CSRF_MESSAGE])


@bp.get("/tack")
def thanks():
    return render_template("thanks.html", again=url_for("public.interest_form"))


@bp.get("/inbaddning")
def embedding_guide():
    """The page for the broker's web developer: the snippet, the allowed origins, an example."""
    base = request.host_url.rstrip("/")
    return render_template(
        "inbaddning.html",
        base=base,
        origins=current_app.config["FRAME_ANCESTORS"],
        example_area=next((a.area_id for g in vitec().catalog.groups() for a in g.areas), "OMR-1"),
    )


@bp.get("/integritet")
def privacy():
    return render_template("privacy.html")
