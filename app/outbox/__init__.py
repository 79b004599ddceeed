"""The durable outbox: a registration is stored first, then workers claim it and record what
Vitec answered. The table and all SQL on it live in this package: `table` (the table),
`queue` (storing, claims, answers), `changes` (corrections, erasure, retention), `reading`
(states, the desk's listing, readiness, statistics)."""

from app.outbox.changes import (
    ERASED_BEFORE_DELIVERY,
    erase,
    erase_older_than,
    purge_delivered,
    replace_payload,
    store_correction,
)
from app.outbox.queue import Claimed, claim, enqueue, mark_delivered, mark_failed, retry
from app.outbox.reading import (
    LISTED,
    counts,
    delivery_figures,
    get,
    listing,
    oldest_waiting,
    refused_credentials,
    sealed_answers,
)
from app.outbox.table import Sealed, submissions

__all__ = [
    "ERASED_BEFORE_DELIVERY",
    "LISTED",
    "Claimed",
    "Sealed",
    "claim",
    "counts",
    "delivery_figures",
    "enqueue",
    "erase",
    "erase_older_than",
    "get",
    "listing",
    "mark_delivered",
    "mark_failed",
    "oldest_waiting",
    "purge_delivered",
    "refused_credentials",
    "replace_payload",
    "retry",
    "sealed_answers",
    "store_correction",
    "submissions",
]
