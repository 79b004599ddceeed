"""The buyer's pages on the broker's own site: the form, thanks, privacy, the embedding guide."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from app.core.swedish import format_days
from app.vitec.vocabulary import HOUSING_LABELS
from app.web.buyer import estate
from app.web.buyer.formpage import office_from_request
from app.web.buyer.interest import WEB, register
from app.web.company import OFFICE_PARAM
from app.web.extensions import csrf
from app.web.settings import settings
from app.wiring.services import vitec

bp = Blueprint("public", __name__)
csrf.exempt(bp)  # the form carries its own signed token and sets no cookie
register(bp, "/", WEB)
estate.register(bp, "/bostad/<estate_id>", estate.WEB)


# The iframe's height without embed.js (it cannot follow the form then): at least the form's
# height at 320 px wide with every error shown and a typical office's areas, measured by
# tests/test_embed_guide_browser.py. Each area beyond those adds a line.
NO_SCRIPT_HEIGHT_PX = 4800
NO_SCRIPT_AREAS_INCLUDED = 16
NO_SCRIPT_PX_PER_AREA = 40


def no_script_height(area_count: int) -> int:
    """A fixed iframe height that fits the form of an office with this many areas."""
    extra = max(0, area_count - NO_SCRIPT_AREAS_INCLUDED)
    return NO_SCRIPT_HEIGHT_PX + extra * NO_SCRIPT_PX_PER_AREA


@bp.get("/inbaddning")
def embedding_guide():
    """The page for the broker's web developer: the snippet per office, every value the
    data-* options take, the host's CSP lines, origins, a no-script iframe and an example."""
    services = vitec()
    offices = [(office, services.reference(office).groups()) for office in services.offices.all]
    counts = [sum(len(g.areas) for g in groups) for _, groups in offices]
    origins = tuple(settings().frame_ancestors)
    office_origins = {
        office.customer_id: office.company.frame_ancestors
        if office.company.own_frame_ancestors
        else origins
        for office, _ in offices
    }
    return render_template(
        "inbaddning.html",
        base=settings().public_url,  # never the request's Host, which anyone sets
        origins=origins,
        # Offices with FRAME_ANCESTORS_<ID> of their own: each office's sites are listed.
        office_origins=office_origins if len(set(office_origins.values())) > 1 else None,
        offices=offices,
        default_office=services.offices.default,
        housing={kind: HOUSING_LABELS[kind] for kind in settings().housing_types},
        no_script_height=no_script_height(max(counts, default=0)),
    )


def days_after(days: float, after: str, same_day: str) -> str:
    """A time limit in Swedish: '14 dagar <after>', '1 dag <after>', or `same_day` for 0."""
    if days <= 0:
        return same_day
    return f"{format_days(days)} {after}"


@bp.get("/integritet")
def privacy():
    """The privacy notice of the office ?kontor= names (its own company as controller):
    purpose, legal basis, recipients, retention as configured, the person's rights and where
    to complain."""
    office = office_from_request()  # an unknown office: 404
    company = office.company
    return render_template(
        "privacy.html",
        org_number=company.org_number,
        address=company.address,
        email=company.email,
        kontor=request.args.get(OFFICE_PARAM) or None,
        delivered_removed=days_after(
            settings().delivered_retention_days,
            "efter överlämningen",
            "samma dag som överlämningen",
        ),
        all_removed=days_after(
            settings().retention_days,
            "efter att du skickade anmälan",
            "samma dag som du skickade anmälan",
        ),
    )
