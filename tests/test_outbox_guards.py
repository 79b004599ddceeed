"""Each guard in the outbox's SQL, handed a row it must refuse: an erased row, one kept as spam,
one purged, a claim that is no longer the latest. The functions are called directly, on SQLite
(the conditions are plain SQL, the same on PostgreSQL; tests/test_outbox.py runs on both)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from app import outbox
from app.mail import queue as mailqueue
from app.outbox.retention import apply_retention
from app.outbox.search_index import search_terms

T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
ID = "a" * 32
LATER = T0 + timedelta(minutes=5)


def stored(engine, status: str = "queued") -> None:
    """One row with payload and answers, in this state."""
    whole = outbox.Sealed(b"p1", b"a1", "{}", "v1", T0, "M1")
    assert outbox.enqueue(engine, ID, whole, "web", T0, status=status)


def rejected(engine) -> None:
    """One row Vitec refused with a 400."""
    stored(engine)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    assert outbox.mark_failed(engine, row, "w", T0, "rejected", "Vitec svarade 400.", 400)


CORRECTED = outbox.Sealed(b"p2", b"a2", '{"x": 1}', "v2", LATER, "M2")


def test_a_staff_correction_never_brings_an_erased_row_back(engine):
    rejected(engine)
    assert outbox.erase(engine, ID, T0)
    ran = []
    assert not outbox.replace_payload(engine, ID, b"p2", b"a2", LATER, also=ran.append)
    row = outbox.get(engine, ID)
    assert (row["payload"], row["answers"], row["status"]) == (None, None, "rejected")
    assert ran == []
    assert outbox.claim(engine, "w", 5, 10, LATER + timedelta(days=1)) == []


def test_a_staff_correction_of_a_delivered_row_is_refused(engine):
    stored(engine)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    assert outbox.mark_delivered(engine, row, "w", T0, 204)
    assert not outbox.replace_payload(engine, ID, b"p2", b"a2", LATER)
    assert outbox.get(engine, ID)["payload"] == b"p1"


def index_beside(conn) -> None:
    """Work done in the same transaction as a change (as the desk's search index is)."""
    conn.execute(insert(search_terms), {"submission_id": ID, "digest": b"d" * 32})


def test_a_staff_correction_of_a_rejected_row_queues_it_again(engine):
    rejected(engine)
    assert outbox.enqueue(engine, "b" * 32, outbox.Sealed(b"other"), "web", T0, status="spam")
    assert outbox.get(engine, ID)["version"] == 2  # claimed, then refused
    assert outbox.replace_payload(engine, ID, b"p2", b"a2", LATER, also=index_beside)
    row = outbox.get(engine, ID)
    assert (row["payload"], row["answers"], row["status"]) == (b"p2", b"a2", "retrying")
    assert (row["next_attempt_at"], row["updated_at"]) == (LATER, LATER)
    assert row["version"] == 3
    assert indexed_terms(engine) == [ID]
    other = outbox.get(engine, "b" * 32)
    assert (other["payload"], other["status"]) == (b"other", "spam")


def test_a_repeated_post_never_replaces_a_row_kept_as_spam(engine):
    stored(engine, status="spam")
    ran = []
    assert not outbox.store_correction(engine, ID, CORRECTED, LATER, also=ran.append)
    row = outbox.get(engine, ID)
    assert (row["payload"], row["answers"], row["status"]) == (b"p1", b"a1", "spam")
    assert ran == []


def test_a_repeated_post_never_replaces_an_erased_row(engine):
    stored(engine)
    assert outbox.erase(engine, ID, T0)
    assert not outbox.store_correction(engine, ID, CORRECTED, LATER)
    row = outbox.get(engine, ID)
    assert (row["payload"], row["answers"], row["status"]) == (None, None, "dead")


def test_a_repeated_post_of_a_refused_row_queues_the_new_answers_now(engine):
    rejected(engine)
    assert outbox.enqueue(engine, "b" * 32, outbox.Sealed(b"other"), "web", T0)
    assert outbox.store_correction(engine, ID, CORRECTED, LATER, also=index_beside)
    row = outbox.get(engine, ID)
    assert (row["payload"], row["status"], row["office"]) == (b"p2", "queued", "M2")
    assert (row["next_attempt_at"], row["updated_at"], row["version"]) == (LATER, LATER, 3)
    assert indexed_terms(engine) == [ID]
    assert outbox.get(engine, "b" * 32)["payload"] == b"other"


def test_a_correction_must_replace_every_part():
    with pytest.raises(ValueError, match=r"^a correction replaces the whole registration: every"):
        outbox.store_correction(None, ID, outbox.Sealed(b"p2", b"a2"), LATER)


def test_purge_leaves_a_row_corrected_after_delivery(engine):
    stored(engine)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    assert outbox.mark_delivered(engine, row, "w", T0, 204)
    assert outbox.store_correction(engine, ID, CORRECTED, T0 + timedelta(seconds=1))
    index(engine, ID)
    assert outbox.purge_delivered(engine, LATER, LATER) == 0
    assert outbox.get(engine, ID)["payload"] == b"p2"
    assert indexed(engine) == {ID: (1, "queued")}  # still found at the desk


def test_a_repeated_post_of_a_row_not_yet_sent_keeps_its_state_and_time(engine):
    stored(engine)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    later = T0 + timedelta(minutes=2)
    assert outbox.mark_failed(engine, row, "w", T0, "retrying", "503", 503, later)
    assert outbox.store_correction(engine, ID, CORRECTED, LATER)
    row = outbox.get(engine, ID)
    assert (row["payload"], row["status"], row["next_attempt_at"]) == (b"p2", "retrying", later)


def test_a_claim_raises_the_version_it_holds(engine):
    stored(engine)
    assert outbox.get(engine, ID)["version"] == 0
    (row,) = outbox.claim(engine, "w1", 1, 10, T0)
    assert row.version == 1
    assert outbox.get(engine, ID)["version"] == 1


def test_an_earlier_claim_cannot_record_after_the_row_was_claimed_again(engine):
    stored(engine)
    (first,) = outbox.claim(engine, "w1", 1, 10, T0)
    # The lease ran out while the first send hung; the same worker claims the row again.
    (second,) = outbox.claim(engine, "w1", 1, 10, T0 + timedelta(seconds=11))
    assert not outbox.mark_delivered(engine, first, "w1", T0 + timedelta(seconds=12), 204)
    assert outbox.get(engine, ID)["status"] == "queued"
    assert outbox.mark_delivered(engine, second, "w1", T0 + timedelta(seconds=12), 204)


def test_retry_never_queues_an_erased_row_again(engine):
    rejected(engine)
    assert outbox.erase(engine, ID, T0)
    assert outbox.retry(engine, LATER, ID) == 0
    assert outbox.retry(engine, LATER) == 0  # every rejected row
    assert outbox.get(engine, ID)["status"] == "rejected"
    assert outbox.claim(engine, "w", 5, 10, LATER) == []


def test_retry_queues_a_dead_row_with_its_payload(engine):
    stored(engine)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    assert outbox.mark_failed(engine, row, "w", T0, "dead", "Gav upp.", None)
    assert outbox.retry(engine, LATER) == 0  # only rejected rows without an id
    assert outbox.retry(engine, LATER, ID) == 1
    row = outbox.get(engine, ID)
    assert (row["status"], row["next_attempt_at"], row["updated_at"]) == ("retrying", LATER, LATER)


def test_vitecs_last_words_are_kept_to_1000_characters(engine):
    stored(engine)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    error = "å" * 999 + "xyz"
    assert outbox.mark_failed(engine, row, "w", T0, "rejected", error, 400)
    row = outbox.get(engine, ID)
    assert row["last_error"] == "å" * 999 + "x"
    assert (row["last_status"], row["attempts"], row["status"]) == (400, 1, "rejected")


def test_retention_purges_and_erases_only_what_is_past_its_days(engine):
    now = T0 + timedelta(days=40)
    sealed = outbox.Sealed(b"p", b"a")
    # id -> (created, delivered or None): a day either side of 7 and 30 days, and exactly at 7.
    rows = {
        "1" * 32: (now - timedelta(days=9), now - timedelta(days=8)),
        "2" * 32: (now - timedelta(days=9), now - timedelta(days=6)),
        "3" * 32: (now - timedelta(days=9), now - timedelta(days=7)),
        "4" * 32: (now - timedelta(days=31), None),
        "5" * 32: (now - timedelta(days=29), None),
    }
    for submission_id, (created, delivered) in rows.items():
        assert outbox.enqueue(engine, submission_id, sealed, "web", created)
        if delivered:
            (row,) = outbox.claim(engine, "w", 1, 10, delivered)
            assert outbox.mark_delivered(engine, row, "w", delivered, 204)
    assert apply_retention(engine, 7, 30, now) == (1, 1)
    kept = {i: (r["payload"], r["erased_at"]) for i in rows if (r := outbox.get(engine, i))}
    assert kept == {
        "1" * 32: (None, None),
        "2" * 32: (b"p", None),
        "3" * 32: (b"p", None),
        "4" * 32: (None, now),
        "5" * 32: (b"p", None),
    }
    assert apply_retention(engine, 7, 30, now) == (0, 0)


def test_a_lease_holds_up_to_its_last_moment(engine):
    stored(engine)
    assert len(outbox.claim(engine, "w1", 1, 10, T0)) == 1
    assert outbox.claim(engine, "w2", 1, 10, T0 + timedelta(seconds=10)) == []
    (again,) = outbox.claim(engine, "w2", 1, 10, T0 + timedelta(seconds=10, microseconds=1))
    assert (again.id, again.version) == (ID, 2)
    held = outbox.get(engine, ID)
    assert held["leased_by"] == "w2"
    assert held["lease_until"] == T0 + timedelta(seconds=20, microseconds=1)


def test_a_claim_takes_the_longest_due_first_and_no_more_than_asked(engine):
    sealed = outbox.Sealed(b"p")
    for n, minutes in ((1, 3), (2, 1), (3, 2), (4, 9)):
        assert outbox.enqueue(engine, f"{n:032x}", sealed, "web", T0 + timedelta(minutes=minutes))
    now = T0 + timedelta(minutes=5)
    assert [r.id for r in outbox.claim(engine, "w", 2, 10, now)] == [f"{2:032x}", f"{3:032x}"]
    assert [r.id for r in outbox.claim(engine, "w", 5, 10, now)] == [f"{1:032x}"]
    assert outbox.claim(engine, "w", 5, 10, now) == []


def test_a_claimed_row_carries_what_the_worker_needs(engine):
    whole = outbox.Sealed(b"p1", b"a1", "{}", "v1", T0, "M1")
    assert outbox.enqueue(engine, ID, whole, "web", T0)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    assert row == outbox.Claimed(ID, b"p1", 0, T0, "M1", version=1)
    held = outbox.get(engine, ID)
    assert (held["updated_at"], held["status"]) == (T0, "queued")


def test_spam_and_settled_rows_are_never_claimed(engine):
    stored(engine, status="spam")
    assert outbox.claim(engine, "w", 5, 10, T0 + timedelta(days=1)) == []


def index(engine, *submission_ids: str) -> None:
    """A search term and an unsent receipt for each registration."""
    with engine.begin() as conn:
        for n, submission_id in enumerate(submission_ids):
            conn.execute(
                insert(search_terms), {"submission_id": submission_id, "digest": bytes([n]) * 32}
            )
            mailqueue.add(
                conn, f"m{n}", mailqueue.RECEIPT, f"<m{n}@x>", T0, submission_id=submission_id
            )


def indexed(engine) -> dict[str, tuple[int, str]]:
    """Per registration: its search terms, and its receipt's state."""
    with engine.connect() as conn:
        terms = conn.execute(select(search_terms.c.submission_id)).scalars().all()
    mails = {r["submission_id"]: r["status"] for r in mailqueue.rows(engine)}
    return {s: (terms.count(s), status) for s, status in mails.items()}


def wal_bytes(engine) -> int:
    path = Path(engine.url.database + "-wal")
    return path.stat().st_size if path.exists() else 0


def test_purge_forgets_only_delivered_rows_past_the_cut_off(engine):
    old, new, refused = "1" * 32, "2" * 32, "3" * 32
    for submission_id, at, outcome in (
        (old, T0, "delivered"),
        (new, T0 + timedelta(days=2), "delivered"),
        (refused, T0, "rejected"),
    ):
        assert outbox.enqueue(engine, submission_id, outbox.Sealed(b"p", b"a"), "web", at)
        (row,) = outbox.claim(engine, "w", 1, 10, at)
        if outcome == "delivered":
            assert outbox.mark_delivered(engine, row, "w", at, 204)
        else:
            assert outbox.mark_failed(engine, row, "w", at, "rejected", "400", 400)
    index(engine, old, new, refused)
    version = outbox.get(engine, old)["version"]
    assert outbox.purge_delivered(engine, T0, LATER) == 0  # delivered at the cut-off: kept
    assert indexed(engine)[old] == (1, "queued")
    assert outbox.purge_delivered(engine, T0 + timedelta(days=1), LATER) == 1
    purged = outbox.get(engine, old)
    assert (purged["payload"], purged["answers"], purged["last_error"]) == (None, None, None)
    assert (purged["status"], purged["updated_at"], purged["version"]) == (
        "delivered",
        LATER,
        version + 1,
    )
    assert outbox.get(engine, new)["payload"] == b"p"
    assert outbox.get(engine, refused)["payload"] == b"p"
    assert indexed(engine) == {old: (0, "queued"), new: (1, "queued"), refused: (1, "queued")}
    assert wal_bytes(engine) == 0
    assert outbox.purge_delivered(engine, T0 + timedelta(days=1), LATER) == 0
    assert outbox.get(engine, old)["version"] == version + 1


def test_an_erase_takes_everything_personal_at_once_and_for_good(engine):
    stored(engine)
    other = "b" * 32
    assert outbox.enqueue(engine, other, outbox.Sealed(b"p"), "web", T0)
    index(engine, ID, other)
    assert outbox.erase(engine, ID, LATER)
    row = outbox.get(engine, ID)
    assert (row["payload"], row["answers"], row["status"]) == (None, None, "dead")
    assert row["last_error"] == "Raderad på begäran innan leverans."
    assert (row["erased_at"], row["updated_at"], row["version"]) == (LATER, LATER, 1)
    assert indexed(engine) == {ID: (0, "dropped"), other: (1, "queued")}
    assert outbox.get(engine, other)["payload"] == b"p"
    assert wal_bytes(engine) == 0
    # Asked again: it is there, erased once (the first time stays the time of the erase).
    assert outbox.erase(engine, ID, LATER + timedelta(days=1))
    assert outbox.get(engine, ID)["erased_at"] == LATER
    assert not outbox.erase(engine, "c" * 32, LATER)


def test_an_erased_delivered_row_stays_delivered_without_vitecs_words(engine):
    stored(engine)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    assert outbox.mark_failed(engine, row, "w", T0, "rejected", "Vitec: Åsa Öberg finns redan", 400)
    assert outbox.erase(engine, ID, LATER)
    row = outbox.get(engine, ID)
    assert (row["status"], row["last_error"], row["payload"]) == ("rejected", None, None)


def test_retention_erases_rows_created_before_the_cut_off_only(engine):
    old, edge = "1" * 32, "2" * 32
    assert outbox.enqueue(engine, old, outbox.Sealed(b"p", b"a"), "web", T0 - timedelta(seconds=1))
    assert outbox.enqueue(engine, edge, outbox.Sealed(b"p", b"a"), "web", T0)
    index(engine, old, edge)
    assert outbox.erase_older_than(engine, T0, LATER) == 1
    row = outbox.get(engine, old)
    assert (row["payload"], row["status"], row["erased_at"]) == (None, "dead", LATER)
    assert row["last_error"] == "Raderad på begäran innan leverans."
    assert outbox.get(engine, edge)["erased_at"] is None
    assert indexed(engine) == {old: (0, "dropped"), edge: (1, "queued")}
    assert wal_bytes(engine) == 0
    assert outbox.erase_older_than(engine, T0, LATER) == 0


def test_a_claim_takes_the_longest_due_first_whatever_its_state(engine):
    assert outbox.enqueue(engine, "1" * 32, outbox.Sealed(b"p"), "web", T0 + timedelta(minutes=3))
    retrying = outbox.Sealed(b"p")
    assert outbox.enqueue(
        engine, "2" * 32, retrying, "web", T0 + timedelta(minutes=1), status="retrying"
    )
    assert [r.id for r in outbox.claim(engine, "w", 1, 10, LATER)] == ["2" * 32]


def test_a_stored_registration_keeps_who_entered_it_and_what_ran_beside_it(engine):
    def beside(conn):
        conn.execute(insert(search_terms), {"submission_id": ID, "digest": b"d" * 32})

    whole = outbox.Sealed(b"p1", b"a1", "{}", "v1", T0, "M1")
    assert outbox.enqueue(
        engine, ID, whole, "staff", T0, entered_by="anna@maklarbyran.se", also=beside
    )
    row = outbox.get(engine, ID)
    assert (row["entered_by"], row["channel"], row["attempts"]) == (
        "anna@maklarbyran.se",
        "staff",
        0,
    )
    assert indexed_terms(engine) == [ID]
    # The same id again (a double post): nothing stored, and what ran beside it is undone.
    assert not outbox.enqueue(engine, ID, whole, "web", T0, also=beside)
    assert indexed_terms(engine) == [ID]


def indexed_terms(engine) -> list[str]:
    with engine.connect() as conn:
        return conn.execute(select(search_terms.c.submission_id)).scalars().all()


def test_a_delivery_records_its_answer_time_and_version(engine):
    stored(engine)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    later = T0 + timedelta(seconds=2)
    assert outbox.mark_failed(engine, row, "w", T0, "retrying", "Vitec svarade 503.", 503, later)
    (row,) = outbox.claim(engine, "w", 1, 10, later)
    assert row.version == 3
    done = later + timedelta(seconds=3)
    assert outbox.mark_delivered(engine, row, "w", done, 201)
    stored_row = outbox.get(engine, ID)
    assert (stored_row["status"], stored_row["last_status"], stored_row["last_error"]) == (
        "delivered",
        201,
        None,
    )
    assert (stored_row["delivered_at"], stored_row["updated_at"]) == (done, done)
    assert (stored_row["version"], stored_row["attempts"], stored_row["lease_until"]) == (
        4,
        2,
        None,
    )


def test_a_worker_cannot_settle_a_row_another_worker_holds(engine):
    stored(engine)
    (row,) = outbox.claim(engine, "w1", 1, 10, T0)
    assert not outbox.mark_delivered(engine, row, "w2", T0, 204)
    assert not outbox.mark_failed(engine, row, "w2", T0, "rejected", "400", 400)
    held = outbox.get(engine, ID)
    assert (held["status"], held["leased_by"]) == ("queued", "w1")
    assert held["lease_until"] == T0 + timedelta(seconds=10)


def test_settling_one_row_leaves_the_others_the_worker_holds(engine):
    for n in (1, 2):
        assert outbox.enqueue(engine, f"{n:032x}", outbox.Sealed(b"p"), "web", T0)
    first, second = outbox.claim(engine, "w", 2, 10, T0)
    assert first.version == second.version == 1
    assert outbox.mark_delivered(engine, first, "w", T0, 204)
    other = outbox.get(engine, second.id)
    assert (other["status"], other["lease_until"]) == ("queued", T0 + timedelta(seconds=10))


def test_a_row_corrected_in_flight_has_its_lease_let_go_and_only_its_own(engine):
    for n in (1, 2):
        assert outbox.enqueue(engine, f"{n:032x}", outbox.Sealed(b"p"), "web", T0)
    first, second = outbox.claim(engine, "w", 2, 10, T0)
    assert outbox.enqueue(engine, "3" * 32, outbox.Sealed(b"p"), "web", T0)
    (third,) = outbox.claim(engine, "v", 1, 10, T0)
    assert outbox.store_correction(engine, first.id, CORRECTED, T0)
    assert not outbox.mark_delivered(engine, first, "w", T0, 204)
    corrected = outbox.get(engine, first.id)
    assert (corrected["status"], corrected["lease_until"], corrected["payload"]) == (
        "queued",
        None,
        b"p2",
    )
    assert outbox.get(engine, second.id)["lease_until"] == T0 + timedelta(seconds=10)
    assert outbox.get(engine, third.id)["lease_until"] == T0 + timedelta(seconds=10)


def test_retry_never_sends_a_delivered_row_again(engine):
    stored(engine)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    assert outbox.mark_delivered(engine, row, "w", T0, 204)
    assert outbox.retry(engine, LATER, ID) == 0
    assert outbox.get(engine, ID)["status"] == "delivered"


def test_purge_takes_the_record_of_what_was_counted_with_the_answers(engine):
    counted = outbox.Sealed(b"p", b"a", counted=b"what-it-added")
    assert outbox.enqueue(engine, ID, counted, "web", T0)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    assert outbox.mark_delivered(engine, row, "w", T0, 204)
    assert outbox.get(engine, ID)["counted"] == b"what-it-added"
    assert outbox.purge_delivered(engine, T0 + timedelta(days=1), LATER) == 1
    assert outbox.get(engine, ID)["counted"] is None


def test_a_staff_correction_keeps_what_its_final_answers_counted(engine):
    rejected(engine)
    assert outbox.replace_payload(engine, ID, b"p2", b"a2", LATER, sealed_counted=b"final")
    assert outbox.get(engine, ID)["counted"] == b"final"


def delivered(engine) -> None:
    """One row Vitec took."""
    stored(engine)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    assert outbox.mark_delivered(engine, row, "w", T0, 204)


def test_a_staff_form_sent_again_never_replaces_a_delivered_row(engine):
    delivered(engine)
    assert not outbox.store_correction(engine, ID, CORRECTED, LATER, correctable_only=True)
    row = outbox.get(engine, ID)
    assert (row["payload"], row["status"]) == (b"p1", "delivered")
    # The person's own repeated post may still correct it: it is sent again.
    assert outbox.store_correction(engine, ID, CORRECTED, LATER)
    assert outbox.get(engine, ID)["payload"] == b"p2"


def test_a_staff_form_sent_again_corrects_a_refused_row(engine):
    rejected(engine)
    assert outbox.store_correction(engine, ID, CORRECTED, LATER, correctable_only=True)
    row = outbox.get(engine, ID)
    assert (row["payload"], row["status"]) == (b"p2", "queued")


def test_a_sealed_refusal_is_kept_whole_however_long(engine):
    from app.outbox.errors import SEALED

    stored(engine)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    sealed = SEALED + "x" * 1500  # a refusal with many field errors, sealed: cut, it opens no more
    assert outbox.mark_failed(engine, row, "w", T0, "rejected", sealed, 400)
    assert outbox.get(engine, ID)["last_error"] == sealed


def test_a_claim_says_which_call_a_row_is_for(engine):
    home = outbox.Sealed(b"p", b"a", kind="estate", estate_id="OBJ-1", estate_title="Gatan 1")
    assert outbox.enqueue(engine, ID, home, "web", T0)
    (row,) = outbox.claim(engine, "w", 1, 10, T0)
    assert row.kind == "estate"
