"""The buyer's pages on the broker's own site: the form, thanks, privacy, the embedding guide."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from app.extensions import csrf
from app.services import vitec
from app.web.interest import WEB, register

bp = Blueprint("public", __name__)
csrf.exempt(bp)  # the form carries its own signed token and sets no cookie
register(bp, "/", WEB)


@bp.get("/inbaddning")
def embedding_guide():
    """The page for the broker's web developer: the snippet per office, origins, an example."""
    services = vitec()
    offices = [
        (office, [a for g in services.reference(office).groups() for a in g.areas])
        for office in services.offices.all
    ]
    return render_template(
        "inbaddning.html",
        base=current_app.config["PUBLIC_URL"],  # never the request's Host, which anyone sets
        origins=current_app.config["FRAME_ANCESTORS"],
        offices=offices,
        default_office=services.offices.default,
    )


@bp.get("/integritet")
def privacy():
    return render_template("privacy.html")
