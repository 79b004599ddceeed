"""Building and rendering the interest form: the office's areas, the submission id, the token,
what was typed, and the time trap. Shared by the buyer's forms and the staff form."""

from __future__ import annotations

import functools
import logging
import re
import uuid

from flask import abort, current_app, render_template, request
from markupsafe import escape

from app.intake.consent import consent_texts
from app.intake.forms import CheckboxesField, InterestForm, SelectChoice
from app.vitec.offices import Office, UnknownOffice
from app.vitec.vocabulary import HOUSING_LABELS, RANGES
from app.web.buyer.area_layout import chosen_chips, starts_folded
from app.web.company import OFFICE_PARAM
from app.web.security import FormTokens, TokenCheck
from app.web.settings import settings
from app.wiring.services import delivery, vitec

log = logging.getLogger(__name__)

SUBMISSION_ID = re.compile(r"[0-9a-f]{32}")
# Fields that are not answers: never kept with what the person typed.
NOT_ANSWERS = frozenset({"csrf_token", "form_token", "submission_id", "kontrollfalt"})


def office_from_request() -> Office:
    """The office named by ?kontor= (the default office without it); 404 for any other."""
    try:
        return vitec().offices.get(request.args.get(OFFICE_PARAM) or None)  # "" is the default
    except UnknownOffice:
        abort(404)


def now_ms() -> int:
    """The app's clock in epoch milliseconds (tests inject a clock)."""
    return int(delivery().clock().timestamp() * 1000)


def form_tokens() -> FormTokens:
    """The forms' token signer for this app's secret."""
    return _tokens_for(settings().secret_key)


@functools.lru_cache(maxsize=4)
def _tokens_for(secret: str) -> FormTokens:
    return FormTokens(secret)


def posted():
    """The posted form data, or None for a GET."""
    return request.form if request.method == "POST" else None


def build_form(form_class: type[InterestForm], office: Office, formdata=None) -> InterestForm:
    """A form offering the office's areas and carrying a submission id: filled from `formdata`
    (what was posted, or answers stored earlier), else prefilled from the URL."""
    form = form_class(formdata)
    form.areas.choices = _area_choices(vitec().reference(office).groups())
    if not form_class.EVERY_HOUSING_TYPE:
        form.housing_types.choices = housing_choices(settings().housing_types)
    # The id travels with the rendered form, so a double click, a reload or the back button
    # posts the same id again and the registration is stored once.
    if not SUBMISSION_ID.fullmatch(form.submission_id.data or ""):
        form.submission_id.data = uuid.uuid4().hex
    if formdata is None:
        prefill(form)
    return form


@functools.lru_cache(maxsize=8)
def _housing_choices(kinds: tuple[str, ...]) -> list[SelectChoice]:
    return [SelectChoice(kind, HOUSING_LABELS[kind]) for kind in kinds]


def housing_choices(kinds) -> list[SelectChoice]:
    """The housing types the broker's form offers (HOUSING_TYPES: Vitec's flags, in order)."""
    return _housing_choices(tuple(kinds))


def _area_choices(groups: tuple) -> list:
    """The areas as the form offers them, made once per area list (the list is replaced, not
    changed, when Vitec's areas are fetched again)."""
    cache = current_app.extensions.setdefault("area_choices", {})
    cached = cache.get(id(groups))
    if cached is None or cached[0] is not groups:
        if len(cache) > 64:
            cache.clear()
        choices = InterestForm.area_choices([(a.area_id, a.name) for g in groups for a in g.areas])
        cached = cache[id(groups)] = (groups, choices)
    return cached[1]


def prefill(form: InterestForm) -> None:
    """Preselect areas (?omrade=) and housing types (?bostadstyp=); unknown values are ignored."""
    offered = {choice.value for choice in form.areas.choices}
    form.areas.data = [a for a in request.args.getlist("omrade") if a in offered]
    kinds = request.args.getlist("bostadstyp")
    offered_kinds = {choice.value for choice in form.housing_types.choices}
    form.housing_types.data = [kind for kind in kinds if kind in offered_kinds]


