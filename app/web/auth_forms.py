"""The staff's login and confirmation forms (Flask-WTF: CSRF-checked with the session)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from app.intake.validators import clean_text


class LoginForm(FlaskForm):
    email = EmailField(
        "E-post",
        filters=[clean_text],
        validators=[DataRequired(message="Ange din e-postadress."), Length(max=254)],
    )
    password = PasswordField(
        "Lösenord", validators=[DataRequired(message="Ange ditt lösenord."), Length(max=200)]
    )


class ConfirmForm(FlaskForm):
    """An empty form: a POST with a valid CSRF token is the confirmation."""
