"""The staff form's token: its submission id signed together with the staff session that was
shown the form, so that a post can store (or correct) only the entry its own form began, never
a colleague's entry named by its id."""

from __future__ import annotations

import secrets
import uuid

from flask import request, session
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from app.web.settings import settings

SALT = "intresseanmalan-staff-entry"  # a namespace, not a secret
SESSION_KEY = "staff_entry_key"  # a random value of this login's session, never shown
REFUSED_MESSAGE = (
    "Formuläret hörde inte till din inloggning, så inget sparades. Uppgifterna finns kvar: "
    "kontrollera dem och tryck på Spara och skicka till Vitec för att registrera dem som en ny "
    "anmälan."
)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(settings().secret_key, salt=SALT)


def _session_key() -> str:
    key = session.get(SESSION_KEY)
    if not isinstance(key, str):
        key = session[SESSION_KEY] = secrets.token_urlsafe(16)
    return key


def issue(submission_id: str) -> str:
    """A token binding this submission id to the logged-in staff member's session."""
    return _serializer().dumps(
        {"sid": submission_id, "by": current_user.get_id(), "key": _session_key()}
    )


def belongs(token: str, submission_id: str) -> bool:
    """Whether the token was issued for this submission id in this very session."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return False
    return (
        isinstance(data, dict)
        and data.get("sid") == submission_id
        and data.get("by") == current_user.get_id()
        and isinstance(session.get(SESSION_KEY), str)
        and data.get("key") == session.get(SESSION_KEY)
    )


def refusal(form) -> list[str]:
    """What stops a post from using the submission id it carries: nothing for a GET, a post
    without a well-formed id (the form was given a fresh one) or one whose token this session
    was given; else the message, and the form gets a fresh id, so that what was typed can only
    be sent as a new entry."""
    posted = request.form.get("submission_id")
    if request.method != "POST" or posted != form.submission_id.data:
        return []
    if belongs(request.form.get("form_token", ""), posted):
        return []
    form.submission_id.data = uuid.uuid4().hex
    return [REFUSED_MESSAGE]