def typed_answers(form: InterestForm) -> dict[str, list[str]]:
    """What the person typed, for a later correction: only the form's own fields, each value
    once, a checkbox group only with values the form offers."""
    kept: dict[str, list[str]] = {}
    for field in form:
        if field.name in NOT_ANSWERS:
            continue
        if isinstance(field, CheckboxesField):
            values = list(field.data or [])  # already filtered to the offered choices
        else:
            values = [str(field.raw_data[0])] if field.raw_data else []
        if values and values != [""]:
            kept[field.name] = values
    return kept


def spam_reason(form: InterestForm) -> str | None:
    """Why a valid-looking post is kept as spam (the honeypot, which no person sees, was
    filled), or None for a person's."""
    return "honeypot filled" if form.kontrollfalt.data else None


def too_fast(check: TokenCheck, now: int) -> bool:
    """Whether a post came sooner after rendering than FORM_MIN_SECONDS allows and was not
    already shown again for it. Such a post is never stored as spam: autofill and a prefill
    link make a person that fast, so the form is shown again to be sent once more."""
    minimum = settings().form_min_seconds
    if minimum <= 0 or check.pressed_again or check.rendered_ms is None:
        return False
    return (now - check.rendered_ms) / 1000 < minimum


def _render(form: InterestForm, problems: list[str], template: str, action: str, **context):
    staff = bool(context.get("staff"))
    groups = context.pop("groups")
    company = context["office"].company
    return render_template(
        template,
        form=form,
        action=action,
        groups=groups,
        areas_folded=starts_folded(groups),
        chosen_areas=chosen_chips(groups, form.areas.data or []),
        ranges=RANGES,
        problems=problems,
        privacy_url=company.privacy_url,
        # A buyer's own registration, corrected by staff, shows what the buyer agreed to.
        consent=consent_texts(company, staff=staff and not context.get("buyers_consent")),
        valuation_offered=bool(settings().valuation_task_id),
        **context,
    )


def render_form(
    form: InterestForm, office: Office, problems: list[str], template: str, action: str, **context
):
    """Render a form page; 422 when it carries errors."""
    groups = vitec().reference(office).groups()
    page = _render(form, problems, template, action, groups=groups, office=office, **context)
    return page, 422 if (form.errors or problems) else 200


# The per-view values of an empty form; everything else on that page is the same for everyone.
_DYNAMIC = ("submission_id", "form_token")


def _skeleton(form_class: type[InterestForm], office: Office, template: str, action: str) -> str:
    """The empty form page with placeholders for its per-view values, rendered once per area
    list: rendering the same markup for every visitor was most of a page view's cost."""
    cache = current_app.extensions.setdefault("blank_form_pages", {})
    groups = vitec().reference(office).groups()
    key = (template, action, office.customer_id)
    cached = cache.get(key)
    if cached is None or cached[0] is not groups:
        form = build_form(form_class, office)
        for name in _DYNAMIC:
            form[name].data = f"@@{name}@@"
        page = _render(form, [], template, action, groups=groups, office=office)
        cached = cache[key] = (groups, page)
    return cached[1]


def blank_form_page(form_class: type[InterestForm], office: Office, template: str, action: str):
    """A plain GET of an empty form: the cached page with a fresh id and token."""
    page = _skeleton(form_class, office, template, action)
    submission_id = uuid.uuid4().hex
    token = form_tokens().issue(submission_id, now_ms())
    for placeholder, value in (("@@submission_id@@", submission_id), ("@@form_token@@", token)):
        page = page.replace(placeholder, str(escape(value)))
    return page


def is_blank_get() -> bool:
    """A GET with nothing to prefill: the cached empty page will do."""
    return request.method == "GET" and not (set(request.args) - {OFFICE_PARAM})
