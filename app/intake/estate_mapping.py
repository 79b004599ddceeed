"""From a person's validated answers to Vitec's InterestOnEstateAndContact: pure, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.intake.mapping import Answers, Routing, _person, _present
from app.outbox.kinds import ESTATE
from app.vitec.payload import InterestOnEstateAndContact


@dataclass(frozen=True)
class EstateInterest:
    """Which home the interest is for (its id and name as Vitec lists it) and the person's
    message to the broker (Vitec's interestNote)."""

    estate_id: str
    title: str
    note: str = ""
    kind: str = ""  # the home's kind in Swedish (Villa, Bostadsrätt, ...), for the receipt
    viewings: tuple[tuple[str, str], ...] = ()  # (when, booking link or ""), for the receipt
    site: str = ""  # the origin of the site an embedded form was shown on, for the statistics

    def columns(self) -> dict[str, str]:
        """The outbox's columns that say which home a row is for."""
        return {
            "kind": ESTATE,
            "estate_id": self.estate_id,
            "estate_title": self.title[:200],
            "site": self.site[:200] or None,
        }


def build_estate_payload(
    answers: Answers, interest: EstateInterest, routing: Routing, consented_at: datetime
) -> InterestOnEstateAndContact:
    """Map validated answers to InterestOnEstateAndContact; consent time must carry its
    offset. Only what this call takes: the person, the home, the present home, the message."""
    if consented_at.tzinfo is None:
        raise ValueError("consented_at must be timezone-aware")
    moment = consented_at.isoformat(timespec="seconds")
    payload: InterestOnEstateAndContact = {
        "updatePerson": _person(answers, routing, moment),
        "estateId": interest.estate_id,
    }
    present = _present(answers.present)
    if present:
        payload["presentAccommodation"] = present
    if interest.note:
        payload["interestNote"] = interest.note
    payload["notifyUser"] = routing.notify_user
    return payload
