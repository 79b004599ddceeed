"""Interest in one home for sale (/bostad/<id>, embedded at /embed/bostad/<id>): the page names
the home as Vitec lists it, shows its viewings, and takes only what Vitec's estate call takes. A
home Vitec does not list, or one no longer for sale, gets a page that says so and stores
nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for

from app.core.clock import STOCKHOLM, clock_time
from app.core.swedish import sv_weekday_date
from app.intake.consent import consent_texts
from app.intake.estate_forms import EstateInterestForm
from app.intake.estate_mapping import EstateInterest
from app.intake.forms import read_phones
from app.intake.submit import accept
from app.vitec.estates import Estate, EstatesUnavailable, Viewing
from app.vitec.offices import Office
from app.web.buyer.counting import counted_as, host_args
from app.web.buyer.formpage import (
    OFFICE_PARAM,
    SUBMISSION_ID,
    form_tokens,
    now_ms,
    office_from_request,
    posted,
    spam_reason,
    too_fast,
    typed_answers,
)
from app.web.buyer.interest import (
    EXPIRED_MESSAGE,
    TOO_FAST_HEADING,
    TOO_FAST_MESSAGE,
    TOO_MANY_HEADING,
    too_many_message,
)
from app.web.buyer.limits import posted_form
from app.web.metrics import SUBMISSIONS
from app.web.settings import settings
from app.wiring.services import delivery, vitec


@dataclass(frozen=True)
class EstateChannel:
    """Where the listing form is shown: the stored channel, its layout and its endpoints."""

    key: str
    layout: str
    form_endpoint: str
    thanks_endpoint: str
    area_endpoint: str
    anchored: bool = False


WEB = EstateChannel(
    "web", "base.html", "public.estate_form", "public.estate_thanks", "public.interest_form"
)
EMBED = EstateChannel(
    "embed",
    "embed_base.html",
    "embed.estate_form",
    "embed.estate_thanks",
    "embed.interest_form",
    True,
)


def _local(moment: datetime) -> datetime:
    """Vitec's times without an offset are Swedish local time."""
    return (
        moment.replace(tzinfo=STOCKHOLM) if moment.tzinfo is None else moment.astimezone(STOCKHOLM)
    )


def viewing_when(viewing: Viewing) -> str:
    """A viewing's time as a Swede writes it: "söndag 13 december kl. 11.00–11.45"."""
    start = _local(viewing.starts_at)
    text = f"{sv_weekday_date(start)} {clock_time(start)}"
    if viewing.ends_at is not None:
        text += f"–{_local(viewing.ends_at):%H.%M}"
    return text


def upcoming(viewings: tuple[Viewing, ...], now: datetime) -> list[Viewing]:
    """The viewings not yet over (one without an end counts until it starts)."""
    return [v for v in viewings if _local(v.ends_at or v.starts_at) >= now]


def _gone(channel: EstateChannel, office: Office, status: int, unavailable: bool = False):
    """The page for a home that cannot be registered for: it says why and offers the area form."""
    kontor = request.args.get(OFFICE_PARAM) or None
    page = render_template(
        "bostad_saknas.html",
        layout=channel.layout,
        unavailable=unavailable,
        area_form=url_for(channel.area_endpoint, kontor=kontor),
        office=office,
    )
    return page, status


def shown_viewings(office: Office, estate: Estate) -> list[tuple[str, Viewing]]:
    """The home's viewings still to come, each with its time in words."""
    viewings = vitec().estates(office).viewings(estate.estate_id)
    return [(viewing_when(v), v) for v in upcoming(viewings, delivery().clock())]


def _render(form, channel, office, estate, action, problems, status=200, **context):
    page = render_template(
        "bostad.html",
        layout=channel.layout,
        form=form,
        estate=estate,
        viewings=shown_viewings(office, estate),
        action=action,
        problems=problems,
        privacy_url=office.company.privacy_url,
        consent=consent_texts(office.company, staff=False),
        valuation_offered=bool(settings().valuation_task_id),
        office=office,
        **context,
    )
    return page, 422 if (form.errors or problems) and status == 200 else status


