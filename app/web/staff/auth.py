"""Logging in and out of the staff pages, and the check in front of every staff page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from app.staff import accounts, audit
from app.web.extensions import limiter, login_manager
from app.web.settings import settings
from app.web.staff import session as staff_session
from app.web.staff.auth_forms import ConfirmForm, LoginForm
from app.web.staff.blueprint import STAFF_BLUEPRINTS, bp, log
from app.wiring.services import delivery


@login_manager.user_loader
def load_user(user_id: str):
    """The account a session belongs to, while that session is still valid."""
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


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: settings().login_rate_limit, methods=["POST"])
def login():
    """Log a staff member in, in a fresh session; a wrong password is said, and audited."""
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(delivery().engine, form.email.data, form.password.data)
        if user is not None:
            session.clear()  # a new session for the logged-in person, nothing carried over
            login_user(user)
            staff_session.begin(delivery().clock())
            log("login")
            return redirect(url_for(".desk"))
        audit.record(delivery().engine, accounts.normalize_email(form.email.data), "login_failed")
        form.password.errors.append("Fel e-postadress eller lösenord.")
    return render_template("staff/login.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
def logout():
    """Log out, ending every session of the account at once."""
    if ConfirmForm().validate_on_submit():
        log("logout")
        accounts.end_sessions(delivery().engine, current_user.id)  # every browser's, at once
        logout_user()
        session.clear()
    return redirect(url_for(".login"))
