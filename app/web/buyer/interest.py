"""The buyer's form, on the broker's own site (/) and embedded in an iframe (/embed): one flow,
one cookie-free token, for every office (?kontor=)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Blueprint, abort, redirect, render_template, request, url_for

from app.core.clock import clock_time
from app.intake.forms import InterestForm, read_phones
from app.intake.submit import accept
from app.web.buyer import check_answers, thanks_reference
from app.web.buyer.counting import counting_for, form_viewed, host_args
from app.web.buyer.formpage import (
    OFFICE_PARAM,
    blank_form_page,
    build_form,
    form_tokens,
    is_blank_get,
    now_ms,
    office_from_request,
    render_form,
    spam_reason,
    too_fast,
    typed_answers,
)
from app.web.buyer.limits import posted_form
from app.web.errors import wait_in_words
from app.web.metrics import SUBMISSIONS
from app.wiring.services import delivery, vitec

EXPIRED_MESSAGE = (
    "Formuläret hade varit öppet länge, så av säkerhetsskäl behöver det skickas igen. "
    "Dina uppgifter finns kvar; kontrollera dem och tryck på Skicka intresseanmälan."
)
TOO_MANY_HEADING = "För många försök"
TOO_FAST_MESSAGE = (
    "Formuläret skickades väldigt snabbt efter att sidan öppnades. Dina uppgifter finns kvar: "
    "tryck på Skicka intresseanmälan en gång till."
)
TOO_FAST_HEADING = "Skicka en gång till"


def too_many_message(seconds: int, now: datetime) -> str:
    """When the person may send again, in words and as a time of day."""
    wait = wait_in_words(seconds)
    at = clock_time(now + timedelta(seconds=seconds))
    return (
        "Formuläret har skickats många gånger på kort tid från din anslutning. "
        f"Vänta {wait} (till {at}) och tryck sedan på Skicka intresseanmälan igen. "
        "Dina uppgifter finns kvar. Inget har sparats ännu."
    )


@dataclass(frozen=True)
class Channel:
    """Where the form is shown: the stored channel name, its page and its thank-you page."""

    key: str
    template: str
    thanks_template: str
    form_endpoint: str
    thanks_endpoint: str
    # In an iframe without script nothing scrolls the host page, but the frame follows a
    # fragment in its own address: the form posts to #felsammanfattning (the error summary's
    # id) and the thanks redirect names #tack, so the frame shows what the answer is about.
    anchored: bool = False


WEB = Channel("web", "form.html", "thanks.html", "public.interest_form", "public.thanks")
EMBED = Channel(
    "embed", "embed.html", "embed_thanks.html", "embed.interest_form", "embed.thanks", True
)


def interest_form(channel: Channel):
    """Show the form; on a valid post store the registration and say thanks (PRG)."""
    office = office_from_request()
    form_viewed(channel.key, office)
    kontor = request.args.get(OFFICE_PARAM) or None
    action = url_for(
        channel.form_endpoint,
        kontor=kontor,
        _anchor="felsammanfattning" if channel.anchored else None,
        **host_args(channel.key),
    )
    if is_blank_get():
        return blank_form_page(InterestForm, office, channel.template, action)
    form = build_form(InterestForm, office, check_answers.form_data(office, channel.key))
    tokens, problems, heading = form_tokens(), [], None
    if request.method == "POST":
        check, refused, wait = posted_form(tokens, form, now_ms())
        if wait is not None:  # past a limit: nothing is stored, the answers are shown again
            message = too_many_message(wait, delivery().clock())
            page, _ = render_form(
                form, office, [message], channel.template, action, summary_heading=TOO_MANY_HEADING
            )
            return page, 429, {"Retry-After": str(wait)}
        if refused:
            abort(403)
        if check.verdict == "expired":
            form.form_token.data = tokens.issue(form.submission_id.data, now_ms())
            problems.append(EXPIRED_MESSAGE)
        elif form.validate():
            if not too_fast(check, now_ms()) or spam_reason(form):
                return _store_and_thank(channel, form, office, kontor)
            # Never thanked and then dropped: shown again, with a stamp the trap lets through.
            form.form_token.data = tokens.issue(form.submission_id.data, now_ms(), True)
            problems, heading = [TOO_FAST_MESSAGE], TOO_FAST_HEADING
    else:
        form.form_token.data = tokens.issue(form.submission_id.data, now_ms())
    return render_form(form, office, problems, channel.template, action, summary_heading=heading)


def _store_and_thank(channel: Channel, form: InterestForm, office, kontor: str | None):
    """Store a valid post (as spam when the honeypot was filled) and redirect to thanks."""
    answers = form.answers()
    reason = spam_reason(form)
    outcome = accept(
        delivery().intake(office=office),
        answers,
        vitec().routing(office),
        form.submission_id.data,
        channel.key,
        typed_answers(form),
        spam_reason=reason,
        area_names={choice.value: choice.label for choice in form.areas.choices},
        counting=counting_for(channel.key, office, answers, bot=reason is not None),
        read_phones=read_phones(form),
    )
    SUBMISSIONS.labels(channel.key, outcome).inc()
    reference = thanks_reference.issue(form.submission_id.data)
    anchor = "tack" if channel.anchored else None
    return redirect(url_for(channel.thanks_endpoint, kontor=kontor, ref=reference, _anchor=anchor))


def thanks(channel: Channel):
    """The thank-you page (the office's, when one was named): while its reference is fresh,
    what was registered, with "Ändra" links back to the form with every answer in place."""
    kontor = request.args.get(OFFICE_PARAM) or None
    office = office_from_request()
    again = url_for(channel.form_endpoint, kontor=kontor)
    reference = request.args.get(thanks_reference.REFERENCE_PARAM)
    shown = check_answers.registered(reference, office, channel.key)
    change = None
    if shown is not None and shown.change_until:
        change = url_for(
            channel.form_endpoint, kontor=kontor, **{check_answers.CHANGE_PARAM: reference}
        )
    return render_template(channel.thanks_template, again=again, registered=shown, change=change)


def register(bp: Blueprint, rule: str, channel: Channel) -> None:
    """Serve the form for `channel` at `rule` on `bp`, and its thank-you page at rule/tack."""

    def form_view():
        return interest_form(channel)

    bp.add_url_rule(rule, "interest_form", form_view, methods=["GET", "POST"])
    bp.add_url_rule(rule.rstrip("/") + "/tack", "thanks", lambda: thanks(channel))
