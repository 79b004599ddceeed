"""Staff correct a registration of interest in a home that Vitec has not taken
(/staff/anmalan/<id>/ratta-bostad): the same fields as the staff entry for a listing, the home
kept as it was registered."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from app.intake.consent import consent_texts
from app.intake.correction import correct
from app.intake.estate_mapping import EstateInterest
from app.intake.mapping import Routing
from app.intake.staff_estate_forms import StaffEstateForm
from app.outbox.kinds import ESTATE
from app.outbox.states import is_correctable
from app.vitec.offices import UnknownOffice
from app.web.buyer.formpage import posted, typed_answers
from app.web.staff import row_news
from app.web.staff.blueprint import bp, log, row_or_404
from app.web.staff.correction import keep_the_buyers_routing
from app.web.staff.desk_words import describe_row, person_of
from app.wiring.services import delivery, vitec


@bp.route("/anmalan/<submission_id>/ratta-bostad", methods=["GET", "POST"])
def edit_estate(submission_id: str):
    """Correct a listing registration and queue it again, for the same home."""
    row = row_or_404(submission_id)
    if row.get("kind") != ESTATE:
        return redirect(url_for(".edit", submission_id=submission_id))
    back = redirect(url_for(".detail", submission_id=submission_id))
    if not is_correctable(row):
        row_news.tell(row_news.NOT_CORRECTED, submission_id)
        return back
    try:
        office = vitec().offices.get(row["office"])
    except UnknownOffice:
        flash(f"Kontoret {row['office']} finns inte längre bland de inställda kontoren.")
        return back
    stored = MultiDict(delivery().sealer.open(row["answers"]))
    stored.setlist("submission_id", [submission_id])
    buyers = row["channel"] != "staff"
    if buyers:
        keep_the_buyers_routing(stored, office)
    form = StaffEstateForm(posted() or stored)
    form.submission_id.data = submission_id
    form.set_lists(vitec().reference(office).staff_lists())
    title = row["estate_title"] or row["estate_id"]
    form.set_estates([(row["estate_id"], title)])
    form.estate_id.data = row["estate_id"]  # the home stays the one registered for
    if request.method == "POST" and form.validate():
        routing = Routing(
            customer_id=office.customer_id,
            user_id=form.user_id.data or None,
            category_ids=tuple(form.categories.data or ()),
            notify_user=bool(form.notify_user.data),
            valuation_task_id=vitec().routing(office).valuation_task_id if buyers else None,
        )
        estate = EstateInterest(
            row["estate_id"], title, form.interest_note.data or "", site=row.get("site") or ""
        )
        consented_at = row["consent_at"] or delivery().clock()
        answers, typed = form.answers(), typed_answers(form)
        intake = delivery().intake(staff=True, office=office)
        if correct(intake, submission_id, answers, routing, typed, consented_at, estate=estate):
            log("edit", submission_id, f"tidigare: {describe_row(row)['state']}")
            row_news.tell(row_news.CORRECTED, submission_id)
        else:  # delivered or erased meanwhile: said, not silently dropped
            row_news.tell(row_news.NOT_CORRECTED, submission_id)
        return back
    name = person_of(delivery().sealer, row["answers"]).name
    page = render_template(
        "staff/entry_bostad.html",
        form=form,
        office=office,
        offices=vitec().offices.all,
        listed=True,
        heading=f"Rätta anmälan från {name}" if name else "Rätta intresseanmälan för en bostad",
        consent=consent_texts(office.company, staff=not buyers),
        privacy_url=office.company.privacy_url,
        action=url_for(".edit_estate", submission_id=submission_id),
    )
    return page, 422 if form.errors else 200
