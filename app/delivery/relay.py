"""Hands a payload to Vitec right away (the synchronous relay)."""

from __future__ import annotations

import logging

from app.vitec.client import VitecClient, VitecError
from app.vitec.payload import InterestAndContactOnArea

log = logging.getLogger(__name__)


def relay(client: VitecClient, payload: InterestAndContactOnArea, submission_id: str) -> None:
    """Send one registration; logs by submission id only and re-raises Vitec's answer."""
    try:
        client.send_interest(payload)
    except VitecError as exc:
        log.warning(
            "submission %s not delivered: %s (status %s)",
            submission_id,
            type(exc).__name__,
            exc.status,
        )
        raise
    log.info("submission %s delivered", submission_id)
