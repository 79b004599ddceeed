"""Erasing a person's data from a registration, after a page that says what goes and what
stays."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from app import outbox
from app.web.staff.auth_forms import ConfirmForm
from app.web.staff.blueprint import bp, log, row_or_404
from app.web.staff.desk_words import describe_row, person_of
from app.wiring.services import delivery


@bp.route("/anmalan/<submission_id>/radera", methods=["GET", "POST"])
def erase(submission_id: str):
    """Say what erasing does, and erase the person's data once confirmed."""
    row = row_or_404(submission_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        outbox.erase(delivery().engine, submission_id, delivery().clock())
        log("erase", submission_id)
        flash("Personuppgifterna är raderade här. Finns kontakten i Vitec, radera den där också.")
        return redirect(url_for(".detail", submission_id=submission_id))
    name = person_of(delivery().sealer, row["answers"]).name
    heading = f"Radera {genitive(name)} uppgifter" if name else "Radera personuppgifterna"
    return render_template("staff/erase.html", row=describe_row(row), form=form, heading=heading)


def genitive(name: str) -> str:
    """A name in the Swedish genitive: 'Göran Perssons', but 'Hans Ros' (no s after s, x, z)."""
    return name if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"
