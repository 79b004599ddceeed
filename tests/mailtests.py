"""Helpers for the e-mail tests: a real SMTP server on loopback, a clock to move, an app that
sends through them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.mail import queue as mailqueue
from sandbox.mailbox import Mailbox
from tests.conftest import make_app

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
BROKER = "Söderhus Mäkleri"
PUBLIC_URL = "https://intresse.soderhus.se"
BROKER_ADDRESS = "Götgatan 14, 118 46 Stockholm"


class Clock:
    """The app's clock, moved by the test (never a sleep)."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def smtp():
    """aiosmtpd on a free loopback port, keeping what it receives."""
    mailbox = Mailbox()
    mailbox.start()
    yield mailbox
    mailbox.stop()


@pytest.fixture
def clock():
    return Clock()


def mail_config(smtp: Mailbox, clock: Clock, **overrides) -> dict:
    config = {
        "SMTP_URL": smtp.url,
        "MAIL_FROM": f"{BROKER} <noreply@soderhus.se>",
        "MAIL_REPLY_TO": "info@soderhus.se",
        "BROKER_NAME": BROKER,
        "BROKER_ADDRESS": BROKER_ADDRESS,
        "BROKER_CONTACT": "08-555 123 45, info@soderhus.se",
        "PUBLIC_URL": PUBLIC_URL,
        "CLOCK": clock,
        "SMTP_TIMEOUT": 5.0,
    }
    config.update(overrides)
    return config


def make_mail_app(sandbox, database_url, smtp, clock, **overrides):
    """An app whose e-mail goes to `smtp` and whose time is `clock`."""
    return make_app(sandbox.url, database_url, **mail_config(smtp, clock, **overrides))


def send_mail(app) -> int:
    """Run the app's mail sender until nothing is due; returns e-mails tried."""
    return app.extensions["mail"].sender().drain()


def mail_rows(app, kind: str | None = None) -> list[dict]:
    return mailqueue.rows(app.extensions["delivery"].engine, kind)
