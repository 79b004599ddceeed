"""The buyer's receipt, sent through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from app import outbox
from app.mail import queue as mailqueue
from tests.conftest import hidden_fields, submit, valid_answers
from tests.mailtests import (
    BROKER,
    BROKER_ADDRESS,
    PUBLIC_URL,
    mail_rows,
    make_mail_app,
    send_mail,
)

# What the buyer types in their own words: none of it may come back in an e-mail.
TYPED = {
    "first_name": "Klicka",
    "last_name": "Härvinstlänken",
    "special_request": "Gå till http://lura.example och logga in",
    "present_other": "Ring mig på 0701112233",
    "street_address": "Bedragargatan 7",
    "city": "Skojby",
    "cell_phone": "070-765 43 21",
}


@pytest.fixture
def app(sandbox, database_url, smtp, clock):
    return make_mail_app(sandbox, database_url, smtp, clock)


def test_a_receipt_arrives_with_both_parts_the_areas_by_name_and_no_typed_text(app, smtp):
    answers = valid_answers(
        **TYPED,
        present_estate_type="House",
        present_living_space="120",
        present_rooms="5",
        present_price="3500000",
    )
    assert submit(app.test_client(), "/", data=answers).status_code == 302
    assert smtp.received() == []  # nothing is sent while the buyer waits
    assert send_mail(app) == 1
    [mail] = smtp.received()
    assert mail.recipients == ("asa.oberg@example.se",)
    message = mail.message
    assert "intresseanmälan" in message["Subject"] and BROKER in message["Subject"]
    assert message["From"] == f"{BROKER} <noreply@soderhus.se>"
    assert message["Reply-To"] == "info@soderhus.se"
    assert message["Message-ID"].endswith("@soderhus.se>") and message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    text, html = mail.part("plain"), mail.part("html")
    for part in (text, html):
        assert "Södermalm" in part and "Råsunda" in part
        assert "OMR-SOD" not in part
        assert "Bostadsrätt" in part and "Radhus" in part
        assert "2 500 000–4 000 000\u00a0kr" in part
        assert "2–3,5\u00a0rum" in part
        assert "Villa, 120\u00a0m², 5\u00a0rum, 3 500 000\u00a0kr" in part
        assert "Nyheter och erbjudanden" in part
        assert "30 november 2026 kl. 10.00" in part  # 09:00 UTC in Stockholm
        assert BROKER_ADDRESS in part
        assert f"{PUBLIC_URL}/integritet" in part
        for value in (*TYPED.values(), "0707654321", "Åsa", "Öberg"):
            assert value not in part, value
    assert "Nej." in text  # no news and offers were chosen


def test_news_and_offers_chosen_are_said_so(app, smtp):
    submit(app.test_client(), "/", data=valid_answers(wish_advertising="y"))
    send_mail(app)
    assert "Ja, du vill få nyheter och erbjudanden." in smtp.received()[0].part("plain")


def test_a_spam_row_sends_no_receipt(app, smtp):
    client = app.test_client()
    response = submit(client, "/", data=valid_answers(kontrollfalt="http://spam.example"))
    assert response.status_code == 302
    assert outbox.counts(app.extensions["delivery"].engine)["spam"] == 1
    assert mail_rows(app) == []
    assert send_mail(app) == 0
    assert smtp.received() == []


def test_no_address_no_receipt_and_a_double_post_one_receipt(app, smtp):
    client = app.test_client()
    submit(client, "/", data=valid_answers(email=""))
    data = valid_answers(submission_id="a" * 32)
    submit(client, "/", data=data)
    submit(client, "/", data=data)  # the same form posted twice
    send_mail(app)
    assert [m.recipients for m in smtp.received()] == [("asa.oberg@example.se",)]


def test_a_receipt_is_said_to_be_queued_only_once_its_registration_is_committed(app, caplog):
    """The log says the receipt is queued after the registration's transaction has committed:
    a commit that fails leaves neither the receipt nor a line claiming it."""
    engine = app.extensions["delivery"].engine

    def note_receipt(conn, clause, *args):
        if getattr(clause, "table", None) is mailqueue.mail_queue:
            conn.info["receipt written"] = True

    def fail_that_commit(conn):
        if conn.info.pop("receipt written", False):
            raise RuntimeError("the disk is full")

    event.listen(engine, "before_execute", note_receipt)
    event.listen(engine, "commit", fail_that_commit)
    response = submit(app.test_client(), "/", data=valid_answers())
    assert response.status_code == 500  # as when the database itself fails
    assert mail_rows(app) == []
    assert "receipt queued" not in caplog.text
    event.remove(engine, "commit", fail_that_commit)
    caplog.clear()
    data = valid_answers(submission_id="f" * 32)
    assert submit(app.test_client(), "/", data=data).status_code == 302
    # One line, and no word of a quota: the receipt is queued.
    ours = [(r.levelname, r.getMessage()) for r in caplog.records if r.name.startswith("app.")]
    assert ours == [("INFO", f"submission {'f' * 32} stored (web), its receipt queued")]
    assert [row["status"] for row in mail_rows(app)] == ["queued"]


def test_at_most_three_receipts_to_one_address_in_24_hours(app, smtp, clock, caplog):
    client = app.test_client()
    for email in ("asa.oberg@example.se", "ASA.Oberg@example.se", "asa.oberg@example.se"):
        submit(client, "/", data=valid_answers(email=email))
        clock.advance(hours=7)
    caplog.clear()
    # 21 hours after the first: over the cap, and the log says so (by id) and no more.
    submit(client, "/", data=valid_answers(submission_id="d" * 32))
    ours = [r for r in caplog.records if r.name.startswith("app.")]
    assert [(r.levelname, r.getMessage(), r.submission_id) for r in ours] == [
        ("INFO", f"submission {'d' * 32} stored (web)", "d" * 32),
        ("WARNING", f"submission {'d' * 32}: no receipt, over its quota", "d" * 32),
    ]
    send_mail(app)
    assert len(smtp.received()) == 3
    statuses = [row["status"] for row in mail_rows(app)]
    assert statuses == ["sent", "sent", "sent", "skipped"]
    skipped = mail_rows(app)[-1]
    assert skipped["message"] is None and skipped["recipient_key"] is None
    clock.advance(hours=3, seconds=1)  # 24 hours after the first
    submit(client, "/", data=valid_answers())
    send_mail(app)
    assert len(smtp.received()) == 4
    # Another address is not held back by this one's cap.
    submit(client, "/", data=valid_answers(email="bo@example.se"))
    send_mail(app)
    assert smtp.received()[-1].recipients == ("bo@example.se",)


def test_the_cap_can_be_set(sandbox, database_url, smtp, clock):
    app = make_mail_app(sandbox, database_url, smtp, clock, RECEIPT_MAX_PER_DAY=1)
    client = app.test_client()
    submit(client, "/", data=valid_answers())
    submit(client, "/", data=valid_answers())
    send_mail(app)
    assert len(smtp.received()) == 1


def test_smtp_down_while_three_register_loses_nothing_and_sends_each_once(
    app, smtp, sandbox, clock
):
    smtp.stop()  # nothing listens on the port now
    client = app.test_client()
    addresses = ["ett@example.se", "tva@example.se", "tre@example.se"]
    for address in addresses:
        assert submit(client, "/", data=valid_answers(email=address)).status_code == 302
    assert [row["attempts"] for row in mail_rows(app)] == [0, 0, 0]  # none tried on the request
    assert send_mail(app) == 3
    assert {row["status"] for row in mail_rows(app)} == {"retrying"}
    assert "gick inte att nå" in mail_rows(app)[0]["last_error"]
    # The delivery to Vitec goes on meanwhile.
    assert app.extensions["delivery"].worker().drain() == 3
    assert len(sandbox.received()) == 3
    smtp.start()  # back, on the same port
    assert send_mail(app) == 0  # not due yet: the backoff holds
    clock.advance(minutes=1)
    assert send_mail(app) == 3
    assert sorted(m.recipients[0] for m in smtp.received()) == sorted(addresses)
    clock.advance(hours=1)
    assert send_mail(app) == 0
    assert len(smtp.received()) == 3
    assert all(row["status"] == "sent" and row["message"] is None for row in mail_rows(app))


def test_a_mail_server_that_refuses_an_address_for_good_is_not_asked_again(app, smtp, clock):
    smtp.refused.add("finns.inte@example.se")
    client = app.test_client()
    submit(client, "/", data=valid_answers(email="finns.inte@example.se"))
    submit(client, "/", data=valid_answers(email="finns@example.se"))
    assert send_mail(app) == 2
    assert [m.recipients for m in smtp.received()] == [("finns@example.se",)]
    [refused] = [row for row in mail_rows(app) if row["status"] != "sent"]
    assert refused["status"] == "failed" and "550" in refused["last_error"]
    assert refused["message"] is None
    clock.advance(days=1)
    assert send_mail(app) == 0


def test_a_crash_after_the_server_took_it_sends_it_again_once_the_lease_ends(app, smtp, clock):
    submit(app.test_client(), "/", data=valid_answers())
    engine = app.extensions["delivery"].engine
    sender = app.extensions["mail"].sender()
    [row] = mailqueue.claim(engine, "dead-worker", 10, 30, clock())
    # The worker that claimed it died before recording anything; its lease runs out.
    assert send_mail(app) == 0
    clock.advance(seconds=31)
    assert sender.drain() == 1
    assert len(smtp.received()) == 1
    assert smtp.received()[0].message["Message-ID"] == row.message_id


def test_erasing_a_registration_drops_its_unsent_receipt_and_leaves_no_address(
    app, smtp, clock, database_url
):
    client = app.test_client()
    submit(client, "/", data=valid_answers(email="radera.mig@example.se"))
    engine = app.extensions["delivery"].engine
    [row] = mail_rows(app)
    assert row["recipient_key"] and row["message"]
    assert outbox.erase(engine, row["submission_id"], clock())
    [row] = mail_rows(app)
    assert (row["status"], row["message"], row["recipient_key"]) == ("dropped", None, None)
    assert send_mail(app) == 0
    assert smtp.received() == []
    engine.dispose()
    with open(database_url.removeprefix("sqlite:///"), "rb") as stored:
        assert b"radera.mig" not in stored.read()


def test_a_sent_receipt_keeps_no_message_and_the_address_key_goes_after_a_day(app, smtp, clock):
    submit(app.test_client(), "/", data=valid_answers())
    send_mail(app)
    [row] = mail_rows(app)
    assert row["status"] == "sent" and row["message"] is None and row["recipient_key"]
    sender = app.extensions["mail"].sender()
    clock.advance(hours=25)
    assert sender.purge_if_due() == 1
    assert mail_rows(app)[0]["recipient_key"] is None


def test_receipts_can_be_turned_off(sandbox, database_url, smtp, clock):
    app = make_mail_app(sandbox, database_url, smtp, clock, RECEIPT_ENABLED=False)
    submit(app.test_client(), "/", data=valid_answers())
    assert mail_rows(app) == []
    assert send_mail(app) == 0


def test_the_embedded_form_sends_a_receipt_too(app, smtp):
    assert submit(app.test_client(), "/embed", data=valid_answers()).status_code == 302
    send_mail(app)
    assert len(smtp.received()) == 1


def test_a_receipt_that_cannot_be_made_does_not_cost_the_registration(app, smtp, monkeypatch):
    import app.intake.submit as submit_module

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the receipt")

    monkeypatch.setattr(submit_module, "compose", broken)
    assert submit(app.test_client(), "/", data=valid_answers()).status_code == 302
    assert outbox.counts(app.extensions["delivery"].engine)["queued"] == 1
    assert mail_rows(app) == []


def test_a_correction_replaces_the_unsent_receipt_with_one_of_the_corrected_answers(
    app, smtp, caplog
):
    client = app.test_client()
    page = hidden_fields(client.get("/").get_data(as_text=True))
    first = {**valid_answers(email="fel@example.se", areas=["OMR-SOD"]), **page}
    assert client.post("/", data=first).status_code == 302
    corrected = {**valid_answers(email="ratt@example.se", areas=["OMR-RAS"]), **page}
    assert client.post("/", data=corrected).status_code == 302  # back, change, send again
    sid = page["submission_id"]
    assert [r.getMessage() for r in caplog.records if r.name == "app.intake.submit"] == [
        f"submission {sid} stored (web), its receipt queued",
        f"submission {sid} corrected by the person (was queued); the new version and its "
        "receipt are queued",
    ]
    assert send_mail(app) == 1
    [mail] = smtp.received()
    assert mail.recipients == ("ratt@example.se",)
    assert "Råsunda" in mail.part("plain") and "Södermalm" not in mail.part("plain")
    statuses = sorted(row["status"] for row in mail_rows(app))
    assert statuses == [mailqueue.DROPPED, mailqueue.SENT]
