"""Fixtures: a loopback Vitec sandbox, a fresh app bound to it, and form helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape as html_unescape

import pytest
import requests

from app import create_app
from app.core import migrate
from app.core.db import database_url as db_url
from app.core.db import make_engine
from app.staff import accounts
from app.web.security import FormTokens
from sandbox import SandboxServer, SandboxState, create_sandbox_app

SANDBOX_USER = "intresse-test"
SANDBOX_PASSWORD = "hemligt-test-lösen-8841"
CUSTOMER_ID = "M99999"


@dataclass
class Sandbox:
    url: str
    state: SandboxState
    server: SandboxServer

    def received(self) -> list[dict]:
        """What the sandbox accepted, read over HTTP like a demo would."""
        return requests.get(self.url + "/_sandbox/received", timeout=5).json()

    def fail_next(
        self, status: int | None, count: int = 1, retry_after: float | None = None, **extra
    ) -> None:
        """Make the sandbox answer the next `count` calls with `status` (or delay them)."""
        body = {"status": status, "count": count, "retry_after": retry_after, **extra}
        requests.post(self.url + "/_sandbox/faults", json=body, timeout=5).raise_for_status()


@pytest.fixture
def sandbox():
    state = SandboxState({CUSTOMER_ID: (SANDBOX_USER, SANDBOX_PASSWORD)})
    server = SandboxServer(create_sandbox_app(state))
    url = server.start()
    yield Sandbox(url, state, server)
    server.stop()


def app_config(vitec_url: str, database_url: str | None = None, **overrides) -> dict:
    config = {
        "DATABASE_URL": database_url,
        "TESTING": True,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret-key",
        "VITEC_BASE_URL": vitec_url,
        "VITEC_USERNAME": SANDBOX_USER,
        "VITEC_PASSWORD": SANDBOX_PASSWORD,
        "VITEC_CUSTOMER_ID": CUSTOMER_ID,
        "VITEC_USER_ID": "HAN001",
        "VITEC_CATEGORY_IDS": ["KAT-1"],
        "VITEC_READ_TIMEOUT": 2.0,
        "AREAS_FILE": None,
        "DELIVERY_RATE": 0,
        "DELIVERY_BACKOFF_BASE": 0.01,
        "DELIVERY_BACKOFF_CAP": 0.05,
        "DELIVERY_LEASE_SECONDS": 30,
        "DELIVERY_IN_PROCESS": False,
        "FORM_MIN_SECONDS": 0,  # the time trap has tests of its own
        "FORM_RATE_LIMIT": "10000 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    config.update(overrides)
    return config


def make_app(vitec_url: str, database_url: str, **overrides):
    """A fresh app on a migrated database."""
    app = create_app(app_config(vitec_url, database_url, **overrides))
    migrate.upgrade(app.extensions["delivery"].engine)
    return app


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'outbox.db'}"


@pytest.fixture
def engine(database_url, tmp_path):
    """A migrated SQLite database of the test's own, without an app."""
    engine = make_engine(db_url(database_url, str(tmp_path)))
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def app(sandbox, database_url):
    return make_app(sandbox.url, database_url)


@pytest.fixture
def staff(app):
    """A client of `app` logged in as a staff member whose account this makes."""
    from tests.test_staff import EMAIL, PASSWORD, logged_in  # that module imports this one

    accounts.add(app.extensions["delivery"].engine, EMAIL, PASSWORD)
    return logged_in(app)


@pytest.fixture
def deliver(app):
    """Run this app's delivery worker until nothing is due."""
    return app.extensions["delivery"].worker().drain


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def valid_answers(**overrides) -> dict:
    """Form data a careful buyer would post."""
    data = {
        "first_name": "Åsa",
        "last_name": "Öberg",
        "email": "asa.oberg@example.se",
        "cell_phone": "070-123 45 67",
        "areas": ["OMR-SOD", "OMR-RAS"],
        "housing_types": ["housingCooperative", "rowHouse"],
        "price_min": "2 500 000",
        "price_max": "4 000 000",
        "rooms_min": "2",
        "rooms_max": "3,5",
        "consent": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')


def hidden_fields(html: str) -> dict[str, str]:
    """Every hidden input of a page, name -> value."""
    fields = {}
    for tag in HIDDEN.findall(html):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = html_unescape(value.group(1)) if value else ""
    return fields


def form_token_for(app, submission_id: str, age_seconds: float = 0.0) -> str:
    """A genuine form token for this submission id, as if rendered `age_seconds` ago."""
    now = app.extensions["delivery"].clock()
    rendered_ms = int((now.timestamp() - age_seconds) * 1000)
    return FormTokens(app.config["SECRET_KEY"]).issue(submission_id, rendered_ms)


def thanks_address(location: str) -> str:
    """A thank-you page's address without its signed summary reference (?ref=)."""
    return re.sub(r"[?&]ref=[^&]*$", "", location)


def submit(client, path: str = "/", data: dict | None = None, **kwargs):
    """Post a buyer's form as a browser would: with the hidden fields of a freshly rendered
    page (or, when `data` names a submission id, a genuine token for that id)."""
    data = dict(data or {})
    if "submission_id" in data:
        fields = {"form_token": form_token_for(client.application, data["submission_id"])}
    else:
        fields = hidden_fields(client.get(path).get_data(as_text=True))
    return client.post(path, data={**fields, **data}, **kwargs)


def register(app, **answers) -> str:
    """A buyer's registration through the public form (valid answers, with these changes);
    its submission id."""
    client = app.test_client()
    fields = hidden_fields(client.get("/").get_data(as_text=True))
    response = client.post("/", data={**valid_answers(**answers), **fields})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return fields["submission_id"]


# PostgreSQL and Redis: the session's own servers, started when a test first asks for them.
pytest_plugins = ["tests.services", "tests.mailtests", "tests.browser"]


@pytest.fixture
def postgres_url(postgres_server_url):
    """The PostgreSQL test database, migrated and emptied for this test."""
    from sqlalchemy import text

    from app.core.db import database_url, make_engine

    engine = make_engine(database_url(postgres_server_url, "/nonexistent"))
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE submissions"))
    engine.dispose()
    return postgres_server_url
