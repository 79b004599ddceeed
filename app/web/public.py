"""The buyer's pages on the broker's own site: the form, thanks, privacy, the embedding guide."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, current_app, render_template, request

from app.extensions import csrf
from app.intake.validators import format_amount
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
        base=request.host_url.rstrip("/"),
        origins=current_app.config["FRAME_ANCESTORS"],
        offices=offices,
        default_office=services.offices.default,
    )


@bp.get("/integritet")
def privacy():
    """The privacy notice: controller, purpose, legal basis, recipients, retention as
    configured, the person's rights and where to complain."""
    config = current_app.config
    return render_template(
        "privacy.html",
        org_number=config["BROKER_ORG_NUMBER"],
        address=config["BROKER_ADDRESS"],
        email=config["BROKER_EMAIL"],
        delivered_days=format_amount(Decimal(str(config["DELIVERED_RETENTION_DAYS"]))),
        retention_days=format_amount(Decimal(str(config["RETENTION_DAYS"]))),
    )
