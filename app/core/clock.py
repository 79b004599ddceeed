"""Time as the service keeps it: aware UTC inside, Stockholm time for people."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def utcnow() -> datetime:
    """The real clock, aware UTC (the app's clock unless a test injects another)."""
    return datetime.now(UTC)


def local_minute(moment: datetime) -> str:
    """A moment as staff read it: Stockholm time to the minute, `2026-11-30 kl. 10.00`."""
    return f"{moment.astimezone(STOCKHOLM):%Y-%m-%d} {clock_time(moment)}"


def clock_time(moment: datetime) -> str:
    """A time of day as people read it, in Stockholm time: `kl. 01.29` (a dot, as in Swedish)."""
    # Digits and a fixed "kl." need no locale data, so strftime rather than Babel.
    return f"kl. {moment.astimezone(STOCKHOLM):%H.%M}"
