"""The states of a registration in the outbox, their Swedish names, and what each allows."""

from __future__ import annotations

from collections.abc import Mapping

# queued -> delivered; or retrying; or rejected (Vitec said 400); or dead (still failing after
# DELIVERY_MAX_AGE); or spam (caught by the honeypot or time trap: never sent unless staff send it).
QUEUED, RETRYING, DELIVERED, REJECTED, DEAD, SPAM = (
    "queued",
    "retrying",
    "delivered",
    "rejected",
    "dead",
    "spam",
)
STATES = (QUEUED, RETRYING, DELIVERED, REJECTED, DEAD, SPAM)
WAITING = (QUEUED, RETRYING)
# Not delivered yet, so the answers may still be corrected and sent.
CORRECTABLE = (QUEUED, RETRYING, REJECTED, DEAD, SPAM)

STATE_NAMES: Mapping[str, str] = {
    QUEUED: "väntar",
    RETRYING: "väntar (försöker igen)",
    DELIVERED: "levererad",
    REJECTED: "avvisad",
    DEAD: "misslyckad",
    SPAM: "misstänkt spam (skickas inte)",
}
ERASED_NAME = "raderad"

# The channels a registration comes in through (the outbox's `channel`), in the order the
# statistics show them, with the names staff read; a heading capitalises the name.
CHANNEL_NAMES: Mapping[str, str] = {"web": "webb", "embed": "inbäddad", "staff": "personal"}

# The desk's filters: key in the address -> (label, the states it shows).
FILTERS: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "": ("Alla", ()),
    "vantar": ("Väntar", WAITING),
    "levererad": ("Levererade", (DELIVERED,)),
    "avvisad": ("Avvisade", (REJECTED,)),
    "misslyckad": ("Misslyckade", (DEAD,)),
    "spam": ("Misstänkt spam", (SPAM,)),
}


def state_name(status: str, erased: bool = False) -> str:
    """The Swedish name staff read for a row's state."""
    return ERASED_NAME if erased else STATE_NAMES.get(status, status)


def is_correctable(row: Mapping) -> bool:
    """A row whose typed answers are kept and that was not delivered nor erased."""
    return (
        row["status"] in CORRECTABLE and not row.get("erased_at") and row.get("answers") is not None
    )


def channel_name(channel: str) -> str:
    """The Swedish name staff read for a channel (the stored key when it is not known)."""
    return CHANNEL_NAMES.get(channel, channel)
