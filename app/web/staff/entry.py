"""A registration entered by staff (taken by phone or at a viewing), on the staff form that
correcting a registration uses too."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_login import current_user

from app.intake.forms import read_phones
from app.intake.staff_forms import StaffInterestForm
from app.intake.submit import CORRECTED, STORED, accept
from app.vitec.offices import Office
from app.web.buyer.counting import counting_for
from app.web.buyer.formpage import (
    build_form,
    office_from_request,
    posted,
    render_form,
    typed_answers,
)
from app.web.metrics import SUBMISSIONS
from app.web.staff import entry_token, row_news
from app.web.staff.blueprint import bp, log
from app.wiring.services import delivery, vitec


def staff_form(office: Office, formdata=None) -> StaffInterestForm:
    """The staff form for an office, its handläggare and tasks from Vitec's reference data."""
    form = build_form(StaffInterestForm, office, formdata)
    form.set_lists(vitec().reference(office).staff_lists())
    return form


def render_staff_form(
    form: StaffInterestForm,
    office: Office,
    action: str,
    heading: str,
    reason=None,
    buyers_consent: bool = False,
    problems: list[str] | None = None,
):
    """The staff form's page, for a new entry or a correction."""
    return render_form(
        form,
        office,
        problems or [],
        "staff/entry.html",
        action,
        heading=heading,
        staff=True,
        offices=vitec().offices.all,
        reference_missing=not form.user_id.choices[1:] and not form.task_id.choices[1:],
        reason=reason,
        buyers_consent=buyers_consent,
    )


@bp.route("/ny", methods=["GET", "POST"])
def new_entry():
    """Enter a registration on the staff form; the same form sent again corrects it."""
    office = office_from_request()
    form = staff_form(office, posted())
    refused = entry_token.refusal(form)  # a colleague's entry, or a forged id: nothing stored
    if request.method == "POST" and not refused and form.validate():  # a GET shows no errors
        submission_id = form.submission_id.data
        answers = form.answers()
        outcome = accept(
            delivery().intake(staff=True, office=office),
            answers,
            form.routing(office.customer_id),
            submission_id,
            "staff",
            typed_answers(form),
            entered_by=current_user.email,
            area_names={choice.value: choice.label for choice in form.areas.choices},
            send_receipt=bool(form.send_receipt.data),
            counting=counting_for("staff", office, answers),
            read_phones=read_phones(form),
        )
        SUBMISSIONS.labels("staff", outcome).inc()
        if outcome == STORED:
            log("entry", submission_id)
        elif outcome == CORRECTED:  # the same staff form sent again, changed
            log("edit", submission_id, "samma formulär skickat igen med ändringar")
        row_news.tell(outcome, submission_id)  # worded from the row's state when it is read
        return redirect(url_for(".detail", submission_id=submission_id))
    form.form_token.data = entry_token.issue(form.submission_id.data)
    action = url_for(".new_entry", kontor=request.args.get("kontor") or None)
    return render_staff_form(form, office, action, "Ny intresseanmälan", problems=refused)
