"""The form embedded in an iframe on another site: no cookies, a signed form token instead."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from wtforms import HiddenField

from app.extensions import csrf
from app.intake.forms import InterestForm
from app.intake.submit import accept, typed_answers
from app.security import check_form_token, issue_form_token, same_origin_post
from app.web.formpage import (
    blank_form_page,
    build_form,
    form_rate_limits,
    is_blank_get,
    render_form,
    spam_reason,
)

bp = Blueprint("embed", __name__)
csrf.exempt(bp)  # cross-site iframes get no cookies; the signed form token replaces them

EXPIRED_MESSAGE = (
    "Formuläret hade varit öppet länge, så av säkerhetsskäl behöver det skickas igen. "
    "Dina uppgifter finns kvar; kontrollera dem och tryck på Skicka intresseanmälan."
)


class EmbedInterestForm(InterestForm):
    """The same form without the session-bound CSRF token, with a signed one instead."""

    session_csrf = False

    form_token = HiddenField()


def _render(form: EmbedInterestForm, problems=()):
    form.form_token.data = issue_form_token(form.submission_id.data)
    return render_form(form, list(problems), "embed.html", url_for("embed.interest_form"))


@bp.route("/embed", methods=["GET", "POST"])
@form_rate_limits
def interest_form():
    if is_blank_get():
        return blank_form_page(EmbedInterestForm, "embed.html", url_for("embed.interest_form"))
    form = build_form(EmbedInterestForm)
    if request.method == "POST":
        if not same_origin_post():
            abort(403)
        verdict = check_form_token(form.form_token.data or "", form.submission_id.data)
        if verdict == "invalid":
            abort(403)
        if verdict == "expired":
            return _render(form, [EXPIRED_MESSAGE])
        if form.validate():
            data = typed_answers(request.form)
            reason = spam_reason(form)
            accept(form.answers(), form.submission_id.data, "embed", data, spam_reason=reason)
            return redirect(url_for(".thanks"))
    return _render(form)


@bp.get("/embed/tack")
def thanks():
    return render_template("embed_thanks.html", again=url_for("embed.interest_form"))


@bp.get("/embed/tema.css")
def theme():
    """The broker's accent colour, font and spacing as CSS custom properties."""
    config = current_app.config
    css = render_template(
        "embed_theme.css",
        accent=config["EMBED_ACCENT_COLOR"],
        font=config["EMBED_FONT_FAMILY"],
        spacing=config["EMBED_SPACING"],
    )
    return css, 200, {"Content-Type": "text/css; charset=utf-8", "Cache-Control": "max-age=300"}
