"""A receipt is stored as what it says and written from its templates when it is sent."""

from __future__ import annotations

import pytest

from app import outbox
from app.mail import queue as mailqueue
from tests.conftest import submit, valid_answers
from tests.mailtests import mail_rows, make_mail_app, send_mail


@pytest.fixture
def app(sandbox, database_url, smtp, clock):
    return make_mail_app(sandbox, database_url, smtp, clock)


def test_a_receipt_is_written_when_it_is_sent_and_one_that_cannot_be_waits_alone(
    app, smtp, clock, monkeypatch
):
    import app.mail.receipt_text as receipt_text

    client = app.test_client()
    submit(client, "/", data=valid_answers(email="forsta@example.se", areas=["OMR-SOD"]))
    submit(client, "/", data=valid_answers(email="andra@example.se", areas=["OMR-RAS"]))
    stored = mail_rows(app)
    assert [row["status"] for row in stored] == ["queued", "queued"]
    sealed = app.extensions["delivery"].sealer.open(stored[0]["message"])
    assert "html" not in sealed and "text" not in sealed  # what it says, not yet written

    written = receipt_text.render

    def broken_for_sodermalm(name, **facts):
        if "Södermalm" in facts["areas"]:
            raise RuntimeError("a fault in the template")
        return written(name, **facts)

    monkeypatch.setattr(receipt_text, "render", broken_for_sodermalm)
    assert send_mail(app) == 2
    [mail] = smtp.received()
    assert mail.recipients == ("andra@example.se",) and "Råsunda" in mail.part("plain")
    by_status = {row["status"]: row for row in mail_rows(app)}
    waiting = by_status[mailqueue.RETRYING]
    assert waiting["last_error"] == "Kvittot kunde inte skapas (fel i e-postmallen)."
    assert waiting["message"] is not None
    assert outbox.counts(app.extensions["delivery"].engine)["queued"] == 2

    monkeypatch.undo()  # the template mended
    clock.advance(hours=1)
    assert send_mail(app) == 1
    assert [mail.recipients for mail in smtp.received()][1] == ("forsta@example.se",)
    assert sorted(row["status"] for row in mail_rows(app)) == ["sent", "sent"]


def test_a_receipt_queued_already_written_is_sent_as_it_was_written(app, smtp, clock):
    # Receipts queued before they were written at sending carry their subject and bodies.
    message = {
        "to": ["tidig@example.se"],
        "subject": "Din intresseanmälan hos Söderhus",
        "text": "Skrivet när det köades.",
        "html": "<p>Skrivet när det köades.</p>",
    }
    engine = app.extensions["delivery"].engine
    with engine.begin() as conn:
        mailqueue.add(
            conn,
            "c" * 32,
            mailqueue.RECEIPT,
            "<tidig@soderhus.se>",
            clock(),
            message=app.extensions["delivery"].sealer.seal(message),
        )
    assert send_mail(app) == 1
    [mail] = smtp.received()
    assert mail.message["Subject"] == "Din intresseanmälan hos Söderhus"
    assert mail.part("plain").strip() == "Skrivet när det köades."
