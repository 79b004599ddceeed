"""The delivery desk: every registration, newest first, filtered by state and searched by
name, e-mail or phone."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from app import outbox
from app.outbox.states import BLOCKED_FILTER, SPAM
from app.web.staff import desk_listing as desk_page
from app.web.staff.blueprint import bp
from app.web.staff.desk_words import FILTERS
from app.wiring.services import delivery


@bp.get("/")
def desk():
    """The desk: one page of registrations, filtered and searched as the URL asks."""
    services = delivery()
    page = desk_page.build(request.args, services.engine, services.sealer, services.search_keys)
    return render_template(
        "staff/desk.html",
        desk=page,
        filters=FILTERS,
        retention_days=services.settings.retention_days,
        blocked=outbox.counts(services.engine)[SPAM],
        blocked_filter=BLOCKED_FILTER,
    )


@bp.post("/sok")
def search():
    """Seal what was searched for into the desk's URL, so no person's data is in any URL."""
    query = desk_page.clean_query(request.form.get("q"))
    status = request.form.get("status") if request.form.get("status") in FILTERS else None
    token = desk_page.seal_query(delivery().sealer, query) if query else None
    return redirect(url_for(".desk", status=status or None, sok=token))
