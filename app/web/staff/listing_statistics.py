"""Efterfrågan per bostad (/staff/statistik/bostader): registrations per listing, per week and
channel, for the period and office chosen on the statistics page."""

from __future__ import annotations

from flask import render_template

from app.insight.listings import listing_figures
from app.insight.report import CHANNEL_ORDER, channel_heading, period_bounds
from app.outbox.listings import listing_registrations
from app.web.staff.statistics import _office_name, _period, _query, bp
from app.wiring.services import delivery


@bp.get("/bostader")
def listings():
    """Interest per listing in the period asked for."""
    form, period = _period()
    if period is None:
        return render_template("staff/statistik.html", form=form, report=None, query=_query()), 422
    rows = listing_registrations(
        delivery().engine, *period_bounds(period.start, period.end), period.office_id
    )
    return render_template(
        "staff/statistik_bostader.html",
        form=form,
        period=period,
        office_name=_office_name(period),
        listings=listing_figures(rows),
        channels=[(c, channel_heading(c)) for c in CHANNEL_ORDER],
        query=_query(),
    )
