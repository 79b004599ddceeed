"""Broker staff: login, manual entry, the delivery desk and the audit log."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from werkzeug.datastructures import MultiDict

from app import outbox
from app.intake.correction import correct
from app.intake.staff_forms import StaffInterestForm
from app.intake.submit import CORRECTED, STORED, accept
from app.outbox.kinds import ESTATE
from app.outbox.states import BLOCKED_FILTER, SPAM, is_correctable
from app.staff import accounts, audit
from app.vitec.offices import Office, UnknownOffice
from app.web.buyer.counting import counting_for
from app.web.buyer.formpage import (
    build_form,
    office_from_request,
    posted,
    render_form,
    typed_answers,
)
from app.web.extensions import limiter, login_manager
from app.web.metrics import SUBMISSIONS
from app.web.settings import settings
from app.web.staff import desk_listing as desk_page
from app.web.staff import entry_token, row_news, vitec_fields
from app.web.staff import session as staff_session
from app.web.staff.auth_forms import ConfirmForm, LoginForm
from app.web.staff.desk_words import FILTERS, describe_row, heading_for, person_of
from app.web.staff.receipt_status import receipt_line
from app.wiring.services import delivery, vitec

bp = Blueprint("staff", __name__, url_prefix="/staff")
# Every blueprint under /staff: the login, the session limits and no-store apply to all.
STAFF_BLUEPRINTS = frozenset({"staff", "insight"})
bp.after_request(staff_session.no_store)


@login_manager.user_loader
def load_user(user_id: str):
    return accounts.by_session_id(delivery().engine, user_id)


def require_login():
    """Every staff page but the login page needs a logged-in, active account in a session that
    is neither idle nor too old. Registered on the app before the CSRF check, so an anonymous
    visitor is always sent to the login page."""
    if request.blueprint not in STAFF_BLUEPRINTS or request.endpoint == "staff.login":
        return None
    now = delivery().clock()
    if current_user.is_authenticated and staff_session.expired(now):
        logout_user()
        session.clear()
        flash(staff_session.EXPIRED_MESSAGE)
        return redirect(url_for("staff.login"))
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    staff_session.touch(now)
    return None


def _log(action: str, submission_id: str | None = None, detail: str | None = None) -> None:
    audit.record(delivery().engine, current_user.email, action, submission_id, detail)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: settings().login_rate_limit, methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(delivery().engine, form.email.data, form.password.data)
        if user is not None:
            session.clear()  # a new session for the logged-in person, nothing carried over
            login_user(user)
            staff_session.begin(delivery().clock())
            _log("login")
            return redirect(url_for(".desk"))
        audit.record(delivery().engine, accounts.normalize_email(form.email.data), "login_failed")
        form.password.errors.append("Fel e-postadress eller lösenord.")
    return render_template("staff/login.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
def logout():
    if ConfirmForm().validate_on_submit():
        _log("logout")
        accounts.end_sessions(delivery().engine, current_user.id)  # every browser's, at once
        logout_user()
        session.clear()
    return redirect(url_for(".login"))


@bp.get("/")
def desk():
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


def _row_or_404(submission_id: str) -> dict:
    row = outbox.get(delivery().engine, submission_id)
    if row is None:
        abort(404)
    return row


@bp.get("/anmalan/<submission_id>")
def detail(submission_id: str):
    row = _row_or_404(submission_id)
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
    )


@bp.post("/anmalan/<submission_id>/skicka-igen")
def resend(submission_id: str):
    if ConfirmForm().validate_on_submit():
        if outbox.retry(delivery().engine, delivery().clock(), submission_id):
            delivery().wake()
            _log("resend", submission_id)
            row_news.tell(row_news.RESENT, submission_id)
        else:
            row_news.tell(row_news.NOT_RESENT, submission_id)
    return redirect(url_for(".detail", submission_id=submission_id))


def _staff_form(office: Office, formdata=None) -> StaffInterestForm:
    form = build_form(StaffInterestForm, office, formdata)
    form.set_lists(vitec().reference(office).staff_lists())
    return form


def _render_staff_form(
    form: StaffInterestForm,
    office: Office,
    action: str,
    heading: str,
    reason=None,
    buyers_consent: bool = False,
    problems: list[str] | None = None,
):
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
    office = office_from_request()
    form = _staff_form(office, posted())
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
        )
        SUBMISSIONS.labels("staff", outcome).inc()
        if outcome == STORED:
            _log("entry", submission_id)
        elif outcome == CORRECTED:  # the same staff form sent again, changed
            _log("edit", submission_id, "samma formulär skickat igen med ändringar")
        row_news.tell(outcome, submission_id)  # worded from the row's state when it is read
        return redirect(url_for(".detail", submission_id=submission_id))
    form.form_token.data = entry_token.issue(form.submission_id.data)
    action = url_for(".new_entry", kontor=request.args.get("kontor") or None)
    return _render_staff_form(form, office, action, "Ny intresseanmälan", problems=refused)


@bp.route("/anmalan/<submission_id>/ratta", methods=["GET", "POST"])
def edit(submission_id: str):
    row = _row_or_404(submission_id)
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
        _keep_the_buyers_routing(stored, office)
    form = _staff_form(office, posted() or stored)
    form.submission_id.data = submission_id
    if request.method == "POST" and form.validate():
        intake = delivery().intake(staff=True, office=office)
        consented_at = row["consent_at"] or delivery().clock()
        answers, typed = form.answers(), typed_answers(form)
        counting = counting_for(row["channel"], office, answers)
        routing = form.routing(office.customer_id)
        if correct(intake, submission_id, answers, routing, typed, consented_at, counting):
            _log("edit", submission_id, f"tidigare: {describe_row(row)['state']}")
            row_news.tell(row_news.CORRECTED, submission_id)
        else:  # delivered or erased meanwhile: said, not silently dropped
            row_news.tell(row_news.NOT_CORRECTED, submission_id)
        return redirect(url_for(".detail", submission_id=submission_id))
    action = url_for(".edit", submission_id=submission_id)
    name = person_of(delivery().sealer, row["answers"]).name
    heading = f"Rätta anmälan från {name}" if name else "Rätta intresseanmälan"
    reason = describe_row(row)  # Vitec's words at the fields it refused, for the summary:
    vitec_fields.mark_refused(form, reason["refusals"], stored, posted())
    return _render_staff_form(form, office, action, heading, reason, buyers)


def _keep_the_buyers_routing(stored: MultiDict, office: Office) -> None:
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


@bp.route("/anmalan/<submission_id>/radera", methods=["GET", "POST"])
def erase(submission_id: str):
    row = _row_or_404(submission_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        outbox.erase(delivery().engine, submission_id, delivery().clock())
        _log("erase", submission_id)
        flash("Personuppgifterna är raderade här. Finns kontakten i Vitec, radera den där också.")
        return redirect(url_for(".detail", submission_id=submission_id))
    return render_template("staff/erase.html", row=describe_row(row), form=form)


@bp.get("/logg")
def audit_log():
    entries = audit.recent(delivery().engine, limit=500)
    return render_template("staff/audit.html", entries=entries, names=audit.ACTION_NAMES)
