"""Staff sessions the server can end: a cookie copied before a logout, a password change or a
disable and re-enable opens nothing afterwards; idle and absolute limits on an injected clock;
staff pages are never stored by a browser or a proxy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.staff import accounts
from tests.conftest import hidden_fields, make_app

EMAIL = "maja@maklarbyran.se"
PASSWORD = "ett-långt-lösenord-55"
NEW_PASSWORD = "ett-helt-nytt-lösen-66"


class Clock:
    """The app's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(sandbox, database_url, clock):
    app = make_app(sandbox.url, database_url, WTF_CSRF_ENABLED=True, CLOCK=clock)
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    return app


def log_in(client, password: str = PASSWORD):
    page = client.get("/staff/login").get_data(as_text=True)
    data = {"email": EMAIL, "password": password, **hidden_fields(page)}
    return client.post("/staff/login", data=data)


def copy_of_session(app, client):
    """A second browser-less client holding a copy of `client`'s session cookie."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def is_login_page(response, client) -> bool:
    """The request was sent to the login page (followed once, to see what is shown)."""
    if response.status_code != 302 or not response.headers["Location"].startswith("/staff/login"):
        return False
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return 'name="password"' in page and "Logga in" in page


def test_a_session_copied_before_logout_gets_the_login_page_after_it(app):
    browser = app.test_client()
    assert log_in(browser).status_code == 302
    copy = copy_of_session(app, browser)
    assert copy.get("/staff/").status_code == 200  # the copy works while the session lives
    desk = browser.get("/staff/").get_data(as_text=True)
    assert browser.post("/staff/logout", data=hidden_fields(desk)).status_code == 302
    assert is_login_page(copy.get("/staff/"), copy)
    assert is_login_page(browser.get("/staff/"), browser)


def test_a_password_change_ends_every_earlier_session(app):
    browser = app.test_client()
    log_in(browser)
    copy = copy_of_session(app, browser)
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["staff", "passwd", EMAIL], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert NEW_PASSWORD not in result.output
    assert is_login_page(copy.get("/staff/"), copy)
    assert is_login_page(browser.get("/staff/"), browser)
    assert log_in(app.test_client()).status_code == 422  # the old password is gone
    assert log_in(browser, NEW_PASSWORD).status_code == 302
    assert browser.get("/staff/").status_code == 200


def test_staff_passwd_prompts_twice_and_refuses_what_it_should(app):
    runner = app.test_cli_runner()
    mismatch = runner.invoke(
        args=["staff", "passwd", EMAIL], input=f"{NEW_PASSWORD}\nannat-lösenord-99\n"
    )
    assert mismatch.exit_code != 0
    short = runner.invoke(args=["staff", "passwd", EMAIL], input="kort\nkort\n")
    assert short.exit_code != 0 and "minst 12 tecken" in short.output
    unknown = runner.invoke(
        args=["staff", "passwd", "ingen@maklarbyran.se"], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    )
    assert unknown.exit_code != 0 and "Hittade inget konto" in unknown.output
    assert log_in(app.test_client()).status_code == 302  # nothing was changed
    # The password is never an argument: a second argument is refused.
    assert runner.invoke(args=["staff", "passwd", EMAIL, NEW_PASSWORD]).exit_code != 0


def test_disable_and_enable_do_not_revive_old_sessions(app):
    browser = app.test_client()
    log_in(browser)
    copy = copy_of_session(app, browser)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["staff", "disable", EMAIL]).exit_code == 0
    again = runner.invoke(args=["staff", "add", EMAIL], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert again.exit_code == 0, again.output
    assert is_login_page(copy.get("/staff/"), copy)
    assert is_login_page(browser.get("/staff/"), browser)


def test_an_idle_session_ends_after_the_idle_limit(app, clock):
    browser = app.test_client()
    log_in(browser)
    for _ in range(3):  # in use: each request starts the idle time over
        clock.advance(minutes=29)
        assert browser.get("/staff/").status_code == 200
    copy = copy_of_session(app, browser)
    clock.advance(minutes=30, seconds=1)
    response = browser.get("/staff/")
    assert is_login_page(response, browser)
    assert is_login_page(copy.get("/staff/"), copy)


def test_a_session_ends_after_the_absolute_limit_even_in_use(app, clock):
    browser = app.test_client()
    log_in(browser)
    for _ in range(12 * 4 - 1):
        clock.advance(minutes=15)
        assert browser.get("/staff/").status_code == 200
    clock.advance(minutes=15, seconds=1)
    assert is_login_page(browser.get("/staff/"), browser)
    assert log_in(browser).status_code == 302  # a new login starts a new session
    assert browser.get("/staff/").status_code == 200


@pytest.mark.parametrize("path", ["/staff/statistik", "/staff/statistik/efterfragan.csv"])
def test_the_statistics_end_with_the_session_too(app, clock, path):
    browser = app.test_client()
    log_in(browser)
    assert browser.get(path).status_code == 200
    clock.advance(minutes=31)
    assert is_login_page(browser.get(path), browser)


def test_the_limits_are_configurable(sandbox, database_url, clock):
    app = make_app(
        sandbox.url, database_url, CLOCK=clock, STAFF_IDLE_TIMEOUT=60.0, STAFF_SESSION_MAX_AGE=300.0
    )
    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    browser = app.test_client()
    log_in(browser)
    clock.advance(seconds=59)
    assert browser.get("/staff/").status_code == 200
    clock.advance(seconds=61)
    assert is_login_page(browser.get("/staff/"), browser)
    log_in(browser)
    for _ in range(4):
        clock.advance(seconds=59)
        assert browser.get("/staff/").status_code == 200
    clock.advance(seconds=65)
    assert is_login_page(browser.get("/staff/"), browser)


def test_no_staff_page_is_stored_by_a_browser_or_proxy(app):
    anonymous = app.test_client()
    assert anonymous.get("/staff/login").headers["Cache-Control"] == "no-store"
    assert anonymous.get("/staff/").headers["Cache-Control"] == "no-store"
    browser = app.test_client()
    log_in(browser)
    for path in (
        "/staff/",
        "/staff/ny",
        "/staff/logg",
        "/staff/anmalan/" + "0" * 32,
        "/staff/statistik",
        "/staff/statistik/efterfragan.csv",
    ):
        assert browser.get(path).headers["Cache-Control"] == "no-store", path
    assert "no-store" not in app.test_client().get("/").headers.get("Cache-Control", "")
