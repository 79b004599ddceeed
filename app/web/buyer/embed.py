"""The form embedded in an iframe on another site: no cookies, the host's look."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from app.web.buyer import estate
from app.web.buyer.interest import EMBED, register
from app.web.extensions import csrf

bp = Blueprint("embed", __name__)
csrf.exempt(bp)  # cross-site iframes get no cookies; the signed form token replaces them
register(bp, "/embed", EMBED)
estate.register(bp, "/embed/bostad/<estate_id>", estate.EMBED)


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
