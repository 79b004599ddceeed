"""Staff sessions the server can end: an idle and an absolute limit on the app's clock, and
staff pages that no browser or proxy stores. (Ending every session of an account at once is
the session generation in app/staff/accounts.py.)"""

from __future__ import annotations

from datetime import datetime

from flask import Response, session

from app.web.settings import settings

LOGIN_AT, SEEN_AT = "staff_login_at", "staff_seen_at"
EXPIRED_MESSAGE = "Sessionen har avslutats eftersom den var gammal eller oanvänd. Logga in igen."


def begin(now: datetime) -> None:
    """Start the limits of a session that has just logged in."""
    session[LOGIN_AT] = session[SEEN_AT] = now.timestamp()


def expired(now: datetime) -> bool:
    """Whether the session has been idle too long or lived too long (or predates the limits)."""
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if not isinstance(login_at, float | int) or not isinstance(seen_at, float | int):
        return True
    moment = now.timestamp()
    return (
        moment - seen_at > settings().staff_idle_timeout
        or moment - login_at > settings().staff_session_max_age
    )


def touch(now: datetime) -> None:
    """The session was used: its idle time starts over."""
    session[SEEN_AT] = now.timestamp()


def no_store(response: Response) -> Response:
    """Staff pages hold personal data: never kept by a browser's cache, the back-forward cache
    or a proxy."""
    response.headers["Cache-Control"] = "no-store"
    return response
