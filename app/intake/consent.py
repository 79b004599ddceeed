"""Consent texts from configuration, and the record kept of what a person agreed to."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType

from app.vitec.offices import Company

PROCESSING = "processing"  # handling the registration (required)
MARKETING = "marketing"  # news and offers (optional)


@dataclass(frozen=True)
class ConsentText:
    """One purpose's text exactly as shown; the version follows from the text itself."""

    purpose: str
    text: str

    @functools.cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def version(self) -> str:
        return self.sha256[:12]


def consent_texts(company: Company, staff: bool = False) -> Mapping[str, ConsentText]:
    """The office's texts shown for each purpose, with its company's name filled in."""
    return _texts(
        company.name,
        company.staff_consent_text if staff else company.consent_text,
        company.staff_marketing_text if staff else company.marketing_text,
    )


@functools.lru_cache(maxsize=16)
def _texts(broker: str, processing: str, marketing: str) -> Mapping[str, ConsentText]:
    # Keyed on the configured texts themselves, so a changed text is a new entry; the hash
    # of each text is then worked out once, not on every submission. Read-only, as shared.
    return MappingProxyType(
        {
            PROCESSING: ConsentText(PROCESSING, processing.replace("{broker}", broker)),
            MARKETING: ConsentText(MARKETING, marketing.replace("{broker}", broker)),
        }
    )


def consent_record(
    texts: Mapping[str, ConsentText],
    given: dict[str, bool],
    at: datetime,
    privacy_url: str,
    channel: str,
    entered_by: str | None = None,
) -> str:
    """The proof of consent as JSON: per purpose given or not, when, which text."""
    moment = at.astimezone(UTC).isoformat(timespec="seconds")
    record = {
        "purposes": {
            purpose: {
                "given": bool(given.get(purpose)),
                "at": moment,
                "version": text.version,
                "sha256": text.sha256,
                "text": text.text,
            }
            for purpose, text in texts.items()
        },
        "privacyPolicyUrl": privacy_url,
        "channel": channel,
    }
    if entered_by:
        record["enteredBy"] = entered_by
    return json.dumps(record, ensure_ascii=False)
