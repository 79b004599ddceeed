"""The form embedded in an iframe on another site: no cookies, the host's look."""

from __future__ import annotations

import hashlib

from flask import Blueprint, current_app, request

from app.web.buyer import estate
from app.web.buyer.interest import EMBED, register
from app.web.extensions import csrf
from app.web.settings import settings

bp = Blueprint("embed", __name__)
csrf.exempt(bp)  # cross-site iframes get no cookies; the signed form token replaces them
register(bp, "/embed", EMBED)
estate.register(bp, "/embed/bostad/<estate_id>", estate.EMBED)

# The theme's address names its version (?v=, a hash of the CSS), so a browser may keep it for
# a year; a changed setting gives a new address. Any other address is served, briefly cached.
VERSIONED_CACHE = "public, max-age=31536000, immutable"
UNVERSIONED_CACHE = "max-age=300"


def _theme() -> tuple[str, str]:
    """The theme's CSS and its version, made once per app (the settings do not change)."""
    cached = current_app.extensions.get("embed_theme")
    if cached is None:
        # Not render_template: that runs this blueprint's context processor, which asks here.
        css = current_app.jinja_env.get_template("embed_theme.css").render(
            accent=settings().embed_accent_color,
            font=settings().embed_font_family,
            spacing=settings().embed_spacing,
        )
        version = hashlib.sha256(css.encode()).hexdigest()[:12]
        cached = current_app.extensions["embed_theme"] = (css, version)
    return cached


@bp.context_processor
def theme_version() -> dict[str, str]:
    """The theme's version for the embedded pages' stylesheet link."""
    return {"theme_version": _theme()[1]}


@bp.get("/embed/tema.css")
def theme():
    """The broker's accent colour, font and spacing as CSS custom properties."""
    css, version = _theme()
    cache = VERSIONED_CACHE if request.args.get("v") == version else UNVERSIONED_CACHE
    return css, 200, {"Content-Type": "text/css; charset=utf-8", "Cache-Control": cache}
