"""The receipt written out from what was stored with it (receipts.compose): its subject, plain
text and HTML, made when it is sent."""

from __future__ import annotations

from typing import Any

from app.mail.templates import render


def write(facts: dict[str, Any]) -> dict[str, str]:
    """Subject, plain text and HTML of the receipt that `facts` describe."""
    text, html = render("kvitto", **facts)
    which = "ändrade intresseanmälan" if facts["updated"] else "intresseanmälan"
    return {
        "subject": f"Din {which} hos {facts['r']['broker_name']}",
        "text": text,
        "html": html,
    }
