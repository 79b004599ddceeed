"""Plain Swedish error pages that reveal nothing about the inside."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

MESSAGES: dict[int, tuple[str, str]] = {
    400: ("Felaktig begäran", "Begäran kunde inte tolkas. Gå tillbaka och försök igen."),
    403: ("Åtkomst nekad", "Begäran kom inte från formuläret. Ladda om sidan och försök igen."),
    404: ("Sidan finns inte", "Sidan du söker finns inte. Kontrollera adressen."),
    405: ("Det går inte att göra så här", "Sidan tar inte emot den sortens begäran."),
    413: ("För mycket data", "Det du skickade var för stort. Korta texterna och försök igen."),
    429: ("För många försök", "Du har skickat många förfrågningar. Vänta en stund."),
    500: ("Något gick fel", "Ett oväntat fel uppstod hos oss. Försök igen om en stund."),
}


def _page(status: int):
    title, text = MESSAGES.get(status, MESSAGES[500])
    return render_template("error.html", title=title, text=text, status=status), status


def handle_http_error(error: HTTPException):
    return _page(error.code or 500)


def handle_unexpected(error: Exception):
    log.exception("unhandled error on %s", request.path)
    return _page(500)


def register_error_handlers(app: Flask) -> None:
    """Swedish pages for every HTTP error, and for anything unexpected."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
