"""One way to write a time of day, in pages and e-mail: `kl. 10.29`, a dot between hours and
minutes as Swedish writes it, in Stockholm time."""

from __future__ import annotations

from datetime import UTC, datetime

from app.core.clock import clock_time, local_minute
from app.mail.receipts import swedish_moment

WINTER = datetime(2026, 11, 30, 0, 29, tzinfo=UTC)  # 01.29 in Stockholm (UTC+1)
SUMMER = datetime(2026, 7, 1, 23, 5, tzinfo=UTC)  # 01.05 the next day (UTC+2)


def test_a_time_of_day_is_written_kl_with_a_dot():
    assert clock_time(WINTER) == "kl. 01.29"
    assert clock_time(SUMMER) == "kl. 01.05"


def test_the_staff_pages_and_the_alarm_write_the_date_and_the_same_time():
    assert local_minute(WINTER) == "2026-11-30 kl. 01.29"
    assert local_minute(SUMMER) == "2026-07-02 kl. 01.05"


def test_the_receipt_writes_the_same_time():
    assert swedish_moment(WINTER) == "30 november 2026 kl. 01.29"
    assert swedish_moment(SUMMER) == "2 juli 2026 kl. 01.05"  # Stockholm's date, not UTC's
