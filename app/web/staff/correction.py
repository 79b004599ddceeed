"""Correcting a registration Vitec has not taken: the staff form filled with what was stored,
sent again as the same registration."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from werkzeug.datastructures import MultiDict

from app.intake.correction import correct
from app.outbox.kinds import ESTATE
from app.outbox.states import is_correctable
from app.vitec.offices import Office, UnknownOffice
from app.web.buyer.counting import counting_for
from app.web.buyer.formpage import posted, typed_answers
from app.web.staff import row_news, vitec_fields
from app.web.staff.blueprint import bp, log, row_or_404
from app.web.staff.desk_words import describe_row, person_of
from app.web.staff.entry import render_staff_form, staff_form
from app.wiring.services import delivery, vitec


@bp.route("/anmalan/<submission_id>/ratta", methods=["GET", "POST"])
def edit(submission_id: str):
    """Correct a registration Vitec has not taken and send it again."""
    row = row_or_404(submission_id)
    if row.get("kind") == ESTATE:  # interest in a home has a form of its own
        return redirect(url_for(".edit_estate", submission_id=submission_id))
    if not is_correctable(row):
        row_news.tell(row_news.NOT_CORRECTED, submission_id)
        return redirect(url_for(".detail", submission_id=submission_id))
    try:
        office = vitec().offices.get(row["office"])
    except UnknownOffice:
        flash(f"Kontoret {row['office']} finns inte längre bland de inställda kontoren.")
        return redirect(url_for(".detail", submission_id=submission_id))
    stored = MultiDict(delivery().sealer.open(row["answers"]))
    stored.setlist("submission_id", [submission_id])
    buyers = row["channel"] != "staff"
    if buyers:
        keep_the_buyers_routing(stored, office)
    form = staff_form(office, posted() or stored)
    form.submission_id.data = submission_id
    if request.method == "POST" and form.validate():
        intake = delivery().intake(staff=True, office=office)
        consented_at = row["consent_at"] or delivery().clock()
        answers, typed = form.answers(), typed_answers(form)
        counting = counting_for(row["channel"], office, answers)
        routing = form.routing(office.customer_id)
        if correct(intake, submission_id, answers, routing, typed, consented_at, counting):
            log("edit", submission_id, f"tidigare: {describe_row(row)['state']}")
            row_news.tell(row_news.CORRECTED, submission_id)
        else:  # delivered or erased meanwhile: said, not silently dropped
            row_news.tell(row_news.NOT_CORRECTED, submission_id)
        return redirect(url_for(".detail", submission_id=submission_id))
    action = url_for(".edit", submission_id=submission_id)
    name = person_of(delivery().sealer, row["answers"]).name
    heading = f"Rätta anmälan från {name}" if name else "Rätta intresseanmälan"
    reason = describe_row(row)  # Vitec's words at the fields it refused, for the summary:
    vitec_fields.mark_refused(form, reason["refusals"], stored, posted())
    return render_staff_form(form, office, action, heading, reason, buyers)


def keep_the_buyers_routing(stored: MultiDict, office: Office) -> None:
    """A buyer's registration holds no staff fields: correcting it keeps how it came in (the
    web form) and where it went (the office's handläggare, categories, notify and watch)."""
    routing = vitec().routing(office)
    defaults = {
        "obtain_through": ["Interest"],
        "user_id": [routing.user_id or ""],
        "categories": list(routing.category_ids),
        "watched": [routing.watched],
        "notify_user": ["y"] if routing.notify_user else [],
    }
    for name, values in defaults.items():
        if name not in stored:
            stored.setlist(name, values)
