"""The desk finds people although their answers are sealed: keyed hashes of the normalised name
words, e-mail and phone numbers, gone with the row's personal data; newest first, in pages."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import delete, select, update

from app import outbox
from app.outbox import search_index, submissions
from app.outbox.search_index import NAME, search_terms
from app.staff import accounts
from app.vitec.client import SEND_INTEREST_PATH as SEND
from tests.conftest import make_app, register, submit, valid_answers
from tests.test_staff import EMAIL, PASSWORD, log_in, logged_in, staff_app, token

DETAIL_LINK = re.compile(r'href="/staff/anmalan/([0-9a-f]{32})"')


# The staff tests' app (with the staff member's account) and a logged-in client.
app = pytest.fixture(staff_app, name="app")
staff = pytest.fixture(logged_in, name="staff")


def search(staff, query: str, **params) -> tuple[list[str], str, str]:
    """Search from the desk as a person would: (ids listed, the page, the URL it landed on)."""
    desk = staff.get("/staff/", query_string=params).get_data(as_text=True)
    form = {"q": query, "csrf_token": token(desk), **params}
    response = staff.post("/staff/sok", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    location = response.headers["Location"]
    page = staff.get(location).get_data(as_text=True)
    return DETAIL_LINK.findall(page), page, location


def test_the_desk_finds_a_person_by_email_phone_and_name(app, staff):
    asa = register(app, email="asa.oberg@example.se", cell_phone="070-123 45 67")
    per = register(
        app,
        first_name="Per-Olof",
        last_name="Persson",
        email="per@example.se",
        cell_phone=None,
        home_phone="0731234567",
    )

    assert search(staff, "ASA.Oberg@Example.se")[0] == [asa]
    assert search(staff, "0701234567")[0] == [asa]  # stored as typed: 070-123 45 67
    assert search(staff, "+46 70 123 45 67")[0] == [asa]
    assert search(staff, "073-123 45 67")[0] == [per]  # stored as typed: 0731234567
    assert search(staff, "öberg")[0] == [asa]
    assert search(staff, "ÖBERG åsa")[0] == [asa]
    assert search(staff, "olof")[0] == [per]  # each part of a double name is a word
    assert search(staff, "per-olof persson")[0] == [per]
    assert search(staff, "åsa persson")[0] == []  # every word must belong to one person
    ids, page, location = search(staff, "Öbe")
    assert ids == [] and "Ingen anmälan matchar sökningen." in page
    assert "Sök på hela namnet, e-postadressen eller telefonnumret" in page

    # Name and contact in the list, decrypted for display only.
    ids, page, location = search(staff, "asa.oberg@example.se")
    assert "Åsa Öberg" in page and "asa.oberg@example.se" in page and "070-123 45 67" in page
    assert 'value="asa.oberg@example.se"' in page  # the search box keeps what was typed
    # What was searched for never appears in a URL (proxies and browsers keep those).
    assert "oberg" not in location.lower() and "example" not in location

    desk = staff.get("/staff/").get_data(as_text=True)
    assert "Åsa Öberg" in desk and "Per-Olof Persson" in desk and "per@example.se" in desk


def test_a_search_keeps_the_state_filter(app, staff, sandbox):
    sandbox.fail_next(400, count=1, path=SEND)
    rejected = register(app, email="avvisad@example.se")
    app.extensions["delivery"].worker().drain()
    delivered = register(app, email="levererad@example.se")
    app.extensions["delivery"].worker().drain()
    assert search(staff, "åsa öberg")[0] == [delivered, rejected]
    ids, _, location = search(staff, "åsa öberg", status="avvisad")
    assert ids == [rejected] and "status=avvisad" in location


def test_nobody_is_found_after_erasure(app, staff):
    sid = register(app, email="asa.oberg@example.se")
    assert search(staff, "asa.oberg@example.se")[0] == [sid]
    confirm = staff.get(f"/staff/anmalan/{sid}/radera").get_data(as_text=True)
    staff.post(f"/staff/anmalan/{sid}/radera", data={"csrf_token": token(confirm)})
    for query in ("asa.oberg@example.se", "0701234567", "Åsa", "öberg"):
        assert search(staff, query)[0] == []
    with app.extensions["delivery"].engine.connect() as conn:
        assert conn.execute(select(search_terms)).all() == []


def test_nobody_is_found_after_the_retention_purge(app, staff, sandbox, runner):
    engine = app.extensions["delivery"].engine
    sandbox.fail_next(400, count=1, path=SEND)
    old_rejected = register(app, email="gammal@example.se", cell_phone="0702222222")
    app.extensions["delivery"].worker().drain()
    old_delivered = register(app, email="levererad@example.se", cell_phone="0703333333")
    kept = register(app, email="kvar@example.se", cell_phone="0704444444")
    app.extensions["delivery"].worker().drain()
    assert search(staff, "gammal@example.se")[0] == [old_rejected]
    assert search(staff, "levererad@example.se")[0] == [old_delivered]
    long_ago = datetime.now(UTC) - timedelta(days=400)
    with engine.begin() as conn:
        conn.execute(
            update(submissions).where(submissions.c.id == old_rejected).values(created_at=long_ago)
        )
        conn.execute(
            update(submissions)
            .where(submissions.c.id == old_delivered)
            .values(delivered_at=long_ago)
        )

    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output

    for query in ("gammal@example.se", "0702222222", "levererad@example.se", "0703333333"):
        assert search(staff, query)[0] == []
    assert search(staff, "kvar@example.se")[0] == [kept]
    assert search(staff, "0704444444")[0] == [kept]
    with engine.connect() as conn:
        indexed = set(conn.execute(select(search_terms.c.submission_id)).scalars())
    assert indexed == {kept}


def test_the_search_index_holds_nothing_readable(app, staff):
    typed = {
        "first_name": "Åsa-Maria",
        "last_name": "Öberg",
        "email": "asa.oberg@example.se",
        "cell_phone": "070-123 45 67",
        "home_phone": "08-765 43 21",
    }
    register(app, **typed)
    with app.extensions["delivery"].engine.connect() as conn:
        rows = conn.execute(select(search_terms)).mappings().all()
    assert len(rows) == 7  # åsa, maria, öberg, the e-mail, two phone numbers, the reference
    plain = {
        "åsa",
        "maria",
        "öberg",
        "Åsa",
        "Öberg",
        "asa.oberg@example.se",
        "070-123 45 67",
        "0701234567",
        "+46701234567",
        "46701234567",
        "701234567",
        "08-765 43 21",
        "087654321",
        "+4687654321",
    }
    unkeyed = {hashlib.sha256(value.encode()).digest() for value in plain}
    for row in rows:
        stored = b"".join(
            value if isinstance(value, bytes) else str(value).encode() for value in row.values()
        )
        for value in plain:
            assert value.encode() not in stored
            assert value.encode().hex().encode() not in stored
        assert row["digest"] not in unkeyed


def test_rows_stored_before_the_index_are_indexed_by_a_command(app, staff, runner):
    sid = register(app, email="tidig@example.se")
    with app.extensions["delivery"].engine.begin() as conn:
        conn.execute(delete(search_terms))  # as before the index existed
    assert search(staff, "tidig@example.se")[0] == []
    result = runner.invoke(args=["outbox", "reindex"])
    assert result.exit_code == 0 and "byggt för 1 anmälningar" in result.output
    assert search(staff, "tidig@example.se")[0] == [sid]
    assert search(staff, "åsa öberg")[0] == [sid]


def test_a_row_indexed_with_diacritics_is_found_without_them_after_reindexing(app, staff, runner):
    sid = register(app, first_name="Åsa", last_name="Öberg")
    services = app.extensions["delivery"]
    # As the index held names before they were folded: lower-cased, diacritics kept.
    search_index.store(services.engine, services.search_keys, sid, [(NAME, "åsa"), (NAME, "öberg")])
    assert search(staff, "Oberg")[0] == []
    assert runner.invoke(args=["outbox", "reindex"]).exit_code == 0
    assert search(staff, "Oberg")[0] == [sid]
    assert search(staff, "asa öberg")[0] == [sid]


def test_the_search_survives_a_key_rotation(sandbox, database_url):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    before = make_app(sandbox.url, database_url, OUTBOX_ENCRYPTION_KEYS=[old_key])
    sid = register(before, email="roterad@example.se")
    after = make_app(
        sandbox.url, database_url, WTF_CSRF_ENABLED=True, OUTBOX_ENCRYPTION_KEYS=[new_key, old_key]
    )
    accounts.add(after.extensions["delivery"].engine, EMAIL, PASSWORD)
    client = after.test_client()
    log_in(client)
    assert search(client, "roterad@example.se")[0] == [sid]


def test_a_correction_updates_what_the_desk_finds(app, staff, sandbox):
    sandbox.fail_next(400, count=1, path=SEND)
    sid = register(app, email="fel@example.se")
    app.extensions["delivery"].worker().drain()
    form_page = staff.get(f"/staff/anmalan/{sid}/ratta").get_data(as_text=True)
    data = {
        **valid_answers(email="ratt@example.se", last_name="Lind"),
        "csrf_token": token(form_page),
        "submission_id": sid,
        "obtain_through": "Phone",
        "watched": "Yes",
    }
    response = staff.post(f"/staff/anmalan/{sid}/ratta", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert search(staff, "fel@example.se")[0] == []
    assert search(staff, "öberg")[0] == []
    assert search(staff, "ratt@example.se")[0] == [sid]
    assert search(staff, "åsa lind")[0] == [sid]


# Paging ------------------------------------------------------------------------------------


def many_rows(app, count: int) -> list[str]:
    """`count` rows a minute apart, every tenth pair at the same moment, their ids in no
    particular order; every other one rejected. Their ids newest first, ties by id."""
    engine = app.extensions["delivery"].engine
    start = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    created = {}
    for n in range(count):
        sid = hashlib.sha256(str(n).encode()).hexdigest()[:32]
        moment = start + timedelta(minutes=n - (n % 10 == 1))
        state = "rejected" if n % 2 else "delivered"
        assert outbox.enqueue(engine, sid, outbox.Sealed(b"x"), "web", moment, status=state)
        created[sid] = (moment, sid)
    return sorted(created, key=created.get, reverse=True)


def pages(staff, first: str) -> list[list[str]]:
    """Follow the 'Nästa' links from `first` to the end: the ids on each page."""
    seen, url = [], first
    while url:
        page = staff.get(url).get_data(as_text=True)
        seen.append(DETAIL_LINK.findall(page))
        found = re.search(r'<a href="([^"]+)" rel="next">Nästa', page)
        url = found.group(1).replace("&amp;", "&") if found else None
        if len(seen) > 1:
            assert 'rel="prev">Föregående' in page
        else:
            assert "Föregående" not in page
    return seen


def test_the_desk_pages_through_every_row_newest_first(app, staff):
    newest_first = many_rows(app, 120)
    shown = pages(staff, "/staff/")
    assert [len(page) for page in shown] == [50, 50, 20]
    assert [sid for page in shown for sid in page] == newest_first  # none lost, none twice


def test_paging_keeps_the_state_filter(app, staff):
    newest_first = many_rows(app, 120)
    engine = app.extensions["delivery"].engine
    rejected = [sid for sid in newest_first if outbox.get(engine, sid)["status"] == "rejected"]
    shown = pages(staff, "/staff/?status=avvisad")
    assert [len(page) for page in shown] == [50, 10]
    assert [sid for page in shown for sid in page] == rejected


def test_search_paging_and_erasure_on_postgresql(sandbox, postgres_url):
    app = make_app(sandbox.url, postgres_url, WTF_CSRF_ENABLED=True)
    engine = app.extensions["delivery"].engine
    accounts.add(engine, EMAIL, PASSWORD)
    client = app.test_client()
    log_in(client)
    asa = register(app, email="asa.oberg@example.se")
    per = register(app, first_name="Per", last_name="Öberg", email="per@example.se")
    assert search(client, "öberg")[0] == [per, asa]
    assert search(client, "Åsa Öberg")[0] == [asa]  # both words: an INTERSECT
    assert search(client, "0701234567")[0] == [per, asa]
    client.post(
        f"/staff/anmalan/{asa}/radera",
        data={"csrf_token": token(client.get(f"/staff/anmalan/{asa}/radera").data.decode())},
    )
    assert search(client, "öberg")[0] == [per]
    newest_first = many_rows(app, 120)
    shown = pages(client, "/staff/?status=levererad")
    assert [len(page) for page in shown] == [50, 10]
    delivered = [sid for sid in newest_first if outbox.get(engine, sid)["status"] == "delivered"]
    assert [sid for page in shown for sid in page] == delivered


def test_the_desk_finds_a_registration_by_the_receipts_reference(app, staff):
    """The receipt's reference, read aloud over the phone, typed in any case."""
    for submission_id in ("a" * 32, "b" * 32):
        data = valid_answers(submission_id=submission_id)
        assert submit(app.test_client(), "/", data=data).status_code == 302
    register(app, email="bo@example.se")
    assert search(staff, "HBS-QUX")[0] == ["a" * 32]
    assert search(staff, " hbs-qux ")[0] == ["a" * 32]
    assert search(staff, "3y5 zmx")[0] == ["b" * 32]  # a digit: no name
    assert search(staff, "3Y5ZMX")[0] == ["b" * 32]
    assert search(staff, "Ann Eva")[0] == []  # six letters with a space: a name
