"""Staff enter interest in one of the office's homes for sale (/staff/ny/bostad): the person,
the home from Vitec's estate list, and how Vitec should handle it."""

from __future__ import annotations

import uuid

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from app.intake.consent import consent_texts
from app.intake.estate_mapping import EstateInterest
from app.intake.forms import read_phones
from app.intake.mapping import Routing
from app.intake.staff_estate_forms import StaffEstateForm
from app.intake.submit import CORRECTED, STORED, accept
from app.vitec.estates import EstatesUnavailable
from app.vitec.offices import Office
from app.web.buyer.estate import shown_viewings
from app.web.buyer.formpage import SUBMISSION_ID, office_from_request, posted, typed_answers
from app.web.metrics import SUBMISSIONS
from app.web.staff import entry_token, row_news
from app.web.staff.blueprint import bp, log
from app.wiring.services import delivery, vitec


def _form(office: Office) -> tuple[StaffEstateForm, dict, bool]:
    """The form with the office's lists and homes for sale; the homes by id; whether Vitec's
    estate list could be had."""
    form = StaffEstateForm(posted())
    if not SUBMISSION_ID.fullmatch(form.submission_id.data or ""):
        form.submission_id.data = uuid.uuid4().hex
    form.set_lists(vitec().reference(office).staff_lists())
    try:
        homes = {e.estate_id: e for e in vitec().estates(office).for_sale()}
    except EstatesUnavailable:
        return form, {}, False
    form.set_estates([(i, f"{e.title} ({e.kind})") for i, e in homes.items()])
    if request.method == "GET" and request.args.get("objekt") in homes:
        form.estate_id.data = request.args["objekt"]
    return form, homes, True


@bp.route("/ny/bostad", methods=["GET", "POST"])
def new_estate_entry():
    """Enter interest in a home for sale on a person's behalf, and send it to Vitec."""
    office = office_from_request()
    form, homes, listed = _form(office)
    refused = entry_token.refusal(form)  # a colleague's entry, or a forged id: nothing stored
    if request.method == "POST" and not refused and form.validate():
        estate, submission_id = homes[form.estate_id.data], form.submission_id.data
        viewings = tuple((when, v.booking_url) for when, v in shown_viewings(office, estate))
        routing = Routing(
            customer_id=office.customer_id,
            user_id=form.user_id.data or None,
            category_ids=tuple(form.categories.data or ()),
            notify_user=bool(form.notify_user.data),
        )
        outcome = accept(
            delivery().intake(staff=True, office=office),
            form.answers(),
            routing,
            submission_id,
            "staff",
            typed_answers(form),
            entered_by=current_user.email,
            send_receipt=bool(form.send_receipt.data),
            read_phones=read_phones(form),
            estate=EstateInterest(
                estate.estate_id,
                estate.title,
                form.interest_note.data or "",
                kind=estate.kind,
                viewings=viewings,
            ),
        )
        SUBMISSIONS.labels("staff", outcome).inc()
        if outcome == STORED:
            log("entry", submission_id)
        elif outcome == CORRECTED:
            log("edit", submission_id, "samma formulär skickat igen med ändringar")
        row_news.tell(outcome, submission_id)  # worded from the row's state when it is read
        return redirect(url_for(".detail", submission_id=submission_id))
    form.form_errors.extend(refused)
    form.form_token.data = entry_token.issue(form.submission_id.data)
    page = render_template(
        "staff/entry_bostad.html",
        form=form,
        office=office,
        offices=vitec().offices.all,
        listed=listed,
        consent=consent_texts(office.company, staff=True),
        privacy_url=office.company.privacy_url,
        action=url_for(".new_estate_entry", kontor=request.args.get("kontor") or None),
    )
    return page, 422 if form.errors else 200
