"""Plain Swedish error pages that reveal nothing about the inside."""

from __future__ import annotations

import logging
import math
import time

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from app.web.extensions import limiter

log = logging.getLogger(__name__)

MESSAGES: dict[int, tuple[str, str]] = {
    400: (
        "Det gick inte att läsa uppgifterna",
        "Det som skickades gick inte att läsa. Gå tillbaka, ladda om sidan och försök igen.",
    ),
    403: (
        "Åtkomst nekad",
        "Det som skickades kom inte från formuläret på den här sidan. "
        "Ladda om sidan och försök igen.",
    ),
    404: ("Sidan finns inte", "Sidan du söker finns inte. Kontrollera adressen."),
    405: ("Det går inte att göra så här", "Sidan kan inte användas på det sättet."),
    413: ("För mycket data", "Det du skickade var för stort. Korta texterna och försök igen."),
    429: ("För många försök", "Det har gjorts många försök på kort tid härifrån."),
    500: ("Något gick fel", "Ett oväntat fel uppstod hos oss. Försök igen om en stund."),
}
# When the limit that was passed cannot say when it opens again.
FALLBACK_RETRY_AFTER_SECONDS = 60


def _page(status: int):
    title, text = MESSAGES.get(status, MESSAGES[500])
    return render_template("error.html", title=title, text=text, status=status), status


def wait_in_words(seconds: int) -> str:
    """'en minut', '12 minuter': a wait rounded to whole minutes (a second over is not one)."""
    minutes = max(1, math.ceil((seconds - 1) / 60))
    return "en minut" if minutes == 1 else f"{minutes} minuter"


def retry_after_seconds() -> int:
    """Seconds until the limit this request passed opens again."""
    limit = limiter.current_limit
    if limit is None:
        return FALLBACK_RETRY_AFTER_SECONDS
    return max(1, math.ceil(limit.reset_at - time.time()))


def handle_http_error(error: HTTPException):
    if error.code == 429:  # every 429 says when to come back, in words and in Retry-After
        seconds = retry_after_seconds()
        title, text = MESSAGES[429]
        text += f" Vänta {wait_in_words(seconds)} och försök igen."
        page = render_template("error.html", title=title, text=text, status=429)
        return page, 429, {"Retry-After": str(seconds)}
    return _page(error.code or 500)


def handle_unexpected(error: Exception):
    log.exception("unhandled error on %s", request.path)
    return _page(500)


def register_error_handlers(app: Flask) -> None:
    """Swedish pages for every HTTP error, and for anything unexpected."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
