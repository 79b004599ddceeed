"""An unknown Host (TRUSTED_HOSTS) gets a plain Swedish 400. The page is built without
url_for: Flask cannot build URLs for a request whose host it refused."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import SecurityError


def refuse_unknown_host(_error: SecurityError):
    return render_template("host_refused.html"), 400


def register(app: Flask) -> None:
    """Answer requests for a host outside TRUSTED_HOSTS with the Swedish page."""
    app.register_error_handler(SecurityError, refuse_unknown_host)
