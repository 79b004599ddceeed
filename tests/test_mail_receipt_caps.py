"""The receipt caps: per address as mail providers deliver it, per registration however often
it is corrected, and a service-wide hourly ceiling over which receipts wait (never vanish)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.core.sealing import PayloadSealer, new_key
from app.mail import receipts as receipt_module
from app.mail.smtp import Sender
from app.staff import accounts
from tests.conftest import hidden_fields, submit, valid_answers
from tests.mailtests import mail_rows, make_mail_app, send_mail
from tests.test_mail_desk_and_sandbox import receipt_line
from tests.test_staff import EMAIL, PASSWORD, log_in

ALERTS = ["larm@soderhus.se"]


@pytest.mark.parametrize(
    ("typed", "counted_as"),
    [
        ("victim@x.se", "victim@x.se"),
        ("VICTIM@x.se", "victim@x.se"),
        ("victim+1@x.se", "victim@x.se"),
        ("Victim+nyheter+2@X.SE", "victim@x.se"),
        ("v.ictim@x.se", "v.ictim@x.se"),  # other providers deliver dots as they are
        ("v.ictim@gmail.com", "victim@gmail.com"),
        ("V.I.C.T.I.M+1@GoogleMail.com", "victim@gmail.com"),
        (" köpare@exempel.se ", "köpare@exempel.se"),
        ("Victim@X.se.", "victim@x.se"),  # a domain's closing dot reaches the same server
        ('"a@b"+1@x.se', '"a@b"@x.se'),  # the domain follows the last @
    ],
)
def test_the_cap_counts_an_address_the_way_the_mail_is_delivered(typed, counted_as):
    assert receipt_module.normalised_address(typed) == counted_as


def test_a_receipt_step_that_never_ran_is_not_said_to_be_queued(caplog):
    """A registration's transaction that never reached its receipt step (a double post) has
    nothing to say of the receipt."""
    receipts = receipt_module.Receipts(
        Sender("Mäklarbyrån <noreply@example.se>"),
        PayloadSealer([new_key()]),
        "hemlig",
        0,  # every receipt over the cap, had it run
        "Mäklarbyrån",
        "Gatan 1",
        None,
        "https://example.se/integritet",
        False,
    )
    step = receipt_module.QueuedReceipt(
        receipts, "a@example.se", {}, "e" * 32, datetime(2026, 12, 7, tzinfo=UTC), False
    )
    step.report()
    assert step.queued is False
    assert caplog.records == []


def test_the_count_key_is_a_keyed_hash_of_the_normalised_address():
    key = receipt_module.recipient_key("victim+1@x.se", "hemlig")
    assert key == receipt_module.recipient_key("VICTIM@x.se", "hemlig")
    assert key != receipt_module.recipient_key("victim@x.se", "en annan nyckel")
    assert "victim" not in key and len(key) == 64


def test_tags_case_and_gmail_dots_do_not_start_a_fresh_quota(sandbox, database_url, smtp, clock):
    app = make_mail_app(sandbox, database_url, smtp, clock, RECEIPT_MAX_PER_DAY=1)
    client = app.test_client()
    for email in (
        "victim@x.se",
        "victim+1@x.se",
        "VICTIM@x.se",
        "v.ictim@x.se",  # a different mailbox at x.se
        "V.ictim+kampanj@gmail.com",
        "victim@gmail.com",
        "v.i.c.t.i.m@googlemail.com",
    ):
        assert submit(client, "/", data=valid_answers(email=email)).status_code == 302
        send_mail(app)
    # Each receipt that went, went to the address as it was typed.
    assert [m.recipients for m in smtp.received()] == [
        ("victim@x.se",),
        ("v.ictim@x.se",),
        ("V.ictim+kampanj@gmail.com",),
    ]
    assert [row["status"] for row in mail_rows(app)].count("skipped") == 4


def test_five_corrections_with_five_addresses_send_at_most_two_receipts(app, smtp, clock, caplog):
    client = app.test_client()
    page = hidden_fields(client.get("/").get_data(as_text=True))
    addresses = [f"mottagare{n}@example.se" for n in range(1, 6)]
    for address in addresses:
        data = {**valid_answers(email=address), **page}  # the same rendered form each time
        assert client.post("/", data=data).status_code == 302
        send_mail(app)
        clock.advance(minutes=10)
    assert [m.recipients for m in smtp.received()] == [(addresses[0],), (addresses[1],)]
    # The log says which corrections came with a receipt and which were over the cap.
    sid = page["submission_id"]
    said = [
        (r.levelname, r.getMessage())
        for r in caplog.records
        if r.name in ("app.intake.submit", "app.mail.receipts")
    ]
    corrected = f"submission {sid} corrected by the person (was queued); the new version"
    over = ("WARNING", f"submission {sid}: no receipt, over its quota")
    assert said == [
        ("INFO", f"submission {sid} stored (web), its receipt queued"),
        ("INFO", f"{corrected} and its receipt are queued"),
        *[("INFO", f"{corrected} is queued"), over] * 3,
    ]
    statuses = [row["status"] for row in mail_rows(app)]
    assert statuses == ["sent", "sent", "skipped", "skipped", "skipped"]
    assert mail_rows(app)[-1]["last_error"] == "Högst 2 kvitton per dygn för samma anmälan."
    # A day after the first, the registration may have a receipt again (the page's token is
    # too old by then: a freshly rendered form for the same registration).
    clock.advance(hours=24)
    data = valid_answers(email="mottagare6@example.se", submission_id=page["submission_id"])
    assert submit(client, "/", data=data).status_code == 302
    send_mail(app)
    assert smtp.received()[-1].recipients == ("mottagare6@example.se",)
    assert len(smtp.received()) == 3


def test_corrections_before_the_sender_runs_still_send_the_last_one(app, smtp, clock):
    client = app.test_client()
    page = hidden_fields(client.get("/").get_data(as_text=True))
    for n in range(1, 6):
        data = {**valid_answers(email=f"mottagare{n}@example.se"), **page}
        assert client.post("/", data=data).status_code == 302
        clock.advance(minutes=1)
    send_mail(app)
    assert [m.recipients for m in smtp.received()] == [("mottagare5@example.se",)]


@pytest.fixture
def app(sandbox, database_url, smtp, clock):
    return make_mail_app(sandbox, database_url, smtp, clock)


def receipts(smtp) -> list:
    return [m for m in smtp.received() if not m.message["Subject"].startswith("Larm")]


def alarms(smtp) -> list:
    return [m for m in smtp.received() if m.message["Subject"].startswith("Larm")]


def test_over_the_hourly_ceiling_receipts_wait_for_the_next_hour_and_staff_are_told_once(
    sandbox, database_url, smtp, clock
):
    app = make_mail_app(
        sandbox, database_url, smtp, clock, RECEIPT_HOURLY_CEILING=2, ALERT_EMAIL=ALERTS
    )
    client = app.test_client()
    addresses = [f"kopare{n}@example.se" for n in range(1, 6)]
    for address in addresses:
        assert submit(client, "/", data=valid_answers(email=address)).status_code == 302
    send_mail(app)  # 09:00 UTC
    assert len(receipts(smtp)) == 2
    waiting = [row for row in mail_rows(app, "receipt") if row["status"] == "queued"]
    assert len(waiting) == 3
    for row in waiting:
        assert row["next_attempt_at"] == datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
        assert row["attempts"] == 0 and row["message"] is not None
        assert row["last_error"] == (
            "Fler kvitton än taket på 2 i timmen (RECEIPT_HOURLY_CEILING); det skickas nästa timme."
        )
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    staff = app.test_client()
    log_in(staff)
    assert receipt_line(staff, waiting[0]["submission_id"]) == (
        "Väntar: Fler kvitton än taket på 2 i timmen (RECEIPT_HOURLY_CEILING); det skickas "
        "nästa timme. Skickas tidigast 2026-11-30 kl. 11.00."
    )
    clock.advance(minutes=30)
    send_mail(app)  # the alarm, collected for ALERT_INTERVAL; the receipts still wait
    assert len(receipts(smtp)) == 2
    [alarm] = alarms(smtp)
    assert alarm.recipients == tuple(ALERTS)
    assert "kvitton" in alarm.message["Subject"]
    for part in (alarm.part("plain"), alarm.part("html")):
        assert "Taket på 2 kvitton i timmen (RECEIPT_HOURLY_CEILING) är nått." in part
        for address in addresses:
            assert address not in part
    clock.advance(minutes=30)  # 10:00
    send_mail(app)
    assert len(receipts(smtp)) == 4
    clock.advance(hours=1)  # 11:00
    send_mail(app)
    assert sorted(m.recipients[0] for m in receipts(smtp)) == addresses
    clock.advance(hours=1)
    send_mail(app)
    assert len(alarms(smtp)) == 1  # the backlog of one crossing: told once
    assert {row["status"] for row in mail_rows(app, "receipt")} == {"sent"}
    # A new crossing, once the backlog is gone, is told again.
    for n in range(3):
        submit(client, "/", data=valid_answers(email=f"ny{n}@example.se"))
    send_mail(app)
    clock.advance(minutes=30)
    send_mail(app)
    assert len(alarms(smtp)) == 2


def test_the_hourly_ceiling_has_a_default(app):
    assert app.config["RECEIPT_HOURLY_CEILING"] == 200
