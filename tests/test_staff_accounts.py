"""Staff accounts and session limits below the web: the account functions on SQLite, and the
session's idle and absolute limits at their edges on a bare Flask app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from argon2 import PasswordHasher
from flask import Flask, Response, session
from sqlalchemy import select, update

from app.staff import accounts
from app.staff.tables import staff_users
from app.web.staff import session as limits

EMAIL = "anna@maklarbyran.se"
PASSWORD = "ett-långt-lösen"  # 15 characters


def stored_hash(engine) -> str:
    with engine.connect() as conn:
        return conn.execute(select(staff_users.c.password_hash)).scalar_one()


def test_an_account_is_stored_under_its_address_in_lower_case(engine):
    user = accounts.add(engine, "  Anna@Maklarbyran.SE ", PASSWORD)
    assert (user.email, user.active, user.generation) == (EMAIL, True, 0)
    assert user.get_id() == f"{user.id}:0" and user.is_active
    assert accounts.by_email(engine, "ANNA@maklarbyran.se") == user
    assert accounts.by_email(engine, "okand@maklarbyran.se") is None
    assert stored_hash(engine).startswith("$argon2id$")


@pytest.mark.parametrize("add", [accounts.add, accounts.set_password])
def test_a_password_needs_twelve_characters(engine, add):
    accounts.add(engine, EMAIL, PASSWORD)
    with pytest.raises(accounts.AccountError, match=r"^Lösenordet måste ha minst 12 tecken\.$"):
        add(engine, EMAIL, "x" * 11)
    assert add(engine, EMAIL, "x" * 12)


def test_an_account_needs_an_email_address(engine):
    with pytest.raises(accounts.AccountError, match=r"^Ange en e-postadress\.$"):
        accounts.add(engine, "anna.maklarbyran.se", PASSWORD)


def test_only_the_right_password_of_an_enabled_account_logs_in(engine):
    user = accounts.add(engine, EMAIL, PASSWORD)
    assert accounts.authenticate(engine, " ANNA@maklarbyran.se", PASSWORD) == user
    assert accounts.authenticate(engine, EMAIL, PASSWORD + "x") is None
    assert accounts.authenticate(engine, "okand@maklarbyran.se", PASSWORD) is None
    assert accounts.authenticate(engine, "okand@maklarbyran.se", "not-a-real-password") is None
    assert accounts.disable(engine, EMAIL)
    assert accounts.authenticate(engine, EMAIL, PASSWORD) is None


def test_a_password_hashed_with_older_costs_is_hashed_again_at_login(engine):
    accounts.add(engine, EMAIL, PASSWORD)
    older = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with engine.begin() as conn:
        conn.execute(update(staff_users).values(password_hash=older))
    assert accounts.authenticate(engine, EMAIL, PASSWORD) is not None
    rehashed = stored_hash(engine)
    assert rehashed != older and "m=19456,t=2,p=1" in rehashed
    PasswordHasher().verify(rehashed, PASSWORD)
    assert accounts.authenticate(engine, EMAIL, PASSWORD) is not None
    assert stored_hash(engine) == rehashed  # current costs: left as it is


def test_disabling_ends_sessions_and_enabling_again_does_not_revive_them(engine):
    user = accounts.add(engine, EMAIL, PASSWORD)
    assert accounts.by_session_id(engine, user.get_id()) == user
    assert accounts.disable(engine, " Anna@maklarbyran.se")
    assert not accounts.disable(engine, "okand@maklarbyran.se")
    disabled = accounts.by_email(engine, EMAIL)
    assert (disabled.active, disabled.generation) == (False, 1) and not disabled.is_active
    assert accounts.by_session_id(engine, f"{user.id}:1") is None  # disabled
    again = accounts.add(engine, EMAIL, "ett-nytt-lösenord")
    assert (again.active, again.generation) == (True, 2)
    assert accounts.by_session_id(engine, user.get_id()) is None
    assert accounts.by_session_id(engine, f"{user.id}:2") == again
    assert accounts.authenticate(engine, EMAIL, PASSWORD) is None
    assert accounts.authenticate(engine, EMAIL, "ett-nytt-lösenord") == again


def test_a_new_password_or_a_logout_ends_every_session(engine):
    user = accounts.add(engine, EMAIL, PASSWORD)
    assert accounts.set_password(engine, "ANNA@maklarbyran.se", "ett-nytt-lösenord")
    assert not accounts.set_password(engine, "okand@maklarbyran.se", "ett-nytt-lösenord")
    assert accounts.by_email(engine, EMAIL).generation == 1
    assert accounts.authenticate(engine, EMAIL, "ett-nytt-lösenord") is not None
    accounts.end_sessions(engine, user.id)
    assert accounts.by_email(engine, EMAIL).generation == 2
    assert accounts.by_session_id(engine, f"{user.id}:1") is None


@pytest.mark.parametrize("session_id", ["", "1", "1:", ":0", "x:0", "1:x", "1:0:0", "2:0", "-1:0"])
def test_a_session_id_that_names_no_current_account_is_nobody(engine, session_id):
    assert accounts.add(engine, EMAIL, PASSWORD).id == 1
    assert accounts.by_session_id(engine, session_id) is None


T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture
def site():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test")
    # Only what a staff session reads of the settings.
    app.extensions["settings"] = SimpleNamespace(
        staff_idle_timeout=1800.0, staff_session_max_age=7200.0
    )
    return app


@pytest.mark.parametrize(
    ("login_ago", "seen_ago", "ended"),
    [
        (0, 0, False),
        (7200, 1800, False),  # exactly at both limits
        (7200, 1801, True),
        (7201, 0, True),
        (3600, 1799, False),
    ],
)
def test_a_session_ends_past_its_idle_or_absolute_limit(site, login_ago, seen_ago, ended):
    with site.test_request_context("/"):
        limits.begin(T0 - timedelta(seconds=login_ago))
        session[limits.SEEN_AT] = (T0 - timedelta(seconds=seen_ago)).timestamp()
        assert limits.expired(T0) is ended


def test_using_a_session_starts_its_idle_time_over(site):
    with site.test_request_context("/"):
        limits.begin(T0)
        assert session[limits.LOGIN_AT] == session[limits.SEEN_AT] == T0.timestamp()
        limits.touch(T0 + timedelta(seconds=1500))
        assert session[limits.LOGIN_AT] == T0.timestamp()
        assert not limits.expired(T0 + timedelta(seconds=3000))
        assert limits.expired(T0 + timedelta(seconds=3301))


@pytest.mark.parametrize(
    "stored",
    [{}, {limits.LOGIN_AT: 1.0}, {limits.SEEN_AT: 1.0}, {limits.LOGIN_AT: "1", limits.SEEN_AT: 1}],
)
def test_a_session_from_before_the_limits_has_ended(site, stored):
    with site.test_request_context("/"):
        session.update(stored)
        assert limits.expired(datetime.fromtimestamp(1.0, UTC))


def test_whole_seconds_in_a_session_count_too(site):
    with site.test_request_context("/"):
        session.update({limits.LOGIN_AT: int(T0.timestamp()), limits.SEEN_AT: int(T0.timestamp())})
        assert not limits.expired(T0)


def test_a_staff_page_is_never_stored():
    sent = limits.no_store(Response("x")).headers.to_wsgi_list()
    assert ("Cache-Control", "no-store") in sent
