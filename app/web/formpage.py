"""The interest form page, shared by the site's own form and the embedded one."""

from __future__ import annotations

import functools
import re
import uuid

from flask import abort, current_app, render_template, request
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import generate_csrf
from limits import RateLimitItem, parse_many
from markupsafe import escape

from app.extensions import limiter
from app.intake.consent import consent_texts
from app.intake.forms import HOUSING_LABELS, RANGES, InterestForm
from app.security import issue_form_token, issue_render_stamp, seconds_since_render
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
    # Keep the stamp of the first rendering, so fixing an error quickly is not "too fast".
    form.render_age = seconds_since_render(form.rendered.data)
    if form.render_age is None:
        form.rendered.data = issue_render_stamp()
    return form


def spam_reason(form: InterestForm) -> str | None:
    """Why a valid-looking post is taken for a bot's, or None for a person's."""
    if form.kontrollfalt.data:
        return "honeypot filled"
    minimum = current_app.config["FORM_MIN_SECONDS"]
    if minimum <= 0:
        return None  # the time trap is switched off
    age = form.render_age
    if age is None:
        return "no valid render stamp"
    if age < minimum:
        return f"sent {age:.1f} s after rendering"
    return None


def prefill(form: InterestForm) -> None:
    """Preselect areas (?omrade=) and housing types (?bostadstyp=); unknown values are ignored."""
    offered = {choice.value for choice in form.areas.choices}
    form.areas.data = [a for a in request.args.getlist("omrade") if a in offered]
    kinds = request.args.getlist("bostadstyp")
    form.housing_types.data = [kind for kind in kinds if kind in HOUSING_LABELS]


def _render(
    form: InterestForm,
    problems: list[str],
    template: str,
    action: str,
    csrf_value: str | None = None,
    **context,
):
    if csrf_value is None and form.session_csrf:
        csrf_value = generate_csrf()  # also puts the token in the session
    return render_template(
        template,
        form=form,
        action=action,
        csrf_value=csrf_value,
        groups=vitec().catalog.groups(),
        ranges=RANGES,
        problems=problems,
        privacy_url=current_app.config["PRIVACY_POLICY_URL"],
        consent=consent_texts(current_app.config, staff=bool(context.get("staff"))),
        **context,
    )


# The per-view values of an empty form; everything else on that page is the same for everyone.
_DYNAMIC = ("submission_id", "rendered", "form_token")


def _skeleton(form_class: type[InterestForm], template: str, action: str) -> str:
    """The empty form page with placeholders for its per-view values, rendered once per area
    list: rendering the same markup for every visitor was most of a page view's cost."""
    cache = current_app.extensions.setdefault("blank_form_pages", {})
    groups = vitec().catalog.groups()
    key = (template, action, groups)
    if key not in cache:
        for stale in [k for k in cache if k[2] != groups]:  # pages of an older area list
            cache.pop(stale, None)
        form = build_form(form_class)
        for name in _DYNAMIC:
            if name in form:
                form[name].data = f"@@{name}@@"
        csrf_value = "@@csrf_token@@" if form.session_csrf else None
        cache[key] = _render(form, [], template, action, csrf_value)
    return cache[key]


def blank_form_page(form_class: type[InterestForm], template: str, action: str) -> str:
    """A plain GET of an empty form: the cached page with fresh per-view values."""
    page = _skeleton(form_class, template, action)
    submission_id = uuid.uuid4().hex
    values = {"@@submission_id@@": submission_id, "@@rendered@@": issue_render_stamp()}
    if "@@csrf_token@@" in page:
        values["@@csrf_token@@"] = generate_csrf()  # also puts the token in the session
    if "@@form_token@@" in page:
        values["@@form_token@@"] = issue_form_token(submission_id)
    for placeholder, value in values.items():
        page = page.replace(placeholder, str(escape(value)))
    return page


def is_blank_get() -> bool:
    """A GET with nothing to prefill: the cached empty page will do."""
    return request.method == "GET" and not request.args


def render_form(form: InterestForm, problems: list[str], template: str, action: str, **context):
    """Render a form page; 422 when it carries errors."""
    page = _render(form, problems, template, action, **context)
    return page, 422 if (form.errors or problems) else 200


@functools.lru_cache(maxsize=32)
def _limits(value: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(value))


def check_form_limits() -> None:
    """Per-address and overall limits on posting the public and embedded forms (429 past
    either), counted in the Limiter's storage, so in Redis when RATELIMIT_STORAGE_URI says so.
    The limits are parsed once: Flask-Limiter's decorators re-evaluate limits read from the
    configuration on every request, which was a quarter of a post's time."""
    config = current_app.config
    if request.method != "POST" or not config.get("RATELIMIT_ENABLED", True):
        return
    strategy, prefix = limiter.limiter, config["RATELIMIT_KEY_PREFIX"]
    address = get_remote_address()
    for item in _limits(config["FORM_RATE_LIMIT"]):
        if not strategy.hit(item, prefix, "form-address", address):
            abort(429)
    for item in _limits(config["FORM_RATE_LIMIT_GLOBAL"]):
        if not strategy.hit(item, prefix, "form-all"):
            abort(429)


def form_rate_limits(view):
    """Apply the form posting limits to a view."""

    @functools.wraps(view)
    def limited(*args, **kwargs):
        check_form_limits()
        return view(*args, **kwargs)

    return limited
