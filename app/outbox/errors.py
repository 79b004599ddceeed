"""A row's last error as the outbox keeps it: Vitec's refusal, which may quote the person, is
sealed like the payload (and cleared with it by erase and retention); our own words about other
failures are plain text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.core.sealing import PayloadSealer, SealError

SEALED = "sealed:"
# Bounds on what is sealed, so one refusal cannot grow the row without limit.
_MOST_FIELDS, _MOST_CHARS = 30, 300


@dataclass(frozen=True)
class LastError:
    """Vitec's message and its ModelState (key -> messages); `unreadable` when it was sealed
    with a key that is no longer configured."""

    message: str = ""
    fields: dict[str, list[str]] = field(default_factory=dict)
    unreadable: bool = False


def seal_refusal(
    sealer: PayloadSealer, message: str, fields: Mapping[str, list[str]] | None
) -> str:
    """Vitec's refusal sealed for the row's last_error."""
    kept = {
        str(key)[:_MOST_CHARS]: [str(text)[:_MOST_CHARS] for text in messages[:_MOST_FIELDS]]
        for key, messages in list((fields or {}).items())[:_MOST_FIELDS]
    }
    token = sealer.seal({"message": message[:_MOST_CHARS], "fields": kept})
    return SEALED + token.decode("ascii")


def is_sealed(stored: str | None) -> bool:
    """Whether a last_error holds a sealed refusal (never to be shown as it is)."""
    return bool(stored) and stored.startswith(SEALED)


def open_last_error(sealer: PayloadSealer | None, stored: str | None) -> LastError:
    """A row's last error read back: a sealed refusal opened, plain text as it is (rows
    stored before refusals were sealed name their fields in the text; those are read too).
    Without a sealer a sealed refusal stays unread."""
    if not stored:
        return LastError()
    if not is_sealed(stored):
        return _plain(stored)
    if sealer is None:
        return LastError(unreadable=True)
    try:
        opened = sealer.open(stored[len(SEALED) :].encode("ascii"))
    except SealError:
        return LastError(unreadable=True)
    fields = opened.get("fields") or {}
    return LastError(
        str(opened.get("message") or ""),
        {str(key): [str(text) for text in messages] for key, messages in fields.items()},
    )


# How refusals were stored in plain text: "<Message> (<key>: <messages>; <key>: <messages>)".
_STORED = re.compile(r"^(?P<message>.*?) \((?P<details>.*)\)$", re.S)
_KEY = re.compile(r"(?:^|; )([A-Za-z_][\w.\[\]]*): ")


def _plain(stored: str) -> LastError:
    found = _STORED.match(stored)
    if not found:
        return LastError(stored)
    details = found.group("details")
    keys = list(_KEY.finditer(details))
    if not keys or keys[0].start() != 0:
        return LastError(stored)
    fields = {}
    for index, key in enumerate(keys):
        end = keys[index + 1].start() if index + 1 < len(keys) else len(details)
        fields[key.group(1)] = [details[key.end() : end].strip()]
    return LastError(found.group("message"), fields)
