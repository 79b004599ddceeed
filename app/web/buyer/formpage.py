"""Building and rendering the interest form: the office's areas, the submission id, the token,
what was typed, and the posting limits. Shared by the buyer's forms and the staff form."""

from __future__ import annotations

import functools
import logging
import math
import re
import time
import uuid

from flask import abort, current_app, render_template, request
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many
from markupsafe import escape

from app.intake.consent import consent_texts
from app.intake.forms import CheckboxesField, InterestForm, SelectChoice
from app.vitec.offices import Office, UnknownOffice
from app.vitec.vocabulary import HOUSING_LABELS, RANGES
from app.web.buyer.area_layout import starts_folded
from app.web.extensions import limiter
from app.web.security import FormTokens
from app.wiring.services import delivery, vitec

log = logging.getLogger(__name__)

SUBMISSION_ID = re.compile(r"[0-9a-f]{32}")
OFFICE_PARAM = "kontor"
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
    return _tokens_for(current_app.config["SECRET_KEY"])


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
        form.housing_types.choices = housing_choices(current_app.config["HOUSING_TYPES"])
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


def spam_reason(form: InterestForm, age_seconds: float) -> str | None:
    """Why a valid-looking post is taken for a bot's, or None for a person's."""
    if form.kontrollfalt.data:
        return "honeypot filled"
    minimum = current_app.config["FORM_MIN_SECONDS"]
    if minimum > 0 and age_seconds < minimum:
        return f"sent {age_seconds:.1f} s after rendering"
    return None


def _render(form: InterestForm, problems: list[str], template: str, action: str, **context):
    staff = bool(context.get("staff"))
    groups = context.pop("groups")
    return render_template(
        template,
        form=form,
        action=action,
        groups=groups,
        areas_folded=starts_folded(groups),
        ranges=RANGES,
        problems=problems,
        privacy_url=current_app.config["PRIVACY_POLICY_URL"],
        # A buyer's own registration, corrected by staff, shows what the buyer agreed to.
        consent=consent_texts(
            current_app.config, staff=staff and not context.get("buyers_consent")
        ),
        valuation_offered=bool(current_app.config["VALUATION_TASK_ID"]),
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


@functools.lru_cache(maxsize=32)
def _limits(value: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(value))


def form_limit_wait() -> int | None:
    """Per-address and overall limits on posting the buyer's forms, counted in the Limiter's
    storage (Redis when RATELIMIT_STORAGE_URI says so): None while within both, else the
    seconds until a post is taken again. Every post counts, refused ones too. The limits are
    parsed once rather than on every request."""
    config = current_app.config
    if request.method != "POST" or not config.get("RATELIMIT_ENABLED", True):
        return None
    strategy, prefix = limiter.limiter, config["RATELIMIT_KEY_PREFIX"]
    address = get_remote_address()
    try:
        for items, keys in (
            (config["FORM_RATE_LIMIT"], ("form-address", address)),
            (config["FORM_RATE_LIMIT_GLOBAL"], ("form-all",)),
        ):
            for item in _limits(items):
                if not strategy.hit(item, prefix, *keys):
                    reset_at = strategy.get_window_stats(item, prefix, *keys).reset_time
                    return max(1, math.ceil(reset_at - time.time()))
    except Exception:  # the limits' store (Redis) is down: never a lost registration for it
        log.warning("form limits not counted: their storage cannot be reached", exc_info=True)
    return None
