"""One registration's page at the desk, and its button that sends it to Vitec again."""

from __future__ import annotations

from flask import redirect, render_template, url_for

from app import outbox
from app.staff import audit
from app.web.staff import row_news
from app.web.staff.auth_forms import ConfirmForm
from app.web.staff.blueprint import bp, log, row_or_404
from app.web.staff.desk_words import describe_row, heading_for, person_of
from app.web.staff.receipt_status import receipt_line
from app.web.staff.registered import consents, registered
from app.wiring.services import delivery


@bp.get("/anmalan/<submission_id>")
def detail(submission_id: str):
    """One registration: its person, state, Vitec's answer, receipt and history."""
    row = row_or_404(submission_id)
    wishes = registered(row)
    if wishes:  # personal data opened for a staff member: audited like every action
        log("read", submission_id)
    history = audit.recent(delivery().engine, submission_id=submission_id)
    person = person_of(delivery().sealer, row["answers"])
    return render_template(
        "staff/detail.html",
        row=describe_row(row),
        person=person,
        heading=heading_for(row, person),
        history=history,
        names=audit.ACTION_NAMES,
        confirm=ConfirmForm(),
        receipt=receipt_line(delivery().engine, submission_id),
        told=row_news.told(row),
        wishes=wishes,
        consents=consents(row),
    )


@bp.post("/anmalan/<submission_id>/skicka-igen")
def resend(submission_id: str):
    """Send a registration Vitec has not taken to Vitec again."""
    if ConfirmForm().validate_on_submit():
        if outbox.retry(delivery().engine, delivery().clock(), submission_id):
            delivery().wake()
            log("resend", submission_id)
            row_news.tell(row_news.RESENT, submission_id)
        else:
            row_news.tell(row_news.NOT_RESENT, submission_id)
    return redirect(url_for(".detail", submission_id=submission_id))
