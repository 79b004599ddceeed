"""The staff's login and confirmation forms (Flask-WTF: CSRF-checked with the session)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from app.intake.validators import clean_text


class LoginForm(FlaskForm):
    """E-post and lösenord. The view adds its own error to the password when the pair matches
    no active account; `refused` tells that error from the fields' own."""

    email = EmailField(
        "E-post",
        filters=[clean_text],
        validators=[DataRequired(message="Ange e-postadressen."), Length(max=254)],
    )
    password = PasswordField(
        "Lösenord", validators=[DataRequired(message="Ange lösenordet."), Length(max=200)]
    )
    fields_valid = False

    def validate(self, extra_validators=None) -> bool:
        """Validate, and remember whether the fields themselves were in order."""
        self.fields_valid = super().validate(extra_validators)
        return self.fields_valid

    @property
    def refused(self) -> bool:
        """Both fields were filled in and the view refused the login."""
        return self.fields_valid and bool(self.password.errors)

    def problems(self) -> list[tuple[str, str]]:
        """(the field's id, the message) for the page's error summary, in the page's order."""
        return [
            (field.id, message) for field in (self.email, self.password) for message in field.errors
        ]


class ConfirmForm(FlaskForm):
    """An empty form: a POST with a valid CSRF token is the confirmation."""
