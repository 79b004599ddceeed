"""An unknown Host (TRUSTED_HOSTS) gets a plain Swedish 400. The page is built without
url_for: Flask cannot build URLs for a request whose host it refused."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import SecurityError


def refuse_unknown_host(_error: SecurityError):
    return render_template("host_refused.html"), 400


# The service's own checks (the image's HEALTHCHECK, a scraper on the same machine) ask for it by
# a loopback name; links are never built from Host (PUBLIC_URL), so these names harm nothing.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def register(app: Flask) -> None:
    """Answer requests for a host outside TRUSTED_HOSTS with the Swedish page; loopback names
    stay trusted so that health checks keep working."""
    trusted = app.config.get("TRUSTED_HOSTS")
    if trusted:
        app.config["TRUSTED_HOSTS"] = [*trusted, *(h for h in LOOPBACK_HOSTS if h not in trusted)]
    app.register_error_handler(SecurityError, refuse_unknown_host)
