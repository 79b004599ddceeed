"""The form embedded in an iframe on another site: no cookies, the host's look."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for

from app.extensions import csrf
from app.web.formpage import OFFICE_PARAM, office_from_request
from app.web.interest import EMBED, register

bp = Blueprint("embed", __name__)
csrf.exempt(bp)  # cross-site iframes get no cookies; the signed form token replaces them
register(bp, "/embed", EMBED)


@bp.get("/embed/tack")
def thanks():
    kontor = request.args.get(OFFICE_PARAM)
    office_from_request()
    return render_template("embed_thanks.html", again=url_for("embed.interest_form", kontor=kontor))


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
