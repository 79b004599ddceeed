"""The form embedded in an iframe on another site: no cookies, the host's look."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.web.buyer.interest import EMBED, register
from app.web.extensions import csrf
from app.web.settings import settings

bp = Blueprint("embed", __name__)
csrf.exempt(bp)  # cross-site iframes get no cookies; the signed form token replaces them
register(bp, "/embed", EMBED)


@bp.get("/embed/tema.css")
def theme():
    """The broker's accent colour, font and spacing as CSS custom properties."""
    config = settings()
    css = render_template(
        "embed_theme.css",
        accent=config.embed_accent_color,
        font=config.embed_font_family,
        spacing=config.embed_spacing,
    )
    return css, 200, {"Content-Type": "text/css; charset=utf-8", "Cache-Control": "max-age=300"}
