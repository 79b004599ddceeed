"""Module-level extension objects, bound to the app with init_app."""

from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
