"""The thank-you page's check-answers part: what was registered, a link back to the form with
every answer in place (sent again, it corrects the registration), and the receipt named only
when one was really queued. The public pages set no cookie: the signed, short-lived reference
of thanks_reference (?ref=, and ?andra= on the form) finds the registration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Response, after_this_request, g, request
from werkzeug.datastructures import MultiDict

from app import outbox
from app.core.clock import clock_time
from app.intake.summary import SummaryRow
from app.mail import queue as mailqueue
from app.mail.receipts import recipient_key
from app.outbox.states import SPAM
from app.vitec.offices import Office
from app.web.buyer import thanks_reference
from app.web.settings import settings
from app.wiring.services import delivery

CHANGE_PARAM = "andra"  # the form's address: ?andra=<reference> fills it with the answers


@dataclass(frozen=True)
class Registered:
    """What the thank-you page shows of one registration."""

    rows: list[SummaryRow]
    change_until: str | None  # `kl. 10.29`; None when the answers cannot be changed here
    receipt: str | None  # the sentence about the receipt; None when none was queued


def _no_store() -> None:
    """Keep a page with a person's answers out of every cache (a shared computer)."""

    @after_this_request
    def no_store(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        return response


def _found(reference: str | None, office: Office) -> tuple[dict, datetime] | None:
    """The referenced registration of this office, with its data, and when the reference ends."""
    fresh = thanks_reference.fresh(reference)
    if fresh is None:
        return None
    row = outbox.get(delivery().engine, fresh[0])
    if row is None or row["payload"] is None or row["office"] != office.customer_id:
        return None
    if row["erased_at"] is not None:
        return None
    return row, fresh[1]


def _changeable(row: dict, channel: str) -> bool:
    """Whether sending the form again from this channel corrects this registration (see
    intake.submit's correction: never a spam row, never another channel's)."""
    return row["status"] != SPAM and row["channel"] == channel and row["answers"] is not None


def masked(address: str) -> str:
    """An e-mail address shown without giving it away: `asa.oberg@example.se` -> `a…@example.se`."""
    local, _, domain = address.strip().rpartition("@")
    return f"{local[:1]}…@{domain}" if local else "…"


def _receipt_sentence(row: dict, typed: dict[str, list[str]]) -> str | None:
    """The receipt, named by its masked address, only when one to this very address was
    queued for this registration and has not been dropped or failed."""
    address = (typed.get("email") or [""])[0]
    receipt = mailqueue.receipt_for(delivery().engine, row["id"])
    if not address or receipt is None or not receipt["recipient_key"]:
        return None
    if receipt["recipient_key"] != recipient_key(address, settings().secret_key):
        return None  # a receipt of other answers
    if receipt["status"] == mailqueue.SENT:
        return f"Vi har skickat en bekräftelse till {masked(address)}."
    if receipt["status"] in mailqueue.WAITING:
        return f"Vi skickar en bekräftelse till {masked(address)}."
    return None


def registered(reference: str | None, office: Office, channel: str) -> Registered | None:
    """What the thank-you page shows of the referenced registration; None when the reference
    is not valid or the registration's data is gone."""
    found = _found(reference, office)
    if found is None:
        return None
    row, ends = found
    _no_store()
    rows = thanks_reference.summary_of(row, office)
    typed = delivery().sealer.open(row["answers"]) if row["answers"] is not None else {}
    until = clock_time(ends) if _changeable(row, channel) else None
    return Registered(rows, until, _receipt_sentence(row, typed))


def form_data(office: Office, channel: str) -> MultiDict | None:
    """What fills the form: the post; on a GET with a fresh ?andra= reference the stored
    answers of that registration, under its submission id (sent again, it corrects it);
    otherwise None (an empty form, or one prefilled from the address)."""
    if request.method == "POST":
        return request.form
    found = _found(request.args.get(CHANGE_PARAM), office)
    if found is None or not _changeable(found[0], channel):
        return None
    row = found[0]
    _no_store()
    g.changing_registration = True  # the form says so
    stored = MultiDict(delivery().sealer.open(row["answers"]))
    stored.setlist("submission_id", [row["id"]])
    return stored
