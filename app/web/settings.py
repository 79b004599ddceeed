"""The settings of the app handling the request, as typed attributes (for the web only)."""

from __future__ import annotations

from flask import current_app

from app.settings.typed import Settings


def settings() -> Settings:
    """The current app's settings, built once at start-up."""
    return current_app.extensions["settings"]
