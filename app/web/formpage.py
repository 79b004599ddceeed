"""The interest form page, shared by the site's own form and the embedded one."""

from __future__ import annotations

import re
import uuid

from flask import current_app, render_template, request

from app.intake.forms import HOUSING_LABELS, RANGES, InterestForm
from app.services import vitec

SUBMISSION_ID = re.compile(r"[0-9a-f]{32}")


def build_form(form_class: type[InterestForm] = InterestForm, formdata=None) -> InterestForm:
    """A form offering the current areas, carrying a submission id, prefilled from the URL
    (or from `formdata`, answers stored earlier)."""
    form = form_class(formdata=formdata) if formdata is not None else form_class()
    catalog = vitec().catalog
    form.set_area_choices([(a.area_id, a.name) for g in catalog.groups() for a in g.areas])
    # The id travels with the rendered form, so a double click, a reload or the back button
    # posts the same id again and the registration is stored once.
    if not SUBMISSION_ID.fullmatch(form.submission_id.data or ""):
        form.submission_id.data = uuid.uuid4().hex
    if request.method == "GET" and formdata is None:
        prefill(form)
    return form


def prefill(form: InterestForm) -> None:
    """Preselect areas (?omrade=) and housing types (?bostadstyp=); unknown values are ignored."""
    offered = {choice.value for choice in form.areas.choices}
    form.areas.data = [a for a in request.args.getlist("omrade") if a in offered]
    kinds = request.args.getlist("bostadstyp")
    form.housing_types.data = [kind for kind in kinds if kind in HOUSING_LABELS]


def render_form(form: InterestForm, problems: list[str], template: str, action: str, **context):
    """Render a form page; 422 when it carries errors."""
    page = render_template(
        template,
        form=form,
        action=action,
        groups=vitec().catalog.groups(),
        ranges=RANGES,
        problems=problems,
        privacy_url=current_app.config["PRIVACY_POLICY_URL"],
        **context,
    )
    return page, 422 if (form.errors or problems) else 200
