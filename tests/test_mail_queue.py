"""The e-mail queue's table functions called directly on SQLite: the receipt cap's count, the
alarm batch, claims, settling, and erasure leaving no address behind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.mail import queue

T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
KEY = "k" * 64


def add(engine, mail_id: str, at: datetime = T0, kind: str = "receipt", **values) -> None:
    with engine.begin() as conn:
        queue.add(conn, mail_id, kind, f"<{mail_id}@example.se>", at, **values)


def row(engine, mail_id: str) -> dict:
    (found,) = [r for r in queue.rows(engine) if r["id"] == mail_id]
    return found


def test_an_added_email_is_queued_now_with_nothing_tried(engine):
    add(engine, "m1", submission_id="s1", message=b"sealed", recipient_key=KEY)
    stored = row(engine, "m1")
    assert {k: stored[k] for k in ("kind", "status", "submission_id", "message", "attempts")} == {
        "kind": "receipt",
        "status": "queued",
        "submission_id": "s1",
        "message": b"sealed",
        "attempts": 0,
    }
    assert (stored["created_at"], stored["updated_at"], stored["next_attempt_at"]) == (T0,) * 3
    assert stored["message_id"] == "<m1@example.se>" and stored["recipient_key"] == KEY


def test_the_cap_counts_receipts_to_one_address_since_the_window_began(engine):
    since = T0 - timedelta(hours=24)
    add(engine, "at-start", since, recipient_key=KEY)
    add(engine, "before", since - timedelta(seconds=1), recipient_key=KEY)
    add(engine, "skipped", T0, status="skipped", recipient_key=KEY)
    add(engine, "alarm", T0, kind="alert", recipient_key=KEY)
    add(engine, "other", T0, recipient_key="o" * 64)
    add(engine, "now", T0, recipient_key=KEY)
    with engine.connect() as conn:
        assert queue.receipts_to(conn, KEY, since) == 2
        assert queue.receipts_to(conn, "x" * 64, since) == 0


def test_an_alarm_collects_entries_until_it_is_claimed(engine):
    add(engine, "a1", kind="alert", batch="alert", message=b"one")
    add(engine, "r1", message=b"receipt")
    with engine.begin() as conn:
        assert queue.open_batch(conn, "alert") == ("a1", b"one")
        assert queue.open_batch(conn, "other") is None
        queue.update_batch(conn, "a1", b"two", T0 + timedelta(minutes=1))
        queue.update_batch(conn, "r1", b"not a batch", T0 + timedelta(minutes=1))
    assert row(engine, "a1")["message"] == b"two"
    assert row(engine, "a1")["updated_at"] == T0 + timedelta(minutes=1)
    assert row(engine, "r1")["message"] == b"receipt"
    (claimed,) = [m for m in queue.claim(engine, "w", 5, 30, T0) if m.id == "a1"]
    assert claimed.message == b"two" and claimed.kind == "alert"
    with engine.begin() as conn:
        assert queue.open_batch(conn, "alert") is None
    assert row(engine, "a1")["batch"] is None


def test_a_claim_leases_due_emails_oldest_due_first(engine):
    add(engine, "later", T0 + timedelta(minutes=1), submission_id="s2", message=b"b")
    add(engine, "first", T0, submission_id="s1", message=b"a")
    assert queue.claim(engine, "w", 5, 30, T0 - timedelta(seconds=1)) == []
    (claimed,) = queue.claim(engine, "w", 1, 30, T0 + timedelta(minutes=1))
    assert claimed == queue.ClaimedMail("first", "receipt", "s1", b"a", "<first@example.se>", 0, T0)
    stored = row(engine, "first")
    assert stored["leased_by"] == "w"
    assert stored["lease_until"] == T0 + timedelta(minutes=1, seconds=30)
    assert stored["updated_at"] == T0 + timedelta(minutes=1)
    assert [m.id for m in queue.claim(engine, "v", 5, 30, T0 + timedelta(minutes=1))] == ["later"]


def test_a_sent_email_keeps_no_message_and_records_when(engine):
    add(engine, "m1", message=b"sealed")
    queue.claim(engine, "w", 1, 30, T0)
    assert not queue.settle(engine, "m1", "other-worker", T0, queue.SENT)
    assert queue.settle(engine, "m1", "w", T0 + timedelta(seconds=5), queue.SENT)
    stored = row(engine, "m1")
    assert (stored["status"], stored["message"], stored["attempts"]) == ("sent", None, 1)
    assert (stored["sent_at"], stored["updated_at"]) == (T0 + timedelta(seconds=5),) * 2
    assert (stored["lease_until"], stored["last_error"]) == (None, None)
    assert not queue.settle(engine, "m1", "w", T0, queue.SENT)  # settled once only


def test_a_failed_email_keeps_its_reason_cut_to_1000_characters(engine):
    add(engine, "m1", message=b"sealed")
    queue.claim(engine, "w", 1, 30, T0)
    assert queue.settle(engine, "m1", "w", T0, queue.FAILED, "ä" * 999 + "xyz")
    stored = row(engine, "m1")
    assert (stored["status"], stored["message"], stored["sent_at"]) == ("failed", None, None)
    assert stored["last_error"] == "ä" * 999 + "x"


def test_a_retried_email_keeps_its_message_and_waits(engine):
    add(engine, "m1", message=b"sealed")
    queue.claim(engine, "w", 1, 30, T0)
    later = T0 + timedelta(minutes=10)
    assert queue.settle(engine, "m1", "w", T0, queue.RETRYING, "421 försök igen", later)
    stored = row(engine, "m1")
    assert (stored["status"], stored["message"], stored["attempts"]) == ("retrying", b"sealed", 1)
    assert (stored["next_attempt_at"], stored["last_error"]) == (later, "421 försök igen")
    assert queue.claim(engine, "w", 1, 30, later - timedelta(seconds=1)) == []
    queue.claim(engine, "w", 1, 30, later)
    assert queue.settle(engine, "m1", "w", later, queue.SENT)
    assert row(engine, "m1")["last_error"] is None
    assert row(engine, "m1")["attempts"] == 2


def test_a_corrected_registrations_unsent_receipt_is_dropped(engine):
    add(engine, "unsent", submission_id="s1", message=b"a", recipient_key=KEY)
    add(engine, "sent", submission_id="s1", message=None, status="sent")
    add(engine, "other", submission_id="s2", message=b"b")
    assert len(queue.claim(engine, "w", 5, 30, T0)) == 2  # a sender holds it right now
    with engine.begin() as conn:
        assert queue.drop_unsent(conn, "s1", T0 + timedelta(minutes=1)) == 1
    dropped = row(engine, "unsent")
    assert (dropped["status"], dropped["message"], dropped["lease_until"]) == (
        "dropped",
        None,
        None,
    )
    assert dropped["last_error"] == "Ersatt av kvittot för den rättade anmälan."
    assert dropped["updated_at"] == T0 + timedelta(minutes=1)
    assert dropped["recipient_key"] == KEY  # still counts towards the cap
    assert row(engine, "sent")["status"] == "sent"
    assert row(engine, "other")["status"] == "queued"


def test_erasure_drops_the_unsent_email_and_every_trace_of_the_address(engine):
    add(engine, "unsent", submission_id="s1", message=b"a", recipient_key=KEY)
    add(engine, "sent", submission_id="s1", status="sent", recipient_key=KEY)
    add(engine, "other", submission_id="s2", message=b"b", recipient_key=KEY)
    queue.claim(engine, "w", 1, 30, T0)
    later = T0 + timedelta(minutes=1)
    with engine.begin() as conn:
        assert queue.erase_for(conn, "s1", later) == 2
    unsent, sent = row(engine, "unsent"), row(engine, "sent")
    assert (unsent["status"], unsent["message"], unsent["recipient_key"]) == ("dropped", None, None)
    assert (unsent["lease_until"], unsent["updated_at"]) == (None, later)
    assert unsent["last_error"] == "Raderad innan det skickades."
    assert (sent["status"], sent["recipient_key"], sent["updated_at"]) == ("sent", None, later)
    assert (row(engine, "other")["status"], row(engine, "other")["recipient_key"]) == (
        "queued",
        KEY,
    )


def test_address_keys_are_forgotten_after_the_window(engine):
    add(engine, "old", T0 - timedelta(hours=25), recipient_key=KEY)
    add(engine, "edge", T0 - timedelta(hours=24), recipient_key=KEY)
    assert queue.forget_recipients(engine, T0 - timedelta(hours=24), T0) == 1
    assert (row(engine, "old")["recipient_key"], row(engine, "old")["updated_at"]) == (None, T0)
    assert row(engine, "edge")["recipient_key"] == KEY
    assert queue.forget_recipients(engine, T0 - timedelta(hours=24), T0) == 0


def test_a_registrations_receipt_is_its_newest(engine):
    assert queue.receipt_for(engine, "s1") is None
    add(engine, "old", T0, submission_id="s1", status="dropped")
    add(engine, "new", T0 + timedelta(minutes=1), submission_id="s1")
    add(engine, "alarm", T0 + timedelta(minutes=2), kind="alert", submission_id="s1")
    add(engine, "another", T0 + timedelta(minutes=3), submission_id="s2", status="sent")
    assert queue.receipt_for(engine, "s1") == {
        "status": "queued",
        "sent_at": None,
        "attempts": 0,
        "last_error": None,
        "next_attempt_at": T0 + timedelta(minutes=1),
        "recipient_key": None,
    }


def test_rows_by_kind_oldest_first_and_counts_per_state(engine):
    add(engine, "b", T0 + timedelta(minutes=1))
    add(engine, "a", T0 + timedelta(minutes=1), kind="alert")
    add(engine, "c", T0, status="sent")
    assert [r["id"] for r in queue.rows(engine)] == ["c", "a", "b"]
    assert [r["id"] for r in queue.rows(engine, "receipt")] == ["c", "b"]
    assert queue.counts(engine) == {"queued": 2, "sent": 1}


def test_settling_one_email_leaves_the_others_the_worker_holds(engine):
    add(engine, "m1", message=b"a")
    add(engine, "m2", message=b"b")
    assert len(queue.claim(engine, "w", 5, 30, T0)) == 2
    assert queue.settle(engine, "m1", "w", T0, queue.SENT)
    assert (row(engine, "m2")["status"], row(engine, "m2")["message"]) == ("queued", b"b")
    assert row(engine, "m2")["lease_until"] == T0 + timedelta(seconds=30)