def estate_form(channel: EstateChannel, estate_id: str):
    """Show the listing's form; on a valid post store the registration and say thanks (PRG)."""
    office = office_from_request()
    try:
        estate = vitec().estates(office).find(estate_id)
    except EstatesUnavailable:
        return _gone(channel, office, 503, unavailable=True)
    if estate is None or not estate.for_sale:
        return _gone(channel, office, 404)
    kontor = request.args.get(OFFICE_PARAM) or None
    anchor = "felsammanfattning" if channel.anchored else None
    action = url_for(
        channel.form_endpoint,
        estate_id=estate_id,
        kontor=kontor,
        _anchor=anchor,
        **host_args(channel.key),
    )
    form = EstateInterestForm(posted())
    if not SUBMISSION_ID.fullmatch(form.submission_id.data or ""):
        form.submission_id.data = uuid.uuid4().hex
    tokens, problems = form_tokens(), []
    if request.method != "POST":
        form.form_token.data = tokens.issue(form.submission_id.data, now_ms())
        return _render(form, channel, office, estate, action, problems)
    check, refused, wait = posted_form(tokens, form, now_ms())
    if wait is not None:  # past a limit: nothing is stored, the answers are shown again
        message = too_many_message(wait, delivery().clock())
        page, _ = _render(
            form, channel, office, estate, action, [message], summary_heading=TOO_MANY_HEADING
        )
        return page, 429, {"Retry-After": str(wait)}
    if refused:
        abort(403)
    heading = None
    if check.verdict == "expired":
        form.form_token.data = tokens.issue(form.submission_id.data, now_ms())
        problems.append(EXPIRED_MESSAGE)
    elif form.validate():
        if not too_fast(check, now_ms()) or spam_reason(form):
            _store(channel, office, estate, form)
            return redirect(
                url_for(
                    channel.thanks_endpoint,
                    estate_id=estate_id,
                    kontor=kontor,
                    _anchor="tack" if channel.anchored else None,
                )
            )
        # Never thanked and then dropped: shown again, with a stamp the trap lets through.
        form.form_token.data = tokens.issue(form.submission_id.data, now_ms(), True)
        problems, heading = [TOO_FAST_MESSAGE], TOO_FAST_HEADING
    return _render(form, channel, office, estate, action, problems, summary_heading=heading)


def _store(channel: EstateChannel, office: Office, estate: Estate, form) -> None:
    _, site = counted_as(channel.key)  # the host site of an embedded form, as the counters say
    outcome = accept(
        delivery().intake(office=office),
        form.answers(),
        vitec().routing(office),
        form.submission_id.data,
        channel.key,
        typed_answers(form),
        spam_reason=spam_reason(form),
        read_phones=read_phones(form),
        estate=EstateInterest(
            estate.estate_id,
            estate.title,
            form.interest_note.data or "",
            kind=estate.kind,
            viewings=tuple((when, v.booking_url) for when, v in shown_viewings(office, estate)),
            site=site,
        ),
    )
    SUBMISSIONS.labels(channel.key, outcome).inc()


def estate_thanks(channel: EstateChannel, estate_id: str):
    """The thank-you page, naming the home when Vitec still lists it."""
    office = office_from_request()
    try:
        estate = vitec().estates(office).find(estate_id)
    except EstatesUnavailable:
        estate = None
    kontor = request.args.get(OFFICE_PARAM) or None
    return render_template(
        "bostad_tack.html",
        layout=channel.layout,
        estate=estate,
        again=url_for(channel.area_endpoint, kontor=kontor),
    )


def register(bp: Blueprint, rule: str, channel: EstateChannel) -> None:
    """Serve the listing form for `channel` at `rule` on `bp`, and its thank-you page."""
    bp.add_url_rule(
        rule,
        "estate_form",
        lambda estate_id: estate_form(channel, estate_id),
        methods=["GET", "POST"],
    )
    bp.add_url_rule(
        rule + "/tack", "estate_thanks", lambda estate_id: estate_thanks(channel, estate_id)
    )
